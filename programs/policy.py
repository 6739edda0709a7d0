"""The program's shared rules, read by the pages and applied by the services alike.

What a day holds, the dose prescribed for an exercise, how long a session stays open for logging
and its check-in, how many strength days a client may choose, and when a reassessment can be
taken. Selectors use these to show what is possible; services apply them before writing, so the
two never disagree. The numbers are the rules data's (``programs/data/rules.toml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from assessments.presentation import dose as dose_words
from programs import scheduling
from programs.engine import PausedInterval, load_rules
from programs.engine.library import level as library_level
from programs.models import Program, ProgramChange, ProgramExercise, ScheduledSession

# --- what a day holds and how much ----------------------------------------------------------


def session_exercises(
    session: ScheduledSession, exercises: Iterable[ProgramExercise]
) -> list[ProgramExercise]:
    """The exercises due on this day: daily ones always, strength ones on strength days."""
    return [
        exercise
        for exercise in exercises
        if exercise.active and (exercise.frequency == "daily" or session.is_strength_day)
    ]


@dataclass(frozen=True)
class Dose:
    """Sets, reps and hold for an exercise's current level, with any physiotherapist override.

    Reads as ``assessments.presentation.dose`` writes it ("3 × 12 per side").
    """

    sets: int
    reps: int | None
    hold_seconds: int | None
    per_side: bool
    overridden: bool = False

    def __str__(self) -> str:
        return dose_words(self)


def prescribed_dose(exercise: ProgramExercise) -> Dose:
    """The library dose for the exercise's level, with any physiotherapist override applied."""
    level = library_level(exercise.code, exercise.level)
    overrides = (exercise.sets_override, exercise.reps_override, exercise.hold_seconds_override)
    return Dose(
        sets=exercise.sets_override or level.sets,
        reps=exercise.reps_override or level.reps,
        hold_seconds=exercise.hold_seconds_override or level.hold_seconds,
        per_side=level.per_side,
        overridden=any(value is not None for value in overrides),
    )


def rest_between_sets_seconds(exercise: ProgramExercise) -> int:
    """Section 6: the rest between two sets, longer for a strength exercise than a daily item
    (the same numbers as the session-length estimate)."""
    thresholds = load_rules().thresholds
    if exercise.frequency == "strength":
        return thresholds.session_rest_between_strength_sets_seconds
    return thresholds.session_rest_between_daily_sets_seconds


# --- logging and check-in windows -------------------------------------------------------------


def edit_window_days() -> int:
    """Spec section 6: logs stay editable for this many days after the session's date."""
    return load_rules().program.log_edit_window_days


def editable_until(session: ScheduledSession) -> date:
    return session.date + timedelta(days=edit_window_days())


def logging_refusal(session: ScheduledSession, today: date) -> str | None:
    """Why this session cannot be logged (or its logs changed) today, or ``None`` if it can."""
    if session.date > today:
        return "This session is still ahead of you: it can be logged on the day."
    if today > editable_until(session):
        return (
            f"Sessions can be logged or changed for {edit_window_days()} days. "
            "This one is now read-only."
        )
    program = session.program
    if program.status == Program.Status.PAUSED:
        return "Your program is paused, so sessions cannot be logged until it resumes."
    if program.status in (Program.Status.ACTIVE, Program.Status.COMPLETED):
        # The last week of a completed program can still be logged late, like any other week.
        return None
    return "This program has ended; its sessions are read-only."


def checkin_refusal(session: ScheduledSession, today: date) -> str | None:
    """Why the morning-after check-in for this session cannot be made today, or ``None``."""
    if session.date >= today:
        return "The check-in is for the morning after a session."
    if today > editable_until(session):
        return f"Check-ins can be made or changed for {edit_window_days()} days after a session."
    program = session.program
    if not program.is_current and program.status != Program.Status.COMPLETED:
        return "This program has ended; its check-ins are read-only."
    return None


# --- strength days -----------------------------------------------------------------------------


def strength_days_range() -> tuple[int, int]:
    """How many strength days a week a client may choose (spec section 1: 2 to 4)."""
    program = load_rules().program
    return program.strength_days_min, program.strength_days_max


def strength_days_refusal(days: Iterable[int]) -> tuple[list[int], str | None]:
    """The chosen weekdays sorted, and why they cannot be the strength days (``None`` if fine)."""
    try:
        chosen = scheduling.validate_strength_days(list(days))
    except ValueError as error:
        return [], str(error)
    fewest, most = strength_days_range()
    if not fewest <= len(chosen) <= most:
        return chosen, (
            f"Choose {fewest} to {most} strength days (you chose {len(chosen)}). Fewer than "
            f"{fewest} a week is too little to build strength; more than {most} leaves too "
            "little time to recover."
        )
    return chosen, None


def _back_to_back(days: Iterable[int]) -> int:
    """Pairs of strength days on consecutive days, Sunday to Monday included."""
    chosen = set(days)
    return sum(1 for day in chosen if (day + 1) % 7 in chosen)


