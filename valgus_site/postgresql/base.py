"""Django's PostgreSQL backend, with the per-request connection health check done locally.

With ``CONN_HEALTH_CHECKS`` Django asks the server ``SELECT 1`` before the first query of every
request that reuses a connection: a round trip as long as the query itself for a request that
makes one statement (the evaluation API counts its rate limit and stores nothing). A connection
the server has closed (a restart, an idle timeout, an administrator ending it) shows it on the
client side without asking: the server writes its goodbye and closes the socket, so an idle
connection whose socket has something to read, or has hung up, is dead. That look costs a system
call instead of a round trip; such a connection is closed and the request opens a fresh one,
exactly as after a failed ``SELECT 1``. Anything unusual (a connection not idle, no ``poll`` on
the platform) falls back to Django's ``SELECT 1``. After a database error Django still asks the
server itself (``close_if_unusable_or_obsolete``), as before.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import pq

_TROUBLE = (
    getattr(select, "POLLIN", 0) | getattr(select, "POLLERR", 0) | getattr(select, "POLLHUP", 0)
)


def idle_connection_alive(connection) -> bool | None:
    """Whether an idle psycopg connection still looks open (no round trip); ``None`` when that
    cannot be told locally."""
    if connection.closed or connection.broken:
        return False
    if (
        not hasattr(select, "poll")
        or connection.info.transaction_status != pq.TransactionStatus.IDLE
    ):
        return None
    try:
        poller = select.poll()
        poller.register(connection.fileno(), _TROUBLE)
        return not poller.poll(0)
    except (OSError, ValueError):
        return False


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            self.pool
            or self.connection is None
            or not self.health_check_enabled
            or self.health_check_done
        ):
            return
        alive = idle_connection_alive(self.connection)
        if alive is None:
            alive = self.is_usable()
        if not alive:
            self.close()
        self.health_check_done = True

    def prepared_cursor(self):
        """A cursor that binds its parameters on the server, wrapped like any other (query
        logging, execute wrappers, error translation).

        psycopg prepares a statement on the connection after it has run a few times through such
        a cursor (``prepare_threshold``), so PostgreSQL stops planning it again: for a statement
        that costs more to plan than to run (the rows digest of a client's pages, a dozen
        subqueries planned in about ten milliseconds) that is most of its cost. Django's own
        cursors bind on the client, which never prepares.
        """
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(base.ServerBindingCursor(self.connection))
