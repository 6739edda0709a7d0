"""What every page's menu shows about the care of the person logged in."""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest

from care.selectors.conversations import unread_count_for_client


def unread_messages(request: HttpRequest) -> dict:
    """The client's unread messages, for the menu: counted only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not getattr(user, "is_client", False):
        return {}
    return {"unread_message_count": cache(lambda: unread_count_for_client(user))}
