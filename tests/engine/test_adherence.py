"""Adherence (spec section 8, version 2): the window, young programs, paused days, recovery."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programs.engine import PausedInterval, check_adherence
from programs.engine.data import load_rules

START = date(2026, 3, 2)  # a Monday: program day 1


def days(*offsets: int) -> list[date]:
    return [START + timedelta(days=offset) for offset in offsets]


def strength_days(until: int) -> list[date]:
    """Monday, Wednesday and Friday sessions from the start up to program day ``until``."""
    return [day for day in days(*range(until)) if day.weekday() in (0, 2, 4)]


def check(today_offset: int, *, scheduled=None, logged=(), paused=()):
    return check_adherence(
        start=START,
        today=START + timedelta(days=today_offset),
        scheduled=strength_days(30) if scheduled is None else scheduled,
        logged=logged,
        paused=paused,
    )


def test_the_numbers_live_in_the_rules():
    t = load_rules().thresholds
    assert (t.adherence_window_days, t.adherence_first_day, t.adherence_min_fraction) == (
        14,
        7,
        0.5,
    )


def test_day_6_of_a_young_program_is_not_judged_day_7_is():
    day_6 = check(5)  # program day 6, nothing logged
    assert (day_6.checked, day_6.flag, day_6.resolve_reason) == (False, None, None)
    day_7 = check(6)
    assert day_7.checked and day_7.below_half
    # the days since the start: Monday 2 to Saturday 7 March, sessions Mon, Wed, Fri
    assert (day_7.window_start, day_7.window_end) == (START, START + timedelta(days=5))
    assert (day_7.scheduled, day_7.logged) == (3, 0)
    assert day_7.flag.rule == "FLG-ADHERENCE" and day_7.flag.kind == "attention"
    assert day_7.flag.reason == (
        "Only 0 of 3 planned sessions were logged in the 6 days since the program started."
    )


def test_after_two_weeks_the_window_is_the_last_14_days_before_today():
    result = check(20, logged=strength_days(30))
    assert (result.window_start, result.window_end) == (START + timedelta(6), START + timedelta(19))
    assert (result.scheduled, result.logged, result.below_half) == (6, 6, False)
    assert result.resolve_reason == (
        "6 of 6 planned sessions were logged in the last 14 days: back to half or more."
    )
    assert result.resolve_rule == "FLG-ADHERENCE-RECOVERED"


@pytest.mark.parametrize(
    ("logged", "below"),
    [(2, True), (3, False), (6, False), (0, True)],
)
def test_fewer_than_half_flags_half_or_more_does_not(logged, below):
    window = [
        day for day in strength_days(30) if START + timedelta(6) <= day < START + timedelta(20)
    ]
    result = check(20, logged=window[:logged])
    assert result.scheduled == 6
    assert result.below_half is below
    assert (result.flag is not None) is below
    assert (result.resolve_reason is not None) is (not below)


def test_a_pause_inside_the_window_does_not_count_as_missed():
    # Day 17: the window is 4-17 March. Paused 9-15 March: its 3 sessions do not count.
    pause = PausedInterval(start=START + timedelta(7), end=START + timedelta(13))
    logged = days(2, 14)  # Wednesday 4 and Monday 16 March
    without = check(16, logged=logged)
    assert (without.scheduled, without.logged, without.below_half) == (6, 2, True)
    with_pause = check(16, logged=logged, paused=[pause])
    assert (with_pause.scheduled, with_pause.logged, with_pause.paused_days) == (3, 2, 7)
    assert not with_pause.below_half and with_pause.flag is None
    assert with_pause.resolve_reason == (
        "2 of 3 planned sessions were logged in the last 14 days, not counting 7 days when the "
        "program was paused: back to half or more."
    )
    lower = check(16, logged=days(14), paused=[pause])
    assert lower.below_half
    assert lower.flag.reason == (
        "Only 1 of 3 planned sessions were logged in the last 14 days, not counting 7 days when "
        "the program was paused."
    )


def test_a_pause_still_going_covers_every_day_from_its_start():
    result = check(20, paused=[PausedInterval(start=START + timedelta(3))])
    assert result.scheduled == 0 and not result.below_half and result.flag is None
    assert result.resolve_reason == (
        "No planned session was due in the last 14 days, not counting 14 days when the program "
        "was paused, so none was missed."
    )


def test_days_before_the_start_and_logs_of_unscheduled_days_do_not_count():
    early = [START - timedelta(days=offset) for offset in range(1, 10)]
    result = check(8, scheduled=early + strength_days(30), logged=[*early, START + timedelta(1)])
    assert (result.scheduled, result.logged) == (4, 0)


def test_a_pause_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        PausedInterval(start=START, end=START - timedelta(1))


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 60),
    st.sets(st.integers(-5, 60)),
    st.sets(st.integers(-5, 60)),
    st.lists(st.tuples(st.integers(-5, 60), st.integers(0, 10)), max_size=3),
)
def test_adherence_counts_only_scheduled_unpaused_days_in_the_window(
    today, scheduled, logged, pauses
):
    intervals = [
        PausedInterval(start=START + timedelta(first), end=START + timedelta(first + length))
        for first, length in pauses
    ]
    result = check(today, scheduled=days(*scheduled), logged=days(*logged), paused=intervals)
    if today + 1 < 7:
        assert not result.checked
        return
    assert result.window_start == max(START, START + timedelta(today - 14))
    assert result.window_end == START + timedelta(today - 1)
    counted = [
        day
        for day in days(*scheduled)
        if result.window_start <= day <= result.window_end
        and not any(pause.covers(day) for pause in intervals)
    ]
    assert result.scheduled == len(counted)
    assert result.logged == len(set(counted) & set(days(*logged)))
    assert result.below_half is (result.logged * 2 < result.scheduled)
    assert (result.flag is None) is (result.resolve_reason is not None)
