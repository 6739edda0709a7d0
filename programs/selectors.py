"""Reads for the client's program pages.

Every selector takes the requesting user: an object that is not theirs is simply not found
(404). The number of queries of each page is fixed; it does not grow with the length of the
history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from assessments.models import Assessment
from programs import reassessment, scheduling, services
from programs.engine import library as exercise_library
from programs.engine import load_texts
from programs.models import (
    CheckIn,
    ExerciseLog,
    Flag,
    Message,
    Program,
    ProgramExercise,
    ProgressionDecision,
    ScheduledSession,
)
from programs.reassessment import reassessment_refusal

CURRENT = (Program.Status.ACTIVE, Program.Status.PAUSED)
OPEN_FLAG_STATUSES = (Flag.Status.OPEN, Flag.Status.ACKNOWLEDGED)
URGENCY_ORDER = {"same_day": 0, "within_2_weeks": 1, "routine": 2, "": 3}


# --- programs and sessions ---------------------------------------------------------------------


def program_current_for(user: User) -> Program | None:
    """The client's active or paused program, if any."""
    return Program.objects.filter(client=user, status__in=CURRENT).first()


def program_current_or_404(user: User) -> Program:
    program = program_current_for(user)
    if program is None:
        raise Http404("No current program")
    return program


def program_for(user: User, program_id: int) -> Program:
    return get_object_or_404(Program, pk=program_id, client=user)


def session_for(user: User, day: date) -> ScheduledSession:
    """The session on ``day`` of the client's current program (404 when there is none).

    A program completed at the end of week 12 keeps its last days reachable: they can still be
    logged late, and checked in on the morning after, within the edit window.
    """
    session = (
        ScheduledSession.objects.select_related("program")
        .filter(
            program__client=user,
            program__status__in=(*CURRENT, Program.Status.COMPLETED),
            date=day,
        )
        .order_by("-program__created_at")
        .first()
    )
    if session is None:
        raise Http404("No session on that day")
    return session


def assessment_for_start(user: User, uid: Any) -> Assessment:
    """The client's own submitted baseline assessment (404 for anyone else's)."""
    return get_object_or_404(
        Assessment,
        uid=uid,
        owner=user,
        kind=Assessment.Kind.BASELINE,
        status=Assessment.Status.SUBMITTED,
    )


def flags_for(user: User) -> QuerySet[Flag]:
    return Flag.objects.filter(client=user).select_related("program").order_by("-created_at")


def describe_flag(flag: Flag) -> Flag:
    """Attach the plain-language destination, urgency and what to do (from the engine's texts)."""
    texts = load_texts()
    destination = texts.destinations.get(flag.destination) if flag.destination else None
    urgency = texts.urgencies.get(flag.urgency) if flag.urgency else None
    flag.destination_title = destination.title if destination else "Your physiotherapist"
    flag.urgency_title = urgency.title if urgency else ""
    if flag.kind == Flag.Kind.ATTENTION:
        flag.what_to_do = (
            "Try to fit in your planned sessions this week: even a short session counts. "
            "If something gets in the way, tell your physiotherapist."
        )
    else:
        parts = [
            destination.what_to_do if destination else "",
            urgency.what_to_do if urgency else "",
        ]
        flag.what_to_do = " ".join(part for part in parts if part)
    return flag


def open_flags_for(user: User) -> list[Flag]:
    """Open and acknowledged flags, most urgent first."""
    flags = list(Flag.objects.filter(client=user, status__in=OPEN_FLAG_STATUSES))
    flags.sort(key=lambda flag: (URGENCY_ORDER.get(flag.urgency, 3), -flag.pk))
    return [describe_flag(flag) for flag in flags]


# --- how an exercise is shown ------------------------------------------------------------------


@dataclass
class ExerciseCard:
    """One exercise as the client reads it: what to do, how much, how, and what comes next."""

    exercise: ProgramExercise
    name: str
    level: int
    top_level: int
    title: str
    dose: str
    sets: int
    reps: int | None
    hold_seconds: int | None
    per_side: bool
    steps: list[str]
    cue: str
    mistakes: list[str]
    why: str
    reasons: list[str]
    without_band: bool
    next_time: str = ""

    @property
    def code(self) -> str:
        return self.exercise.code

    @property
    def by_reps(self) -> bool:
        return self.reps is not None


