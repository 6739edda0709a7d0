"""The benchmark's own parts: its floor endpoints live only in its URL configuration. Nothing
here measures a speed."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

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


@override_settings(ROOT_URLCONF="bench.urls")
@pytest.mark.usefixtures("db")
def test_floor_page_needs_a_login_and_greets_the_person(client, client_user, settings):
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
