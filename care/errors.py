"""Refusals of the care services (see ``accounts.errors`` for how they are shown)."""

from __future__ import annotations

from accounts.errors import ServiceError


class CareError(ServiceError):
    """A change to a client's care the service cannot make; the message is for the
    physiotherapist (or the client, for sharing)."""


class InvitationError(CareError):
    """An invitation code that cannot be used; the message is written for the client."""
