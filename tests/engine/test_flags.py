"""Flags during the program (spec section 8): check-ins, session pain, reassessment, adherence."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from programs.engine import (
    CheckInAnswers,
    flags_from_adherence,
    flags_from_checkin,
    flags_from_reassessment,
    flags_from_session,
)
from tests.engine.builders import answers, reassessment, session


def summary(flags):
    return [(flag.rule, flag.destination, flag.urgency, flag.pauses_program) for flag in flags]


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ({}, []),
        ({"swelling": "none", "giving_way": False, "locking": False}, []),
        ({"swelling": "mild"}, []),
        ({"fever_or_unwell": True}, []),
        (
            {"hot_red_knee": True, "fever_or_unwell": True},
            [("FLG-CHECKIN-EMERGENCY", "emergency", "same_day", True)],
        ),
        ({"cannot_bear_weight": True}, [("FLG-CHECKIN-EMERGENCY", "emergency", "same_day", True)]),
        ({"hot_red_knee": True}, [("FLG-CHECKIN-HOT", "doctor", "same_day", True)]),
        (
            {"giving_way": True},
            [("FLG-CHECKIN-INSTABILITY", "orthopedic_specialist", "within_2_weeks", True)],
        ),
        (
            {"locking": True},
            [("FLG-CHECKIN-INSTABILITY", "orthopedic_specialist", "within_2_weeks", True)],
        ),
        (
            {"swelling": "marked"},
            [("FLG-CHECKIN-INSTABILITY", "orthopedic_specialist", "within_2_weeks", True)],
        ),
        (
            {"cannot_bear_weight": True, "locking": True},
            [
                ("FLG-CHECKIN-EMERGENCY", "emergency", "same_day", True),
                ("FLG-CHECKIN-INSTABILITY", "orthopedic_specialist", "within_2_weeks", True),
            ],
        ),
    ],
)
def test_checkin_flags(items, expected):
    flags = flags_from_checkin(CheckInAnswers(pain_now=3, **items))
    assert summary(flags) == expected
    assert all(flag.kind == "referral" and flag.regress_exercise is None for flag in flags)


def test_checkin_instability_reason_names_every_sign():
    (flag,) = flags_from_checkin(CheckInAnswers(pain_now=3, giving_way=True, locking=True))
    assert "gave way" in flag.reason and "locked" in flag.reason


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"pain_now": 11},
        {"pain_now": "3"},
        {"pain_now": 3, "giving_way": "yes"},
        {"pain_now": 3, "x": 1},
    ],
)
def test_checkin_is_validated_strictly(data):
    with pytest.raises(ValidationError):
        CheckInAnswers.model_validate(data)


@pytest.mark.parametrize(
    ("pains", "rule"),
    [
        ([], None),
        ([7], None),
        ([8], "FLG-SESSION-PAIN-SEVERE"),
        ([2, 10], "FLG-SESSION-PAIN-SEVERE"),
        ([6], None),
        ([5, 6], None),
        ([6, 5], None),
        ([6, 6], "FLG-SESSION-PAIN-REPEATED"),
        ([6, 7], "FLG-SESSION-PAIN-REPEATED"),
        ([7, 2, 6], None),
    ],
)
def test_session_pain_flags(pains, rule):
    flags = flags_from_session("short_foot", [session(pain_during=pain) for pain in pains])
    assert [flag.rule for flag in flags] == ([rule] if rule else [])
    for flag in flags:
        assert (flag.destination, flag.urgency) == ("physiotherapist", "within_2_weeks")
        assert flag.regress_exercise == "short_foot" and flag.pauses_program is False


def test_repeated_pain_counts_across_a_level_change():
    flags = flags_from_session(
        "short_foot", [session(level=2, pain_during=6), session(level=1, pain_during=6)]
    )
    assert [flag.rule for flag in flags] == ["FLG-SESSION-PAIN-REPEATED"]


BASELINE = {
    "pain_worst_week": 6,
    "single_leg_squat_left": "marked",
    "single_leg_squat_right": "slight",
}


@pytest.mark.parametrize(
    ("week", "follow_up", "expected"),
    [
        (6, {"pain_worst_week": 5}, [("FLG-WEEK6", "physiotherapist", "routine", False)]),
        (6, {"pain_worst_week": 6}, [("FLG-WEEK6", "physiotherapist", "routine", False)]),
        (6, {"pain_worst_week": 4}, []),
        (6, {"pain_worst_week": 5, "single_leg_squat_left": "slight"}, []),
        (6, {"pain_worst_week": 5, "single_leg_squat_right": "none"}, []),
        (
            6,
            {"pain_worst_week": 5, "single_leg_squat_left": "marked"},
            [("FLG-WEEK6", "physiotherapist", "routine", False)],
        ),
        (12, {"pain_worst_week": 6}, [("FLG-WEEK12", "orthopedic_specialist", "routine", False)]),
        (12, {"pain_worst_week": 3}, []),
        (8, {"pain_worst_week": 6}, []),
    ],
)
def test_reassessment_flags(week, follow_up, expected):
    baseline = answers(**BASELINE)
    flags = flags_from_reassessment(week, baseline, reassessment(**follow_up))
    assert summary(flags) == expected


def test_week_6_flag_says_gait_analysis_and_program_continues():
    (flag,) = flags_from_reassessment(6, answers(**BASELINE), reassessment(pain_worst_week=6))
    assert "no noticeable improvement after 6 weeks: gait analysis and a personal assessment" in (
        flag.reason.lower()
    )
    assert "continues" in flag.reason


def test_an_untested_grade_cannot_count_as_improved():
    baseline = answers(pain_worst_week=6)  # squats not tested at baseline
    flags = flags_from_reassessment(
        6, baseline, reassessment(pain_worst_week=6, single_leg_squat_left="none")
    )
    assert [flag.rule for flag in flags] == ["FLG-WEEK6"]
    tested_before = answers(pain_worst_week=6, single_leg_squat_left="slight")
    not_tested_now = reassessment(pain_worst_week=6)
    assert [flag.rule for flag in flags_from_reassessment(6, tested_before, not_tested_now)] == [
        "FLG-WEEK6"
    ]


@pytest.mark.parametrize(
    ("scheduled", "logged", "flagged"),
    [
        (0, 0, False),
        (8, 4, False),
        (8, 3, True),
        (7, 3, True),
        (7, 4, False),
        (6, 0, True),
        (6, 6, False),
    ],
)
def test_adherence_attention(scheduled, logged, flagged):
    flags = flags_from_adherence(scheduled, logged)
    assert bool(flags) == flagged
    for flag in flags:
        assert (flag.kind, flag.destination, flag.urgency, flag.rule) == (
            "attention",
            None,
            None,
            "FLG-ADHERENCE",
        )
        assert f"{logged} of {scheduled}" in flag.reason


# --- version 2: not-done sessions, dates, and no claim about the level ---


def test_a_not_done_session_raises_no_pain_flag_and_does_not_break_a_repeat():
    empty = session(sets_done=0, reps_done=0, pain_during=9)
    assert flags_from_session("short_foot", [empty]) == []
    repeated = flags_from_session(
        "short_foot", [session(pain_during=6), empty, session(pain_during=7)]
    )
    assert [flag.rule for flag in repeated] == ["FLG-SESSION-PAIN-REPEATED"]


def test_a_session_flag_names_the_exercise_and_date_when_known_and_never_claims_a_level():
    from datetime import date

    (undated,) = flags_from_session("banded_clamshell", [session(pain_during=8)])
    assert undated.reason == (
        "See a physiotherapist within 2 weeks: your pain during the last session was 8/10."
    )
    (dated,) = flags_from_session(
        "banded_clamshell", [session(session_date=date(2026, 3, 4), pain_during=9)]
    )
    assert dated.session_date == date(2026, 3, 4)
    assert dated.reason == (
        "See a physiotherapist within 2 weeks: your pain during banded clamshell on Wednesday "
        "4 March was 9/10."
    )
