"""Every route, found by walking the URL resolver, is sent NUL bytes, over-long values and broken
percent-encodings in its path parameters, its query string and its form body, as a stranger, a
client, a physiotherapist and an admin. Nothing may answer 500 (PostgreSQL refuses NUL bytes in
queries, so this matters most there: CI runs it on both databases).

New routes are covered by construction: the list comes from the resolver, not from this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from care.forms import CaseloadFilterForm
from tests.two_factor import TwoFactorClient

pytestmark = pytest.mark.django_db

# As they appear in a URL: a NUL byte, one hidden inside a value, an over-long value, percent
# signs that encode nothing, and percent-encoded bytes that are not UTF-8.
HOSTILE = ["a%00b", "x" * 3000, "%ZZ%", "%C3%28"]

# A harmless value for each kind of path parameter, so a hostile value in one parameter reaches
# the view when the others are well formed.
FILLER = {
    "int": "1",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "isodate": "2026-03-02",
    "slug": "x",
    "str": "x",
    "path": "x",
}

# Every query parameter a view reads, plus the usual suspects.
QUERY_NAMES = sorted(
    {"page", "logs", "new", "next", "q", "step", "week", "format", *CaseloadFilterForm.base_fields}
)
# Form fields a POST is likely to bind.
FORM_NAMES = [
    "username",
    "password",
    "password1",
    "password2",
    "email",
    "first_name",
    "code",
    "body",
    "note",
    "reason",
    "confirm",
    "level",
    "sets",
    "reps",
    "token",
    "auth-username",
    "auth-password",
    "token-otp_token",
    "login_view-current_step",
]

_ROUTE_SLOT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_REGEX_SLOT = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")


@dataclass(frozen=True)
class Route:
    template: str  # e.g. "accounts/sharing/join/{code}/"
    slots: dict[str, str]  # slot name -> the harmless value for it

    @property
    def label(self) -> str:
        return "/" + self.template

    def path(self, hostile_slot: str | None = None, value: str = "") -> str:
        values = {**self.slots}
        if hostile_slot is not None:
            values[hostile_slot] = value
        return "/" + self.template.format(**values)


def _template(pattern) -> tuple[str, dict[str, str]]:
    if isinstance(pattern, RoutePattern):
        text, slots = str(pattern), {}
        for match in _ROUTE_SLOT.finditer(text):
            slots[match["name"]] = FILLER.get(match["converter"] or "str", "x")
        return _ROUTE_SLOT.sub(lambda m: "{" + m["name"] + "}", text), slots
    assert isinstance(pattern, RegexPattern)
    text, slots = str(pattern).lstrip("^").rstrip("$"), {}
    for match in _REGEX_SLOT.finditer(text):
        # An alternation of names (the admin's app labels) takes its first; anything else "x".
        words = match["body"].split("|")
        slots[match["name"]] = words[0] if all(w.isidentifier() for w in words) else "x"
    return _REGEX_SLOT.sub(lambda m: "{" + m["name"] + "}", text), slots


def _walk(patterns, prefix: str = "", slots: dict[str, str] | None = None) -> Iterator[Route]:
    for entry in patterns:
        text, found = _template(entry.pattern)
        merged = {**(slots or {}), **found}
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + text, merged)
        elif isinstance(entry, URLPattern):
            yield Route(prefix + text, merged)


ROUTES = list({route.template: route for route in _walk(get_resolver().url_patterns)}.values())


def test_the_walk_finds_the_routes_people_use():
    labels = {route.label for route in ROUTES}
    assert "/program/calendar/{token}.ics" in labels
    assert "/accounts/sharing/join/{code}/" in labels
    assert "/api/v1/assessments/evaluate" in labels
    assert any(label.startswith("/admin/") for label in labels)


@pytest.fixture
def people(db, django_user_model):
    # No passwords: hashing one costs more than the whole test, and force_login needs none.
    def person(name: str, **fields):
        user = django_user_model(username=name, email=f"{name}@example.org", **fields)
        user.set_unusable_password()
        user.save()
        return user

    return {
        "stranger": None,
        "client": person("hostile-client"),
        "physiotherapist": person("hostile-physio", role=django_user_model.Role.PHYSIOTHERAPIST),
        "admin": person("hostile-admin", is_staff=True, is_superuser=True),
    }


def _requests(route: Route) -> Iterator[tuple[str, str, dict | None]]:
    """(method, url, form data) for every hostile variant of ``route``."""
    for slot in route.slots:
        for value in HOSTILE:
            yield "get", route.path(slot, value), None
    base = route.path()
    mixed = "&".join(f"{name}={HOSTILE[n % len(HOSTILE)]}" for n, name in enumerate(QUERY_NAMES))
    yield "get", f"{base}?{mixed}&%00=1&%ZZ", None
    yield "get", f"{base}?" + "&".join(f"{name}={'9' * 5000}" for name in QUERY_NAMES), None
    for value in ("a\x00b", "9" * 5000):
        yield "post", base, {name: value for name in FORM_NAMES}


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.label)
def test_hostile_input_never_answers_500(route, people):
    admin_route = route.template.startswith("admin/")
    for role, user in people.items():
        if admin_route and role in {"client", "physiotherapist"}:
            continue  # the admin sends them to its login page on the first line
        # Physiotherapists and admins with their second step done, or they would reach nothing.
        client = TwoFactorClient(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        for method, url, data in _requests(route):
            response = getattr(client, method)(url, data)
            assert response.status_code < 500, (role, method, url[:200], response.status_code)
