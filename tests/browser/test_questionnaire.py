"""A new person takes the whole self-assessment in a real browser, reads the result and keeps it
by signing up. Every step and the result are checked with axe for serious accessibility issues."""

from __future__ import annotations

import os
import re

import pytest

from accounts.models import User
from assessments.models import Assessment
from tests.accounts.helpers import confirmation_link
from tests.conftest import axe_serious_violations
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("VALGUS_SCREENSHOTS", "")


def shoot(page, name: str) -> None:
    """Optional screenshots for looking at the pages (VALGUS_SCREENSHOTS=/some/dir)."""
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def choose(page, item: str, value: str) -> None:
    page.locator(f'input[name="{item}"][value="{value}"]').check()


def save_and_continue(page, expected_step: str | None) -> None:
    page.get_by_role("button", name=re.compile("^Save and")).click()
    if expected_step:
        page.get_by_role("heading", level=1, name=expected_step).wait_for()


def assert_accessible(page) -> None:
    problems = axe_serious_violations(page)
    assert problems == [], problems


def test_a_new_person_completes_the_questionnaire_reads_the_result_and_keeps_it(live_server, page):
    page.goto(f"{live_server.url}/assessment/")
    assert_accessible(page)
    shoot(page, "start")
    page.get_by_role("button", name="Begin the self-assessment").click()

    # 1. About you
    page.get_by_role("heading", level=1, name="About you").wait_for()
    assert "Step 1 of 6" in page.inner_text("main")
    assert_accessible(page)
    page.get_by_label("How old are you?").fill("34")
    choose(page, "sex", "female")
    choose(page, "activity_level", "moderate")
    choose(page, "side", "left")
    shoot(page, "step-1")
    save_and_continue(page, "Symptoms and warning signs")

    # 2. Symptoms: a missing required answer is explained next to the question
    page.get_by_label("How much does your knee hurt right now?").fill("2")
    save_and_continue(page, None)
    worst = page.locator("#div_id_pain_worst_week")
    worst.get_by_text("Please answer this question.").wait_for()
    assert page.get_by_label("How much does your knee hurt right now?").input_value() == "2"
    assert_accessible(page)
    shoot(page, "step-2-error")
    page.get_by_label("At its worst in the last 7 days, how much did it hurt?").fill("4")
    page.get_by_label("At the front, around or behind the kneecap").check()
    page.get_by_label("Stairs").check()
    for item in ("night_pain", "recent_injury", "locking", "giving_way", "hot_red_knee"):
        choose(page, item, "no")
    choose(page, "swelling", "none")
    save_and_continue(page, "Alignment at rest")

    # 3. Alignment
    assert_accessible(page)
    choose(page, "ankles_apart_when_knees_touch", "no")
    choose(page, "one_side_only", "no")
    save_and_continue(page, "Movement self-tests")

    # 4. Movement self-tests, with safe instructions; one test skipped
    main = page.inner_text("main")
    assert "Stop if it hurts" in main and "arms over your chest" in main
    assert_accessible(page)
    choose(page, "single_leg_squat_left", "slight")
    choose(page, "single_leg_squat_right", "none")
    choose(page, "squat_knees_cave", "slight")
    choose(page, "hip_drop_left", "yes")
    choose(page, "hip_drop_right", "no")
    choose(page, "thomas_thigh_lifts_left", "not_done")
    choose(page, "thomas_thigh_lifts_right", "not_done")
    page.get_by_label("LEFT foot: furthest toe-to-wall distance").fill("12")
    shoot(page, "step-4")
    save_and_continue(page, "Feet")

    # 5. Feet
    assert_accessible(page)
    choose(page, "arch_collapses_standing", "yes")
    choose(page, "footprint", "normal")
    save_and_continue(page, "Preferences, function and goals")

    # 6. Preferences, function and goals
    assert_accessible(page)
    page.get_by_label("Light resistance band").check()
    page.get_by_label("How many strength sessions a week can you do?").fill("3")
    choose(page, "difficulty_stairs", "2")
    shoot(page, "step-6")
    page.get_by_role("button", name="Save and see my result").click()

    # The result, with its reasons
    page.get_by_role("heading", level=1, name="Your self-assessment result").wait_for()
    assessment = Assessment.objects.get()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert "thomas_thigh_lifts_left" not in assessment.answers
    main = page.inner_text("main")
    assert "Knee drifts inwards when you bend" in main
    assert "Your knee drifted inside your big toe on the left single-leg squat (slight)." in main
    assert "Banded clamshell" in main
    # How to do each exercise, and why, opens on demand.
    assert "Why this exercise" not in main
    page.locator("#exercise-banded_clamshell > summary").click()
    assert "Why this exercise" in page.inner_text("main")
    assert "This is not a diagnosis" in main
    assert_accessible(page)
    shoot(page, "result")
    page.set_viewport_size({"width": 375, "height": 800})
    shoot(page, "result-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Sign up: the result is kept
    page.get_by_role("link", name="Create an account").click()
    page.get_by_label("Username").fill("robin")
    page.get_by_label("First name").fill("Robin")
    page.get_by_label("Email").fill("robin@example.org")
    page.locator("#id_password1").fill(DEFAULT_PASSWORD)
    page.locator("#id_password2").fill(DEFAULT_PASSWORD)
    page.get_by_label("I agree that valgus stores").check()
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", level=1, name="Check your email").wait_for()
    assert_accessible(page)
    page.goto(live_server.url + confirmation_link("robin@example.org"))
    page.get_by_role("button", name="Confirm my account").click()
    page.get_by_role("heading", level=1, name="Your self-assessment result").wait_for()
    assert "Your answers and result are saved" in page.inner_text("main")
    assert "Banded clamshell" in page.inner_text("main")
    page.get_by_role("button", name="Start my program").wait_for()
    assert_accessible(page)
    assessment.refresh_from_db()
    assert assessment.owner == User.objects.get(username="robin")


def test_the_questionnaire_is_comfortable_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    phone = context.new_page()
    try:
        phone.goto(f"{live_server.url}/assessment/")
        phone.get_by_role("button", name="Begin the self-assessment").click()
        phone.get_by_role("heading", level=1, name="About you").wait_for()
        # nothing wider than the screen: no sideways scrolling
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 375
        shoot(phone, "phone-step-1")
        phone.get_by_label("How old are you?").fill("40")
        choose(phone, "side", "both")
        save_and_continue(phone, "Symptoms and warning signs")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        shoot(phone, "phone-step-2")
        Assessment.objects.filter().update(current_step="movement")
        phone.goto(phone.url.replace("symptoms", "movement"))
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375
        shoot(phone, "phone-step-4")
    finally:
        context.close()
