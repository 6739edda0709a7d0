"""Security headers, no-store on health data, CSRF, login lockout and the API rate limit."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import sign_up_and_confirm
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db


def test_every_page_carries_the_security_headers(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no inline or third-party scripts
    assert directives["style-src"] == "'self'"  # no inline styles either
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["img-src"] == "'self' data:"


def test_pages_have_no_inline_scripts(client):
    """The policy forbids inline scripts, so none may appear in a page (they would not run)."""
    import re

    html = client.get(reverse("login")).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert " onclick=" not in html and " onload=" not in html


def test_health_data_pages_are_never_cached(logged_in):
    response = logged_in.get(reverse("privacy"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_assessment_pages_are_never_cached_even_anonymously(client):
    response = client.get("/assessment/")
    assert "no-store" in response["Cache-Control"]


def test_public_landing_page_may_be_cached(client):
    assert "no-store" not in client.get(reverse("landing")).get("Cache-Control", "")


def test_idle_session_timeout_is_short_and_refreshed(settings):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_HTTPONLY is True


def test_form_post_without_csrf_token_is_refused(client_user):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("login"), {"username": client_user.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_logged_in_post_without_csrf_token_is_refused(client_user):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(client_user)
    response = strict.post(
        reverse("privacy_delete"),
        {"username": client_user.username, "password": DEFAULT_PASSWORD, "confirm": "on"},
    )
    assert response.status_code == 403
    client_user.refresh_from_db()  # still there


# --- Login lockout --------------------------------------------------------------------------


@pytest.fixture
def lockout_on(settings):
    settings.AXES_ENABLED = True


def _try(client, username, password="wrong-password", ip="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_five_failed_logins_lock_the_account_from_that_address(lockout_on, client, client_user):
    for _ in range(4):
        response = _try(client, client_user.username)
        assert response.status_code == 200
        assert "correct username and password" in response.content.decode()
    response = _try(client, client_user.username)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Logging in is paused" in page
    assert "15 minutes" in page
    # Even the right password is refused while locked out.
    response = _try(client, client_user.username, DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_lock_the_person_out_from_elsewhere(lockout_on, client, client_user):
    for _ in range(5):
        _try(client, client_user.username, ip="203.0.113.7")
    other = Client()
    response = _try(other, client_user.username, DEFAULT_PASSWORD, ip="198.51.100.2")
    assert response.status_code == 302
    assert "_auth_user_id" in other.session


def test_lockout_lifts_after_the_cool_off(lockout_on, client, client_user):
    import time_machine

    with time_machine.travel("2026-03-02 09:00 +0000", tick=False):
        for _ in range(5):
            _try(client, client_user.username)
        assert _try(client, client_user.username, DEFAULT_PASSWORD).status_code == 429
    with time_machine.travel("2026-03-02 09:16 +0000", tick=False):
        assert _try(client, client_user.username, DEFAULT_PASSWORD).status_code == 302


def test_signup_still_logs_in_with_lockout_enabled(lockout_on, client):
    response = sign_up_and_confirm(client)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


# --- API rate limit ---------------------------------------------------------------------------


def test_evaluation_api_answers_429_with_a_json_message_when_over_the_limit(client, settings):
    from assessments.api import evaluate_answers  # noqa: F401 - the route must exist

    url = "/api/v1/assessments/evaluate"
    payload = {"answers": {"age": 30, "side": "left", "pain_now": 1, "pain_worst_week": 2}}
    # The limit is read when the API module is imported (VALGUS_API_RATE, default 60/min).
    rate = settings.VALGUS_API_RATE
    limit = int(rate.split("/")[0])
    statuses = [
        client.post(url, payload, content_type="application/json").status_code for _ in range(limit)
    ]
    assert 429 not in statuses
    response = client.post(url, payload, content_type="application/json")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()
    # The window started with the first call: it ends within the rate's period.
    assert 0 < int(response["Retry-After"]) <= 60
    # Another address is not affected.
    other = client.post(url, payload, content_type="application/json", REMOTE_ADDR="198.51.100.9")
    assert other.status_code != 429
