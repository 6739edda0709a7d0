"""Explicit consent to store and process health data, given at sign-up and withdrawable.

Health data may only be kept with the person's explicit consent for this purpose (UK GDPR
article 9). The wording a person agreed to is versioned: each record keeps the version and the
moment, so the privacy page can show exactly what was agreed. A client without a consent record
(an account made before consent was asked for) is asked once, before anything else; they can
instead download their data and delete their account. Withdrawing consent means valgus may no
longer keep the health data, so withdrawal offers a download, then deletes the account.

Physiotherapists and admins do not give health data of their own, so they are not asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

if TYPE_CHECKING:
    from accounts.models import User

CONSENT_VERSION = "1"
# Every wording ever shown, by version: a record must always be able to show what was agreed.
CONSENT_WORDINGS = {
    "1": (
        "I agree that valgus stores and uses the health information I give it (my answers about "
        "my knees, pain and symptoms, my exercise logs and check-ins) to give me an exercise "
        "program, track my progress and, only if I choose to share, show it to my "
        "physiotherapist. I can withdraw this consent at any time on the privacy page."
    ),
}


class HealthDataConsent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="health_data_consents"
    )
    wording_version = models.CharField(max_length=20)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "accounts"
        ordering = ["-given_at"]

    def __str__(self) -> str:
        return f"{self.user} consented (wording {self.wording_version}) at {self.given_at}"

    @property
    def wording(self) -> str:
        return CONSENT_WORDINGS[self.wording_version]


def consent_record(*, user: User, wording_version: str = CONSENT_VERSION) -> HealthDataConsent:
    """Record that ``user`` ticked the consent box showing ``wording_version``."""
    if wording_version not in CONSENT_WORDINGS:
        raise ValueError(f"Unknown consent wording {wording_version!r}")
    return HealthDataConsent.objects.create(user=user, wording_version=wording_version)


def consent_for(user: User) -> HealthDataConsent | None:
    """The person's latest consent, or None."""
    return HealthDataConsent.objects.filter(user=user).first()


def consent_needed(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_client
        and not user.is_staff
        and not HealthDataConsent.objects.filter(user=user).exists()
    )


# Pages a client without consent may still open: the consent page itself, and the ways out
# (download, delete, log out).
_OPEN_WITHOUT_CONSENT = (
    "consent",
    "privacy",
    "privacy_export_json",
    "privacy_export_zip",
    "privacy_delete",
    "logout",
)


_SESSION_KEY = "health_data_consent_seen"


class ConsentRequiredMiddleware:
    """A client who has not consented sees the consent page before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open: tuple[str, ...] | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            # Consent is only ever added while logged in (withdrawing deletes the account), so
            # once seen it is remembered for the session instead of asked of the database.
            and not request.session.get(_SESSION_KEY)
            and not self._is_open(request)
        ):
            if consent_needed(user):
                return redirect(f"{reverse('consent')}?{urlencode({'next': request.path})}")
            request.session[_SESSION_KEY] = True
        return self.get_response(request)

    def _is_open(self, request: HttpRequest) -> bool:
        if self._open is None:
            self._open = tuple(reverse(name) for name in _OPEN_WITHOUT_CONSENT)
        return request.path_info in self._open or request.path_info.startswith(
            (settings.STATIC_URL, "/api/")
        )
