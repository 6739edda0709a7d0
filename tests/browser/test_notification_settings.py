"""The physiotherapist's notification emails page in a real browser: readable at phone size,
accessible, and a choice saved as a person would make it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from care.models import NotificationPreferences
from tests.browser.helpers import assert_accessible, log_in
from tests.browser.test_conversation import DESKTOP, PHONE, fits_the_screen, shot
from tests.factories import PhysiotherapistFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choose_how_to_hear_about_client_messages(browser, live_server):
    physio = PhysiotherapistFactory(first_name="Sam", last_name="Okafor")
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        log_in(page, live_server, physio)
        page.goto(live_server.url + reverse("account_settings"))
        page.get_by_role("link", name="Choose what you get and how").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Notification emails"
        assert_accessible(page)
        shot(page, "physio-notifications-desktop")
        group = page.get_by_role("group", name="A message from a client")
        group.get_by_label("At once, by email").check()
        page.get_by_role("button", name="Save my choices").click()
        assert "Your email choices are saved." in page.content()
        assert NotificationPreferences.objects.get(physiotherapist=physio).client_message == (
            "immediate"
        )
        page.set_viewport_size(PHONE)
        page.reload()
        assert fits_the_screen(page)
        shot(page, "physio-notifications-phone")
    finally:
        context.close()
