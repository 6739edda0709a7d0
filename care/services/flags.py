"""The physiotherapist's side of a flag: acknowledge it with a note, then resolve it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from care.access import link_check
from care.errors import CareError
from programs.models import Flag
from programs.services.summaries import client_summary_refresh

# A resolution note says why in a few words; "ok" is not a reason.
RESOLUTION_NOTE_MIN = 5


@transaction.atomic
def flag_acknowledge(*, flag: Flag, actor: User, note: str, shared: bool = False) -> Flag:
    """The physiotherapist has seen the flag and says what happens next. The client reads that
    their physiotherapist has seen it; the note only when ``shared`` (their choice, per note)."""
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    link_check(actor, flag.client_id)
    if flag.status == Flag.Status.RESOLVED:
        raise CareError("This flag is already resolved.")
    flag.status = Flag.Status.ACKNOWLEDGED
    flag.acknowledged_at = timezone.now()
    flag.acknowledged_by = actor
    flag.acknowledgement_note = note.strip()
    flag.acknowledgement_shared = shared and bool(flag.acknowledgement_note)
    flag.save(
        update_fields=[
            "status",
            "acknowledged_at",
            "acknowledged_by",
            "acknowledgement_note",
            "acknowledgement_shared",
        ]
    )
    client_summary_refresh(client_id=flag.client_id)
    return flag


@transaction.atomic
def flag_resolve(*, flag: Flag, actor: User, note: str, shared: bool = False) -> Flag:
    """Close the flag with a short note saying why (issue of governance: a flag is never closed
    without a reason on record); the client reads the note only when ``shared``."""
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    link_check(actor, flag.client_id)
    if flag.status == Flag.Status.RESOLVED:
        return flag
    note = (note or "").strip()
    if len(note) < RESOLUTION_NOTE_MIN:
        raise CareError(
            f"Write a short note (at least {RESOLUTION_NOTE_MIN} characters) saying why the flag "
            "is resolved, for example 'Reviewed in clinic: knee settled'.",
            field="note",
        )
    flag.status = Flag.Status.RESOLVED
    flag.resolved_at = timezone.now()
    flag.resolved_by = actor
    flag.resolution_note = note
    flag.resolution_shared = shared
    flag.save(
        update_fields=[
            "status",
            "resolved_at",
            "resolved_by",
            "resolution_note",
            "resolution_shared",
        ]
    )
    client_summary_refresh(client_id=flag.client_id)
    return flag
