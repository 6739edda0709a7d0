"""Two-factor login: required for physiotherapists and admins (set up at the first login),
optional for clients; authenticator codes and single-use recovery codes."""

from __future__ import annotations

import re
from base64 import b32decode
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice

from tests.factories import DEFAULT_PASSWORD, PhysiotherapistFactory, UserFactory
from tests.two_factor import fresh_code

pytestmark = pytest.mark.django_db

STEP = "login_view-current_step"


def _password(browser, user):
    return browser.post(reverse("login"), {"username": user.username, "password": DEFAULT_PASSWORD})


def _code(browser, code, step="token"):
    return browser.post(reverse("login"), {STEP: step, f"{step}-otp_token": code})


def test_a_physiotherapist_needs_the_code_after_the_password():
    physio = PhysiotherapistFactory()
    code = fresh_code(physio)
    browser = Client()
    response = _password(browser, physio)
    assert response.status_code == 200
    assert "Code from your authenticator app" in response.content.decode()
    assert "_auth_user_id" not in browser.session  # the password alone is not enough

    wrong = _code(browser, "000000" if code != "000000" else "111111")
    assert wrong.status_code == 200
    assert "_auth_user_id" not in browser.session
    assert "Codes change every 30 seconds and each works once" in wrong.content.decode()

    response = _code(browser, fresh_code(physio))
    assert response.status_code == 302
    assert browser.get(reverse("physio:caseload")).status_code == 200


def test_a_recovery_code_works_once():
    physio = PhysiotherapistFactory()
    fresh_code(physio)
    device = StaticDevice.objects.create(user=physio, name="backup")
    device.token_set.create(token="abcd1234")
    for attempt in range(2):
        browser = Client()
        _password(browser, physio)
        browser.post(reverse("login"), {STEP: "token", "wizard_goto_step": "backup"})
        response = _code(browser, "abcd1234", step="backup")
        if attempt == 0:
            assert response.status_code == 302
            assert browser.get(reverse("physio:caseload")).status_code == 200
        else:
            assert response.status_code == 200
            assert "_auth_user_id" not in browser.session
            assert "Each recovery code works once" in response.content.decode()


def test_the_first_login_of_a_physiotherapist_sets_up_the_authenticator():
    physio = PhysiotherapistFactory()
    browser = Client()
    assert _password(browser, physio).status_code == 302  # no authenticator yet
    response = browser.get(reverse("physio:caseload"))
    assert response.url == reverse("two_factor:setup")
    page = browser.get(response.url).content.decode()
    assert "other people's health data" in page

    prefix = "two_factor_setup_view-current_step"
    page = browser.post(reverse("two_factor:setup"), {prefix: "welcome"}).content.decode()
    secret = re.search(r'<code class="fs-6 user-select-all">([A-Z2-7]+)</code>', page).group(1)
    assert browser.get(reverse("two_factor:qr"))["Content-Type"].startswith("image/svg+xml")
    code = f"{totp(b32decode(secret)):06d}"
    response = browser.post(
        reverse("two_factor:setup"), {prefix: "generator", "generator-token": code}
    )
    assert response.url == reverse("two_factor:setup_complete")
    assert "recovery codes" in browser.get(response.url).content.decode()
    response = browser.post(reverse("two_factor:backup_tokens"), follow=True)
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert browser.get(reverse("physio:caseload")).status_code == 200


def test_a_session_without_the_second_step_reaches_nothing_of_a_physiotherapist():
    physio = PhysiotherapistFactory()
    fresh_code(physio)
    browser = Client()  # Django's own test client: a password-only session
    browser.force_login(physio)
    response = browser.get(reverse("physio:caseload"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert "_auth_user_id" not in browser.session


def test_the_admin_site_requires_the_second_step(admin_user):
    fresh_code(admin_user)
    password_only = Client()
    password_only.force_login(admin_user)
    response = password_only.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert password_only.get(reverse("admin:accounts_user_changelist")).status_code == 302


def test_the_admin_site_opens_after_the_code(admin_client):
    assert admin_client.get(reverse("admin:index")).status_code == 200


def test_clients_log_in_with_their_password_alone_and_may_turn_it_on():
    person = UserFactory()
    browser = Client()
    assert _password(browser, person).status_code == 302
    assert browser.get(reverse("programs:today")).status_code in (200, 302)
    settings_page = browser.get(reverse("account_settings")).content.decode()
    assert reverse("two_factor:profile") in settings_page
    profile = browser.get(reverse("two_factor:profile")).content.decode()
    assert "Turn on two-factor login" in profile


def test_a_client_who_turned_it_on_needs_the_code_too():
    person = UserFactory()
    fresh_code(person)
    browser = Client()
    assert _password(browser, person).status_code == 200
    assert _code(browser, fresh_code(person)).status_code == 302


def test_lockout_still_counts_password_guesses_on_the_two_step_page(settings):
    settings.AXES_ENABLED = True
    physio = PhysiotherapistFactory()
    browser = Client()
    for _ in range(5):
        response = browser.post(reverse("login"), {"username": physio.username, "password": "x"})
    assert response.status_code == 429


def test_the_demo_code_command_prints_what_the_app_shows(settings):
    settings.DEBUG = True
    physio = PhysiotherapistFactory(username="physio")
    code = fresh_code(physio)
    out = StringIO()
    call_command("totp_code", "physio", stdout=out)
    assert out.getvalue().strip() == code
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("totp_code", "physio", stdout=StringIO())


def test_the_admin_never_shows_anyones_authenticator_secret(admin_client):
    physio = PhysiotherapistFactory()
    fresh_code(physio)
    device = physio.totpdevice_set.get()
    for name in ("admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode"):
        assert admin_client.get(reverse(name, args=[device.pk])).status_code == 403
    page = admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert device.key not in page.content.decode()
