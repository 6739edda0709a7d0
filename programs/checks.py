"""System check: the engine's data files must load and validate before the site runs.

Rules, thresholds and the exercise library are data that clinicians edit. A bad edit must stop
``manage.py check`` (and therefore deploys and the test run) with a message naming the file, the
rule or exercise, and what is wrong, instead of producing a wrong program for a client.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Error, register

from programs.engine.data import (
    EXERCISES_PATH,
    RULES_PATH,
    TEXTS_PATH,
    EngineDataError,
    load_rules,
    load_texts,
)
from programs.engine.library import load_library

_LOADERS: tuple[tuple[str, Callable[[Path], object], Path], ...] = (
    ("programs.E001", load_rules, RULES_PATH),
    ("programs.E002", load_library, EXERCISES_PATH),
    ("programs.E003", load_texts, TEXTS_PATH),
)


@register()
def check_engine_data(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """One Error per problem found in rules.toml (E001), exercises.toml (E002), texts.toml (E003).

    The loaders cache successful loads only, so a fixed file is picked up on the next check.
    """
    errors: list[CheckMessage] = []
    for check_id, loader, path in _LOADERS:
        try:
            loader(path)
        except EngineDataError as error:
            for problem in error.problems:
                errors.append(
                    Error(
                        f"{error.file}: {problem}",
                        hint="Fix the data file; the rules engine cannot run without it.",
                        obj=str(path),
                        id=check_id,
                    )
                )
    return errors
