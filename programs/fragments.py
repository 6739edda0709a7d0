"""Parts of pages rendered once per change of what they show.

A fragment is a template rendered from plain data. It is cached under a digest of exactly that
data, of the template's source and of Django's version (its filters format the dates and
numbers), like the charts in ``programs.charts``: new data makes a new key, so no write has to
remember to invalidate anything, and a repeat view costs a digest and a cache read instead of a
template walk over every row. Fragments share the charts' cache, which every worker of a machine
reads.

A client's Today and Progress are kept whole in the same way (``client_page_part``), under the
digest of every stored row they can show (``programs.selectors.rows_digest``), the day, and the
release (a digest of the code, templates and rules data): another log, check-in, flag, message,
level or day renders them again. What the menu shows of the client's messages is kept with them.
They are kept in the page cache every worker of the machine shares (settings: "pages"), one entry
per page and client, for a few hours at most, and deleted with the account.

``page_part_kept`` and ``page_version`` keep a page part in the same way for pages of other apps
(the physiotherapist's review of a client, ``care.fragments``); a part with forms is rendered
with a placeholder CSRF token (``render_kept``) that each request's own replaces when it is
served (``with_request_token``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import django
from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template import engines
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from programs import charts
from programs.selectors.outcomes import GoalTrends, goal_trends
from programs.selectors.progress import ProgressSummary
from programs.selectors.rows_digest import client_rows_digest

FRAGMENT_CACHE = charts.CHART_CACHE
# Kept as long as the charts they hold; the key changes whenever the data does.
FRAGMENT_SECONDS = charts.CHART_SECONDS
# Kept page parts, in a cache every worker of the machine shares (settings: "pages").
PAGE_CACHE = "pages"
# A client's whole page part is kept a few hours: its key changes with every change of its rows.
PAGE_SECONDS = 6 * 60 * 60
_RELEASE_FILES = ("*.py", "*.html", "*.toml")


@cache
def release_digest() -> str:
    """A digest of the code, templates and rules data this process serves: a new release never
    serves a page part rendered by the previous one."""
    digest = hashlib.sha256(django.get_version().encode())
    root = Path(settings.BASE_DIR)
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.name.startswith(".") or folder.name == "staticfiles":
            continue
        for pattern in _RELEASE_FILES:
            for path in sorted(folder.rglob(pattern)):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _template_digest(template_name: str) -> str:
    source = get_template(template_name).template.source
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def cached_fragment(
    template_name: str, data: object, context: Callable[[], dict[str, Any]]
) -> SafeString:
    """``template_name`` rendered with ``context()``, which must depend on ``data`` (a repr-able
    tuple of plain values) alone; rendered only when no fragment of the same data is cached."""
    digest = hashlib.sha256(
        repr(
            (
                _template_digest(template_name),
                django.get_version(),
                translation.get_language(),
                settings.TIME_ZONE,
                data,
            )
        ).encode()
    ).hexdigest()
    key = f"fragment:{template_name}:{digest}"
    cache = caches[FRAGMENT_CACHE]
    html = cache.get(key)
    if html is None:
        html = render_to_string(template_name, context())
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308 - rendered by a template with autoescape on


def progress_charts(summary: ProgressSummary) -> dict[str, Any]:
    """The charts of a progress summary; a chart with nothing to draw is left out. The client's
    own goal activities (when they gave any) are drawn once a reassessment scored them again."""
    goals = goal_trends(summary)
    return {
        "goals": goals,
        "goal_chart": (
            charts.goal_activities_chart(goals) if goals and goals.latest_label else None
        ),
        "pain_chart": charts.pain_chart(summary) if summary.pain_sessions else None,
        "adherence_chart": charts.adherence_chart(summary) if summary.weeks else None,
        "level_chart": charts.level_chart(summary) if summary.levels else None,
        "function_chart": (
            charts.function_chart(summary)
            if any(point.score is not None for point in summary.function_scores)
            else None
        ),
    }


def _progress_data(summary: ProgressSummary, history: bool) -> tuple:
    """Everything the progress sections show, as plain values."""
    return (
        history,
        tuple(
            (point.date, point.pain_during_max, point.morning_pain)
            for point in summary.pain_sessions
        ),
        tuple((week.week, week.scheduled, week.logged) for week in summary.weeks),
        tuple(
            (
                series.code,
                series.name,
                series.active,
                tuple(series.levels),
                tuple(
                    (change.date, change.from_level, change.to_level, change.reason)
                    for change in series.changes
                ),
            )
            for series in summary.levels
        ),
        tuple((point.label, point.date, point.score) for point in summary.function_scores),
        _goal_data(goal_trends(summary)),
    )


def _goal_data(goals: GoalTrends | None) -> tuple | None:
    if goals is None:
        return None
    return (
        tuple(goals.labels),
        tuple((trend.activity, tuple(trend.scores)) for trend in goals.activities),
        tuple(goals.goal_scores),
    )


def progress_sections(summary: ProgressSummary, *, history: bool) -> SafeString:
    """Pain, goals, sessions logged, levels and function: each chart with its table."""
    return cached_fragment(
        "programs/_progress_sections.html",
        _progress_data(summary, history),
        lambda: {"summary": summary, "history": history, **progress_charts(summary)},
    )


# What the menu of every page shows of a client's data (the context processors' values), kept
# with a page part: each is read from the client's messages, rows the digest covers.
MENU_KEYS = ("unread_message_count",)


def _menu(request: HttpRequest) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for processor in engines["django"].engine.template_context_processors:
        for name, value in processor(request).items():
            if name in MENU_KEYS:
                values[name] = value() if callable(value) else value
    return values


def page_version(digest: str, today: date, *more: str) -> str:
    """What a kept page part was rendered for: the digest of its rows, the day, the release, the
    language and time zone, and ``more`` (what else of the request it shows)."""
    return ":".join(
        (
            today.isoformat(),
            digest,
            release_digest(),
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            *more,
        )
    )


def page_part_kept(key: str, version: str, render: Callable[[], tuple]) -> tuple:
    """What ``render()`` returns, kept in the page cache in one slot, ``key``, with the
    ``version`` it was rendered for: rendered again only when the version changed."""
    page_cache = caches[PAGE_CACHE]
    stored = page_cache.get(key)
    if stored is None or stored[0] != version:
        stored = (version, *render())
        page_cache.set(key, stored, PAGE_SECONDS)
    return stored[1:]


# A kept page part is served to later requests, each with its own CSRF token: its forms are
# rendered with this one, and each request's own replaces it when the part is served.
_KEPT_TOKEN = "kept-page-part-csrf-token"
_KEPT_TOKEN_FIELD = f'name="csrfmiddlewaretoken" value="{_KEPT_TOKEN}"'


def render_kept(template_name: str, context: dict[str, Any], request: HttpRequest) -> str:
    """``template_name`` rendered for keeping: its forms carry no request's CSRF token."""
    return render_to_string(template_name, {**context, "csrf_token": _KEPT_TOKEN}, request=request)


