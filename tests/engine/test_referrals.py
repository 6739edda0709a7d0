"""Referrals at assessment and when the program is withheld (spec section 5)."""

from __future__ import annotations

import pytest

from programs.engine import Answers
from tests.engine.builders import codes, referral_pairs, run

EMERGENCY = [("emergency", "same_day")]
DOCTOR_TODAY = [("doctor", "same_day")]
DOCTOR_2W = [("doctor", "within_2_weeks")]
DOCTOR_ROUTINE = [("doctor", "routine")]
ORTHO_2W = [("orthopedic_specialist", "within_2_weeks")]
ORTHO_ROUTINE = [("orthopedic_specialist", "routine")]
PHYSIO_2W = [("physiotherapist", "within_2_weeks")]
INJURED = {"recent_injury": True}

WARNING_SIGNS = [
    "night_pain",
    "swelling_within_2h_of_injury",
    "locking",
    "giving_way",
    "recent_injury",
    "cannot_bear_weight",
    "hot_red_knee",
    "fever_or_unwell",
    "numbness_or_tingling",
    "unexplained_weight_loss",
    "deformity_worsening",
]


@pytest.mark.parametrize(
    ("items", "pairs", "rules"),
    [
        ({"hot_red_knee": True, "fever_or_unwell": True}, EMERGENCY, ["REF-HOT-FEVER"]),
        ({"hot_red_knee": True}, DOCTOR_TODAY, ["REF-HOT-NOFEVER"]),
        ({"hot_red_knee": True, "fever_or_unwell": False}, DOCTOR_TODAY, ["REF-HOT-NOFEVER"]),
        ({"cannot_bear_weight": True, **INJURED}, EMERGENCY, ["REF-OTTAWA"]),
        ({"numbness_or_tingling": True, **INJURED}, EMERGENCY, ["REF-NUMB-INJURY"]),
        ({"locking": True}, ORTHO_2W, ["REF-LOCKING"]),
        ({"giving_way": True}, ORTHO_2W, ["REF-GIVING-WAY"]),
        ({**INJURED, "swelling_within_2h_of_injury": True}, ORTHO_2W, ["REF-INJURY-SWELLING"]),
        ({**INJURED, "swelling": "marked"}, ORTHO_2W, ["REF-INJURY-SWELLING"]),
        ({"deformity_worsening": True}, ORTHO_2W, ["REF-STRUCT-WORSENING"]),
        ({"intermalleolar_distance_cm": 8}, ORTHO_ROUTINE, ["REF-STRUCT"]),
        (
            {"one_side_only": True, "ankles_apart_when_knees_touch": True},
            ORTHO_ROUTINE,
            ["REF-STRUCT"],
        ),
        ({"night_pain": True}, DOCTOR_2W, ["REF-NIGHT-WEIGHT"]),
        ({"unexplained_weight_loss": True}, DOCTOR_2W, ["REF-NIGHT-WEIGHT"]),
        ({"pain_now": 7, "pain_worst_week": 7}, PHYSIO_2W, ["REF-SEVERE-PAIN"]),
        ({"pain_worst_week": 7}, PHYSIO_2W, ["REF-SEVERE-PAIN"]),
        ({"numbness_or_tingling": True}, DOCTOR_ROUTINE, ["REF-NUMB"]),
        ({"numbness_or_tingling": True, "recent_injury": False}, DOCTOR_ROUTINE, ["REF-NUMB"]),
        ({"age": 15}, [("paediatric_specialist", "routine")], ["REF-PAEDIATRIC"]),
    ],
)
def test_each_referral_row(items, pairs, rules):
    evaluation = run(**items)
    assert referral_pairs(evaluation) == pairs
    assert [rule for referral in evaluation.referrals for rule in referral.rules] == rules
    for referral in evaluation.referrals:
        assert referral.reasons and all(reason.endswith(".") for reason in referral.reasons)


