"""The client review costs a fixed number of queries, whatever the length of the history, and
recording the access in the audit trail costs one insert. (A repeat view of content kept
rendered costs a handful: tests/physio/test_review_cache.py.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.cache import caches
from django.urls import reverse

from programs.fragments import PAGE_CACHE
from tests.dates import START, aware
from tests.factories import CareLinkFactory, MessageFactory, ProgramFactory, UserFactory
from tests.programs.test_views import _bulk_history

pytestmark = pytest.mark.django_db


def linked_with_history(physio, weeks: int):
    person = UserFactory()
    program = ProgramFactory(client=person, start_date=START)
    _bulk_history(program, START + timedelta(days=weeks * 7 - 1))
    CareLinkFactory(physiotherapist=physio, client=person)
    for index in range(weeks * 2):
        MessageFactory(client=person, physiotherapist=physio, body=f"m{index}")
    return person


def review(client, person):
    return client.get(reverse("physio:client", args=[person.pk]))


def test_the_review_costs_the_same_queries_for_1_or_12_weeks(
    client, physio_user, django_assert_max_num_queries
):
    short = linked_with_history(physio_user, 1)
    long = linked_with_history(physio_user, 12)
    with time_machine.travel(aware(START + timedelta(days=12 * 7 - 1)), tick=False):
        client.force_login(physio_user)
        review(client, short)  # the first view of each kind fills the per-process caches
        # Each view computed, not the content kept by the one before (on PostgreSQL the access
        # check and the audit entry are one transaction: two savepoints more in a test).
        caches[PAGE_CACHE].clear()
        with django_assert_max_num_queries(31) as one_week:
            assert review(client, short).status_code == 200
        with django_assert_max_num_queries(31) as twelve_weeks:
            response = review(client, long)
    assert response.status_code == 200
    assert len(twelve_weeks.captured_queries) == len(one_week.captured_queries)


def test_the_access_audit_is_one_insert(client, physio_user, django_assert_max_num_queries):
    person = linked_with_history(physio_user, 2)
    with time_machine.travel(aware(START + timedelta(days=13)), tick=False):
        client.force_login(physio_user)
        review(client, person)
        # The access check and the audit entry are one transaction (in a test, a savepoint and
        # its release more).
        with django_assert_max_num_queries(31) as queries:
            review(client, person)
    audit = [
        query["sql"]
        for query in queries.captured_queries
        if "auditlog_logentry" in query["sql"] or "django_content_type" in query["sql"]
    ]
    assert len(audit) == 1 and audit[0].startswith("INSERT INTO")
    seen = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, actor=physio_user)
    assert seen.count() == 2
    assert seen.first().additional_data["client_id"] == person.pk
