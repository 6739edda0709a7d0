"""The API's counters are shared by every worker and server (a table without Redis): here two
throttles stand for two gunicorn workers (the deploy test runs the real thing on PostgreSQL)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.db import connection

from accounts.rate_counters import (
    RateLeases,
    RateLimitCounter,
    block_cap,
    counter_key,
    rate_hit,
)
from accounts.rate_limits import ClientAddressRateThrottle

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(bool(settings.REDIS_URL), reason="counters are in Redis here"),
]


def _worker() -> ClientAddressRateThrottle:
    """A throttle of its own, as each worker process has."""
    return ClientAddressRateThrottle("10/min", scope="evaluate")


def test_two_workers_count_together(rf):
    first, second = _worker(), _worker()
    request = rf.post("/api/v1/assessments/evaluate", REMOTE_ADDR="203.0.113.9")
    allowed = [(first if n % 2 else second).allow_request(request) for n in range(14)]
    assert allowed == [True] * 10 + [False] * 4
    other = rf.post("/api/v1/assessments/evaluate", REMOTE_ADDR="198.51.100.1")
    assert first.allow_request(other)


def test_over_the_limit_retry_after_is_when_the_window_ends(rf):
    throttle = _worker()
    request = rf.post("/api/v1/assessments/evaluate", REMOTE_ADDR="203.0.113.9")
    for _ in range(11):
        throttle.allow_request(request)
    assert 55 < throttle.wait() <= 60


def test_a_new_window_starts_when_the_last_one_ended():
    assert rate_hit("evaluate", "203.0.113.9", 60)[0] == 1
    assert rate_hit("evaluate", "203.0.113.9", 60)[0] == 2
    RateLimitCounter.objects.update(window_ends=time.time() - 1)
    hits, window_ends = rate_hit("evaluate", "203.0.113.9", 60)
    assert hits == 1 and window_ends > time.time() + 55


def test_counting_is_one_statement_and_keeps_no_address(django_assert_num_queries):
    rate_hit("evaluate", "203.0.113.9", 60)  # the window's first hit also clears old counters
    with django_assert_num_queries(1):
        assert rate_hit("evaluate", "203.0.113.9", 60)[0] == 2
    (counter,) = RateLimitCounter.objects.all()
    assert counter.key == counter_key("evaluate", "203.0.113.9")
    assert "203.0.113.9" not in counter.key


def test_counters_of_windows_long_gone_are_cleared():
    RateLimitCounter.objects.create(key="old", hits=3, window_ends=time.time() - 2 * 86400)
    rate_hit("evaluate", "203.0.113.9", 60)
    assert not RateLimitCounter.objects.filter(key="old").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_on_postgresql_the_counters_skip_the_write_ahead_log():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relpersistence FROM pg_class WHERE relname = %s",
            [RateLimitCounter._meta.db_table],
        )
        assert cursor.fetchone()[0] == "u"


# --- leases: most requests counted without a round trip, never more than the rate -------------


def _holder(limit: int, processes: int):
    """A worker's leases at ``limit`` a minute, sized for ``processes`` workers."""
    leases = RateLeases(processes=processes)
    return lambda ident="203.0.113.9": leases.take("evaluate", ident, limit=limit, seconds=60)


def test_the_shared_count_is_never_behind_the_calls_served():
    cap = block_cap(1000, processes=2)
    take = _holder(limit=1000, processes=2)
    for served in range(1, 200):
        assert take()[0]
        hits = RateLimitCounter.objects.get().hits
        assert served <= hits < served + cap


def test_two_workers_leasing_blocks_never_let_more_than_the_limit_through():
    limit = 1000
    first, second = _holder(limit, processes=2), _holder(limit, processes=2)
    pattern = [first, first, second, first, second, second, second, first]
    allowed = sum(pattern[n % len(pattern)]()[0] for n in range(2 * limit))
    assert allowed <= limit
    # What the other worker has leased and not served is refused: at most a tenth of the limit.
    assert allowed >= limit * 0.9
    assert RateLimitCounter.objects.get().hits >= allowed


def test_leases_spare_most_round_trips(django_assert_max_num_queries):
    take = _holder(limit=10_000, processes=10)  # blocks of up to 100 hits
    take()  # the window's first call also clears old counters
    with django_assert_max_num_queries(12):
        assert all(take()[0] for _ in range(500))


def test_a_full_window_is_refused_until_it_ends_with_retry_after(
    django_assert_num_queries, time_machine
):
    time_machine.move_to(time.time(), tick=False)
    take = _holder(limit=100, processes=1)  # blocks of up to 10
    assert all(take()[0] for _ in range(100))
    allowed, window_ends = take()
    assert not allowed and 59 < window_ends - time.time() <= 60
    with django_assert_num_queries(0):
        assert not take()[0]
    time_machine.shift(61)
    assert take()[0]


def test_a_lease_never_outlives_its_window(time_machine):
    time_machine.move_to(time.time(), tick=False)
    take = _holder(limit=1000, processes=1)  # blocks of up to 100
    for _ in range(10):
        take()
    assert RateLimitCounter.objects.get().hits > 10  # hits leased and not served yet
    time_machine.shift(60)
    allowed, window_ends = take()
    # Served from a new window, not from the hits left of the last one.
    assert allowed and RateLimitCounter.objects.get().hits == 1
    assert window_ends - time.time() == pytest.approx(60)


def test_a_steady_caller_costs_about_two_round_trips_a_window(
    django_assert_max_num_queries, time_machine
):
    time_machine.move_to(time.time(), tick=False)
    take = _holder(limit=100_000, processes=10)  # blocks of up to 1,000
    # Ten calls a second for the whole minute: a block of 1, then one for the rest at that pace
    # (the window's first call also clears old counters).
    with django_assert_max_num_queries(3):
        for _ in range(599):
            assert take()[0]
            time_machine.shift(0.1)
    assert 599 <= RateLimitCounter.objects.get().hits <= 601  # to a rounding of the pace


def test_the_block_cap_keeps_unused_leases_within_a_tenth_of_the_limit():
    assert block_cap(60, processes=10) == 1  # the default rate is counted call by call
    assert block_cap(1000, processes=10) == 10
    assert block_cap(1000, processes=10) * 10 <= 1000 / 10
