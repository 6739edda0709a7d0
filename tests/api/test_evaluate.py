"""POST /api/v1/assessments/evaluate: the public contract of spec section 10."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.rate_counters import RateLimitCounter
from assessments.models import Assessment
from programs.engine import Answers, evaluate

URL = "/api/v1/assessments/evaluate"
BASE = {"age": 30, "side": "left", "pain_now": 2, "pain_worst_week": 3}

pytestmark = pytest.mark.django_db


def post(client, body, content_type="application/json"):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type=content_type)


def item_locs(response) -> list[list]:
    assert response.status_code == 422, response.content
    return [entry["loc"] for entry in response.json()["detail"]]


def test_a_valid_assessment_is_evaluated_and_nothing_is_stored(client):
    response = post(
        client,
        {
            "answers": {
                **BASE,
                "activity_level": "moderate",
                "single_leg_squat_left": "slight",
                "equipment": ["band_light"],
            }
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) >= {"program_allowed", "findings", "exercises", "later", "advice", "referrals"}
    assert body["program_allowed"] is True
    valgus = next(f for f in body["findings"] if f["code"] == "dynamic_valgus")
    assert valgus["severity"] == "mild" and valgus["sides"] == ["left"] and valgus["reasons"]
    levels = {exercise["code"]: exercise for exercise in body["exercises"]}
    # low pain, mild valgus, a band at hand: banded exercises start at level 2 (spec section 4)
    assert levels["banded_clamshell"]["level"] == 2
    assert levels["banded_clamshell"]["sets"] == 3 and levels["banded_clamshell"]["reps"] == 12
    assert levels["banded_clamshell"]["per_side"] is True
    assert levels["banded_clamshell"]["frequency"] == "strength"
    assert levels["single_leg_deadlift"]["level"] == 1
    assert "movement_cues" in {advice["code"] for advice in body["advice"]}
    assert not Assessment.objects.exists()


def test_severe_warning_signs_refer_and_withhold_the_program(client):
    body = post(
        client, {"answers": {**BASE, "recent_injury": True, "cannot_bear_weight": True}}
    ).json()
    assert body["program_allowed"] is False
    assert body["exercises"] == []
    assert {"destination": "emergency", "urgency": "same_day"}.items() <= body["referrals"][
        0
    ].items()


def test_under_16_goes_to_a_paediatric_specialist(client):
    body = post(client, {"answers": {**BASE, "age": 12, "squat_knees_cave": "marked"}}).json()
    assert body["program_allowed"] is False
    assert ("paediatric_specialist", "routine") in {
        (referral["destination"], referral["urgency"]) for referral in body["referrals"]
    }


def test_the_api_needs_no_login_and_no_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert post(strict, {"answers": BASE}).status_code == 200


@pytest.mark.parametrize(
    ("answers", "item"),
    [
        ({**BASE, "age": "30"}, "age"),  # wrong type: no silent conversion
        ({**BASE, "pain_now": True}, "pain_now"),
        ({**BASE, "age": 111}, "age"),  # out of range
        ({**BASE, "pain_worst_week": -1}, "pain_worst_week"),
        ({**BASE, "knee_to_wall_cm_left": 26}, "knee_to_wall_cm_left"),
        ({**BASE, "age": 10**400}, "age"),  # huge number
        ({**BASE, "knee_pain_score": 3}, "knee_pain_score"),  # unknown item
        ({**BASE, "side": "middle"}, "side"),  # bad enum
        ({**BASE, "single_leg_squat_left": "severe"}, "single_leg_squat_left"),
        ({**BASE, "pain_location": ["front", "ankle"]}, "pain_location"),  # bad list member
        ({**BASE, "equipment": "band_light"}, "equipment"),  # a list item given as a string
        ({**BASE, "night_pain": "yes"}, "night_pain"),
        ({**BASE, "hip_drop_left": {"deep": [1, {"x": None}]}}, "hip_drop_left"),
    ],
)
def test_each_invalid_item_gets_a_422_naming_it(client, answers, item):
    locs = item_locs(post(client, {"answers": answers}))
    assert len(locs) == 1
    assert item in locs[0]
    assert locs[0][0] == "body"


def test_every_missing_required_item_is_named(client):
    locs = item_locs(post(client, {"answers": {"age": 40}}))
    named = {loc[-1] for loc in locs}
    assert named == {"side", "pain_now", "pain_worst_week"}


def test_several_bad_items_get_one_entry_each(client):
    locs = item_locs(post(client, {"answers": {**BASE, "age": 5, "footprint": "wide"}}))
    assert sorted(loc[-1] for loc in locs) == ["age", "footprint"]


@pytest.mark.parametrize(
    "raw",
    [
        '{"answers": {"age": NaN, "side": "left", "pain_now": 1, "pain_worst_week": 1}}',
        '{"answers": {"age": 30, "side": "left", "pain_now": 1, "pain_worst_week": 1,'
        ' "navicular_drop_mm": Infinity}}',
    ],
)
def test_nan_and_infinity_are_rejected(client, raw):
    response = post(client, raw)
    assert response.status_code == 422


@pytest.mark.parametrize(
    "raw",
    [
        "[]",
        '"x"',
        "42",
        "null",
        "{}",
        '{"answers": []}',
        '{"answers": null}',
        '{"answers": "age=30"}',
        '{"responses": {"age": 30}}',
    ],
)
def test_a_body_without_an_answers_object_is_a_clear_client_error(client, raw):
    response = post(client, raw)
    assert response.status_code in (400, 422)
    detail = response.json()["detail"]
    assert any("answers" in entry["loc"] for entry in detail)


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [
        ("age=30&side=left", "application/json"),
        ("{not json", "application/json"),
        ("", "application/json"),
        ("[" * 50_000 + "]" * 50_000, "application/json"),
        ('{"answers": ' + '{"a": ' * 5_000 + "1" + "}" * 5_001, "application/json"),
        (b"\xff\xfe\x00garbage", "application/json"),
        ("age=30&side=left", "application/x-www-form-urlencoded"),
    ],
)
def test_a_body_that_is_not_json_never_errors_on_the_server(client, raw, content_type):
    response = post(client, raw, content_type=content_type)
    assert response.status_code in (400, 422)
    assert "detail" in response.json()


def test_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


def test_the_openapi_document_describes_every_item_with_its_type_and_range(client):
    from programs.engine import Answers

    document = client.get("/api/openapi.json").json()
    assert "/api/v1/assessments/evaluate" in document["paths"]
    assert "post" in document["paths"]["/api/v1/assessments/evaluate"]
    properties = document["components"]["schemas"]["Answers"]["properties"]
    assert set(properties) == set(Answers.model_fields)

    def flat(schema):
        options = schema.get("anyOf", [schema])
        return next(option for option in options if option.get("type") != "null")

    assert flat(properties["age"]) | {"minimum": 10, "maximum": 110} == flat(properties["age"])
    assert flat(properties["age"])["type"] == "integer"
    assert flat(properties["intermalleolar_distance_cm"])["maximum"] == 30
    assert flat(properties["intermalleolar_distance_cm"])["type"] == "number"
    assert flat(properties["pain_duration_weeks"])["maximum"] == 1040
    assert flat(properties["side"])["enum"] == ["left", "right", "both"]
    assert flat(properties["single_leg_squat_left"])["enum"] == ["none", "slight", "marked"]
    assert flat(properties["pain_location"])["items"]["enum"] == [
        "front",
        "inner",
        "outer",
        "back",
        "diffuse",
    ]
    assert flat(properties["night_pain"])["type"] == "boolean"
    assert set(document["components"]["schemas"]["Answers"]["required"]) == {
        "age",
        "side",
        "pain_now",
        "pain_worst_week",
    }
    for name, schema in properties.items():
        field = flat(schema)
        assert "type" in field or "enum" in field, name
        if field.get("type") in ("integer", "number"):
            assert "minimum" in field and "maximum" in field, name
        assert schema.get("description"), name


def test_the_docs_page_loads_only_local_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "http://" not in page and "https://" not in page and "//cdn" not in page


def test_each_422_entry_names_its_item_plainly(client):
    response = post(client, {"answers": {**BASE, "age": "forty", "pain_location": ["ankle"]}})
    assert response.status_code == 422
    entries = {entry["item"]: entry for entry in response.json()["detail"]}
    assert set(entries) == {"age", "pain_location"}
    assert entries["age"]["loc"] == ["body", "answers", "age"]
    assert entries["age"]["msg"]


def test_the_body_is_exactly_the_engine_evaluation_as_json(client):
    """The view serialises the engine's result itself: the same JSON the schema describes."""
    answers = {**BASE, "single_leg_squat_left": "marked", "equipment": ["band_light"]}
    response = post(client, {"answers": answers})
    assert response["Content-Type"] == "application/json"
    expected = evaluate(Answers.model_validate(answers)).model_dump(mode="json")
    assert response.json() == expected


def test_the_body_is_byte_for_byte_the_engine_evaluation(client):
    answers = {**BASE, "single_leg_squat_left": "slight", "footprint": "flat"}
    response = post(client, {"answers": answers})
    assert response.content == evaluate(Answers.model_validate(answers)).model_dump_json().encode()


def test_an_evaluation_touches_the_database_only_for_its_rate_limit_counter(client):
    """No session, user or stored answers: each call's only statements are its rate counter's
    (the first of a window also clears counters long gone)."""
    body = {"answers": {**BASE, "single_leg_squat_left": "slight"}}
    table = RateLimitCounter._meta.db_table
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            assert post(client, body).status_code == 200
        assert 1 <= len(queries) <= 2
        assert all(table in query["sql"] for query in queries)
