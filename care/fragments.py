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
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from django.core.cache import caches
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

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
