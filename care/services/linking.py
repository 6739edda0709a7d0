"""Consented links between a client and a physiotherapist: invitations, acceptance, ending.

The client creates a link by accepting an invitation (after seeing exactly what will be shared)
and either side can end it at any time; ending it removes access at once because every read of
the workspace goes through ``care.access``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.care_events import CareEvent, care_event_record
from accounts.errors import NotPermitted
from accounts.models import User
from care.access import active_link
from care.errors import InvitationError
from care.fragments import review_pages_forget
from care.models import CareLink, Invitation
from care.selectors.sharing import invitation_lookup
from programs.services.summaries import (
    caseload_entries_add,
    caseload_entry_remove,
    client_summary_refresh,
)


@transaction.atomic
def invitation_create(*, physiotherapist: User) -> Invitation:
    if not physiotherapist.is_physiotherapist:
        raise NotPermitted("Only physiotherapists can invite clients.")
    return Invitation.objects.create(physiotherapist=physiotherapist)


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, actor: User) -> Invitation:
    if invitation.physiotherapist_id != actor.pk:
        raise NotPermitted("Only the physiotherapist who sent an invitation can cancel it.")
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
    if active_link(physio, client) is not None:
        raise InvitationError(f"You already share your data with {physio.display_name}.")
    now = timezone.now()
    invitation.accepted_by = client
    invitation.accepted_at = now
    invitation.save(update_fields=["accepted_by", "accepted_at"])
    link = CareLink.objects.create(
        client=client, physiotherapist=physio, invitation=invitation, consented_at=now
    )
    care_event_record(
        kind=CareEvent.Kind.INVITATION_ACCEPTED,
        client=client,
        physiotherapist=physio,
        subject_id=link.pk,
    )
    # The new physiotherapist's caseload lists the client from the summary at once.
    client_summary_refresh(client_id=client.pk)
    caseload_entries_add(physio_id=physio.pk, client_ids=[client.pk])
    return link


@transaction.atomic
def care_link_end(*, link: CareLink, actor: User) -> CareLink:
    """Either side may end a link; access stops at once, and the review kept for the
    physiotherapist is dropped."""
    if actor.pk not in {link.client_id, link.physiotherapist_id}:
        raise NotPermitted("Only the client or the physiotherapist can end this link.")
    link = CareLink.objects.select_for_update().get(pk=link.pk)
    if link.ended_at is None:
        link.ended_at = timezone.now()
        link.ended_by = actor
        link.save(update_fields=["ended_at", "ended_by"])
        caseload_entry_remove(physio_id=link.physiotherapist_id, client_id=link.client_id)
        if actor.pk == link.client_id:
            # The physiotherapist hears that the client stopped sharing (not of their own act).
            care_event_record(
                kind=CareEvent.Kind.SHARING_ENDED,
                client=link.client,
                physiotherapist=link.physiotherapist,
                subject_id=link.pk,
            )
    review_pages_forget(physio_pk=link.physiotherapist_id, client_pk=link.client_id)
    return link


@transaction.atomic
def care_links_end_for_deleted_account(*, client: User) -> int:
    """The client is deleting their account: each physiotherapist they share with hears of it.

    The events keep the client's name only (``client`` is left empty), so that the
    physiotherapist learns why the client left their caseload after the account is gone.
    """
    links = list(CareLink.objects.active().filter(client=client).select_related("physiotherapist"))
    for link in links:
        care_event_record(
            kind=CareEvent.Kind.SHARING_ENDED,
            client=None,
            client_name=client.display_name,
            physiotherapist=link.physiotherapist,
            detail="account_deleted",
        )
    return len(links)
