"""Consented links between a client and a physiotherapist: invitations, acceptance, ending.

A physiotherapist sees a client's data only while an active :class:`CareLink` exists. The client
creates that link by accepting an invitation (after seeing exactly what will be shared) and can
end it at any time; ending it removes access at once because every physiotherapist read goes
through :func:`active_link_exists` / ``programs.physio.client_for_physio``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import CareLink, Invitation, User


class InvitationError(Exception):
    """An invitation code that cannot be used; the message is written for the client."""


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


# --- selectors ---------------------------------------------------------------------------------


def invitations_for(physio: User) -> QuerySet[Invitation]:
    return Invitation.objects.filter(physiotherapist=physio).select_related("accepted_by")


def invitation_for_physio(physio: User, invitation_id: int) -> Invitation:
    """The physiotherapist's own invitation; anyone else's is simply not found."""
    try:
        return invitations_for(physio).get(pk=invitation_id)
    except Invitation.DoesNotExist:
        raise Http404("No such invitation.") from None


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
            "This invitation has expired (invitations last 7 days). "
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
    try:
        return care_links_for_client(client).get(pk=link_id)
    except CareLink.DoesNotExist:
        raise Http404("No such link.") from None


def active_link_for(physio: User, client: User) -> CareLink | None:
    return CareLink.objects.filter(
        physiotherapist=physio, client=client, ended_at__isnull=True
    ).first()


def active_link_exists(physio: User, client_id: int) -> bool:
    return CareLink.objects.filter(
        physiotherapist=physio, client_id=client_id, ended_at__isnull=True
    ).exists()


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


# --- services ----------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(*, physiotherapist: User) -> Invitation:
    if not physiotherapist.is_physiotherapist:
        raise PermissionDenied("Only physiotherapists can invite clients.")
    return Invitation.objects.create(physiotherapist=physiotherapist)


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, actor: User) -> Invitation:
    if invitation.physiotherapist_id != actor.pk:
        raise PermissionDenied("Only the physiotherapist who sent an invitation can cancel it.")
    if invitation.accepted_at is not None:
        raise InvitationError("This invitation has already been accepted; end the link instead.")
    if invitation.cancelled_at is None:
        invitation.cancelled_at = timezone.now()
        invitation.save(update_fields=["cancelled_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, code: str, client: User) -> CareLink:
    """Record the client's consent (with its time) and link them to the physiotherapist."""
    if not client.is_client:
        raise InvitationError("Only client accounts can accept an invitation.")
    found = invitation_lookup(code)
    # Lock the row so that the same code cannot be accepted twice at the same moment.
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    invitation_lookup(invitation.code)
    physio = found.physiotherapist
    if physio.pk == client.pk:
        raise InvitationError("You cannot accept your own invitation.")
    if active_link_for(physio, client) is not None:
        raise InvitationError(f"You already share your data with {physio.display_name}.")
    now = timezone.now()
    invitation.accepted_by = client
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_by", "accepted_at"])
    return CareLink.objects.create(
        client=client, physiotherapist=physio, invitation=invitation, consented_at=now
    )


@transaction.atomic
def care_link_end(*, link: CareLink, actor: User) -> CareLink:
    """Either side may end a link; access stops at once (nothing is cached)."""
    if actor.pk not in {link.client_id, link.physiotherapist_id}:
        raise PermissionDenied("Only the client or the physiotherapist can end this link.")
    link = CareLink.objects.select_for_update().get(pk=link.pk)
    if link.ended_at is None:
        link.ended_at = timezone.now()
        link.ended_by = actor
        link.save(update_fields=["ended_at", "ended_by"])
    return link