def dose_text(sets: int, reps: int | None, hold_seconds: int | None, per_side: bool) -> str:
    """'3 x 12 per side', '3 x 30 s hold', '3 x 10 with 5 s holds'."""
    if reps is not None:
        text = f"{sets} x {reps}"
        if hold_seconds:
            text += f" with {hold_seconds} s holds"
    else:
        text = f"{sets} x {hold_seconds} s hold"
    return text + (" per side" if per_side else "")


def exercise_card(
    exercise: ProgramExercise, equipment: list[str], next_time: str = ""
) -> ExerciseCard:
    item = exercise_library.get(exercise.code)
    level = item.level(exercise.level)
    dose = services.prescribed_dose(exercise)
    no_band = exercise_library.without_band(exercise.code, exercise.level, equipment)
    variant = level.without_band if no_band else None
    return ExerciseCard(
        exercise=exercise,
        name=item.name,
        level=exercise.level,
        top_level=item.top_level,
        title=variant.title if variant else level.title,
        dose=dose_text(dose["sets"], dose["reps"], dose["hold_seconds"], dose["per_side"]),
        sets=dose["sets"],
        reps=dose["reps"],
        hold_seconds=dose["hold_seconds"],
        per_side=dose["per_side"],
        steps=list(variant.steps if variant else level.steps),
        cue=variant.cue if variant else level.cue,
        mistakes=list(level.mistakes),
        why=item.why,
        reasons=list(exercise.reasons or []),
        without_band=no_band,
        next_time=next_time,
    )


def _exercises_with_next_time(program: Program) -> list[ProgramExercise]:
    """Active exercises, each with the reason for its current level (one query).

    The reason shown is the newest decision that led to the current level: a late log for an
    older session never hides why the level is what it is.
    """
    explaining = ProgressionDecision.objects.filter(
        program_exercise=OuterRef("pk"), to_level=OuterRef("level")
    ).order_by("-created_at", "-id")
    return list(
        program.exercises.filter(active=True).annotate(
            next_time=Subquery(explaining.values("reason")[:1])
        )
    )


def exercise_cards(program: Program, session: ScheduledSession | None = None) -> list[ExerciseCard]:
    exercises = _exercises_with_next_time(program)
    if session is not None:
        exercises = services.session_exercises(session, exercises)
    return [
        exercise_card(exercise, program.equipment, exercise.next_time or "")
        for exercise in exercises
    ]


# --- the week at a glance ----------------------------------------------------------------------


@dataclass
class DayStatus:
    day: date
    state: str  # "done", "partial", "missed", "today", "upcoming", "rest", "outside"
    is_strength_day: bool = False
    has_checkin: bool = False

    @property
    def label(self) -> str:
        return {
            "done": "Done",
            "partial": "Partly done",
            "missed": "Missed",
            "today": "Today",
            "upcoming": "Planned",
            "rest": "Rest day",
            "outside": "Not in program",
        }[self.state]

    @property
    def badge_class(self) -> str:
        return {
            "done": "text-bg-success",
            "partial": "text-bg-info",
            "missed": "text-bg-warning",
            "today": "text-bg-primary",
            "upcoming": "text-bg-light border",
            "rest": "text-bg-light border",
            "outside": "text-bg-light border",
        }[self.state]

    @property
    def short_name(self) -> str:
        return scheduling.WEEKDAY_SHORT[self.day.weekday()]


def _sessions_between(program: Program, first: date, last: date) -> dict[date, ScheduledSession]:
    sessions = ScheduledSession.objects.filter(
        program=program, date__gte=first, date__lte=last
    ).annotate(
        logged=Exists(ExerciseLog.objects.filter(session=OuterRef("pk"))),
        logged_strength=Exists(
            ExerciseLog.objects.filter(
                session=OuterRef("pk"), program_exercise__frequency="strength"
            )
        ),
        checked_in=Exists(CheckIn.objects.filter(session=OuterRef("pk"))),
    )
    return {session.date: session for session in sessions}


