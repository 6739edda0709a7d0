"""Baseline against reassessment, item by item (spec section 9)."""

from __future__ import annotations

import pytest

from programs.engine import Comparison, compare
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
    assert entry.label
    # Data only: the pages word the values (a difficulty of 3 reads "3/4 (a lot)").
    assert entry.text is None


def test_a_comparison_stored_with_a_sentence_still_reads_back():
    stored = compare(answers(difficulty_stairs=2), reassessment(difficulty_stairs=1)).model_dump()
    stored["items"][0]["text"] = "Pain right now: 4/10 then, 2/10 now (2 points better)."
    assert Comparison.model_validate(stored).items[0].text.startswith("Pain right now")


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
