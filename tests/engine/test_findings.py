"""Findings (spec section 2): every rule, every threshold edge, sides and severity."""

from __future__ import annotations

import pytest

from programs.engine import FINDING_CODES
from tests.engine.builders import codes, run


def finding(evaluation, code):
    found = evaluation.finding(code)
    assert found is not None, f"{code} not found in {codes(evaluation.findings)}"
    return found


def test_nothing_answered_means_nothing_found():
    evaluation = run()
    assert evaluation.findings == []
    assert evaluation.referrals == []
    assert evaluation.program_allowed is True
    assert evaluation.exercises == [] and evaluation.later == [] and evaluation.advice == []


# --- dynamic_valgus ---


@pytest.mark.parametrize(
    ("items", "severity", "sides"),
    [
        ({"single_leg_squat_left": "slight"}, "mild", ["left"]),
        ({"single_leg_squat_right": "marked"}, "marked", ["right"]),
        (
            {"single_leg_squat_left": "slight", "single_leg_squat_right": "slight"},
            "mild",
            ["left", "right"],
        ),
        ({"squat_knees_cave": "slight"}, "mild", ["left", "right"]),
        ({"squat_knees_cave": "marked"}, "marked", ["left", "right"]),
        ({"single_leg_squat_right": "slight", "squat_knees_cave": "marked"}, "marked", ["right"]),
        (
            {"single_leg_squat_left": "none", "squat_knees_cave": "slight"},
            "mild",
            ["left", "right"],
        ),
    ],
)
def test_dynamic_valgus(items, severity, sides):
    found = finding(run(**items), "dynamic_valgus")
    assert (found.severity, found.sides, found.rules) == (severity, sides, ["F-DV-1"])


def test_dynamic_valgus_reason_names_the_test_side_and_grade():
    found = finding(run(single_leg_squat_left="slight"), "dynamic_valgus")
    assert found.reasons == [
        "Your knee drifted inside your big toe on the left single-leg squat (slight)."
    ]


@pytest.mark.parametrize(
    "items",
    [
        {
            "single_leg_squat_left": "none",
            "single_leg_squat_right": "none",
            "squat_knees_cave": "none",
        },
        {"single_leg_squat_left": None},
        {},
    ],
)
def test_no_dynamic_valgus_when_grades_are_none_or_not_tested(items):
    assert run(**items).finding("dynamic_valgus") is None


# --- hip_abductor_weakness ---


@pytest.mark.parametrize(
    ("items", "sides", "rules"),
    [
        ({"hip_drop_left": True}, ["left"], ["F-HAW-1"]),
        ({"hip_drop_right": True}, ["right"], ["F-HAW-1"]),
        ({"hip_drop_left": True, "hip_drop_right": True}, ["left", "right"], ["F-HAW-1"]),
        ({"single_leg_squat_right": "marked"}, ["right"], ["F-HAW-2"]),
        (
            {"hip_drop_left": True, "single_leg_squat_right": "marked"},
            ["left", "right"],
            ["F-HAW-1", "F-HAW-2"],
        ),
    ],
)
def test_hip_abductor_weakness(items, sides, rules):
    found = finding(run(**items), "hip_abductor_weakness")
    assert (found.severity, found.sides, found.rules) == (None, sides, rules)


@pytest.mark.parametrize(
    "items",
    [
        {"hip_drop_left": False, "hip_drop_right": False},
        {"single_leg_squat_left": "slight"},
        {"squat_knees_cave": "marked"},
    ],
)
def test_no_hip_abductor_weakness_without_a_drop_or_a_marked_single_leg_grade(items):
    assert run(**items).finding("hip_abductor_weakness") is None


# --- tightness ---


