"""The strength-day layout and the program calendar (pure functions, no database)."""

from datetime import date

import pytest

from programs import policy, scheduling


@pytest.mark.parametrize(
    ("sessions_per_week", "expected"),
    [
        (2, [0, 3]),  # Monday, Thursday: three and four days of rest
        (3, [0, 2, 4]),  # Monday, Wednesday, Friday
        (4, [0, 1, 3, 5]),  # Monday, Tuesday, Thursday, Saturday: one back-to-back pair only
    ],
)
def test_default_strength_days(sessions_per_week, expected):
    assert scheduling.default_strength_days(sessions_per_week) == expected


@pytest.mark.parametrize("sessions_per_week", [2, 3])
def test_no_two_strength_days_in_a_row_when_the_week_allows(sessions_per_week):
    days = scheduling.default_strength_days(sessions_per_week)
    following = {(day + 1) % 7 for day in days}
    assert not following & set(days)


def test_four_days_have_a_single_back_to_back_pair_counting_sunday_to_monday():
    days = set(scheduling.default_strength_days(4))
    assert sum((day + 1) % 7 in days for day in days) == 1


@pytest.mark.parametrize("bad", [0, 8, -1])
def test_impossible_session_counts_are_refused(bad):
    with pytest.raises(ValueError):
        scheduling.default_strength_days(bad)


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ([0, 7, 3], "Strength days must be weekdays (Monday to Sunday)."),
        ([-1, 2, 4], "Strength days must be weekdays (Monday to Sunday)."),
        ([], "Choose at least one strength day."),
    ],
)
def test_validate_strength_days_explains_the_problem(days, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        scheduling.validate_strength_days(days)


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ([0], "Choose 2 to 4 strength days (you chose 1)."),
        ([0, 1, 2, 3, 4], "Choose 2 to 4 strength days (you chose 5)."),
        ([9], "Strength days must be weekdays (Monday to Sunday)."),
    ],
)
def test_the_strength_day_range_comes_from_the_rules_data(days, message):
    assert policy.strength_days_refusal(days)[1].startswith(message)


def test_validate_strength_days_sorts_and_dedupes():
    assert scheduling.validate_strength_days([4, 0, 2, 2]) == [0, 2, 4]


def test_reassessments_at_the_end_of_weeks_6_and_12():
    start = date(2026, 3, 2)  # a Monday
    assert scheduling.reassessment_dates(start, 12) == [
        (6, date(2026, 4, 12)),  # start + 6 * 7 - 1 days: the Sunday ending week 6
        (12, date(2026, 5, 24)),
    ]


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2026, 3, 4), 1),
        (date(2026, 3, 8), 1),
        (date(2026, 3, 9), 2),
        (date(2026, 5, 24), 12),
    ],
)
def test_week_number(day, week):
    assert scheduling.week_number(date(2026, 3, 2), day) == week


def test_session_days_with_daily_exercises_cover_every_day():
    days = list(scheduling.session_days(date(2026, 3, 4), 12, [0, 2, 4], has_daily=True))
    assert len(days) == 84
    assert days[0] == (date(2026, 3, 4), 1, True)  # a Wednesday
    assert days[1] == (date(2026, 3, 5), 1, False)
    assert sum(is_strength for _, _, is_strength in days) == 36


def test_session_days_without_daily_exercises_are_the_strength_days():
    days = list(scheduling.session_days(date(2026, 3, 2), 12, [0, 3], has_daily=False))
    assert len(days) == 24
    assert {day.weekday() for day, _, _ in days} == {0, 3}
    assert days[-1][1] == 12


def test_describe_days():
    assert scheduling.describe_days([4, 0, 2]) == "Monday, Wednesday and Friday"
