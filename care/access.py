"""The access rule of the physiotherapist's workspace, in one place.

A physiotherapist reaches a client's data only while an active :class:`~care.models.CareLink`
joins them; ending the link removes access at once. Selectors find clients through
:func:`client_for_physio` (404 for anyone else), and every care service checks the link again
with :func:`link_check`, so a view that forgot to would still be safe. The client review reads
the same rule in SQL, in one statement with its digest
(``care.selectors.review_digest.review_opened``; tests/physio/test_review_opened.py holds the two
to the same answers).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from accounts.errors import NotFound, NotPermitted
from accounts.models import User
from care.models import CareLink


def physio_check(user: User) -> None:
    """Only physiotherapists have a workspace; everyone else finds nothing there."""
    if not getattr(user, "is_physiotherapist", False):
        raise NotFound("Not found.")


def active_link(physio: User, client: User) -> CareLink | None:
    return CareLink.objects.active().filter(physiotherapist=physio, client=client).first()


def is_linked(physio: User, client_id: int) -> bool:
    return (
        getattr(physio, "is_physiotherapist", False)
        and CareLink.objects.active().filter(physiotherapist=physio, client_id=client_id).exists()
    )


def clients_of(physio: User) -> QuerySet[User]:
    """Clients with an active link to this physiotherapist (each once)."""
    physio_check(physio)
    linked = CareLink.objects.active().filter(client=OuterRef("pk"), physiotherapist=physio)
    return User.objects.filter(Exists(linked), role=User.Role.CLIENT)


def client_for_physio(physio: User, client_id: int) -> User:
    """The linked client, or 404 for anyone else (unlinked, revoked, unknown ids alike)."""
    client = clients_of(physio).filter(pk=client_id).first()
    if client is None:
        raise NotFound("No such client.")
    return client


def link_check(actor: User, client_id: int) -> None:
    """For services: refuse unless ``actor`` is a physiotherapist linked to the client now."""
    if not is_linked(actor, client_id):
        raise NotPermitted("Only a linked physiotherapist can do this.")


def link_check_or_404(physio: User, client: User, *, link: CareLink | None = None) -> None:
    """For selectors: a client the physiotherapist is not linked to is simply not found.

    ``link`` is the active link the caller has just read for this request (``active_link``):
    when it joins these two, it is not read again.
    """
    if (
        link is not None
        and link.ended_at is None
        and link.physiotherapist_id == physio.pk
        and link.client_id == client.pk
        and getattr(physio, "is_physiotherapist", False)
    ):
        return
    if not is_linked(physio, client.pk):
        raise NotFound("No such client.")