@pytest.mark.parametrize(
    ("items", "sides"),
    [
        ({"thomas_thigh_lifts_left": True}, ["left"]),
        ({"thomas_thigh_lifts_right": True}, ["right"]),
        ({"thomas_thigh_lifts_left": True, "thomas_thigh_lifts_right": True}, ["left", "right"]),
    ],
)
def test_hip_flexor_tightness_sides_follow_the_thomas_test(items, sides):
    found = finding(run(**items), "hip_flexor_tightness")
    assert (found.severity, found.sides, found.rules) == (None, sides, ["F-HFT-1"])


def test_no_hip_flexor_tightness_when_thomas_negative():
    assert run(thomas_thigh_lifts_left=False).finding("hip_flexor_tightness") is None


@pytest.mark.parametrize(
    ("side", "sides"), [("left", ["left"]), ("right", ["right"]), ("both", ["left", "right"])]
)
def test_hip_adductor_tightness_sides_come_from_the_side_answer(side, sides):
    found = finding(run(adductor_tight=True, side=side), "hip_adductor_tightness")
    assert (found.severity, found.sides, found.rules) == (None, sides, ["F-HAT-1"])
    assert run(adductor_tight=False, side=side).finding("hip_adductor_tightness") is None


# --- foot_overpronation ---

SIGNS = [
    {"arch_collapses_standing": True},
    {"footprint": "flat"},
    {"shoe_wear_inner_edge": True},
    {"heel_tilts_inward": True},
]


def with_signs(count):
    items = {}
    for sign in SIGNS[:count]:
        items |= sign
    return items


@pytest.mark.parametrize(
    ("count", "severity"), [(0, None), (1, "mild"), (2, "mild"), (3, "marked"), (4, "marked")]
)
def test_foot_overpronation_by_sign_count(count, severity):
    found = run(**with_signs(count)).finding("foot_overpronation")
    assert (found.severity if found else None) == severity


@pytest.mark.parametrize("sign", SIGNS)
def test_each_pronation_sign_counts(sign):
    assert finding(run(**sign), "foot_overpronation").severity == "mild"


@pytest.mark.parametrize("footprint", ["high", "normal", "unknown"])
def test_other_footprints_are_not_a_sign(footprint):
    assert run(footprint=footprint).finding("foot_overpronation") is None


@pytest.mark.parametrize(
    ("drop", "severity", "rule"),
    [
        (7, None, None),
        (7.9, None, None),
        (8, "mild", "F-FOP-2"),
        (10, "mild", "F-FOP-2"),
        (10.1, "marked", "F-FOP-1"),
        (11, "marked", "F-FOP-1"),
    ],
)
def test_foot_overpronation_by_navicular_drop(drop, severity, rule):
    found = run(navicular_drop_mm=drop).finding("foot_overpronation")
    assert (found.severity if found else None) == severity
    if found:
        assert found.rules == [rule]
        assert f"{drop:g} mm" in " ".join(found.reasons)


def test_marked_drop_wins_over_a_single_sign_and_signs_win_over_a_mild_drop():
    assert finding(run(navicular_drop_mm=11, **with_signs(1)), "foot_overpronation").severity == (
        "marked"
    )
    assert finding(run(navicular_drop_mm=9, **with_signs(3)), "foot_overpronation").severity == (
        "marked"
    )
    assert finding(run(navicular_drop_mm=7, **with_signs(2)), "foot_overpronation").severity == (
        "mild"
    )


def test_foot_overpronation_sides_follow_the_side_answer():
    assert finding(run(footprint="flat", side="both"), "foot_overpronation").sides == [
        "left",
        "right",
    ]


# --- limited_ankle_dorsiflexion ---


@pytest.mark.parametrize(
    ("left", "right", "sides"),
    [
        (9.9, None, ["left"]),
        (10, None, []),
        (None, 9.9, ["right"]),
        (9, 12, ["left"]),
        (5, 0, ["left", "right"]),
        (10, 10, []),
        (None, None, []),
    ],
)
def test_limited_ankle_dorsiflexion_only_on_measured_sides_under_10_cm(left, right, sides):
    found = run(knee_to_wall_cm_left=left, knee_to_wall_cm_right=right).finding(
        "limited_ankle_dorsiflexion"
    )
    assert (found.sides if found else []) == sides
    if found:
        assert found.rules == ["F-ANK-1"] and found.severity is None


