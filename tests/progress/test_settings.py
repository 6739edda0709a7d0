"""The account settings page: details, reminders, the calendar link, password and privacy links."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("account_settings")


def test_page_shows_each_setting_with_a_label(logged_in, client_user):
    response = logged_in.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for field in ("first_name", "last_name", "email", "reminders_enabled"):
        assert re.search(rf'<label[^>]*for="id_{field}"', html), field
    assert '<label for="calendar-url"' in html
    assert f"/program/calendar/{client_user.calendar_token}.ics" in html
    assert "Revoke and make a new link" in html
    assert reverse("password_change") in html
    assert reverse("privacy") in html


def test_saving_details_and_turning_reminders_off(logged_in, client_user):
    response = logged_in.post(
        URL,
        {"first_name": " Ana ", "last_name": "Silva", "email": "Ana.Silva@Example.org"},
    )
    assert response.status_code == 302
    client_user.refresh_from_db()
    assert (client_user.first_name, client_user.last_name) == ("Ana", "Silva")
    assert client_user.email == "ana.silva@example.org"
    assert client_user.reminders_enabled is False  # unticked checkbox
    assert "Your settings are saved." in logged_in.get(URL).content.decode()


def test_turning_reminders_back_on(logged_in, client_user):
    client_user.reminders_enabled = False
    client_user.save()
    logged_in.post(
        URL,
        {
            "first_name": "A",
            "last_name": "B",
            "email": client_user.email,
            "reminders_enabled": "on",
        },
    )
    client_user.refresh_from_db()
    assert client_user.reminders_enabled is True


def test_email_of_another_account_is_refused_and_typing_kept(logged_in, client_user):
    UserFactory(email="taken@example.org")
    response = logged_in.post(
        URL, {"first_name": "Typed name", "last_name": "Kept", "email": "TAKEN@example.org"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Another account already uses this email address." in html
    assert 'value="Typed name"' in html
    assert 'value="TAKEN@example.org"' in html
    original = client_user.email
    client_user.refresh_from_db()
    assert client_user.email == original
    assert client_user.first_name != "Typed name"


def test_empty_or_bad_email_is_explained(logged_in):
    response = logged_in.post(URL, {"first_name": "A", "last_name": "B", "email": "not-an-email"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()


def test_settings_cannot_change_role_or_calendar_secret(logged_in, client_user):
    token = client_user.calendar_token
    logged_in.post(
        URL,
        {
            "first_name": "A",
            "last_name": "B",
            "email": client_user.email,
            "role": "physiotherapist",
            "calendar_token": "chosen-by-me",
        },
    )
    client_user.refresh_from_db()
    assert client_user.role == "client"
    assert client_user.calendar_token == token


def test_physiotherapist_sees_no_reminders_or_calendar(client, physio_user):
    client.force_login(physio_user)
    html = client.get(URL).content.decode()
    assert 'name="reminders_enabled"' not in html
    assert "calendar" not in html.lower()


def test_settings_need_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
