"""Sign-up that tells nobody whether an email address already has an account.

Submitting the sign-up form always ends the same way: "check your email". A new address gets a
link that confirms the account (it stays inactive until then); an address that already has an
account gets an email saying so, with its username and links to log in or reset the password.
Nothing on the page differs, and both ways hash the password once, so even the time taken tells
nothing. The password-reset page keeps the same silence.

The link carries the self-assessments answered in that browser before signing up, so they are
kept even when the link is opened in another browser (a phone's mail app has its own).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.consent import consent_record
from accounts.models import User
from accounts.rate_limits import email_send_allowed
from accounts.signup_confirmation import SignupConfirmation

LINK_DAYS = 3
_SALT = "accounts.signup.confirm"


class SignupLinkInvalid(Exception):
    """The confirmation link is broken, expired or already used."""


@dataclass(frozen=True)
class SignupLinks:
    """Absolute links for the emails, built from the request by the view."""

    login: str
    password_reset: str
    confirm: Callable[[str], str]  # the confirmation link for a token


def pending_cleanup() -> int:
    """Delete accounts whose confirmation link has expired, so their usernames are free again."""
    cutoff = timezone.now() - timedelta(days=LINK_DAYS)
    stale = User.objects.filter(
        is_active=False, signup_confirmation__created_at__lt=cutoff, last_login__isnull=True
    )
    count, _ = stale.delete()
    return count


def pending_account(email: str) -> User | None:
    return User.objects.filter(
        email__iexact=email, is_active=False, signup_confirmation__isnull=False
    ).first()


def _send(template: str, *, to: str, context: dict) -> None:
    if not email_send_allowed(to, purpose="signup"):
        return
    subject, _, body = render_to_string(template, context).partition("\n")
    send_mail(subject.strip(), body.lstrip(), settings.DEFAULT_FROM_EMAIL, [to])


def _token(user: User, anonymous_uids: Sequence[str]) -> str:
    return signing.dumps({"u": user.pk, "a": list(anonymous_uids)}, salt=_SALT, compress=True)


@transaction.atomic
def signup_request(
    *,
    username: str,
    first_name: str,
    email: str,
    password: str,
    wording_version: str,
    anonymous_uids: Sequence[str],
    links: SignupLinks,
) -> None:
    """Create an inactive client account and email its confirmation link, or, when ``email``
    already has an account, email its owner instead. The caller shows the same page either way.
    """
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # the same work as a new account, so the answer takes as long
        pending = pending_account(email)
        if pending is not None:
            # Lost the first email: the same link again. The account keeps the username and
            # password chosen first (a stranger re-submitting the address changes nothing).
            _send(
                "emails/signup_confirm.txt",
                to=pending.email,
                context={
                    "user": pending,
                    "link": links.confirm(_token(pending, anonymous_uids)),
                    "days": LINK_DAYS,
                },
            )
            return
        _send(
            "emails/signup_existing.txt",
            to=existing.email,
            context={"user": existing, "links": links},
        )
        return
    user = User(
        username=username,
        first_name=first_name,
        email=email,
        role=User.Role.CLIENT,
        is_active=False,
    )
    user.set_password(password)
    user.save()
    SignupConfirmation.objects.create(user=user)
    consent_record(user=user, wording_version=wording_version)
    _send(
        "emails/signup_confirm.txt",
        to=email,
        context={
            "user": user,
            "link": links.confirm(_token(user, anonymous_uids)),
            "days": LINK_DAYS,
        },
    )


def signup_link_check(*, token: str) -> User:
    """The account a confirmation link is for, while it is still waiting for it."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=timedelta(days=LINK_DAYS))
        user = User.objects.get(pk=data["u"], is_active=False, signup_confirmation__isnull=False)
    except (signing.BadSignature, KeyError, TypeError, User.DoesNotExist) as exc:
        raise SignupLinkInvalid from exc
    return user


@transaction.atomic
def signup_confirm(*, token: str) -> tuple[User, list[str]]:
    """Activate the account the link is for; returns it and the assessments to keep."""
    user = signup_link_check(token=token)
    data = signing.loads(token, salt=_SALT, max_age=timedelta(days=LINK_DAYS))
    user.is_active = True
    user.save(update_fields=["is_active"])
    SignupConfirmation.objects.filter(user=user).delete()
    return user, [str(uid) for uid in data.get("a", [])][:20]
