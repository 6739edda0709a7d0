"""Users, roles and the consented link between a client and a physiotherapist."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Models of this app kept in their own modules.
from accounts.consent import HealthDataConsent  # noqa: F401
from accounts.signup_confirmation import SignupConfirmation  # noqa: F401


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class User(AbstractUser):
    class Role(models.TextChoices):
        CLIENT = "client", "Client"
        PHYSIOTHERAPIST = "physiotherapist", "Physiotherapist"

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLIENT)
    # Daily reminder emails are on by default and can be switched off by the client.
    reminders_enabled = models.BooleanField(default=True)
    # Secret part of the private iCal feed URL; regenerating it revokes the old link.
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    @property
    def is_client(self) -> bool:
        return self.role == self.Role.CLIENT

    @property
    def is_physiotherapist(self) -> bool:
        return self.role == self.Role.PHYSIOTHERAPIST

    @property
    def display_name(self) -> str:
        full = self.get_full_name().strip()
        return full or self.username


def new_invitation_code() -> str:
    # 8 characters from an alphabet without look-alikes (0/O, 1/I/L): easy to read out.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def invitation_expiry() -> timezone.datetime:
    return timezone.now() + timedelta(days=7)


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
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation {self.code}"

    def is_usable(self, now: timezone.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.cancelled_at is None and self.expires_at > now


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

    class Meta:
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
