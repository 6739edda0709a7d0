"""Without Redis the API's counters live in the database, so two worker processes count
together: here two separate cache connections stand for two gunicorn workers (the deploy test
runs the real thing on PostgreSQL)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.cache.backends.db import DatabaseCache

from accounts.rate_limits import RATE_LIMIT_CACHE, ClientAddressRateThrottle

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(bool(settings.REDIS_URL), reason="counters are in Redis here"),
]


def _worker() -> ClientAddressRateThrottle:
    """A throttle with its own connection to the counters, as each worker process has."""
    throttle = ClientAddressRateThrottle("10/min", scope="evaluate")
    throttle.cache = DatabaseCache(settings.CACHES[RATE_LIMIT_CACHE]["LOCATION"], {})
    return throttle


def test_the_counters_without_redis_are_in_the_database():
    assert settings.CACHES[RATE_LIMIT_CACHE]["BACKEND"].endswith("DatabaseCache")


def test_two_workers_count_together(rf):
    first, second = _worker(), _worker()
    request = rf.post("/api/v1/assessments/evaluate", REMOTE_ADDR="203.0.113.9")
    allowed = [(first if n % 2 else second).allow_request(request) for n in range(14)]
    assert allowed == [True] * 10 + [False] * 4
    other = rf.post("/api/v1/assessments/evaluate", REMOTE_ADDR="198.51.100.1")
    assert first.allow_request(other)
