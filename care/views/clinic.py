"""The assessment a physiotherapist records in clinic: the questionnaire's steps for what they
observed, the evaluation, and the program started from it."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.audit import audit_record_access
from accounts.errors import ServiceError, form_add_service_error
from assessments.forms import StepForm, step_form
from assessments.presentation import clearance_intro, clearance_recorded
from assessments.selectors import evaluation_explained
from assessments.services import AnswersInvalid, AssessmentLocked
from assessments.steps import (
    FIRST_STEP,
    STEP_BY_SLUG,
    STEP_OF_ITEM,
    STEPS,
    next_step,
    previous_step,
    step_number,
)
from care import forms
from care.access import client_for_physio
from care.selectors.clinic import client_assessment_for, clinic_draft_for
from care.services import clinic
from care.views.base import client_url, physio_required
from programs import selectors as program_selectors
from programs.models import Program


def _step_url(client_id: int, assessment, slug: str) -> str:
    return reverse("physio:assessment_step", args=[client_id, assessment.uid, slug])


def _result_url(client_id: int, assessment) -> str:
    return reverse("physio:assessment_result", args=[client_id, assessment.uid])


@physio_required
@require_POST
def assessment_start(request: HttpRequest, client_id: int) -> HttpResponse:
    """Open the in-clinic assessment (or resume this physiotherapist's unfinished one)."""
    person = client_for_physio(request.user, client_id)
    assessment = clinic.clinic_assessment_start(physio=request.user, client=person)
    return redirect(_step_url(person.pk, assessment, assessment.current_step or FIRST_STEP))


def _render_step(request, person, assessment, slug: str, form: StepForm) -> HttpResponse:
    reached = step_number(assessment.current_step or FIRST_STEP)
    nav = [
        {
            "title": step.title,
            "number": number,
            "current": step.slug == slug,
            "reachable": number <= reached,
            "url": _step_url(person.pk, assessment, step.slug),
        }
        for number, step in enumerate(STEPS, start=1)
    ]
    context = {
        "client": person,
        "assessment": assessment,
        "step": STEP_BY_SLUG[slug],
        "number": step_number(slug),
        "total": len(STEPS),
        "nav": nav,
        "form": form,
        "groups": form.grouped_fields(),
        "previous": previous_step(slug),
        "is_last": next_step(slug) is None,
        "back": client_url(person.pk, "assessment"),
    }
    return render(request, "care/assessment_step.html", context)


@physio_required
@require_http_methods(["GET", "POST"])
def assessment_step(request: HttpRequest, client_id: int, uid: UUID, slug: str) -> HttpResponse:
    """One step of the questionnaire, answered with what the physiotherapist observed."""
    if slug not in STEP_BY_SLUG:
        raise Http404("No such step.")
    person = client_for_physio(request.user, client_id)
    assessment = clinic_draft_for(request.user, person, uid)
    if assessment.is_submitted:
        # A second press of the last step's button, or an old tab: the evaluation is there.
        return redirect(_result_url(person.pk, assessment))
    if step_number(slug) > step_number(assessment.current_step or FIRST_STEP):
        return redirect(_step_url(person.pk, assessment, assessment.current_step or FIRST_STEP))
    if request.method == "GET":
        form = step_form(slug, answers=assessment.answers)
        return _render_step(request, person, assessment, slug, form)

    form = step_form(slug, answers=assessment.answers, data=request.POST)
    going_back = request.POST.get("direction") == "back"
    valid = form.is_valid()
    try:
        assessment = clinic.clinic_assessment_answers_save(
            physio=request.user,
            assessment=assessment,
            step=slug,
            items=form.cleaned_items(),
            completed=valid,
        )
    except AssessmentLocked:
        return redirect(_result_url(person.pk, assessment))
    only_missing = all(
        error.code == "required" for errors in form.errors.as_data().values() for error in errors
    )
    if going_back and (valid or only_missing):
        return redirect(_step_url(person.pk, assessment, previous_step(slug) or slug))
    if not valid:
        return _render_step(request, person, assessment, slug, form)
    following = next_step(slug)
    if following is not None:
        return redirect(_step_url(person.pk, assessment, following))
    try:
        clinic.clinic_assessment_submit(physio=request.user, assessment=assessment)
    except AnswersInvalid as invalid:
        slugs = [STEP_OF_ITEM[item] for item in invalid.errors if item in STEP_OF_ITEM]
        first = min(slugs, key=step_number) if slugs else FIRST_STEP
        form = StepForm.with_errors(
            step=STEP_BY_SLUG[first], answers=assessment.answers, errors=invalid.errors
        )
        messages.error(request, "Answer the questions marked below before seeing the evaluation.")
        return _render_step(request, person, assessment, first, form)
    messages.success(request, f"Assessment saved. {person.display_name} can read it too.")
    return redirect(_result_url(person.pk, assessment))


@physio_required
@require_http_methods(["GET", "POST"])
def assessment_result(request: HttpRequest, client_id: int, uid: UUID) -> HttpResponse:
    """The evaluation of one of the client's assessments, and the program started from it."""
    person = client_for_physio(request.user, client_id)
    assessment = client_assessment_for(request.user, person, uid)
    audit_record_access(
        actor=request.user,
        subject_user=person,
        what="Opened your assessment: your answers and what they show",
    )
    explained = evaluation_explained(assessment.evaluation)
    current = Program.objects.current_for(person)
    started = current is not None and current.assessment_id == assessment.pk
    allowed = explained.program_allowed and bool(explained.exercises) and not started
    day = timezone.localdate()
    submitted = request.method == "POST"
    form = forms.ClinicProgramStartForm(
        request.POST if submitted else None,
        initial={
            "start_date": day,
            "strength_days": program_selectors.strength_days_for(assessment),
        },
        sessions_per_week=program_selectors.sessions_per_week_of(assessment),
        today=day,
        has_current=current is not None,
        client_name=person.display_name,
    )
    if submitted and allowed and form.is_valid():
        try:
            clinic.clinic_program_start(
                physio=request.user,
                assessment=assessment,
                start_date=form.cleaned_data["start_date"],
                strength_days=form.cleaned_data["strength_days"],
                replace_current=form.cleaned_data.get("replace_current", False),
            )
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request,
                f"Program started. {person.display_name} sees it on Today; adjust it below.",
            )
            return redirect(client_url(person.pk, "program"))
    return render(
        request,
        "care/assessment_result.html",
        {
            "client": person,
            "assessment": assessment,
            "result": explained,
            "form": form,
            "allowed": allowed,
            "started": started,
            "current": current,
            "back": client_url(person.pk, "assessment"),
        },
    )


