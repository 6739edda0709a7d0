"""Bulk writes of rows with explicit ids: COPY on PostgreSQL, one executemany elsewhere.

Hundreds of thousands of model instances through ``bulk_create`` take minutes of Python alone;
copying plain tuples into the tables is many times faster. Table and column names come from the
models' ``_meta``, so a model that moves to another app with its table kept needs no change here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Field, Max, Model


def concrete_fields(model: type[Model]) -> list[Field]:
    return [field for field in model._meta.concrete_fields]


def adapt(field: Field, value: Any) -> Any:
    """A Python value as the database driver takes it (JSON, dates, times)."""
    return field.get_db_prep_save(value, connection)


def write(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` (values already adapted, in the order of ``columns``); returns the count."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
        else:
            batch: list[Sequence[Any]] = []
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
            for row in rows:
                batch.append(row)
                if len(batch) >= 5000:
                    cursor.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                count += len(batch)
    # Rows created later through the ORM (or another simulation) must get ids past these.
    reset_sequences([model])
    return count


def next_id(model: type[Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def reset_sequences(models: Iterable[type[Model]]) -> None:
    """After explicit ids, point each table's id sequence past its highest id (PostgreSQL)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def analyze() -> None:
    """Fresh planner statistics, as a database that has been running a while has."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
