"""Fixtures for the physiotherapist workspace: a fixed "today", a client with a program linked
to a physiotherapist, and a way to link more clients."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from care.models import CareLink
from tests.factories import PhysiotherapistFactory, UserFactory
from tests.programs.helpers import aware, log_session, make_program

# A Monday three weeks into a program that started on Monday 2 March 2026.
START = date(2026, 3, 2)
TODAY = date(2026, 3, 23)


@pytest.fixture
def today(time_machine):
    time_machine.move_to(aware(TODAY, 10), tick=False)
    return TODAY


def link(physio, client) -> CareLink:
    return CareLink.objects.create(
        physiotherapist=physio, client=client, consented_at=timezone.now()
    )


@pytest.fixture
def linked_client(today, physio_user, client_user):
    """client_user linked to physio_user, with a program started three weeks ago and logs."""
    program = make_program(client_user, start_date=START)
    for day in (date(2026, 3, 16), date(2026, 3, 18), date(2026, 3, 20)):
        log_session(program, day, pain_during=2)
    link(physio_user, client_user)
    return client_user


@pytest.fixture
def program(linked_client):
    return linked_client.programs.get()


@pytest.fixture
def physio_client(client, physio_user):
    client.force_login(physio_user)
    return client


@pytest.fixture
def other_physio(db):
    return PhysiotherapistFactory()


@pytest.fixture
def make_linked(today, physio_user):
    def _make(**kwargs):
        person = UserFactory(**kwargs)
        link(physio_user, person)
        return person

    return _make
