"""In a real browser: a withheld result asks about a clinician's clearance; a forgotten checkbox
keeps the typed name; once recorded, the exercises and "Start my program" appear. On a phone too.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Assessment
from assessments.services import assessment_submit
from tests.conftest import axe_serious_violations
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("VALGUS_SCREENSHOTS", "")
ANSWERS = {
    "age": 30,
    "side": "left",
    "pain_now": 2,
    "pain_worst_week": 3,
    "single_leg_squat_left": "slight",
    "hip_drop_left": True,
    "equipment": ["band_light"],
    "giving_way": True,
}


def shoot(page, name: str) -> None:
    """Full-page screenshots for a person to look at, when VALGUS_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/clearance-{name}.png", full_page=True)


def log_in(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("width", [1280, 390])
def test_recording_a_clearance_releases_the_program(page, live_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    user = UserFactory()
    draft = Assessment.objects.create(owner=user, answers=ANSWERS, current_step="preferences")
    assessment = assessment_submit(assessment=draft)
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/assessment/{assessment.uid}/result/")

    question = page.get_by_role(
        "heading", name="Has a clinician examined your knee and cleared you to exercise?"
    )
    assert question.is_visible()
    assert page.get_by_role("button", name="Start my program").count() == 0
    assert axe_serious_violations(page) == []
    shoot(page, f"before-{width}")

    # Who and when: a date in the future is refused next to the date, nothing typed is lost.
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page.get_by_label("Name of the clinician who saw you").fill("Dr Okafor")
    page.get_by_label("Orthopaedic specialist").check()
    page.get_by_label("Date you were seen").fill(tomorrow)
    page.get_by_label(
        "I confirm a clinician has examined my knee and told me I can start exercising"
    ).check()
    page.get_by_role("button", name="Record my clearance").click()
    page.wait_for_load_state()
    assert page.get_by_text("The date you were seen cannot be in the future").is_visible()
    assert page.get_by_label("Name of the clinician who saw you").input_value() == "Dr Okafor"
    assert page.get_by_label("Orthopaedic specialist").is_checked()
    assert axe_serious_violations(page) == []
    shoot(page, f"error-{width}")

    page.get_by_label("Date you were seen").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Record my clearance").click()
    page.wait_for_load_state()

    assert page.get_by_role("heading", name="Cleared to exercise").is_visible()
    assert page.get_by_text("Dr Okafor (orthopaedic specialist)").first.is_visible()
    # The exercises at a glance, each with its figure and a link to how to do it.
    assert page.get_by_role("link", name="Banded clamshell").is_visible()
    assert page.get_by_role("heading", name="See an orthopaedic specialist within 2 weeks").count()
    assert page.get_by_role("button", name="Start my program").is_visible()
    assert axe_serious_violations(page) == []
    shoot(page, f"after-{width}")
    # nothing sideways-scrolls on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_role("button", name="Start my program").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Start your program").is_visible()
