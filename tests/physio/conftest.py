"""Fixtures for the physiotherapist workspace: a client with a program linked to a
physiotherapist, and a way to link more clients. The clock is stopped three weeks into the
program (``today``, tests/conftest.py)."""

from __future__ import annotations

from datetime import date

import pytest

from care.models import CareLink
from tests.dates import START, THREE_WEEKS_IN
from tests.factories import CareLinkFactory, PhysiotherapistFactory, ProgramFactory, UserFactory
from tests.programs.helpers import log_session

TODAY = THREE_WEEKS_IN  # the name these tests use for it

__all__ = ["START", "TODAY", "link"]


def link(physio, client) -> CareLink:
    return CareLinkFactory(physiotherapist=physio, client=client)


@pytest.fixture
def linked_client(today, physio_user, client_user):
    """client_user linked to physio_user, with a program started three weeks ago and logs."""
    program = ProgramFactory(client=client_user, start_date=START)
    for day in (date(2026, 3, 16), date(2026, 3, 18), date(2026, 3, 20)):
        log_session(program, day, pain_during=2)
    CareLinkFactory(physiotherapist=physio_user, client=client_user)
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
        return CareLinkFactory(physiotherapist=physio_user, client=UserFactory(**kwargs)).client

    return _make
