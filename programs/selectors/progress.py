"""The progress page's numbers: adherence, pain, levels and function over time.

Every function reads a fixed number of queries whatever the length of the history (one per kind of
data, aggregated in the database), so twelve weeks of logs cost the same as one. The numbers are
descriptive only: the clinical decisions they reflect were taken by the engine when the data was
logged, and are stored with their reasons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Max
from django.utils import timezone
from pydantic import ValidationError

from assessments.models import Assessment
from assessments.presentation import exercise_name
from programs import scheduling
from programs.engine import PausedInterval
from programs.engine.answers import Answers, ReassessmentAnswers
from programs.models import (
    Program,
    ProgramChange,
    ProgressionDecision,
    ScheduledSession,
    done_logs,
)
from programs.policy import paused_intervals_of


def program_week_of(program: Program, day: date) -> int:
    """Week number (1-based) of ``day`` in the program; days before the start count as week 1."""
    return max(scheduling.week_number(program.start_date, day), 1)


def week_end(program: Program, week: int) -> date:
    """Last day of a program week (the end of week 6 is the 42nd day)."""
    return scheduling.end_of_week(program.start_date, week)


@dataclass(frozen=True)
class SessionPoint:
    """One scheduled day up to today, with what was logged for it."""

    date: date
    week: int
    is_strength_day: bool
    exercises_logged: int
    # The highest pain during any exercise that day: the rules judge the worst exercise
    # (6/10 or more steps it down, 8/10 or more is flagged), not an average that hides it.
    pain_during_max: int | None
    morning_pain: int | None

    @property
    def logged(self) -> bool:
        return self.exercises_logged > 0


@dataclass(frozen=True)
class WeekAdherence:
    week: int
    scheduled: int
    logged: int

    @property
    def percent(self) -> int:
        return round(100 * self.logged / self.scheduled) if self.scheduled else 0


@dataclass(frozen=True)
class LevelChange:
    date: date
    from_level: int
    to_level: int
    reason: str


@dataclass
class LevelSeries:
    """One exercise's level at the end of each program week so far."""

    code: str
    name: str
    current_level: int
    active: bool
    levels: list[int | None] = field(default_factory=list)
    changes: list[LevelChange] = field(default_factory=list)


@dataclass(frozen=True)
class FunctionScorePoint:
    label: str
    date: date
    score: float | None
    assessment: Assessment


@dataclass(frozen=True)
class ProgressSummary:
    program: Program
    today: date
    current_week: int
    sessions: list[SessionPoint]
    weeks: list[WeekAdherence]
    levels: list[LevelSeries]
    function_scores: list[FunctionScorePoint]

    @property
    def pain_sessions(self) -> list[SessionPoint]:
        """Sessions with any pain recorded (during the exercises or the morning after)."""
        return [
            point
            for point in self.sessions
            if point.pain_during_max is not None or point.morning_pain is not None
        ]

    @property
    def reassessments(self) -> list[FunctionScorePoint]:
        return [
            point
            for point in self.function_scores
            if point.assessment.kind == Assessment.Kind.REASSESSMENT
        ]


def session_points(program: Program, *, today: date) -> list[SessionPoint]:
    """Every scheduled day up to today with its highest pain during and morning-after pain.

    One aggregated query: the highest score of the exercises logged that day, the same reading
    as the physiotherapist's caseload.
    """
    rows = (
        ScheduledSession.objects.filter(program=program, date__lte=today)
        .annotate(
            n_logs=Count("exercise_logs", filter=done_logs("exercise_logs__")),
            pain_max=Max("exercise_logs__pain_during", filter=done_logs("exercise_logs__")),
            morning=F("checkin__pain_now"),
        )
        .order_by("date")
        .values("date", "week", "is_strength_day", "n_logs", "pain_max", "morning")
    )
    return [
        SessionPoint(
            date=row["date"],
            week=row["week"],
            is_strength_day=row["is_strength_day"],
            exercises_logged=row["n_logs"],
            pain_during_max=row["pain_max"],
            morning_pain=row["morning"],
        )
        for row in rows
    ]


def weekly_adherence(
    sessions: list[SessionPoint],
    *,
    today: date,
    pauses: Iterable[PausedInterval] = (),
) -> list[WeekAdherence]:
    """Logged / scheduled sessions per week; a session counts as logged when any exercise was.

    As for adherence (spec section 8), a day the program was paused is not a session to do, and
    neither is today until something is logged: the client was told not to exercise then, and
    today is not over. A session logged anyway counts.
    """
    pauses = list(pauses)
    scheduled: dict[int, int] = defaultdict(int)
    logged: dict[int, int] = defaultdict(int)
    for point in sessions:
        if not point.logged and (
            point.date >= today or any(pause.covers(point.date) for pause in pauses)
        ):
            continue
        scheduled[point.week] += 1
        logged[point.week] += int(point.logged)
    return [
        WeekAdherence(week=week, scheduled=scheduled[week], logged=logged[week])
        for week in sorted(scheduled)
    ]


