"""The privacy page: download my data, who has seen my data, delete my account.

Every view acts on ``request.user`` only; none takes a user id, so nobody can reach another
person's export or deletion.
"""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.audit import audit_lines_for_client
from accounts.consent import consent_for
from accounts.models import User
from privacy.services import account_delete, account_export, account_export_csv_zip


class AccountDeleteForm(forms.Form):
    """Deleting everything cannot be undone, so the person proves who they are and confirms."""

    username = forms.CharField(
        label="Your username",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": "Type your username to confirm."},
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        error_messages={"required": "Enter your password to confirm it is you."},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label="I understand that my account, answers, program, logs and messages will be "
        "deleted for good and cannot be recovered.",
        required=True,
        error_messages={"required": "Tick this box to confirm that you want to delete everything."},
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if username.strip() != self.user.username:
            raise forms.ValidationError(
                f"Type your username exactly as shown ({self.user.username}) to confirm."
            )
        return username

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password


def _page(request: HttpRequest, form: AccountDeleteForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "privacy/privacy.html",
        {
            "form": form,
            "audit_lines": audit_lines_for_client(user=request.user),
            "consent": consent_for(request.user),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET"])
def privacy(request: HttpRequest) -> HttpResponse:
    return _page(request, AccountDeleteForm(user=request.user))


def _my_data_download(content: bytes, *, content_type: str, extension: str) -> HttpResponse:
    """The person's own data as a file named for today, e.g. valgus-my-data-2025-03-01.zip."""
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="valgus-my-data-{stamp}.{extension}"'
    return response


@login_required
@require_POST
def privacy_export_json(request: HttpRequest) -> HttpResponse:
    return _my_data_download(
        account_export(user=request.user),
        content_type="application/json; charset=utf-8",
        extension="json",
    )


@login_required
@require_POST
def privacy_export_zip(request: HttpRequest) -> HttpResponse:
    return _my_data_download(
        account_export_csv_zip(user=request.user),
        content_type="application/zip",
        extension="zip",
    )


@login_required
@require_POST
def privacy_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, form, status=400)
    account_delete(user=request.user)
    logout(request)
    messages.success(request, "Your account and all your data have been deleted.")
    return redirect("landing")


@login_required
def consent_withdraw(request: HttpRequest) -> HttpResponse:
    """Withdrawing consent to keep health data: download first, then delete (the form posts to
    privacy_delete). valgus has no purpose for the account without it (accounts/consent.py)."""
    return render(
        request,
        "privacy/consent_withdraw.html",
        {"consent": consent_for(request.user), "form": AccountDeleteForm(user=request.user)},
    )
