"""Two daily jobs sending the physiotherapists' digests at the same moment (two servers, a
retried batch) send each digest once: the day's ``DigestSent`` row is written first and the
second run waits for it. Needs PostgreSQL: SQLite serialises all writers."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from care.models import DigestSent, NotificationSent
from care.services.notifications import digest_send
from tests.dates import THREE_WEEKS_IN
from tests.factories import CareEventFactory, CareLinkFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the race needs a database with concurrent writers (PostgreSQL)")


def test_two_simultaneous_digests_send_one_email():
    link = CareLinkFactory()
    for _ in range(3):
        CareEventFactory(client=link.client)
    barrier = threading.Barrier(2, timeout=20)
    told: list[int] = []
    errors: list[BaseException] = []

    def send():
        try:
            barrier.wait()
            told.append(digest_send(physio=link.physiotherapist, day=THREE_WEEKS_IN))
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sorted(told) == [0, 3]
    assert len(mail.outbox) == 1
    assert DigestSent.objects.count() == 1 and NotificationSent.objects.count() == 3
