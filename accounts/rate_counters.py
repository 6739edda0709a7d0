"""Rate-limit counters every worker and server shares, at one statement per counted request.

A counter is a row per (purpose, client address), hashed so the table holds no address: the
number of hits in its current window and when that window ends. Counting is one atomic upsert
that starts a new window when the last one has ended, so concurrent requests are counted
exactly, whichever worker or server serves them. On PostgreSQL the table is UNLOGGED (migration
0004): its writes skip the write-ahead log, so counting never waits for a disk flush; after a
database crash the counters start again from zero, which costs at most one extra window of
requests. With ``REDIS_URL`` the counters are Redis keys instead (one ``INCR`` with its expiry).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.db import connection, models
from django_redis import get_redis_connection


class RateLimitCounter(models.Model):
    """Hits of one purpose from one client address in the window ending at ``window_ends``."""

    key = models.CharField(max_length=64, unique=True)
    hits = models.PositiveIntegerField(default=0)
    window_ends = models.FloatField(db_index=True)

    class Meta:
        verbose_name = "rate-limit counter"

    def __str__(self) -> str:
        return f"{self.hits} hit(s) until {self.window_ends:.0f}"


def counter_key(purpose: str, ident: str) -> str:
    return hashlib.sha256(f"{purpose}|{ident}".encode()).hexdigest()


def _hit_in_database(key: str, seconds: int, now: float) -> tuple[int, float]:
    quote = connection.ops.quote_name
    table, key_, hits_, ends = (
        quote(name) for name in (RateLimitCounter._meta.db_table, "key", "hits", "window_ends")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_}, {hits_}, {ends}) VALUES (%s, 1, %s) "
            f"ON CONFLICT ({key_}) DO UPDATE SET "
            f"{hits_} = CASE WHEN {table}.{ends} <= %s THEN 1 ELSE {table}.{hits_} + 1 END, "
            f"{ends} = CASE WHEN {table}.{ends} <= %s THEN excluded.{ends} ELSE {table}.{ends} END "
            f"RETURNING {hits_}, {ends}",
            [key, now + seconds, now, now],
        )
        hits, window_ends = cursor.fetchone()
        if hits == 1:
            # A new window: clear counters whose windows ended long ago (other addresses).
            cursor.execute(f"DELETE FROM {table} WHERE {ends} < %s", [now - 24 * 60 * 60])
    return hits, window_ends


def _hit_in_redis(key: str, seconds: int, now: float) -> tuple[int, float]:
    redis = get_redis_connection("rate_limits")
    name = f"valgus-rate:{key}"
    pipe = redis.pipeline()
    pipe.set(name, 0, ex=seconds, nx=True)
    pipe.incr(name)
    pipe.pttl(name)
    _, hits, ttl_ms = pipe.execute()
    return hits, now + max(ttl_ms, 0) / 1000


def rate_hit(purpose: str, ident: str, seconds: int) -> tuple[int, float]:
    """Count one hit of ``purpose`` from ``ident``: (hits in the current window, its end as a
    Unix time). A window of ``seconds`` starts at the first hit after the last one ended."""
    now = time.time()
    key = counter_key(purpose, ident)
    if settings.REDIS_URL:
        return _hit_in_redis(key, seconds, now)
    return _hit_in_database(key, seconds, now)