def _logged_state(*, is_strength_day: bool, logged: bool, logged_strength: bool) -> str | None:
    """ "done" once something was logged, but a strength day with only the daily items logged
    (for example after the strength days were moved onto a day already logged) is only
    "partial": the strength exercises are still to do."""
    if not logged:
        return None
    if is_strength_day and not logged_strength:
        return "partial"
    return "done"


def week_at_a_glance(
    program: Program, today: date, sessions: dict[date, ScheduledSession]
) -> list[DayStatus]:
    monday = scheduling.monday_of(today)
    end = scheduling.program_end(program.start_date, program.weeks)
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        session = sessions.get(day)
        if day < program.start_date or day > end:
            days.append(DayStatus(day, "outside"))
            continue
        if session is None:
            days.append(DayStatus(day, "rest"))
            continue
        logged_state = _logged_state(
            is_strength_day=session.is_strength_day,
            logged=session.logged,
            logged_strength=session.logged_strength,
        )
        if logged_state:
            state = logged_state
        elif day < today:
            state = "missed"
        elif day == today:
            state = "today"
        else:
            state = "upcoming"
        days.append(DayStatus(day, state, session.is_strength_day, session.checked_in))
    return days


# --- Today -------------------------------------------------------------------------------------


@dataclass
class TodayPage:
    program: Program | None
    today: date
    session: ScheduledSession | None = None
    cards: list[ExerciseCard] = field(default_factory=list)
    logged_today: bool = False
    week: list[DayStatus] = field(default_factory=list)
    week_number: int | None = None
    next_strength_day: date | None = None
    coming_up: list[ExerciseCard] = field(default_factory=list)
    checkin_due: ScheduledSession | None = None
    next_reassessment: tuple[int, date] | None = None
    # The reassessment week (6 or 12) that is due now and not yet taken.
    reassessment_due_week: int | None = None
    flags: list[Flag] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    # Without a program: what to do next.
    draft: Assessment | None = None
    latest_result: Assessment | None = None
    latest_allowed: bool = False
    # The program the client finished, while no newer one has started.
    completed: CompletedProgram | None = None
    # Whether a withheld result can be marked as cleared by a clinician on the result page.
    clearance_available: bool = False
    # Who to see first when the latest result withheld the program, most urgent first.
    latest_referrals: list[ReferralAdvice] = field(default_factory=list)

    @property
    def latest_is_new(self) -> bool:
        """The newest self-assessment was taken after the finished program started."""
        if self.latest_result is None:
            return False
        if self.completed is None:
            return True
        return self.latest_result.pk != self.completed.program.assessment_id and (
            self.latest_result.created_at >= self.completed.program.created_at
        )

    @property
    def strength_days_text(self) -> str:
        return scheduling.describe_days(self.program.strength_days) if self.program else ""

    @property
    def latest_needs_no_program(self) -> bool:
        """Allowed, but no finding called for an exercise."""
        evaluation = self.latest_result.evaluation if self.latest_result else None
        return bool(evaluation and evaluation.get("program_allowed") and not self.latest_allowed)

    @property
    def not_started(self) -> bool:
        return self.program is not None and self.today < self.program.start_date

    @property
    def finished(self) -> bool:
        return self.program is not None and self.today > scheduling.program_end(
            self.program.start_date, self.program.weeks
        )


