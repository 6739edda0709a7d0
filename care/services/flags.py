"""The physiotherapist's side of a flag: acknowledge it with a note, then resolve it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from care.access import link_check
from care.errors import CareError
from programs.models import Flag
from programs.services.summaries import client_summary_refresh


@transaction.atomic
def flag_acknowledge(*, flag: Flag, actor: User, note: str) -> Flag:
    """The physiotherapist has seen the flag and says what happens next."""
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    link_check(actor, flag.client_id)
    if flag.status == Flag.Status.RESOLVED:
        raise CareError("This flag is already resolved.")
    flag.status = Flag.Status.ACKNOWLEDGED
    flag.acknowledged_at = timezone.now()
    flag.acknowledged_by = actor
    flag.acknowledgement_note = note.strip()
    flag.save(
        update_fields=["status", "acknowledged_at", "acknowledged_by", "acknowledgement_note"]
    )
    client_summary_refresh(client_id=flag.client_id)
    return flag


@transaction.atomic
def flag_resolve(*, flag: Flag, actor: User) -> Flag:
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    link_check(actor, flag.client_id)
    if flag.status == Flag.Status.RESOLVED:
        return flag
    flag.status = Flag.Status.RESOLVED
    flag.resolved_at = timezone.now()
    flag.resolved_by = actor
    flag.save(update_fields=["status", "resolved_at", "resolved_by"])
    client_summary_refresh(client_id=flag.client_id)
    return flag
