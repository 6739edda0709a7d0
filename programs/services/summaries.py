"""Keeping each client's caseload summary (``ClientSummary``) equal to what it summarises.

Every service that changes a summarised fact (a log, a check-in, a flag raised, acknowledged or
resolved, a program started, paused, resumed or completed) calls :func:`client_summary_refresh`
in its own transaction, so the caseload never shows a stale row. The figures that move with the
calendar alone (adherence, the pain trend) are refreshed by the daily job
(:func:`client_summaries_refresh_stale`); ``manage.py rebuild_client_summaries`` rebuilds all.

The caseload entries (``CaseloadEntry``, one per physiotherapist the client shares with) copy the
summary's sort values and the client's name: they are stored with the summary, in the same
transaction, and made and removed with the care link.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from itertools import islice

from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from programs.models import CaseloadEntry, ClientSummary
from programs.selectors.summaries import (
    ENTRY_VALUES,
    FIELDS,
    PAIN_TREND_DAYS,
    entry_stand_ins,
    summaries_compute,
)

BATCH = 500


def _store(computed: dict[int, dict], now: datetime | None = None) -> int:
    now = now or timezone.now()
    existing = set(ClientSummary.objects.filter(pk__in=computed).values_list("pk", flat=True))
    new = [
        ClientSummary(client_id=client_id, updated_at=now, **values)
        for client_id, values in computed.items()
        if client_id not in existing
    ]
    changed = [
        ClientSummary(client_id=client_id, updated_at=now, **values)
        for client_id, values in computed.items()
        if client_id in existing
    ]
    # ignore_conflicts: a concurrent refresh of the same new client already inserted its row,
    # from the same facts.
    ClientSummary.objects.bulk_create(new, ignore_conflicts=True)
    if changed:
        ClientSummary.objects.bulk_update(changed, [*_columns(), "updated_at"])
    return len(computed)


def _columns() -> list[str]:
    return [name.removesuffix("_id") if name.endswith("_id") else name for name in FIELDS]


def client_summary_refresh(
    *, client_id: int, today: date | None = None, now: datetime | None = None
) -> None:
    """Recompute one client's summary (called by every service that changes its inputs), as
    of ``today`` and stamped ``now`` (the daily job's day and moment; the real clock by
    default)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        computed = summaries_compute([client_id], today=today)
        # One row: a plain UPDATE (bulk_update's CASE per column costs more than the rest of
        # the refresh); the client's first summary is inserted.
        values = {**computed[client_id], "updated_at": now or timezone.now()}
        if not ClientSummary.objects.filter(pk=client_id).update(**values):
            _store(computed, now)
        caseload_entries_refresh(client_ids=[client_id])


def _batches(ids: Iterable[int]) -> Iterator[list[int]]:
    iterator = iter(ids)
    while batch := list(islice(iterator, BATCH)):
        yield batch


def client_summaries_refresh(
    *, client_ids: Iterable[int], today: date, now: datetime | None = None
) -> int:
    """Recompute the summaries of many clients, a batch per transaction; how many."""
    total = 0
    for batch in _batches(client_ids):
        with transaction.atomic():
            total += _store(summaries_compute(batch, today=today), now)
            caseload_entries_refresh(client_ids=batch)
    return total


def client_summaries_refresh_stale(
    *, today: date, clients: QuerySet[User] | None = None, now: datetime | None = None
) -> int:
    """The daily job's part: every client (of ``clients``, all by default) whose summary was
    computed before ``today`` (the adherence window and the pain trend moved on), and every
    client without one yet."""
    clients = User.objects.filter(role=User.Role.CLIENT) if clients is None else clients
    old = ClientSummary.objects.filter(computed_on__lt=today, client__in=clients)
    # Without a current program or a log in the pain trend's window nothing moves with the
    # calendar (a later log refreshes the row): only the day changes, in one UPDATE.
    moving = Q(program__isnull=False) | Q(last_activity__gte=today - timedelta(PAIN_TREND_DAYS))
    with transaction.atomic():
        old.exclude(moving).update(computed_on=today)
    stale = old.filter(moving).values_list("pk", flat=True)
    missing = clients.filter(summary__isnull=True).values_list("pk", flat=True)
    ids = sorted({*stale.iterator(), *missing.iterator()})
    return client_summaries_refresh(client_ids=ids, today=today, now=now)


def client_summaries_create_missing(*, today: date) -> int:
    """A summary for every client without one (after a restore or an upgrade); how many."""
    missing = User.objects.filter(role=User.Role.CLIENT, summary__isnull=True).values_list(
        "pk", flat=True
    )
    return client_summaries_refresh(client_ids=list(missing.order_by("pk")), today=today)


def client_summaries_rebuild(*, today: date) -> int:
    """Every client's summary recomputed from scratch (existing data, or after a change to the
    definition); how many."""
    ids = User.objects.filter(role=User.Role.CLIENT).order_by("pk").values_list("pk", flat=True)
    return client_summaries_refresh(client_ids=list(ids), today=today)


_ENTRIES = CaseloadEntry._meta.db_table
_USERS = User._meta.db_table
_SUMMARIES = ClientSummary._meta.db_table


def _entry_values_sql(client_ids: list[int]) -> tuple[str, list]:
    """Each client's entry values (``ENTRY_VALUES``) worked out from the summary and the name:
    a SELECT of ``client_id`` and the values, and its parameters."""
    names = ", ".join(f"{expression} AS {column}" for column, expression in ENTRY_VALUES)
    marks = ", ".join(["%s"] * len(client_ids))
    sql = (
        f"SELECT u.id AS client_id, {names} FROM {_USERS} u "
        f"LEFT JOIN {_SUMMARIES} s ON s.client_id = u.id WHERE u.id IN ({marks})"
    )
    return sql, [*entry_stand_ins(), *client_ids]


def caseload_entries_refresh(*, client_ids: list[int]) -> None:
    """Copy the clients' summaries and names into their caseload entries (one statement)."""
    if not client_ids:
        return
    values, params = _entry_values_sql(client_ids)
    columns = ", ".join(f"{column} = v.{column}" for column, _ in ENTRY_VALUES)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_ENTRIES} SET {columns} FROM ({values}) v "
            f"WHERE {_ENTRIES}.client_id = v.client_id",
            params,
        )


def account_name_changed(*, user_id: int) -> None:
    """The person's name changed: the caseloads they are in sort them by the new one."""
    caseload_entries_refresh(client_ids=[user_id])


@transaction.atomic
def caseload_entries_add(*, physio_id: int, client_ids: Iterable[int]) -> None:
    """The clients now share with the physiotherapist: their entries in the caseload, from
    their summaries as stored (a client's care link is made with their consent)."""
    columns = ", ".join(column for column, _ in ENTRY_VALUES)
    for batch in _batches(client_ids):
        values, params = _entry_values_sql(batch)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {_ENTRIES} (physio_id, client_id, {columns}) "
                f"SELECT %s, v.client_id, {columns} FROM ({values}) v",
                [physio_id, *params],
            )


@transaction.atomic
def caseload_entry_remove(*, physio_id: int, client_id: int) -> None:
    """The care link ended: the client leaves the physiotherapist's caseload."""
    CaseloadEntry.objects.filter(physio_id=physio_id, client_id=client_id).delete()
