"""Shorter pages on a phone (390 x 844): the result opens with its summary and keeps the details
for who asks; the movement self-tests come one at a time, every answer kept in the one form."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment
from demo.management.commands.load_demo import BASE_ANSWERS
from tests.browser.helpers import assert_no_axe_violation, log_in
from tests.factories import AssessmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# Measured at 390 x 844 with the demo client's result: 11,092 px before the summary, 5,152 after;
# the movement step 6,279 px with every test shown, 1,883 px one test at a time.
RESULT_HEIGHT_AT_MOST = 6_500
MOVEMENT_HEIGHT_AT_MOST = 2_600


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, service_workers="block")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_the_result_opens_with_its_summary_and_the_details_on_demand(live_server, phone):
    user = UserFactory()
    assessment = AssessmentFactory(owner=user, answers=BASE_ANSWERS)
    exercises = assessment.evaluation["exercises"]
    log_in(phone, live_server, user)
    phone.goto(f"{live_server.url}/assessment/{assessment.uid}/result/")

    headings = phone.locator("main h2").all_inner_texts()
    assert headings.index("In short") < headings.index("The details")
    summary = phone.locator("section.result-summary")
    for heading in ("What we found", "What to do first", "Your exercises at a glance"):
        expect(summary.get_by_role("heading", name=heading)).to_be_visible()
    glance = summary.locator(".result-glance-item")
    expect(glance).to_have_count(len(exercises))
    assert glance.locator("svg[role=img]").count() == len(exercises)

    # How to do each exercise waits behind its name; the link at a glance opens it.
    details = phone.locator("details.result-exercise")
    expect(details).to_have_count(len(exercises))
    assert not details.first.evaluate("(d) => d.open")
    assert "Common mistakes" not in phone.inner_text("main")
    summary.get_by_role("link", name="Banded clamshell").click()
    expect(
        phone.locator("#exercise-banded_clamshell").get_by_text("Common mistakes")
    ).to_be_visible()
    assert_no_axe_violation(phone)

    phone.locator("#exercise-banded_clamshell > summary").click()
    assert height(phone) <= RESULT_HEIGHT_AT_MOST
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def movement_step(page, live_server) -> str:
    page.goto(f"{live_server.url}/assessment/")
    page.get_by_role("button", name="Begin the self-assessment").click()
    page.get_by_role("heading", level=1, name="About you").wait_for()
    Assessment.objects.update(current_step="movement")
    page.goto(page.url.replace("about-you", "movement"))
    page.get_by_role("heading", level=1, name="Movement self-tests").wait_for()
    return page.url


def test_the_movement_self_tests_come_one_at_a_time_on_a_phone(live_server, phone):
    movement_step(phone, live_server)
    tests = phone.locator("section[data-one]")
    total = tests.count()
    assert total >= 5
    expect(tests.first).to_be_visible()
    expect(tests.nth(1)).to_be_hidden()
    assert height(phone) <= MOVEMENT_HEIGHT_AT_MOST
    # The figure first, what to look for beside it; the how-to folded.
    first = tests.first
    assert first.locator("svg[role=img]").count() == 1
    expect(first.get_by_text("What to look for:")).to_be_visible()
    expect(first.get_by_text("Do 5 slow squats on that leg")).to_be_hidden()
    first.get_by_text("How to do it").click()
    expect(first.get_by_text("Do 5 slow squats on that leg")).to_be_visible()
    assert_no_axe_violation(phone)

    phone.locator('input[name="single_leg_squat_left"][value="slight"]').check()
    phone.get_by_role("button", name="Next test").click()
    expect(phone.get_by_text(re.compile(rf"^Test 2 of {total}: Two-leg squat$"))).to_be_visible()
    expect(tests.first).to_be_hidden()
    expect(phone.get_by_role("heading", name="Two-leg squat")).to_be_focused()
    phone.locator('input[name="squat_knees_cave"][value="none"]').check()
    phone.get_by_role("button", name="Previous test").click()
    expect(tests.first).to_be_visible()
    assert phone.locator('input[name="single_leg_squat_left"][value="slight"]').is_checked()

    # Every answer is in the one form, whichever test is on screen.
    phone.get_by_role("button", name="Save and continue").click()
    phone.get_by_role("heading", level=1, name="Feet").wait_for()
    answers = Assessment.objects.get().answers
    assert answers["single_leg_squat_left"] == "slight"
    assert answers["squat_knees_cave"] == "none"


def test_a_wide_screen_shows_every_self_test_with_its_how_to(live_server, page):
    movement_step(page, live_server)
    tests = page.locator("section[data-one]")
    for index in range(tests.count()):
        expect(tests.nth(index)).to_be_visible()
    expect(page.get_by_text("Do 5 slow squats on that leg")).to_be_visible()
    expect(page.get_by_role("button", name="Next test")).to_have_count(0)
