"""Flags, pausing and changes to a linked client's program, each with a reason the client reads."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from assessments.presentation import dose, exercise_name
from care import forms
from care.access import client_for_physio
from care.errors import CareError
from care.selectors.review import (
    current_program_for,
    exercises_in_use,
    flag_for,
    open_flag_count,
    program_exercise_for,
)
from care.services import adjustments
from care.services import flags as flag_services
from care.views.base import client_url, form_view, physio_required, posted
from programs.engine import library as exercise_library
from programs.policy import prescribed_dose


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 4 else None


# --- flags and pausing -------------------------------------------------------------------------


@physio_required
@require_http_methods(["GET", "POST"])
def flag_acknowledge(request: HttpRequest, client_id: int, flag_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    flag = flag_for(request.user, person, flag_id)
    return form_view(
        request,
        person=person,
        form=forms.FlagAcknowledgeForm(posted(request)),
        save=lambda data: flag_services.flag_acknowledge(
            flag=flag, actor=request.user, note=data["note"], shared=data["shared"]
        ),
        success="Flag acknowledged.",
        title=f"Acknowledge a flag for {person.display_name}",
        submit="Acknowledge",
        section="flags",
        extra={"flag": flag},
    )


@physio_required
@require_http_methods(["GET", "POST"])
def flag_resolve(request: HttpRequest, client_id: int, flag_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    flag = flag_for(request.user, person, flag_id)
    if flag.status == flag.Status.RESOLVED:
        messages.info(request, "This flag is already resolved.")
        return redirect(client_url(person.pk, "flags"))
    return form_view(
        request,
        person=person,
        form=forms.FlagResolveForm(posted(request)),
        save=lambda data: flag_services.flag_resolve(
            flag=flag, actor=request.user, note=data["note"], shared=data["shared"]
        ),
        success="Flag resolved.",
        title=f"Resolve a flag for {person.display_name}",
        submit="Resolve",
        section="flags",
        extra={"flag": flag},
    )


@physio_required
@require_http_methods(["GET", "POST"])
def program_pause(request: HttpRequest, client_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    program = current_program_for(request.user, person)
    return form_view(
        request,
        person=person,
        form=forms.ReasonForm(posted(request)),
        save=lambda data: adjustments.program_pause(
            program=program, actor=request.user, reason=data["reason"]
        ),
        success="Program paused. The client sees your reason on Today.",
        title=f"Pause {person.display_name}'s program",
        submit="Pause the program",
        intro="While paused, the client is asked not to do the exercises.",
        section="program",
        danger=True,
    )


@physio_required
@require_http_methods(["GET", "POST"])
def program_resume(request: HttpRequest, client_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    program = current_program_for(request.user, person)
    return form_view(
        request,
        person=person,
        form=forms.ReasonForm(posted(request)),
        save=lambda data: adjustments.program_resume(
            program=program, actor=request.user, reason=data["reason"]
        ),
        success="Program resumed.",
        title=f"Resume {person.display_name}'s program",
        submit="Resume the program",
        intro=f"Paused because: {program.paused_reason}" if program.paused_reason else "",
        section="program",
        extra={"open_flags": open_flag_count(program)},
    )


# --- program adjustments -----------------------------------------------------------------------


@physio_required
@require_http_methods(["GET", "POST"])
def exercise_level(request: HttpRequest, client_id: int, exercise_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    exercise = program_exercise_for(request.user, person, exercise_id)
    form = forms.LevelForm(
        posted(request),
        code=exercise.code,
        equipment=exercise.program.equipment,
        current=exercise.level,
        # The library's "set this level" links name the level they were chosen at.
        initial={"level": _number(request.GET.get("level")) or exercise.level},
    )
    return form_view(
        request,
        person=person,
        form=form,
        save=lambda data: adjustments.program_adjust_level(
            program_exercise=exercise,
            actor=request.user,
            level=data["level"],
            reason=data["reason"],
        ),
        success="Level changed. The client sees the change and your reason.",
        title=f"Change the level of {exercise_name(exercise.code)}",
        submit="Change the level",
        intro=f"{person.display_name} is at level {exercise.level}. Progression continues "
        "from the level you set.",
        section="program",
    )


@physio_required
@require_http_methods(["GET", "POST"])
def exercise_dose(request: HttpRequest, client_id: int, exercise_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    exercise = program_exercise_for(request.user, person, exercise_id)
    usual = exercise_library.level(exercise.code, exercise.level)
    form = forms.DoseForm(
        posted(request),
        usual={"sets": usual.sets, "reps": usual.reps, "hold_seconds": usual.hold_seconds},
        initial={
            "sets": exercise.sets_override,
            "reps": exercise.reps_override,
            "hold_seconds": exercise.hold_seconds_override,
        },
    )
    return form_view(
        request,
        person=person,
        form=form,
        save=lambda data: adjustments.program_adjust_dose(
            program_exercise=exercise,
            actor=request.user,
            sets=data["sets"],
            reps=data["reps"],
            hold_seconds=data["hold_seconds"],
            reason=data["reason"],
        ),
        success="Dose changed. The client sees the change and your reason.",
        title=f"Change the dose of {exercise_name(exercise.code)}",
        submit="Change the dose",
        intro=f"Level {exercise.level}: {usual.title}. Now: {dose(prescribed_dose(exercise))}.",
        section="program",
    )


@physio_required
@require_http_methods(["GET", "POST"])
def exercise_remove(request: HttpRequest, client_id: int, exercise_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    exercise = program_exercise_for(request.user, person, exercise_id)
    name = exercise_name(exercise.code)
    return form_view(
        request,
        person=person,
        form=forms.ReasonForm(posted(request)),
        save=lambda data: adjustments.program_remove_exercise(
            program_exercise=exercise, actor=request.user, reason=data["reason"]
        ),
        success="Exercise removed from the program.",
        title=f"Remove {name}",
        submit=f"Remove {name}",
        intro="Its logs and history stay in the record; you can add it back later.",
        section="program",
        danger=True,
    )


@physio_required
@require_http_methods(["GET", "POST"])
def exercise_add(request: HttpRequest, client_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    program = current_program_for(request.user, person)

    def save(data: dict) -> None:
        code, level = data["exercise"]
        try:
            adjustments.program_add_exercise(
                program=program, actor=request.user, code=code, level=level, reason=data["reason"]
            )
        except CareError as error:
            # The form picks exercise and level in one field: a complaint about either goes
            # next to it.
            if error.field in {"code", "level"}:
                raise CareError(error.message, field="exercise") from error
            raise

    return form_view(
        request,
        person=person,
        form=forms.AddExerciseForm(
            posted(request),
            equipment=program.equipment,
            exclude=exercises_in_use(program),
            # The library's "add" links name the exercise and level chosen there.
            initial={"exercise": request.GET.get("exercise", "")[:80]},
        ),
        save=save,
        success="Exercise added. The client sees it on their next session.",
        title=f"Add an exercise to {person.display_name}'s program",
        submit="Add the exercise",
        intro="Levels the client cannot do with their equipment are not offered.",
        section="program",
    )


@physio_required
@require_http_methods(["GET", "POST"])
def strength_days(request: HttpRequest, client_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    program = current_program_for(request.user, person)
    return form_view(
        request,
        person=person,
        form=forms.StrengthDaysForm(posted(request), initial={"days": program.strength_days}),
        save=lambda data: adjustments.program_change_strength_days(
            program=program, actor=request.user, days=data["days"], reason=data["reason"]
        ),
        success="Strength days changed from today on.",
        title=f"Change {person.display_name}'s strength days",
        submit="Change the strength days",
        intro="Applies from today; past sessions and their logs are kept as they were.",
        section="program",
    )
