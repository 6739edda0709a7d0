"""Writes for accounts: physiotherapist creation, account settings and the calendar secret."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User, new_calendar_token


@transaction.atomic
def physiotherapist_create(
    *, username: str, email: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Physiotherapists never sign themselves up: an admin or this service creates them."""
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=User.Role.PHYSIOTHERAPIST,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def account_settings_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    reminders_enabled: bool | None = None,
) -> User:
    """Save the person's name, email and reminder choice (``None`` leaves reminders as they are).

    The role, the calendar secret and the password are never changed here.
    """
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = email.strip().lower()
    fields = ["first_name", "last_name", "email"]
    if reminders_enabled is not None:
        user.reminders_enabled = reminders_enabled
        fields.append("reminders_enabled")
    user.save(update_fields=fields)
    return user


@transaction.atomic
def calendar_token_regenerate(*, user: User) -> str:
    """Give the person a new calendar feed secret; the old feed URL stops working at once."""
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user.calendar_token
