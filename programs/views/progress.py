"""Progress (the current program, and earlier ones read-only) and the reassessment.

Everything shown is the requesting user's own: other people's programs and reassessments are 404.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.errors import ServiceError
from assessments.presentation import (
    PROGRESS_PAUSED,
    PROGRESS_PAUSED_REASSESSMENT,
    answer_text,
    improvement_measures,
)
from programs import fragments, selectors, services
from programs.forms import ReassessmentForm
from programs.models import Program
from programs.policy import reassessment_refusal, reassessment_week, rule_week_for


@login_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    if request.user.is_physiotherapist:
        # Physiotherapists read a client's progress from their caseload, never here.
        return redirect("home")
    today = timezone.localdate()
    content, _, menu = fragments.client_page_part(
        "progress", request, today, lambda: (_progress_content(request, today), None)
    )
    return render(request, "programs/progress.html", {"content": content, **menu})


def _progress_content(request: HttpRequest, today: date) -> str:
    program = Program.objects.latest_for(request.user)
    if program is None:
        return render_to_string("programs/_progress.html", {"program": None}, request=request)
    summary = selectors.program_progress(program, today=today)
    context = {
        "program": program,
        "summary": summary,
        "due_week": selectors.reassessment_due(program, today),
        # While paused, the top of the page says so; the reassessment only says why it waits.
        "reassess_refusal": (
            PROGRESS_PAUSED_REASSESSMENT
            if program.status == Program.Status.PAUSED
            else reassessment_refusal(program, today)
        ),
        "paused_text": PROGRESS_PAUSED,
        "earlier_programs": selectors.earlier_programs(request.user, exclude=program),
        "sections": fragments.progress_sections(summary, history=False),
    }
    return render_to_string("programs/_progress.html", context, request=request)


@login_required
@require_GET
def progress_program(request: HttpRequest, program_id: int) -> HttpResponse:
    """One of the client's own replaced or completed programs, read-only."""
    if request.user.is_physiotherapist:
        return redirect("home")
    program = selectors.client_program_for(request.user, program_id)
    if program is None:
        raise Http404("No such program.")
    if program.is_current:
        return redirect("programs:progress")
    # The history stops where the program did: days after it was replaced never happened.
    last_day = min(selectors.program_last_day(program), timezone.localdate())
    summary = selectors.program_progress(program, today=last_day)
    context = {
        "program": program,
        "summary": summary,
        "history": True,
        "last_day": last_day,
        "earlier_programs": selectors.earlier_programs(request.user, exclude=program),
        "sections": fragments.progress_sections(summary, history=True),
    }
    content = render_to_string("programs/_progress.html", context, request=request)
    return render(request, "programs/progress.html", {"content": content, "history": True})


@login_required
@require_http_methods(["GET", "POST"])
def reassess(request: HttpRequest) -> HttpResponse:
    program = Program.objects.latest_for(request.user)
    today = timezone.localdate()
    refusal = reassessment_refusal(program, today)
    if refusal is not None:
        messages.info(request, refusal)
        return redirect("programs:progress")
    week = reassessment_week(program, today)
    form = ReassessmentForm(
        request.POST or None, goal_activities=selectors.baseline_goal_activities(program)
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.reassessment_submit(
                client=request.user,
                program=program,
                answers=form.validated,
                week=week,
                today=today,
            )
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("programs:progress")
        return redirect("programs:reassessment_result", uid=assessment.uid)
    context = {
        "form": form,
        "program": program,
        "week": week,
        "rule_week": rule_week_for(week),
        "due_week": selectors.reassessment_due(program, today),
    }
    return render(request, "programs/reassessment_form.html", context)


@login_required
@require_GET
def reassessment_result(request: HttpRequest, uid) -> HttpResponse:
    assessment = selectors.reassessment_for(request.user, uid)
    if assessment is None or not assessment.evaluation:
        raise Http404("No such reassessment.")
    comparison = selectors.stored_comparison(assessment)
    context = {
        "assessment": assessment,
        "comparison": comparison,
        "rows": [
            {
                "label": item.label,
                "baseline": answer_text(item.item, item.baseline),
                "follow_up": answer_text(item.item, item.follow_up),
                "change": item.change,
            }
            for item in comparison.items
        ],
        "rule_week": assessment.evaluation.get("rule_week"),
        "improved_by": improvement_measures(comparison.improved_by),
        "flags": selectors.reassessment_flags(assessment),
    }
    return render(request, "programs/reassessment_result.html", context)