def today_page(user: User, today: date) -> TodayPage:
    program = program_current_for(user)
    messages = list(
        Message.objects.filter(client=user)
        .select_related("physiotherapist")
        .order_by("-created_at", "-id")[:5]
    )
    flags = open_flags_for(user)
    if program is None:
        return _today_without_program(user, today, flags, messages)

    yesterday = today - timedelta(days=1)
    monday = scheduling.monday_of(today)
    sessions = _sessions_between(program, min(monday, yesterday), monday + timedelta(days=6))
    session = sessions.get(today)
    page = TodayPage(
        program=program,
        today=today,
        session=session,
        flags=flags,
        messages=messages,
        week=week_at_a_glance(program, today, sessions),
        week_number=scheduling.week_number(program.start_date, today),
    )
    exercises = _exercises_with_next_time(program)
    if session is not None:
        page.cards = [
            exercise_card(exercise, program.equipment, exercise.next_time or "")
            for exercise in services.session_exercises(session, exercises)
        ]
        page.logged_today = bool(session.logged)
    if session is None or not session.is_strength_day:
        # On a rest day (or a daily-only day) show what the next strength day holds, and why.
        page.next_strength_day = (
            ScheduledSession.objects.filter(program=program, date__gt=today, is_strength_day=True)
            .values_list("date", flat=True)
            .first()
        )
        if page.next_strength_day is not None:
            page.coming_up = [
                exercise_card(exercise, program.equipment, exercise.next_time or "")
                for exercise in exercises
                if exercise.frequency == "strength"
            ]
    before = sessions.get(yesterday)
    if before is not None and before.logged and not before.checked_in:
        page.checkin_due = before
    page.next_reassessment = next(
        ((week, due) for week, due in services.program_reassessment_dates(program) if due >= today),
        None,
    )
    page.reassessment_due_week = reassessment.reassessment_due(program, today)
    return page


def _today_without_program(
    user: User, today: date, flags: list[Flag], messages: list[Message]
) -> TodayPage:
    baseline = Assessment.objects.filter(owner=user, kind=Assessment.Kind.BASELINE)
    draft = baseline.filter(status=Assessment.Status.DRAFT).order_by("-updated_at").first()
    latest = (
        baseline.filter(status=Assessment.Status.SUBMITTED)
        .order_by("-submitted_at", "-created_at")
        .first()
    )
    allowed = False
    if latest is not None and latest.evaluation:
        allowed = bool(
            latest.evaluation.get("program_allowed") and latest.evaluation.get("exercises")
        )
    referrals = []
    if latest is not None and latest.evaluation and not latest.evaluation.get("program_allowed"):
        referrals = referral_advice(latest.evaluation.get("referrals", []))
    latest_program = Program.objects.filter(client=user).select_related("assessment").first()
    completed = None
    if latest_program is not None and latest_program.status == Program.Status.COMPLETED:
        completed = completed_program(latest_program, today=today)
    return TodayPage(
        program=None,
        today=today,
        flags=flags,
        messages=messages,
        draft=draft,
        latest_result=latest,
        latest_allowed=allowed,
        completed=completed,
        clearance_available=_clearance_available(),
        latest_referrals=referrals,
    )


@dataclass
class ReferralAdvice:
    destination: str
    urgency: str
    urgency_code: str
    reasons: list[str]
    what_to_do: str


def referral_advice(referrals: list[dict[str, Any]]) -> list[ReferralAdvice]:
    """The stored referrals of a result in plain words (from the engine's texts)."""
    texts = load_texts()
    advice = []
    for referral in sorted(referrals, key=lambda item: URGENCY_ORDER.get(item.get("urgency"), 3)):
        destination = texts.destinations.get(referral.get("destination"))
        urgency = texts.urgencies.get(referral.get("urgency"))
        advice.append(
            ReferralAdvice(
                destination=destination.title if destination else "A clinician",
                urgency=urgency.title if urgency else "",
                urgency_code=referral.get("urgency") or "",
                reasons=list(referral.get("reasons") or []),
                what_to_do=" ".join(
                    part
                    for part in (
                        destination.what_to_do if destination else "",
                        urgency.what_to_do if urgency else "",
                    )
                    if part
                ),
            )
        )
    return advice


def _clearance_available() -> bool:
    try:
        reverse("assessments:clearance", args=["00000000-0000-0000-0000-000000000000"])
    except NoReverseMatch:
        return False
    return True


# --- a finished program ------------------------------------------------------------------------


@dataclass
class ExerciseReached:
    name: str
    start_level: int | None
    level: int
    top_level: int
    active: bool


