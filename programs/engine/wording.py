"""Small helpers that put the rules' sentences together (the sentences live in texts.toml).

Dates are written out in English without the locale ("Tuesday 3 March"), so the engine says the
same thing on every server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from programs.engine.data import load_texts

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def message(key: str, **values: object) -> str:
    """The rules' sentence ``key`` from texts.toml with its {names} filled in."""
    return load_texts().message(key, **values)


def day(value: dt.date, *, year: bool = False) -> str:
    """'Tuesday 3 March' (or 'Tuesday 3 March 2026')."""
    text = f"{_WEEKDAYS[value.weekday()]} {value.day} {_MONTHS[value.month - 1]}"
    return f"{text} {value.year}" if year else text


def join(words: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def count(number: int, singular: str, plural: str | None = None) -> str:
    """'1 day', '3 days'."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def lower_first(text: str) -> str:
    """'Banded clamshell' -> 'banded clamshell', for a name inside a sentence."""
    return text[:1].lower() + text[1:]


def score(value: float) -> str:
    """A mean score as people write it and as the goal tables show it: 6, 6.5, 6.3 (one
    decimal, so a sentence never says 6.33 beside a table's 6.3)."""
    return f"{round(value, 1):g}"


def band_words(strength: str | None) -> str:
    """'a resistance band' when any band will do (a light one is the weakest), otherwise 'a
    medium band or a stronger one'."""
    if strength is None or strength == "light":
        return message("band_any")
    return message("band_strength", strength=strength)
