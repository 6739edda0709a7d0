"""Stored answers: a baseline self-assessment or a reassessment, saved as a draft after every
step and frozen with its evaluation when submitted."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

# Session key holding the uids of the assessments this browser answered before logging in: they
# are visible to it (selectors) and claimed when it signs in (services).
ANONYMOUS_SESSION_KEY = "anonymous_assessment_uids"


class Assessment(models.Model):
    class Kind(models.TextChoices):
        BASELINE = "baseline", "Self-assessment"
        REASSESSMENT = "reassessment", "Reassessment"

    class Status(models.TextChoices):
        DRAFT = "draft", "In progress"
        SUBMITTED = "submitted", "Completed"

    # Public identifier used in URLs; never a sequential id.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Empty while an anonymous person is answering; set when they sign up or log in.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
    )
    # Session key of the anonymous browser that started the draft (cleared once owned).
    anonymous_key = models.CharField(max_length=64, blank=True, db_index=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BASELINE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    # Raw answers keyed by the spec's item ids; validated by programs.engine.Answers on submit.
    answers = models.JSONField(default=dict, blank=True)
    current_step = models.CharField(max_length=40, blank=True)
    # For reassessments: the baseline compared against, the program and its week.
    baseline = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="reassessments"
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reassessments",
    )
    program_week = models.PositiveSmallIntegerField(null=True, blank=True)
    # Frozen output of the rules engine and the version of the rules that produced it.
    evaluation = models.JSONField(null=True, blank=True)
    rules_version = models.CharField(max_length=40, blank=True)
    # A withheld program (spec section 5) released once the client confirmed that a clinician
    # examined the knee and cleared them: when, who they said cleared them, and the evaluation as
    # it was before, kept so the warning signs and the original decision stay on record.
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.CharField(
        max_length=200, blank=True, help_text="Who cleared you: e.g. Dr Patel, GP"
    )
    evaluation_before_clearance = models.JSONField(null=True, blank=True)
    # An assessment the client's physiotherapist recorded in clinic from what they observed (the
    # same items and engine as the questionnaire); empty for the client's own self-assessment.
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assessments_recorded",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "kind", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.uid}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_in_clinic(self) -> bool:
        return self.assessed_by_id is not None

    @property
    def is_cleared(self) -> bool:
        return self.cleared_at is not None


class Clearance(models.Model):
    """A clinician's clearance (clinical spec, section 8): who cleared the client, in which role,
    and the day they were seen, which is neither before the referral or flag it answers nor in
    the future (``programs.engine.check_clearance``). It releases a program withheld at
    assessment (``assessment``) or resumes a paused one (``program``); the linked
    physiotherapist sees every clearance on the client review.
    """

    class Role(models.TextChoices):
        DOCTOR = "doctor", "Doctor"
        PHYSIOTHERAPIST = "physiotherapist", "Physiotherapist"
        ORTHOPEDIC_SPECIALIST = "orthopedic_specialist", "Orthopaedic specialist"
        EMERGENCY_DEPARTMENT = "emergency_department", "Emergency department"
        OTHER = "other", "Other clinician"

    class Answers(models.TextChoices):
        REFERRAL = "referral", "The referral at assessment"
        FLAG = "flag", "A flag during the program"

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clearances"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, null=True, blank=True, related_name="clearances"
    )
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="clearances",
    )
    answers = models.CharField(max_length=20, choices=Answers.choices)
    clinician_name = models.CharField(max_length=100)
    clinician_role = models.CharField(max_length=30, choices=Role.choices)
    seen_on = models.DateField()
    # The day the referral or flag was raised: the clearance cannot predate it.
    raised_on = models.DateField()
    # What the client added (what the clinician said); may be empty.
    note = models.TextField(blank=True, max_length=1000)
    # Who recorded it: empty for the client themselves, else their linked physiotherapist
    # (after an assessment in clinic that withheld the program).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    rules_version = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Cleared by {self.clinician_name} ({self.get_clinician_role_display()})"
