"""A reused database connection is checked before each request's first query without asking
the server (valgus_site/postgresql): a healthy one is used as it is, one the server has ended
is replaced, so the request works instead of failing. Needs PostgreSQL."""

from __future__ import annotations

import os
import time

import psycopg
import pytest
from django.db import connection

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the check is PostgreSQL's")


def _server_url() -> str:
    return os.environ.get("DATABASE_URL", "").rsplit("/", 1)[0]


def _last_statement(pid: int) -> str:
    name = connection.settings_dict["NAME"]
    with psycopg.connect(f"{_server_url()}/{name}", autocommit=True) as other:
        row = other.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone()
    return row[0] if row else ""


def _next_request() -> None:
    """What Django does between two requests of a worker (``close_old_connections``)."""
    connection.close_if_unusable_or_obsolete()


def test_a_healthy_connection_is_reused_without_a_round_trip():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid(), 'before the next request'")
        pid = cursor.fetchone()[0]
    raw = connection.connection
    _next_request()

    connection.close_if_health_check_failed()

    assert connection.connection is raw
    assert connection.health_check_done
    assert "before the next request" in _last_statement(pid)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] == pid


def test_a_connection_the_server_ended_is_replaced_before_the_first_query():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    name = connection.settings_dict["NAME"]
    with psycopg.connect(f"{_server_url()}/{name}", autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    for _ in range(50):  # the server's goodbye reaches the socket at once; allow for a slow one
        if _last_statement(pid) == "":
            break
        time.sleep(0.05)
    _next_request()

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid
