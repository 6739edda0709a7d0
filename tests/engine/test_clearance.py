"""A clinician's clearance releases a withheld program (spec section 5: "the program waits until a
clinician clears it"), without changing what the answers showed."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from programs.engine import Answers, evaluate
from tests.engine.builders import answers, codes, referral_pairs
from tests.engine.test_properties import FAST, answer_dicts

# Hip signs that call for the hip exercises, so a released program has something in it.
HIP_SIGNS = {"single_leg_squat_left": "slight", "hip_drop_left": True, "equipment": ["band_light"]}

WITHHOLDING = [
    pytest.param(
        {"hot_red_knee": True, "fever_or_unwell": True},
        "GATE-SAME-DAY",
        [("emergency", "same_day")],
        "the problem that needed a same-day visit",
        id="hot red knee with fever",
    ),
    pytest.param(
        {"hot_red_knee": True},
        "GATE-SAME-DAY",
        [("doctor", "same_day")],
        "the problem that needed a same-day visit",
        id="hot red knee without fever",
    ),
    pytest.param(
        {"recent_injury": True, "cannot_bear_weight": True},
        "GATE-SAME-DAY",
        [("emergency", "same_day")],
        "the problem that needed a same-day visit",
        id="cannot bear weight after an injury",
    ),
    pytest.param(
        {"age": 13},
        "GATE-PAEDIATRIC",
        [("paediatric_specialist", "routine")],
        "children's (paediatric) specialist",
        id="under 16",
    ),
    pytest.param(
        {"giving_way": True},
        "GATE-INSTABILITY",
        [("orthopedic_specialist", "within_2_weeks")],
        "giving way or locking",
        id="giving way",
    ),
    pytest.param(
        {"locking": True},
        "GATE-INSTABILITY",
        [("orthopedic_specialist", "within_2_weeks")],
        "giving way or locking",
        id="locking",
    ),
]


@pytest.mark.parametrize(("signs", "gate", "referrals", "cleared_words"), WITHHOLDING)
def test_each_withholding_condition_is_released_by_a_clearance(
    signs, gate, referrals, cleared_words
):
    given_answers = answers(**HIP_SIGNS, **signs)
    before = evaluate(given_answers)
    after = evaluate(given_answers, clinician_cleared=True)

    assert before.program_allowed is False and before.exercises == []
    assert after.program_allowed is True
    assert codes(after.exercises) == [
        "banded_clamshell",
        "banded_side_steps",
        "single_leg_deadlift",
        "banded_squat_knee_cue",
    ]
    assert "movement_cues" in codes(after.advice)
    # What the answers showed is untouched: the same findings and the same referrals.
    assert after.findings == before.findings
    assert after.referrals == before.referrals
    assert referral_pairs(after)[: len(referrals)] == referrals

    fired = [rule.id for rule in after.rules_fired]
    assert gate in fired and "GATE-CLEARED" in fired
    assert "N-PROGRAM-WITHHELD" not in fired
    assert not any("on hold" in note for note in after.notes)
    note = next(note for note in after.notes if "cleared you to exercise" in note)
    assert cleared_words in note
    assert "report it again" in note


def test_the_note_names_the_warning_signs_to_report_again():
    evaluation = evaluate(
        answers(**HIP_SIGNS, giving_way=True, locking=True), clinician_cleared=True
    )
    note = next(note for note in evaluation.notes if "cleared you" in note)
    assert "If your knee giving way or your knee locking comes back" in note


def test_a_child_cleared_by_a_paediatric_specialist_is_told_what_to_watch_for():
    evaluation = evaluate(answers(**HIP_SIGNS, age=12), clinician_cleared=True)
    note = next(note for note in evaluation.notes if "cleared you" in note)
    assert "children's (paediatric) specialist" in note
    assert "under 16" in note
    assert "swell, give way, lock or hurt more" in note


def test_several_reasons_are_all_named_as_cleared():
    evaluation = evaluate(
        answers(**HIP_SIGNS, age=14, giving_way=True, hot_red_knee=True), clinician_cleared=True
    )
    fired = {rule.id for rule in evaluation.rules_fired}
    assert {"GATE-SAME-DAY", "GATE-PAEDIATRIC", "GATE-INSTABILITY", "GATE-CLEARED"} <= fired
    note = next(note for note in evaluation.notes if "cleared you" in note)
    assert "same-day visit" in note and "paediatric" in note and "giving way or locking" in note
    assert evaluation.program_allowed and evaluation.exercises


def test_cleared_with_nothing_to_prescribe_is_allowed_without_exercises():
    evaluation = evaluate(answers(giving_way=True), clinician_cleared=True)
    assert evaluation.program_allowed is True
    assert evaluation.exercises == [] and evaluation.later == []
    fired = {rule.id for rule in evaluation.rules_fired}
    assert {"GATE-CLEARED", "N-NO-EXERCISE"} <= fired
    assert any("no program was made" in note for note in evaluation.notes)


def test_without_a_clearance_a_withheld_program_stays_withheld():
    evaluation = evaluate(answers(**HIP_SIGNS, giving_way=True), clinician_cleared=False)
    assert evaluation == evaluate(answers(**HIP_SIGNS, giving_way=True))
    assert evaluation.program_allowed is False and evaluation.exercises == []
    assert "GATE-CLEARED" not in {rule.id for rule in evaluation.rules_fired}
    assert any("on hold" in note for note in evaluation.notes)


def test_the_clearance_keeps_the_structural_caveat_for_the_dynamic_part():
    evaluation = evaluate(
        answers(**HIP_SIGNS, giving_way=True, intermalleolar_distance_cm=9),
        clinician_cleared=True,
    )
    assert any("still offered for the part" in note for note in evaluation.notes)


def test_the_evaluation_with_a_clearance_records_the_rules_version():
    from programs.engine import RULES_VERSION

    evaluation = evaluate(answers(giving_way=True), clinician_cleared=True)
    assert evaluation.rules_version == RULES_VERSION


@FAST
@given(answer_dicts)
def test_a_clearance_never_changes_findings_or_referrals_and_only_matters_when_withheld(data):
    given_answers = Answers.model_validate(data)
    plain = evaluate(given_answers)
    cleared = evaluate(given_answers, clinician_cleared=True)
    assert cleared.findings == plain.findings
    assert cleared.referrals == plain.referrals
    assert cleared.program_allowed is True
    if plain.program_allowed:
        assert cleared == plain
    else:
        assert "GATE-CLEARED" in {rule.id for rule in cleared.rules_fired}


# --- the public API never applies a clearance -------------------------------------------------

URL = "/api/v1/assessments/evaluate"
GIVING_WAY = {"age": 30, "side": "left", "pain_now": 2, "pain_worst_week": 3, "giving_way": True}


def post(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_the_api_rejects_a_clearance_passed_as_an_answer(client):
    response = post(client, {"answers": {**GIVING_WAY, "clinician_cleared": True}})
    assert response.status_code == 422
    assert [entry["item"] for entry in response.json()["detail"]] == ["clinician_cleared"]


@pytest.mark.django_db
def test_the_api_ignores_a_clearance_next_to_the_answers(client):
    response = post(client, {"answers": GIVING_WAY, "clinician_cleared": True})
    assert response.status_code == 200
    body = response.json()
    assert body["program_allowed"] is False and body["exercises"] == []
    assert "GATE-CLEARED" not in {rule["id"] for rule in body["rules_fired"]}


@pytest.mark.django_db
def test_the_api_response_shape_is_unchanged(client):
    body = post(client, {"answers": GIVING_WAY}).json()
    assert set(body) == {
        "program_allowed",
        "findings",
        "exercises",
        "later",
        "advice",
        "referrals",
        "notes",
        "rules_fired",
        "rules_version",
    }