def _change_level(value: object) -> int | None:
    if isinstance(value, dict):
        value = value.get("level")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def level_history(program: Program, *, today: date) -> list[LevelSeries]:
    """Each exercise's level at the end of every week so far.

    Built from the progression decisions (the engine's advance / hold / regress, and adjustments)
    and the physiotherapist's level changes, in time order. Three queries in all.
    """
    exercises = list(program.exercises.all())
    events: dict[str, list[tuple[date, int, int, str]]] = defaultdict(list)
    by_id = {exercise.pk: exercise for exercise in exercises}
    decisions = (
        ProgressionDecision.objects.filter(program_exercise__program=program)
        .exclude(from_level=F("to_level"))
        .order_by("created_at", "id")
        .values(
            "program_exercise_id",
            "created_at",
            "exercise_log__session__date",
            "session_date",
            "from_level",
            "to_level",
            "reason",
        )
    )
    for row in decisions:
        exercise = by_id.get(row["program_exercise_id"])
        if exercise is not None:
            # A decision belongs to the day of the session it followed (a late log for Monday
            # still changed the level from Monday on); a physiotherapist's to its own day.
            when = (
                row["exercise_log__session__date"]
                or row["session_date"]
                or timezone.localdate(row["created_at"])
            )
            events[exercise.code].append((when, row["from_level"], row["to_level"], row["reason"]))
    changes = (
        ProgramChange.objects.filter(program=program, kind=ProgramChange.Kind.LEVEL)
        .order_by("created_at", "id")
        .values("exercise_code", "created_at", "before", "after", "reason")
    )
    for row in changes:
        before, after = _change_level(row["before"]), _change_level(row["after"])
        if after is None or before == after:
            continue
        events[row["exercise_code"]].append(
            (
                timezone.localdate(row["created_at"]),
                before if before is not None else after,
                after,
                row["reason"],
            )
        )

    last_week = program_week_of(program, min(today, week_end(program, program.weeks)))
    series = []
    for exercise in exercises:
        history = sorted(events.get(exercise.code, []), key=lambda item: item[0])
        # A physiotherapist's change may be stored both as a decision and as a program change;
        # keep one of two identical consecutive changes.
        changes_out: list[LevelChange] = []
        for day, from_level, to_level, reason in history:
            previous = changes_out[-1] if changes_out else None
            if previous and (previous.date, previous.to_level) == (day, to_level):
                continue
            changes_out.append(LevelChange(day, from_level, to_level, reason))
        level = changes_out[0].from_level if changes_out else exercise.level
        levels: list[int | None] = []
        index = 0
        for week in range(1, last_week + 1):
            # The last week shown takes every change so far, even one dated after it.
            end = week_end(program, week) if week < last_week else date.max
            while index < len(changes_out) and changes_out[index].date <= end:
                level = changes_out[index].to_level
                index += 1
            levels.append(level)
        series.append(
            LevelSeries(
                code=exercise.code,
                name=exercise_name(exercise.code),
                current_level=exercise.level,
                active=exercise.active,
                levels=levels,
                changes=changes_out,
            )
        )
    return series


def function_score(assessment: Assessment) -> float | None:
    """The engine's function score of the stored answers (None when no item was answered)."""
    model = Answers if assessment.kind == Assessment.Kind.BASELINE else ReassessmentAnswers
    try:
        return model.model_validate(assessment.answers).function_score()
    except ValidationError:
        return None


def function_scores(program: Program) -> list[FunctionScorePoint]:
    """The function score at baseline and at each reassessment of this program (one query)."""
    baseline = program.assessment
    points = [
        FunctionScorePoint(
            label="Start",
            date=timezone.localdate(baseline.submitted_at or baseline.created_at),
            score=function_score(baseline),
            assessment=baseline,
        )
    ]
    reassessments = Assessment.objects.filter(
        program=program,
        owner_id=program.client_id,
        kind=Assessment.Kind.REASSESSMENT,
        status=Assessment.Status.SUBMITTED,
    ).order_by("submitted_at", "id")
    for item in reassessments:
        points.append(
            FunctionScorePoint(
                label=f"Week {item.program_week}" if item.program_week else "Reassessment",
                date=timezone.localdate(item.submitted_at or item.created_at),
                score=function_score(item),
                assessment=item,
            )
        )
    return points


def program_progress(program: Program, *, today: date) -> ProgressSummary:
    """Everything the progress page shows, for one program the caller has already checked."""
    sessions = session_points(program, today=today)
    return ProgressSummary(
        program=program,
        today=today,
        current_week=program_week_of(program, today),
        sessions=sessions,
        weeks=weekly_adherence(
            sessions, today=today, pauses=paused_intervals_of([program]).get(program.pk, [])
        ),
        levels=level_history(program, today=today),
        function_scores=function_scores(program),
    )
