"""One digest of every stored row the client review can show, in one query.

The review shows what the client's own pages show (``programs.selectors.rows_digest``) and,
besides: the care link of this physiotherapist and client, every physiotherapist's clinical
notes about the client, the clinicians' clearances, and the people named beside flags, notes and
clearances (with the physiotherapist reading). Any of these rows changing, appearing or going
changes the digest. ``review_digested_models()`` lists what it covers; a test reads the queries
of the review and fails when it reads a table that is not in it.
"""

from __future__ import annotations

from django.db.models import Model

from accounts.models import User
from assessments.models import Clearance
from care.models import CareLink, ClinicalNote
from programs.models import Flag
from programs.selectors.rows_digest import Covered, column, digested_models, rows_digest, table


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


def review_rows_digest(physio: User, client: User) -> str | None:
    """The digest of every row the review of ``client`` by ``physio`` can show (one query), or
    ``None`` where the database cannot take it (SQLite). The caller has checked the link."""
    return rows_digest({"client": client.pk, "physio": physio.pk}, _review_covered)
