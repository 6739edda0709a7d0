"""Session-length estimate (spec section 6, version 2)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programs.engine import EXERCISE_CODES, SessionItem, estimate_session, library
from programs.engine.data import load_rules
from tests.engine.builders import run

STRENGTH_DAY = [
    ("banded_clamshell", 2),
    ("banded_side_steps", 2),
    ("single_leg_deadlift", 1),
    ("banded_squat_knee_cue", 2),
]
DAILY = [("short_foot", 1), ("half_kneeling_hip_flexor_stretch", 1)]


def items(pairs):
    return [SessionItem.at_level(code, level) for code, level in pairs]


def test_the_numbers_live_in_the_rules():
    t = load_rules().thresholds
    assert (
        t.session_seconds_per_rep,
        t.session_rest_between_strength_sets_seconds,
        t.session_rest_between_daily_sets_seconds,
    ) == (4, 45, 15)


@pytest.mark.parametrize(
    ("code", "level", "seconds"),
    [
        # 3 x 12 per side: 12 x 4 s x 2 = 96 s a set, 3 sets + 2 rests of 45 s
        ("banded_clamshell", 2, 3 * 96 + 2 * 45),
        # 3 x 12 steps, not per side
        ("banded_side_steps", 2, 3 * 48 + 2 * 45),
        # 2 x 8 per side
        ("single_leg_deadlift", 1, 2 * 64 + 45),
        # 3 x 15 with a 3 s hold per side: each rep counts its hold
        ("banded_clamshell", 4, 3 * 90 + 2 * 45),
        # daily: 3 x 15 with a 3 s hold at end range per side
        ("ankle_dorsiflexion_mobilisation", 2, 3 * 90 + 2 * 15),
        # daily: 3 x 10 with 5 s holds per side, rests of 15 s
        ("short_foot", 1, 3 * 100 + 2 * 15),
        # daily: 3 x 30 s holds per side
        ("half_kneeling_hip_flexor_stretch", 1, 3 * 60 + 2 * 15),
        # daily: 3 x 30 s, not per side
        ("adductor_stretch", 1, 3 * 30 + 2 * 15),
    ],
)
def test_each_exercise_per_the_spec(code, level, seconds):
    (item,) = estimate_session(items([(code, level)])).items
    assert item.seconds == seconds


def test_a_strength_day_above_the_minutes_says_so_and_moves_the_daily_items():
    estimate = estimate_session(items(STRENGTH_DAY + DAILY), minutes_per_session=20)
    assert (estimate.strength_seconds, estimate.daily_seconds) == (995, 540)
    assert (estimate.seconds, estimate.minutes) == (1535, 26)
    assert estimate.over_time and estimate.move_daily_items and estimate.rule == "SES-OVER-TIME"
    assert estimate.message == (
        "This session takes about 26 minutes, more than the 20 minutes you set aside. Do the "
        "daily items (short foot and half-kneeling hip flexor stretch) at another time of the day."
    )


def test_within_the_minutes_nothing_is_said():
    estimate = estimate_session(items(STRENGTH_DAY + DAILY), minutes_per_session=30)
    assert not estimate.over_time and estimate.message is None and estimate.rule is None


def test_the_limit_is_exact_to_the_second():
    # 995 s of strength work: 16 min 35 s
    assert estimate_session(items(STRENGTH_DAY), minutes_per_session=16).over_time
    assert not estimate_session(items(STRENGTH_DAY), minutes_per_session=17).over_time


def test_a_strength_day_without_daily_items_is_told_only_that_it_is_long():
    estimate = estimate_session(items(STRENGTH_DAY), minutes_per_session=10)
    assert estimate.over_time and not estimate.move_daily_items
    assert estimate.message == (
        "This session takes about 17 minutes, more than the 10 minutes you set aside."
    )


def test_a_day_of_daily_items_is_never_told_to_move_them():
    estimate = estimate_session(items(DAILY), minutes_per_session=5)
    assert estimate.above_minutes_per_session and not estimate.strength_day
    assert not estimate.over_time and estimate.message is None


def test_minutes_per_session_defaults_to_20_in_the_answers_and_the_estimate():
    evaluation = run(single_leg_squat_left="slight", thomas_thigh_lifts_left=True)
    estimate = estimate_session(evaluation.exercises)
    assert estimate.minutes_per_session == 20
    assert [item.code for item in estimate.items] == [item.code for item in evaluation.exercises]


def test_a_physiotherapists_dose_replaces_the_librarys():
    (item,) = estimate_session([SessionItem.at_level("adductor_stretch", 1, hold_seconds=60)]).items
    assert item.seconds == 3 * 60 + 2 * 15


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(EXERCISE_CODES), unique=True), st.integers(10, 60), st.data())
def test_the_estimate_adds_up_and_only_strength_days_are_over_time(codes, minutes, data):
    pairs = [(code, data.draw(st.integers(1, library.get(code).top_level))) for code in codes]
    estimate = estimate_session(items(pairs), minutes_per_session=minutes)
    assert estimate.seconds == sum(item.seconds for item in estimate.items)
    assert (estimate.minutes - 1) * 60 < estimate.seconds <= estimate.minutes * 60 or (
        estimate.seconds == 0
    )
    assert estimate.over_time == (estimate.strength_day and estimate.seconds > minutes * 60)
    assert all(item.rest_seconds >= 0 and item.work_seconds > 0 for item in estimate.items)
