"""Steps shared by the browser tests."""

from __future__ import annotations

from django.urls import reverse

from tests.conftest import axe_serious_violations
from tests.factories import DEFAULT_PASSWORD


def log_in(page, live_server, user) -> None:
    """Log ``user`` in through the login form, as a person would."""
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def assert_accessible(page) -> None:
    problems = axe_serious_violations(page)
    assert problems == [], problems
