"""Every route of the site, found by walking Django's URL resolver: what the access table
(tests/security/test_access.py) must cover."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

_ROUTE_SLOT = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_REGEX_SLOT = re.compile(r"\(\?P<(?P<name>\w+)>")
_REGEX_SLOT_BODY = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^)]*)\)")
_EXAMPLES = {"int": "1", "path": "1", "str": "1", "slug": "x", "isodate": "2026-03-02"}
_EXAMPLES["uuid"] = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class Route:
    """One URL pattern: its full name (``physio:client``; the pattern for an unnamed one) and
    the names of the values its path takes (ids, tokens, dates)."""

    name: str
    pattern: str
    parameters: tuple[str, ...]

    @property
    def takes_parameters(self) -> bool:
        return bool(self.parameters)

    def example_path(self) -> str:
        """The path with a well-formed value in each slot (the first of an alternation)."""

        def route_slot(match: re.Match) -> str:
            return _EXAMPLES.get(match["converter"] or "str", "x")

        def regex_slot(match: re.Match) -> str:
            words = match["body"].split("|")
            return words[0] if all(word.isidentifier() for word in words) else "1"

        path = _REGEX_SLOT_BODY.sub(regex_slot, self.pattern)
        path = _ROUTE_SLOT.sub(route_slot, path)
        return path.replace("^", "").replace("$", "")


def _parameters(pattern) -> list[str]:
    text = str(pattern)
    if isinstance(pattern, RoutePattern):
        return [match["name"] for match in _ROUTE_SLOT.finditer(text)]
    assert isinstance(pattern, RegexPattern), pattern
    return [match["name"] for match in _REGEX_SLOT.finditer(text)]


def _walk(patterns, prefix: str, namespace: str, parameters: list[str]) -> Iterator[Route]:
    for entry in patterns:
        found = parameters + _parameters(entry.pattern)
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, text, inner, found)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else text
            yield Route(name=name, pattern=text, parameters=tuple(found))


def site_routes(urlconf: str | None = None) -> list[Route]:
    return list(_walk(get_resolver(urlconf).url_patterns, "", "", []))
