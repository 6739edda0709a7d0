"""Request/response plumbing shared by every page: caching rules and the client's address."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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


def client_ip(request: HttpRequest) -> str | None:
    """The address of the person making the request, for lockouts and audit entries.

    Behind our own proxy the last X-Forwarded-For entry is the one the proxy appended (earlier
    entries are whatever the client chose to send); without a proxy the header is ignored.
    """
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")
