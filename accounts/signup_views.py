"""Sign-up: the form, "check your email", and the confirmation link (accounts/signup.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from accounts.consent import CONSENT_VERSION
from accounts.forms import SignUpForm
from accounts.signup import (
    LINK_DAYS,
    SignupLinkInvalid,
    SignupLinks,
    pending_cleanup,
    signup_confirm,
    signup_link_check,
    signup_request,
)
from assessments.services import ANONYMOUS_SESSION_KEY, assessments_claim_for_user


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST":
        pending_cleanup()
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signup_request(
            username=form.cleaned_data["username"],
            first_name=form.cleaned_data["first_name"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            wording_version=CONSENT_VERSION,
            anonymous_uids=[str(uid) for uid in request.session.get(ANONYMOUS_SESSION_KEY) or []],
            links=SignupLinks(
                login=request.build_absolute_uri(reverse("login")),
                password_reset=request.build_absolute_uri(reverse("password_reset")),
                confirm=lambda token: request.build_absolute_uri(
                    reverse("signup_confirm", args=[token])
                ),
            ),
        )
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
    user, uids = signup_confirm(token=token)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    claimed = assessments_claim_for_user(user=user, session=request.session, extra_uids=uids)
    request.session.pop("signup_email", None)
    if claimed:
        messages.success(request, "Account confirmed. Your answers and result are saved to it.")
        return redirect(reverse("assessments:result", args=[claimed[0].uid]))
    messages.success(request, "Account confirmed. Welcome!")
    return redirect("home")
