"""Spec sections 7 and 8 through the service layer: every branch, fixed dates.

The engine's own tables test the rules in isolation; these check that logs and check-ins reach
the rules with the right history and that their effects (levels, flags, pauses) are stored.
"""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from assessments.presentation import decision_reason
from care.errors import CareError
from care.services import adjustments
from care.services import flags as flag_services
from demo.answers import TYPICAL_ANSWERS
from programs import services
from programs.models import Flag, Program, ProgramChange, ProgressionDecision
from tests.dates import START
from tests.factories import (
    STRENGTH_ONLY_ANSWERS,
    CareLinkFactory,
    ProgramFactory,
)
from tests.programs.helpers import check_in, log_session

STRENGTH_DAYS = [START, START + timedelta(days=2), START + timedelta(days=4)]
BASELINE = TYPICAL_ANSWERS["pain_now"]  # 2

pytestmark = pytest.mark.django_db


def run(program, sessions, code="banded_clamshell"):
    """Log ``sessions`` of one exercise on successive strength days.

    Each session is (pain_during, difficulty, complete, morning_after_pain or None).
    """
    for day, (pain, difficulty, complete, morning) in zip(STRENGTH_DAYS, sessions, strict=False):
        log_session(
            program, day, pain_during=pain, difficulty=difficulty, complete=complete, codes=[code]
        )
        if morning is not None:
            check_in(program, day, pain_now=morning)
    exercise = program.exercises.get(code=code)
    decision = ProgressionDecision.objects.filter(program_exercise=exercise).last()
    return exercise, decision


EASY = (1, "easy", True, BASELINE)


@pytest.mark.parametrize(
    ("sessions", "action", "rule", "level"),
    [
        # spec 7 advance: two complete sessions, pain <= 3, easy/moderate, settled morning
        ([EASY, EASY], "advance", "PRG-ADVANCE", 3),
        (
            [(3, "moderate", True, BASELINE + 1), (3, "moderate", True, BASELINE + 1)],
            "advance",
            "PRG-ADVANCE",
            3,
        ),
        # hold: not enough sessions, incomplete, some pain, hard, morning unknown
        ([EASY], "hold", "PRG-HOLD-FEW", 2),
        ([EASY, (1, "easy", False, BASELINE)], "hold", "PRG-HOLD-INCOMPLETE", 2),
        ([EASY, (4, "easy", True, BASELINE)], "hold", "PRG-HOLD-PAIN", 2),
        ([EASY, (5, "moderate", True, BASELINE)], "hold", "PRG-HOLD-PAIN", 2),
        ([EASY, (1, "hard", True, BASELINE)], "hold", "PRG-HOLD-HARD", 2),
        ([EASY, (1, "easy", True, None)], "hold", "PRG-HOLD-NO-MORNING", 2),
        # regress: pain during >= 6, morning 2+ above baseline, unfinished twice
        ([(6, "moderate", True, None)], "regress", "PRG-REGRESS-PAIN", 1),
        ([(1, "easy", True, BASELINE + 2)], "regress", "PRG-REGRESS-MORNING", 1),
        (
            [(2, "could_not_finish", False, BASELINE), (2, "could_not_finish", False, BASELINE)],
            "regress",
            "PRG-REGRESS-UNFINISHED",
            1,
        ),
        # a single unfinished session only holds
        ([(2, "could_not_finish", False, BASELINE)], "hold", "PRG-HOLD-FEW", 2),
    ],
)
def test_progression_table(client_user, sessions, action, rule, level):
    program = ProgramFactory(client=client_user, start_date=START)
    exercise, decision = run(program, sessions)
    assert (decision.action, decision.rule, exercise.level) == (action, rule, level)
    # The rules' reason is stored alone; the page says "Next time: level …" around it.
    assert not decision.reason.startswith("Next time")
    shown = decision_reason(
        code=exercise.code,
        action=decision.action,
        to_level=decision.to_level,
        reason=decision.reason,
    )
    assert shown.startswith(f"Next time: level {level} — ")
    assert f", because {decision.reason}." in shown


