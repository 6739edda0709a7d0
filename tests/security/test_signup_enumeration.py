"""Sign-up and password reset tell nobody whether an email address has an account: the page,
the redirect and the number of emails are the same; only the email's owner learns which."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.helpers import confirmation_link, sign_up, sign_up_and_confirm
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _attempt(email: str, username: str):
    browser = Client()
    mail.outbox.clear()
    response = sign_up(browser, username=username, email=email)
    page = browser.get(response.url).content.decode().replace(email, "EMAIL")
    return response, page, list(mail.outbox)


def test_signing_up_with_a_known_or_an_unknown_email_looks_the_same():
    UserFactory(username="existing", email="known@example.org")
    known, known_page, known_mail = _attempt("known@example.org", "prober1")
    unknown, unknown_page, unknown_mail = _attempt("unknown@example.org", "prober2")

    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url == reverse("signup_sent")
    assert known_page == unknown_page
    assert len(known_mail) == len(unknown_mail) == 1
    # Only the owner of the address learns which: an account already exists, here is its name.
    assert "already have" in known_mail[0].subject
    assert "existing" in known_mail[0].body and reverse("password_reset") in known_mail[0].body
    assert "Confirm" in unknown_mail[0].subject
    assert not User.objects.filter(username="prober1").exists()


def test_a_known_email_in_another_case_is_still_the_same_account():
    UserFactory(email="known@example.org")
    _, _, sent = _attempt("Known@Example.ORG", "prober")
    assert "already have" in sent[0].subject
    assert User.objects.filter(email__iexact="known@example.org").count() == 1


def test_password_reset_says_the_same_for_known_and_unknown_emails(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("password_reset"), {"email": "known@example.org"})
    unknown = client.post(reverse("password_reset"), {"email": "unknown@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url


def test_a_stranger_resubmitting_a_waiting_address_cannot_set_its_password():
    sign_up(Client(), username="maria", email="maria@example.org")
    sign_up(
        Client(),
        username="maria",
        email="maria@example.org",
        password1="Stranger-pass-77",
        password2="Stranger-pass-77",
    )
    maria = User.objects.get(username="maria")
    assert maria.check_password(DEFAULT_PASSWORD)
    assert not maria.check_password("Stranger-pass-77")


def test_signing_up_again_before_confirming_sends_the_link_again(client):
    sign_up(Client(), username="maria", email="maria@example.org")
    first = confirmation_link("maria@example.org")
    mail.outbox.clear()
    response = sign_up(client, username="maria", email="maria@example.org")
    assert response.url == reverse("signup_sent")
    again = confirmation_link("maria@example.org")
    assert client.post(again).status_code == 302
    assert User.objects.get(username="maria").is_active
    assert first  # both links were for the same account; the first is now used up too
    assert Client().post(first).status_code == 404


def test_an_expired_link_frees_the_username(client, time_machine):
    time_machine.move_to("2026-03-02 09:00 +0000", tick=False)
    sign_up(Client(), username="maria", email="maria@example.org")
    link = confirmation_link("maria@example.org")
    time_machine.move_to("2026-03-06 09:00 +0000", tick=False)
    assert client.get(link).status_code == 404
    response = sign_up_and_confirm(client, username="maria", email="other@example.org")
    assert response.status_code == 302
    assert User.objects.get(username="maria").email == "other@example.org"


def test_a_mailbox_cannot_be_flooded_through_sign_up_or_password_reset(client):
    UserFactory(email="known@example.org")
    for n in range(6):
        sign_up(
            Client(), username=f"prober{n}", email="known@example.org", REMOTE_ADDR="203.0.113.9"
        )
        client.post(
            reverse("password_reset"), {"email": "known@example.org"}, REMOTE_ADDR="203.0.113.9"
        )
    assert len(mail.outbox) == 3 + 3
    # The owner, from their own address, still gets their password reset.
    client.post(
        reverse("password_reset"), {"email": "known@example.org"}, REMOTE_ADDR="198.51.100.7"
    )
    assert len(mail.outbox) == 7
