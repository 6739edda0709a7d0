"""Logging a session and the morning-after check-in (spec section 6), with what follows from
them: progression decisions and flags, and a pause when a check-in reports a warning sign."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from programs.errors import ProgramError
from programs.models import (
    CheckIn,
    ExerciseLog,
    Flag,
    Program,
    ProgramExercise,
    ProgressionDecision,
    ScheduledSession,
)
from programs.policy import (
    checkin_refusal,
    logging_refusal,
    prescribed_dose,
    session_exercises,
)
from programs.services.flags import checkin_flags_raise
from programs.services.pausing import program_set_paused
from programs.services.progression import exercise_review
from programs.services.summaries import client_summary_refresh


@dataclass(frozen=True)
class LogEntry:
    """What the client did for one exercise of a session (spec section 6)."""

    code: str
    sets_done: int
    pain_during: int
    difficulty: str
    reps_done: int | None = None
    hold_seconds_done: int | None = None
    band_or_load: str = ""
    note: str = ""


@dataclass(frozen=True)
class CheckInEntry:
    """The morning-after check-in (spec section 6, plus the two emergency questions)."""

    pain_now: int
    swelling: str = CheckIn.Swelling.NONE
    giving_way: bool = False
    locking: bool = False
    hot_red_knee: bool = False
    fever_or_unwell: bool = False
    cannot_bear_weight: bool = False


@dataclass
class LogResult:
    logs: list[ExerciseLog] = field(default_factory=list)
    decisions: list[ProgressionDecision] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass
class CheckInResult:
    checkin: CheckIn
    decisions: list[ProgressionDecision] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    paused: bool = False


def _session_of(client: User, session: ScheduledSession) -> ScheduledSession:
    """The session read afresh with its program; refused when it is not the client's."""
    session = ScheduledSession.objects.select_related("program").get(pk=session.pk)
    if session.program.client_id != client.pk:
        raise ProgramError("This session is not part of your program.")
    return session


def _entry(value: LogEntry | Mapping[str, Any]) -> LogEntry:
    return value if isinstance(value, LogEntry) else LogEntry(**value)


@transaction.atomic
def session_log_record(
    *,
    client: User,
    session: ScheduledSession,
    entries: Iterable[LogEntry | Mapping[str, Any]],
    today: date | None = None,
) -> LogResult:
    """Store what was done in a session, then decide progression and raise flags.

    Idempotent: the (session, exercise) unique constraint makes a resubmitted form update the
    same rows; a concurrent insert of the same row is caught and turned into an update.
    """
    today = today or timezone.localdate()
    session = _session_of(client, session)
    refusal = logging_refusal(session, today)
    if refusal is not None:
        raise ProgramError(refusal)
    program = session.program
    due = {
        exercise.code: exercise
        for exercise in session_exercises(session, program.exercises.select_for_update())
    }
    result = LogResult()
    for raw in entries:
        entry = _entry(raw)
        exercise = due.get(entry.code)
        if exercise is None:
            raise ProgramError(f"{entry.code} is not part of this session.")
        result.logs.append(_log_upsert(session, exercise, entry))
    for log in result.logs:
        reviewed = exercise_review(log.program_exercise, program)
        result.decisions.extend(reviewed.decisions)
        result.flags.extend(reviewed.flags)
    client_summary_refresh(client_id=program.client_id)
    return result


def _full_clean_or_refuse(candidate: ExerciseLog | CheckIn, *, exclude: list[str]) -> None:
    """The model's own range checks, as one refusal naming each field that failed them."""
    try:
        candidate.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        raise ProgramError(
            "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
        ) from None


def _log_upsert(
    session: ScheduledSession, exercise: ProgramExercise, entry: LogEntry
) -> ExerciseLog:
    dose = prescribed_dose(exercise)
    values = {
        "sets_done": entry.sets_done,
        "reps_done": entry.reps_done,
        "hold_seconds_done": entry.hold_seconds_done,
        "band_or_load": (entry.band_or_load or "").strip(),
        "pain_during": entry.pain_during,
        "difficulty": entry.difficulty,
        "note": (entry.note or "").strip(),
    }
    # The prescription is frozen when the log is first made: an edit changes what was done,
    # never the level it was done at.
    prescription = {
        "level": exercise.level,
        "prescribed_sets": dose.sets,
        "prescribed_reps": dose.reps,
        "prescribed_hold_seconds": dose.hold_seconds,
    }
    candidate = ExerciseLog(session=session, program_exercise=exercise, **prescription, **values)
    _full_clean_or_refuse(candidate, exclude=["session", "program_exercise"])
    try:
        with transaction.atomic():
            log, _ = ExerciseLog.objects.update_or_create(
                session=session,
                program_exercise=exercise,
                defaults=values,
                create_defaults={**prescription, **values},
            )
    except IntegrityError:
        # A concurrent request inserted the same log between our read and our insert.
        log = ExerciseLog.objects.select_for_update().get(
            session=session, program_exercise=exercise
        )
        for name, value in values.items():
            setattr(log, name, value)
        log.save()
    log.program_exercise = exercise
    log.session = session
    return log


@transaction.atomic
def checkin_record(
    *,
    client: User,
    session: ScheduledSession,
    entry: CheckInEntry | Mapping[str, Any],
    today: date | None = None,
) -> CheckInResult:
    """Store the morning-after check-in for ``session``; raise flags, pause when they say so and
    re-decide progression now that the next-morning pain is known."""
    today = today or timezone.localdate()
    session = _session_of(client, session)
    refusal = checkin_refusal(session, today)
    if refusal is not None:
        raise ProgramError(refusal)
    program = session.program
    data = entry if isinstance(entry, CheckInEntry) else CheckInEntry(**entry)
    values = {
        "pain_now": data.pain_now,
        "swelling": data.swelling,
        "giving_way": data.giving_way,
        "locking": data.locking,
        "hot_red_knee": data.hot_red_knee,
        "fever_or_unwell": data.fever_or_unwell,
        "cannot_bear_weight": data.cannot_bear_weight,
    }
    candidate = CheckIn(session=session, **values)
    _full_clean_or_refuse(candidate, exclude=["session"])
    try:
        with transaction.atomic():
            checkin, _ = CheckIn.objects.update_or_create(session=session, defaults=values)
    except IntegrityError:
        checkin = CheckIn.objects.select_for_update().get(session=session)
        for name, value in values.items():
            setattr(checkin, name, value)
        checkin.save()

    result = CheckInResult(checkin=checkin)
    for flag, raised in checkin_flags_raise(checkin, program):
        result.flags.append(flag)
        if raised.pauses_program and program.status == Program.Status.ACTIVE:
            program_set_paused(
                program,
                actor=None,
                reason=raised.reason,
                change_reason=f"your morning check-in reported a warning sign. {raised.reason}",
            )
            result.paused = True
    # The morning-after pain may be late: every exercise of that session is judged again by
    # date (a regress trigger found now steps it down once; its pain flags agree). A program
    # paused by this check-in or an earlier one is judged too, so that it resumes at the level
    # that morning called for.
    for log in session.exercise_logs.select_related("program_exercise"):
        reviewed = exercise_review(log.program_exercise, program)
        result.decisions.extend(reviewed.decisions)
        result.flags.extend(reviewed.flags)
    client_summary_refresh(client_id=program.client_id)
    return result
