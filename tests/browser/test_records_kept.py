"""A client deletes their account after reading what stays; their physiotherapist still finds
their own clinical notes under Former clients. Both pages accessible, at phone and desktop."""

from __future__ import annotations

import pytest
from django.urls import reverse

from care.models import ClinicalNote
from care.services import notes
from tests.browser.helpers import assert_accessible, log_in
from tests.browser.test_conversation import DESKTOP, PHONE, fits_the_screen, shot
from tests.factories import DEFAULT_PASSWORD, CareLinkFactory, PhysiotherapistFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_deleting_the_account_leaves_the_physiotherapists_notes(browser, live_server):
    physio = PhysiotherapistFactory(first_name="Sam", last_name="Okafor")
    person = UserFactory(first_name="Alex", last_name="Morgan")
    CareLinkFactory(client=person, physiotherapist=physio)
    notes.clinical_note_add(physio=physio, client=person, body="Left knee valgus on step-down.")
    client_ctx = browser.new_context(viewport=PHONE)
    physio_ctx = browser.new_context(viewport=DESKTOP)
    try:
        page = client_ctx.new_page()
        log_in(page, live_server, person)
        page.goto(live_server.url + reverse("privacy"))
        card = page.locator("section", has=page.get_by_role("heading", name="Delete your account"))
        assert "clinicians must keep their clinical records" in card.inner_text()
        assert fits_the_screen(page)
        assert_accessible(page)
        shot(page, "client-privacy-delete-phone")
        page.get_by_label("Your username").fill(person.username)
        page.get_by_label("Your password").fill(DEFAULT_PASSWORD)
        page.get_by_label("I understand").check()
        page.get_by_role("button", name="Delete my account").click()
        assert ClinicalNote.objects.get().client_id is None

        desk = physio_ctx.new_page()
        log_in(desk, live_server, physio)
        desk.get_by_role("link", name="Former clients").click()
        section = desk.locator("section", has=desk.get_by_role("heading", name="Alex Morgan"))
        assert "account deleted" in section.inner_text()
        assert "Left knee valgus on step-down." in section.inner_text()
        assert_accessible(desk)
        shot(desk, "physio-records-desktop")
        desk.set_viewport_size(PHONE)
        desk.reload()
        assert fits_the_screen(desk)
        shot(desk, "physio-records-phone")
    finally:
        client_ctx.close()
        physio_ctx.close()
