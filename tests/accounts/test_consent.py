"""Explicit consent to keep health data: asked at sign-up (not ticked in advance), recorded with
the moment and the wording's version, shown on the privacy page, and withdrawable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.consent import CONSENT_VERSION, CONSENT_WORDINGS, HealthDataConsent
from accounts.models import User
from tests.accounts.helpers import sign_up, sign_up_and_confirm
from tests.factories import DEFAULT_PASSWORD, PhysiotherapistFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_consent_box_is_shown_unticked(client):
    page = client.get(reverse("signup")).content.decode()
    assert CONSENT_WORDINGS[CONSENT_VERSION][:60] in page
    box = page[page.index('name="consent"') - 200 : page.index('name="consent"') + 200]
    assert "checked" not in box


def test_no_account_without_consent_and_nothing_typed_is_lost(client):
    response = sign_up(client, consent="")
    assert response.status_code == 200
    assert "with your consent" in " ".join(response.content.decode().split())
    assert 'value="new@example.org"' in response.content.decode()
    assert not User.objects.filter(username="newperson").exists()


def test_consent_is_recorded_with_its_time_and_wording_version(client, time_machine):
    time_machine.move_to("2026-03-02 09:30 +0000", tick=False)
    sign_up_and_confirm(client)
    consent = HealthDataConsent.objects.get(user__username="newperson")
    assert consent.wording_version == CONSENT_VERSION
    assert consent.given_at.isoformat().startswith("2026-03-02T09:30")


def test_the_privacy_page_shows_what_was_agreed_and_how_to_withdraw(logged_in):
    page = " ".join(logged_in.get(reverse("privacy")).content.decode().split())
    assert "Your consent" in page
    assert CONSENT_WORDINGS[CONSENT_VERSION][:80] in page
    assert f"wording version {CONSENT_VERSION}" in page
    assert reverse("consent_withdraw") in page


def test_withdrawing_offers_a_download_then_deletes_the_account(logged_in, client_user):
    page = logged_in.get(reverse("consent_withdraw")).content.decode()
    assert reverse("privacy_export_json") in page and reverse("privacy_export_zip") in page
    assert page.index(reverse("privacy_export_json")) < page.index(reverse("privacy_delete"))
    response = logged_in.post(
        reverse("privacy_delete"),
        {"username": client_user.username, "password": DEFAULT_PASSWORD, "confirm": "on"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=client_user.pk).exists()
    assert not HealthDataConsent.objects.exists()


def test_an_account_without_consent_is_asked_before_anything_else(client):
    person = UserFactory(consent=False)
    client.force_login(person)
    response = client.get(reverse("programs:today"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("consent"))
    # The ways out stay open.
    assert client.get(reverse("privacy")).status_code == 200
    # Agreeing records the consent and goes on to where they were going.
    page = client.get(response.url).content.decode()
    assert CONSENT_WORDINGS[CONSENT_VERSION][:60] in page
    response = client.post(response.url, {"consent": "on", "next": reverse("programs:today")})
    assert response.url == reverse("programs:today")
    assert HealthDataConsent.objects.filter(user=person).exists()
    assert client.get(reverse("programs:today")).status_code == 200


def test_declining_keeps_asking(client):
    person = UserFactory(consent=False)
    client.force_login(person)
    response = client.post(reverse("consent"), {"next": reverse("programs:today")})
    assert response.status_code == 200
    assert "download your data and delete" in response.content.decode()
    assert not HealthDataConsent.objects.filter(user=person).exists()


def test_physiotherapists_are_not_asked(client):
    client.force_login(PhysiotherapistFactory())
    response = client.get(reverse("physio:caseload"))
    assert response.status_code == 200


def test_the_export_includes_the_consent(logged_in):
    import json

    data = json.loads(logged_in.post(reverse("privacy_export_json")).content)
    [consent] = (
        data["tables"]["health_data_consents"] if "tables" in data else data["health_data_consents"]
    )
    assert consent["wording_version"] == CONSENT_VERSION
