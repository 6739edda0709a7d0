"""Today, the client's flags, and resuming a paused program."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from accounts.errors import ServiceError, form_add_service_error
from programs import fragments, selectors, services
from programs.forms import ResumeForm


@login_required
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    """What to do today. Opening it changes no clinical state; it only marks the
    physiotherapist's messages shown here as read."""
    if request.user.is_physiotherapist:
        return redirect("home")
    day = timezone.localdate()
    content, unread, menu = fragments.client_page_part(
        "today", request, day, lambda: _today_content(request, day)
    )
    response = render(request, "programs/today.html", {"content": content, **menu})
    if unread:
        services.messages_mark_read(client=request.user, message_ids=unread)
    return response


def _today_content(request: HttpRequest, day: date) -> tuple[str, list[int]]:
    """Today's content, and the messages it shows that are still unread."""
    page = selectors.today_page(request.user, day)
    html = render_to_string("programs/_today.html", {"page": page}, request=request)
    return html, [message.pk for message in page.messages if message.read_at is None]


@login_required
@require_GET
def flags(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/flags.html", selectors.flags_page(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest) -> HttpResponse:
    """The client confirms that a clinician has cleared them; the program resumes."""
    program = selectors.program_current_or_404(request.user)
    if program.status != program.Status.PAUSED:
        messages.info(request, "Your program is not paused.")
        return redirect("programs:today")
    today = timezone.localdate()
    form = ResumeForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_resume_cleared(
                program=program,
                client=request.user,
                clinician_name=form.cleaned_data["clinician_name"],
                clinician_role=form.cleaned_data["clinician_role"],
                seen_on=form.cleaned_data["seen_on"],
                note=form.cleaned_data["note"],
                today=today,
            )
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, "Welcome back: your program has resumed.")
            return redirect("programs:today")
    paused_by = program.paused_reason.strip()
    later = [sign for sign in selectors.pause_warning_signs(program) if sign.strip() != paused_by]
    return render(
        request, "programs/resume.html", {"program": program, "form": form, "later_signs": later}
    )
