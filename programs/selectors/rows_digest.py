"""One digest of every stored row a client's own program pages can show, in one query.

Today and Progress read a dozen tables for a page whose data changes a few times a day. The
digest is taken by PostgreSQL over the whole text of each row (any column of any of these rows
changing, or a row appearing or going, changes it), so a page rendered for one digest can be
served again while the digest stays the same: no write has to remember to invalidate anything.
``digested_models()`` lists what it covers; a test reads the queries of each page and fails when a
page reads a table that is not in it.

Other databases have no digest (``None``): pages are then computed on every view.
"""

from __future__ import annotations

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


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _ids(model: type[Model], field: str, within: str) -> str:
    return f"SELECT id FROM {_table(model)} WHERE {_column(model, field)} IN ({within})"


def _rows(model: type[Model], where: str) -> str:
    """Each row of ``model`` matching ``where`` as its id and row version, in id order.

    PostgreSQL writes a new version of a row on every update, numbered by the transaction that
    wrote it (``xmin``, the row version Npgsql and others use for optimistic concurrency): any
    change to any column of the row gives it a new number."""
    return (
        f"(SELECT coalesce(string_agg(row_version.id || ':' || row_version.xmin, ',' "
        f"ORDER BY row_version.id), '') FROM {_table(model)} row_version WHERE {where})"
    )


def _covered() -> list[tuple[type[Model], str]]:
    """Each model the digest covers, with which of its rows."""
    client = "%(client)s"
    programs = f"SELECT id FROM {_table(Program)} WHERE {_column(Program, 'client')} = {client}"
    sessions = _ids(ScheduledSession, "program", programs)
    exercises = _ids(ProgramExercise, "program", programs)
    assessments = (
        f"SELECT id FROM {_table(Assessment)} WHERE {_column(Assessment, 'owner')} = {client}"
    )
    # The people named on the pages: the client, the physiotherapists who wrote, changed the
    # program or assessed in clinic.
    people = " UNION ".join(
        (
            f"SELECT {client}",
            f"SELECT {_column(Message, 'physiotherapist')} FROM {_table(Message)} "
            f"WHERE {_column(Message, 'client')} = {client}",
            f"SELECT {_column(ProgramChange, 'actor')} FROM {_table(ProgramChange)} "
            f"WHERE {_column(ProgramChange, 'program')} IN ({programs})",
            f"SELECT {_column(Assessment, 'assessed_by')} FROM {_table(Assessment)} "
            f"WHERE id IN ({assessments})",
        )
    )
    return [
        (Program, f"row_version.id IN ({programs})"),
        (Assessment, f"row_version.id IN ({assessments})"),
        (User, f"row_version.id IN ({people})"),
        (Message, f"row_version.{_column(Message, 'client')} = {client}"),
        (Flag, f"row_version.{_column(Flag, 'client')} = {client}"),
        (ProgramChange, f"row_version.{_column(ProgramChange, 'program')} IN ({programs})"),
        (ProgramExercise, f"row_version.id IN ({exercises})"),
        (
            ProgressionDecision,
            f"row_version.{_column(ProgressionDecision, 'program_exercise')} IN ({exercises})",
        ),
        (ScheduledSession, f"row_version.id IN ({sessions})"),
        (ExerciseLog, f"row_version.{_column(ExerciseLog, 'session')} IN ({sessions})"),
        (CheckIn, f"row_version.{_column(CheckIn, 'session')} IN ({sessions})"),
    ]


def _statement() -> str:
    parts = ", ".join(_rows(model, where) for model, where in _covered())
    return f"SELECT md5(concat_ws(',', {parts}))"


def digested_models() -> list[type[Model]]:
    """Every model whose rows the digest covers (the people only as named on the pages)."""
    return [model for model, _ in _covered()]


_STATEMENT: str | None = None


def client_rows_digest(user: User) -> str | None:
    """The digest of every row the client's program pages can show (one query), or ``None``
    where the database cannot take it (SQLite)."""
    global _STATEMENT
    if connection.vendor != "postgresql":
        return None
    if _STATEMENT is None:
        _STATEMENT = _statement()
    # Prepared on each connection after a few views: planning it costs more than running it.
    open_cursor = getattr(connection, "prepared_cursor", connection.cursor)
    with open_cursor() as cursor:
        cursor.execute(_STATEMENT, {"client": user.pk})
        return cursor.fetchone()[0]
