"""Consent to keep health data: asked once of clients who have not given it (accounts/consent.py).
Withdrawing it is a privacy page (privacy.views.consent_withdraw): download, then delete."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from accounts.consent import CONSENT_VERSION, CONSENT_WORDINGS, consent_for, consent_record


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=CONSENT_WORDINGS[CONSENT_VERSION],
        required=True,
        error_messages={
            "required": "Tick the box to agree, or download your data and delete your account "
            "below."
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


@login_required
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    """For an account made before consent was asked for: agree, or take your data and go."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if not request.user.is_client or consent_for(request.user) is not None:
        return redirect(next_url or "home")
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent_record(user=request.user, wording_version=CONSENT_VERSION)
        return redirect(next_url or "home")
    return render(request, "accounts/consent.html", {"form": form, "next": next_url})
