"""Baseline against reassessment, item by item (spec section 9)."""

from __future__ import annotations

import pytest

from programs.engine import compare
from tests.engine.builders import answers, reassessment


@pytest.mark.parametrize(
    ("item", "before", "after", "change"),
    [
        ("pain_now", 5, 3, "better"),
        ("pain_now", 3, 5, "worse"),
        ("pain_worst_week", 4, 4, "same"),
        ("single_leg_squat_left", "marked", "slight", "better"),
        ("single_leg_squat_right", "none", "slight", "worse"),
        ("squat_knees_cave", "slight", "slight", "same"),
        ("single_leg_squat_left", None, "none", "not_compared"),
        ("single_leg_squat_left", "slight", None, "not_compared"),
        ("hip_drop_left", True, False, "better"),
        ("hip_drop_right", False, True, "worse"),
        ("hip_drop_right", None, False, "not_compared"),
        ("difficulty_stairs", 3, 1, "better"),
        ("difficulty_kneeling", 1, 2, "worse"),
        ("difficulty_running", None, 2, "not_compared"),
    ],
)
def test_item_by_item(item, before, after, change):
    comparison = compare(answers(**{item: before}), reassessment(**{item: after}))
    entry = comparison.item(item)
    assert (entry.baseline, entry.follow_up, entry.change) == (before, after, change)
    assert entry.label and entry.text.startswith(entry.label)


def test_pain_text_counts_points():
    comparison = compare(answers(pain_worst_week=7), reassessment(pain_worst_week=4))
    assert comparison.item("pain_worst_week").text == (
        "Worst pain in the last week: 7/10 then, 4/10 now (3 points better)."
    )


@pytest.mark.parametrize(
    ("baseline", "follow_up", "improved", "rule"),
    [
        ({"pain_worst_week": 6}, {"pain_worst_week": 4}, True, "RA-IMPROVED-PAIN"),
        ({"pain_worst_week": 6}, {"pain_worst_week": 5}, False, "RA-NOT-IMPROVED"),
        ({"pain_worst_week": 3}, {"pain_worst_week": 5}, False, "RA-NOT-IMPROVED"),
        (
            {"pain_worst_week": 6, "single_leg_squat_right": "slight"},
            {"pain_worst_week": 6, "single_leg_squat_right": "none"},
            True,
            "RA-IMPROVED-SQUAT",
        ),
        (
            {"pain_worst_week": 6, "squat_knees_cave": "marked"},
            {"pain_worst_week": 6, "squat_knees_cave": "none"},
            False,
            "RA-NOT-IMPROVED",
        ),
        (
            {"pain_worst_week": 6, "hip_drop_left": True},
            {"pain_worst_week": 6, "hip_drop_left": False},
            False,
            "RA-NOT-IMPROVED",
        ),
        (
            {"pain_worst_week": 6},
            {"pain_worst_week": 6, "single_leg_squat_left": "none"},
            False,
            "RA-NOT-IMPROVED",
        ),
    ],
)
def test_improved_follows_the_week_6_measure(baseline, follow_up, improved, rule):
    comparison = compare(answers(**baseline), reassessment(**follow_up))
    assert (comparison.improved, comparison.rule) == (improved, rule)
    assert comparison.reason


def test_function_score_change_and_global_rating():
    comparison = compare(
        answers(difficulty_stairs=4, difficulty_squatting=2),
        reassessment(difficulty_stairs=2, difficulty_squatting=0, global_rating_of_change="better"),
    )
    assert comparison.function_score_baseline == 25.0
    assert comparison.function_score_follow_up == 75.0
    assert comparison.function_score_change == 50.0
    assert comparison.global_rating_of_change == "better"


def test_function_score_change_needs_both_scores():
    comparison = compare(answers(difficulty_stairs=2), reassessment())
    assert comparison.function_score_follow_up is None
    assert comparison.function_score_change is None
