"""Steps shared by the browser tests."""

from __future__ import annotations

from django.urls import reverse

from accounts.two_factor import two_factor_required
from tests.conftest import axe_serious_violations
from tests.factories import DEFAULT_PASSWORD
from tests.two_factor import fresh_code


def log_in(page, live_server, user) -> None:
    """Log ``user`` in through the login form, as a person would: physiotherapists and admins
    then type the code their authenticator app shows."""
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    if two_factor_required(user):
        code = fresh_code(user)
        page.get_by_role("button", name="Log in").click()
        page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def assert_accessible(page) -> None:
    problems = axe_serious_violations(page)
    assert problems == [], problems


def assert_no_axe_violation(page) -> None:
    """axe-core finds nothing at all, whatever its impact (the pages added with the guided
    session hold to this)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} ({len(v['nodes'])} nodes)" for v in violations
    ]
    assert problems == [], problems
