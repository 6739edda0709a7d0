"""A late entry in a real browser, on a phone (spec section 7, version 2): a client logs today's
session, then fills in an earlier session they had forgotten, with pain 8/10 during the
clamshells. The clamshells step down once, with a reason naming that session's date; the flag
names the exercise and the date; saving the same session again steps nothing down again.
"""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.browser.helpers import assert_no_axe_violation, log_in
from tests.dates import aware
from tests.factories import ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("VALGUS_SCREENSHOTS", "")
PHONE = {"width": 390, "height": 844}


def shoot(page, name: str) -> None:
    """Full-page screenshots for a person to look at, when VALGUS_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/late-{name}.png", full_page=True)


def next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def clamshell_card(page):
    return page.locator("article.exercise-card", has_text="Banded clamshell")


def fill_session(page, pain: dict[str, int] | None = None) -> None:
    """Every exercise of the open session form done as prescribed, easy, pain-free unless
    ``pain`` says otherwise."""
    names = page.locator("input[name$='-pain_during'][value='0']").evaluate_all(
        "inputs => inputs.map(input => input.name)"
    )
    for name in names:
        code = name.removesuffix("-pain_during")
        page.locator(f"input[name='{name}'][value='{(pain or {}).get(code, 0)}']").check()
        page.locator(f"input[name='{code}-difficulty'][value='easy']").check()
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state()


def test_a_forgotten_painful_session_steps_the_exercise_down_once(live_server, page, settings):
    settings.SESSION_COOKIE_AGE = 60 * 60 * 24 * 30
    monday = next_monday()
    wednesday = monday + timedelta(days=2)
    user = UserFactory(first_name="Sam")
    ProgramFactory(client=user, start_date=monday, strength_days=[0, 2, 4])
    page.set_viewport_size(PHONE)

    with time_machine.travel(aware(wednesday, 8), tick=True):
        log_in(page, live_server, user)
        page.goto(f"{live_server.url}/program/")
        level = int(re.search(r"Level (\d) of 5", clamshell_card(page).inner_text())[1])

        # Wednesday's session first, pain-free.
        page.get_by_role("link", name=re.compile("Log today's session")).click()
        fill_session(page)
        assert f"Level {level} of 5" in clamshell_card(page).inner_text()

        # Then Monday's, forgotten until now: the clamshells hurt, 8/10.
        monday_name = f"{monday:%A %-d %B}"
        page.get_by_role("link", name=f"{monday:%a} {monday:%-d %b}").click()
        assert monday_name in page.get_by_role("heading", level=1).inner_text()
        fill_session(page, pain={"banded_clamshell": 8})
        text = page.locator("main").inner_text()
        assert f"Saved your session of {monday_name}." in text
        assert text.count("steps down to level") == 1
        assert f"Banded clamshell steps down to level {level - 1}" in text
        flag = (
            "See a physiotherapist within 2 weeks: your pain during banded clamshell on "
            f"{monday_name} was 8/10"
        )
        assert flag in text
        assert_no_axe_violation(page)
        shoot(page, "saved")

        # Today: the clamshells are one level down, and say which session moved them.
        page.goto(f"{live_server.url}/program/")
        card = clamshell_card(page).inner_text()
        assert f"Level {level - 1} of 5" in card
        assert f"because your pain during the session on {monday_name} was 8/10" in card
        assert_no_axe_violation(page)
        shoot(page, "today")

        # Saving Monday again (a correction, or a second tap) steps nothing down again.
        page.get_by_role("link", name=f"{monday:%a} {monday:%-d %b}").click()
        fill_session(page, pain={"banded_clamshell": 8})
        text = page.locator("main").inner_text()
        assert "steps down" not in text
        assert flag not in text  # already raised, not told again
        page.goto(f"{live_server.url}/program/")
        assert f"Level {level - 1} of 5" in clamshell_card(page).inner_text()

        # The flag names the exercise and the session it came from.
        page.get_by_role("link", name="All your referrals and reminders").click()
        page.get_by_role("heading", level=1, name="Referrals and reminders").wait_for()
        flags = page.locator("main").inner_text()
        assert flags.count(flag) == 1
        assert_no_axe_violation(page)
        shoot(page, "flags")
