"""One exercise as the client reads it: what to do, how much, how, and why it is at its level."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from assessments.presentation import band_unlock, decision_reason
from programs.engine import SessionEstimate, SessionItem, estimate_session
from programs.engine import library as exercise_library
from programs.models import Program, ProgramExercise, ProgressionDecision, ScheduledSession
from programs.policy import Dose, prescribed_dose, session_exercises


@dataclass
class ExerciseCard:
    """One exercise as the client reads it: what to do, how much, how, and what comes next."""

    exercise: ProgramExercise
    name: str
    level: int
    top_level: int
    title: str
    dose: Dose
    steps: list[str]
    cue: str
    mistakes: list[str]
    why: str
    reasons: list[str]
    without_band: bool
    next_time: str = ""
    # When the client's bands cap the exercise: the band that opens its next level.
    band_needed: str = ""

    @property
    def code(self) -> str:
        return self.exercise.code

    @property
    def sets(self) -> int:
        return self.dose.sets

    @property
    def reps(self) -> int | None:
        return self.dose.reps

    @property
    def hold_seconds(self) -> int | None:
        return self.dose.hold_seconds

    @property
    def per_side(self) -> bool:
        return self.dose.per_side

    @property
    def by_reps(self) -> bool:
        return self.reps is not None

    @property
    def with_band(self) -> bool:
        """Whether the figure shows the band (not for the no-band variant)."""
        return not self.without_band


def exercise_card(exercise: ProgramExercise, equipment: list[str]) -> ExerciseCard:
    """The card for ``exercise``; its "next time" line when it was read with
    :func:`exercises_with_next_time`."""
    item = exercise_library.get(exercise.code)
    level = item.level(exercise.level)
    no_band = exercise_library.without_band(exercise.code, exercise.level, equipment)
    variant = level.without_band if no_band else None
    reason = getattr(exercise, "next_time_reason", None)
    unlock = exercise_library.band_to_unlock(exercise.code, exercise.level, equipment)
    return ExerciseCard(
        exercise=exercise,
        name=item.name,
        level=exercise.level,
        top_level=item.top_level,
        title=variant.title if variant else level.title,
        dose=prescribed_dose(exercise),
        steps=list(variant.steps if variant else level.steps),
        cue=variant.cue if variant else level.cue,
        mistakes=list(level.mistakes),
        why=item.why,
        # The exercise's own why is said once, above its reasons.
        reasons=[reason for reason in exercise.reasons or [] if reason != item.why],
        without_band=no_band,
        next_time=(
            decision_reason(
                code=exercise.code,
                action=exercise.next_time_action,
                to_level=exercise.level,
                reason=reason,
            )
            if reason
            else ""
        ),
        band_needed=band_unlock(band=unlock.band, level=unlock.level) if unlock else "",
    )


def exercises_with_next_time(program: Program) -> list[ProgramExercise]:
    """Active exercises, each with the decision that explains its current level (one query).

    The reason shown is the newest decision that led to the current level: a late log for an
    older session never hides why the level is what it is.
    """
    explaining = ProgressionDecision.objects.filter(
        program_exercise=OuterRef("pk"), to_level=OuterRef("level")
    ).order_by("-created_at", "-id")
    return list(
        program.exercises.filter(active=True).annotate(
            next_time_reason=Subquery(explaining.values("reason")[:1]),
            next_time_action=Subquery(explaining.values("action")[:1]),
        )
    )


def exercise_cards(program: Program, session: ScheduledSession | None = None) -> list[ExerciseCard]:
    exercises = exercises_with_next_time(program)
    if session is not None:
        exercises = session_exercises(session, exercises)
    return [exercise_card(exercise, program.equipment) for exercise in exercises]


def session_length(program: Program, cards: list[ExerciseCard]) -> SessionEstimate | None:
    """How long the day's exercises take (spec section 6), against the minutes the client set
    aside (``minutes_per_session``, 20 when not answered); ``None`` when nothing is due."""
    if not cards:
        return None
    minutes = (program.assessment.answers or {}).get("minutes_per_session") or 20
    items = [
        SessionItem(
            code=card.code,
            frequency=card.exercise.frequency,
            sets=card.dose.sets,
            reps=card.dose.reps,
            hold_seconds=card.dose.hold_seconds,
            per_side=card.dose.per_side,
        )
        for card in cards
    ]
    return estimate_session(items, minutes_per_session=minutes)
