"""Exercises, starting levels, equipment caps, the six-exercise cap, advice and notes (spec 3-4)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from programs.engine import EXERCISE_CODES, RULES_VERSION, load_rules
from tests.engine.builders import codes, run

HIP = ["banded_clamshell", "banded_side_steps", "single_leg_deadlift", "banded_squat_knee_cue"]
ALL_FINDINGS = {
    "single_leg_squat_left": "slight",
    "thomas_thigh_lifts_left": True,
    "adductor_tight": True,
    "footprint": "flat",
    "knee_to_wall_cm_left": 8,
}
BANDS = ["band_light", "band_medium", "band_heavy"]


def levels(evaluation):
    return {item.code: item.level for item in evaluation.exercises}


@pytest.mark.parametrize(
    ("items", "exercises", "rule"),
    [
        ({"single_leg_squat_left": "slight"}, HIP, "RX-HIP-1"),
        ({"squat_knees_cave": "slight"}, HIP, "RX-HIP-1"),
        ({"hip_drop_right": True}, HIP, "RX-HIP-1"),
        ({"thomas_thigh_lifts_left": True}, ["half_kneeling_hip_flexor_stretch"], "RX-HFT-1"),
        ({"adductor_tight": True}, ["adductor_stretch"], "RX-ADD-1"),
        ({"heel_tilts_inward": True}, ["short_foot"], "RX-FOOT-1"),
        ({"knee_to_wall_cm_right": 9.9}, ["ankle_dorsiflexion_mobilisation"], "RX-ANK-1"),
    ],
)
def test_each_finding_prescribes_its_exercises(items, exercises, rule):
    evaluation = run(**items)
    assert codes(evaluation.exercises) == exercises
    for item in evaluation.exercises:
        assert item.rules[0] == rule
        assert item.reasons and all(reason.strip() for reason in item.reasons)


def test_nothing_to_correct_gives_no_program_but_says_why_and_what_next():
    evaluation = run(pain_now=3, knee_to_wall_cm_left=10)
    assert evaluation.program_allowed is True
    assert evaluation.exercises == []
    (note,) = evaluation.notes
    assert "no program" in note and "physiotherapist" in note


def test_six_exercise_cap_and_later_order():
    evaluation = run(**ALL_FINDINGS)
    assert codes(evaluation.exercises) == list(EXERCISE_CODES[:6])
    assert codes(evaluation.later) == ["ankle_dorsiflexion_mobilisation", "adductor_stretch"]
    for item in evaluation.later:
        assert "RX-CAP-1" in item.rules
        assert "6 exercises" in item.reasons[-1]


@pytest.mark.parametrize(
    ("drop", "expected_later"),
    [
        ("footprint", ["adductor_stretch"]),
        ("knee_to_wall_cm_left", ["adductor_stretch"]),
        ("adductor_tight", ["ankle_dorsiflexion_mobilisation"]),
        ("thomas_thigh_lifts_left", ["adductor_stretch"]),
    ],
)
def test_with_seven_indicated_the_lowest_priority_one_waits(drop, expected_later):
    items = {key: value for key, value in ALL_FINDINGS.items() if key != drop}
    evaluation = run(**items)
    assert len(evaluation.exercises) == 6
    assert codes(evaluation.later) == expected_later
    order = [EXERCISE_CODES.index(code) for code in codes(evaluation.exercises)]
    assert order == sorted(order)


def test_exactly_six_indicated_leaves_later_empty():
    evaluation = run(single_leg_squat_left="slight", footprint="flat", adductor_tight=True)
    assert len(evaluation.exercises) == 6
    assert evaluation.later == []


# --- starting levels ---

STANDARD = {
    "banded_clamshell": 2,
    "banded_side_steps": 2,
    "single_leg_deadlift": 1,
    "banded_squat_knee_cue": 2,
}


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ({}, STANDARD),
        ({"pain_now": 3}, STANDARD),
        ({"pain_now": 4}, dict.fromkeys(HIP, 1)),
        ({"pain_worst_week": 5}, STANDARD),
        ({"pain_worst_week": 6}, dict.fromkeys(HIP, 1)),
        ({"activity_level": "sedentary"}, dict.fromkeys(HIP, 1)),
        ({"activity_level": "moderate"}, STANDARD),
        ({"activity_level": "vigorous"}, {**STANDARD, "single_leg_deadlift": 2}),
        ({"single_leg_squat_right": "marked"}, dict.fromkeys(HIP, 1)),
        ({"squat_knees_cave": "marked"}, dict.fromkeys(HIP, 1)),
        ({"activity_level": "vigorous", "pain_now": 4}, dict.fromkeys(HIP, 1)),
    ],
)
def test_starting_levels(items, expected):
    items = {"single_leg_squat_left": "slight", "equipment": BANDS + ["dumbbell"], **items}
    assert levels(run(**items)) == expected


def test_start_level_reason_names_the_answer():
    evaluation = run(single_leg_squat_left="slight", pain_now=5, equipment=["band_light"])
    clamshell = evaluation.exercises[0]
    assert "Starting at level 1 because your pain right now is 5/10." in clamshell.reasons
    assert "LVL-START-LOW" in clamshell.rules


def test_stretches_and_foot_exercises_start_at_level_1():
    evaluation = run(
        **ALL_FINDINGS, equipment=["band_light", "dumbbell"], activity_level="vigorous"
    )
    assert levels(evaluation)["half_kneeling_hip_flexor_stretch"] == 1
    assert levels(evaluation)["short_foot"] == 1


# --- equipment caps at the start ---


@pytest.mark.parametrize(
    ("equipment", "expected", "without_band"),
    [
        (
            [],
            {**STANDARD, "banded_clamshell": 1, "banded_side_steps": 1},
            {"banded_side_steps", "banded_squat_knee_cue"},
        ),
        (
            ["dumbbell"],
            {**STANDARD, "banded_clamshell": 1, "banded_side_steps": 1},
            {"banded_side_steps", "banded_squat_knee_cue"},
        ),
        (["band_light"], STANDARD, set()),
        (["band_medium"], STANDARD, set()),
        (["band_heavy"], STANDARD, set()),
    ],
)
def test_equipment_caps_at_the_start(equipment, expected, without_band):
    evaluation = run(single_leg_squat_left="slight", equipment=equipment)
    assert levels(evaluation) == expected
    assert {item.code for item in evaluation.exercises if item.without_band} == without_band
    for item in evaluation.exercises:
        if item.without_band or item.level < STANDARD[item.code]:
            assert "CAP-NO-BAND" in item.rules


def test_doses_come_from_the_library():
    evaluation = run(
        single_leg_squat_left="slight", equipment=["band_light"], **{"adductor_tight": True}
    )
    by_code = {item.code: item for item in evaluation.exercises}
    clamshell = by_code["banded_clamshell"]
    assert (clamshell.level, clamshell.sets, clamshell.reps, clamshell.hold_seconds) == (
        2,
        3,
        12,
        None,
    )
    assert clamshell.per_side is True and clamshell.frequency == "strength"
    stretch = by_code["adductor_stretch"]
    assert (stretch.sets, stretch.reps, stretch.hold_seconds, stretch.per_side) == (
        3,
        None,
        30,
        False,
    )
    assert stretch.frequency == "daily"


# --- advice ---


@pytest.mark.parametrize(
    ("items", "advice"),
    [
        ({"single_leg_squat_left": "slight", "equipment": ["band_light"]}, ["movement_cues"]),
        ({"single_leg_squat_left": "slight"}, ["movement_cues", "get_resistance_band"]),
        ({"hip_drop_left": True}, ["get_resistance_band"]),
        ({"hip_drop_left": True, "equipment": ["band_heavy"]}, []),
        ({"footprint": "flat"}, ["arch_support_insoles"]),
        ({"navicular_drop_mm": 11}, ["medial_posted_orthotics"]),
        (
            {"footprint": "flat", "heel_tilts_inward": True, "shoe_wear_inner_edge": True},
            ["medial_posted_orthotics"],
        ),
        (
            {"squat_knees_cave": "slight", "navicular_drop_mm": 9},
            ["movement_cues", "arch_support_insoles", "get_resistance_band"],
        ),
        ({"thomas_thigh_lifts_left": True}, []),
    ],
)
def test_advice_in_its_fixed_order(items, advice):
    assert codes(run(**items).advice) == advice


def test_orthotic_advice_is_a_companion_never_a_replacement():
    advice = run(navicular_drop_mm=12).advice[0]
    assert advice.reasons[-1] == "Use them together with your exercises, never instead of them."
    assert advice.rules == ["ADV-ORTHO-1"]


def test_band_advice_only_for_banded_exercises_actually_prescribed():
    # six slots: the four hip exercises, the hip flexor stretch and short foot
    evaluation = run(**ALL_FINDINGS)
    assert "get_resistance_band" in codes(evaluation.advice)
    only_stretches = run(thomas_thigh_lifts_left=True, adductor_tight=True)
    assert "get_resistance_band" not in codes(only_stretches.advice)


def test_rules_fired_lists_each_rule_once_with_its_reason():
    evaluation = run(**ALL_FINDINGS)
    ids = [rule.id for rule in evaluation.rules_fired]
    assert len(ids) == len(set(ids))
    for item in [
        *evaluation.findings,
        *evaluation.exercises,
        *evaluation.later,
        *evaluation.advice,
    ]:
        assert set(item.rules) <= set(ids)
    assert all(rule.reason for rule in evaluation.rules_fired)
    assert evaluation.rules_version == RULES_VERSION


def test_each_rule_in_the_trace_reads_its_reason_from_the_rules_file_and_cannot_be_changed():
    """Every evaluation shares one entry per rule, so none may be edited in place."""
    rules = load_rules()
    first, second = run(**ALL_FINDINGS), run(**ALL_FINDINGS, pain_now=6)
    for fired in [*first.rules_fired, *second.rules_fired]:
        assert fired.reason == rules.reason(fired.id)
    with pytest.raises(ValidationError):
        first.rules_fired[0].reason = "edited"
    assert first.rules_fired[0].reason == rules.reason(first.rules_fired[0].id)


def test_the_hip_exercises_each_name_the_findings_that_call_for_them():
    evaluation = run(single_leg_squat_left="slight", hip_drop_left=True, equipment=BANDS)
    hip = [item for item in evaluation.exercises if item.rules[0] == "RX-HIP-1"]
    assert len(hip) == 4
    valgus, weakness = (
        evaluation.finding(code) for code in ("dynamic_valgus", "hip_abductor_weakness")
    )
    for item in hip:
        assert item.reasons[0].endswith(" ".join(valgus.reasons))
        assert item.reasons[1].endswith(" ".join(weakness.reasons))
