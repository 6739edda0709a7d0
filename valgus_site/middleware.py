"""Request/response plumbing shared by every page: caching rules, the audit trail's address and
one log line per request."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from http import HTTPStatus

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict

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


def _has_nul(query: QueryDict) -> bool:
    return any(
        "\x00" in key or any("\x00" in value for value in values) for key, values in query.lists()
    )


class RefuseNulBytesMiddleware:
    """A NUL byte is never part of a real address or query: refuse the request with 400 before
    any code can hand it to the database (PostgreSQL answers such a query with an error).

    Form fields are left to the forms, which answer a NUL byte with a message next to the field.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path_info or _has_nul(request.GET):
            raise BadRequest("NUL byte in the address")
        return self.get_response(request)


API_PREFIX = "/api/"
# What each error means to someone calling the API; the body is {"detail": "..."} as for every
# other API error (422 lists the fields instead).
API_ERRORS = {
    400: "The request could not be read.",
    403: "Forbidden.",
    404: "Not found.",
    405: "Method not allowed.",
    413: "The request body is too large.",
    429: "Too many requests.",
    500: "Something went wrong on our side; nothing was stored. Please try again later.",
}


def api_error(status: int, detail: str | None = None) -> JsonResponse:
    return JsonResponse(
        {"detail": detail or API_ERRORS.get(status) or HTTPStatus(status).phrase}, status=status
    )


class ApiErrorsAsJsonMiddleware:
    """Everything under /api/ answers errors in JSON, whichever layer refused the request.

    django-ninja answers its own errors in JSON; this covers what happens around it: an unknown
    address (404), a wrong method (405), a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (413,
    refused before it is read), a NUL byte (400) and an unexpected failure (500).
    """

    KEPT_HEADERS = ("Allow", "Retry-After")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(API_PREFIX):
            return self.get_response(request)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit is not None and length > limit:
            return api_error(413, f"The request body is larger than {limit} bytes.")
        response = self.get_response(request)
        if response.status_code < 400 or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        replacement = api_error(response.status_code)
        for header in self.KEPT_HEADERS:
            if header in response:
                replacement[header] = response[header]
        return replacement