@pytest.mark.parametrize(
    "items",
    [
        {"recent_injury": True},
        {"recent_injury": True, "swelling": "mild"},
        {"swelling": "marked"},
        {"swelling_within_2h_of_injury": True},
        {"fever_or_unwell": True},
        {"pain_now": 6, "pain_worst_week": 6},
        {"age": 16},
        {"intermalleolar_distance_cm": 7.9},
    ],
)
def test_no_referral_without_the_full_condition(items):
    assert run(**items).referrals == []


@pytest.mark.parametrize(
    ("pain_now", "pain_worst_week", "referred"),
    [(6, 6, False), (7, 6, True), (6, 7, True), (0, 10, True), (10, 10, True)],
)
def test_severe_pain_edges(pain_now, pain_worst_week, referred):
    evaluation = run(pain_now=pain_now, pain_worst_week=pain_worst_week)
    assert (("physiotherapist", "within_2_weeks") in referral_pairs(evaluation)) == referred
    assert evaluation.program_allowed


def test_severe_pain_does_not_stop_the_program_but_starts_it_at_level_1():
    evaluation = run(
        pain_now=7, pain_worst_week=8, single_leg_squat_left="slight", equipment=["band_light"]
    )
    assert evaluation.program_allowed
    assert {item.level for item in evaluation.exercises} == {1}


@pytest.mark.parametrize(("age", "allowed"), [(15, False), (16, True), (10, False), (110, True)])
def test_age_16_edge(age, allowed):
    evaluation = run(age=age, single_leg_squat_left="slight")
    assert evaluation.program_allowed == allowed
    assert (("paediatric_specialist", "routine") in referral_pairs(evaluation)) == (not allowed)


def test_hot_red_knee_with_fever_goes_to_emergency_only():
    evaluation = run(hot_red_knee=True, fever_or_unwell=True)
    assert referral_pairs(evaluation) == [("emergency", "same_day")]


def test_one_referral_per_destination_and_urgency_with_merged_reasons():
    evaluation = run(
        locking=True,
        giving_way=True,
        recent_injury=True,
        swelling="marked",
        night_pain=True,
        unexplained_weight_loss=True,
    )
    assert referral_pairs(evaluation) == [
        ("doctor", "within_2_weeks"),
        ("orthopedic_specialist", "within_2_weeks"),
    ]
    doctor, orthopaedic = evaluation.referrals
    assert orthopaedic.rules == ["REF-LOCKING", "REF-GIVING-WAY", "REF-INJURY-SWELLING"]
    assert len(orthopaedic.reasons) == 3
    assert doctor.rules == ["REF-NIGHT-WEIGHT"] and len(doctor.reasons) == 2


def test_referrals_most_urgent_first_and_every_pair_visible():
    evaluation = run(
        age=14,
        numbness_or_tingling=True,
        intermalleolar_distance_cm=9,
        giving_way=True,
        pain_now=8,
        hot_red_knee=True,
        cannot_bear_weight=True,
        recent_injury=True,
    )
    assert referral_pairs(evaluation) == [
        ("emergency", "same_day"),
        ("doctor", "same_day"),
        ("orthopedic_specialist", "within_2_weeks"),
        ("physiotherapist", "within_2_weeks"),
        ("orthopedic_specialist", "routine"),
        ("paediatric_specialist", "routine"),
    ]
    # numbness with an injury is the emergency row, not the routine doctor row
    assert evaluation.referrals[0].rules == ["REF-OTTAWA", "REF-NUMB-INJURY"]


def test_structural_with_worsening_is_within_2_weeks_not_also_routine():
    evaluation = run(intermalleolar_distance_cm=10, deformity_worsening=True)
    assert referral_pairs(evaluation) == [("orthopedic_specialist", "within_2_weeks")]


