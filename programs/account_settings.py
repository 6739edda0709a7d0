"""Writes for the client's own account settings page."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User


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
