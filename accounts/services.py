"""Writes for accounts: sign-up and physiotherapist creation."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User


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
