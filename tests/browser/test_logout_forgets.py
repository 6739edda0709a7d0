"""Logging out forgets the guided session this browser kept (a shared phone or computer): the
next person finds nothing of it, and the outbox's unsent sessions stay under their owner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.helpers import log_in
from tests.factories import ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_logging_out_forgets_the_guided_session_kept_in_the_browser(live_server, page):
    today = timezone.localdate()
    weekday = today.weekday()
    user = UserFactory(first_name="Ana")
    ProgramFactory(
        client=user,
        start_date=today - timedelta(days=7),
        strength_days=[weekday, (weekday + 2) % 7, (weekday + 4) % 7],
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, user)
    guided = f"valgus:guided:{user.pk}:{today.isoformat()}"
    outbox = f"valgus:outbox:{user.pk}"
    someone_else = f"valgus:guided:{user.pk + 1000}:{today.isoformat()}"
    page.evaluate(
        """([guided, outbox, other]) => {
            localStorage.setItem(guided, JSON.stringify({step: 2}));
            localStorage.setItem(outbox, "[]");
            localStorage.setItem(other, JSON.stringify({step: 1}));
        }""",
        [guided, outbox, someone_else],
    )
    page.goto(f"{live_server.url}/program/")
    assert page.get_by_role("link", name="Continue today's session").is_visible()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()
    kept = page.evaluate("() => Object.keys(localStorage)")
    assert guided not in kept
    assert outbox in kept and someone_else in kept

    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/program/")
    assert page.get_by_role("link", name="Start today's session").is_visible()
