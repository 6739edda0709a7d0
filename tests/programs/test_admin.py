"""The admin's list of reminders sent: support staff can see and search it, never change it."""

from datetime import date

import pytest
from django.urls import reverse

from programs.models import ReminderSent
from tests.factories import ReminderSentFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:programs_remindersent_changelist"


@pytest.fixture
def reminders(client_user, other_client_user):
    return [
        ReminderSentFactory(client=client_user, date=date(2026, 3, 2)),
        ReminderSentFactory(client=client_user, date=date(2026, 3, 3)),
        ReminderSentFactory(client=other_client_user, date=date(2026, 3, 2)),
    ]


def test_the_list_shows_client_date_and_time_sent(admin_client, reminders, client_user):
    response = admin_client.get(reverse(CHANGELIST))
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("Client", "Date", "Sent at"):
        assert heading in html
    assert client_user.username in html
    assert response.context["cl"].result_count == 3


def test_search_by_username_finds_only_that_clients_reminders(
    admin_client, reminders, client_user, other_client_user
):
    response = admin_client.get(reverse(CHANGELIST), {"q": other_client_user.username})
    assert list(response.context["cl"].result_list) == [reminders[2]]
    response = admin_client.get(reverse(CHANGELIST), {"q": client_user.username})
    assert {r.client for r in response.context["cl"].result_list} == {client_user}


def test_reminders_cannot_be_added_changed_or_deleted(admin_client, reminders, other_client_user):
    reminder = reminders[0]
    assert admin_client.get(reverse("admin:programs_remindersent_add")).status_code == 403
    assert (
        admin_client.post(
            reverse("admin:programs_remindersent_delete", args=[reminder.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    page = admin_client.get(reverse("admin:programs_remindersent_change", args=[reminder.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    admin_client.post(
        reverse("admin:programs_remindersent_change", args=[reminder.pk]),
        {"client": other_client_user.pk, "date": "2026-04-01"},
    )
    reminder.refresh_from_db()
    assert reminder.date == date(2026, 3, 2)
    assert ReminderSent.objects.count() == 3
