"""The progress page and a reassessment in a real browser: charts drawn, tables readable, no
serious accessibility problems, and nothing wider than a phone screen."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.helpers import assert_accessible, log_in
from tests.factories import ProgramFactory, UserFactory
from tests.programs.helpers import check_in, log_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("VALGUS_SCREENSHOTS", "")


def shoot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


@pytest.fixture
def client_with_history(db):
    """A client seven weeks into a program, with three weeks of logged sessions.

    The dates are relative to today only so the live server shows them; nothing asserted below
    depends on the date.
    """
    user = UserFactory(first_name="Ana")
    today = timezone.localdate()
    start = today - timedelta(days=44)
    program = ProgramFactory(
        client=user, start_date=start, answers__difficulty_stairs=2, answers__difficulty_squatting=1
    )
    for offset in range(0, 21, 2):
        day = start + timedelta(days=offset)
        log_session(program, day, pain_during=2 + offset % 3, today=day)
        check_in(program, day, pain_now=1, today=day + timedelta(days=1))
    return user


def test_progress_page_draws_charts_with_readable_tables(live_server, page, client_with_history):
    log_in(page, live_server, client_with_history)
    page.goto(f"{live_server.url}/program/progress/")
    page.get_by_role("heading", level=1, name="Your progress").wait_for()

    charts = page.locator("figure.chart-figure svg")
    assert charts.count() == 4
    for index in range(4):
        chart = charts.nth(index)
        assert chart.is_visible()
        assert chart.bounding_box()["height"] > 100
    # The lines are drawn (a path per series), not just the axes.
    assert page.locator("figure.chart-figure svg .series").count() >= 4

    summary = page.get_by_text("Show sessions logged as a table")
    summary.click()
    table = page.get_by_role("table", name="Sessions logged out of sessions scheduled, by week")
    assert table.is_visible()
    assert table.get_by_role("columnheader", name="Scheduled").is_visible()
    assert table.get_by_role("rowheader", name="Week 1").is_visible()
    page.get_by_text("Show the pain scores as a table").click()
    assert page.get_by_role("table", name="Pain by day, 0 (none) to 10 (worst)").is_visible()
    assert_accessible(page)
    shoot(page, "progress-desktop")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert charts.first.bounding_box()["width"] <= 375
    shoot(page, "progress-phone")


def test_reassessment_in_the_browser(live_server, page, client_with_history):
    log_in(page, live_server, client_with_history)
    page.goto(f"{live_server.url}/program/progress/")
    page.get_by_role("link", name="Start the week 6 reassessment").click()
    page.get_by_role("heading", level=1, name="Reassessment").wait_for()
    assert_accessible(page)

    page.get_by_label("How much does your knee hurt right now?").fill("1")
    page.get_by_label("At its worst in the last 7 days, how much did it hurt?").fill("12")
    page.get_by_role("button", name="See how I compare with my start").click()
    page.get_by_text("Enter a whole number from 0 to 10.", exact=True).wait_for()
    assert page.get_by_label("How much does your knee hurt right now?").input_value() == "1"
    shoot(page, "reassess-error")

    page.get_by_label("At its worst in the last 7 days, how much did it hurt?").fill("3")
    page.locator('input[name="single_leg_squat_left"][value="slight"]').check()
    page.locator('input[name="single_leg_squat_right"][value="none"]').check()
    page.locator('input[name="global_rating_of_change"][value="same"]').check()
    page.get_by_role("button", name="See how I compare with my start").click()

    page.get_by_role("heading", level=1, name="Your reassessment, week 7").wait_for()
    assert page.get_by_text("Not yet: no measure of improvement was met.").is_visible()
    assert page.get_by_role("heading", name="See a physiotherapist").is_visible()
    assert_accessible(page)
    shoot(page, "reassess-result")


def test_settings_page_in_the_browser(live_server, page, client_with_history):
    log_in(page, live_server, client_with_history)
    page.goto(f"{live_server.url}/accounts/settings/")
    page.get_by_role("heading", level=1, name="Settings").wait_for()
    link = page.get_by_label("Private calendar link")
    old_link = link.input_value()
    assert old_link.endswith(".ics")
    assert_accessible(page)
    shoot(page, "settings")

    page.get_by_role("button", name="Revoke and make a new link").click()
    page.get_by_text("old calendar link no longer works").wait_for()
    assert page.get_by_label("Private calendar link").input_value() != old_link

    page.get_by_label("Email me a reminder").uncheck()
    page.get_by_role("button", name="Save settings").click()
    page.get_by_text("Your settings are saved.").wait_for()
    assert not page.get_by_label("Email me a reminder").is_checked()

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    shoot(page, "settings-phone")
