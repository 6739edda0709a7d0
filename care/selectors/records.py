"""The physiotherapist's own clinical notes about clients who are no longer on their caseload:
their professional record, which they keep after the client stops sharing or deletes their
account (``care.models.ClinicalNote``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from accounts.models import User
from care.access import physio_check
from care.models import CareLink, ClinicalNote


@dataclass
class FormerClient:
    name: str
    account_deleted: bool
    notes: list[ClinicalNote] = field(default_factory=list)


def former_client_records(physio: User) -> list[FormerClient]:
    """The notes ``physio`` wrote about clients not linked to them now, one group per client
    (by account, or, once the account is deleted, by the name written in the notes), the most
    recently written first. Only the author sees them."""
    physio_check(physio)
    linked = CareLink.objects.active().filter(physiotherapist=physio, client=OuterRef("client"))
    notes = (
        ClinicalNote.objects.filter(physiotherapist=physio)
        .exclude(
            client__isnull=False, pk__in=ClinicalNote.objects.filter(Exists(linked)).values("pk")
        )
        .order_by("-created_at", "-pk")
    )
    groups: dict[tuple, FormerClient] = {}
    for note in notes:
        key = ("account", note.client_id) if note.client_id else ("name", note.client_display_name)
        group = groups.setdefault(
            key,
            FormerClient(
                name=note.client_display_name or "A former client",
                account_deleted=note.client_id is None,
            ),
        )
        group.notes.append(note)
    return list(groups.values())
