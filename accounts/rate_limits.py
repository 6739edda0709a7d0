"""The API's rate limit and the email limits, counted per client address where every worker
shares them.

The API's counters are ``accounts.rate_counters`` (a table, or Redis with ``REDIS_URL``): one
atomic statement per request, so two gunicorn workers, or two servers on one database, count
together and exactly. A per-process memory counter would let each worker allow the full rate.
The email limits use the ``rate_limits`` cache (Redis, or Django's database cache).
"""

from __future__ import annotations

import hashlib
import threading
import time
import weakref

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.connection import ConnectionProxy
from ninja.throttling import SimpleRateThrottle

from accounts.client_address import client_address, current_client_address
from accounts.rate_counters import RateLeases

RATE_LIMIT_CACHE = "rate_limits"
rate_limit_cache = ConnectionProxy(caches, RATE_LIMIT_CACHE)


class ClientAddressRateThrottle(SimpleRateThrottle):
    """Requests per client address (the one rule of ``accounts.client_address``).

    Logged-in people are counted like everyone else: being logged in is no reason to be allowed
    more calls to a public endpoint. Counted in a window that starts with the first request and
    lasts the rate's period, in counters shared by every worker and server and leased to this
    process in blocks (``accounts.rate_counters.RateLeases``: each instance holds its own leases,
    as each worker process has one); over the limit, ``Retry-After`` says when the window ends.
    """

    def __init__(self, rate: str, *, scope: str, processes: int | None = None) -> None:
        self.scope = scope
        super().__init__(rate)
        self.leases = RateLeases(
            processes=processes if processes is not None else settings.VALGUS_API_RATE_PROCESSES
        )
        _throttles.add(self)
        # When the window of this thread's last request ends, for ``wait``.
        self._last = threading.local()

    def get_ident(self, request: HttpRequest) -> str:
        return client_address(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def allow_request(self, request: HttpRequest) -> bool:
        allowed, self._last.window_ends = self.leases.take(
            self.scope, self.get_ident(request), limit=self.num_requests, seconds=self.duration
        )
        return allowed

    def wait(self) -> float | None:
        return max(0.0, self._last.window_ends - time.time())


_throttles: weakref.WeakSet[ClientAddressRateThrottle] = weakref.WeakSet()


def rate_leases_drop() -> None:
    """Forget this process's leases (tests: the counters they were taken from are rolled back)."""
    for throttle in list(_throttles):
        throttle.leases.drop()


# Emails a stranger can trigger by typing someone's address (sign-up, password reset): at most
# this many an hour for one purpose to one mailbox from one client address, so the forms cannot
# be used to flood a mailbox. Over it, the page looks the same and nothing is sent. Counting per
# client address too means nobody can use up the limit to stop the owner's own password reset.
EMAILS_PER_ADDRESS_PER_HOUR = 3


def email_send_allowed(mailbox: str, *, purpose: str) -> bool:
    who = f"{purpose}|{mailbox.strip().lower()}|{current_client_address()}"
    key = "email-to:" + hashlib.sha256(who.encode()).hexdigest()
    rate_limit_cache.add(key, 0, timeout=60 * 60)
    try:
        sent = rate_limit_cache.incr(key)
    except ValueError:  # expired between the two calls
        rate_limit_cache.set(key, 1, timeout=60 * 60)
        sent = 1
    return sent <= EMAILS_PER_ADDRESS_PER_HOUR
