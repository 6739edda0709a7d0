"""The API's rate limit, counted per client address in a cache every worker shares.

Counters live in the ``rate_limits`` cache: Redis when ``REDIS_URL`` is set, otherwise a table in
the database (Django's database cache), so two gunicorn workers, or two servers on one
database, count together. A per-process memory cache would let each worker allow the full
rate. Requests sent at the same instant can both be counted from the same starting point, so
under a burst of simultaneous requests a few more than the limit may pass; sequential
requests are counted exactly.
"""

from __future__ import annotations

from django.core.cache import caches
from django.http import HttpRequest
from django.utils.connection import ConnectionProxy
from ninja.throttling import SimpleRateThrottle

from accounts.client_address import client_address

RATE_LIMIT_CACHE = "rate_limits"
rate_limit_cache = ConnectionProxy(caches, RATE_LIMIT_CACHE)


class ClientAddressRateThrottle(SimpleRateThrottle):
    """Requests per client address (the one rule of ``accounts.client_address``).

    Logged-in people are counted like everyone else: being logged in is no reason to be allowed
    more calls to a public endpoint.
    """

    cache = rate_limit_cache

    def __init__(self, rate: str, *, scope: str) -> None:
        self.scope = scope
        super().__init__(rate)

    def get_ident(self, request: HttpRequest) -> str:
        return client_address(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
