"""A physiotherapist logs in in a real browser: password, then the code from the authenticator
app; and the first login, which sets the authenticator up. Every step is checked with axe."""

from __future__ import annotations

import os
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp

from tests.browser.helpers import assert_accessible
from tests.factories import DEFAULT_PASSWORD, PhysiotherapistFactory
from tests.two_factor import fresh_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


SCREENSHOTS = os.environ.get("VALGUS_SCREENSHOTS", "")


def shoot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/two-factor-{name}.png", full_page=True)


def _password(page, live_server, physio) -> None:
    page.goto(live_server.url + reverse("login"))
    assert_accessible(page)
    page.get_by_label("Username").fill(physio.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_physiotherapist_logs_in_with_a_code(page, live_server):
    physio = PhysiotherapistFactory(first_name="Sam")
    code = fresh_code(physio)
    _password(page, live_server, physio)
    field = page.get_by_label("Code from your authenticator app")
    field.wait_for()
    assert "authenticator app on your phone" in page.inner_text("main")
    assert_accessible(page)
    shoot(page, "code")
    field.fill("000000" if code != "000000" else "111111")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code from your authenticator app").wait_for()
    assert "That code was not accepted" in page.inner_text("main")
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(fresh_code(physio))
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + reverse("physio:caseload"))
    assert_accessible(page)


def test_the_first_login_sets_up_the_authenticator_and_recovery_codes(page, live_server):
    physio = PhysiotherapistFactory()
    _password(page, live_server, physio)
    page.get_by_role("heading", level=1, name="Set up two-factor login").wait_for()
    assert "other people's health data" in page.inner_text("main")
    assert_accessible(page)
    shoot(page, "setup-welcome")
    page.get_by_role("button", name="Continue").click()
    qr = page.get_by_role("img", name="QR code for adding valgus to an authenticator app")
    qr.wait_for()
    # The image loads (from our own origin: the Content-Security-Policy allows nothing else).
    assert qr.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    secret = page.locator("code.user-select-all").inner_text().strip()
    assert_accessible(page)
    shoot(page, "setup-scan")
    page.get_by_label("Code shown in the app").fill(f"{totp(b32decode(secret)):06d}")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", level=1, name="Two-factor login is on").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Make my recovery codes").click()
    page.get_by_role("heading", level=1, name="Recovery codes").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)
    shoot(page, "recovery-codes")
    page.get_by_role("link", name="Done").click()
    page.wait_for_url(live_server.url + reverse("physio:caseload"))
