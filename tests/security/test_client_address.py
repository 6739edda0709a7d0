"""One rule for the client's address (accounts/client_address.py), tried as an attacker would:
forwarded headers from an address that is not one of our proxies change nothing, and behind a
configured proxy only the hop it added counts, for the lockout, the API limit, the audit trail and
the logs alike."""

from __future__ import annotations

import logging

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse

from accounts.client_address import address_from, parse_networks
from tests.factories import DEFAULT_PASSWORD, CareLinkFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.66"
VICTIM = "198.51.100.7"
API = "/api/v1/assessments/evaluate"
ANSWERS = {"answers": {"age": 30, "side": "left", "pain_now": 1, "pain_worst_week": 2}}


@pytest.mark.parametrize(
    ("peer", "forwarded_for", "trusted", "expected"),
    [
        # No proxy configured: the header is someone's say-so.
        ("203.0.113.5", "1.2.3.4", [], "203.0.113.5"),
        # From an address that is not our proxy: ignored too.
        ("203.0.113.5", "1.2.3.4", [PROXY], "203.0.113.5"),
        # From our proxy: the hop it added (the last), never what the client wrote before it.
        (PROXY, "6.6.6.6, 203.0.113.5", [PROXY], "203.0.113.5"),
        (PROXY, "203.0.113.5", ["10.0.0.0/8"], "203.0.113.5"),
        # A load balancer in front of nginx, both ours: step over our own hops.
        (PROXY, "6.6.6.6, 203.0.113.5, 10.0.0.9", ["10.0.0.0/8"], "203.0.113.5"),
        # Our proxy sent no header (a health check from the proxy itself): the proxy.
        (PROXY, "", [PROXY], PROXY),
        # A hop that is not an address is not something our proxy writes: stop at the proxy.
        (PROXY, "203.0.113.5, not-an-ip", [PROXY], PROXY),
        # Ports and IPv6 as proxies write them.
        (PROXY, "203.0.113.5:4711", [PROXY], "203.0.113.5"),
        (PROXY, "[2001:db8::1]:4711", [PROXY], "2001:db8::1"),
        ("::ffff:203.0.113.5", "", [], "203.0.113.5"),
        (None, "1.2.3.4", [], "-"),
    ],
)
def test_the_rule(peer, forwarded_for, trusted, expected):
    assert address_from(peer, forwarded_for, parse_networks(tuple(trusted))) == expected


@pytest.fixture
def lockout_on(settings):
    settings.AXES_ENABLED = True


def _login(client, username, password="wrong-password", **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


def test_rotating_forwarded_headers_from_an_untrusted_address_still_lock(
    lockout_on, client, client_user
):
    statuses = [
        _login(
            client,
            client_user.username,
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        ).status_code
        for n in range(20)
    ]
    assert statuses[:4] == [200] * 4
    assert set(statuses[4:]) == {429}


def test_a_stranger_cannot_lock_a_person_out_by_sending_their_address(
    lockout_on, client, client_user
):
    for _ in range(6):
        _login(client, client_user.username, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM)
    victim = Client()
    response = _login(victim, client_user.username, DEFAULT_PASSWORD, REMOTE_ADDR=VICTIM)
    assert response.status_code == 302
    assert "_auth_user_id" in victim.session


def test_behind_our_proxy_each_real_address_is_locked_on_its_own(
    lockout_on, settings, client, client_user
):
    settings.VALGUS_TRUSTED_PROXIES = [PROXY]
    for n in range(6):
        # The attacker varies what it writes in front; our proxy appends the real address.
        _login(
            client,
            client_user.username,
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"{VICTIM}, 192.0.2.{n}, {ATTACKER}",
        )
    locked = _login(
        client,
        client_user.username,
        DEFAULT_PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ATTACKER,
    )
    assert locked.status_code == 429
    victim = Client()
    response = _login(
        victim,
        client_user.username,
        DEFAULT_PASSWORD,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=VICTIM,
    )
    assert response.status_code == 302


def _api(client, **headers):
    return client.post(API, ANSWERS, content_type="application/json", **headers)


def test_rotating_forwarded_headers_do_not_lift_the_api_limit(settings, client):
    limit = int(settings.VALGUS_API_RATE.split("/")[0])
    statuses = [
        _api(client, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n % 250}").status_code
        for n in range(limit + 10)
    ]
    assert statuses[:limit] == [200] * limit
    assert set(statuses[limit:]) == {429}


def test_behind_our_proxy_the_api_limit_counts_each_real_address(settings, client):
    settings.VALGUS_TRUSTED_PROXIES = [PROXY]
    limit = int(settings.VALGUS_API_RATE.split("/")[0])
    for _ in range(limit):
        assert _api(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 200
    assert _api(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER).status_code == 429
    assert _api(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=VICTIM).status_code == 200


def _audited_address(client, physio_user, client_user, **headers):
    link = CareLinkFactory(client=client_user, physiotherapist=physio_user)
    client.force_login(client_user)
    client.post(reverse("sharing_end", args=[link.pk]), **headers)
    entry = LogEntry.objects.filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    return entry.remote_addr


def test_the_audit_trail_records_the_hop_our_proxy_added(
    settings, client, physio_user, client_user
):
    settings.VALGUS_TRUSTED_PROXIES = [PROXY]
    address = _audited_address(
        client,
        physio_user,
        client_user,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"6.6.6.6, {VICTIM}",
    )
    assert address == VICTIM


def test_the_audit_trail_ignores_forwarded_headers_from_anyone_else(
    client, physio_user, client_user
):
    address = _audited_address(
        client, physio_user, client_user, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM
    )
    assert address == ATTACKER


def test_https_is_believed_only_from_our_proxy(settings, client):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.VALGUS_TRUSTED_PROXIES = [PROXY]
    landing = reverse("landing")
    from_anyone = client.get(landing, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_PROTO="https")
    assert from_anyone.status_code == 301  # still redirected to https: the header was dropped
    from_proxy = client.get(landing, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_PROTO="https")
    assert from_proxy.status_code == 200


def test_log_lines_carry_the_address_the_rule_gives(settings, client, caplog):
    from accounts.client_address import ClientAddressLogFilter

    settings.VALGUS_TRUSTED_PROXIES = [PROXY]
    caplog.handler.addFilter(ClientAddressLogFilter())
    with caplog.at_level(logging.INFO, logger="valgus.requests"):
        client.get(reverse("landing"), REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {VICTIM}")
        client.get(reverse("landing"), REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=VICTIM)
    lines = [r for r in caplog.records if r.name == "valgus.requests"]
    assert [r.client_address for r in lines] == [VICTIM, ATTACKER]
    assert "GET / 200" in lines[0].getMessage()