@dataclass
class CompletedProgram:
    """What twelve weeks added up to, for the "Program complete" summary on Today."""

    program: Program
    weeks: int
    weeks_with_sessions: int
    sessions_scheduled: int
    sessions_logged: int
    exercises: list[ExerciseReached]
    final_reassessment_done: bool
    # Still within the window after the end in which the final reassessment can be taken.
    final_reassessment_open: bool

    @property
    def adherence_percent(self) -> int:
        if not self.sessions_scheduled:
            return 0
        return round(100 * self.sessions_logged / self.sessions_scheduled)

    @property
    def end_date(self) -> date:
        return scheduling.program_end(self.program.start_date, self.program.weeks)


def completed_program(program: Program, *, today: date) -> CompletedProgram:
    """The summary of a completed program (four queries, whatever its length)."""
    sessions = ScheduledSession.objects.filter(program=program).annotate(
        logged=Exists(ExerciseLog.objects.filter(session=OuterRef("pk")))
    )
    rows = list(sessions.values_list("week", "logged"))
    start_levels = {
        item.get("code"): item.get("level")
        for item in (program.assessment.evaluation or {}).get("exercises", [])
    }
    exercises = []
    for exercise in program.exercises.all():
        item = exercise_library.get(exercise.code)
        exercises.append(
            ExerciseReached(
                name=item.name,
                start_level=(
                    start_levels.get(exercise.code)
                    if exercise.source == ProgramExercise.Source.ASSESSMENT
                    else None
                ),
                level=exercise.level,
                top_level=item.top_level,
                active=exercise.active,
            )
        )
    final_week = scheduling.REASSESSMENT_WEEKS[-1]
    final_done = Assessment.objects.filter(
        program=program,
        kind=Assessment.Kind.REASSESSMENT,
        status=Assessment.Status.SUBMITTED,
        program_week__gte=min(final_week, program.weeks),
    ).exists()
    return CompletedProgram(
        program=program,
        weeks=program.weeks,
        weeks_with_sessions=len({week for week, logged in rows if logged}),
        sessions_scheduled=len(rows),
        sessions_logged=sum(1 for _, logged in rows if logged),
        exercises=exercises,
        final_reassessment_done=final_done,
        final_reassessment_open=not final_done and reassessment_refusal(program, today) is None,
    )


# --- a session's page --------------------------------------------------------------------------


@dataclass
class SessionPage:
    session: ScheduledSession
    cards: list[ExerciseCard]
    logs: dict[str, ExerciseLog]
    can_log: bool
    why_not: str
    checkin: CheckIn | None
    state: str

    @property
    def is_logged(self) -> bool:
        return bool(self.logs)

    @property
    def editable_until(self) -> date:
        return self.session.date + timedelta(days=services.EDIT_WINDOW_DAYS)


def session_page(user: User, day: date, today: date) -> SessionPage:
    session = session_for(user, day)
    program = session.program
    cards = exercise_cards(program, session)
    logs = {
        log.program_exercise.code: log
        for log in ExerciseLog.objects.filter(session=session).select_related("program_exercise")
    }
    # Exercises logged that day but since removed by the physiotherapist still show.
    shown = {card.code for card in cards}
    for code, log in logs.items():
        if code not in shown:
            cards.append(exercise_card(log.program_exercise, program.equipment))
    can_log, why_not = services.logging_state(session, today)
    checkin = CheckIn.objects.filter(session=session).first()
    logged_state = _logged_state(
        is_strength_day=session.is_strength_day,
        logged=bool(logs),
        logged_strength=any(log.program_exercise.frequency == "strength" for log in logs.values()),
    )
    if logged_state:
        state = logged_state
    elif day < today:
        state = "missed"
    elif day == today:
        state = "today"
    else:
        state = "upcoming"
    return SessionPage(session, cards, logs, can_log, why_not, checkin, state)


def checkin_existing(session: ScheduledSession) -> CheckIn | None:
    return CheckIn.objects.filter(session=session).first()


def flags_page(user: User) -> dict[str, list[Flag]]:
    flags = [describe_flag(flag) for flag in flags_for(user)]
    return {
        "open": [flag for flag in flags if flag.status in OPEN_FLAG_STATUSES],
        "resolved": [flag for flag in flags if flag.status == Flag.Status.RESOLVED],
    }
