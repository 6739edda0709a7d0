"""Rate-limit counters every worker and server shares, leased to each process in blocks.

A counter is a row per (purpose, client address), hashed so the table holds no address: the
number of hits in its current window and when that window ends. Counting is one atomic upsert
that adds a block of hits and starts a new window when the last one has ended, so concurrent
requests are counted exactly, whichever worker or server serves them. A process serves the
block's requests without a further round trip (``RateLeases``); blocks start at one hit, so
low rates are counted request by request. On PostgreSQL the table is UNLOGGED (migration
0004): its writes skip the write-ahead log, so counting never waits for a disk flush; after a
database crash the counters start again from zero, which costs at most one extra window of
requests. With ``REDIS_URL`` the counters are Redis keys instead (one ``INCRBY`` with its expiry).
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from dataclasses import dataclass

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


def _hit_in_database(key: str, seconds: int, now: float, block: int) -> tuple[int, float]:
    quote = connection.ops.quote_name
    table, key_, hits_, ends = (
        quote(name) for name in (RateLimitCounter._meta.db_table, "key", "hits", "window_ends")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_}, {hits_}, {ends}) VALUES (%s, %s, %s) "
            f"ON CONFLICT ({key_}) DO UPDATE SET "
            f"{hits_} = CASE WHEN {table}.{ends} <= %s THEN excluded.{hits_} "
            f"ELSE {table}.{hits_} + excluded.{hits_} END, "
            f"{ends} = CASE WHEN {table}.{ends} <= %s THEN excluded.{ends} ELSE {table}.{ends} END "
            f"RETURNING {hits_}, {ends}",
            [key, block, now + seconds, now, now],
        )
        hits, window_ends = cursor.fetchone()
        if hits == block:
            # A new window: clear counters whose windows ended long ago (other addresses).
            cursor.execute(f"DELETE FROM {table} WHERE {ends} < %s", [now - 24 * 60 * 60])
    return hits, window_ends


def _hit_in_redis(key: str, seconds: int, now: float, block: int) -> tuple[int, float]:
    redis = get_redis_connection("rate_limits")
    name = f"valgus-rate:{key}"
    pipe = redis.pipeline()
    pipe.set(name, 0, ex=seconds, nx=True)
    pipe.incrby(name, block)
    pipe.pttl(name)
    _, hits, ttl_ms = pipe.execute()
    return hits, now + max(ttl_ms, 0) / 1000


def rate_hit(purpose: str, ident: str, seconds: int, block: int = 1) -> tuple[int, float]:
    """Count ``block`` hits of ``purpose`` from ``ident``: (hits in the current window, counting
    these, and its end as a Unix time). A window of ``seconds`` starts at the first hit after
    the last one ended."""
    now = time.time()
    key = counter_key(purpose, ident)
    if settings.REDIS_URL:
        return _hit_in_redis(key, seconds, now, block)
    return _hit_in_database(key, seconds, now, block)


@dataclass
class _Lease:
    """Hits of one key this process has counted in the shared counter and not served yet."""

    window_ends: float
    block: int  # the size of the last block taken
    left: int = 0  # leased hits within the limit, still to serve
    served: int = 0  # requests this process has served in the window
    full: bool = False  # every hit of the window up to the limit is leased by someone


class RateLeases:
    """One process's leases on the shared counters: most requests are counted without a round
    trip, and the limit is never looser than the rate, whatever the number of processes.

    A process that needs a hit adds a block of hits to the shared counter in one statement
    (``rate_hit``) and serves that block's requests itself until the block is used up or the
    window ends. The shared count includes every leased hit, so hits within the limit are
    handed out at most once among all workers and servers, and at most ``limit`` requests a
    window are allowed. The first block of a key in a window is 1 hit, so a person making a few
    calls is counted exactly; each further block of that window is twice the last or, if more,
    what this process will serve until the window ends at its pace so far (``_next_block``), up
    to ``block_cap(limit, processes)``. Hits a process has leased but not served are refused to
    the others: fewer than ``cap`` per process and key (per thread with threaded workers), so while
    at most ``processes`` processes hold leases on one key in a window (a worker recycled
    within the window counts again), the limit is at most 10% stricter than the rate.
    A lease ends with its window. Only a full window is remembered: until it ends every request
    from that key is refused here without a round trip, as the shared counter would refuse it.
    """

    def __init__(self, *, processes: int) -> None:
        self.processes = processes
        self._leases: dict[str, _Lease] = {}
        self._prune_at = _PRUNE_AT
        # gunicorn's threaded workers (GUNICORN_THREADS) serve requests of one process at once.
        self._lock = threading.Lock()

    def take(self, purpose: str, ident: str, *, limit: int, seconds: int) -> tuple[bool, float]:
        """Whether one more request of ``purpose`` from ``ident`` is within ``limit`` a window
        of ``seconds``, and when the window ends."""
        key = counter_key(purpose, ident)
        now = time.time()
        with self._lock:
            lease = self._leases.get(key)
            if lease is not None and lease.window_ends <= now:
                del self._leases[key]
                lease = None
            if lease is not None:
                if lease.left:
                    lease.left -= 1
                    lease.served += 1
                    return True, lease.window_ends
                if lease.full:
                    return False, lease.window_ends
                block = _next_block(lease, now, seconds, block_cap(limit, self.processes))
            else:
                block = 1
        hits, window_ends = rate_hit(purpose, ident, seconds, block)
        # The block's hits are numbers hits - block + 1 ... hits; those up to the limit are ours.
        granted = max(0, min(block, limit - (hits - block)))
        with self._lock:
            lease = self._leases.get(key)
            if lease is None or lease.window_ends < window_ends:
                self._prune(now)
                lease = self._leases[key] = _Lease(window_ends=window_ends, block=block)
            if lease.window_ends == window_ends:
                lease.block = max(lease.block, block)
                lease.left += max(0, granted - 1)
                lease.served += int(granted > 0)
                lease.full = lease.full or hits >= limit
        return granted > 0, window_ends

    def drop(self) -> None:
        """Forget every lease (their hits stay counted in the shared counters)."""
        with self._lock:
            self._leases.clear()

    def _prune(self, now: float) -> None:
        if len(self._leases) < self._prune_at:
            return
        for key in [key for key, lease in self._leases.items() if lease.window_ends <= now]:
            del self._leases[key]
        self._prune_at = max(_PRUNE_AT, 2 * len(self._leases))


_PRUNE_AT = 1024


def _next_block(lease: _Lease, now: float, seconds: int, cap: int) -> int:
    """Twice the last block, or the requests to expect before the window ends at the pace so
    far if more: a key hitting steadily needs about two round trips a window, however short."""
    elapsed = now - (lease.window_ends - seconds)
    expected = math.ceil(lease.served * (lease.window_ends - now) / elapsed) if elapsed > 0 else cap
    return max(1, min(cap, max(2 * lease.block, expected)))


def block_cap(limit: int, processes: int) -> int:
    """The largest block of hits one process leases: ``processes`` processes together hold at
    most a tenth of the limit unserved. 1 (every hit counted in the shared counter) while the
    limit is under 20 x ``processes``, as the default 60 a minute is with 10 processes."""
    return max(1, limit // (10 * processes))
