"""Reads for accounts."""

from __future__ import annotations

from accounts.models import User


def calendar_user_for_token(token: str) -> User | None:
    """The active person owning this calendar feed token; ``None`` for an unknown or revoked one.

    The token is the whole key to the feed (calendar apps cannot log in).
    """
    if not token:
        return None
    return User.objects.filter(calendar_token=token, is_active=True).first()
