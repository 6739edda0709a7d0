"""The figures the pages show: an exercise level's, a self-test's, every one for the gallery.

Rendering is deterministic and the data is static, so each (figure, variant) is drawn once per
process and kept (``lru_cache``). Names and level titles come from the exercise library, so a
figure's title always matches the text next to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from illustrations.book import Figure, load_figures
from illustrations.render import Rendered, render_figure
from programs.engine import load_library

# The movement self-tests of the clinical spec (section 1, "Movement self-tests"): every one must
# have a figure (checked at start-up). The foot signs have figures too, where a picture helps.
MOVEMENT_SELF_TEST_ITEMS: tuple[str, ...] = (
    "single_leg_squat_left",
    "single_leg_squat_right",
    "squat_knees_cave",
    "hip_drop_left",
    "hip_drop_right",
    "thomas_thigh_lifts_left",
    "thomas_thigh_lifts_right",
    "adductor_tight",
    "knee_to_wall_cm_left",
    "knee_to_wall_cm_right",
)


@dataclass(frozen=True)
class Shown:
    """A figure ready for a page: which figure, and its SVG for each variant asked for."""

    figure: Figure
    title: str
    static: Rendered
    animated: Rendered | None = None
    no_band: Rendered | None = None


def exercise_title(code: str, level: int) -> str:
    exercise = load_library().get(code)
    return f"{exercise.name}, level {level}: {exercise.level(level).title}"


@lru_cache(maxsize=512)
def exercise_svg(
    code: str, level: int, *, animated: bool = False, band: bool = True, cue: bool = True
) -> Rendered:
    """The figure of ``code`` at ``level``; ``band=False`` draws the no-band variant.

    Raises KeyError for an exercise level without a figure (the system check prevents that).
    """
    book = load_figures()
    figure = book.exercise_figure(code, level)
    return render_figure(
        figure,
        book.body,
        title=exercise_title(code, level),
        animated=animated and figure.animated,
        band=band,
        cue=cue,
    )


@lru_cache(maxsize=128)
def self_test_svg(test_or_item: str) -> Rendered:
    """The figure of a self-test, by its name (``hip_drop``) or a questionnaire item
    (``hip_drop_left``). Raises KeyError when there is none."""
    book = load_figures()
    figure = book.self_test_figure(test_or_item)
    return render_figure(figure, book.body, title=figure.title or figure.key)


def gallery() -> tuple[list[tuple[str, list[Shown]]], list[Shown]]:
    """Every exercise (library order) with its levels' figures, and every self-test figure."""
    book = load_figures()
    exercises = []
    for exercise in load_library().exercises:
        shown = []
        for level in exercise.levels:
            figure = book.exercise_figure(exercise.code, level.level)
            animated = (
                exercise_svg(exercise.code, level.level, animated=True) if figure.animated else None
            )
            no_band = (
                exercise_svg(exercise.code, level.level, band=False) if level.without_band else None
            )
            shown.append(
                Shown(
                    figure,
                    exercise_title(exercise.code, level.level),
                    exercise_svg(exercise.code, level.level),
                    animated,
                    no_band,
                )
            )
        exercises.append((exercise.name, shown))
    tests = [
        Shown(figure, figure.title or figure.key, self_test_svg(figure.key))
        for figure in book.figures
        if figure.test is not None
    ]
    return exercises, tests
