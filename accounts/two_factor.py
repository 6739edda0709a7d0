"""Two-factor login (django-two-factor-auth on django-otp): a code from an authenticator app
(TOTP), with single-use recovery codes for when the phone is lost.

Physiotherapists and admins see many people's health data, so for them it is required: a first
login without it goes straight to setting it up, and the admin site refuses an unverified session.
Clients may turn it on from their account settings.

The login page is django-two-factor-auth's wizard (password, then code) with the username and
password fields keeping their plain names, so a person's password manager and any script that
posts ``username`` and ``password`` keep working.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from two_factor.utils import default_device, get_otpauth_url
from two_factor.views import LoginView as WizardLoginView
from two_factor.views import QRGeneratorView, SetupView

from accounts.signals import signed_in_send

ISSUER = "valgus"


def two_factor_required(user) -> bool:
    """Who must use a second factor: everyone who can see other people's health data."""
    return bool(
        user.is_authenticated
        and (getattr(user, "is_physiotherapist", False) or user.is_staff or user.is_superuser)
    )


class LoginView(WizardLoginView):
    """Password, then (when the account has an authenticator) the code from the app.

    Logging in also keeps any self-assessment answered before logging in.
    """

    template_name = "registration/login.html"
    CODE_LABELS = {
        "token": "Code from your authenticator app",
        "backup": "Recovery code",
    }
    # django-otp's "Invalid token" says nothing a person can act on; a code is also refused when
    # it was already used (each is accepted once) or the phone's clock is off.
    CODE_ERRORS = {
        "token": {
            "token_required": "Enter the 6-digit code your authenticator app shows for valgus.",
            "invalid_token": (
                "That code was not accepted. Codes change every 30 seconds and each works once: "
                "enter the code the app shows now, or wait for the next one. If codes keep "
                "failing, check that your phone's clock is set automatically, or use a recovery "
                "code."
            ),
        },
        "backup": {
            "token_required": "Enter one of your recovery codes.",
            "invalid_token": (
                "That recovery code was not accepted. Each recovery code works once; "
                "try another of yours."
            ),
        },
    }

    def get_form_prefix(self, step=None, form=None):
        # The first step's fields keep their plain names (username, password).
        if (step or self.steps.current) == self.AUTH_STEP:
            return None
        return super().get_form_prefix(step, form)

    def post(self, *args, **kwargs):
        step_field = f"{self.prefix}-current_step"
        if step_field not in self.request.POST:
            # A plain username and password post is the first step.
            self.request.POST = self.request.POST.copy()
            self.request.POST[step_field] = self.AUTH_STEP
        return super().post(*args, **kwargs)

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step, **kwargs)
        label = self.CODE_LABELS.get(step or self.steps.current)
        if label and "otp_token" in form.fields:
            form.fields["otp_token"].label = label
            form.fields["otp_token"].widget.attrs.update(
                {"autocomplete": "one-time-code", "autofocus": True}
            )
        errors = self.CODE_ERRORS.get(step or self.steps.current)
        if errors and hasattr(form, "otp_error_messages"):
            form.otp_error_messages = {**form.otp_error_messages, **errors}
        return form

    def done(self, form_list, **kwargs):
        response = super().done(form_list, **kwargs)
        signed_in_send(self.request, self.request.user, new_account=False)
        return response


class TwoFactorSetupView(SetupView):
    """Setting up the authenticator app, in our words and with "valgus" as the app's label."""

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        if self.steps.current == "generator":
            context["issuer"] = ISSUER
            context["otpauth_url"] = get_otpauth_url(
                self.request.user.get_username(), context["secret_key"], ISSUER
            )
        context["required"] = two_factor_required(self.request.user)
        return context

    def get_form(self, step=None, **kwargs):
        form = super().get_form(step, **kwargs)
        if "token" in form.fields:
            form.fields["token"].label = "Code shown in the app"
            # Digits, but not a number to spin up and down.
            form.fields["token"].widget.input_type = "text"
            form.fields["token"].widget.attrs.update(
                {"autocomplete": "one-time-code", "inputmode": "numeric"}
            )
        return form


class TwoFactorQRView(QRGeneratorView):
    def get_issuer(self) -> str:
        return ISSUER


# Pages someone who must set up two-factor login can still open on the way.
_OPEN_WHILE_SETTING_UP = (
    "logout",
    "two_factor:setup",
    "two_factor:qr",
    "two_factor:setup_complete",
)


class TwoFactorRequiredMiddleware:
    """Physiotherapists and admins get nowhere without a verified second factor.

    Without an authenticator yet (the first login), they are sent to set one up. With one but an
    unverified session (it began before two-factor login was required), they log in again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and two_factor_required(user)
            and not user.is_verified()
            and not self._is_open(request)
        ):
            if default_device(user) is None:
                return redirect("two_factor:setup")
            logout(request)
            return redirect(f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _is_open(self, request: HttpRequest) -> bool:
        if self._open is None:
            self._open = tuple(reverse(name) for name in _OPEN_WHILE_SETTING_UP)
        return request.path_info in self._open or request.path_info.startswith("/static/")
