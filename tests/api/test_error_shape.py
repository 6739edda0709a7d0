"""Every error under /api/ is JSON in the documented shape: ``{"detail": "..."}``, or for 422 a
list of per-field entries, whichever layer refused the request."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

URL = "/api/v1/assessments/evaluate"
GOOD = {"answers": {"age": 30, "side": "left", "pain_now": 1, "pain_worst_week": 2}}


def _detail(response, status: int) -> object:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    return response.json()["detail"]


def test_an_unknown_address_is_404_in_json(client):
    assert _detail(client.get("/api/v1/nothing-here"), 404) == "Not found."


def test_a_wrong_method_is_405_in_json_saying_which_are_allowed(client):
    response = client.get(URL)
    assert _detail(response, 405) == "Method not allowed."
    assert response["Allow"] == "POST"


def test_a_3_mb_body_is_413_in_json(client, settings):
    body = b'{"answers": {"note": "' + b"x" * (3 * 1024 * 1024) + b'"}}'
    response = client.post(URL, body, content_type="application/json")
    detail = _detail(response, 413)
    assert str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE) in detail


def test_a_body_that_is_not_json_is_400_in_json(client):
    assert isinstance(
        _detail(client.post(URL, "{not json", content_type="application/json"), 400), str
    )


def test_a_nul_byte_in_the_address_is_400_in_json(client):
    assert _detail(client.get("/api/v1/assessments/%00"), 400) == "The request could not be read."


def test_invalid_answers_are_422_with_one_entry_per_field(client):
    response = client.post(
        URL, {"answers": {**GOOD["answers"], "age": "old"}}, content_type="application/json"
    )
    [entry] = _detail(response, 422)
    assert entry["item"] == "age" and entry["loc"] == ["body", "answers", "age"]


def test_an_unexpected_failure_is_500_in_json(monkeypatch):
    import assessments.api

    def broken(answers):
        raise RuntimeError("the rules engine fell over")

    monkeypatch.setattr(assessments.api, "evaluate", broken)
    response = Client(raise_request_exception=False).post(
        URL, GOOD, content_type="application/json"
    )
    detail = _detail(response, 500)
    assert "nothing was stored" in detail
    assert "fell over" not in detail  # no internals leak


def test_pages_outside_the_api_keep_their_html_error_pages(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
