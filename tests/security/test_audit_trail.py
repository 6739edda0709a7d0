"""The audit trail through the real pages: a physiotherapist's views and changes are recorded
with who and when, the client sees them, an unlinked physiotherapist leaves no trace."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from care.models import CareLink
from programs.models import ProgramExercise
from tests.dates import START, aware
from tests.factories import CareLinkFactory, PhysiotherapistFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def program(time_machine, client_user, physio_user):
    time_machine.move_to(aware(date(2026, 3, 9), 10), tick=False)
    program = ProgramFactory(client=client_user, start_date=START)
    CareLinkFactory(physiotherapist=physio_user, client=client_user, consented_at=timezone.now())
    return program


def _entries(client_user):
    return LogEntry.objects.filter(additional_data__client_id=client_user.pk)


def test_opening_a_clients_records_is_recorded_and_shown_to_the_client(
    client, program, client_user, physio_user
):
    client.force_login(physio_user)
    assert client.get(reverse("physio:client", args=[client_user.pk])).status_code == 200
    entry = _entries(client_user).get(action=LogEntry.Action.ACCESS)
    assert entry.actor == physio_user
    assert entry.timestamp == timezone.now()

    client.force_login(client_user)
    page = client.get(reverse("privacy")).content.decode()
    assert physio_user.display_name in page
    assert "Opened your records" in page
    assert "9 Mar 2026" in page


def test_a_level_change_is_recorded_with_the_physiotherapist_as_actor(
    client, program, client_user, physio_user
):
    exercise = ProgramExercise.objects.filter(program=program, level__gte=2).first()
    client.force_login(physio_user)
    response = client.post(
        reverse("physio:exercise_level", args=[client_user.pk, exercise.pk]),
        {"level": 1, "reason": "Pain at the front of the knee"},
    )
    assert response.status_code == 302
    change = _entries(client_user).get(
        action=LogEntry.Action.UPDATE, content_type__model="programexercise"
    )
    assert change.actor == physio_user
    assert change.changes["level"] == [exercise.level, 1]
    client.force_login(client_user)
    page = client.get(reverse("privacy")).content.decode()
    assert "Changed your program exercise (level)" in page


def test_ending_a_link_is_recorded(client, program, client_user, physio_user):
    client.force_login(client_user)
    link = CareLink.objects.get(client=client_user)
    client.post(reverse("sharing_end", args=[link.pk]))
    entry = _entries(client_user).filter(content_type__model="carelink", action=1).get()
    assert entry.actor == client_user
    assert "ended_at" in entry.changes


def test_unlinked_physiotherapist_gets_404_and_leaves_no_access_entry(client, program, client_user):
    stranger = PhysiotherapistFactory()
    client.force_login(stranger)
    assert client.get(reverse("physio:client", args=[client_user.pk])).status_code == 404
    assert not _entries(client_user).filter(actor=stranger).exists()


def test_admin_can_search_the_trail(admin_client, program, client_user, physio_user, client):
    client.force_login(physio_user)
    client.get(reverse("physio:client", args=[client_user.pk]))
    url = reverse("admin:auditlog_logentry_changelist")
    response = admin_client.get(url, {"q": physio_user.username})
    assert response.status_code == 200
    assert client_user.display_name in response.content.decode()
