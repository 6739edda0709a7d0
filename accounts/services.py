"""Writes for accounts: physiotherapist creation, account settings and the calendar secret."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps
from django.db import transaction
from django.utils.module_loading import import_string

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
    renamed = (user.first_name, user.last_name) != (first_name.strip(), last_name.strip())
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = email.strip().lower()
    fields = ["first_name", "last_name", "email"]
    if reminders_enabled is not None:
        user.reminders_enabled = reminders_enabled
        fields.append("reminders_enabled")
    user.save(update_fields=fields)
    if renamed:
        for follow in name_followers():
            follow(user_id=user.pk)
    return user


def name_followers() -> list[Callable[..., None]]:
    """What keeps a copy of people's names (the caseload's order of its clients): each app
    declares its own in ``account_name_followers``, as it declares its personal data."""
    return [
        import_string(path)
        for config in apps.get_app_configs()
        for path in getattr(config, "account_name_followers", ())
    ]


@transaction.atomic
def calendar_token_regenerate(*, user: User) -> str:
    """Give the person a new calendar feed secret; the old feed URL stops working at once."""
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user.calendar_token
