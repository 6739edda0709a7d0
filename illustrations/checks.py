"""System check: every exercise level and every movement self-test has a figure, and every figure
names a real exercise level or questionnaire item.

A level added to ``programs/data/exercises.toml`` without a drawing, or a drawing left behind when
a level is renamed, stops ``manage.py check`` (and so deploys and the test run) instead of showing
a client an exercise without its picture, or the wrong picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.core.checks import CheckMessage, Error, register

from illustrations.book import FIGURES_PATH, FigureBook, FigureDataError, load_figures
from illustrations.figures import MOVEMENT_SELF_TEST_ITEMS
from programs.engine import Answers, EngineDataError, Library, load_library
from programs.engine.data import EXERCISES_PATH

HINT = "Edit illustrations/data/figures.toml; see its header for the format."


@register()
def check_figures(
    app_configs: Sequence[AppConfig] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    return figure_problems()


def figure_problems(
    figures_path: Path | None = None, library_path: Path | None = None
) -> list[CheckMessage]:
    """E001 the data file is broken; E002 a library level has no figure; E003 a figure names an
    unknown exercise or level; E004 a movement self-test has no figure; E005 a figure names an
    unknown questionnaire item. The loaders cache good files only, so a fix is seen at once."""
    figures_path = figures_path or FIGURES_PATH
    library_path = library_path or EXERCISES_PATH
    try:
        book = load_figures(figures_path)
    except FigureDataError as error:
        return [
            Error(
                f"{error.file.name}: {problem}",
                hint=HINT,
                obj=str(figures_path),
                id="illustrations.E001",
            )
            for problem in error.problems
        ]
    try:
        library = load_library(library_path)
    except EngineDataError:
        return []  # programs.E002 reports the broken library; nothing to compare against
    return _against_library(book, library, figures_path) + _against_answers(book, figures_path)


def _against_library(book: FigureBook, library: Library, path: Path) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    drawn: set[tuple[str, int]] = {
        (figure.exercise, figure.level)
        for figure in book.figures
        if figure.exercise is not None and figure.level is not None
    }
    levels: set[tuple[str, int]] = {
        (str(ex.code), level.level) for ex in library.exercises for level in ex.levels
    }
    for code, level in sorted(levels - drawn):
        errors.append(
            Error(
                f"exercise {code} level {level} has no figure",
                hint=HINT,
                obj=str(path),
                id="illustrations.E002",
            )
        )
    codes = {code for code, _ in levels}
    for code, level in sorted(drawn - levels):
        what = f"level {level} of {code}" if code in codes else f"exercise {code!r}"
        errors.append(
            Error(
                f"figure {code}/{level} names an unknown {what}",
                hint=HINT,
                obj=str(path),
                id="illustrations.E003",
            )
        )
    return errors


def _against_answers(book: FigureBook, path: Path) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    drawn = {item for figure in book.figures for item in figure.items}
    for item in MOVEMENT_SELF_TEST_ITEMS:
        if item not in drawn:
            errors.append(
                Error(
                    f"movement self-test {item} has no figure",
                    hint=HINT,
                    obj=str(path),
                    id="illustrations.E004",
                )
            )
    for item in sorted(drawn - set(Answers.model_fields)):
        errors.append(
            Error(
                f"a self-test figure names {item!r}, which is no questionnaire item",
                hint=HINT,
                obj=str(path),
                id="illustrations.E005",
            )
        )
    return errors
