"""Sign-up: the form, "check your email", and the confirmation link (accounts/signup.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.consent import CONSENT_VERSION
from accounts.errors import form_add_service_error
from accounts.forms import SignUpForm
from accounts.signals import signed_in_send, signing_up_send
from accounts.signup import (
    LINK_DAYS,
    SignupEmailNotSent,
    SignupLinkInvalid,
    SignupLinks,
    pending_cleanup,
    signup_confirm,
    signup_link_check,
    signup_request,
)


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST":
        pending_cleanup()
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signup_request(
                username=form.cleaned_data["username"],
                first_name=form.cleaned_data["first_name"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                wording_version=CONSENT_VERSION,
                carried=signing_up_send(request),
                links=SignupLinks(
                    login=request.build_absolute_uri(reverse("login")),
                    password_reset=request.build_absolute_uri(reverse("password_reset")),
                    confirm=lambda token: request.build_absolute_uri(
                        reverse("signup_confirm", args=[token])
                    ),
                ),
            )
        except SignupEmailNotSent as error:
            # What was typed stays in the form (but the passwords, which are never sent back).
            form_add_service_error(form, error)
        else:
            request.session["signup_email"] = form.cleaned_data["email"]
            return redirect("signup_sent")
    return render(request, "registration/signup.html", {"form": form})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/signup_sent.html",
        {"email": request.session.get("signup_email", ""), "days": LINK_DAYS},
    )


@require_http_methods(["GET", "POST"])
def signup_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks, POST confirms: a mail program opening the link to check it confirms nothing."""
    try:
        user = signup_link_check(token=token)
    except SignupLinkInvalid:
        return render(
            request, "registration/signup_link_invalid.html", {"days": LINK_DAYS}, status=404
        )
    if request.method == "GET":
        return render(request, "registration/signup_confirm.html", {"pending_user": user})
    user, carried = signup_confirm(token=token)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.pop("signup_email", None)
    next_page = signed_in_send(request, user, new_account=True, carried=carried)
    if next_page:
        return redirect(next_page)
    messages.success(request, "Account confirmed. Welcome!")
    return redirect("home")
