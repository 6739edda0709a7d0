"""Installed from the manifest: the service worker takes control, keeps static assets only, and
a page that cannot be reached offline shows the offline page; health pages stay no-store."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_no_axe_violation, log_in
from tests.factories import ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) urls.push(new URL(request.url).pathname);
  }
  return urls;
}"""


def test_installed_app_caches_static_assets_only_and_has_an_offline_page(live_server, browser):
    user = UserFactory()
    ProgramFactory(client=user)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/program/")
    assert page.evaluate("navigator.serviceWorker.ready.then((r) => r.active.scriptURL)") == (
        f"{live_server.url}/service-worker.js"
    )
    page.reload()  # now controlled by the worker
    assert page.evaluate("Boolean(navigator.serviceWorker.controller)")

    manifest = page.evaluate(
        """async () => {
          const link = document.querySelector('link[rel="manifest"]');
          const manifest = await (await fetch(link.href)).json();
          const icons = await Promise.all(manifest.icons.map(async (icon) => {
            const response = await fetch(icon.src);
            return [response.status, response.headers.get("content-type")];
          }));
          return { manifest, icons };
        }"""
    )
    assert manifest["manifest"]["display"] == "standalone"
    assert all(icon == [200, "image/png"] for icon in manifest["icons"])

    for path in ("/program/print/", "/program/progress/", "/accounts/settings/"):
        response = page.goto(f"{live_server.url}{path}")
        assert "no-store" in response.headers["cache-control"], path
    cached = page.evaluate(CACHED_URLS)
    assert "/static/css/app.css" in cached and "/static/js/guided.js" in cached
    assert [url for url in cached if not url.startswith("/static/")] == []

    context.set_offline(True)
    page.goto(f"{live_server.url}/program/progress/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No connection")
    # Styled from the cache: Bootstrap's button is blue, not the browser's grey.
    colour = page.get_by_role("link", name="Try again").evaluate(
        "(link) => getComputedStyle(link).backgroundColor"
    )
    assert colour not in ("rgba(0, 0, 0, 0)", "rgb(239, 239, 239)")
    assert_no_axe_violation(page)
    context.set_offline(False)
    context.close()
