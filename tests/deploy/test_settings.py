"""Production settings come from the environment alone; checked in fresh processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "test-only-" + "k3y-" * 15,
    "DJANGO_ALLOWED_HOSTS": "valgus.example.org",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://valgus.example.org",
}


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VALGUS_"))}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(env: dict[str, str]) -> dict:
    code = (
        "import json, django; from django.conf import settings as s; django.setup();"
        "print(json.dumps({k: getattr(s, k, None) for k in ["
        "'DEBUG','SECURE_SSL_REDIRECT','SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE',"
        "'SECURE_HSTS_SECONDS','SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_HSTS_PRELOAD',"
        "'SECURE_PROXY_SSL_HEADER','CSRF_TRUSTED_ORIGINS','SESSION_COOKIE_AGE','CACHES',"
        "'DATABASES']}, default=str))"
    )
    result = _run(["-c", code], {"DJANGO_SETTINGS_MODULE": "valgus_site.settings", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_check_passes_in_production():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PROD_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_is_secure_by_default():
    s = _settings(PROD_ENV)
    assert s["DEBUG"] is False
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SESSION_COOKIE_SECURE"] is True and s["CSRF_COOKIE_SECURE"] is True
    assert s["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SECURE_HSTS_PRELOAD"] is False
    # No proxy is trusted until one is named, so nobody can claim a request came over https.
    assert s["SECURE_PROXY_SSL_HEADER"] is None
    assert s["CSRF_TRUSTED_ORIGINS"] == ["https://valgus.example.org"]


def test_https_is_believed_from_a_named_proxy_only():
    s = _settings({**PROD_ENV, "VALGUS_TRUSTED_PROXIES": "127.0.0.1,10.0.0.0/16"})
    assert s["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_a_badly_written_proxy_list_stops_the_start():
    result = _run(["manage.py", "check"], {**PROD_ENV, "VALGUS_TRUSTED_PROXIES": "10.0.0.0/99"})
    assert result.returncode != 0
    assert "VALGUS_TRUSTED_PROXIES" in result.stderr


def test_development_works_over_plain_http():
    s = _settings({})
    assert s["DEBUG"] is True
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SESSION_COOKIE_SECURE"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0


def test_environment_overrides():
    s = _settings(
        {
            **PROD_ENV,
            "DJANGO_HSTS_SECONDS": "600",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SESSION_IDLE_SECONDS": "900",
            "REDIS_URL": "redis://127.0.0.1:6379/3",
            "DATABASE_URL": "postgres://u@db.example.org:5432/valgus",
            "DJANGO_DB_POOL": "1",
        }
    )
    assert s["SECURE_HSTS_SECONDS"] == 600
    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SESSION_COOKIE_AGE"] == 900
    assert s["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert s["DATABASES"]["default"]["OPTIONS"]["pool"]["max_size"] >= 1
    assert s["DATABASES"]["default"]["CONN_MAX_AGE"] == 0


def test_a_bad_number_in_the_environment_is_a_clear_error():
    result = _run(["manage.py", "check"], {"DJANGO_SESSION_IDLE_SECONDS": "half an hour"})
    assert result.returncode != 0
    assert "DJANGO_SESSION_IDLE_SECONDS must be a whole number" in result.stderr


def _gunicorn_config(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = (
        "import runpy; c = runpy.run_path('gunicorn.conf.py');"
        "print(repr(c['forwarded_allow_ips']), c['bind'])"
    )
    return _run(["-c", code], env)


def test_gunicorn_listens_on_the_loopback_and_trusts_the_same_proxies_as_django():
    result = _gunicorn_config({})
    assert result.stdout.split() == ["''", "127.0.0.1:8000"]  # no proxy trusted by default
    result = _gunicorn_config({"VALGUS_TRUSTED_PROXIES": "10.0.0.0/16, 127.0.0.1"})
    assert result.stdout.split()[0] == "'10.0.0.0/16,127.0.0.1'"


def test_the_app_loads_its_urls_and_the_rules_before_the_first_request():
    """gunicorn loads the app in its master (preload_app), so every worker it forks, a recycled
    one too, starts with them instead of importing them on its first request."""
    code = (
        "import sys, valgus_site.wsgi; from programs.engine import load_rules;"
        "print('valgus_site.urls' in sys.modules, load_rules.cache_info().currsize)"
    )
    result = _run(["-c", code], {})
    assert result.stdout.split() == ["True", "1"], result.stderr


def test_gunicorn_refuses_its_own_proxy_list_when_it_disagrees():
    result = _gunicorn_config({"FORWARDED_ALLOW_IPS": "*"})
    assert result.returncode != 0
    assert "VALGUS_TRUSTED_PROXIES" in result.stderr


def test_sqlite_writers_queue_for_the_lock_instead_of_failing(tmp_path):
    databases = _settings({"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"})["DATABASES"]
    options = databases["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 20


def test_a_page_kept_by_one_worker_is_served_and_forgotten_by_every_other(tmp_path):
    """Kept page parts (a client's Today, a review) are shared by the workers of a machine: one
    renders, the others serve it; deleting it (an account deleted, a link ended) removes it for
    all of them. Two processes stand for two gunicorn workers."""
    env = {
        **PROD_ENV,
        "DJANGO_SETTINGS_MODULE": "valgus_site.settings",
        "VALGUS_PAGE_CACHE_DIR": str(tmp_path / "pages"),
    }
    cache = (
        "import django; django.setup(); from django.core.cache import caches; c = caches['pages'];"
    )

    def worker(code: str) -> str:
        result = _run(["-c", cache + code], env)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    worker("c.set('page:today:7', ('v1', '<main>kept</main>'), 60)")
    assert worker("print(c.get('page:today:7'))") == "('v1', '<main>kept</main>')"
    worker("c.delete('page:today:7')")
    assert worker("print(c.get('page:today:7'))") == "None"
    assert (tmp_path / "pages").stat().st_mode & 0o077 == 0
