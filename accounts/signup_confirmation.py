"""The marker of an account waiting for its sign-up email link (see accounts/signup.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SignupConfirmation(models.Model):
    """Marks an account waiting for its email link; deleted when the link is used."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signup_confirmation"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "accounts"

    def __str__(self) -> str:
        return f"{self.user} has not confirmed their email yet"
