"""A physiotherapist's changes to a linked client's current program, each with a reason the
client reads ("Your physiotherapist changed … because …") and a ``ProgramChange`` in its history.

Every service checks the care link and that the program is still current, under a row lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from assessments.presentation import dose, exercise_name
from care.access import link_check
from care.errors import CareError
from programs import scheduling
from programs import services as program_services
from programs.engine import library as exercise_library
from programs.models import (
    ExerciseLog,
    Program,
    ProgramChange,
    ProgramExercise,
    ProgressionDecision,
    ScheduledSession,
)
from programs.policy import Dose, prescribed_dose, strength_days_refusal

ADJUST_RULE = "PHYSIO-ADJUST"
# The highest dose a physiotherapist may set, as the exercise library allows for any level.
DOSE_LIMITS = {"sets": 10, "reps": 50, "hold_seconds": 120}


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise CareError("Give a reason: the client will see it.", field="reason")
    return reason


def _record(
    *,
    program: Program,
    actor: User,
    kind: str,
    summary: str,
    reason: str,
    before: dict,
    after: dict,
    exercise_code: str = "",
) -> ProgramChange:
    return ProgramChange.objects.create(
        program=program,
        actor=actor,
        kind=kind,
        exercise_code=exercise_code,
        before=before,
        after=after,
        summary=summary[:300],
        reason=reason,
    )


def _check_changeable(program: Program, actor: User) -> None:
    """Only a linked physiotherapist changes a program, and only while it is current."""
    link_check(actor, program.client_id)
    if not program.is_current:
        raise CareError("This program has ended and can no longer be changed.")


def _lock_program(program: Program, actor: User) -> Program:
    locked = Program.objects.select_for_update().get(pk=program.pk)
    _check_changeable(locked, actor)
    return locked


def _lock_exercise(program_exercise: ProgramExercise, actor: User) -> ProgramExercise:
    exercise = (
        ProgramExercise.objects.select_for_update()
        .select_related("program")
        .get(pk=program_exercise.pk)
    )
    _check_changeable(exercise.program, actor)
    return exercise


@transaction.atomic
def program_adjust_level(
    *, program_exercise: ProgramExercise, actor: User, level: int, reason: str
) -> ProgramChange:
    """Set an exercise's level within 1..top and the client's equipment caps.

    Also stores a ProgressionDecision(action="adjust") so that the progression rules continue
    from the adjusted level (they read the latest decision, not only the logs).
    """
    reason = _clean_reason(reason)
    exercise = _lock_exercise(program_exercise, actor)
    program = exercise.program
    allowed = exercise_library.allowed_levels(exercise.code, program.equipment)
    if level not in allowed:
        raise CareError(
            f"Level {level} is not possible for this client's equipment "
            f"(possible: {', '.join(str(number) for number in allowed)}).",
            field="level",
        )
    before = exercise.level
    if level == before:
        raise CareError(f"The exercise is already at level {level}.", field="level")
    exercise.level = level
    # Sessions logged so far no longer count towards advancing from the new level (spec
    # section 7); a late regress trigger still steps down from it.
    exercise.level_since = (
        ExerciseLog.objects.filter(program_exercise=exercise)
        .order_by("-session__date")
        .values_list("session__date", flat=True)
        .first()
    )
    exercise.save(update_fields=["level", "level_since"])
    ProgressionDecision.objects.create(
        program_exercise=exercise,
        action=ProgressionDecision.Action.ADJUST,
        from_level=before,
        to_level=level,
        reason=reason,
        rule=ADJUST_RULE,
    )
    return _record(
        program=program,
        actor=actor,
        kind=ProgramChange.Kind.LEVEL,
        exercise_code=exercise.code,
        before={"level": before},
        after={"level": level},
        summary=f"changed {exercise_name(exercise.code)} from level {before} to level {level}",
        reason=reason,
    )


def _dose_record(exercise: ProgramExercise, prescribed: Dose) -> dict:
    return {
        "level": exercise.level,
        "sets": prescribed.sets,
        "reps": prescribed.reps,
        "hold_seconds": prescribed.hold_seconds,
        "overridden": prescribed.overridden,
    }


@transaction.atomic
def program_adjust_dose(
    *,
    program_exercise: ProgramExercise,
    actor: User,
    sets: int | None,
    reps: int | None,
    hold_seconds: int | None,
    reason: str,
) -> ProgramChange:
    """Override sets, reps or hold; an empty value returns to the library dose for the level."""
    reason = _clean_reason(reason)
    exercise = _lock_exercise(program_exercise, actor)
    errors = {}
    for name, value in (("sets", sets), ("reps", reps), ("hold_seconds", hold_seconds)):
        top = DOSE_LIMITS[name]
        if value is not None and not 1 <= value <= top:
            errors[name] = [f"Enter a number from 1 to {top}, or leave empty for the usual dose."]
    if errors:
        raise CareError(errors=errors)
    before = prescribed_dose(exercise)
    exercise.sets_override = sets
    exercise.reps_override = reps
    exercise.hold_seconds_override = hold_seconds
    after = prescribed_dose(exercise)
    if _dose_record(exercise, before) == _dose_record(exercise, after):
        raise CareError("The dose is unchanged.")
    exercise.save(update_fields=["sets_override", "reps_override", "hold_seconds_override"])
    return _record(
        program=exercise.program,
        actor=actor,
        kind=ProgramChange.Kind.DOSE,
        exercise_code=exercise.code,
        before=_dose_record(exercise, before),
        after=_dose_record(exercise, after),
        summary=(
            f"changed the dose of {exercise_name(exercise.code)} from {dose(before)} "
            f"to {dose(after)}"
        ),
        reason=reason,
    )


@transaction.atomic
def program_add_exercise(
    *, program: Program, actor: User, code: str, level: int, reason: str
) -> ProgramChange:
    """Add an exercise from the library (or bring back one that was removed)."""
    reason = _clean_reason(reason)
    program = _lock_program(program, actor)
    try:
        item = exercise_library.get(code)
    except KeyError:
        raise CareError("Choose an exercise from the library.", field="code") from None
    allowed = exercise_library.allowed_levels(code, program.equipment)
    if level not in allowed:
        raise CareError(
            f"Possible levels for {item.name}: {', '.join(map(str, allowed))}.", field="level"
        )
    existing = ProgramExercise.objects.filter(program=program, code=code).first()
    if existing is not None and existing.active:
        raise CareError(f"{item.name} is already in the program.", field="code")
    order = (program.exercises.aggregate(top=Max("order"))["top"] or 0) + 1
    physio_reason = f"Added by your physiotherapist: {reason}"
    if existing is None:
        existing = ProgramExercise.objects.create(
            program=program,
            code=code,
            level=level,
            frequency=item.frequency,
            order=order,
            reasons=[physio_reason],
            source=ProgramExercise.Source.PHYSIOTHERAPIST,
        )
    else:
        existing.active = True
        existing.level = level
        existing.order = order
        existing.sets_override = existing.reps_override = existing.hold_seconds_override = None
        existing.reasons = [*existing.reasons, physio_reason]
        existing.save()
    ProgressionDecision.objects.create(
        program_exercise=existing,
        action=ProgressionDecision.Action.ADJUST,
        from_level=level,
        to_level=level,
        reason=reason,
        rule=ADJUST_RULE,
    )
    return _record(
        program=program,
        actor=actor,
        kind=ProgramChange.Kind.ADD,
        exercise_code=code,
        before={},
        after={"level": level},
        summary=f"added {item.name} at level {level}",
        reason=reason,
    )


@transaction.atomic
def program_remove_exercise(
    *, program_exercise: ProgramExercise, actor: User, reason: str
) -> ProgramChange:
    """Take an exercise out of the program; its logs and history are kept."""
    reason = _clean_reason(reason)
    exercise = _lock_exercise(program_exercise, actor)
    if not exercise.active:
        raise CareError("This exercise is not in the program any more.")
    if not exercise.program.exercises.filter(active=True).exclude(pk=exercise.pk).exists():
        raise CareError("This is the last exercise of the program: pause the program instead.")
    exercise.active = False
    exercise.save(update_fields=["active"])
    return _record(
        program=exercise.program,
        actor=actor,
        kind=ProgramChange.Kind.REMOVE,
        exercise_code=exercise.code,
        before={"level": exercise.level},
        after={},
        summary=f"removed {exercise_name(exercise.code)} from your program",
        reason=reason,
    )


FREQUENCY_WORDS = {"strength": "your strength days", "daily": "every day"}


@transaction.atomic
def program_change_frequency(
    *,
    program_exercise: ProgramExercise,
    actor: User,
    frequency: str,
    reason: str,
    today: date | None = None,
) -> ProgramChange:
    """Do an exercise on strength days or every day, from today on (past sessions keep their
    logs); the progression rules go on as before, they follow the exercise's logs."""
    reason = _clean_reason(reason)
    today = today or timezone.localdate()
    exercise = _lock_exercise(program_exercise, actor)
    if frequency not in FREQUENCY_WORDS:
        raise CareError("Choose strength days or every day.", field="frequency")
    before = exercise.frequency
    if frequency == before:
        raise CareError(f"It is already done on {FREQUENCY_WORDS[before]}.", field="frequency")
    exercise.frequency = frequency
    exercise.save(update_fields=["frequency"])
    program = exercise.program
    # A program with no daily exercise carries sessions on strength days only: the days change.
    _reschedule(program, sorted(program.strength_days), today)
    return _record(
        program=program,
        actor=actor,
        kind=ProgramChange.Kind.FREQUENCY,
        exercise_code=exercise.code,
        before={"frequency": before},
        after={"frequency": frequency},
        summary=f"moved {exercise_name(exercise.code)} to {FREQUENCY_WORDS[frequency]}",
        reason=reason,
    )


