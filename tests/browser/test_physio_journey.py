"""The physiotherapist and the client side by side: invite, accept, a painful session, the flag
on the caseload, acknowledgement and a lower level, and the client reading why."""

from __future__ import annotations

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from care.models import CareLink
from programs.models import Flag
from tests.browser.helpers import log_in
from tests.dates import aware
from tests.factories import PhysiotherapistFactory, ProgramFactory, UserFactory
from tests.programs.helpers import log_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 3, 23)


def test_invite_accept_flag_adjust_and_the_client_reads_why(browser, live_server, time_machine):
    time_machine.move_to(aware(TODAY, 10), tick=True)
    physio = PhysiotherapistFactory(first_name="Sam", last_name="Okafor")
    person = UserFactory(first_name="Alex", last_name="Morgan")
    program = ProgramFactory(client=person, start_date=date(2026, 3, 2))
    base = live_server.url

    physio_ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    client_ctx = browser.new_context(viewport={"width": 375, "height": 800})
    physio_page, client_page = physio_ctx.new_page(), client_ctx.new_page()
    try:
        # The physiotherapist creates an invitation.
        log_in(physio_page, live_server, physio)
        physio_page.goto(base + reverse("physio:invitations"))
        physio_page.get_by_role("button", name="Create an invitation").click()
        link = physio_page.locator("input[readonly]").first.input_value()
        assert "/accounts/sharing/join/" in link

        # The client opens the link, reads what is shared and agrees.
        log_in(client_page, live_server, person)
        client_page.goto(link)
        assert client_page.get_by_role("heading", level=1).inner_text() == (
            "Share your data with Sam Okafor?"
        )
        assert "Every session you log" in client_page.content()
        client_page.get_by_label("I agree to share").check()
        client_page.get_by_role("button", name="Share my data").click()
        assert "You now share your data with Sam Okafor" in client_page.content()
        assert CareLink.objects.filter(client=person, ended_at__isnull=True).exists()

        # The client logs pain 8 during the clamshell today.
        log_session(program, TODAY, pain_during=8, codes=["banded_clamshell"])
        assert Flag.objects.filter(client=person, status="open").exists()

        # The caseload lists the client first, with the flag.
        physio_page.goto(base + reverse("physio:caseload"))
        first_row = physio_page.locator("tbody tr").first
        assert "Alex Morgan" in first_row.inner_text()
        assert "Physiotherapist · within 2 weeks" in first_row.inner_text()
        # The workspace itself (the shared footer is checked by its own tests).
        serious = [
            v["id"]
            for v in Axe().run(physio_page, context="#main").response["violations"]
            if v.get("impact") in {"serious", "critical"}
        ]
        assert serious == []

        # Acknowledge the flag with a note, then lower the clamshell level with a reason.
        first_row.get_by_role("link", name="Alex Morgan").click()
        physio_page.get_by_role("link", name="Acknowledge").first.click()
        physio_page.get_by_role("textbox", name="Note").fill(
            "Phoned Alex: easing the hip exercises for now"
        )
        physio_page.get_by_role("button", name="Acknowledge").click()
        assert "Flag acknowledged." in physio_page.content()
        # The engine already regressed the clamshell; the physiotherapist also eases the side
        # steps, which load the same muscles.
        level_now = program.exercises.get(code="banded_side_steps").level
        assert level_now >= 2
        physio_page.get_by_role("link", name="Change level of Banded side steps").click()
        physio_page.get_by_label("New level").select_option(str(level_now - 1))
        physio_page.get_by_role("button", name="Change the level").click()
        assert "Give a reason: the client will see it." in physio_page.content()
        physio_page.get_by_label("Reason").fill("the clamshell hurt (8/10) on Monday")
        physio_page.screenshot(path="/tmp/physio-journey-level.png")
        physio_page.get_by_role("button", name="Change the level").click()
        assert "Level changed." in physio_page.content()

        # The client sees the change and its reason on Today.
        client_page.goto(base + reverse("programs:today"))
        text = " ".join(client_page.locator(".program-changes").inner_text().split())
        assert (
            f"Your physiotherapist changed Banded side steps from level {level_now} "
            f"to level {level_now - 1} because the clamshell hurt (8/10) on Monday"
        ) in text
        client_page.screenshot(path="/tmp/physio-journey-today.png", full_page=True)
    finally:
        physio_ctx.close()
        client_ctx.close()
