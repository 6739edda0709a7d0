"""The reassessment form in a real browser: the questionnaire's controls, a wrong pain score kept
and explained, no serious accessibility problems, nothing wider than a phone."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.conftest import axe_serious_violations
from tests.factories import DEFAULT_PASSWORD, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("VALGUS_SCREENSHOTS", "")
PAIN_NOW = "How much does your knee hurt right now?"
PAIN_WORST = "At its worst in the last 7 days, how much did it hurt?"


def shoot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def reassessing_client(db):
    """A client in week 7 of a program; the dates are relative to today only so the live server
    offers the form, and nothing asserted depends on the date."""
    user = UserFactory(first_name="Ana")
    ProgramFactory(client=user, start_date=timezone.localdate() - timedelta(days=44))
    return user


def open_form(page, live_server, user) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/program/reassess/")
    page.get_by_role("heading", level=1, name="Reassessment").wait_for()


def test_reassessment_form_works_like_the_questionnaire(live_server, page, reassessing_client):
    open_form(page, live_server, reassessing_client)
    assert axe_serious_violations(page) == []
    # The pain boxes are the questionnaire's narrow number inputs, not full width.
    assert page.get_by_label(PAIN_NOW).bounding_box()["width"] <= 170
    # Daily activities are radio buttons with a skip, each reachable by its label.
    stairs = page.get_by_role("group", name="Going up and down stairs")
    assert stairs.get_by_role("radio").count() == 6
    stairs.get_by_label("2: moderate").check()
    left_squat = page.get_by_role("group", name="Standing on your LEFT leg, what did your knee do?")
    left_squat.get_by_label("Slight: my knee drifts").check()
    hip = page.get_by_role("group", name="Standing on your RIGHT leg: did the left hip drop")
    hip.get_by_label("I didn't do this test").check()
    shoot(page, "reassess-form")

    page.get_by_label(PAIN_NOW).fill("1")
    page.get_by_label(PAIN_WORST).fill("12")
    page.get_by_role("button", name="See how I compare with my start").click()
    page.get_by_role("alert").get_by_text("Enter a whole number from 0 to 10.").wait_for()
    assert page.get_by_label(PAIN_NOW).input_value() == "1"
    assert page.get_by_label(PAIN_WORST).input_value() == "12"
    assert stairs.get_by_label("2: moderate").is_checked()
    assert left_squat.get_by_label("Slight: my knee drifts").is_checked()
    assert hip.get_by_label("I didn't do this test").is_checked()
    assert axe_serious_violations(page) == []

    page.get_by_label(PAIN_WORST).fill("3")
    overall = page.get_by_role("group", name="Overall, how is your knee")
    overall.get_by_label("Better", exact=True).check()
    page.get_by_role("button", name="See how I compare with my start").click()
    page.get_by_role("heading", level=1, name="Your reassessment, week 7").wait_for()

    # On a phone the item-by-item table fits: every column, "not compared" included, is seen.
    page.set_viewport_size({"width": 390, "height": 844})
    assert axe_serious_violations(page) == []
    table = page.get_by_role("table", name="Your answers at the start and now")
    wrapper = page.locator(".table-responsive", has=table)
    # Within a pixel: widths are fractional, and a sub-pixel difference shows nothing.
    assert table.bounding_box()["width"] <= wrapper.bounding_box()["width"] + 1
    shoot(page, "reassess-result-phone")


def test_reassessment_form_fits_a_phone(live_server, page, reassessing_client):
    page.set_viewport_size({"width": 375, "height": 800})
    open_form(page, live_server, reassessing_client)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert (
        page.get_by_role("button", name="See how I compare with my start").bounding_box()["width"]
        > 300
    )  # a full-width tap target
    shoot(page, "reassess-phone")
