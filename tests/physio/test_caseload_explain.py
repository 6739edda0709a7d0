"""The caseload's queries use indexes on PostgreSQL, whatever the size of the tables around the
physiotherapist's own clients: no sequential scan of the users, links, summaries or flags."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from care.models import CareLink
from care.selectors.caseload import COLUMNS, Sort, caseload_clients, caseload_page
from programs.models import ClientSummary, Flag
from programs.services.summaries import caseload_entries_add
from tests.factories import PhysiotherapistFactory

pytestmark = pytest.mark.django_db

CLIENTS = 20_000
LINKED = 200
BIG_TABLES = (
    "accounts_user",
    "accounts_carelink",
    "programs_clientsummary",
    "programs_caseloadentry",
    "programs_flag",
)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the query plans checked are PostgreSQL's")


@pytest.fixture
def physio():
    """A physiotherapist with 200 linked clients among 20,000, each with a summary, and flags
    spread over every client: enough rows for the planner to prefer indexes to scans, as it does
    with more (a caseload of 1,000 among 100,000 clients is measured by ``make bench``)."""
    mine, other = PhysiotherapistFactory(), PhysiotherapistFactory()
    now = timezone.now()
    today = timezone.localdate()
    users = User.objects.bulk_create(
        User(username=f"bulk{index:05d}", first_name=f"Bulk{index:05d}", password="!")
        for index in range(CLIENTS)
    )
    CareLink.objects.bulk_create(
        CareLink(client=user, physiotherapist=mine if index < LINKED else other)
        for index, user in enumerate(users)
    )
    ClientSummary.objects.bulk_create(
        ClientSummary(
            client=user,
            computed_on=today,
            flag_rank=index % 9,
            flag_raised_at=None if index % 9 == 8 else now - timedelta(hours=index),
            last_activity=today - timedelta(days=index % 40),
            adherence_percent=index % 101,
            pain_latest=index % 11,
        )
        for index, user in enumerate(users)
    )
    Flag.objects.bulk_create(
        Flag(client=user, reason="Pain", source="session", dedupe_key=f"bulk:{index}")
        for index, user in enumerate(users)
        if index % 3 == 0
    )
    caseload_entries_add(physio_id=mine.pk, client_ids=[user.pk for user in users[:LINKED]])
    caseload_entries_add(physio_id=other.pk, client_ids=[user.pk for user in users[LINKED:]])
    with connection.cursor() as cursor:
        for table in BIG_TABLES:
            cursor.execute(f"ANALYZE {table}")
    return mine


def _plans(queries) -> list[str]:
    plans = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN " + sql)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def test_every_order_of_the_caseload_reads_by_index(physio):
    clients = caseload_clients(physio)
    for sort in [*COLUMNS, *(f"-{key}" for key in COLUMNS)]:
        with CaptureQueriesContext(connection) as first_page:
            page = caseload_page(physio, clients, sort=Sort.parse(sort))
        assert len(page.rows) == 25 and page.count == LINKED
        with CaptureQueriesContext(connection) as next_page:
            later = caseload_page(physio, clients, sort=Sort.parse(sort), after=page.next_cursor)
        shown = {row.client.pk for row in page.rows}
        assert shown.isdisjoint(row.client.pk for row in later.rows)

        for plan in _plans([*first_page.captured_queries, *next_page.captured_queries]):
            for table in BIG_TABLES:
                assert not re.search(rf"Seq Scan on {table}\b", plan), f"{sort}:\n{plan}"


def _analysed(query) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN ANALYZE " + query["sql"])
        return "\n".join(row[0] for row in cursor.fetchall())


ORDER_INDEX = {
    "flag": "entry_flag_order",
    "name": "entry_name_order",
    "activity": "entry_activity_order",
    "adherence": "entry_adherence_order",
    "pain": "entry_pain_order",
}


def test_a_page_reads_its_rows_from_the_order_index_and_sorts_only_them(physio):
    """A page of 200 clients reads 26 entries (the page and one to know there is another) from
    the index of its order, either way and from a cursor; nothing sorts the whole list."""
    clients = caseload_clients(physio)
    for sort in [*COLUMNS, *(f"-{key}" for key in COLUMNS)]:
        with CaptureQueriesContext(connection) as pages:
            page = caseload_page(physio, clients, sort=Sort.parse(sort))
            later = caseload_page(physio, clients, sort=Sort.parse(sort), after=page.next_cursor)
            caseload_page(physio, clients, sort=Sort.parse(sort), before=later.previous_cursor)
        statements = [q for q in pages.captured_queries if q["sql"].lstrip().startswith("WITH")]
        assert len(statements) == 3
        index = ORDER_INDEX[sort.removeprefix("-")]
        for query in statements:
            plan = _analysed(query)
            read = re.search(
                rf"Index (?:Only )?Scan (?:Backward )?using {index} .*rows=(\d+) ", plan
            )
            assert read and int(read.group(1)) <= 26, f"{sort}:\n{plan}"
            for rows in re.findall(r"Sort .*actual time=\S+ rows=(\d+) ", plan):
                assert int(rows) <= 26, f"{sort}:\n{plan}"