def with_request_token(html: str, request: HttpRequest) -> SafeString:
    """A part rendered by ``render_kept`` with this request's CSRF token in its forms. (Text a
    person wrote cannot contain the placeholder field: its quotes are escaped.)"""
    field = f'name="csrfmiddlewaretoken" value="{get_token(request)}"'
    return mark_safe(html.replace(_KEPT_TOKEN_FIELD, field))  # noqa: S308 - rendered escaped


def client_page_part(
    name: str, request: HttpRequest, today: date, render: Callable[[], tuple[str, Any]]
) -> tuple[SafeString, Any, dict[str, Any]]:
    """A part of one of the client's own pages on ``today``, as ``render()`` returns it (the
    HTML and anything the view acts on after showing it), with what the menu shows then;
    rendered again only when one of the rows it can show changed. Without a rows digest
    (SQLite) it is rendered on every view."""
    assert name in CLIENT_PAGES, name
    user = request.user
    digest = client_rows_digest(user)
    if digest is None:
        html, extra = render()
        return mark_safe(html), extra, {}  # noqa: S308 - rendered by a template, autoescaped
    # One slot per page and client, holding the version it was rendered for: a client's pages
    # take two entries at most, and deleting the account removes them (client_pages_forget).
    html, extra, menu = page_part_kept(
        _page_key(name, user.pk),
        page_version(digest, today),
        lambda: (*render(), _menu(request)),
    )
    return mark_safe(html), extra, menu  # noqa: S308 - rendered by a template, autoescaped


CLIENT_PAGES = ("today", "progress")


def _page_key(name: str, user_pk: int) -> str:
    return f"page:{name}:{user_pk}"


def client_pages_forget(*, user_pk: int) -> None:
    """Drop the client's kept pages: nothing rendered for a deleted account stays in the cache."""
    caches[PAGE_CACHE].delete_many([_page_key(name, user_pk) for name in CLIENT_PAGES])
