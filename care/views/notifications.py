"""The physiotherapist's choice of notification emails (``/physio/notifications/``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from care.forms import NotificationPreferencesForm
from care.selectors.notifications import preferences_for
from care.services.notifications import notification_preferences_save
from care.views.base import physio_required, posted


@physio_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    form = NotificationPreferencesForm(posted(request), instance=preferences_for(request.user))
    if request.method == "POST" and form.is_valid():
        notification_preferences_save(physio=request.user, choices=form.cleaned_data)
        messages.success(request, "Your email choices are saved.")
        return redirect("physio:notifications")
    return render(request, "care/notifications.html", {"form": form, "email": request.user.email})
