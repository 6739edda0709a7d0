"""An error page does not swallow the messages meant for the next real page."""

from __future__ import annotations

from django.urls import reverse


def test_a_404_leaves_pending_messages_for_the_next_page(client, client_user):
    client.force_login(client_user)
    saved = client.post(
        reverse("account_settings"),
        {"first_name": "Ana", "last_name": "Silva", "email": client_user.email},
    )
    assert saved.status_code == 302

    missing = client.get("/this-page-does-not-exist/")
    assert missing.status_code == 404
    assert "Your settings are saved." not in missing.content.decode()

    page = client.get(saved["Location"])
    assert "Your settings are saved." in page.content.decode()
