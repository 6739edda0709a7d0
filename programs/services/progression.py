"""Progression and pain flags after each log or check-in (spec sections 7 and 8), late entries
included: the engine's ``review_exercise`` decides the level and the flags together, so they
always agree; this stores its decisions with their reasons, applies the new level and raises each
flag once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from programs import engine
from programs.engine import progression as engine_progression
from programs.models import (
    CheckIn,
    ExerciseLog,
    Flag,
    Program,
    ProgramExercise,
    ProgressionDecision,
)
from programs.services.flags import flag_raise


@dataclass
class ExerciseReviewed:
    """What one review stored: the decisions made now and the flags raised now."""

    decisions: list[ProgressionDecision] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


def _has_checkin(session) -> bool:
    try:
        session.checkin  # noqa: B018 - raises when there is none
    except CheckIn.DoesNotExist:
        return False
    return True


def logged_session(log: ExerciseLog) -> engine_progression.LoggedSession:
    """A stored log as the engine reads it, with its own date; timed holds compare seconds."""
    by_reps = log.prescribed_reps is not None
    checkin = log.session.checkin if _has_checkin(log.session) else None
    return engine_progression.LoggedSession(
        session_date=log.session.date,
        level=log.level,
        prescribed_sets=log.prescribed_sets,
        prescribed_reps_or_hold=(
            log.prescribed_reps if by_reps else (log.prescribed_hold_seconds or 1)
        ),
        sets_done=log.sets_done,
        reps_done=(log.reps_done if by_reps else log.hold_seconds_done) or 0,
        pain_during=log.pain_during,
        difficulty=log.difficulty,
        morning_after_pain=checkin.pain_now if checkin is not None else None,
    )


def _decision_store(
    exercise: ProgramExercise, decision: engine.ProgressionDecision, log: ExerciseLog | None
) -> ProgressionDecision:
    values = {
        "program_exercise": exercise,
        "action": decision.action,
        "from_level": decision.from_level,
        "to_level": decision.to_level,
        "reason": decision.because,
        "rule": decision.rule,
        "session_date": decision.session_date,
        "rules_version": engine.RULES_VERSION,
    }
    if log is None:
        return ProgressionDecision.objects.create(**values)
    # A decision belongs to a log: deciding again for the same log (an edit, its check-in)
    # replaces that log's decision instead of adding a second one, unless that decision changed
    # the level (an advance later undone by a bad morning found for the same session): the
    # level's history keeps both moves, the new one kept beside the log with its session date.
    earlier = ProgressionDecision.objects.filter(exercise_log=log).first()
    if (
        earlier is not None
        and earlier.from_level != earlier.to_level
        and (earlier.action, earlier.to_level) != (decision.action, decision.to_level)
    ):
        return ProgressionDecision.objects.create(**values)
    stored, _ = ProgressionDecision.objects.update_or_create(exercise_log=log, defaults=values)
    return stored


def exercise_review(exercise: ProgramExercise, program: Program) -> ExerciseReviewed:
    """Judge every logged session of ``exercise`` by its own date and act on what is new.

    A regress trigger found late (a check-in or log entered after a later session, or edited)
    steps the exercise down once from its current level, with a reason that names the session's
    date; the dates acted on are kept on the exercise, so saving again does nothing twice. The
    stored reason is the engine's clinical reason alone; the page adds "Next time: level …".
    """
    exercise = ProgramExercise.objects.select_for_update().get(pk=exercise.pk)
    logs = list(
        ExerciseLog.objects.filter(program_exercise=exercise)
        .select_related("session", "session__checkin")
        .order_by("session__date")
    )
    if not logs:
        return ExerciseReviewed()
    by_date = {log.session.date: log for log in logs}
    already = {date.fromisoformat(value) for value in exercise.regressed_sessions}
    review = engine.review_exercise(
        code=exercise.code,
        current_level=exercise.level,
        equipment=program.equipment,
        baseline_pain_now=program.baseline_pain_now,
        sessions=[logged_session(log) for log in logs],
        already_regressed=already,
        level_since=exercise.level_since,
    )
    reviewed = ExerciseReviewed()
    for decision in review.decisions:
        log = by_date.get(decision.session_date) if decision.session_date else None
        if decision.rule == "PRG-EQUIPMENT":
            log = None
        reviewed.decisions.append(_decision_store(exercise, decision, log))
    exercise.level = review.level
    exercise.regressed_sessions = sorted(
        {*exercise.regressed_sessions, *(day.isoformat() for day in review.regressed_sessions)}
    )
    exercise.level_since = review.level_since
    exercise.save(update_fields=["level", "regressed_sessions", "level_since"])
    for spec in review.flags:
        log = by_date.get(spec.session_date) if spec.session_date else None
        if log is None:
            continue
        reviewed.flags.append(
            flag_raise(
                client=program.client,
                program=program,
                dedupe_key=f"session:{log.session_id}:{exercise.code}:{spec.rule}",
                kind=Flag.Kind.REFERRAL,
                destination=spec.destination or "",
                urgency=spec.urgency or "",
                reason=spec.reason,
                rule=spec.rule,
                source=Flag.Source.SESSION,
                pauses_program=spec.pauses_program,
                exercise_code=exercise.code,
                session_date=spec.session_date,
                rules_version=engine.RULES_VERSION,
            )
        )
    return reviewed
