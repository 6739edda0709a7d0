"""Generating a program from an assessment: schedule, exercises, flags, one current program."""

from datetime import date, timedelta

import pytest

from demo.answers import TYPICAL_ANSWERS
from programs import selectors, services
from programs.models import Flag, Program, ScheduledSession
from tests.dates import START
from tests.factories import (
    NOT_ALLOWED_ANSWERS,
    STRENGTH_ONLY_ANSWERS,
    AssessmentFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


def test_twelve_weeks_every_day_with_daily_exercises(client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    sessions = list(program.sessions.all())
    assert len(sessions) == 84
    assert sessions[0].date == START and sessions[-1].date == START + timedelta(days=83)
    assert sessions[-1].week == 12
    strength = [s.date.weekday() for s in sessions if s.is_strength_day]
    assert set(strength) == {0, 2, 4} and len(strength) == 36


def test_strength_only_program_schedules_only_strength_days(client_user):
    program = ProgramFactory(client=client_user, answers=STRENGTH_ONLY_ANSWERS, start_date=START)
    assert program.strength_days == [0, 3]  # 2 sessions a week: Monday and Thursday
    sessions = list(program.sessions.all())
    assert len(sessions) == 24
    assert all(s.is_strength_day for s in sessions)


def test_client_chosen_strength_days(client_user):
    program = ProgramFactory(client=client_user, start_date=START, strength_days=[1, 3, 5])
    assert program.strength_days == [1, 3, 5]
    assert {s.date.weekday() for s in program.sessions.filter(is_strength_day=True)} == {1, 3, 5}


@pytest.mark.parametrize("days", [[0, 3], [0, 2, 4, 6]])
def test_two_to_four_strength_days_whatever_the_assessment_asked(client_user, days):
    # The assessment asked for 3 a week; the client may tick 2 to 4.
    program = ProgramFactory(client=client_user, start_date=START, strength_days=days)
    assert program.strength_days == days
    assert {s.date.weekday() for s in program.sessions.filter(is_strength_day=True)} == set(days)


@pytest.mark.parametrize("days", [[2], [0, 1, 2, 4, 6], [0, 2, 9], []])
def test_wrong_strength_days_are_refused_with_a_message(client_user, days):
    with pytest.raises(services.ProgramError) as error:
        ProgramFactory(client=client_user, start_date=START, strength_days=days)
    assert error.value.field == "strength_days"
    assert not Program.objects.exists()


def test_exercises_equipment_and_baseline_copied_from_the_assessment(client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    exercises = list(program.exercises.values_list("code", "level", "frequency", "order"))
    assert exercises == [
        ("banded_clamshell", 2, "strength", 0),
        ("banded_side_steps", 2, "strength", 1),
        ("single_leg_deadlift", 1, "strength", 2),
        ("banded_squat_knee_cue", 2, "strength", 3),
        ("half_kneeling_hip_flexor_stretch", 1, "daily", 4),
        ("short_foot", 1, "daily", 5),
    ]
    assert all(exercise.reasons for exercise in program.exercises.all())
    assert program.equipment == ["band_light", "band_medium"]
    assert program.baseline_pain_now == TYPICAL_ANSWERS["pain_now"]


def test_reassessment_dates(client_user):
    program = ProgramFactory(client=client_user, start_date=date(2026, 3, 4))
    assert selectors.program_reassessment_dates(program) == [
        (6, date(2026, 4, 14)),
        (12, date(2026, 5, 26)),
    ]


def test_program_refused_when_the_result_waits_for_a_clinician(client_user):
    with pytest.raises(services.ProgramError, match="clinician has cleared you"):
        ProgramFactory(client=client_user, answers=NOT_ALLOWED_ANSWERS)


def test_program_refused_from_a_draft_or_someone_elses_assessment(client_user, other_client_user):
    draft = AssessmentFactory(owner=client_user, draft=True)
    with pytest.raises(services.ProgramError, match="Finish the self-assessment"):
        ProgramFactory(client=client_user, assessment=draft)
    theirs = AssessmentFactory(owner=other_client_user)
    with pytest.raises(services.ProgramError, match="not yours"):
        ProgramFactory(client=client_user, assessment=theirs)


def test_one_current_program_and_explicit_replacement(client_user):
    first = ProgramFactory(client=client_user, start_date=START)
    newer = AssessmentFactory(owner=client_user, answers__pain_now=1)
    with pytest.raises(services.CurrentProgramExists) as error:
        ProgramFactory(client=client_user, assessment=newer, start_date=START + timedelta(days=14))
    assert error.value.program == first
    assert Program.objects.filter(client=client_user).count() == 1

    second = ProgramFactory(
        client=client_user,
        assessment=newer,
        start_date=START + timedelta(days=14),
        replace_current=True,
    )
    first.refresh_from_db()
    assert first.status == Program.Status.REPLACED and first.ended_at is not None
    assert second.status == Program.Status.ACTIVE
    assert ScheduledSession.objects.filter(program=first).count() == 84  # history kept


def test_database_refuses_a_second_current_program(client_user):
    from django.db import IntegrityError, transaction

    program = ProgramFactory(client=client_user, start_date=START)
    with pytest.raises(IntegrityError), transaction.atomic():
        Program.objects.create(
            client=client_user,
            assessment=program.assessment,
            start_date=START,
            baseline_pain_now=2,
        )


def test_assessment_referrals_become_flags_once(client_user):
    answers = {**TYPICAL_ANSWERS, "pain_worst_week": 8, "night_pain": True}
    assessment = AssessmentFactory(owner=client_user, answers=answers)
    program = ProgramFactory(client=client_user, assessment=assessment, start_date=START)
    flags = list(Flag.objects.filter(client=client_user).order_by("destination"))
    assert [(f.destination, f.urgency, f.source) for f in flags] == [
        ("doctor", "within_2_weeks", "assessment"),
        ("physiotherapist", "within_2_weeks", "assessment"),
    ]
    assert all(f.program == program and f.status == "open" for f in flags)
    # Replacing the program with the same assessment never duplicates the flags.
    ProgramFactory(
        client=client_user, assessment=assessment, start_date=START, replace_current=True
    )
    assert Flag.objects.filter(client=client_user).count() == 2
