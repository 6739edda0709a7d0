"""Private clinical notes (messages are in ``care.services.conversations``)."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from care.access import link_check
from care.errors import CareError
from care.models import ClinicalNote


def _clean_body(body: str, what: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CareError(f"Write the {what} before saving.", field="body")
    return body


@transaction.atomic
def clinical_note_add(*, physio: User, client: User, body: str) -> ClinicalNote:
    """A private note for the clinical record; never shown to the client."""
    link_check(physio, client.pk)
    return ClinicalNote.objects.create(
        client=client,
        client_display_name=client.display_name,
        physiotherapist=physio,
        body=_clean_body(body, "note"),
    )
