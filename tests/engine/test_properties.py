"""Properties that must hold for every valid questionnaire, not just the examples."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from programs.engine import (
    ACTIVITY_LEVELS,
    AGGRAVATORS,
    EQUIPMENT,
    EXERCISE_CODES,
    FINDING_CODES,
    FOOTPRINTS,
    GRADES,
    PAIN_LOCATIONS,
    SEXES,
    SIDES,
    SWELLINGS,
    URGENCIES,
    Answers,
    Evaluation,
    allowed_levels,
    decide_progression,
    evaluate,
    library,
)
from programs.engine.progression import DIFFICULTIES, LoggedSession

BOOL_ITEMS = [
    "night_pain", "swelling_within_2h_of_injury", "locking", "giving_way", "recent_injury",
    "cannot_bear_weight", "hot_red_knee", "fever_or_unwell", "numbness_or_tingling",
    "unexplained_weight_loss", "deformity_worsening", "ankles_apart_when_knees_touch",
    "one_side_only", "hip_drop_left", "hip_drop_right", "thomas_thigh_lifts_left",
    "thomas_thigh_lifts_right", "adductor_tight", "arch_collapses_standing",
    "shoe_wear_inner_edge", "heel_tilts_inward", "uses_orthotics",
]  # fmt: skip
WARNING_SIGNS = [
    "night_pain", "swelling_within_2h_of_injury", "locking", "giving_way", "recent_injury",
    "cannot_bear_weight", "hot_red_knee", "fever_or_unwell", "numbness_or_tingling",
    "unexplained_weight_loss", "deformity_worsening",
]  # fmt: skip


def maybe(strategy):
    return st.none() | strategy


def measure(high: float):
    return st.floats(min_value=0, max_value=high, allow_nan=False) | st.integers(0, int(high))


def subset(choices):
    return st.lists(st.sampled_from(choices), max_size=len(choices) + 1)


REQUIRED = {
    "age": st.integers(10, 110),
    "pain_now": st.integers(0, 10),
    "pain_worst_week": st.integers(0, 10),
    "side": st.sampled_from(SIDES),
}
OPTIONAL: dict[str, Any] = {
    **{item: maybe(st.booleans()) for item in BOOL_ITEMS},
    "sex": maybe(st.sampled_from(SEXES)),
    "activity_level": st.sampled_from(ACTIVITY_LEVELS),
    "pain_duration_weeks": maybe(st.integers(0, 1040)),
    "pain_location": subset(PAIN_LOCATIONS),
    "pain_aggravators": subset(AGGRAVATORS),
    "swelling": maybe(st.sampled_from(SWELLINGS)),
    "intermalleolar_distance_cm": maybe(measure(30)),
    "single_leg_squat_left": maybe(st.sampled_from(GRADES)),
    "single_leg_squat_right": maybe(st.sampled_from(GRADES)),
    "squat_knees_cave": maybe(st.sampled_from(GRADES)),
    "knee_to_wall_cm_left": maybe(measure(25)),
    "knee_to_wall_cm_right": maybe(measure(25)),
    "footprint": maybe(st.sampled_from(FOOTPRINTS)),
    "navicular_drop_mm": maybe(measure(30)),
    "equipment": subset(EQUIPMENT),
    "sessions_per_week": st.integers(2, 4),
    "minutes_per_session": st.integers(10, 60),
    **{
        item: maybe(st.integers(0, 4))
        for item in (
            "difficulty_stairs",
            "difficulty_squatting",
            "difficulty_sitting_long",
            "difficulty_running",
            "difficulty_kneeling",
        )
    },
}
answer_dicts = st.fixed_dictionaries(REQUIRED, optional=OPTIONAL)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def urgency_rank(urgency: str) -> int:
    return URGENCIES.index(urgency)


def assert_built_like_validated(item: Any) -> None:
    """The engine builds its outputs without validating them again: each must hold every field,
    in the declared order, as a validated one would."""
    if isinstance(item, list):
        for value in item:
            assert_built_like_validated(value)
    elif isinstance(item, BaseModel):
        fields = list(type(item).model_fields)
        assert list(item.__dict__) == fields
        assert item.model_fields_set == set(fields)
        assert item.__pydantic_extra__ is None
        for value in item.__dict__.values():
            assert_built_like_validated(value)


@FAST
@given(answer_dicts)
def test_any_valid_answers_give_a_valid_consistent_evaluation(data):
    answers = Answers.model_validate(data)
    evaluation = evaluate(answers)
    assert Evaluation.model_validate(evaluation.model_dump()) == evaluation
    assert Evaluation.model_validate_json(evaluation.model_dump_json()) == evaluation
    for cleared in (False, True):
        assert_built_like_validated(evaluate(answers, clinician_cleared=cleared))

    finding_order = [FINDING_CODES.index(item.code) for item in evaluation.findings]
    assert finding_order == sorted(set(finding_order))
    exercise_order = [EXERCISE_CODES.index(item.code) for item in evaluation.exercises]
    assert exercise_order == sorted(set(exercise_order))
    assert len(evaluation.exercises) <= 6
    if evaluation.later:
        assert len(evaluation.exercises) == 6
        assert min(EXERCISE_CODES.index(item.code) for item in evaluation.later) > max(
            exercise_order
        )

    pairs = [(item.destination, item.urgency) for item in evaluation.referrals]
    assert len(pairs) == len(set(pairs))
    ranks = [urgency_rank(item.urgency) for item in evaluation.referrals]
    assert ranks == sorted(ranks)

    same_day = any(item.urgency == "same_day" for item in evaluation.referrals)
    withheld = same_day or answers.age < 16 or answers.giving_way or answers.locking
    assert evaluation.program_allowed == (not withheld)
    if not evaluation.program_allowed:
        assert evaluation.exercises == [] and evaluation.later == []
        assert {"movement_cues", "get_resistance_band"}.isdisjoint(
            item.code for item in evaluation.advice
        )

    fired = {rule.id for rule in evaluation.rules_fired}
    for item in [*evaluation.findings, *evaluation.exercises, *evaluation.later]:
        assert item.reasons and set(item.rules) <= fired
    for item in [*evaluation.advice, *evaluation.referrals]:
        assert item.reasons and set(item.rules) <= fired


@FAST
@given(answer_dicts)
def test_prescribed_levels_are_always_within_the_equipment_caps(data):
    answers = Answers.model_validate(data)
    for item in evaluate(answers).exercises:
        assert item.level in allowed_levels(item.code, answers.equipment)
        assert item.level <= 2
        assert item.without_band == (
            "band" in library.level(item.code, item.level).equipment
            and not any(kit.startswith("band") for kit in answers.equipment)
        )


def still_covered(old: tuple[str, str], new: list[tuple[str, str]]) -> bool:
    """An old referral is kept, made more urgent, or superseded by emergency care today."""
    destination, urgency = old
    if ("emergency", "same_day") in new:
        return True
    return any(
        dest == destination and urgency_rank(urg) <= urgency_rank(urgency) for dest, urg in new
    )


@FAST
@given(answer_dicts, st.sampled_from([*WARNING_SIGNS, "swelling"]))
def test_adding_a_warning_sign_never_removes_a_referral_or_allows_a_withheld_program(data, sign):
    before = evaluate(Answers.model_validate(data))
    worse = {**data, sign: "marked" if sign == "swelling" else True}
    after = evaluate(Answers.model_validate(worse))
    new_pairs = [(item.destination, item.urgency) for item in after.referrals]
    for referral in before.referrals:
        assert still_covered((referral.destination, referral.urgency), new_pairs)
    if not before.program_allowed:
        assert not after.program_allowed


sessions = st.lists(
    st.builds(
        LoggedSession,
        level=st.integers(1, 5),
        prescribed_sets=st.integers(1, 3),
        prescribed_reps_or_hold=st.integers(1, 15),
        sets_done=st.integers(0, 4),
        reps_done=st.integers(0, 16),
        pain_during=st.integers(0, 10),
        difficulty=st.sampled_from(DIFFICULTIES),
        morning_after_pain=maybe(st.integers(0, 10)),
    ),
    max_size=5,
)


@FAST
@given(
    st.sampled_from(EXERCISE_CODES),
    st.integers(1, 5),
    subset(EQUIPMENT),
    st.integers(0, 10),
    sessions,
)
def test_progression_stays_within_levels_and_caps(code, level, equipment, baseline, recent):
    top = library.get(code).top_level
    level = min(level, top)
    decision = decide_progression(
        code=code,
        current_level=level,
        equipment=equipment,
        baseline_pain_now=baseline,
        recent=recent,
    )
    assert decision.from_level == level
    assert 1 <= decision.to_level <= top
    assert decision.to_level in allowed_levels(code, equipment)
    direction = {"advance": 1, "hold": 0, "regress": -1}[decision.action]
    assert (decision.to_level > level) - (decision.to_level < level) == direction
    assert decision.reason.startswith(f"Next time: level {decision.to_level} (")
