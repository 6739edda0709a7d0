"""The caseload in a browser, on a desktop and on a phone: flagged rows stand out, the order can
be changed from the column headers, and nothing axe calls serious or critical."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from care.services import flags as care_flags
from programs.models import Flag, Message
from programs.services import client_summary_refresh
from tests.browser.helpers import log_in
from tests.dates import START, aware
from tests.factories import (
    CareLinkFactory,
    FlagFactory,
    MessageFactory,
    PhysiotherapistFactory,
    ProgramFactory,
    UserFactory,
)
from tests.programs.helpers import log_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 3, 23)


def _caseload(physio) -> None:
    people = {}
    for first, last in [
        ("Alex", "Morgan"),
        ("Bea", "Young"),
        ("Cal", "Xu"),
        ("Dana", "Reyes"),
        ("Eli", "Stone"),
    ]:
        person = UserFactory(first_name=first, last_name=last)
        CareLinkFactory(physiotherapist=physio, client=person)
        people[first] = person
    for name, pains in (("Bea", [2, 3, 2]), ("Cal", [1, 1]), ("Eli", [4, 5, 5])):
        program = ProgramFactory(client=people[name], start_date=START)
        for offset, pain in enumerate(pains):
            log_session(program, TODAY - timedelta(days=2 + 2 * offset), pain_during=pain)
    FlagFactory(
        client=people["Alex"],
        urgency="same_day",
        destination="emergency",
        rule="FLG-CHECKIN-EMERGENCY",
        source=Flag.Source.CHECKIN,
    )
    waiting = FlagFactory(client=people["Dana"], urgency="within_2_weeks", rule="REF-GIVING-WAY")
    Flag.objects.filter(pk=waiting.pk).update(created_at=aware(TODAY - timedelta(days=3)))
    client_summary_refresh(client_id=people["Dana"].pk)
    seen = FlagFactory(client=people["Eli"], urgency="routine", rule="FLG-SESSION-PAIN-SEVERE")
    care_flags.flag_acknowledge(flag=seen, actor=physio, note="Call on Friday")
    MessageFactory(
        client=people["Cal"], physiotherapist=physio, sender=Message.Sender.CLIENT, body="Hi!"
    )


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_caseload_flagged_rows_sorting_and_axe(browser, live_server, time_machine, width, height):
    time_machine.move_to(aware(TODAY, 10), tick=True)
    physio = PhysiotherapistFactory(first_name="Sam", last_name="Okafor")
    _caseload(physio)
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        log_in(page, live_server, physio)
        page.goto(live_server.url + reverse("physio:caseload"))
        rows = page.locator("tbody tr")
        assert "Alex Morgan" in rows.nth(0).inner_text()
        assert "Dana Reyes" in rows.nth(1).inner_text()
        assert "Knee giving way" in rows.nth(1).inner_text()
        assert "open 3 days" in rows.nth(1).inner_text()
        assert "Eli Stone" in rows.nth(2).inner_text()  # acknowledged, above the others
        assert "1 unread message" in page.content()
        # The urgent row's colour and left edge are really drawn.
        first_cell = rows.nth(0).locator("th")
        edge = first_cell.evaluate("e => getComputedStyle(e).borderLeftWidth")
        edge_row = rows.nth(0).evaluate("e => getComputedStyle(e).borderLeftWidth")
        assert edge != "0px" or edge_row != "0px"
        page.screenshot(path=f"/tmp/caseload-{width}.png", full_page=True)
        violations = Axe().run(page, context="#main").response["violations"]
        serious = [
            (v["id"], [node["html"][:120] for node in v["nodes"]])
            for v in violations
            if v.get("impact") in {"serious", "critical"}
        ]
        assert serious == []

        page.get_by_role("link", name="Client", exact=True).click()
        assert page.locator("th[aria-sort]").inner_text().startswith("Client")
        assert "Alex Morgan" in page.locator("tbody tr").nth(0).inner_text()
        page.get_by_role("link", name="Client", exact=True).click()
        assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "descending"
        assert "Eli Stone" in page.locator("tbody tr").nth(0).inner_text()
    finally:
        context.close()
