"""Progression after each log (spec section 7): the engine decides, this stores the decision with
its reason and applies the new level."""

from __future__ import annotations

from programs.engine import progression as engine_progression
from programs.models import CheckIn, ExerciseLog, Program, ProgramExercise, ProgressionDecision

# How many of an exercise's newest logs the progression and pain-flag rules are shown; a few
# sessions are enough for every rule (two to advance, two unfinished to regress).
RECENT_LOGS = 6


def _has_checkin(session) -> bool:
    try:
        session.checkin  # noqa: B018 - raises when there is none
    except CheckIn.DoesNotExist:
        return False
    return True


def logged_session(log: ExerciseLog) -> engine_progression.LoggedSession:
    """A stored log as the engine reads it; timed holds compare seconds instead of reps."""
    by_reps = log.prescribed_reps is not None
    checkin = log.session.checkin if _has_checkin(log.session) else None
    return engine_progression.LoggedSession(
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


def progression_refresh(exercise: ProgramExercise, program: Program) -> list[ProgressionDecision]:
    """Decide (again) for the newest log of this exercise and apply it.

    A decision belongs to a log. Re-deciding replaces that log's decision and starts again from
    the level the log was done at, so editing a log or adding its check-in never steps twice.
    A physiotherapist's later adjustment wins over a re-decision of an older log. The stored
    reason is the engine's clinical reason alone; the page adds "Next time: level …" to it.
    """
    logs = list(
        ExerciseLog.objects.filter(program_exercise=exercise)
        .select_related("session", "session__checkin")
        .order_by("-session__date")
    )
    if not logs:
        return []
    newest = logs[0]
    # The engine looks at the newest unbroken run at the newest log's level.
    history = list(reversed(logs[:RECENT_LOGS]))
    outcome = engine_progression.decide_progression(
        code=exercise.code,
        current_level=history[-1].level,
        equipment=program.equipment,
        baseline_pain_now=program.baseline_pain_now,
        recent=[logged_session(log) for log in history],
    )
    existing = ProgressionDecision.objects.filter(exercise_log=newest).first()
    decision, _ = ProgressionDecision.objects.update_or_create(
        exercise_log=newest,
        defaults={
            "program_exercise": exercise,
            "action": outcome.action,
            "from_level": newest.level,
            "to_level": outcome.to_level,
            "reason": outcome.because,
            "rule": outcome.rule,
        },
    )
    adjusted_later = ProgressionDecision.objects.filter(
        program_exercise=exercise,
        action=ProgressionDecision.Action.ADJUST,
        created_at__gt=(existing or decision).created_at,
    ).exists()
    if not adjusted_later and exercise.level != outcome.to_level:
        exercise.level = outcome.to_level
        exercise.save(update_fields=["level"])
    return [decision]
