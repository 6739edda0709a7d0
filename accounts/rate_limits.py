"""The API's rate limit, counted per client address in a cache every worker shares.

Counters live in the ``rate_limits`` cache: Redis when ``REDIS_URL`` is set, otherwise a table in
the database (Django's database cache), so two gunicorn workers, or two servers on one
database, count together. A per-process memory cache would let each worker allow the full
rate. Requests sent at the same instant can both be counted from the same starting point, so
under a burst of simultaneous requests a few more than the limit may pass; sequential
requests are counted exactly.
"""

from __future__ import annotations

import hashlib

from django.core.cache import caches
from django.http import HttpRequest
from django.utils.connection import ConnectionProxy
from ninja.throttling import SimpleRateThrottle

from accounts.client_address import client_address, current_client_address

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
