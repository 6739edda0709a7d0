"""Sign-up, log-in, log-out, password reset and the physiotherapist command."""

from __future__ import annotations

import re
import socket

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from tests.accounts.helpers import confirmation_link, sign_up
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_up_confirms_by_email_then_logs_the_client_in(client):
    response = sign_up(client, username="maria", email="Maria@Example.org")
    assert response.url == reverse("signup_sent")
    user = User.objects.get(username="maria")
    assert user.role == User.Role.CLIENT
    assert user.email == "maria@example.org"
    assert not user.is_active  # not usable until the link is opened
    page = client.get(response.url).content.decode()
    assert "Check your email" in page and "maria@example.org" in page

    link = confirmation_link("maria@example.org")
    assert "Confirm my account" in client.get(link).content.decode()
    user.refresh_from_db()
    assert not user.is_active  # opening the link (a mail program checking it) confirms nothing
    response = client.post(link, follow=True)
    assert response.context["user"] == User.objects.get(username="maria", is_active=True)
    # The link is used up.
    assert client.post(link).status_code == 404


def test_an_unconfirmed_account_cannot_log_in(client):
    sign_up(client, username="maria", email="maria@example.org")
    response = client.post(reverse("login"), {"username": "maria", "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Open the link in the email" in response.content.decode()


def test_sign_up_cannot_choose_the_physiotherapist_role(client):
    sign_up(client, username="sneaky", role="physiotherapist")
    assert User.objects.get(username="sneaky").role == User.Role.CLIENT


def test_sign_up_errors_stand_next_to_the_field_and_keep_input(client):
    response = sign_up(client, password1="short", password2="different")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The two password fields" in html
    assert 'value="newperson"' in html
    assert not User.objects.filter(username="newperson").exists()


def _closed_port() -> int:
    """A local port nobody listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _closed_port()
    settings.EMAIL_TIMEOUT = 5
    yield
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.parametrize("known_email", [False, True])
def test_sign_up_says_when_the_email_cannot_be_sent_and_keeps_what_was_typed(
    client, mail_server_down, settings, caplog, known_email
):
    if known_email:
        UserFactory(username="earlier", email="maria@example.org")
    accounts_before = User.objects.count()
    response = sign_up(client, username="maria", first_name="María", email="maria@example.org")
    assert response.status_code == 200
    html = response.content.decode()
    # The same message whether or not the address has an account (nothing to enumerate).
    assert "We could not send the email that confirms your account just now" in html
    assert "try again in a few minutes" in html
    assert 'value="maria"' in html and 'value="María"' in html
    assert 'value="maria@example.org"' in html
    assert re.search(r'<input[^>]*name="consent"[^>]*checked', html)
    assert DEFAULT_PASSWORD not in html
    assert User.objects.count() == accounts_before  # nothing kept from the failed attempt
    assert any(record.levelname == "ERROR" for record in caplog.records)

    # Once the mail server answers again, the same form goes through.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert sign_up(client, username="maria", email="maria@example.org").status_code == 302
    assert [message.to for message in mail.outbox] == [["maria@example.org"]]


def test_log_in_and_out(client):
    user = UserFactory()
    response = client.post(
        reverse("login"), {"username": user.username, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_a_message(client):
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.username, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_password_reset_sends_a_working_link(client):
    user = UserFactory(email="reset-me@example.org")
    client.post(reverse("password_reset"), {"email": "reset-me@example.org"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    client.post(
        form_url,
        {"new_password1": "a-brand-new-pass-77", "new_password2": "a-brand-new-pass-77"},
    )
    user.refresh_from_db()
    assert user.check_password("a-brand-new-pass-77")


def test_create_physiotherapist_command():
    call_command(
        "create_physiotherapist", "drsmith", "smith@example.org", "--password", "a-strong-pass-91"
    )
    physio = User.objects.get(username="drsmith")
    assert physio.is_physiotherapist
    assert physio.check_password("a-strong-pass-91")


def test_pages_that_need_an_account_redirect_to_log_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
