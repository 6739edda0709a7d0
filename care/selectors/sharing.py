"""Reads of consented sharing: invitations, and a client's current and past links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from accounts.errors import NotFound
from accounts.models import User
from care.errors import InvitationError
from care.models import INVITATION_DAYS, CareLink, Invitation

# What a client agrees to share, shown before accepting and on the sharing page. The wording is
# the consent text: keep it in step with what the physiotherapist pages actually show.
SHARED_DATA: tuple[str, ...] = (
    "Your self-assessment answers and the results worked out from them (findings and referrals)",
    "Your exercise program: exercises, levels and doses",
    "Every session you log: what you did, pain during the exercise, difficulty and your notes",
    "Your morning check-ins",
    "Referral and attention flags raised along the way",
    "Your reassessments and your progress over time",
)
PHYSIO_CAN: tuple[str, ...] = (
    "Adjust your program (levels, doses, exercises, strength days, pausing or resuming). "
    "Every change comes with a reason that you will see on your Today page.",
    "Send you messages, shown on your Today page.",
    "Write private clinical notes about you, as in any clinic record.",
)


def normalise_code(raw: str) -> str:
    """Codes are read out loud: accept lower case, spaces and dashes."""
    return re.sub(r"[\s\-]", "", raw or "").upper()


def invitation_status(invitation: Invitation, now: datetime | None = None) -> str:
    """One of pending, accepted, cancelled, expired (for lists and messages)."""
    now = now or timezone.now()
    if invitation.accepted_at is not None:
        return "accepted"
    if invitation.cancelled_at is not None:
        return "cancelled"
    if invitation.expires_at <= now:
        return "expired"
    return "pending"


def invitations_for(physio: User) -> QuerySet[Invitation]:
    return Invitation.objects.filter(physiotherapist=physio).select_related("accepted_by")


def invitation_for_physio(physio: User, invitation_id: int) -> Invitation:
    """The physiotherapist's own invitation; anyone else's is simply not found."""
    invitation = invitations_for(physio).filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound("No such invitation.")
    return invitation


def invitation_lookup(code: str, now: datetime | None = None) -> Invitation:
    """The usable invitation with this code, or :class:`InvitationError` saying why not."""
    normalised = normalise_code(code)
    invitation = (
        Invitation.objects.select_related("physiotherapist").filter(code=normalised).first()
        if normalised
        else None
    )
    if invitation is None:
        raise InvitationError(
            "We could not find an invitation with this code. Check it with your physiotherapist."
        )
    status = invitation_status(invitation, now)
    if status == "accepted":
        raise InvitationError(
            "This invitation has already been used. Ask your physiotherapist for a new one."
        )
    if status == "cancelled":
        raise InvitationError(
            "Your physiotherapist cancelled this invitation. Ask them for a new one."
        )
    if status == "expired":
        raise InvitationError(
            f"This invitation has expired (invitations last {INVITATION_DAYS} days). "
            "Ask your physiotherapist for a new one."
        )
    return invitation


def care_links_for_client(client: User) -> QuerySet[CareLink]:
    """Newest first; :func:`sharing_overview` splits current from past."""
    return (
        CareLink.objects.filter(client=client)
        .select_related("physiotherapist", "ended_by")
        .order_by("-consented_at", "-pk")
    )


def care_link_for_client(client: User, link_id: int) -> CareLink:
    link = care_links_for_client(client).filter(pk=link_id).first()
    if link is None:
        raise NotFound("No such link.")
    return link


@dataclass(frozen=True)
class SharingOverview:
    current: list[CareLink]
    past: list[CareLink]


def sharing_overview(client: User) -> SharingOverview:
    links = list(care_links_for_client(client))
    return SharingOverview(
        current=[link for link in links if link.is_active],
        past=[link for link in links if not link.is_active],
    )
