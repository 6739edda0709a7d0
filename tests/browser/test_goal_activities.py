"""The goal activities on a phone (390 x 844): typed in a real browser, a half-filled row told
next to its box with what was typed kept, then saved; axe finds nothing on the step."""

from __future__ import annotations

import pytest

from assessments.models import Assessment
from demo.answers import TYPICAL_ANSWERS
from tests.browser.helpers import assert_no_axe_violation, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_goals_on_a_phone(live_server, page):
    page.set_viewport_size({"width": 390, "height": 844})
    person = UserFactory()
    draft = Assessment.objects.create(
        owner=person, answers=dict(TYPICAL_ANSWERS), current_step="preferences"
    )
    log_in(page, live_server, person)
    page.goto(f"{live_server.url}/assessment/{draft.uid}/preferences/")
    page.get_by_role("heading", name="Your own goals (optional)").wait_for()
    assert_no_axe_violation(page)

    page.get_by_label("Activity 1", exact=True).fill("Running 5 km")
    page.get_by_label("Activity 2", exact=True).fill("Stairs with shopping")
    page.locator("#id_goal_activities-2-score").fill("5")
    page.get_by_role("button", name="Save and see my result").click()

    page.locator("#id_goal_activities-1-score_error").wait_for()
    score = page.locator("#id_goal_activities-1-score")
    assert score.get_attribute("aria-invalid") == "true"
    assert "Activity 1: how well can you do it now?" in page.inner_text(
        "#id_goal_activities-1-score_error"
    )
    assert page.get_by_label("Activity 1", exact=True).input_value() == "Running 5 km"
    assert page.get_by_label("Activity 2", exact=True).input_value() == "Stairs with shopping"
    assert_no_axe_violation(page)

    score.fill("3")
    page.get_by_role("button", name="Save and see my result").click()
    page.wait_for_url(f"**/assessment/{draft.uid}/result/")
    draft.refresh_from_db()
    assert draft.is_submitted
    assert draft.answers["goal_activities"] == [
        {"activity": "Running 5 km", "score": 3},
        {"activity": "Stairs with shopping", "score": 5},
    ]
