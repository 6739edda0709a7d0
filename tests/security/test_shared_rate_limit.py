"""The API's counters are shared by every worker and server (a table without Redis): here two
throttles stand for two gunicorn workers (the deploy test runs the real thing on PostgreSQL)."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.db import connection

from accounts.rate_counters import RateLimitCounter, counter_key, rate_hit
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
