"""The benchmark's own parts: its floor endpoints live only in its URL configuration, and its
seeding command creates what it is asked for. Nothing here measures a speed."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import requests
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.utils import timezone

from bench import app, seed
from bench.login import Authenticator, LoginFailed, login
from bench.management.commands import bench_seed
from programs.selectors.summaries import FIELDS, summaries_compute
from tests.factories import DEFAULT_PASSWORD, PhysiotherapistFactory

FLOOR_URLS = ("/bench/floor/", "/bench/floor/api/echo")


def _views(resolver: URLResolver):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern.callback


def test_production_urls_do_not_serve_the_floor_endpoints():
    assert settings.ROOT_URLCONF == "valgus_site.urls"
    assert "bench" not in settings.INSTALLED_APPS
    for url in FLOOR_URLS:
        with pytest.raises(Resolver404):
            resolve(url)
    modules = {view.__module__ for view in _views(get_resolver("valgus_site.urls"))}
    assert not any(module.startswith("bench") for module in modules)


def test_bench_urls_are_the_site_plus_the_floors():
    for url in FLOOR_URLS:
        assert resolve(url, urlconf="bench.urls")
    for url in ("/program/", "/physio/", "/api/v1/assessments/evaluate", "/accounts/login/"):
        assert resolve(url, urlconf="bench.urls").func == resolve(url).func


@pytest.mark.usefixtures("db")
def test_floor_page_needs_a_login_and_greets_the_person(client, client_user, settings):
    settings.ROOT_URLCONF = "bench.urls"
    settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "bench"]
    assert client.get("/bench/floor/").status_code == 302
    client.force_login(client_user)
    answer = client.get("/bench/floor/")
    assert answer.status_code == 200
    assert client_user.get_full_name() in answer.content.decode()


@override_settings(ROOT_URLCONF="bench.urls")
def test_floor_api_validates_its_body(client):
    body = {"age": 34, "side": "left", "pain_now": 2, "pain_worst_week": 4}
    answer = client.post("/bench/floor/api/echo", body, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json() == body
    wrong = client.post(
        "/bench/floor/api/echo", {**body, "pain_now": 11}, content_type="application/json"
    )
    assert wrong.status_code == 422


@pytest.mark.django_db
def test_seed_creates_the_clients_links_and_weeks_asked_for(tmp_path):
    manifest = tmp_path / "seeded.json"
    call_command(bench_seed.Command(), clients=4, weeks=2, linked=3, manifest=str(manifest))

    physio = app.User.objects.get(username="bench_physio")
    clients = app.User.objects.filter(role=app.User.Role.CLIENT)
    assert clients.count() == 4
    linked = app.CareLink.objects.filter(physiotherapist=physio, ended_at__isnull=True)
    assert linked.count() == 3
    # Physiotherapists log in with a code; clients consented to keeping their health data.
    assert app.TOTPDevice.objects.filter(user=physio, confirmed=True).exists()
    assert app.HealthDataConsent.objects.filter(user__in=clients).count() == 4
    today = timezone.localdate()
    for client in clients:
        program = app.Program.objects.get(client=client)
        # Two weeks of history: the program started 13 days ago, logged up to yesterday.
        assert program.start_date == today - timedelta(days=13)
        logs = app.ExerciseLog.objects.filter(session__program=program)
        assert logs.exists()
        assert not logs.filter(session__date__gte=today).exists()
        assert not logs.filter(session__date__lt=program.start_date).exists()
        # Each log has its progression decision, on this client's own exercise.
        assert (
            app.ProgressionDecision.objects.filter(
                exercise_log__in=logs, program_exercise__program=program
            ).count()
            == logs.count()
        )
    # Flags raised from a session name a session of the same client's program.
    for flag in app.Flag.objects.filter(source__in=["session", "checkin"]):
        session_id = int(flag.dedupe_key.split(":")[1])
        assert app.ScheduledSession.objects.get(pk=session_id).program.client_id == flag.client_id
    # The second client's story has a painful session three days ago: a flag for the physio.
    assert app.Flag.objects.filter(source="session", status="open").exists()
    # Every client has the caseload summary the services would have kept, so the caseload
    # reads the same rows as in production.
    stored = {
        row["client_id"]: row for row in app.ClientSummary.objects.values("client_id", *FIELDS)
    }
    assert stored == {
        client_id: {"client_id": client_id, **values}
        for client_id, values in summaries_compute(
            clients.values_list("pk", flat=True), today=today
        ).items()
    }

    written = json.loads(manifest.read_text())
    assert written["cohorts"]["linked"]["clients"] == 3
    assert written["cohorts"]["client"]["clients"] == 1


@pytest.mark.django_db
def test_seed_refuses_a_database_that_has_accounts(client_user, monkeypatch):
    with pytest.raises(CommandError, match="already has accounts"):
        call_command(bench_seed.Command(), clients=1, weeks=1)
    monkeypatch.setattr(bench_seed, "database_name", lambda: "valgus")
    with pytest.raises(CommandError, match="only empties a database"):
        call_command(bench_seed.Command(), clients=1, weeks=1, flush=True)
    assert app.User.objects.filter(pk=client_user.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_login_reaches_a_physiotherapists_pages_with_codes_from_the_authenticator(live_server):
    physio = PhysiotherapistFactory()
    app.TOTPDevice.objects.create(
        user=physio, name="default", confirmed=True, key=seed.TOTP_KEY, step=seed.TOTP_STEP
    )
    authenticator = Authenticator(key=seed.TOTP_KEY, step=seed.TOTP_STEP)
    # Two sessions in a row: a code is accepted once, so the second waits for the next one.
    for _ in range(2):
        cookies = login(live_server.url, physio.username, DEFAULT_PASSWORD, authenticator)
        page = requests.get(live_server.url + "/physio/", cookies=cookies, timeout=30)
        assert page.status_code == 200
        assert "Caseload" in page.text
    with pytest.raises(LoginFailed, match="needs a code"):
        login(live_server.url, physio.username, DEFAULT_PASSWORD)
