"""The physiotherapist's notification emails: what they want to hear about and how, and what was
sent (``care.services.notifications``).

Every email sent is recorded under a unique key in the same transaction as the send, as
``ReminderSent`` is for the client's reminders: a re-run of the daily job, a second server, or
an immediate email racing the digest finds the row and sends nothing twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.care_events import CareEvent


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", "At once, by email"
    DIGEST = "digest", "In the daily digest"
    OFF = "off", "Off"


# Sensible defaults: what needs acting on the same day or within two weeks comes at once;
# the rest waits for the morning digest.
DEFAULT_DELIVERY = {
    CareEvent.Kind.URGENT_FLAG: Delivery.IMMEDIATE,
    CareEvent.Kind.FLAG: Delivery.DIGEST,
    CareEvent.Kind.INVITATION_ACCEPTED: Delivery.DIGEST,
    CareEvent.Kind.SHARING_ENDED: Delivery.DIGEST,
    CareEvent.Kind.CLEARANCE: Delivery.DIGEST,
    CareEvent.Kind.CLIENT_MESSAGE: Delivery.DIGEST,
}


def _delivery(kind: str) -> models.CharField:
    return models.CharField(
        max_length=10,
        choices=Delivery.choices,
        default=DEFAULT_DELIVERY[kind],
        verbose_name=CareEvent.Kind(kind).label,
    )


class NotificationPreferences(models.Model):
    """One physiotherapist's choice per kind of event (a field named after each kind). A
    physiotherapist who never saved the page has the defaults, without a row."""

    physiotherapist = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    urgent_flag = _delivery(CareEvent.Kind.URGENT_FLAG)
    flag = _delivery(CareEvent.Kind.FLAG)
    invitation_accepted = _delivery(CareEvent.Kind.INVITATION_ACCEPTED)
    sharing_ended = _delivery(CareEvent.Kind.SHARING_ENDED)
    clearance = _delivery(CareEvent.Kind.CLEARANCE)
    client_message = _delivery(CareEvent.Kind.CLIENT_MESSAGE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification preferences"

    def __str__(self) -> str:
        return f"Notification preferences of {self.physiotherapist}"

    def delivery_for(self, kind: str) -> str:
        return getattr(self, kind)


class NotificationSent(models.Model):
    """One event told to one physiotherapist, at once or in a digest: never twice."""

    event = models.ForeignKey(CareEvent, on_delete=models.CASCADE, related_name="sent")
    physiotherapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications_sent"
    )
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    sent_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "physiotherapist"], name="one_notification_per_event_and_physio"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} told to {self.physiotherapist}"


class DigestSent(models.Model):
    """The daily digest sent to one physiotherapist for one day: at most one a day."""

    physiotherapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests_sent"
    )
    date = models.DateField()
    events = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["physiotherapist", "date"], name="one_digest_per_physio_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"Digest to {self.physiotherapist} for {self.date}"
