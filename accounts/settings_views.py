"""The person's own account settings: name, email, reminders and the private calendar link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms import AccountSettingsForm
from accounts.services import account_settings_update, calendar_token_regenerate


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
    return render(request, "accounts/settings.html", context)


@login_required
@require_POST
def account_calendar_revoke(request: HttpRequest) -> HttpResponse:
    calendar_token_regenerate(user=request.user)
    messages.success(
        request,
        "Your old calendar link no longer works. Add the new link below to your calendar app.",
    )
    return redirect("account_settings")
