"""The public API against its own OpenAPI document: schemathesis sends generated valid and
invalid requests; none may cause a 500 and every response must match the schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.cache import cache
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from accounts.rate_counters import RateLimitCounter
from accounts.rate_limits import rate_leases_drop, rate_limit_cache

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
EVALUATE = "/api/v1/assessments/evaluate"


@pytest.fixture
def connection_kept_between_requests():
    """Requests are sent straight to the WSGI application, which closes the database connection
    at the end of each request; inside a test's transaction that would close it under the test
    (the rate-limit counters are in the database). Django's test client does the same."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_matches_its_schema(case, connection_kept_between_requests):
    # The rate limit is tested elsewhere; here every request must be served.
    cache.clear()
    rate_limit_cache.clear()
    RateLimitCounter.objects.all().delete()
    rate_leases_drop()
    response = case.call()
    assert response.status_code < 500, response.text
    case.validate_response(response)


@pytest.mark.django_db
def test_evaluate_documents_its_error_responses(client):
    responses = client.get("/api/openapi.json").json()["paths"][EVALUATE]["post"]["responses"]
    assert {"200", "400", "422", "429"} <= set(responses)


@pytest.mark.django_db
def test_whole_number_floats_are_accepted_as_integers(client):
    """JSON Schema calls 5.0 an integer, so a schema-valid request with it must not get 422."""
    answers = {"age": 30, "side": "left", "pain_now": 5.0, "pain_worst_week": 6}
    response = client.post(EVALUATE, {"answers": answers}, content_type="application/json")
    assert response.status_code == 200, response.content
