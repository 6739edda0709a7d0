"""The web app manifest, its icons and the service worker: installable, static assets only."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from valgus_site.icons import ICONS, Icon, draw

pytestmark = pytest.mark.django_db

ICON_FOLDER = Path(settings.BASE_DIR) / "static" / "icons"


def test_the_manifest_names_the_app_its_start_and_its_icons(client):
    response = client.get(reverse("web_manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["short_name"] == "valgus"
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == reverse("home")
    assert manifest["scope"] == "/"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        name = icon["src"].removeprefix(settings.STATIC_URL)
        assert (Path(settings.BASE_DIR) / "static" / name).is_file(), name


def test_every_page_links_the_manifest(client):
    page = client.get(reverse("landing")).content.decode()
    assert f'<link rel="manifest" href="{reverse("web_manifest")}">' in page
    assert 'rel="apple-touch-icon"' in page


def test_the_service_worker_keeps_static_paths_only():
    response = Client().get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    script = response.content.decode()
    precache = json.loads(re.search(r"^const PRECACHE = (.*);$", script, re.M).group(1))
    assert precache and all(path.startswith(settings.STATIC_URL) for path in precache)
    assert json.loads(re.search(r"^const STATIC_PREFIX = (.*);$", script, re.M).group(1)) == (
        settings.STATIC_URL
    )
    # Pages are never put in the cache: the only cache.put is in the static branch.
    assert script.count("cache.put(") == 1
    assert script.index("cache.put(") < script.index('request.mode === "navigate"')


def test_the_service_worker_is_served_to_a_logged_in_person_without_a_copy_kept(logged_in):
    response = logged_in.get(reverse("service_worker"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_offline_page_is_in_the_service_worker():
    script = Client().get(reverse("service_worker")).content.decode()
    offline = json.loads(re.search(r"^const OFFLINE_PAGE = (.*);$", script, re.M).group(1))
    assert "<h1" in offline and "No connection" in offline
    assert "<script" not in offline and "style=" not in offline


def test_the_committed_icons_are_what_the_drawing_makes():
    small = next(icon for icon in ICONS if icon.name == "apple-touch-icon.png")
    assert (ICON_FOLDER / small.name).read_bytes() == draw(small)
    for icon in ICONS:
        data = (ICON_FOLDER / icon.name).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert (width, height) == (icon.size, icon.size)


def test_a_maskable_icon_fills_its_square_and_a_plain_one_has_rounded_corners():
    import zlib

    def corner_alpha(icon: Icon) -> int:
        data = draw(icon)
        start = data.index(b"IDAT") + 4
        length = int.from_bytes(data[start - 8 : start - 4], "big")
        raw = zlib.decompress(data[start : start + length])
        return raw[1 + 3]  # first pixel's alpha (after the row's filter byte)

    assert corner_alpha(Icon("m", 48, maskable=True)) == 255
    assert corner_alpha(Icon("p", 48)) == 0
