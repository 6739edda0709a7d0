"""Request/response plumbing shared by every page: caching rules, the audit trail's address and
one log line per request."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from auditlog.middleware import AuditlogMiddleware
from django.http import HttpRequest, HttpResponse

from accounts.client_address import client_address

request_log = logging.getLogger("valgus.requests")

# Everything under these prefixes can contain answers, programs, logs or notes, even when it is
# fetched without a session (a private calendar feed, an anonymous assessment draft).
HEALTH_DATA_PREFIXES = ("/assessment/", "/program/", "/physio/", "/api/", "/accounts/")


class NoStoreHealthDataMiddleware:
    """Tell browsers and proxies never to keep a copy of a page with someone's health data.

    Without it a shared computer's back button or disk cache can show the previous person's
    program after they logged out. The rule is deliberately simple so nobody has to remember it:
    every response to a logged-in person and every response under a health-data prefix.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or request.path.startswith(
            HEALTH_DATA_PREFIXES
        ):
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response


class AuditlogClientAddressMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, recording the address our one rule gives.

    The library's own reads the first ``X-Forwarded-For`` entry, which the client chooses.
    """

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        address = client_address(request)
        return None if address == "-" else address


class RequestLogMiddleware:
    """One log line per request: method, route, status, time taken (the client's address is
    added by the log format).

    The route pattern is logged rather than the path, so log files hold neither the private
    calendar links nor people's ids.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = f"/{match.route}" if match is not None else "(no route)"
        request_log.info(
            "%s %s %s %.0fms",
            request.method,
            route,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        return response