def strength_days_back_to_back(days: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive strength days that a different choice of the same number of days avoids.

    Four days in a week always include one back-to-back pair, so that alone is not worth a
    remark; the default days never get one.
    """
    chosen = sorted(set(days))
    if not chosen:
        return []
    fewest = _back_to_back(scheduling.default_strength_days(len(chosen)))
    if _back_to_back(chosen) <= fewest:
        return []
    return [(day, (day + 1) % 7) for day in chosen if (day + 1) % 7 in chosen]


# --- reassessments -----------------------------------------------------------------------------
#
# Clinical spec, sections 8 and 9. A reassessment can be taken:
# - while the program is active, at any time (weeks 6 and 12 are when it is due);
# - after the program completed (the day after its last day, which is when the week-12
#   reassessment falls due), for ``final_reassessment_window_days``; it counts as the program's
#   last week, so the week-12 rule applies;
# - never while the program is paused. A program is paused by a warning sign (a hot, red knee,
#   giving way, locking, marked swelling, not bearing weight) and waits for a clinician; the
#   reassessment asks for single-leg squats and hip-drop tests on that knee, which should wait for
#   the same clinician. Once the program is resumed the reassessment is offered again, as due.
# Which rule applies follows the program week: from week 6 the week-6 rule (physiotherapist,
# routine), from week 12 the week-12 rule (orthopaedic specialist, routine). One taken earlier is
# compared with the baseline, but no rule is applied: the spec gives exercise six weeks first.


def completed_on(program: Program) -> date:
    """The day a program completes: the day after its last scheduled day."""
    return scheduling.program_end(program.start_date, program.weeks) + timedelta(days=1)


def final_reassessment_closes(program: Program) -> date:
    """The last day on which a completed program can still take its final reassessment."""
    return completed_on(program) + timedelta(
        days=load_rules().program.final_reassessment_window_days
    )


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def reassessment_refusal(program: Program | None, today: date) -> str | None:
    """Why ``program`` cannot take a reassessment on ``today``, in words for the client, or
    ``None`` when it can."""
    if program is None:
        return "A reassessment compares you with the start of a program, and you have none yet."
    if program.status == Program.Status.ACTIVE:
        return None
    if program.status == Program.Status.PAUSED:
        return (
            "Your program is paused until a clinician has checked your knee. The reassessment "
            "includes movement tests on that knee, so it waits until your program is resumed."
        )
    if program.status == Program.Status.COMPLETED:
        closes = final_reassessment_closes(program)
        if today <= closes:
            return None
        return (
            f"Your program ended on {_day(completed_on(program) - timedelta(days=1))}, and the "
            f"final reassessment could be taken until {_day(closes)}. After that the "
            "comparison would no longer show what the program did. To see where your knee is "
            "now, take a new self-assessment."
        )
    return "This program was replaced by a newer one, so it takes no more reassessments."


def reassessment_week(program: Program, today: date) -> int:
    """The program week a reassessment taken on ``today`` belongs to.

    The current week while the program runs; its last week once it has completed, so a final
    reassessment taken a few days after the end is judged by the week-12 rule.
    """
    if program.status == Program.Status.COMPLETED:
        return program.weeks
    return max(scheduling.week_number(program.start_date, today), 1)


def rule_week_for(program_week: int) -> int | None:
    """The rule week (6 or 12) that applies to a reassessment in ``program_week``, if any."""
    first, final = scheduling.reassessment_weeks()
    if program_week >= final:
        return final
    if program_week >= first:
        return first
    return None


# --- adherence ---------------------------------------------------------------------------------


def adherence_window(today: date) -> tuple[date, date]:
    """First and last day over which adherence is judged (spec section 8: the last 14 days).

    Today is not over, so its session is not yet missed: the window ends yesterday. The flag and
    the caseload both read it here.
    """
    days = load_rules().thresholds.adherence_window_days
    return today - timedelta(days=days), today - timedelta(days=1)


def paused_intervals_of(programs: Iterable[Program]) -> dict[int, list[PausedInterval]]:
    """The days each program was paused, from its pause and resume changes (local dates, both
    ends included: a day paused at any time does not count for adherence). One query."""
    programs = list(programs)
    changes = ProgramChange.objects.filter(
        program__in=programs, kind__in=(ProgramChange.Kind.PAUSE, ProgramChange.Kind.RESUME)
    ).order_by("program_id", "created_at", "pk")
    started: dict[int, date] = {}
    intervals: dict[int, list[PausedInterval]] = {program.pk: [] for program in programs}
    for change in changes:
        day = timezone.localdate(change.created_at)
        if change.kind == ProgramChange.Kind.PAUSE:
            started.setdefault(change.program_id, day)
        elif change.program_id in started:
            begun = started.pop(change.program_id)
            intervals[change.program_id].append(PausedInterval(start=begun, end=day))
    for program in programs:
        if program.pk not in started and program.status == Program.Status.PAUSED:
            if program.paused_at is not None:
                started[program.pk] = timezone.localdate(program.paused_at)
        if program.pk in started:
            intervals[program.pk].append(PausedInterval(start=started[program.pk], end=None))
    return intervals
