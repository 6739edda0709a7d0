"""What a client does, through the app's own services: log the exercises due on a day, answer
the morning-after check-in. The data they act on comes from ``tests/factories.py``.

    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START, pain_during=1)
    check_in(program, START, pain_now=2)
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from accounts.models import User
from assessments.models import Assessment
from demo.answers import TYPICAL_ANSWERS
from programs import services
from programs.models import Flag, Program, ScheduledSession
from programs.policy import prescribed_dose, session_exercises
from tests import dates
from tests.factories import (
    NOT_ALLOWED_ANSWERS,
    STRENGTH_ONLY_ANSWERS,
    AssessmentFactory,
    FlagFactory,
    ProgramFactory,
)


def session_on(program: Program, day: date) -> ScheduledSession:
    """The program's scheduled day ``day`` (it must be one of the program's days)."""
    return ScheduledSession.objects.get(program=program, date=day)


def entries_for(
    program: Program,
    day: date,
    *,
    pain_during: int = 1,
    difficulty: str = "easy",
    complete: bool = True,
    codes: list[str] | None = None,
) -> list[services.LogEntry]:
    """One log entry per exercise due on ``day``, with the prescribed dose done (or not)."""
    session = session_on(program, day)
    entries = []
    for exercise in session_exercises(session, program.exercises.all()):
        if codes is not None and exercise.code not in codes:
            continue
        dose = prescribed_dose(exercise)
        sets = dose.sets if complete else max(dose.sets - 1, 0)
        entries.append(
            services.LogEntry(
                code=exercise.code,
                sets_done=sets,
                reps_done=dose.reps,
                hold_seconds_done=None if dose.reps else dose.hold_seconds,
                pain_during=pain_during,
                difficulty=difficulty,
            )
        )
    return entries


def log_session(
    program: Program,
    day: date,
    *,
    today: date | None = None,
    pain_during: int = 1,
    difficulty: str = "easy",
    complete: bool = True,
    codes: list[str] | None = None,
) -> services.LogResult:
    """Log every exercise due on ``day`` (by default on that very day) through the service, so
    progression and flags follow as they would for the client."""
    return services.session_log_record(
        client=program.client,
        session=session_on(program, day),
        entries=entries_for(
            program,
            day,
            pain_during=pain_during,
            difficulty=difficulty,
            complete=complete,
            codes=codes,
        ),
        today=today or day,
    )


def check_in(
    program: Program, session_day: date, *, pain_now: int = 1, today: date | None = None, **signs
) -> services.CheckInResult:
    """The morning-after check-in for the session on ``session_day`` (made the next day)."""
    return services.checkin_record(
        client=program.client,
        session=session_on(program, session_day),
        entry=services.CheckInEntry(pain_now=pain_now, **signs),
        today=today or session_day + timedelta(days=1),
    )


# --- older names of the factories, for tests written before them -----------------------------


def aware(day: date, hour: int = 9) -> datetime:
    return dates.aware(day, hour)


def make_assessment(
    client: User | None,
    answers: dict[str, Any] | None = None,
    *,
    submitted: bool = True,
    submitted_at: datetime | None = None,
    **overrides: Any,
) -> Assessment:
    """``AssessmentFactory(owner=client, ...)``."""
    extra = {} if submitted_at is None else {"submitted_at": submitted_at}
    return AssessmentFactory(
        owner=client,
        answers={**(TYPICAL_ANSWERS if answers is None else answers), **overrides},
        draft=not submitted,
        **extra,
    )


def make_program(
    client: User,
    *,
    start_date: date = dates.START,
    answers: dict[str, Any] | None = None,
    strength_days: list[int] | None = None,
    assessment: Assessment | None = None,
    replace_current: bool = False,
    **overrides: Any,
) -> Program:
    """``ProgramFactory(client=client, ...)``."""
    return ProgramFactory(
        client=client,
        start_date=start_date,
        strength_days=strength_days,
        replace_current=replace_current,
        assessment=assessment or make_assessment(client, answers, **overrides),
    )


def make_flag(client: User, **fields: Any) -> Flag:
    """``FlagFactory(client=client, ...)``."""
    return FlagFactory(client=client, **fields)


__all__ = [
    "NOT_ALLOWED_ANSWERS",
    "STRENGTH_ONLY_ANSWERS",
    "TYPICAL_ANSWERS",
    "aware",
    "check_in",
    "entries_for",
    "log_session",
    "make_assessment",
    "make_flag",
    "make_program",
    "session_on",
]