@physio_required
@require_http_methods(["GET", "POST"])
def assessment_clearance(request: HttpRequest, client_id: int, uid: UUID) -> HttpResponse:
    """Record that a clinician cleared the client, releasing the program the assessment
    withheld (spec sections 5 and 8)."""
    person = client_for_physio(request.user, client_id)
    assessment = client_assessment_for(request.user, person, uid)
    if assessment.is_cleared or (assessment.evaluation or {}).get("program_allowed", True):
        return redirect(_result_url(person.pk, assessment))
    day = timezone.localdate()
    form = forms.ClinicClearanceForm(
        request.POST or None, today=day, client_name=person.display_name
    )
    if request.method == "POST" and form.is_valid():
        try:
            clinic.clinic_clearance_record(
                physio=request.user,
                assessment=assessment,
                today=day,
                **form.cleaned_data,
            )
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, clearance_recorded(client_name=person.display_name))
            return redirect(_result_url(person.pk, assessment))
    return render(
        request,
        "care/form_page.html",
        {
            "client": person,
            "title": f"Record {person.display_name}'s clearance to exercise",
            "intro": clearance_intro(
                client_name=person.display_name,
                submitted_on=timezone.localdate(assessment.submitted_at),
            ),
            "form": form,
            "submit": "Record the clearance",
            "back": client_url(person.pk, "assessment"),
        },
    )
