"""A result with referrals and long exercise level names still fits a phone screen."""

from __future__ import annotations

import os

import pytest

from tests.browser.helpers import log_in
from tests.conftest import axe_serious_violations
from tests.factories import AssessmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("VALGUS_SCREENSHOTS", "")


def test_result_with_referrals_has_no_sideways_scrolling_on_a_phone(live_server, browser):
    user = UserFactory()
    # Worst pain 7/10 asks for a physiotherapist; pain at night that does not settle for a GP.
    assessment = AssessmentFactory(owner=user, answers__pain_worst_week=7, answers__night_pain=True)
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    try:
        log_in(phone, live_server, user)
        phone.goto(f"{live_server.url}/assessment/{assessment.uid}/result/")
        phone.get_by_role("heading", level=1).wait_for()
        main = phone.locator("main").inner_text()
        assert "GP" in main or "doctor" in main.lower()
        # The longest level name of the library is on the page, so the test covers it.
        assert "Sit-to-chair with band above the knees" in main
        if SCREENSHOTS:
            phone.screenshot(path=f"{SCREENSHOTS}/result-referrals-375.png", full_page=True)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        assert axe_serious_violations(phone) == []
    finally:
        context.close()
