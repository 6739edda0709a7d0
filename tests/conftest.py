"""Shared fixtures: the days tests share, people, a logged-in client, and a Playwright page in
Debian's chromium. Test data is built with the factories in ``tests/factories.py``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY

from accounts.models import User
from tests.dates import THREE_WEEKS_IN, aware
from tests.factories import PhysiotherapistFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# alongside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(autouse=True)
def _fresh_caches(settings):
    """Rate-limit counters live in the caches: every test starts with empty ones, and with no
    leases on the API's counters. (Passwords use a fast hasher and login lockout is off:
    ``valgus_site/settings_test.py``.)"""
    from django.core.cache import caches

    from accounts.rate_limits import rate_leases_drop

    # The database cache (rate-limit counters without Redis) is emptied with the rest of the
    # database when each test's transaction is rolled back.
    memory = [
        alias
        for alias, conf in settings.CACHES.items()
        if not conf["BACKEND"].endswith("DatabaseCache")
    ]
    for alias in memory:
        caches[alias].clear()
    rate_leases_drop()
    yield
    for alias in memory:
        caches[alias].clear()
    rate_leases_drop()


# --- the days tests share (tests/dates.py) ---------------------------------------------------


@pytest.fixture
def today(time_machine) -> date:
    """The clock stopped at 10:00 on the Monday of week 4 of a program started on ``START``."""
    time_machine.move_to(aware(THREE_WEEKS_IN, 10), tick=False)
    return THREE_WEEKS_IN


@pytest.fixture
def travel(client):
    """travel(day): stop the clock on that day at 9:00 local time for the rest of the test.

    A logged-in test client is logged in again on that day: its session was started by the
    real clock and runs out 30 idle minutes later, which on a day later than the real date has
    already passed, so the test would otherwise depend on today's date.
    """
    travellers = []

    def _travel(day: date):
        user_id = client.session.get(SESSION_KEY)  # read while the session is still valid
        traveller = time_machine.travel(aware(day), tick=False)
        traveller.start()
        travellers.append(traveller)
        if user_id is not None:
            client.force_login(User.objects.get(pk=user_id))

    yield _travel
    for traveller in reversed(travellers):
        traveller.stop()


# --- people ----------------------------------------------------------------------------------


@pytest.fixture
def client():
    """The test client; ``force_login`` of a physiotherapist or admin includes the second step
    (tests/two_factor.py)."""
    from tests.two_factor import TwoFactorClient

    return TwoFactorClient()


@pytest.fixture
def admin_client(db, admin_user):
    from tests.two_factor import TwoFactorClient

    client = TwoFactorClient()
    client.force_login(admin_user)
    return client


@pytest.fixture
def client_user(db):
    return UserFactory()


@pytest.fixture
def other_client_user(db):
    return UserFactory()


@pytest.fixture
def physio_user(db):
    return PhysiotherapistFactory()


@pytest.fixture
def logged_in(client, client_user):
    client.force_login(client_user)
    return client


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM} (make test installs it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, request) -> Iterator[object]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    if getattr(request.node, "rep_call", None) and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def axe_serious_violations(page) -> list[str]:
    """Run axe-core (bundled with axe-playwright-python, offline) and list serious problems."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]
