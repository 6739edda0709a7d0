"""What happened in a client's care that their physiotherapist may want to hear about: an
outbox the services that cause it write to, in their own transaction.

A flag raised (``programs``), a clearance recorded (``assessments``), an invitation accepted, a
link ended or a message from the client (``care``): each service records a ``CareEvent``. It
lives here, at the bottom of the stack, so that every layer can write it without importing the
layers above; ``care`` reads it to email physiotherapists at once or in the daily digest, each
as they chose (``care.notifications``). Once the event is committed, ``care_event_recorded``
is sent with its id so that an immediate email goes out at the event; a failed send leaves the
event for the digest.

An event names the physiotherapist it is for, or none: then it is for every physiotherapist
linked to the client (since before the event) when it is sent, so a link that has ended by then
hears nothing more about the client.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models, transaction
from django.dispatch import Signal
from django.utils import timezone

if TYPE_CHECKING:
    from accounts.models import User

log = logging.getLogger(__name__)

# Sent with ``event_id`` once the transaction that recorded the event has committed.
care_event_recorded = Signal()


class CareEvent(models.Model):
    class Kind(models.TextChoices):
        URGENT_FLAG = "urgent_flag", "A flag to act on soon (same day or within 2 weeks)"
        FLAG = "flag", "Other new flags (attention, routine referrals)"
        INVITATION_ACCEPTED = "invitation_accepted", "A client accepted your invitation"
        SHARING_ENDED = "sharing_ended", "A client stopped sharing or deleted their account"
        CLEARANCE = "clearance", "A client recorded a clinician's clearance"
        CLIENT_MESSAGE = "client_message", "A message from a client"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    # Null once the client's account is deleted (an event telling of the deletion keeps only
    # the name below, for the physiotherapist's email).
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="care_events",
    )
    client_name = models.CharField(max_length=300)
    physiotherapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="care_events_for",
    )
    # What it is about, as codes the emails word (``care.notifications``): the flag's urgency
    # or kind, "account_deleted" for a deletion.
    detail = models.CharField(max_length=40, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        app_label = "accounts"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.client_name} ({self.created_at:%Y-%m-%d})"


def care_event_record(
    *,
    kind: str,
    client: User | None,
    client_name: str = "",
    physiotherapist: User | None = None,
    detail: str = "",
    subject_id: int | None = None,
    created_at: datetime | None = None,
) -> CareEvent:
    """Record the event in the caller's transaction; announce it once that commits. It happened
    now, or at ``created_at`` (the daily job's moment on the day it runs for)."""
    event = CareEvent.objects.create(
        created_at=created_at or timezone.now(),
        kind=kind,
        client=client,
        client_name=(client_name or (client.display_name if client else ""))[:300],
        physiotherapist=physiotherapist,
        detail=detail,
        subject_id=subject_id,
    )
    transaction.on_commit(
        lambda: care_event_recorded.send(sender=CareEvent, event_id=event.pk), robust=True
    )
    return event
