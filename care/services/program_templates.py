"""A physiotherapist's program templates: a client's program saved under a name, and applied
to another linked client's current program, change by change, each with the reason the client
reads (the adjustments of ``care.services.adjustments``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from accounts.errors import NotFound
from accounts.models import User
from assessments.presentation import exercise_name
from care.access import link_check
from care.errors import CareError
from care.models import ProgramTemplate, ProgramTemplateExercise
from care.services import adjustments
from programs.engine import library as exercise_library
from programs.models import Program, ProgramChange, ProgramExercise

NAME_LENGTH = 100


def _overrides(row: ProgramExercise | ProgramTemplateExercise) -> tuple:
    return (row.sets_override, row.reps_override, row.hold_seconds_override)


@transaction.atomic
def program_template_save(*, physio: User, program: Program, name: str) -> ProgramTemplate:
    """Save the active exercises of a linked client's program (level, dose, when) as a template
    of this physiotherapist's; nothing about the client goes into it."""
    link_check(physio, program.client_id)
    name = " ".join((name or "").split())
    if not name:
        raise CareError("Give the template a name.", field="name")
    if len(name) > NAME_LENGTH:
        raise CareError(f"Keep the name to {NAME_LENGTH} characters.", field="name")
    if ProgramTemplate.objects.filter(physiotherapist=physio, name__iexact=name).exists():
        raise CareError(f"You already have a template called “{name}”.", field="name")
    exercises = list(program.exercises.filter(active=True))
    if not exercises:
        raise CareError("This program has no exercises to save.")
    template = ProgramTemplate.objects.create(physiotherapist=physio, name=name)
    ProgramTemplateExercise.objects.bulk_create(
        ProgramTemplateExercise(
            template=template,
            code=exercise.code,
            level=exercise.level,
            frequency=exercise.frequency,
            order=index,
            sets_override=exercise.sets_override,
            reps_override=exercise.reps_override,
            hold_seconds_override=exercise.hold_seconds_override,
        )
        for index, exercise in enumerate(exercises)
    )
    return template


@transaction.atomic
def program_template_delete(*, physio: User, template: ProgramTemplate) -> None:
    """Delete one of this physiotherapist's templates; programs it was applied to keep their
    exercises."""
    if template.physiotherapist_id != physio.pk:
        raise NotFound("No such template.")
    template.delete()


@dataclass
class TemplateApplied:
    changes: list[ProgramChange] = field(default_factory=list)
    # Exercises set lower than the template says, because of the client's equipment.
    capped: list[str] = field(default_factory=list)


def _level_for(code: str, level: int, equipment: list[str]) -> int | None:
    """The template's level, or the highest the client's equipment opens below it."""
    allowed = exercise_library.allowed_levels(code, equipment)
    if not allowed:
        return None
    lower = [number for number in allowed if number <= level]
    return max(lower) if lower else min(allowed)


@transaction.atomic
def program_template_apply(
    *,
    physio: User,
    template: ProgramTemplate,
    program: Program,
    reason: str,
    today: date | None = None,
) -> TemplateApplied:
    """Make a linked client's current program what the template says: add its exercises, set
    their level, dose and when, remove the others. Each step is an ordinary adjustment with its
    own record, all with ``reason``; the client reads them as any other change."""
    if template.physiotherapist_id != physio.pk:
        raise NotFound("No such template.")
    if not (reason or "").strip():
        raise CareError("Give a reason: the client will see it.", field="reason")
    link_check(physio, program.client_id)
    program = Program.objects.select_for_update().get(pk=program.pk)
    if not program.is_current:
        raise CareError("This program has ended and can no longer be changed.")
    applied = TemplateApplied()
    rows = list(template.exercises.all())
    wanted = {row.code for row in rows}
    for row in rows:
        level = _level_for(row.code, row.level, program.equipment)
        if level is None:
            applied.capped.append(f"{exercise_name(row.code)} (no level suits their equipment)")
            wanted.discard(row.code)
            continue
        if level != row.level:
            applied.capped.append(f"{exercise_name(row.code)} at level {level}")
        exercise = ProgramExercise.objects.filter(program=program, code=row.code).first()
        if exercise is None or not exercise.active:
            applied.changes.append(
                adjustments.program_add_exercise(
                    program=program, actor=physio, code=row.code, level=level, reason=reason
                )
            )
            exercise = ProgramExercise.objects.get(program=program, code=row.code)
        elif exercise.level != level:
            applied.changes.append(
                adjustments.program_adjust_level(
                    program_exercise=exercise, actor=physio, level=level, reason=reason
                )
            )
            exercise.refresh_from_db()
        if exercise.frequency != row.frequency:
            applied.changes.append(
                adjustments.program_change_frequency(
                    program_exercise=exercise,
                    actor=physio,
                    frequency=row.frequency,
                    reason=reason,
                    today=today,
                )
            )
            exercise.refresh_from_db()
        if _overrides(exercise) != _overrides(row):
            try:
                applied.changes.append(
                    adjustments.program_adjust_dose(
                        program_exercise=exercise,
                        actor=physio,
                        sets=row.sets_override,
                        reps=row.reps_override,
                        hold_seconds=row.hold_seconds_override,
                        reason=reason,
                    )
                )
            except CareError:
                pass  # the same dose in other words (an override equal to the usual dose)
    for exercise in ProgramExercise.objects.filter(program=program, active=True):
        if exercise.code not in wanted:
            applied.changes.append(
                adjustments.program_remove_exercise(
                    program_exercise=exercise, actor=physio, reason=reason
                )
            )
    if not applied.changes:
        raise CareError("The program already matches this template.")
    return applied
