"""Users and their roles. The link between a client and a physiotherapist is ``care.CareLink``."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models

# Models of this app kept in their own modules.
from accounts.care_events import CareEvent  # noqa: F401
from accounts.consent import HealthDataConsent  # noqa: F401
from accounts.rate_counters import RateLimitCounter  # noqa: F401
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
