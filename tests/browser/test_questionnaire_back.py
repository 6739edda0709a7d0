"""The questionnaire's Back button in a real browser, where the page script disables the buttons
of a form once it is sent: the pressed button's value must still reach the server."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_returns_to_the_previous_step_and_keeps_the_answers(live_server, page):
    page.goto(f"{live_server.url}/assessment/")
    page.get_by_role("button", name="Begin the self-assessment").click()
    page.get_by_role("heading", level=1, name="About you").wait_for()
    page.get_by_label("How old are you?").fill("41")
    page.locator('input[name="side"][value="right"]').check()
    page.get_by_role("button", name=re.compile("^Save and continue")).click()
    page.get_by_role("heading", level=1, name="Symptoms and warning signs").wait_for()

    page.get_by_role("button", name="Back").click()

    page.get_by_role("heading", level=1, name="About you").wait_for()
    assert page.get_by_label("How old are you?").input_value() == "41"
    assert page.locator('input[name="side"][value="right"]').is_checked()
    # Coming back shows working buttons, not ones disabled by the earlier submit.
    assert page.get_by_role("button", name=re.compile("^Save and continue")).is_enabled()
