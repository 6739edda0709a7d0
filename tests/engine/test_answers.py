"""Questionnaire validation: strict types, spec ranges, one error per offending item."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from programs.engine import (
    ACTIVITY_LEVELS,
    AGGRAVATORS,
    EQUIPMENT,
    GLOBAL_RATINGS,
    GRADES,
    PAIN_LOCATIONS,
    SIDES,
    Answers,
    ReassessmentAnswers,
)
from tests.engine.builders import REQUIRED, answers, reassessment


def error_items(data: dict[str, Any], model: type[Answers | ReassessmentAnswers] = Answers):
    with pytest.raises(ValidationError) as raised:
        model.model_validate(data)
    return {error["loc"][0] for error in raised.value.errors()}


def test_required_items_only_is_valid_and_everything_else_unanswered():
    result = answers()
    assert result.age == 30
    assert result.activity_level == "light"
    assert result.sessions_per_week == 3
    assert result.minutes_per_session == 20
    assert result.footprint is None
    assert result.pain_location == [] and result.pain_aggravators == [] and result.equipment == []
    assert result.night_pain is None and result.single_leg_squat_left is None
    assert result.intermalleolar_distance_cm is None


@pytest.mark.parametrize("missing", ["age", "pain_now", "pain_worst_week", "side"])
def test_missing_required_item_is_named(missing):
    data = {key: value for key, value in REQUIRED.items() if key != missing}
    assert error_items(data) == {missing}


@pytest.mark.parametrize(
    ("item", "value"),
    [
        ("age", "30"),
        ("age", True),
        ("age", 30.5),
        ("pain_now", 2.25),
        ("pain_now", "3"),
        ("night_pain", "yes"),
        ("night_pain", 1),
        ("locking", "true"),
        ("intermalleolar_distance_cm", "6"),
        ("intermalleolar_distance_cm", True),
        ("navicular_drop_mm", float("nan")),
        ("knee_to_wall_cm_left", float("inf")),
        ("side", "LEFT"),
        ("single_leg_squat_left", "moderate"),
        ("swelling", "some"),
        ("footprint", "round"),
        ("equipment", ["kettlebell"]),
        ("equipment", "dumbbell"),
        ("pain_location", ["knee"]),
        ("pain_aggravators", ["walking"]),
        ("activity_level", "athlete"),
        ("sex", "unknown"),
    ],
)
def test_wrong_type_or_unknown_choice_is_rejected_and_named(item, value):
    assert error_items({**REQUIRED, item: value}) == {item}


def test_null_for_an_item_with_a_default_means_the_default():
    """Like every other optional item, ``null`` is "not answered" (spec section 1)."""
    result = Answers.model_validate(
        {**REQUIRED, "activity_level": None, "equipment": None, "sessions_per_week": None}
    )
    assert (result.activity_level, result.equipment, result.sessions_per_week) == ("light", [], 3)
    assert error_items({**REQUIRED, "age": None}) == {"age"}


def test_whole_number_floats_count_as_integers():
    """JSON has one number type and JSON Schema calls 30.0 an integer: accept it as 30."""
    result = Answers.model_validate({**REQUIRED, "age": 30.0, "sessions_per_week": 4.0})
    assert (result.age, result.sessions_per_week) == (30, 4)
    assert isinstance(result.age, int)


@pytest.mark.parametrize(
    ("item", "too_low", "lowest", "highest", "too_high"),
    [
        ("age", 9, 10, 110, 111),
        ("pain_now", -1, 0, 10, 11),
        ("pain_worst_week", -1, 0, 10, 11),
        ("pain_duration_weeks", -1, 0, 1040, 1041),
        ("intermalleolar_distance_cm", -0.1, 0, 30, 30.1),
        ("knee_to_wall_cm_left", -0.5, 0, 25, 25.5),
        ("knee_to_wall_cm_right", -0.5, 0, 25, 25.5),
        ("navicular_drop_mm", -1, 0, 30, 30.5),
        ("sessions_per_week", 1, 2, 4, 5),
        ("minutes_per_session", 9, 10, 60, 61),
        ("difficulty_stairs", -1, 0, 4, 5),
        ("difficulty_kneeling", -1, 0, 4, 5),
    ],
)
def test_ranges_follow_the_spec(item, too_low, lowest, highest, too_high):
    assert getattr(answers(**{item: lowest}), item) == lowest
    assert getattr(answers(**{item: highest}), item) == highest
    assert error_items({**REQUIRED, item: too_low}) == {item}
    assert error_items({**REQUIRED, item: too_high}) == {item}


def test_unknown_item_is_rejected_and_named():
    assert error_items({**REQUIRED, "favourite_colour": "blue"}) == {"favourite_colour"}


def test_every_offending_item_gets_its_own_error():
    data = {**REQUIRED, "age": "x", "night_pain": "yes", "pain_now": 12, "bogus": 1}
    assert error_items(data) == {"age", "night_pain", "pain_now", "bogus"}


def test_decimal_measurements_accept_json_ints_and_floats():
    body = {**REQUIRED, "intermalleolar_distance_cm": 6, "navicular_drop_mm": 9.5}
    body |= {"knee_to_wall_cm_left": 10, "knee_to_wall_cm_right": 9.9}
    result = Answers.model_validate_json(json.dumps(body))
    assert result.intermalleolar_distance_cm == 6.0
    assert result.navicular_drop_mm == 9.5
    assert (result.knee_to_wall_cm_left, result.knee_to_wall_cm_right) == (10.0, 9.9)


def test_json_with_a_string_number_is_rejected():
    with pytest.raises(ValidationError):
        Answers.model_validate_json(json.dumps({**REQUIRED, "age": "30"}))


@pytest.mark.parametrize(
    ("item", "choices"),
    [
        ("side", SIDES),
        ("activity_level", ACTIVITY_LEVELS),
        ("single_leg_squat_left", GRADES),
        ("squat_knees_cave", GRADES),
    ],
)
def test_plain_strings_are_accepted_for_choices_in_strict_python_mode(item, choices):
    for choice in choices:
        assert getattr(answers(**{item: choice}), item) == choice


def test_lists_reject_unknown_values_and_drop_duplicates_keeping_order():
    result = answers(
        pain_location=["inner", "front", "inner"],
        pain_aggravators=["stairs", "running", "stairs"],
        equipment=["dumbbell", "band_light", "dumbbell"],
    )
    assert result.pain_location == ["inner", "front"]
    assert result.pain_aggravators == ["stairs", "running"]
    assert result.equipment == ["dumbbell", "band_light"]


def test_choice_tuples_match_the_spec():
    assert SIDES == ("left", "right", "both")
    assert GRADES == ("none", "slight", "marked")
    assert PAIN_LOCATIONS == ("front", "inner", "outer", "back", "diffuse")
    assert AGGRAVATORS == (
        "stairs",
        "squatting",
        "prolonged_sitting",
        "running",
        "jumping",
        "kneeling",
    )
    assert EQUIPMENT == ("band_light", "band_medium", "band_heavy", "dumbbell")
    assert GLOBAL_RATINGS == ("much_worse", "worse", "same", "better", "much_better")


def test_every_item_has_a_description_for_the_openapi_document():
    for model in (Answers, ReassessmentAnswers):
        for name, field in model.model_fields.items():
            assert field.description, f"{model.__name__}.{name} has no description"


def test_schema_shows_types_and_ranges():
    properties = Answers.model_json_schema()["properties"]
    assert properties["age"]["minimum"] == 10 and properties["age"]["maximum"] == 110
    distance = properties["intermalleolar_distance_cm"]["anyOf"][0]
    assert distance == {"type": "number", "minimum": 0, "maximum": 30}
    assert properties["single_leg_squat_left"]["anyOf"][0]["enum"] == ["none", "slight", "marked"]


@pytest.mark.parametrize(
    ("items", "score"),
    [
        ({}, None),
        ({"difficulty_stairs": 0}, 100.0),
        ({"difficulty_stairs": 4}, 0.0),
        ({"difficulty_stairs": 2, "difficulty_running": 4}, 25.0),
        (
            {
                "difficulty_stairs": 1,
                "difficulty_squatting": 1,
                "difficulty_sitting_long": 0,
                "difficulty_running": 2,
                "difficulty_kneeling": 1,
            },
            75.0,
        ),
    ],
)
def test_function_score_is_100_minus_25_times_the_mean_of_answered_items(items, score):
    assert answers(**items).function_score() == score
    assert reassessment(**items).function_score() == score


def test_reassessment_form_requires_both_pains_and_knows_only_its_items():
    assert error_items({"pain_now": 2}, ReassessmentAnswers) == {"pain_worst_week"}
    assert error_items({"pain_now": 2, "pain_worst_week": 2, "age": 30}, ReassessmentAnswers) == {
        "age"
    }
    follow_up = reassessment(global_rating_of_change="better", single_leg_squat_left="none")
    assert follow_up.global_rating_of_change == "better"
    assert follow_up.hip_drop_left is None


@pytest.mark.parametrize("value", ["great", "BETTER", 1])
def test_reassessment_global_rating_is_one_of_the_five(value):
    data = {"pain_now": 2, "pain_worst_week": 2, "global_rating_of_change": value}
    assert error_items(data, ReassessmentAnswers) == {"global_rating_of_change"}


# --- goal activities (Patient-Specific Functional Scale, spec section 1, version 2) ---


def test_goal_activities_are_optional_and_give_a_goal_score():
    assert answers().goal_activities == [] and answers().goal_score() is None
    result = answers(
        goal_activities=[
            {"activity": "running 5 km", "score": 3},
            {"activity": "taking stairs carrying shopping", "score": 6.0},
        ]
    )
    assert [(goal.activity, goal.score) for goal in result.goal_activities] == [
        ("running 5 km", 3),
        ("taking stairs carrying shopping", 6),
    ]
    assert result.goal_score() == 4.5


def test_an_activity_listed_twice_counts_once_as_its_first_entry():
    result = answers(
        goal_activities=[
            {"activity": "Running 5 km", "score": 3},
            {"activity": " running  5 KM", "score": 9},
            {"activity": "kneeling", "score": 5},
        ]
    )
    assert [(goal.activity, goal.score) for goal in result.goal_activities] == [
        ("Running 5 km", 3),
        ("kneeling", 5),
    ]
    assert result.goal_score() == 4.0
    assert answers(goal_activities=None).goal_activities == []  # null: not answered


@pytest.mark.parametrize(
    "goals",
    [
        [{"activity": "", "score": 3}],
        [{"activity": "   ", "score": 3}],
        [{"activity": "x" * 81, "score": 3}],
        [{"activity": "running", "score": 11}],
        [{"activity": "running", "score": -1}],
        [{"activity": "running", "score": 5.5}],
        [{"activity": "running", "score": "5"}],
        [{"activity": "running"}],
        [{"activity": 5, "score": 5}],
        [{"activity": "running", "score": 5, "weight": 2}],
        [{"activity": f"activity {n}", "score": 5} for n in range(4)],
        {"activity": "running", "score": 5},
        "running",
    ],
)
def test_goal_activities_are_refused_naming_the_item(goals):
    assert error_items({**REQUIRED, "goal_activities": goals}) == {"goal_activities"}
    data = {"pain_now": 2, "pain_worst_week": 2, "goal_activities": goals}
    assert error_items(data, ReassessmentAnswers) == {"goal_activities"}


def test_the_reassessment_scores_the_goals_again():
    follow_up = reassessment(goal_activities=[{"activity": "running 5 km", "score": 8}])
    assert follow_up.goal_score() == 8.0


def test_goal_activities_are_in_the_schema_with_their_limits():
    schema = Answers.model_json_schema()
    goals = schema["properties"]["goal_activities"]["anyOf"][0]
    assert goals["type"] == "array" and goals["maxItems"] == 3
    item = schema["$defs"]["GoalActivity"]["properties"]
    assert (item["activity"]["minLength"], item["activity"]["maxLength"]) == (1, 80)
    assert (item["score"]["minimum"], item["score"]["maximum"]) == (0, 10)
