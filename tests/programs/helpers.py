"""Reusable test helpers: a submitted assessment through the real engine, a generated program,
and quick session logs. Other test packages import these.

    program = make_program(client_user, start_date=date(2026, 3, 2))
    log_session(program, date(2026, 3, 2), pain_during=1, today=date(2026, 3, 2))
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment
from demo.answers import TYPICAL_ANSWERS
from programs import services
from programs.engine import Answers, evaluate
from programs.models import Flag, Program, ScheduledSession
from programs.policy import prescribed_dose, session_exercises

# Strength exercises only (no daily items): sessions fall on the strength days alone.
STRENGTH_ONLY_ANSWERS: dict[str, Any] = {
    "age": 40,
    "side": "both",
    "pain_now": 1,
    "pain_worst_week": 3,
    "single_leg_squat_left": "slight",
    "single_leg_squat_right": "slight",
    "equipment": ["band_medium"],
    "sessions_per_week": 2,
}

# Giving way: the engine withholds the program until a clinician has cleared it.
NOT_ALLOWED_ANSWERS: dict[str, Any] = {**TYPICAL_ANSWERS, "giving_way": True}


def make_assessment(
    client: User | None,
    answers: dict[str, Any] | None = None,
    *,
    submitted: bool = True,
    submitted_at: datetime | None = None,
    **overrides: Any,
) -> Assessment:
    """A baseline assessment owned by ``client``, evaluated by the real engine when submitted."""
    data = {**(TYPICAL_ANSWERS if answers is None else answers), **overrides}
    assessment = Assessment(owner=client, answers=data)
    if submitted:
        evaluation = evaluate(Answers.model_validate(data))
        assessment.status = Assessment.Status.SUBMITTED
        assessment.evaluation = evaluation.model_dump(mode="json")
        assessment.rules_version = evaluation.rules_version
        assessment.submitted_at = submitted_at or timezone.now()
    assessment.save()
    return assessment


def make_program(
    client: User,
    *,
    start_date: date = date(2026, 3, 2),
    answers: dict[str, Any] | None = None,
    strength_days: list[int] | None = None,
    assessment: Assessment | None = None,
    replace_current: bool = False,
    **overrides: Any,
) -> Program:
    """Submit an assessment through the engine and generate the program from it.

    The default start date is a Monday, so week 1 runs Monday to Sunday.
    """
    assessment = assessment or make_assessment(client, answers, **overrides)
    return services.program_generate(
        client=client,
        assessment=assessment,
        start_date=start_date,
        strength_days=strength_days,
        replace_current=replace_current,
    )


def session_on(program: Program, day: date) -> ScheduledSession:
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
    """Log every exercise due on ``day`` (by default on that very day)."""
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
    from datetime import timedelta

    return services.checkin_record(
        client=program.client,
        session=session_on(program, session_day),
        entry=services.CheckInEntry(pain_now=pain_now, **signs),
        today=today or session_day + timedelta(days=1),
    )


def aware(day: date, hour: int = 9) -> datetime:
    """A timezone-aware moment on ``day`` (for time-machine travel)."""
    return timezone.make_aware(datetime.combine(day, time(hour)))


def make_flag(
    client: User,
    *,
    reason: str = "Pain 8/10 during clamshells.",
    destination: str = "physiotherapist",
    urgency: str = "within_2_weeks",
    dedupe_key: str = "x",
) -> Flag:
    """An open referral flag raised from a session, as the rules would store it."""
    return Flag.objects.create(
        client=client,
        destination=destination,
        urgency=urgency,
        reason=reason,
        source="session",
        dedupe_key=dedupe_key,
    )
