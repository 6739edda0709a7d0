"""One digest of every stored row the client review can show, in one query.

The review shows what the client's own pages show (``programs.selectors.rows_digest``) and,
besides: the care link of this physiotherapist and client, every physiotherapist's clinical
notes about the client, the clinicians' clearances, and the people named beside flags, notes and
clearances (with the physiotherapist reading). Any of these rows changing, appearing or going
changes the digest. ``review_digested_models()`` lists what it covers; a test reads the queries
of the review and fails when it reads a table that is not in it.

Every view of the review also checks the link and records the access in the audit trail:
``review_opened`` reads the client through the access rule of ``care.access`` and the digest in
one prepared statement, and lets the transaction that records the access commit without waiting
for the disk (see there why the entry is on disk all the same when the page is served).
"""

from __future__ import annotations

from functools import cache

from django.db import connection
from django.db.models import Model

from accounts.errors import NotFound
from accounts.models import User
from assessments.models import Clearance
from care.access import client_for_physio, physio_check
from care.models import CareLink, ClinicalNote
from programs.models import Flag
from programs.selectors.rows_digest import (
    Covered,
    column,
    digest_expression,
    digested_models,
    table,
)


def _review_covered() -> Covered:
    """What the review shows besides the client's own pages, with which rows."""
    client, physio = "%(client)s", "%(physio)s"

    def of_client(model: type[Model], field: str) -> str:
        return (
            f"SELECT {column(model, field)} FROM {table(model)} "
            f"WHERE {column(model, 'client')} = {client}"
        )

    people = " UNION ".join(
        (
            f"SELECT {physio}",
            of_client(ClinicalNote, "physiotherapist"),
            of_client(Clearance, "recorded_by"),
            of_client(Flag, "acknowledged_by"),
            of_client(Flag, "resolved_by"),
        )
    )
    return [
        (
            CareLink,
            f"row_version.{column(CareLink, 'client')} = {client} "
            f"AND row_version.{column(CareLink, 'physiotherapist')} = {physio}",
        ),
        (ClinicalNote, f"row_version.{column(ClinicalNote, 'client')} = {client}"),
        (Clearance, f"row_version.{column(Clearance, 'client')} = {client}"),
        (User, f"row_version.id IN ({people})"),
    ]


def review_digested_models() -> list[type[Model]]:
    """Every model whose rows the review's digest covers."""
    return digested_models(_review_covered)


@cache
def _opened_statement() -> str:
    """The client, when an active link joins them to the physiotherapist (``care.access``:
    ``clients_of``), with the review's digest; and, for the transaction it runs in, a commit that
    does not wait for the disk."""
    fields = [field.column for field in User._meta.concrete_fields]
    link = (
        f"SELECT 1 FROM {table(CareLink)} WHERE {column(CareLink, 'client')} = %(client)s "
        f"AND {column(CareLink, 'physiotherapist')} = %(physio)s "
        f"AND {column(CareLink, 'ended_at')} IS NULL"
    )
    return (
        f"SELECT {', '.join(connection.ops.quote_name(name) for name in fields)}, "
        f"{digest_expression(_review_covered)}, "
        "set_config('synchronous_commit', 'off', true) "
        f"FROM {table(User)} WHERE id = %(client)s AND {column(User, 'role')} = %(role)s "
        f"AND EXISTS ({link})"
    )


def review_opened(physio: User, client_id: int) -> tuple[User, str | None]:
    """The client ``client_id`` linked to ``physio`` (404 for anyone else, as
    ``care.access.client_for_physio``) and the digest of every row their review can show
    (``None`` where the database cannot take it: SQLite), in one round trip.

    Run it in the transaction that records the access (``accounts.audit.audit_record_access``):
    on PostgreSQL it lets that transaction commit without waiting for the disk
    (``synchronous_commit`` off for this transaction only). The entry is written, and seen by
    every later query, at once; it reaches the disk with the commit of the session's new expiry
    that ends the same request before the page is sent (a commit waits for the write-ahead log
    up to itself, so for every commit before it), or within a fraction of a second when nothing
    else commits. Waiting for the disk twice per view doubled the review's time spent waiting.
    """
    physio_check(physio)
    if connection.vendor != "postgresql":
        return client_for_physio(physio, client_id), None
    params = {"client": client_id, "physio": physio.pk, "role": User.Role.CLIENT.value}
    # Prepared on each connection after a few views, like the client's digest.
    open_cursor = getattr(connection, "prepared_cursor", connection.cursor)
    with open_cursor() as cursor:
        cursor.execute(_opened_statement(), params)
        row = cursor.fetchone()
    if row is None:
        raise NotFound("No such client.")
    *values, digest, _ = row
    names = [field.attname for field in User._meta.concrete_fields]
    return User.from_db(connection.alias, names, values), digest
