"""The consented link between a client and a physiotherapist, the invitation that starts it, and
the physiotherapist's private clinical notes.

These tables were created by ``accounts`` and ``programs`` and keep their names (``db_table``):
moving the models here changed no data.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

INVITATION_DAYS = 7


def new_invitation_code() -> str:
    # 8 characters from an alphabet without look-alikes (0/O, 1/I/L): easy to read out.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def invitation_expiry() -> datetime:
    return timezone.now() + timedelta(days=INVITATION_DAYS)


class Invitation(models.Model):
    """A physiotherapist's offer to link; the client accepts it with the code or link."""

    physiotherapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_sent"
    )
    code = models.CharField(max_length=16, unique=True, default=new_invitation_code)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "accounts_invitation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation {self.code}"


class CareLinkQuerySet(models.QuerySet):
    def active(self) -> CareLinkQuerySet:
        """Links that give access now: ending a link removes access at once."""
        return self.filter(ended_at__isnull=True)


class CareLink(models.Model):
    """A client's consent to share their data with one physiotherapist.

    Access exists only while ``ended_at`` is empty; ending the link removes access at once.
    """

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_links"
    )
    physiotherapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload_links"
    )
    invitation = models.ForeignKey(Invitation, on_delete=models.SET_NULL, null=True, blank=True)
    consented_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CareLinkQuerySet.as_manager()

    class Meta:
        db_table = "accounts_carelink"
        ordering = ["-consented_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "physiotherapist"],
                condition=Q(ended_at__isnull=True),
                name="one_active_link_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.client} shares with {self.physiotherapist}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class ClinicalNote(models.Model):
    """A physiotherapist's private note about a client; never shown to the client."""

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clinical_notes"
    )
    physiotherapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes_written"
    )
    body = models.TextField(max_length=8000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "programs_clinicalnote"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note about {self.client} on {self.created_at:%Y-%m-%d}"


# The physiotherapist's notification emails, kept in their own module.
from care.notification_models import (  # noqa: E402, F401
    DigestSent,
    NotificationPreferences,
    NotificationSent,
)
