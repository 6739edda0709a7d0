"""Shared fixtures: users, a logged-in client, and a Playwright page in Debian's chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.factories import PhysiotherapistFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# alongside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(autouse=True)
def _fresh_caches(settings):
    """Rate-limit counters live in the caches: every test starts with empty ones. (Passwords use
    a fast hasher and login lockout is off: ``valgus_site/settings_test.py``.)"""
    from django.core.cache import caches

    # The database cache (rate-limit counters without Redis) is emptied with the rest of the
    # database when each test's transaction is rolled back.
    memory = [
        alias
        for alias, conf in settings.CACHES.items()
        if not conf["BACKEND"].endswith("DatabaseCache")
    ]
    for alias in memory:
        caches[alias].clear()
    yield
    for alias in memory:
        caches[alias].clear()


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
