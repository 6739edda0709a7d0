"""The self-assessment journey: start or resume, one page per step, the explained result."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.errors import form_add_service_error
from assessments.forms import ClearanceForm, StepForm, step_form
from assessments.presentation import (
    clearance_thanks,
    cleared_exercises_line,
    cleared_line,
    referrals_in_short,
    withheld_in_short,
)
from assessments.selectors import (
    assessment_draft_current,
    assessment_get,
    assessments_for_client,
    clearance_needs,
    evaluation_explained,
)
from assessments.services import (
    AnswersInvalid,
    AssessmentLocked,
    ClearanceRefused,
    assessment_answers_save,
    assessment_record_clearance,
    assessment_start,
    assessment_submit,
)
from assessments.steps import (
    FIRST_STEP,
    STEP_BY_SLUG,
    STEP_OF_ITEM,
    STEPS,
    next_step,
    previous_step,
    step_number,
)


def _is_physiotherapist(request: HttpRequest) -> bool:
    return request.user.is_authenticated and request.user.is_physiotherapist


def _step_url(assessment, slug: str) -> str:
    return reverse("assessments:step", args=[assessment.uid, slug])


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """What the questionnaire covers; begin, resume a draft or start over."""
    if _is_physiotherapist(request):
        if request.method == "POST":
            messages.info(request, "Physiotherapist accounts do not take the self-assessment.")
            return redirect("assessments:start")
        return render(request, "assessments/start.html", {"steps": STEPS, "physio": True})
    draft = assessment_draft_current(user=request.user, session=request.session)
    if request.method == "POST":
        action = request.POST.get("action", "begin")
        if draft is not None and action != "restart":
            return redirect(_step_url(draft, draft.current_step or FIRST_STEP))
        assessment = assessment_start(
            user=request.user,
            session=request.session,
            replacing=draft if action == "restart" else None,
        )
        return redirect(_step_url(assessment, FIRST_STEP))
    context = {
        "steps": STEPS,
        "draft": draft,
        "draft_step": step_number(draft.current_step or FIRST_STEP) if draft else None,
    }
    return render(request, "assessments/start.html", context)


def _render_step(
    request: HttpRequest, assessment, slug: str, form: StepForm, status: int = 200
) -> HttpResponse:
    reached = step_number(assessment.current_step or FIRST_STEP)
    nav = [
        {
            "slug": step.slug,
            "title": step.title,
            "number": number,
            "current": step.slug == slug,
            "reachable": number <= reached,
            "url": _step_url(assessment, step.slug),
        }
        for number, step in enumerate(STEPS, start=1)
    ]
    context = {
        "assessment": assessment,
        "step": STEP_BY_SLUG[slug],
        "number": step_number(slug),
        "total": len(STEPS),
        "nav": nav,
        "form": form,
        "groups": form.grouped_fields(),
        "previous": previous_step(slug),
        "is_last": next_step(slug) is None,
    }
    return render(request, "assessments/step.html", context, status=status)


def _only_missing_required(form: StepForm) -> bool:
    return all(
        error.code == "required" for errors in form.errors.as_data().values() for error in errors
    )


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, uid: UUID, slug: str) -> HttpResponse:
    if slug not in STEP_BY_SLUG:
        raise Http404("No such step.")
    assessment = assessment_get(uid=uid, user=request.user, session=request.session)
    if assessment.is_submitted:
        messages.info(
            request,
            "This assessment is complete and can no longer be changed. To answer again, start a "
            "new self-assessment.",
        )
        return redirect("assessments:result", uid=assessment.uid)
    if step_number(slug) > step_number(assessment.current_step or FIRST_STEP):
        return redirect(_step_url(assessment, assessment.current_step or FIRST_STEP))

    if request.method == "GET":
        return _render_step(request, assessment, slug, step_form(slug, answers=assessment.answers))

    form = step_form(slug, answers=assessment.answers, data=request.POST)
    going_back = request.POST.get("direction") == "back"
    valid = form.is_valid()
    try:
        # Valid answers are kept even when another field on the page needs correcting.
        assessment = assessment_answers_save(
            assessment=assessment, step=slug, items=form.cleaned_items(), completed=valid
        )
    except AssessmentLocked:
        return redirect("assessments:result", uid=assessment.uid)
    if going_back and (valid or _only_missing_required(form)):
        return redirect(_step_url(assessment, previous_step(slug) or slug))
    if not valid:
        return _render_step(request, assessment, slug, form)
    following = next_step(slug)
    if following is not None:
        return redirect(_step_url(assessment, following))
    try:
        assessment_submit(assessment=assessment)
    except AnswersInvalid as invalid:
        return _render_invalid_submission(request, assessment, invalid)
    return redirect("assessments:result", uid=assessment.uid)


def _render_invalid_submission(
    request: HttpRequest, assessment, invalid: AnswersInvalid
) -> HttpResponse:
    """Show the first step with a rejected answer, the message next to that question."""
    stray = [item for item in invalid.errors if item not in STEP_OF_ITEM]
    if stray:
        messages.error(request, "Some stored answers are not part of the questionnaire.")
    slugs = [STEP_OF_ITEM[item] for item in invalid.errors if item in STEP_OF_ITEM]
    slug = min(slugs, key=step_number) if slugs else FIRST_STEP
    form = StepForm.with_errors(
        step=STEP_BY_SLUG[slug], answers=assessment.answers, errors=invalid.errors
    )
    messages.error(request, "Please answer the questions marked below before seeing your result.")
    return _render_step(request, assessment, slug, form)


def result(request: HttpRequest, uid: UUID) -> HttpResponse:
    assessment = assessment_get(uid=uid, user=request.user, session=request.session)
    if not assessment.is_submitted:
        return redirect(_step_url(assessment, assessment.current_step or FIRST_STEP))
    explained = evaluation_explained(assessment.evaluation)
    is_owner = request.user.is_authenticated and assessment.owner_id == request.user.pk
    needs = clearance_needs(assessment)
    context = {
        "assessment": assessment,
        "result": explained,
        "clearance": needs,
        "clearance_form": (
            ClearanceForm(paediatric=needs.paediatric, today=timezone.localdate())
            if is_owner and not explained.program_allowed
            else None
        ),
        "can_start_program": (
            request.user.is_authenticated
            and request.user.is_client
            and assessment.owner_id == request.user.pk
            and explained.program_allowed
            and bool(explained.exercises)
        ),
        "start_program_url": reverse("programs:start", args=[assessment.uid]),
        "cleared_exercises_line": cleared_exercises_line(has_exercises=bool(explained.exercises)),
        "referrals_in_short": referrals_in_short(
            [referral["urgency"] for referral in explained.referrals],
            cleared=assessment.is_cleared,
        ),
        "withheld_in_short": withheld_in_short(can_record_here=is_owner),
        "cleared_line": (
            cleared_line(
                on=timezone.localtime(assessment.cleared_at),
                cleared_by=assessment.cleared_by,
                by_physiotherapist=assessment.clearances.filter(recorded_by__isnull=False).exists(),
            )
            if assessment.is_cleared
            else ""
        ),
    }
    return render(request, "assessments/result.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def clearance(request: HttpRequest, uid: UUID) -> HttpResponse:
    """The client records that a clinician has cleared them; the withheld program is released."""
    assessment = assessment_get(uid=uid, user=request.user, session=request.session)
    if not assessment.is_submitted:
        return redirect(_step_url(assessment, assessment.current_step or FIRST_STEP))
    if assessment.is_cleared or (assessment.evaluation or {}).get("program_allowed"):
        return redirect("assessments:result", uid=assessment.uid)
    needs = clearance_needs(assessment)
    today = timezone.localdate()
    form = ClearanceForm(request.POST or None, paediatric=needs.paediatric, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            assessment_record_clearance(
                assessment=assessment,
                user=request.user,
                clinician_name=form.cleaned_data["clinician_name"],
                clinician_role=form.cleaned_data["clinician_role"],
                seen_on=form.cleaned_data["seen_on"],
                confirmed=form.cleaned_data["confirmed"],
                today=today,
            )
        except ClearanceRefused as refused:
            form_add_service_error(form, refused)
        else:
            assessment.refresh_from_db()
            has_exercises = bool((assessment.evaluation or {}).get("exercises"))
            messages.success(request, clearance_thanks(has_exercises=has_exercises))
            return redirect("assessments:result", uid=assessment.uid)
    explained = evaluation_explained(assessment.evaluation)
    context = {"assessment": assessment, "result": explained, "clearance": needs, "form": form}
    return render(request, "assessments/clearance.html", context)


@login_required
def assessment_list(request: HttpRequest) -> HttpResponse:
    if request.user.is_physiotherapist:
        return render(request, "assessments/list.html", {"physio": True, "assessments": []})
    assessments = list(assessments_for_client(user=request.user))
    for assessment in assessments:
        assessment.step_number = step_number(assessment.current_step or FIRST_STEP)
        assessment.resume_url = _step_url(assessment, assessment.current_step or FIRST_STEP)
    return render(
        request,
        "assessments/list.html",
        {"assessments": assessments, "total": len(STEPS)},
    )
