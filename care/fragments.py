"""Rendered pieces of a page kept under a digest of exactly what they show.

A caseload row costs about a millisecond of template rendering, and a page shows 25 of them,
while a row changes only when what it shows does (a log, a flag, a message, the calendar day);
the caseload's filter form, drawn by crispy-forms, costs several for the same few inputs. So a
fragment is cached under a digest of the values it shows (a plain-data ``repr``) and of
everything else that decides its HTML: its templates, the display-text modules, the clinical
data files. New values make a new key and the next view renders the new
fragment; nothing has to remember to invalidate anything, as with the drawn charts
(``programs/charts.py``). Only someone whose own selector returned the values can compute a
key, so a fragment is never shown to anyone who could not see its data.

The client review is kept whole in the same way as the client's Today and Progress
(``programs.fragments``): one slot per physiotherapist and client, holding the content rendered
for the digest of every row it can show (``care.selectors.review_digest``), the day and the
session-log page, in the site's layout: the whole page. Its forms carry each request's own CSRF
token, and the messages a request has to show take their place in it. Ending the link or
deleting either account drops the slot.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from django.contrib import messages
from django.core.cache import caches
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User
from care.models import CareLink
from programs import fragments as program_fragments
from programs.engine.data import DATA_DIR

FRAGMENT_CACHE = "fragments"
# A day at most: the key changes whenever what a fragment shows does.
FRAGMENT_SECONDS = 24 * 60 * 60


@cache
def _version(templates: tuple[str, ...], modules: tuple[ModuleType, ...]) -> str:
    """A digest of the sources that turn values into the fragment's HTML."""
    digest = hashlib.sha256()
    paths = [Path(get_template(name).origin.name) for name in templates]
    paths += [Path(module.__file__ or "") for module in modules]
    paths += sorted(DATA_DIR.glob("*.toml"))
    for path in paths:
        digest.update(str(path.name).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def render_fragments(
    template_name: str,
    items: Sequence[tuple[object, dict[str, Any]]],
    *,
    includes: tuple[str, ...] = (),
    modules: tuple[ModuleType, ...] = (),
) -> list[SafeString]:
    """``template_name`` rendered with each item's context, from the cache when it holds a
    fragment for the same values (one cache read for all of them).

    Each item is ``(values, context)``: ``values`` is plain data whose ``repr`` shows
    everything the context's rendering depends on (dataclasses, dates, numbers, strings);
    ``includes`` are the templates it includes and ``modules`` the code its template tags
    call, so that a change to any of them renders every fragment anew.
    """
    if not items:
        return []
    version = _version((template_name, *includes), modules)
    keys = [
        f"fragment:{template_name}:" + hashlib.sha256(repr((version, values)).encode()).hexdigest()
        for values, _ in items
    ]
    store = caches[FRAGMENT_CACHE]
    found = store.get_many(keys)
    template = get_template(template_name)
    rendered: list[SafeString] = []
    new: dict[str, str] = {}
    for key, (_, context) in zip(keys, items, strict=True):
        html = found.get(key)
        if html is None:
            html = new[key] = template.render(context)
        rendered.append(mark_safe(html))  # noqa: S308 - rendered by our own template above
    if new:
        store.set_many(new, FRAGMENT_SECONDS)
    return rendered


# The one part of a kept review that is the request's own besides its CSRF token: the messages
# shown after a form sent the physiotherapist back to the review. The page is kept with this in
# their place (text a person wrote cannot contain it: its "<" is escaped).
_MESSAGES_SLOT = "<!-- the request's messages -->"


def review_page(
    request: HttpRequest,
    client: User,
    *,
    digest: str | None,
    today: date,
    logs_page: str | None,
    render: Callable[[], str],
) -> str:
    """The whole review page of ``client`` (a client linked to the physiotherapist asking: the
    caller checked) on ``today`` at session-log page ``logs_page``, its content as ``render()``
    returns it (rendered by ``programs.fragments.render_kept``) in the site's layout, with this
    request's CSRF token and messages; rendered again only when one of the rows it can show
    changed (``digest``, read with the access check:
    ``care.selectors.review_digest.review_opened``; the physiotherapist's own row, which the
    layout shows, is one of them). Without a rows digest (SQLite) it is rendered on every
    view."""
    physio = request.user

    def page() -> str:
        context = {
            "client": client,
            "content": mark_safe(render()),  # noqa: S308 - rendered by a template, autoescaped
            "messages_slot": mark_safe(_MESSAGES_SLOT),  # noqa: S308 - our own constant
        }
        return program_fragments.render_kept("care/client.html", context, request)

    if digest is None:
        html = page()
    else:
        (html,) = program_fragments.page_part_kept(
            _review_key(physio.pk, client.pk),
            program_fragments.page_version(digest, today, logs_page or ""),
            lambda: (page(),),
        )
    html = program_fragments.with_request_token(html, request)
    return html.replace(_MESSAGES_SLOT, _request_messages(request), 1)


def _request_messages(request: HttpRequest) -> str:
    """The messages waiting for this request, as every page shows them (none: nothing)."""
    if not len(messages.get_messages(request)):
        return ""
    return render_to_string("partials/messages.html", request=request)


def _review_key(physio_pk: int, client_pk: int) -> str:
    return f"page:review:{physio_pk}:{client_pk}"


def review_pages_forget(*, physio_pk: int, client_pk: int) -> None:
    """Drop the review of this client kept for this physiotherapist."""
    caches[program_fragments.PAGE_CACHE].delete(_review_key(physio_pk, client_pk))


def review_pages_forget_for(*, user: User) -> None:
    """Drop every review kept of ``user`` or for ``user`` (before their account and its care
    links go): nothing rendered for a deleted account stays in the cache."""
    pairs = CareLink.objects.filter(Q(client=user) | Q(physiotherapist=user)).values_list(
        "physiotherapist_id", "client_id"
    )
    caches[program_fragments.PAGE_CACHE].delete_many([_review_key(*pair) for pair in pairs])
