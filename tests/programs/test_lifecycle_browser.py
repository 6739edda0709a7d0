"""In a browser, on a phone and a desktop: the reassessment card, the completed program and a
withheld program's Today read clearly and pass axe's serious checks."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import axe_serious_violations
from tests.dates import END_OF_WEEK_6, START, aware
from tests.factories import (
    DEFAULT_PASSWORD,
    NOT_ALLOWED_ANSWERS,
    AssessmentFactory,
    ProgramFactory,
    UserFactory,
)
from tests.programs.helpers import log_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AFTER = date(2026, 5, 25)


def _today(browser, base: str, username: str, width: int, shot: str):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(base + reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(base + reverse("programs:today"))
    page.screenshot(path=f"/tmp/h8-{shot}-{width}.png", full_page=True)
    return context, page


def _check(page, width: int) -> None:
    assert page.locator("h1").count() == 1
    assert axe_serious_violations(page) == []
    # Nothing wider than a phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize("width", [375, 1280])
def test_reassessment_card_when_due(browser, live_server, time_machine, width):
    time_machine.move_to(aware(END_OF_WEEK_6, 10), tick=True)
    person = UserFactory()
    ProgramFactory(client=person, start_date=START)
    context, page = _today(browser, live_server.url, person.username, width, "due")
    try:
        card = page.get_by_role("region", name="Your week-6 reassessment is due")
        assert card.is_visible()
        card.get_by_role("link", name="Take the reassessment").click()
        assert page.url.endswith(reverse("programs:reassess"))
        _check(page, width)
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_program_complete_summary(browser, live_server, time_machine, width):
    time_machine.move_to(aware(START, 10), tick=True)
    person = UserFactory()
    program = ProgramFactory(client=person, start_date=START)
    for offset in range(0, 40, 2):
        log_session(program, START + timedelta(days=offset))
    time_machine.move_to(aware(AFTER, 10), tick=True)
    call_command("run_daily", stdout=StringIO())  # the morning's run completes the program
    context, page = _today(browser, live_server.url, person.username, width, "complete")
    try:
        summary = page.get_by_role("region", name="Program complete")
        assert summary.is_visible()
        assert "20 of 84 (24%)" in summary.inner_text()
        assert page.get_by_role("link", name="Start a new self-assessment").is_visible()
        _check(page, width)
    finally:
        context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_withheld_program_today(browser, live_server, time_machine, width):
    time_machine.move_to(aware(START, 10), tick=True)
    person = UserFactory()
    AssessmentFactory(owner=person, answers=NOT_ALLOWED_ANSWERS)
    context, page = _today(browser, live_server.url, person.username, width, "withheld")
    try:
        assert "Who to see first" in page.content()
        _check(page, width)
    finally:
        context.close()
