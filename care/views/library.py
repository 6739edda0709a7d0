"""The exercise library to prescribe from, and the physiotherapist's program templates."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.presentation import exercise_name
from care import forms
from care.access import client_for_physio
from care.selectors.library import library_browse
from care.selectors.program_templates import template_for, templates_of
from care.selectors.review import current_program_for, program_exercise_for
from care.services import adjustments
from care.services import program_templates as template_services
from care.views.base import form_view, physio_required, posted
from programs.models import Program
from programs.policy import prescribed_dose
from programs.selectors import printable_program


@physio_required
@require_GET
def library(request: HttpRequest, client_id: int | None = None) -> HttpResponse:
    """Every exercise and level with its figure, dose and cue; for a linked client, with what
    their program has and what their equipment allows, and links to prescribe."""
    person = client_for_physio(request.user, client_id) if client_id is not None else None
    program = Program.objects.current_for(person) if person is not None else None
    form = forms.LibrarySearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    entries = library_browse(request.user, query=query, program=program)
    return render(
        request,
        "care/library.html",
        {"form": form, "query": query, "entries": entries, "client": person, "program": program},
    )


@physio_required
@require_http_methods(["GET", "POST"])
def exercise_frequency(request: HttpRequest, client_id: int, exercise_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    exercise = program_exercise_for(request.user, person, exercise_id)
    return form_view(
        request,
        person=person,
        form=forms.FrequencyForm(posted(request), initial={"frequency": exercise.frequency}),
        save=lambda data: adjustments.program_change_frequency(
            program_exercise=exercise,
            actor=request.user,
            frequency=data["frequency"],
            reason=data["reason"],
        ),
        success="Changed from today on. The client sees the change and your reason.",
        title=f"When {person.display_name} does {exercise_name(exercise.code)}",
        submit="Change when it is done",
        intro="Strength exercises are done on the strength days; the others every day. "
        "Sessions already logged keep their logs.",
        section="program",
    )


@physio_required
@require_GET
def handout(request: HttpRequest, client_id: int) -> HttpResponse:
    """The client's current program on paper, from their physiotherapist, dated today."""
    person = client_for_physio(request.user, client_id)
    program = current_program_for(request.user, person)
    return render(
        request,
        "care/handout.html",
        {
            "client": person,
            "physio": request.user,
            "day": timezone.localdate(),
            "printable": printable_program(program),
        },
    )


# --- templates ---------------------------------------------------------------------------------


@physio_required
@require_GET
def templates(request: HttpRequest) -> HttpResponse:
    return render(request, "care/templates.html", {"templates": list(templates_of(request.user))})


@physio_required
@require_GET
def template_detail(request: HttpRequest, template_id: int) -> HttpResponse:
    template = template_for(request.user, template_id)
    rows = list(template.exercises.all())
    for row in rows:
        # A template row has what a program's exercise has for its dose: the same rule reads it.
        row.dose = prescribed_dose(row)
    return render(request, "care/template_detail.html", {"template": template, "rows": rows})


@physio_required
@require_POST
def template_delete(request: HttpRequest, template_id: int) -> HttpResponse:
    template = template_for(request.user, template_id)
    template_services.program_template_delete(physio=request.user, template=template)
    messages.success(request, f"Template “{template.name}” deleted.")
    return redirect("physio:templates")


@physio_required
@require_http_methods(["GET", "POST"])
def template_save(request: HttpRequest, client_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    program = current_program_for(request.user, person)
    return form_view(
        request,
        person=person,
        form=forms.TemplateSaveForm(posted(request)),
        save=lambda data: template_services.program_template_save(
            physio=request.user, program=program, name=data["name"]
        ),
        success="Template saved. Apply it to another client from their page.",
        title=f"Save {person.display_name}'s program as a template",
        submit="Save the template",
        intro="The exercises with their level, dose and when they are done; nothing about "
        "the client.",
        section="program",
    )


@physio_required
@require_http_methods(["GET", "POST"])
def template_apply(request: HttpRequest, client_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    program = current_program_for(request.user, person)
    own = templates_of(request.user)
    initial = {}
    chosen = request.GET.get("template", "")
    if chosen.isdigit():
        initial["template"] = own.filter(pk=int(chosen)).first()

    def save(data: dict) -> None:
        applied = template_services.program_template_apply(
            physio=request.user,
            template=template_for(request.user, data["template"].pk),
            program=program,
            reason=data["reason"],
        )
        if applied.capped:
            messages.info(
                request,
                "Set lower than the template because of the client's equipment: "
                + "; ".join(applied.capped)
                + ".",
            )

    return form_view(
        request,
        person=person,
        form=forms.TemplateApplyForm(posted(request), templates=own, initial=initial),
        save=save,
        success="Template applied. The client sees each change with your reason; adjust below.",
        title=f"Apply a template to {person.display_name}'s program",
        submit="Apply the template",
        intro="Exercises of the template are added or set to its level, dose and days; the "
        "others are removed (their logs are kept). Levels the client's equipment does not "
        "allow are set to the highest it does.",
        section="program",
        extra={"templates_url": "physio:templates"},
    )
