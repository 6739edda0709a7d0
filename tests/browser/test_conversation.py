"""The conversation in a real browser, at phone size: the counter counts down as the client
types, a long unbroken string wraps instead of widening the page, and both sides are
accessible."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.urls import reverse

from care.services import conversations
from programs.models import MESSAGE_MAX_LENGTH, Message
from tests.browser.helpers import assert_accessible, log_in
from tests.factories import CareLinkFactory, PhysiotherapistFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
UNBROKEN = "https://example.org/" + "knee" * 150  # 620 characters without a space
# Set VALGUS_SCREENSHOTS to a folder to keep a picture of each page for review.
SHOTS = os.environ.get("VALGUS_SCREENSHOTS")


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_client_and_physiotherapist_write_to_each_other(browser, live_server):
    physio = PhysiotherapistFactory(first_name="Sam", last_name="Okafor")
    person = UserFactory(first_name="Alex", last_name="Morgan")
    CareLinkFactory(client=person, physiotherapist=physio)
    conversations.message_send(physio=physio, client=person, body="How did the week go?")
    conversations.message_send(physio=physio, client=person, body=UNBROKEN)
    base = live_server.url

    client_ctx = browser.new_context(viewport=PHONE)
    physio_ctx = browser.new_context(viewport=DESKTOP)
    try:
        page = client_ctx.new_page()
        log_in(page, live_server, person)
        # The menu counts the two new messages (behind the phone's menu button).
        page.get_by_role("button", name="Toggle navigation").click()
        messages_link = page.get_by_role("link", name="Messages 2 unread")
        messages_link.click()
        assert page.get_by_role("heading", level=1).inner_text() == "Messages with Sam Okafor"
        assert page.locator(".message-body").last.inner_text() == UNBROKEN
        assert fits_the_screen(page)

        box = page.get_by_label("Your message to Sam Okafor")
        counter = page.locator(".char-counter")
        assert (
            counter.inner_text()
            == f"{MESSAGE_MAX_LENGTH:,} of {MESSAGE_MAX_LENGTH:,} characters left"
        )
        box.fill("Better, thanks. " + "x" * 4)
        assert (
            counter.inner_text()
            == f"{MESSAGE_MAX_LENGTH - 20:,} of {MESSAGE_MAX_LENGTH:,} characters left"
        )
        assert "near-limit" not in (counter.get_attribute("class") or "")
        box.fill("y" * (MESSAGE_MAX_LENGTH + 50))  # the box takes no more than the limit
        assert box.input_value() == "y" * MESSAGE_MAX_LENGTH
        assert counter.inner_text() == f"0 of {MESSAGE_MAX_LENGTH:,} characters left"
        assert "near-limit" in (counter.get_attribute("class") or "")
        assert page.locator("[aria-live=polite]").inner_text() == "No characters left."
        assert_accessible(page)
        shot(page, "client-conversation-phone-counter")

        box.fill("Better, thanks. " + UNBROKEN)
        page.get_by_role("button", name="Send").click()
        assert "Message sent to Sam Okafor." in page.content()
        assert fits_the_screen(page)
        assert Message.objects.filter(sender="client").count() == 1
        assert_accessible(page)
        shot(page, "client-conversation-phone")

        # The physiotherapist sees it unread on the review, then answers.
        desk = physio_ctx.new_page()
        log_in(desk, live_server, physio)
        desk.goto(base + reverse("physio:client", args=[person.pk]))
        assert desk.locator("#messages-heading").inner_text() == "Messages 1 unread"
        shot(desk, "physio-review-messages-desktop")
        desk.get_by_role("link", name="Read and reply").click()
        assert desk.get_by_role("heading", level=1).inner_text() == "Messages with Alex Morgan"
        assert fits_the_screen(desk)
        assert_accessible(desk)
        shot(desk, "physio-conversation-desktop")
        desk.get_by_label("Message to Alex Morgan").fill("Good. Keep the same plan.")
        desk.get_by_role("button", name="Send the message").click()
        assert "Message sent." in desk.content()
        desk.set_viewport_size(PHONE)
        desk.reload()
        assert fits_the_screen(desk)
        shot(desk, "physio-conversation-phone")

        # Back on the client's phone: the answer, and "read" under their own message.
        page.goto(base + reverse("programs:today"))
        assert "Good. Keep the same plan." in page.content()
        assert fits_the_screen(page)
        shot(page, "client-today-phone")
        page.goto(base + reverse("conversation", args=[physio.pk]))
        assert "· read" in page.locator(".message-mine").last.inner_text()
        page.set_viewport_size(DESKTOP)
        page.reload()
        shot(page, "client-conversation-desktop")
    finally:
        client_ctx.close()
        physio_ctx.close()