# --- structural_valgus_suspected and the borderline note ---


@pytest.mark.parametrize(
    ("distance", "structural", "borderline_note"),
    [
        (4.9, False, False),
        (5, False, True),
        (7.9, False, True),
        (8, True, False),
        (12, True, False),
    ],
)
def test_intermalleolar_distance_edges(distance, structural, borderline_note):
    evaluation = run(intermalleolar_distance_cm=distance)
    assert (evaluation.finding("structural_valgus_suspected") is not None) == structural
    assert any("borderline" in note for note in evaluation.notes) == borderline_note
    fired = {rule.id for rule in evaluation.rules_fired}
    assert ("N-IMD-BORDERLINE" in fired) == borderline_note
    if borderline_note:
        assert evaluation.referrals == []
        assert any("no referral" in note for note in evaluation.notes)


@pytest.mark.parametrize(
    ("items", "rules"),
    [
        ({"intermalleolar_distance_cm": 8}, ["F-SVS-1"]),
        ({"one_side_only": True, "ankles_apart_when_knees_touch": True}, ["F-SVS-2"]),
        ({"deformity_worsening": True}, ["F-SVS-3"]),
        ({"intermalleolar_distance_cm": 9, "deformity_worsening": True}, ["F-SVS-1", "F-SVS-3"]),
    ],
)
def test_structural_valgus_suspected(items, rules):
    evaluation = run(**items)
    found = finding(evaluation, "structural_valgus_suspected")
    assert found.rules == rules
    assert any("responds less to exercise alone" in note for note in evaluation.notes)


@pytest.mark.parametrize(
    "items",
    [
        {"one_side_only": True},
        {"ankles_apart_when_knees_touch": True},
        {"one_side_only": True, "ankles_apart_when_knees_touch": False},
        {"deformity_worsening": False},
    ],
)
def test_not_structural_without_the_full_combination(items):
    assert run(**items).finding("structural_valgus_suspected") is None


def test_structural_valgus_still_offers_the_program_for_the_dynamic_part():
    evaluation = run(intermalleolar_distance_cm=9, single_leg_squat_left="slight")
    assert evaluation.program_allowed
    assert codes(evaluation.exercises)[:1] == ["banded_clamshell"]
    caveat = next(note for note in evaluation.notes if "structural" in note)
    assert "still offered" in caveat


# --- patellofemoral_pain_pattern ---


@pytest.mark.parametrize(
    ("location", "aggravators", "found"),
    [
        (["front"], ["stairs"], True),
        (["front"], ["squatting"], True),
        (["front", "inner"], ["prolonged_sitting"], True),
        (["front"], ["running", "jumping", "kneeling"], False),
        (["inner"], ["stairs"], False),
        (["front"], [], False),
        ([], ["stairs"], False),
    ],
)
def test_patellofemoral_pain_pattern(location, aggravators, found):
    evaluation = run(pain_location=location, pain_aggravators=aggravators)
    assert (evaluation.finding("patellofemoral_pain_pattern") is not None) == found


def test_patellofemoral_pattern_calls_for_no_exercise_on_its_own():
    evaluation = run(pain_location=["front"], pain_aggravators=["stairs"])
    assert evaluation.exercises == []
    assert evaluation.program_allowed
    assert any("physiotherapist" in note for note in evaluation.notes)


def test_findings_come_in_spec_table_order():
    evaluation = run(
        pain_location=["front"],
        pain_aggravators=["stairs"],
        intermalleolar_distance_cm=9,
        knee_to_wall_cm_left=8,
        footprint="flat",
        adductor_tight=True,
        thomas_thigh_lifts_left=True,
        hip_drop_left=True,
        squat_knees_cave="slight",
    )
    assert codes(evaluation.findings) == list(FINDING_CODES)
