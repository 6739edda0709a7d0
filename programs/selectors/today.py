"""The client's Today page: today's session, the week at a glance, what comes next, flags and
messages; without a program, what to do next; after one, what it added up to.

Reading this page changes nothing clinical: completing programs and the adherence check are the
daily job's (``manage.py run_daily``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, OuterRef

from accounts.models import User
from assessments.models import Assessment
from assessments.presentation import (
    PAUSED_BODY,
    PAUSED_HEADING,
    destination_title,
    paused_why,
    referral_what_to_do,
    urgency_title,
    without_sentences,
)
from programs import scheduling
from programs.engine import SessionEstimate
from programs.engine import library as exercise_library
from programs.engine.referrals import reasons_withheld
from programs.models import (
    ExerciseLog,
    Flag,
    Message,
    Program,
    ProgramChange,
    ProgramExercise,
    ScheduledSession,
    done_logs,
)
from programs.policy import paused_intervals_of, reassessment_refusal, session_exercises
from programs.selectors.cards import (
    ExerciseCard,
    exercise_card,
    exercises_with_next_time,
    session_length,
)
from programs.selectors.days import DayStatus, sessions_between, week_at_a_glance
from programs.selectors.flags import URGENCY_ORDER, open_flags_for
from programs.selectors.programs import program_reassessment_dates
from programs.selectors.reassessments import reassessment_due


@dataclass
class ReferralAdvice:
    destination: str
    urgency: str
    urgency_code: str
    reasons: list[str]
    what_to_do: str


def referral_advice(referrals: list[dict[str, Any]]) -> list[ReferralAdvice]:
    """The stored referrals of a result in plain words, most urgent first."""
    advice = []
    for referral in sorted(referrals, key=lambda item: URGENCY_ORDER.get(item.get("urgency"), 3)):
        destination, urgency = referral.get("destination"), referral.get("urgency")
        advice.append(
            ReferralAdvice(
                destination=destination_title(destination) or "A clinician",
                urgency=urgency_title(urgency),
                urgency_code=urgency or "",
                # Only a withheld result's referrals are shown here: none says exercises start.
                reasons=reasons_withheld(list(referral.get("reasons") or [])),
                what_to_do=referral_what_to_do(destination, urgency),
            )
        )
    return advice


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
        logged=Exists(ExerciseLog.objects.filter(done_logs(), session=OuterRef("pk")))
    )
    # Days the program was paused are not counted as sessions to do (as for adherence, spec
    # section 8): the client was told not to exercise then.
    pauses = paused_intervals_of([program]).get(program.pk, [])
    rows = [
        (week, logged)
        for day, week, logged in sessions.values_list("date", "week", "logged")
        if logged or not any(pause.covers(day) for pause in pauses)
    ]
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
    final_week = scheduling.reassessment_weeks()[-1]
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


@dataclass
class TodayPage:
    program: Program | None
    today: date
    session: ScheduledSession | None = None
    cards: list[ExerciseCard] = field(default_factory=list)
    # How long today's exercises take, against the client's minutes (spec section 6).
    length: SessionEstimate | None = None
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
    # Who to see first when the latest result withheld the program, most urgent first.
    latest_referrals: list[ReferralAdvice] = field(default_factory=list)
    # The newest changes to the program; a pause's reason without the flag sentence the page
    # already shows (``shown_reason``).
    changes: list[ProgramChange] = field(default_factory=list)
    # While paused: why (a pointer to the flag when the flag says it), and that nothing is due.
    paused_why: str = ""
    paused_heading: str = PAUSED_HEADING
    paused_body: str = PAUSED_BODY

    @property
    def paused(self) -> bool:
        return self.program is not None and self.program.status == Program.Status.PAUSED

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
    program = Program.objects.current_for(user)
    messages = list(
        Message.objects.filter(client=user, sender=Message.Sender.PHYSIOTHERAPIST)
        .select_related("physiotherapist")
        .order_by("-created_at", "-id")[:5]
    )
    flags = open_flags_for(user)
    if program is None:
        return _today_without_program(user, today, flags, messages)

    yesterday = today - timedelta(days=1)
    monday = scheduling.monday_of(today)
    sessions = sessions_between(program, min(monday, yesterday), monday + timedelta(days=6))
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
    # Each referral sentence once: a flag's reason is said in the flag, the pause's in "Why".
    shown = [flag.reason for flag in flags]
    if page.paused:
        page.paused_why = paused_why(program.paused_reason, shown)
        shown.append(page.paused_why)
    page.changes = list(program.changes.select_related("actor").order_by("-created_at", "-id")[:5])
    for change in page.changes:
        change.shown_reason = (
            without_sentences(change.reason, shown)
            if change.kind == ProgramChange.Kind.PAUSE
            else change.reason
        )
    if page.paused:
        # Nothing is due while paused: no session, no next strength day (spec section 8).
        return page
    exercises = exercises_with_next_time(program)
    if session is not None:
        page.cards = [
            exercise_card(exercise, program.equipment)
            for exercise in session_exercises(session, exercises)
        ]
        page.length = session_length(program, page.cards)
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
                exercise_card(exercise, program.equipment)
                for exercise in exercises
                if exercise.frequency == "strength"
            ]
    before = sessions.get(yesterday)
    if before is not None and before.logged and not before.checked_in:
        page.checkin_due = before
    page.next_reassessment = next(
        ((week, due) for week, due in program_reassessment_dates(program) if due >= today), None
    )
    page.reassessment_due_week = reassessment_due(program, today)
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
    evaluation = (latest.evaluation or {}) if latest is not None else {}
    allowed = bool(evaluation.get("program_allowed") and evaluation.get("exercises"))
    referrals = []
    if evaluation and not evaluation.get("program_allowed"):
        referrals = referral_advice(evaluation.get("referrals", []))
    latest_program = Program.objects.latest_for(user)
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
        latest_referrals=referrals,
    )
