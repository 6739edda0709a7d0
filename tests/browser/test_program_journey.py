"""A client's first two weeks in a real browser: start the program, log easy pain-free days,
check in each morning, see an exercise step up with its reason; then a painful session steps it
down and raises a flag.

The clock is moved forward with time-machine (the live server runs in this process), starting
from the Monday after today so cookies stay valid; nothing asserted depends on the date.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.browser.helpers import assert_accessible, log_in
from tests.dates import aware
from tests.factories import AssessmentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


SCREENSHOTS = os.environ.get("VALGUS_SCREENSHOTS", "")


def shoot(page, name: str) -> None:
    """Full-page screenshots for a person to look at, when VALGUS_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/journey-{name}.png", full_page=True)


def next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def clamshell_card(page):
    return page.locator("article.exercise-card", has_text="Banded clamshell")


def check_in_if_asked(page, pain: int = 0) -> None:
    if page.get_by_role("link", name="Check in").count():
        page.get_by_role("link", name="Check in").click()
        page.locator(f"input[name='pain_now'][value='{pain}']").check()
        page.get_by_role("button", name="Save check-in").click()
        page.wait_for_load_state()


def log_today(page, pain: dict[str, int] | None = None) -> None:
    """Log every exercise of today's session: easy, pain-free unless ``pain`` says otherwise."""
    page.get_by_role("link", name=re.compile("Log today's session")).click()
    names = page.locator("input[name$='-pain_during'][value='0']").evaluate_all(
        "inputs => inputs.map(input => input.name)"
    )
    for name in names:
        code = name.removesuffix("-pain_during")
        value = (pain or {}).get(code, 0)
        page.locator(f"input[name='{name}'][value='{value}']").check()
        page.locator(f"input[name='{code}-difficulty'][value='easy']").check()
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state()


def test_two_weeks_of_easy_sessions_step_up_then_pain_steps_down(live_server, page, settings):
    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # the clock jumps a day at a time
    start = next_monday()
    user = UserFactory(first_name="Maya")
    # Allowed: clamshell starts at level 2 with a light and medium band.
    AssessmentFactory(owner=user)

    with time_machine.travel(aware(start, 8), tick=True) as clock:
        log_in(page, live_server, user)
        page.goto(f"{live_server.url}/program/")
        page.get_by_role("link", name="Start my program").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Start your program"
        assert_accessible(page)
        shoot(page, "start")
        page.get_by_role("button", name="Start my program").click()
        page.wait_for_load_state()
        assert "Your program is ready" in page.content()
        assert "Level 2 of 5" in clamshell_card(page).inner_text()
        assert_accessible(page)

        # Week 1 Monday to Wednesday: two strength sessions, each checked in the next morning.
        for offset in range(3):
            clock.move_to(aware(start + timedelta(days=offset), 8))
            page.goto(f"{live_server.url}/program/")
            check_in_if_asked(page)
            if offset == 0:
                page.get_by_role("link", name=re.compile("Log today's session")).click()
                assert_accessible(page)
                shoot(page, "session")
                page.go_back()
            log_today(page)

        # Thursday morning: the check-in completes the second settled session.
        clock.move_to(aware(start + timedelta(days=3), 8))
        page.goto(f"{live_server.url}/program/")
        check_in_if_asked(page)
        text = page.locator("main").inner_text()
        # One message lists what stepped up; the reason stands next to the exercise.
        assert "For next time:" in text and text.count("For next time:") == 1
        assert "Banded clamshell steps up to level 3 — Medium band" in text
        assert (
            "Next time: level 3 — Medium band, because your last 2 sessions were complete" in text
        )
        log_today(page)

        # Friday, the next strength day: the clamshell is done at level 3, and says why.
        clock.move_to(aware(start + timedelta(days=4), 8))
        page.goto(f"{live_server.url}/program/")
        check_in_if_asked(page)
        card = clamshell_card(page).inner_text()
        assert "Level 3 of 5" in card
        assert (
            "Next time: level 3 — Medium band, because your last 2 sessions were complete" in card
        )
        page.set_viewport_size({"width": 375, "height": 800})
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        shoot(page, "today-phone")
        page.set_viewport_size({"width": 1280, "height": 900})
        log_today(page)

        # The rest of the two weeks: every day logged and checked in.
        for offset in range(5, 11):
            clock.move_to(aware(start + timedelta(days=offset), 8))
            page.goto(f"{live_server.url}/program/")
            check_in_if_asked(page)
            log_today(page)
        assert "Missed" not in page.locator("#week-heading").locator("..").inner_text()

        # Friday of week 2: the clamshells hurt (8/10).
        clock.move_to(aware(start + timedelta(days=11), 8))
        page.goto(f"{live_server.url}/program/")
        check_in_if_asked(page)
        level_before = int(re.search(r"Level (\d) of 5", clamshell_card(page).inner_text())[1])
        log_today(page, pain={"banded_clamshell": 8})
        text = page.locator("main").inner_text()
        # The flag names the exercise and the session it came from.
        assert (
            "See a physiotherapist within 2 weeks: your pain during banded clamshell on "
            f"{format(start + timedelta(days=11), '%A %-d %B')} was 8/10"
        ) in text
        card = clamshell_card(page).inner_text()
        assert f"Level {level_before - 1} of 5" in card
        assert "because your pain during the session on " in card and "was 8/10" in card
        assert_accessible(page)
        shoot(page, "after-pain")

        page.get_by_role("link", name="All your referrals and reminders").click()
        page.get_by_role("heading", level=1, name="Referrals and reminders").wait_for()
        assert "your pain during banded clamshell on " in page.locator("main").inner_text()