def test_regress_at_level_one_holds_at_the_floor(client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    exercise, decision = run(program, [(7, "hard", True, None)], code="single_leg_deadlift")
    assert (decision.action, decision.rule, exercise.level) == ("hold", "PRG-FLOOR", 1)


def test_no_band_caps_the_clamshell_at_level_one(client_user):
    answers = {**STRENGTH_ONLY_ANSWERS, "equipment": [], "sessions_per_week": 3}
    program = ProgramFactory(client=client_user, answers=answers, start_date=START)
    exercise, decision = run(program, [EASY, EASY])
    assert exercise.level == 1
    assert (decision.action, decision.rule) == ("hold", "CAP-NO-BAND")
    assert "resistance band" in decision.reason


def test_no_dumbbell_squat_skips_the_goblet_level(client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    exercise, decision = run(program, [EASY, EASY], code="banded_squat_knee_cue")
    assert (decision.action, exercise.level) == ("advance", 4)
    assert "level 3 is skipped" in decision.reason


def test_after_advancing_a_new_level_needs_two_new_sessions(client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    exercise, decision = run(program, [EASY, EASY, EASY])
    assert exercise.level == 3
    assert (decision.action, decision.rule) == ("hold", "PRG-HOLD-FEW")


def test_a_physiotherapist_adjustment_is_not_undone_by_an_edited_older_log(client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    exercise, _ = run(program, [EASY])
    link = CareLinkFactory(client=client_user)
    adjustments.program_adjust_level(
        program_exercise=exercise, actor=link.physiotherapist, level=1, reason="Knee irritable"
    )
    log_session(
        program, START, pain_during=2, codes=["banded_clamshell"], today=START + timedelta(days=1)
    )
    exercise.refresh_from_db()
    assert exercise.level == 1


# --- spec 8: flags during the program ----------------------------------------------------------


@pytest.mark.parametrize(
    ("signs", "destination", "urgency", "rule"),
    [
        (
            {"hot_red_knee": True, "fever_or_unwell": True},
            "emergency",
            "same_day",
            "FLG-CHECKIN-EMERGENCY",
        ),
        ({"cannot_bear_weight": True}, "emergency", "same_day", "FLG-CHECKIN-EMERGENCY"),
        ({"hot_red_knee": True}, "doctor", "same_day", "FLG-CHECKIN-HOT"),
        (
            {"giving_way": True},
            "orthopedic_specialist",
            "within_2_weeks",
            "FLG-CHECKIN-INSTABILITY",
        ),
        ({"locking": True}, "orthopedic_specialist", "within_2_weeks", "FLG-CHECKIN-INSTABILITY"),
        (
            {"swelling": "marked"},
            "orthopedic_specialist",
            "within_2_weeks",
            "FLG-CHECKIN-INSTABILITY",
        ),
    ],
)
def test_checkin_warning_signs_flag_and_pause(client_user, signs, destination, urgency, rule):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START)
    result = check_in(program, START, pain_now=3, **signs)
    assert result.paused
    flag = Flag.objects.get(source="checkin")
    assert (flag.destination, flag.urgency, flag.rule, flag.pauses_program) == (
        destination,
        urgency,
        rule,
        True,
    )
    program.refresh_from_db()
    assert program.status == Program.Status.PAUSED
    assert program.paused_reason == flag.reason
    change = ProgramChange.objects.get(program=program)
    assert (change.kind, change.actor) == ("pause", None)
    # The same check-in saved again raises nothing new.
    check_in(program, START, pain_now=3, **signs)
    assert Flag.objects.filter(source="checkin").count() == 1


def test_mild_swelling_alone_neither_flags_nor_pauses(client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START)
    result = check_in(program, START, pain_now=2, swelling="mild")
    assert not result.paused and not result.flags
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE


def test_pain_eight_flags_the_physiotherapist_and_regresses_that_exercise(client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START, codes=["banded_side_steps"], pain_during=1)
    result = log_session(program, START, codes=["banded_clamshell"], pain_during=8)
    flag = Flag.objects.get(source="session")
    assert (flag.destination, flag.urgency, flag.rule) == (
        "physiotherapist",
        "within_2_weeks",
        "FLG-SESSION-PAIN-SEVERE",
    )
    assert "8/10" in flag.reason
    assert result.flags == [flag]
    assert program.exercises.get(code="banded_clamshell").level == 1
    assert program.exercises.get(code="banded_side_steps").level == 2
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE  # a pain flag does not pause
    # Resubmitting the same log neither duplicates the flag nor steps down twice.
    log_session(program, START, codes=["banded_clamshell"], pain_during=8)
    assert Flag.objects.filter(source="session").count() == 1
    assert program.exercises.get(code="banded_clamshell").level == 1


def test_pain_six_in_two_consecutive_sessions_flags(client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, STRENGTH_DAYS[0], codes=["single_leg_deadlift"], pain_during=6)
    assert not Flag.objects.exists()  # once: a step down, no referral yet
    log_session(program, STRENGTH_DAYS[1], codes=["single_leg_deadlift"], pain_during=6)
    flag = Flag.objects.get()
    assert flag.rule == "FLG-SESSION-PAIN-REPEATED"


@pytest.mark.parametrize(("logged_days", "flagged"), [(5, True), (7, False), (14, False)])
def test_adherence_attention_flag(client_user, logged_days, flagged):
    program = ProgramFactory(client=client_user, start_date=START)
    for offset in range(logged_days):
        log_session(program, START + timedelta(days=offset), codes=["short_foot"])
    today = START + timedelta(days=14)
    flag = services.program_adherence_check(program=program, today=today)
    assert (flag is not None) == flagged
    if flagged:
        assert (flag.kind, flag.source, flag.rule) == ("attention", "adherence", "FLG-ADHERENCE")
        assert f"Only {logged_days} of 14" in flag.reason
        # Checked again the same week: still one flag.
        services.program_adherence_check(program=program, today=today + timedelta(days=1))
        assert Flag.objects.filter(kind="attention").count() == 1


def test_no_adherence_flag_before_two_weeks_have_passed(client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    assert (
        services.program_adherence_check(program=program, today=START + timedelta(days=5)) is None
    )


# --- flag workflow and pausing ---------------------------------------------------------------


def test_acknowledge_then_resolve(client_user, physio_user):
    program = ProgramFactory(client=client_user, start_date=START)
    CareLinkFactory(client=client_user, physiotherapist=physio_user)
    log_session(program, START, codes=["banded_clamshell"], pain_during=9)
    flag = Flag.objects.get()
    flag = flag_services.flag_acknowledge(flag=flag, actor=physio_user, note="Call booked Friday")
    assert (flag.status, flag.acknowledged_by, flag.acknowledgement_note) == (
        "acknowledged",
        physio_user,
        "Call booked Friday",
    )
    flag = flag_services.flag_resolve(flag=flag, actor=physio_user, note="Reviewed in clinic")
    assert flag.status == "resolved" and flag.resolved_by == physio_user
    with pytest.raises(CareError):
        flag_services.flag_acknowledge(flag=flag, actor=physio_user, note="again")


def test_only_a_linked_physiotherapist_handles_a_flag(client_user, physio_user):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START, codes=["banded_clamshell"], pain_during=9)
    flag = Flag.objects.get()
    with pytest.raises(PermissionDenied):
        flag_services.flag_acknowledge(flag=flag, actor=physio_user, note="Seen")
    with pytest.raises(PermissionDenied):
        flag_services.flag_resolve(flag=flag, actor=physio_user, note="Reviewed in clinic")
    assert Flag.objects.get().status == "open"


def test_pause_and_resume_are_recorded(client_user, physio_user):
    program = ProgramFactory(client=client_user, start_date=START)
    with pytest.raises(services.ProgramError):
        services.program_resume(program=program, actor=client_user, reason="Not paused")
    services.program_pause(program=program, actor=physio_user, reason="Awaiting scan")
    program = services.program_resume(program=program, actor=client_user, reason="GP cleared me")
    assert program.status == "active" and program.paused_reason == ""
    kinds = list(
        ProgramChange.objects.order_by("created_at", "id").values_list("kind", "actor", "reason")
    )
    assert kinds == [
        ("pause", physio_user.pk, "Awaiting scan"),
        ("resume", client_user.pk, "GP cleared me"),
    ]
