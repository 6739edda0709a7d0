"""Calendar arithmetic for a program: which weekdays carry strength work, which dates are
sessions, which week a date falls in and when the reassessments are due.

Pure functions on dates and weekday numbers (0 = Monday .. 6 = Sunday); no database. The
program's length and the reassessment weeks are the rules data's (``programs/data/rules.toml``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from itertools import combinations

from programs.engine import load_rules

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def program_weeks() -> int:
    """How many weeks a new program runs (spec section 6: 12)."""
    return load_rules().program.weeks


def reassessment_weeks() -> tuple[int, int]:
    """The weeks at whose end the reassessments fall (spec section 6: 6 and 12)."""
    thresholds = load_rules().thresholds
    return thresholds.reassessment_first_week, thresholds.reassessment_final_week


def _gaps(days: tuple[int, ...]) -> list[int]:
    """Days from each strength day to the next one; the program runs week after week, so the
    gap after the last day of the week runs into the next Monday."""
    ordered = sorted(days)
    return [
        (ordered[(index + 1) % len(ordered)] - day) % 7 or 7 for index, day in enumerate(ordered)
    ]


def _spread_key(days: tuple[int, ...]) -> tuple[int, int, int, tuple[int, ...]]:
    gaps = _gaps(days)
    back_to_back = sum(1 for gap in gaps if gap == 1)
    weekend_days = sum(1 for day in days if day >= 5)
    return (-min(gaps), back_to_back, weekend_days, days)


def default_strength_days(sessions_per_week: int) -> list[int]:
    """The weekdays for ``sessions_per_week`` strength sessions.

    Muscles need about 48 hours between strength sessions, so the days are spread out: first the
    shortest rest between two sessions is made as long as possible, then there are as few
    back-to-back days as possible (Sunday -> Monday counts), then as few weekend days as
    possible, then the earliest days win. That gives 2 -> Mon/Thu, 3 -> Mon/Wed/Fri and
    4 -> Mon/Tue/Thu/Sat (four sessions in seven days always need one back-to-back pair; this
    layout has only one and keeps Sunday free).
    """
    if not 1 <= sessions_per_week <= 7:
        raise ValueError(f"sessions per week must be 1..7, not {sessions_per_week}")
    return list(min(combinations(range(7), sessions_per_week), key=_spread_key))


def validate_strength_days(days: Iterable[int]) -> list[int]:
    """Sorted, de-duplicated weekdays; ``ValueError`` with a readable message when not valid."""
    chosen = sorted(set(days))
    if any(not isinstance(day, int) or not 0 <= day <= 6 for day in chosen):
        raise ValueError("Strength days must be weekdays (Monday to Sunday).")
    if not chosen:
        raise ValueError("Choose at least one strength day.")
    return chosen


def program_end(start: date, weeks: int) -> date:
    """The last day of the program (inclusive)."""
    return start + timedelta(days=weeks * 7 - 1)


def week_number(start: date, day: date) -> int:
    """Program week of ``day``: week 1 is the start date and the six days after it."""
    return (day - start).days // 7 + 1


def end_of_week(start: date, week: int) -> date:
    """The last day of program week ``week`` (week 6 of a program starting on a Monday ends on
    the Sunday 41 days later)."""
    return start + timedelta(days=week * 7 - 1)


def reassessment_dates(start: date, weeks: int) -> list[tuple[int, date]]:
    """(week, due date) for each reassessment that falls within the program."""
    return [(week, end_of_week(start, week)) for week in reassessment_weeks() if week <= weeks]


def session_days(
    start: date, weeks: int, strength_days: Iterable[int], *, has_daily: bool
) -> Iterator[tuple[date, int, bool]]:
    """(date, week, is_strength_day) for every day that carries exercises.

    With daily exercises (stretches, foot work) every day is a session; otherwise only the
    strength days are.
    """
    strength = set(strength_days)
    for offset in range(weeks * 7):
        day = start + timedelta(days=offset)
        is_strength = day.weekday() in strength
        if is_strength or has_daily:
            yield day, offset // 7 + 1, is_strength


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def describe_days(days: Iterable[int]) -> str:
    """Weekday numbers in words: "Monday, Wednesday and Friday"."""
    names = [WEEKDAY_NAMES[day] for day in sorted(days)]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
