"""Progress, reassessment, the private calendar feed and the client's account settings.

Thin views: each binds a form or reads one selector, calls one service, then redirects or
renders. Everything shown is the requesting user's own: other people's reassessments are 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import charts
from programs.account_settings import account_settings_update
from programs.calendar import (
    calendar_feed as build_calendar_feed,
)
from programs.calendar import calendar_token_regenerate, calendar_user_for_token
from programs.progress import (
    ProgressSummary,
    client_program_for,
    earlier_programs,
    program_last_day,
    program_progress,
    progress_program_for,
)
from programs.progress_forms import AccountSettingsForm, ReassessmentForm
from programs.reassessment import (
    ReassessmentNotAllowed,
    reassessment_due,
    reassessment_flags,
    reassessment_for,
    reassessment_refusal,
    reassessment_submit,
    reassessment_week,
    rule_week_for,
    stored_comparison,
)


def _charts(summary: ProgressSummary) -> dict[str, object]:
    """The four charts of a progress summary; a chart with nothing to draw is left out."""
    return {
        "pain_chart": charts.pain_chart(summary) if summary.pain_sessions else None,
        "adherence_chart": charts.adherence_chart(summary) if summary.weeks else None,
        "level_chart": charts.level_chart(summary) if summary.levels else None,
        "function_chart": (
            charts.function_chart(summary)
            if any(point.score is not None for point in summary.function_scores)
            else None
        ),
    }


@login_required
@require_GET
def progress(request: HttpRequest) -> HttpResponse:
    if request.user.is_physiotherapist:
        # Physiotherapists read a client's progress from their caseload, never here.
        return redirect("home")
    program = progress_program_for(request.user)
    if program is None:
        return render(request, "programs/progress.html", {"program": None})
    today = timezone.localdate()
    summary = program_progress(program, today=today)
    context = {
        "program": program,
        "summary": summary,
        "due_week": reassessment_due(program, today),
        "reassess_refusal": reassessment_refusal(program, today),
        "earlier_programs": earlier_programs(request.user, exclude=program),
        **_charts(summary),
    }
    return render(request, "programs/progress.html", context)


@login_required
@require_GET
def progress_program(request: HttpRequest, program_id: int) -> HttpResponse:
    """One of the client's own replaced or completed programs, read-only."""
    if request.user.is_physiotherapist:
        return redirect("home")
    program = client_program_for(request.user, program_id)
    if program is None:
        raise Http404("No such program.")
    if program.is_current:
        return redirect("programs:progress")
    # The history stops where the program did: days after it was replaced never happened.
    last_day = min(program_last_day(program), timezone.localdate())
    summary = program_progress(program, today=last_day)
    context = {
        "program": program,
        "summary": summary,
        "history": True,
        "last_day": last_day,
        "earlier_programs": earlier_programs(request.user, exclude=program),
        **_charts(summary),
    }
    return render(request, "programs/progress.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reassess(request: HttpRequest) -> HttpResponse:
    program = progress_program_for(request.user)
    today = timezone.localdate()
    refusal = reassessment_refusal(program, today)
    if refusal is not None:
        messages.info(request, refusal)
        return redirect("programs:progress")
    week = reassessment_week(program, today)
    form = ReassessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = reassessment_submit(
                client=request.user,
                program=program,
                answers=form.validated,
                week=week,
                today=today,
            )
        except ReassessmentNotAllowed as exc:
            messages.error(request, str(exc))
            return redirect("programs:progress")
        return redirect("programs:reassessment_result", uid=assessment.uid)
    context = {
        "form": form,
        "program": program,
        "week": week,
        "rule_week": rule_week_for(week),
        "due_week": reassessment_due(program, today),
    }
    return render(request, "programs/reassessment_form.html", context)


_GRADE_WORDS = {"none": "knee over the toes", "slight": "slight inward drift", "marked": "marked"}


def _shown(item: str, value: object) -> str:
    """An answer as the comparison table shows it."""
    if value is None:
        return "not tested" if not item.startswith("difficulty_") else "not answered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if item.startswith("pain_"):
        return f"{value}/10"
    if item.startswith("difficulty_"):
        return f"{value}/4"
    return _GRADE_WORDS.get(str(value), str(value))


@login_required
@require_GET
def reassessment_result(request: HttpRequest, uid) -> HttpResponse:
    assessment = reassessment_for(request.user, uid)
    if assessment is None or not assessment.evaluation:
        raise Http404("No such reassessment.")
    comparison = stored_comparison(assessment)
    context = {
        "assessment": assessment,
        "comparison": comparison,
        "rows": [
            {
                "label": item.label,
                "baseline": _shown(item.item, item.baseline),
                "follow_up": _shown(item.item, item.follow_up),
                "change": item.change,
            }
            for item in comparison.items
        ],
        "rule_week": assessment.evaluation.get("rule_week"),
        "flags": reassessment_flags(assessment),
    }
    return render(request, "programs/reassessment_result.html", context)


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No login (calendar apps cannot log in): the secret token in the URL is the key."""
    user = calendar_user_for_token(token)
    if user is None:
        raise Http404("No such calendar.")
    response = HttpResponse(build_calendar_feed(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="knee-program.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AccountSettingsForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        account_settings_update(
            user=user,
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            email=form.cleaned_data["email"],
            reminders_enabled=form.cleaned_data.get("reminders_enabled"),
        )
        messages.success(request, "Your settings are saved.")
        return redirect("account_settings")
    if request.method == "POST":
        # Keep what was typed; ModelForm validation already copied it onto the instance.
        user.refresh_from_db()
    calendar_url = None
    if user.is_client:
        calendar_url = request.build_absolute_uri(
            reverse("programs:calendar_feed", args=[user.calendar_token])
        )
    context = {"form": form, "calendar_url": calendar_url}
    return render(request, "programs/settings.html", context)


@login_required
@require_POST
def account_calendar_revoke(request: HttpRequest) -> HttpResponse:
    calendar_token_regenerate(user=request.user)
    messages.success(
        request,
        "Your old calendar link no longer works. Add the new link below to your calendar app.",
    )
    return redirect("account_settings")
