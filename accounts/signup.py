"""Sign-up that tells nobody whether an email address already has an account.

Submitting the sign-up form always ends the same way: "check your email". A new address gets a
link that confirms the account (it stays inactive until then); an address that already has an
account gets an email saying so, with its username and links to log in or reset the password.
Nothing on the page differs, and both ways hash the password once, so even the time taken tells
nothing. The password-reset page keeps the same silence.

The link carries what the apps above ask for (``accounts.signals.signing_up``: the
self-assessments answered in that browser before signing up), so it is kept even when the link is
opened in another browser (a phone's mail app has its own).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
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
from accounts.errors import ServiceError
from accounts.models import User
from accounts.rate_limits import email_send_allowed
from accounts.signup_confirmation import SignupConfirmation

LINK_DAYS = 3
_SALT = "accounts.signup.confirm"

logger = logging.getLogger(__name__)


class SignupLinkInvalid(Exception):
    """The confirmation link is broken, expired or already used."""


class SignupEmailNotSent(ServiceError):
    """The mail server did not take the email; nothing was saved, so the person can try again."""

    def __init__(self) -> None:
        super().__init__(
            "We could not send the email that confirms your account just now, so no account "
            "was made yet. Please try again in a few minutes (type your password again)."
        )


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
    try:
        send_mail(subject.strip(), body.lstrip(), settings.DEFAULT_FROM_EMAIL, [to])
    except Exception as error:
        # Whatever the mail backend raises (a refused connection, a timeout, an SMTP refusal):
        # the page says so and, raised inside signup_request's transaction, nothing is kept.
        logger.exception("Sign-up email (%s) could not be sent", template)
        raise SignupEmailNotSent() from error


def _token(user: User, carried: Mapping[str, Sequence[str]]) -> str:
    data = {"u": user.pk, "c": {key: list(items) for key, items in carried.items()}}
    return signing.dumps(data, salt=_SALT, compress=True)


@transaction.atomic
def signup_request(
    *,
    username: str,
    first_name: str,
    email: str,
    password: str,
    wording_version: str,
    carried: Mapping[str, Sequence[str]],
    links: SignupLinks,
) -> None:
    """Create an inactive client account and email its confirmation link, or, when ``email``
    already has an account, email its owner instead. The caller shows the same page either way.

    Raises :class:`SignupEmailNotSent` (and keeps nothing) when the mail server does not take
    the email, whichever of the two it was.
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
                    "link": links.confirm(_token(pending, carried)),
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
            "link": links.confirm(_token(user, carried)),
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
def signup_confirm(*, token: str) -> tuple[User, dict[str, list[str]]]:
    """Activate the account the link is for; returns it and what the link carried."""
    user = signup_link_check(token=token)
    data = signing.loads(token, salt=_SALT, max_age=timedelta(days=LINK_DAYS))
    user.is_active = True
    user.save(update_fields=["is_active"])
    SignupConfirmation.objects.filter(user=user).delete()
    carried = data.get("c") or {}
    return user, {str(key): [str(item) for item in items] for key, items in carried.items()}
