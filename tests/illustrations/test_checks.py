"""The start-up check: a library level or movement self-test without a figure, or a figure that
names an unknown exercise, level or questionnaire item, stops ``manage.py check``."""

from __future__ import annotations

import re
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from assessments.steps import STEPS
from illustrations.book import FIGURES_PATH, load_figures
from illustrations.checks import figure_problems
from illustrations.figures import MOVEMENT_SELF_TEST_ITEMS, exercise_svg
from programs.engine import load_library


@pytest.fixture
def figures_copy(tmp_path):
    path = tmp_path / "figures.toml"
    shutil.copy(FIGURES_PATH, path)
    return path


def drop_figure(text: str, head: str) -> str:
    """The data file without the figure that starts with ``head`` (up to the next figure)."""
    start = text.index(head)
    end = text.find("\n[[figures]]\n", start + len(head))
    return text[:start] + (text[end + 1 :] if end != -1 else "")


def ids(problems) -> list[str]:
    return [problem.id for problem in problems]


def test_the_shipped_figures_pass():
    assert figure_problems() == []


def test_every_library_level_and_movement_self_test_has_a_figure():
    for exercise in load_library().exercises:
        for level in exercise.levels:
            assert exercise_svg(exercise.code, level.level).svg.startswith("<svg")
    drawn = {item for figure in load_figures().figures for item in figure.items}
    assert set(MOVEMENT_SELF_TEST_ITEMS) <= drawn


def test_the_required_self_tests_are_exactly_the_questionnaires_movement_step():
    movement = next(step for step in STEPS if step.slug == "movement")
    assert set(movement.items) == set(MOVEMENT_SELF_TEST_ITEMS)


def test_a_level_without_a_figure_fails_the_check(figures_copy):
    text = figures_copy.read_text()
    figures_copy.write_text(drop_figure(text, '[[figures]]\nexercise = "short_foot"\nlevel = 3\n'))
    problems = figure_problems(figures_copy)
    assert ids(problems) == ["illustrations.E002"]
    assert problems[0].msg == "exercise short_foot level 3 has no figure"


def test_a_self_test_without_a_figure_fails_the_check(figures_copy):
    figures_copy.write_text(
        drop_figure(figures_copy.read_text(), '[[figures]]\ntest = "hip_drop"\n')
    )
    problems = figure_problems(figures_copy)
    assert ids(problems) == ["illustrations.E004", "illustrations.E004"]
    assert {p.msg for p in problems} == {
        "movement self-test hip_drop_left has no figure",
        "movement self-test hip_drop_right has no figure",
    }


def test_a_figure_for_an_unknown_exercise_or_level_fails_the_check(figures_copy):
    extra = """
[[figures]]
exercise = "moonwalk"
level = 1
like = "short_foot/1"

[[figures]]
exercise = "short_foot"
level = 9
like = "short_foot/1"
"""
    figures_copy.write_text(figures_copy.read_text() + extra)
    problems = figure_problems(figures_copy)
    assert ids(problems) == ["illustrations.E003", "illustrations.E003"]
    assert [p.msg for p in problems] == [
        "figure moonwalk/1 names an unknown exercise 'moonwalk'",
        "figure short_foot/9 names an unknown level 9 of short_foot",
    ]


def test_a_figure_for_an_unknown_questionnaire_item_fails_the_check(figures_copy):
    text = figures_copy.read_text().replace(
        'items = ["adductor_tight"]', 'items = ["adductor_tight", "splits_test"]'
    )
    figures_copy.write_text(text)
    problems = figure_problems(figures_copy)
    assert ids(problems) == ["illustrations.E005"]
    assert "'splits_test'" in problems[0].msg


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('pose = "clam_open"', 'pose = "clam_wide_open"'), "unknown pose 'clam_wide_open'"),
        (('like = "banded_clamshell/2"', 'like = "banded_clamshell/7"'), "names no figure"),
        (('{ kind = "band", on = "ankles" }', '{ kind = "band", on = "wrists" }'), "on: Input"),
        (("[poses.stand]\n", '[poses.stand]\nanchor = "left_elbow_x"\n'), "unknown anchor joint"),
        (('label = "Start"\n', 'label = "Start"\ncolour = "red"\n'), "colour: Extra inputs"),
    ],
)
def test_a_broken_data_file_fails_the_check_saying_where(figures_copy, edit, message):
    old, new = edit
    text = figures_copy.read_text()
    assert old in text
    figures_copy.write_text(text.replace(old, new, 1))
    problems = figure_problems(figures_copy)
    assert problems and set(ids(problems)) == {"illustrations.E001"}
    assert any(message in p.msg for p in problems), [p.msg for p in problems]
    assert all(p.msg.startswith("figures.toml: ") for p in problems)


def test_poses_that_cannot_be_tweened_are_refused_for_an_animated_figure(figures_copy):
    text = figures_copy.read_text()
    head = '[[figures]]\nexercise = "banded_squat_knee_cue"\nlevel = 2\n'
    start = text.index(head)
    end = text.index('pose = "squat_free"', start)
    figures_copy.write_text(
        text[:end]
        + 'pose = "squat_on_angles"'
        + text[end + len('pose = "squat_free"') :]
        + "\n[poses.squat_on_angles]\nlegs = { flex = 80, bend = 80 }\n"
    )
    problems = figure_problems(figures_copy)
    assert any(
        re.search(r"cannot animate .*right_leg reaches for a target", p.msg) for p in problems
    )


def test_manage_py_check_runs_the_figure_check(monkeypatch, figures_copy):
    figures_copy.write_text(
        drop_figure(figures_copy.read_text(), '[[figures]]\nexercise = "short_foot"\nlevel = 3\n')
    )
    monkeypatch.setattr("illustrations.checks.FIGURES_PATH", figures_copy)
    with pytest.raises(SystemCheckError, match="short_foot level 3 has no figure"):
        call_command("check")
