"""Opening the client review reads the client through the access rule and the review's digest in
one statement (``care.selectors.review_digest.review_opened``): the same person and digest as
reading them apart, nobody else's client, and on PostgreSQL the audit entry's transaction alone
commits without waiting for the disk."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.errors import NotFound
from care.access import client_for_physio
from care.selectors.review_digest import _review_covered, review_opened
from programs.selectors.rows_digest import rows_digest
from tests.factories import CareLinkFactory, PhysiotherapistFactory, UserFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the rows digest is PostgreSQL's"
)


def test_the_client_is_the_one_the_access_rule_finds(physio_user, linked_client):
    person, digest = review_opened(physio_user, linked_client.pk)
    expected = client_for_physio(physio_user, linked_client.pk)
    assert person == expected
    for field in expected._meta.concrete_fields:
        assert getattr(person, field.attname) == getattr(expected, field.attname), field.name
    assert person.display_name == expected.display_name
    assert digest == rows_digest(
        {"client": linked_client.pk, "physio": physio_user.pk}, _review_covered
    )


def test_nobody_but_a_linked_client_is_found(physio_user, linked_client):
    stranger = UserFactory()
    colleague = PhysiotherapistFactory()
    CareLinkFactory(physiotherapist=physio_user, client=colleague)
    ended = UserFactory()
    CareLinkFactory(physiotherapist=physio_user, client=ended, ended_at=timezone.now())
    for client_id in (stranger.pk, colleague.pk, ended.pk, physio_user.pk, 987654):
        with pytest.raises(NotFound):
            review_opened(physio_user, client_id)
    # Another physiotherapist of no one, asking for this physiotherapist's client.
    with pytest.raises(NotFound):
        review_opened(PhysiotherapistFactory(), linked_client.pk)
    # A client asking for themselves.
    with pytest.raises(NotFound):
        review_opened(linked_client, linked_client.pk)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_only_the_access_entrys_transaction_commits_without_waiting_for_the_disk(
    physio_client, physio_user, linked_client
):
    def synchronous_commit() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            return cursor.fetchone()[0]

    assert synchronous_commit() == "on"
    with transaction.atomic():
        review_opened(physio_user, linked_client.pk)
        assert synchronous_commit() == "off"
    assert synchronous_commit() == "on"

    response = physio_client.get(reverse("physio:client", args=[linked_client.pk]))
    assert response.status_code == 200
    assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=physio_user).count() == 1
    # Later commits on the connection (the session's, at the end of the same request) wait for
    # the disk again, and with it for the entry.
    assert synchronous_commit() == "on"
