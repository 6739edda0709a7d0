"""Signing up as a person does: the form (consent ticked), then the link in the email."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

SIGNUP_FORM = {
    "username": "newperson",
    "first_name": "New",
    "email": "new@example.org",
    "password1": DEFAULT_PASSWORD,
    "password2": DEFAULT_PASSWORD,
    "consent": "on",
}


def sign_up(client, REMOTE_ADDR="127.0.0.1", **overrides):  # noqa: N803 - Django's name
    return client.post(reverse("signup"), {**SIGNUP_FORM, **overrides}, REMOTE_ADDR=REMOTE_ADDR)


def confirmation_link(email: str) -> str:
    """The path of the newest confirmation link sent to ``email``."""
    for message in reversed(mail.outbox):
        if email in message.to:
            found = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", message.body)
            if found:
                return found.group(1)
    raise AssertionError(f"no confirmation link was sent to {email}")


def sign_up_and_confirm(client, **overrides):
    """Sign up and open the emailed link in the same browser; returns the confirmation's
    response (a redirect once the account is confirmed and logged in)."""
    response = sign_up(client, **overrides)
    assert response.status_code == 302, response.content.decode()[:2000]
    link = confirmation_link({**SIGNUP_FORM, **overrides}["email"].lower())
    assert client.get(link).status_code == 200
    return client.post(link)
