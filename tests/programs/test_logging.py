"""Session logs and check-ins through the services: idempotent, dated, owned."""

from datetime import timedelta

import pytest

from programs import services
from programs.models import CheckIn, ExerciseLog, ProgressionDecision
from tests.dates import START
from tests.factories import ProgramFactory
from tests.programs.helpers import check_in, entries_for, log_session, session_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(client_user):
    return ProgramFactory(client=client_user, start_date=START)


def test_a_strength_day_logs_every_exercise(program):
    result = log_session(program, START)
    assert len(result.logs) == 6
    log = ExerciseLog.objects.get(program_exercise__code="banded_clamshell")
    assert (log.level, log.prescribed_sets, log.prescribed_reps) == (2, 3, 12)


def test_a_daily_only_day_logs_the_daily_exercises(program):
    result = log_session(program, START + timedelta(days=1))  # Tuesday
    assert sorted(log.program_exercise.code for log in result.logs) == [
        "half_kneeling_hip_flexor_stretch",
        "short_foot",
    ]


def test_strength_exercise_on_a_rest_day_is_refused(program):
    tuesday = START + timedelta(days=1)
    with pytest.raises(services.ProgramError, match="not part of this session"):
        services.session_log_record(
            client=program.client,
            session=session_on(program, tuesday),
            entries=[
                {
                    "code": "banded_clamshell",
                    "sets_done": 3,
                    "reps_done": 12,
                    "pain_during": 1,
                    "difficulty": "easy",
                }
            ],
            today=tuesday,
        )


def test_the_same_submission_twice_stores_one_log_and_one_decision(program):
    first = log_session(program, START, pain_during=2)
    second = log_session(program, START, pain_during=3)
    assert ExerciseLog.objects.count() == 6
    assert ProgressionDecision.objects.count() == 6
    assert {log.pk for log in first.logs} == {log.pk for log in second.logs}
    assert set(ExerciseLog.objects.values_list("pain_during", flat=True)) == {3}


def test_an_edit_keeps_the_level_the_session_was_done_at(program):
    log_session(program, START)
    check_in(program, START)
    log_session(program, START + timedelta(days=2))
    check_in(program, START + timedelta(days=2))  # second settled session: advance 2 -> 3
    clamshell = program.exercises.get(code="banded_clamshell")
    assert clamshell.level == 3
    # Correcting the second log (same easy values) must not advance again.
    log_session(program, START + timedelta(days=2), today=START + timedelta(days=3))
    clamshell.refresh_from_db()
    assert clamshell.level == 3
    log = ExerciseLog.objects.get(
        program_exercise=clamshell, session__date=START + timedelta(days=2)
    )
    assert log.level == 2
    assert ProgressionDecision.objects.filter(exercise_log=log).count() == 1


@pytest.mark.parametrize(("days_later", "allowed"), [(0, True), (3, True), (7, True), (8, False)])
def test_logs_can_be_made_or_changed_for_seven_days(program, days_later, allowed):
    if allowed:
        result = log_session(program, START, today=START + timedelta(days=days_later))
        assert len(result.logs) == 6
    else:
        with pytest.raises(services.ProgramError, match="read-only"):
            log_session(program, START, today=START + timedelta(days=days_later))
        assert not ExerciseLog.objects.exists()


def test_an_edit_on_day_eight_is_refused_and_the_log_unchanged(program):
    log_session(program, START, pain_during=1)
    with pytest.raises(services.ProgramError, match="read-only"):
        log_session(program, START, pain_during=5, today=START + timedelta(days=8))
    assert set(ExerciseLog.objects.values_list("pain_during", flat=True)) == {1}


def test_future_sessions_cannot_be_logged(program):
    with pytest.raises(services.ProgramError, match="still ahead"):
        log_session(program, START + timedelta(days=1), today=START)


def test_someone_else_cannot_log_my_session(program, other_client_user):
    with pytest.raises(services.ProgramError, match="not part of your program"):
        services.session_log_record(
            client=other_client_user,
            session=session_on(program, START),
            entries=entries_for(program, START),
            today=START,
        )
    assert not ExerciseLog.objects.exists()


def test_out_of_range_values_are_refused(program):
    with pytest.raises(services.ProgramError, match="pain_during"):
        services.session_log_record(
            client=program.client,
            session=session_on(program, START),
            entries=[
                {
                    "code": "banded_clamshell",
                    "sets_done": 3,
                    "reps_done": 12,
                    "pain_during": 11,
                    "difficulty": "easy",
                }
            ],
            today=START,
        )
    assert not ExerciseLog.objects.exists()


def test_paused_program_cannot_be_logged(program):
    services.program_pause(program=program, actor=program.client, reason="Knee swollen")
    with pytest.raises(services.ProgramError, match="paused"):
        log_session(program, START)


def test_checkin_is_for_the_morning_after_and_idempotent(program):
    log_session(program, START)
    with pytest.raises(services.ProgramError, match="morning after"):
        check_in(program, START, today=START)
    check_in(program, START, pain_now=2)
    check_in(program, START, pain_now=3)
    assert CheckIn.objects.get().pain_now == 3


def test_checkin_after_seven_days_is_refused(program):
    log_session(program, START)
    with pytest.raises(services.ProgramError, match="7 days"):
        check_in(program, START, today=START + timedelta(days=8))
