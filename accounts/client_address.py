"""The address of the person making a request: one rule, read in one place.

Anyone can send ``X-Forwarded-For``, so it says nothing unless the request came straight from a
proxy we run. The rule:

1. The peer (``REMOTE_ADDR``, the machine that opened the connection) is the client, unless it
   is one of the configured proxies (``VALGUS_TRUSTED_PROXIES``: addresses or networks, none by
   default).
2. When it is a proxy, the client is the hop that proxy added: the last ``X-Forwarded-For``
   entry. If that entry is itself one of our proxies (a load balancer in front of nginx), the
   entry before it, and so on. Entries further left were written by whoever sent the request and
   are never used.

The login lockout (django-axes), the API rate limit, the audit trail (django-auditlog) and the
logs all take the address from :func:`client_address`; gunicorn's ``forwarded_allow_ips`` is set
from the same list (``gunicorn.conf.py``).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

# Headers a client could use to pass itself off as someone else or as https; dropped from every
# request that did not come from one of our proxies, so no code or library can trust them by
# mistake.
FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
)

UNKNOWN = "-"
_current: ContextVar[str] = ContextVar("valgus_client_address", default=UNKNOWN)


@lru_cache(maxsize=8)
def parse_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """``("10.0.0.5", "10.1.0.0/16")`` as networks; a bad entry is a configuration error."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


def trusted_proxies() -> tuple[Network, ...]:
    return parse_networks(tuple(getattr(settings, "VALGUS_TRUSTED_PROXIES", ())))


def parse_address(value: str | None) -> str | None:
    """A bare, normalised IP address, or None when ``value`` is not one.

    Accepts what proxies write: ``203.0.113.5``, ``203.0.113.5:4711``, ``2001:db8::1`` and
    ``[2001:db8::1]:4711``.
    """
    if not value:
        return None
    text = value.strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return str(address)


def _is_trusted(address: str, networks: Iterable[Network]) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def address_from(peer: str | None, forwarded_for: str, networks: tuple[Network, ...]) -> str:
    """The rule itself, apart from the request (see the module docstring)."""
    client = parse_address(peer)
    if client is None:
        return UNKNOWN
    if not _is_trusted(client, networks):
        return client
    for hop in reversed(forwarded_for.split(",")):
        address = parse_address(hop)
        if address is None:
            # Not something a proxy of ours writes: stop at the last address we can vouch for.
            break
        client = address
        if not _is_trusted(address, networks):
            break
    return client


def client_address(request: HttpRequest) -> str:
    """The address of the person making ``request`` (worked out once per request)."""
    cached = getattr(request, "_valgus_client_address", None)
    if cached is not None:
        return cached
    address = address_from(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        trusted_proxies(),
    )
    request._valgus_client_address = address  # type: ignore[attr-defined]
    return address


def peer_is_trusted_proxy(request: HttpRequest) -> bool:
    peer = parse_address(request.META.get("REMOTE_ADDR"))
    return peer is not None and _is_trusted(peer, trusted_proxies())


class TrustedProxyMiddleware:
    """First middleware: forwarded headers survive only on requests from our own proxies.

    It also notes the client's address for the log lines written while the request runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_address(request)
        if not peer_is_trusted_proxy(request):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        token = _current.set(address)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def current_client_address() -> str:
    """The address of the request being handled (``-`` outside a request)."""
    return _current.get()


class ClientAddressLogFilter(logging.Filter):
    """Adds ``client_address`` to every log record (``-`` outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.client_address = _current.get()
        return True
