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
    """A physiotherapist's private note about a client; never shown to the client.

    The note is the physiotherapist's clinical record, which a clinician must keep: when the
    client deletes their account, ``client`` is emptied and the note stays with the
    physiotherapist, naming the client only as ``client_display_name`` was written at the time.
    """

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clinical_notes",
    )
    # The note's header: the client's name when the note was written, nothing else of them.
    client_display_name = models.CharField(max_length=300, blank=True)
    physiotherapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes_written"
    )
    body = models.TextField(max_length=8000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "programs_clinicalnote"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Note about {self.client_display_name} on {self.created_at:%Y-%m-%d}"


class ProgramTemplate(models.Model):
    """A physiotherapist's named program (exercises with level, dose and when), saved from a
    client's program and applied to another client's, who then gets it adjusted as needed.
    Only its owner sees or applies it."""

    physiotherapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_templates"
    )
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["physiotherapist", "name"], name="one_template_name_per_physiotherapist"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProgramTemplateExercise(models.Model):
    """One exercise of a template: library code, level, dose overrides and when it is done."""

    template = models.ForeignKey(
        ProgramTemplate, on_delete=models.CASCADE, related_name="exercises"
    )
    code = models.CharField(max_length=60)
    level = models.PositiveSmallIntegerField()
    frequency = models.CharField(max_length=20)  # "strength" or "daily"
    order = models.PositiveSmallIntegerField(default=0)
    sets_override = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_override = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds_override = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="one_template_row_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} L{self.level}"


# The physiotherapist's notification emails, kept in their own module.
from care.notification_models import (  # noqa: E402, F401
    DigestSent,
    NotificationPreferences,
    NotificationSent,
)
