"""Guessing passwords: one account from one address, and a few passwords on many accounts
("spraying"). Each is paused; neither lets a stranger lock a person out from their own address."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SPRAYER = "203.0.113.66"
ELSEWHERE = "198.51.100.7"


@pytest.fixture(autouse=True)
def lockout_on(settings):
    settings.AXES_ENABLED = True


def _login(client, username, password="Summer2026!", ip=SPRAYER):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_spraying_four_passwords_on_twelve_accounts_pauses_that_address(client, settings):
    people = UserFactory.create_batch(12)
    statuses = [
        _login(client, person.username, f"guess-{n}") for person in people for n in range(4)
    ]
    statuses = [response.status_code for response in statuses]
    limit = settings.VALGUS_LOGIN_ADDRESS_FAILURE_LIMIT
    assert 429 not in statuses[: limit - 1]
    assert set(statuses[limit:]) == {429}
    page = " ".join(_login(client, people[0].username, DEFAULT_PASSWORD).content.decode().split())
    assert "different accounts from your network" in page
    assert "another network" in page  # what to do
    assert "_auth_user_id" not in client.session


def test_spraying_from_one_address_does_not_lock_the_people_out_from_their_own(client):
    people = UserFactory.create_batch(12)
    for person in people:
        for n in range(4):
            _login(client, person.username, f"guess-{n}")
    for person in people[:3]:
        own = Client()
        response = _login(own, person.username, DEFAULT_PASSWORD, ip=ELSEWHERE)
        assert response.status_code == 302
        assert "_auth_user_id" in own.session


def test_a_person_mistyping_from_a_shared_address_is_not_paused_by_the_address_limit(client):
    # Four colleagues at one clinic address each mistype twice, then log in.
    colleagues = UserFactory.create_batch(4)
    for person in colleagues:
        for _ in range(2):
            assert _login(client, person.username, "typo").status_code == 200
        response = _login(Client(), person.username, DEFAULT_PASSWORD)
        assert response.status_code == 302


def test_guessing_one_account_pauses_that_account_from_that_address_only(client, client_user):
    for _ in range(5):
        response = _login(client, client_user.username)
    assert response.status_code == 429
    page = " ".join(response.content.decode().split())
    assert "attempts to log in to this account from here" in page
    assert "Reset your password" in page
    # Another account from the same address is not affected.
    other = UserFactory()
    assert _login(Client(), other.username, DEFAULT_PASSWORD).status_code == 302
