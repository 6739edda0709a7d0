"""Guessing passwords: two limits on failed logins, both counted in the database by django-axes.

* Per username from one address (``VALGUS_LOGIN_FAILURE_LIMIT``, 5): someone guessing one
  person's password. Only that pair is paused, so a stranger elsewhere cannot lock the person
  out of their own account.
* Per address across usernames (``VALGUS_LOGIN_ADDRESS_FAILURE_LIMIT``, 20): someone trying a few
  common passwords on many accounts ("spraying"), which stays under the first limit for each.
  Only that address is paused; it is set well above the first so that a clinic or office
  sharing one address is not paused by a few people's typing mistakes.

The address is the one rule's (``accounts.client_address``), so a forwarded header cannot move
the attempts onto someone else's address.
"""

from __future__ import annotations

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

ACCOUNT = "account"
ADDRESS = "address"


def address_failures(request: HttpRequest) -> int:
    """Failed logins from the request's address within the cool-off, whatever the username."""
    total = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
        attempt_time__gte=get_cool_off_threshold(request),
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


class LoginGuardHandler(AxesDatabaseHandler):
    """django-axes' database handler with the per-address limit added."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        if address_failures(request) >= settings.VALGUS_LOGIN_ADDRESS_FAILURE_LIMIT:
            request.valgus_lockout = ADDRESS
            return max(failures, get_failure_limit(request, credentials))
        request.valgus_lockout = ACCOUNT
        return failures


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """The page shown while logging in is paused: which limit, for how long, what to do."""
    cool_off = get_cool_off(request)
    context = {
        "scope": getattr(request, "valgus_lockout", ACCOUNT),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "address_failure_limit": settings.VALGUS_LOGIN_ADDRESS_FAILURE_LIMIT,
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "registration/lockout.html", context, status=429)
