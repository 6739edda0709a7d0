"""Two production app servers over one PostgreSQL database share everything: a session made on
one works on the other and data written through one is read through the other.

Uses its own throw-away database, so it runs whenever PostgreSQL answers (DATABASE_URL's server,
or 127.0.0.1:5432), whatever database the rest of the suite uses.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# One database per test process: suites run side by side on one PostgreSQL must not drop
# each other's.
DB_NAME = f"valgus_twoservers_{os.getpid()}"
PASSWORD = "correct-horse-battery-9"
API_LIMIT = 20


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url.rsplit("/", 1)[0]
    return "postgres://postgres@127.0.0.1:5432"


def _admin_connection():
    psycopg = pytest.importorskip("psycopg")
    try:
        return psycopg.connect(f"{_server_url()}/postgres", connect_timeout=3, autocommit=True)
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL does not answer")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"gunicorn exited:\n{process.stdout.read()}")
        try:
            urllib.request.urlopen(base + "/", timeout=5)
            return
        except urllib.error.HTTPError:
            return  # answering, even if with an error the test itself will show
        except OSError:  # refused while starting, or a first response slower than 5 s
            time.sleep(0.2)
    raise AssertionError(f"{base} did not start within {timeout} s")


class Browser:
    """A cookie-keeping HTTP client that can talk to either server."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=15) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_form(self, url: str, fields: dict[str, str]) -> tuple[int, str]:
        _, page = self.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        return self.post(url, {**fields, "csrfmiddlewaretoken": token}, referer=url)

    def post(self, url: str, fields: dict[str, str], referer: str) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": referer})
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    admin = _admin_connection()
    admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {DB_NAME}")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VALGUS_"))},
        "DATABASE_URL": f"{_server_url()}/{DB_NAME}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "two-servers-test-" + "s3cret-" * 8,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # Plain http on the loopback: no TLS redirect, cookies allowed without https.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_STATIC_ROOT": str(tmp_path_factory.mktemp("static")),
        "WEB_CONCURRENCY": "2",
        # Emails land in files the test reads (the sign-up confirmation link).
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(tmp_path_factory.mktemp("emails")),
        "VALGUS_API_RATE": f"{API_LIMIT}/min",
    }
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["createcachetable"], ["collectstatic", "--noinput"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
    processes, bases = [], []
    try:
        for _ in range(2):
            port = _free_port()
            process = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "gunicorn"),
                    "-c",
                    "gunicorn.conf.py",
                    "valgus_site.wsgi",
                ],
                cwd=ROOT,
                env={**env, "PORT": str(port), "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            processes.append(process)
            bases.append(f"http://127.0.0.1:{port}")
        for base, process in zip(bases, processes, strict=True):
            _wait_until_up(base, process)
        yield bases, Path(env["DJANGO_EMAIL_FILE_PATH"])
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        admin.close()


def test_a_session_and_data_made_on_one_server_are_seen_on_the_other(two_servers):
    (a, b), emails = two_servers
    person = Browser()
    status, page = person.post_form(
        f"{a}/accounts/signup/",
        {
            "username": "twoservers",
            "first_name": "Sam",
            "email": "sam@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "consent": "on",
        },
    )
    assert status == 200 and "Check your email" in page  # followed the redirect on A
    # The emailed link, made by A, confirms the account on B (one database).
    sent = "".join(path.read_text() for path in emails.iterdir())
    link = re.search(r"http://[^/\s]+(/accounts/signup/confirm/\S+/)", sent).group(1)
    status, page = person.post_form(f"{b}{link}", {})
    assert status == 200, page

    # The session cookie issued by A works on B (sessions are in the shared database).
    status, page = person.get(f"{b}/accounts/privacy/")
    assert status == 200, page
    assert "Privacy and your data" in page
    assert "Downloaded a copy" not in page

    # Something written through A (an export, recorded in the audit trail) shows up on B.
    _, privacy_a = person.get(f"{a}/accounts/privacy/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', privacy_a).group(1)
    status, body = person.post(
        f"{a}/accounts/privacy/export.json",
        {"csrfmiddlewaretoken": token},
        referer=f"{a}/accounts/privacy/",
    )
    assert status == 200 and '"twoservers"' in body
    _, page = person.get(f"{b}/accounts/privacy/")
    assert "Downloaded a copy of your data (JSON)" in page

    # Logging out on B ends the session on A too.
    _, page_b = person.get(f"{b}/accounts/privacy/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_b).group(1)
    person.post(f"{b}/accounts/logout/", {"csrfmiddlewaretoken": token}, referer=f"{b}/")
    status, page = person.get(f"{a}/accounts/privacy/")
    assert "Privacy and your data" not in page  # sent to the login page instead


def test_production_servers_send_the_security_headers(two_servers):
    (a, _), _ = two_servers
    with urllib.request.urlopen(f"{a}/accounts/login/", timeout=10) as response:
        headers = response.headers
        html = response.read().decode()
    assert headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert "no-store" in headers["Cache-Control"]
    # Static files are served by whitenoise from the collected, hashed copies.
    css = re.search(r'href="(/static/css/app\.[0-9a-f]+\.css)"', html)
    assert css, "static files should have hashed names in production"
    with urllib.request.urlopen(a + css.group(1), timeout=10) as static:
        assert static.status == 200


def test_the_api_limit_is_shared_by_every_worker_of_every_server_without_redis(two_servers):
    """Two servers with two workers each, no Redis: the counters live in the shared database."""
    (a, b), _ = two_servers
    body = json.dumps(
        {"answers": {"age": 30, "side": "left", "pain_now": 1, "pain_worst_week": 2}}
    ).encode()

    def call(base: str) -> int:
        request = urllib.request.Request(
            f"{base}/api/v1/assessments/evaluate",
            data=body,
            headers={"Content-Type": "application/json", "X-Forwarded-For": "192.0.2.1"},
        )
        try:
            with urllib.request.urlopen(request, timeout=15) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    statuses = [call(a if n % 2 else b) for n in range(API_LIMIT + 6)]
    assert statuses[:API_LIMIT] == [200] * API_LIMIT
    assert set(statuses[API_LIMIT:]) == {429}
