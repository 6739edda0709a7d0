"""How stored decisions read on the page (display only; the decisions come from the engine)."""

from __future__ import annotations

import re

from programs.engine import library as exercise_library
from programs.engine import progression as engine_progression

_NEXT_TIME = re.compile(r"^Next time: level (?P<level>\d+) ")


def level_title(code: str, level: int) -> str:
    return exercise_library.get(code).level(level).title


def next_time_display(code: str, reason: str) -> str:
    """A stored progression reason as the client reads it next to the exercise.

    The engine writes "Next time: level 4 (rear foot raised (couch stretch)), because ...": a
    level title in brackets that may hold brackets of its own. Shown as "Next time: level 4 —
    Rear foot raised (couch stretch), because ...". Reasons written by a physiotherapist, or for
    an exercise no longer in the library, are shown as they are.
    """
    match = _NEXT_TIME.match(reason or "")
    if match is None:
        return reason
    level = int(match["level"])
    try:
        prefix = engine_progression.next_time_text(code, level)
        title = level_title(code, level)
    except (KeyError, ValueError):
        return reason
    if not reason.startswith(prefix):
        return reason
    return f"Next time: level {level} — {title}{reason[len(prefix) :]}"
