"""Every main page renders under the Content-Security-Policy with nothing refused: no inline
script, no inline style, no outside resource (the app must work offline)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.helpers import log_in
from tests.factories import CareLinkFactory, PhysiotherapistFactory, ProgramFactory, UserFactory
from tests.programs.helpers import check_in, log_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visit_and_collect_refusals(page, url: str) -> list[str]:
    refused: list[str] = []

    def on_console(message) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            refused.append(f"{url}: {message.text}")

    page.on("console", on_console)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.remove_listener("console", on_console)
    return refused


@pytest.fixture
def linked_client_with_history(db):
    user = UserFactory(first_name="Ana")
    today = timezone.localdate()
    start = today - timedelta(days=20)
    program = ProgramFactory(client=user, start_date=start)
    for offset in range(0, 14, 2):
        day = start + timedelta(days=offset)
        log_session(program, day, pain_during=2 + offset % 3, today=day)
        check_in(program, day, pain_now=1, today=day + timedelta(days=1))
    physio = PhysiotherapistFactory()
    CareLinkFactory(client=user, physiotherapist=physio)
    return user, physio


def test_client_and_physiotherapist_pages_need_no_policy_exception(
    live_server, browser, linked_client_with_history
):
    user, physio = linked_client_with_history
    refused: list[str] = []

    context = browser.new_context()
    page = context.new_page()
    for path in ["/", "/assessment/", "/api/docs"]:
        refused += visit_and_collect_refusals(page, f"{live_server.url}{path}")
    page.goto(f"{live_server.url}/assessment/")
    page.get_by_role("button", name="Begin the self-assessment").click()
    page.wait_for_load_state()
    refused += visit_and_collect_refusals(page, page.url)

    log_in(page, live_server, user)
    today = timezone.localdate().isoformat()
    for path in [
        "/program/",
        f"/program/day/{today}/",
        f"/program/day/{today}/guided/",
        "/program/progress/",
        "/program/reassess/",
        "/program/flags/",
        "/program/print/",
        "/assessment/list/",
        "/accounts/settings/",
        "/accounts/privacy/",
        "/accounts/sharing/",
    ]:
        refused += visit_and_collect_refusals(page, f"{live_server.url}{path}")
    context.close()

    context = browser.new_context()
    page = context.new_page()
    log_in(page, live_server, physio)
    for path in ["/physio/", "/physio/invitations/", f"/physio/clients/{user.pk}/"]:
        refused += visit_and_collect_refusals(page, f"{live_server.url}{path}")
    context.close()

    assert refused == []
