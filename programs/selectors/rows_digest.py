"""One digest of every stored row a client's own program pages can show, in one query.

Today and Progress read a dozen tables for a page whose data changes a few times a day. The
digest is taken by PostgreSQL over the whole text of each row (any column of any of these rows
changing, or a row appearing or going, changes it), so a page rendered for one digest can be
served again while the digest stays the same: no write has to remember to invalidate anything.
``digested_models()`` lists what it covers; a test reads the queries of each page and fails when a
page reads a table that is not in it.

A page that shows more than the client's program (the physiotherapist's review of the client)
takes the same digest with its own rows added (``rows_digest`` with ``extra``), in the same query.

Other databases have no digest (``None``): pages are then computed on every view.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache

from django.db import connection
from django.db.models import Model

from accounts.models import User
from assessments.models import Assessment
from programs.models import (
    CheckIn,
    ExerciseLog,
    Flag,
    Message,
    Program,
    ProgramChange,
    ProgramExercise,
    ProgressionDecision,
    ScheduledSession,
)

# Which rows of a model a digest covers: the model and an SQL condition on ``row_version`` (the
# row), with ``%(name)s`` parameters.
Covered = list[tuple[type[Model], str]]


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(model: type[Model], field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _ids(model: type[Model], field: str, within: str) -> str:
    return f"SELECT id FROM {table(model)} WHERE {column(model, field)} IN ({within})"


def _rows(model: type[Model], where: str) -> str:
    """Each row of ``model`` matching ``where`` as its id and row version, in id order.

    PostgreSQL writes a new version of a row on every update, numbered by the transaction that
    wrote it (``xmin``, the row version Npgsql and others use for optimistic concurrency): any
    change to any column of the row gives it a new number."""
    return (
        f"(SELECT coalesce(string_agg(row_version.id || ':' || row_version.xmin, ',' "
        f"ORDER BY row_version.id), '') FROM {table(model)} row_version WHERE {where})"
    )


def _covered() -> Covered:
    """Each model the client's digest covers, with which of its rows."""
    client = "%(client)s"
    programs = f"SELECT id FROM {table(Program)} WHERE {column(Program, 'client')} = {client}"
    sessions = _ids(ScheduledSession, "program", programs)
    exercises = _ids(ProgramExercise, "program", programs)
    assessments = (
        f"SELECT id FROM {table(Assessment)} WHERE {column(Assessment, 'owner')} = {client}"
    )
    # The people named on the pages: the client, the physiotherapists who wrote, changed the
    # program or assessed in clinic.
    people = " UNION ".join(
        (
            f"SELECT {client}",
            f"SELECT {column(Message, 'physiotherapist')} FROM {table(Message)} "
            f"WHERE {column(Message, 'client')} = {client}",
            f"SELECT {column(ProgramChange, 'actor')} FROM {table(ProgramChange)} "
            f"WHERE {column(ProgramChange, 'program')} IN ({programs})",
            f"SELECT {column(Assessment, 'assessed_by')} FROM {table(Assessment)} "
            f"WHERE id IN ({assessments})",
        )
    )
    return [
        (Program, f"row_version.id IN ({programs})"),
        (Assessment, f"row_version.id IN ({assessments})"),
        (User, f"row_version.id IN ({people})"),
        (Message, f"row_version.{column(Message, 'client')} = {client}"),
        (Flag, f"row_version.{column(Flag, 'client')} = {client}"),
        (ProgramChange, f"row_version.{column(ProgramChange, 'program')} IN ({programs})"),
        (ProgramExercise, f"row_version.id IN ({exercises})"),
        (
            ProgressionDecision,
            f"row_version.{column(ProgressionDecision, 'program_exercise')} IN ({exercises})",
        ),
        (ScheduledSession, f"row_version.id IN ({sessions})"),
        (ExerciseLog, f"row_version.{column(ExerciseLog, 'session')} IN ({sessions})"),
        (CheckIn, f"row_version.{column(CheckIn, 'session')} IN ({sessions})"),
    ]


@cache
def digest_expression(extra: Callable[[], Covered] | None = None) -> str:
    """The digest as an SQL expression with ``%(name)s`` parameters, for a statement that reads
    something else in the same round trip (the client review's access check)."""
    covered = _covered() + (extra() if extra is not None else [])
    parts = ", ".join(_rows(model, where) for model, where in covered)
    return f"md5(concat_ws(',', {parts}))"


def _statement(extra: Callable[[], Covered] | None) -> str:
    return f"SELECT {digest_expression(extra)}"


def digested_models(extra: Callable[[], Covered] | None = None) -> list[type[Model]]:
    """Every model whose rows the digest covers (the people only as named on the pages), with
    those ``extra`` adds."""
    return [model for model, _ in _covered() + (extra() if extra is not None else [])]


def rows_digest(
    params: Mapping[str, object], extra: Callable[[], Covered] | None = None
) -> str | None:
    """The digest of every row the client's program pages can show and of the rows ``extra``
    adds (``params`` has the client's id as ``client`` and what ``extra`` names), in one query;
    ``None`` where the database cannot take it (SQLite)."""
    if connection.vendor != "postgresql":
        return None
    # Prepared on each connection after a few views: planning it costs more than running it.
    open_cursor = getattr(connection, "prepared_cursor", connection.cursor)
    with open_cursor() as cursor:
        cursor.execute(_statement(extra), params)
        return cursor.fetchone()[0]


def client_rows_digest(user: User) -> str | None:
    """The digest of every row the client's program pages can show (one query), or ``None``
    where the database cannot take it (SQLite)."""
    return rows_digest({"client": user.pk})
