"""The rows digest of a client's pages is prepared on its connection after a few views, so
PostgreSQL stops planning a statement that costs more to plan than to run; every other query
still binds on the client and is never prepared. Needs PostgreSQL."""

from __future__ import annotations

import pytest
from django.db import connection

from accounts.models import User
from programs.selectors.rows_digest import client_rows_digest
from tests.factories import ProgramFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")


def _prepared() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return cursor.fetchall()


def test_the_digest_is_prepared_after_a_few_views_and_gives_the_same_answer():
    program = ProgramFactory()
    first = client_rows_digest(program.client)
    for _ in range(7):
        assert client_rows_digest(program.client) == first

    prepared = [(text, runs) for text, runs in _prepared() if "md5(concat_ws" in text]
    assert len(prepared) == 1
    assert prepared[0][1] >= 2
    # Another client's digest runs the same prepared statement with its own answer.
    other = UserFactory()
    assert client_rows_digest(other) != first
    assert [runs for text, runs in _prepared() if "md5(concat_ws" in text][0] > prepared[0][1]


def test_other_queries_are_not_prepared():
    for _ in range(7):
        list(User.objects.filter(pk=0))
    assert all("md5(concat_ws" in text for text, _ in _prepared())
