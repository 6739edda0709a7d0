"""Starting a program from a self-assessment result."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.errors import ServiceError, form_add_service_error
from assessments.presentation import exercise_name
from programs import scheduling, selectors, services
from programs.forms import ProgramStartForm
from programs.models import Program
from programs.policy import strength_days_back_to_back


def _back_to_back_note(days: list[int]) -> str:
    pairs = strength_days_back_to_back(days)
    if not pairs:
        return ""
    names = ", ".join(
        f"{scheduling.WEEKDAY_NAMES[first]} and {scheduling.WEEKDAY_NAMES[second]}"
        for first, second in pairs
    )
    return (
        f"Your strength days {names} are back to back. That is fine if it suits you, but a "
        "rest day between strength days helps your muscles recover; your physiotherapist can "
        "change the days for you."
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, uid) -> HttpResponse:
    """Choose a start date and strength days, then generate the program.

    The result page posts here without fields ("Start my program"): that shows the form.
    """
    assessment = selectors.assessment_for_start(request.user, uid)
    evaluation = selectors.evaluation_of(assessment)
    current = Program.objects.current_for(request.user)
    if current is not None and current.assessment_id == assessment.pk:
        messages.info(request, "You are already following the program from this assessment.")
        return redirect("programs:today")
    day = timezone.localdate()
    per_week = selectors.sessions_per_week_of(assessment)
    submitted = request.method == "POST" and "start_date" in request.POST
    form = ProgramStartForm(
        request.POST if submitted else None,
        initial={"start_date": day, "strength_days": selectors.strength_days_for(assessment)},
        sessions_per_week=per_week,
        today=day,
        has_current=current is not None,
    )
    allowed = bool(evaluation and evaluation.program_allowed and evaluation.exercises)
    if submitted and allowed and form.is_valid():
        try:
            services.program_generate(
                client=request.user,
                assessment=assessment,
                start_date=form.cleaned_data["start_date"],
                strength_days=form.cleaned_data["strength_days"],
                replace_current=form.cleaned_data.get("replace_current", False),
            )
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, "Your program is ready. Here is what to do today.")
            note = _back_to_back_note(form.cleaned_data["strength_days"])
            if note:
                messages.warning(request, note)
            return redirect("programs:today")
    preview = [
        {"name": exercise_name(item.code), "prescription": item}
        for item in (evaluation.exercises if evaluation is not None else [])
    ]
    return render(
        request,
        "programs/start.html",
        {
            "assessment": assessment,
            "evaluation": evaluation,
            "allowed": allowed,
            "withheld": not (evaluation and evaluation.program_allowed),
            "form": form,
            "current": current,
            "preview": preview,
            "has_daily": any(item["prescription"].frequency == "daily" for item in preview),
            "sessions_per_week": per_week,
        },
    )
