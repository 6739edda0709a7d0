"""Days of the program: the week at a glance and one session's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.errors import NotFound
from accounts.models import User
from assessments.presentation import PAUSED_DAY_LABEL
from programs import scheduling
from programs.engine import SessionEstimate
from programs.models import (
    CURRENT_STATUSES,
    CheckIn,
    ExerciseLog,
    Flag,
    Program,
    ProgressionDecision,
    ScheduledSession,
    done_logs,
)
from programs.policy import editable_until, logging_refusal
from programs.selectors.cards import ExerciseCard, exercise_card, exercise_cards, session_length

DAY_LABELS = {
    "done": "Done",
    "partial": "Partly done",
    "missed": "Missed",
    "today": "Today",
    "upcoming": "Planned",
    "rest": "Rest day",
    "outside": "Not in program",
    "paused": PAUSED_DAY_LABEL,
}
DAY_BADGES = {
    "done": "text-bg-success",
    "partial": "text-bg-info",
    "missed": "text-bg-warning",
    "today": "text-bg-primary",
    "upcoming": "text-bg-light border",
    "rest": "text-bg-light border",
    "outside": "text-bg-light border",
    "paused": "text-bg-secondary",
}


@dataclass
class DayStatus:
    day: date
    # "done", "partial", "missed", "today", "upcoming", "rest", "outside", or "paused" (a day
    # not logged since the program was paused: nothing is due on it).
    state: str
    is_strength_day: bool = False
    has_checkin: bool = False

    @property
    def label(self) -> str:
        return DAY_LABELS[self.state]

    @property
    def badge_class(self) -> str:
        return DAY_BADGES[self.state]

    @property
    def short_name(self) -> str:
        return scheduling.WEEKDAY_SHORT[self.day.weekday()]


def sessions_between(program: Program, first: date, last: date) -> dict[date, ScheduledSession]:
    sessions = ScheduledSession.objects.filter(
        program=program, date__gte=first, date__lte=last
    ).annotate(
        logged=Exists(ExerciseLog.objects.filter(done_logs(), session=OuterRef("pk"))),
        logged_strength=Exists(
            ExerciseLog.objects.filter(
                done_logs(), session=OuterRef("pk"), program_exercise__frequency="strength"
            )
        ),
        checked_in=Exists(CheckIn.objects.filter(session=OuterRef("pk"))),
    )
    return {session.date: session for session in sessions}


def day_state(
    *, day: date, today: date, is_strength_day: bool, logged: bool, logged_strength: bool
) -> str:
    """ "done" once something was logged, but a strength day with only the daily items logged
    (for example after the strength days were moved onto a day already logged) is only
    "partial": the strength exercises are still to do. Otherwise missed, today or upcoming."""
    if logged:
        return "partial" if is_strength_day and not logged_strength else "done"
    if day < today:
        return "missed"
    if day == today:
        return "today"
    return "upcoming"


def week_at_a_glance(
    program: Program, today: date, sessions: dict[date, ScheduledSession]
) -> list[DayStatus]:
    monday = scheduling.monday_of(today)
    end = scheduling.program_end(program.start_date, program.weeks)
    paused_from = None
    if program.status == Program.Status.PAUSED:
        paused_from = timezone.localdate(program.paused_at) if program.paused_at else today
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
        state = day_state(
            day=day,
            today=today,
            is_strength_day=session.is_strength_day,
            logged=session.logged,
            logged_strength=session.logged_strength,
        )
        if paused_from is not None and day >= min(paused_from, today) and not session.logged:
            state = "paused"
        days.append(DayStatus(day, state, session.is_strength_day, session.checked_in))
    return days


def session_for(user: User, day: date) -> ScheduledSession:
    """The session on ``day`` of the client's current program (404 when there is none).

    A program completed at the end of week 12 keeps its last days reachable: they can still be
    logged late, and checked in on the morning after, within the edit window.
    """
    session = (
        ScheduledSession.objects.select_related("program", "program__assessment")
        .filter(
            program__client=user,
            program__status__in=(*CURRENT_STATUSES, Program.Status.COMPLETED),
            date=day,
        )
        .order_by("-program__created_at")
        .first()
    )
    if session is None:
        raise NotFound("No session on that day.")
    return session


@dataclass
class SessionPage:
    session: ScheduledSession
    cards: list[ExerciseCard]
    logs: dict[str, ExerciseLog]
    why_not: str
    checkin: CheckIn | None
    state: str
    length: SessionEstimate | None = None

    @property
    def can_log(self) -> bool:
        return not self.why_not

    @property
    def is_logged(self) -> bool:
        return any(log.is_done for log in self.logs.values())

    @property
    def editable_until(self) -> date:
        return editable_until(self.session)


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
    state = day_state(
        day=day,
        today=today,
        is_strength_day=session.is_strength_day,
        logged=any(log.is_done for log in logs.values()),
        logged_strength=any(
            log.is_done and log.program_exercise.frequency == "strength" for log in logs.values()
        ),
    )
    return SessionPage(
        session=session,
        cards=cards,
        logs=logs,
        why_not=logging_refusal(session, today) or "",
        checkin=CheckIn.objects.filter(session=session).first(),
        state=state,
        length=session_length(program, cards),
    )


def checkin_existing(session: ScheduledSession) -> CheckIn | None:
    return CheckIn.objects.filter(session=session).first()


def session_outcomes(client: User, session: ScheduledSession) -> tuple[dict[int, tuple], set[int]]:
    """What the session's logs had already decided, and which flags the client already had.

    Compared with a save's result, it tells which decisions and flags that save caused, so a
    re-submitted form does not repeat what Today already shows.
    """
    decided = {
        log_id: (action, to_level)
        for log_id, action, to_level in ProgressionDecision.objects.filter(
            exercise_log__session=session
        ).values_list("exercise_log_id", "action", "to_level")
    }
    flag_ids = set(Flag.objects.filter(client=client).values_list("id", flat=True))
    return decided, flag_ids