@pytest.mark.parametrize(
    ("items", "gate"),
    [
        ({"hot_red_knee": True}, "GATE-SAME-DAY"),
        ({"hot_red_knee": True, "fever_or_unwell": True}, "GATE-SAME-DAY"),
        ({"cannot_bear_weight": True, "recent_injury": True}, "GATE-SAME-DAY"),
        ({"numbness_or_tingling": True, "recent_injury": True}, "GATE-SAME-DAY"),
        ({"age": 15}, "GATE-PAEDIATRIC"),
        ({"giving_way": True}, "GATE-INSTABILITY"),
        ({"locking": True}, "GATE-INSTABILITY"),
    ],
)
def test_program_withheld(items, gate):
    evaluation = run(
        single_leg_squat_left="marked",
        hip_drop_left=True,
        thomas_thigh_lifts_left=True,
        adductor_tight=True,
        footprint="flat",
        knee_to_wall_cm_left=5,
        **items,
    )
    assert evaluation.program_allowed is False
    assert evaluation.exercises == [] and evaluation.later == []
    assert gate in {rule.id for rule in evaluation.rules_fired}
    assert evaluation.findings  # findings are still reported
    assert codes(evaluation.advice) == ["arch_support_insoles"]
    assert "once your program starts" in evaluation.advice[0].reasons[-1]
    withheld = next(note for note in evaluation.notes if "on hold" in note)
    assert "cleared" in withheld and "First:" in withheld


@pytest.mark.parametrize(
    "items",
    [
        {"intermalleolar_distance_cm": 9},
        {"night_pain": True},
        {"numbness_or_tingling": True},
        {"pain_now": 9},
        {"deformity_worsening": True},
    ],
)
def test_other_referrals_keep_the_program(items):
    evaluation = run(single_leg_squat_left="slight", **items)
    assert evaluation.referrals
    assert evaluation.program_allowed
    assert evaluation.exercises


def test_a_missing_answer_is_never_a_positive_sign():
    # every optional item explicitly unanswered
    optional = {
        name: None
        for name, field in Answers.model_fields.items()
        if not field.is_required() and field.default is None
    }
    evaluation = run(**optional)
    assert evaluation.findings == []
    assert evaluation.referrals == []
    assert evaluation.program_allowed is True
    assert evaluation.exercises == [] and evaluation.later == [] and evaluation.advice == []
    # the only notes say that nothing was tested and no program is needed: nothing positive
    assert [rule.id for rule in evaluation.rules_fired] == ["N-TESTS-SKIPPED", "N-NO-EXERCISE"]


def test_skipping_every_movement_test_is_said_plainly():
    evaluation = run()
    assert any("skipped all the movement self-tests" in note for note in evaluation.notes)


def test_one_movement_test_done_and_normal_is_not_called_skipped():
    evaluation = run(single_leg_squat_left="none")
    assert not any("skipped" in note for note in evaluation.notes)
    assert [rule.id for rule in evaluation.rules_fired] == ["N-NO-EXERCISE"]


@pytest.mark.parametrize("sign", WARNING_SIGNS)
def test_a_warning_sign_answered_false_raises_nothing(sign):
    evaluation = run(**{sign: False})
    assert evaluation.referrals == [] and evaluation.program_allowed


@pytest.mark.parametrize("recent_injury", [False, None])
def test_cannot_bear_weight_without_injury_sends_to_a_doctor_the_same_day(recent_injury):
    """Not the Ottawa emergency row (that needs an injury), but never a mere footnote."""
    evaluation = run(cannot_bear_weight=True, recent_injury=recent_injury)
    assert [(r.destination, r.urgency) for r in evaluation.referrals] == [("doctor", "same_day")]
    assert evaluation.referrals[0].rules == ["REF-NWB"]
    assert evaluation.program_allowed is False


@pytest.mark.parametrize(
    ("pain_now", "pain_worst_week", "said", "not_said"),
    [
        (2, 7, "reached 7/10 at its worst this week", "2/10"),
        (8, 8, "8/10 now and reached 8/10 this week", "right now"),
        (7, 3, "7/10 right now", "3/10"),
    ],
)
def test_the_severe_pain_reason_names_the_score_that_is_severe(
    pain_now, pain_worst_week, said, not_said
):
    (referral,) = run(pain_now=pain_now, pain_worst_week=pain_worst_week).referrals
    (reason,) = referral.reasons
    assert said in reason
    assert not_said not in reason
