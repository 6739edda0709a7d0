"""One definition of "improved" (spec section 8, version 2) and what the reassessment says."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programs.engine import (
    GLOBAL_RATINGS,
    Comparison,
    compare,
    flags_from_reassessment,
    improvement,
)
from tests.engine.builders import answers, reassessment


def goals(*scores: int, names=("running 5 km", "stairs with shopping", "kneeling")):
    return [{"activity": name, "score": score} for name, score in zip(names, scores, strict=False)]


@pytest.mark.parametrize(
    ("baseline", "follow_up", "measures"),
    [
        # worst pain: a fall of 2 counts, 1 does not, except a fall to 0 from 1
        ({"pain_worst_week": 6}, {"pain_worst_week": 4}, ["pain_worst_week"]),
        ({"pain_worst_week": 6}, {"pain_worst_week": 5}, []),
        ({"pain_worst_week": 1}, {"pain_worst_week": 0}, ["pain_worst_week"]),
        ({"pain_worst_week": 2}, {"pain_worst_week": 1}, []),
        ({"pain_worst_week": 0}, {"pain_worst_week": 0}, []),
        ({"pain_worst_week": 3}, {"pain_worst_week": 5}, []),
        # a single-leg squat grade better, tested both times
        (
            {"single_leg_squat_right": "slight"},
            {"single_leg_squat_right": "none"},
            ["single_leg_squat"],
        ),
        ({"single_leg_squat_left": "marked"}, {"single_leg_squat_left": "marked"}, []),
        ({}, {"single_leg_squat_left": "none"}, []),
        ({"squat_knees_cave": "marked"}, {"squat_knees_cave": "none"}, []),
        # the goal score: +2 counts, less does not (integer scores on up to three activities
        # can rise by 5/3 or 3/2 but never by 1.9: the nearest values below 2 are tested)
        ({"goal_activities": goals(3)}, {"goal_activities": goals(5)}, ["goal_score"]),
        ({"goal_activities": goals(3)}, {"goal_activities": goals(4)}, []),
        ({"goal_activities": goals(2, 3)}, {"goal_activities": goals(4, 4)}, []),  # +1.5
        ({"goal_activities": goals(2, 3)}, {"goal_activities": goals(4, 5)}, ["goal_score"]),
        (
            {"goal_activities": goals(1, 2, 3)},
            {"goal_activities": goals(3, 3, 5)},  # +5/3
            [],
        ),
        (
            {"goal_activities": goals(1, 2, 3)},
            {"goal_activities": goals(3, 4, 5)},  # +2 exactly, on a mean of three
            ["goal_score"],
        ),
        ({"goal_activities": goals(3)}, {}, []),  # not scored again: not compared
        # the global rating of change
        ({}, {"global_rating_of_change": "better"}, ["global_rating_of_change"]),
        ({}, {"global_rating_of_change": "much_better"}, ["global_rating_of_change"]),
        ({}, {"global_rating_of_change": "same"}, []),
        ({}, {"global_rating_of_change": "worse"}, []),
        # several at once, reported in the spec's order
        (
            {"pain_worst_week": 5, "single_leg_squat_left": "slight"},
            {
                "pain_worst_week": 2,
                "single_leg_squat_left": "none",
                "global_rating_of_change": "better",
            },
            ["pain_worst_week", "single_leg_squat", "global_rating_of_change"],
        ),
    ],
)
def test_improved_by_any_measure(baseline, follow_up, measures):
    base = {"pain_worst_week": 4, **baseline}
    later = {"pain_worst_week": base["pain_worst_week"], **follow_up}
    result = improvement(answers(**base), reassessment(**later))
    assert result.measures == measures
    assert result.improved is bool(measures)
    assert len(result.reasons) == max(1, len(measures))
    expected_rules = {
        "pain_worst_week": "RA-IMPROVED-PAIN",
        "single_leg_squat": "RA-IMPROVED-SQUAT",
        "goal_score": "RA-IMPROVED-GOAL",
        "global_rating_of_change": "RA-IMPROVED-GLOBAL",
    }
    assert result.rules == ([expected_rules[m] for m in measures] or ["RA-NOT-IMPROVED"])


def test_the_reasons_say_which_measure_counts():
    result = improvement(
        answers(pain_worst_week=1, goal_activities=goals(2, 3)),
        reassessment(
            pain_worst_week=0, goal_activities=goals(4, 5), global_rating_of_change="much_better"
        ),
    )
    assert result.reasons == [
        "Your worst pain in the week fell from 1/10 to 0/10: no pain at all.",
        "Your goal score rose from 2.5 to 4.5 out of 10, a change of 2 points or more.",
        "You rate your knee much better than at the start.",
    ]


def test_not_improved_says_why_for_each_measure():
    result = improvement(
        answers(pain_worst_week=5, goal_activities=goals(4)),
        reassessment(pain_worst_week=4, goal_activities=goals(5), global_rating_of_change="same"),
    )
    (reason,) = result.reasons
    assert reason == (
        "No measure of improvement was met: your worst pain in the week fell by 1 point (an "
        "improvement needs a fall of 2 points or more, or a fall to 0); no single-leg squat "
        "grade tested both times got better; your goal score rose by 1 point (an improvement "
        "needs a rise of 2 points or more); and you rate your knee about the same overall."
    )


def test_goal_activities_are_matched_by_their_words_and_only_those_scored_both_times_count():
    baseline = answers(goal_activities=goals(2, 6))
    follow_up = reassessment(
        goal_activities=[
            {"activity": "  Running  5 KM ", "score": 4},  # same activity, typed differently
            {"activity": "cycling", "score": 10},  # new: not compared
        ]
    )
    comparison = compare(baseline, follow_up)
    assert (comparison.goal_score_baseline, comparison.goal_score_follow_up) == (2.0, 4.0)
    assert comparison.improved_by == ["goal_score"]
    assert comparison.goal_score_note == (
        "Goal score compared only on the 1 activity scored both times ('running 5 km'); the "
        "others were left out."
    )
    entries = [
        (entry.label, entry.baseline, entry.follow_up, entry.change) for entry in comparison.goals
    ]
    assert entries == [
        ("running 5 km", 2, 4, "better"),
        ("stairs with shopping", 6, None, "not_compared"),
    ]


def test_the_function_score_compares_only_items_answered_both_times_and_says_so():
    comparison = compare(
        answers(difficulty_stairs=4, difficulty_squatting=2, difficulty_running=4),
        reassessment(difficulty_stairs=2, difficulty_squatting=2, difficulty_kneeling=0),
    )
    # stairs and squatting only: 100 - 25 x 3 = 25 then, 100 - 25 x 2 = 50 now
    assert comparison.function_items_compared == ["difficulty_stairs", "difficulty_squatting"]
    assert (comparison.function_score_baseline, comparison.function_score_follow_up) == (25, 50)
    assert comparison.function_score_change == 25
    assert comparison.function_score_note == (
        "Function score compared only on the 2 items answered both times (stairs and squatting); "
        "the others were left out."
    )
    every = compare(answers(difficulty_stairs=4), reassessment(difficulty_stairs=3))
    assert every.function_score_note == "Function score compared on the 1 item answered both times."
    none = compare(answers(difficulty_stairs=4), reassessment(difficulty_running=3))
    assert none.function_score_change is None
    assert none.function_score_note == (
        "Function score not compared: no function item was answered both times."
    )


def test_the_comparison_says_whether_improved_and_by_which_measure():
    comparison = compare(
        answers(pain_worst_week=6),
        reassessment(pain_worst_week=6, global_rating_of_change="better"),
    )
    assert (comparison.improved, comparison.improved_by, comparison.rule) == (
        True,
        ["global_rating_of_change"],
        "RA-IMPROVED-GLOBAL",
    )
    assert comparison.reason == "You rate your knee better than at the start."


def test_a_comparison_stored_under_older_rules_still_reads_back():
    stored = {
        "items": [],
        "improved": False,
        "reason": "Your worst pain in the week did not change.",
        "rule": "RA-NOT-IMPROVED",
        "function_score_baseline": None,
        "function_score_follow_up": None,
        "function_score_change": None,
        "global_rating_of_change": None,
    }
    old = Comparison.model_validate(stored)
    assert old.improved_by == [] and old.function_items_compared is None


# --- weeks 6 and 12 ---

NOT_IMPROVED = {"pain_worst_week": 5}


def test_improved_at_week_6_by_the_global_rating_raises_no_flag():
    assert (
        flags_from_reassessment(
            6,
            answers(pain_worst_week=5),
            reassessment(pain_worst_week=5, global_rating_of_change="better"),
        )
        == []
    )


def test_a_worst_pain_of_1_falling_to_0_is_improvement_at_week_6():
    assert (
        flags_from_reassessment(6, answers(pain_worst_week=1), reassessment(pain_worst_week=0))
        == []
    )


@pytest.mark.parametrize(
    ("week6_improved", "start"),
    [
        (False, "Still no noticeable improvement after 12 weeks"),
        (True, "At week 6 you had improved, but after 12 weeks there is no noticeable improvement"),
        (None, "No noticeable improvement after 12 weeks compared with the start"),
    ],
)
def test_week_12_says_still_only_when_week_6_was_not_improved_either(week6_improved, start):
    (flag,) = flags_from_reassessment(
        12, answers(**NOT_IMPROVED), reassessment(**NOT_IMPROVED), week6_improved=week6_improved
    )
    assert (flag.rule, flag.destination, flag.urgency) == (
        "FLG-WEEK12",
        "orthopedic_specialist",
        "routine",
    )
    assert flag.reason.startswith(start)
    assert ("Still" in flag.reason) is (week6_improved is False)
    assert "orthopaedic specialist" in flag.reason


def test_improved_at_6_and_worse_at_12_is_not_told_still():
    baseline = answers(pain_worst_week=6)
    week6 = improvement(baseline, reassessment(pain_worst_week=3))
    assert week6.improved
    (flag,) = flags_from_reassessment(
        12, baseline, reassessment(pain_worst_week=7), week6_improved=week6.improved
    )
    assert "still" not in flag.reason.lower()


@settings(max_examples=200, deadline=None)
@given(
    st.integers(0, 10),
    st.integers(0, 10),
    st.lists(st.integers(0, 10), max_size=3),
    st.lists(st.integers(0, 10), max_size=3),
    st.none() | st.sampled_from(GLOBAL_RATINGS),
)
def test_improved_exactly_when_one_of_the_four_measures_counts(
    pain_before, pain_after, goals_before, goals_after, rating
):
    count = min(len(goals_before), len(goals_after))
    result = improvement(
        answers(pain_worst_week=pain_before, goal_activities=goals(*goals_before)),
        reassessment(
            pain_worst_week=pain_after,
            goal_activities=goals(*goals_after),
            global_rating_of_change=rating,
        ),
    )
    pain = pain_before - pain_after >= 2 or (pain_after == 0 and pain_before > 0)
    goal = count > 0 and (sum(goals_after[:count]) - sum(goals_before[:count]) >= 2 * count)
    rated = rating in ("better", "much_better")
    assert ("pain_worst_week" in result.measures) is pain
    assert ("goal_score" in result.measures) is goal
    assert ("global_rating_of_change" in result.measures) is rated
    assert result.improved is (pain or goal or rated)