@transaction.atomic
def program_change_strength_days(
    *, program: Program, actor: User, days: Sequence[int], reason: str, today: date | None = None
) -> ProgramChange:
    """New strength weekdays from today on; past sessions (and their logs) stay as they were."""
    reason = _clean_reason(reason)
    today = today or timezone.localdate()
    program = _lock_program(program, actor)
    chosen, refusal = strength_days_refusal(days)
    if refusal is not None:
        raise CareError(refusal, field="days")
    before = sorted(program.strength_days)
    if chosen == before:
        raise CareError("These are already the strength days.", field="days")
    program.strength_days = chosen
    program.save(update_fields=["strength_days"])
    _reschedule(program, chosen, today)
    return _record(
        program=program,
        actor=actor,
        kind=ProgramChange.Kind.STRENGTH_DAYS,
        before={"days": before},
        after={"days": chosen},
        summary=(
            f"changed your strength days from {scheduling.describe_days(before) or 'none'} "
            f"to {scheduling.describe_days(chosen)}"
        ),
        reason=reason,
    )


def _reschedule(program: Program, days: list[int], today: date) -> None:
    """Mark future days as strength days or not; create missing future days when the program
    has no daily exercises (then only strength days carry sessions)."""
    has_daily = program.exercises.filter(active=True, frequency="daily").exists()
    wanted = {
        day: (week, is_strength)
        for day, week, is_strength in scheduling.session_days(
            program.start_date, program.weeks, days, has_daily=has_daily
        )
        if day >= today
    }
    existing = {
        session.date: session
        for session in ScheduledSession.objects.filter(program=program, date__gte=today)
    }
    for day, session in existing.items():
        if day in wanted:
            is_strength = wanted[day][1]
            if session.is_strength_day != is_strength:
                session.is_strength_day = is_strength
                session.save(update_fields=["is_strength_day"])
        elif not session.exercise_logs.exists():
            session.delete()
        elif session.is_strength_day:
            session.is_strength_day = False
            session.save(update_fields=["is_strength_day"])
    ScheduledSession.objects.bulk_create(
        [
            ScheduledSession(program=program, date=day, week=week, is_strength_day=is_strength)
            for day, (week, is_strength) in wanted.items()
            if day not in existing
        ]
    )


@transaction.atomic
def program_pause(*, program: Program, actor: User, reason: str) -> Program:
    """The physiotherapist pauses a linked client's program; the client reads the reason."""
    link_check(actor, program.client_id)
    return program_services.program_pause(program=program, actor=actor, reason=reason)


@transaction.atomic
def program_resume(*, program: Program, actor: User, reason: str) -> Program:
    """The physiotherapist resumes a linked client's paused program."""
    link_check(actor, program.client_id)
    return program_services.program_resume(program=program, actor=actor, reason=reason)
