"""What makes the site installable: the web app manifest and the service worker.

The service worker is served from the site root so that its scope is the whole site. It caches
the static assets only (scripts, styles, icons under ``STATIC_URL``); pages are always asked of
the server, and a page that cannot be reached while offline gets the offline page, which the
worker carries in its own script. Pages with health data stay ``no-store``.
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from valgus_site.icons import ICONS

THEME_COLOUR = "#0a58ca"
# What the worker stores when it is installed: what every page and the guided session need to
# open without a connection. Other static files are stored the first time a page asks for them.
PRECACHE = (
    "bootstrap/css/bootstrap.min.css",
    "bootstrap/js/bootstrap.bundle.min.js",
    "css/app.css",
    "css/print.css",
    "css/guided.css",
    "css/printable.css",
    "illustrations/figures.css",
    "js/app.js",
    "js/outbox.js",
    "js/guided.js",
    "favicon.svg",
    *(f"icons/{icon.name}" for icon in ICONS),
)


@require_safe
def web_manifest(request: HttpRequest) -> JsonResponse:
    icons = [
        {
            "src": static(f"icons/{icon.name}"),
            "sizes": f"{icon.size}x{icon.size}",
            "type": "image/png",
            "purpose": "maskable" if icon.maskable else "any",
        }
        for icon in ICONS
        if icon.size >= 192
    ]
    manifest = {
        "id": "/",
        "name": "valgus: your knee exercise program",
        "short_name": "valgus",
        "description": "Your corrective exercises for knee valgus: today's session, timers "
        "and progress.",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": icons,
    }
    return JsonResponse(manifest, content_type="application/manifest+json")


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    precache = [static(name) for name in PRECACHE]
    offline = render_to_string("valgus_site/offline.html", {"theme_colour": THEME_COLOUR})
    version = hashlib.sha256(json.dumps([precache, offline]).encode()).hexdigest()[:12]
    script = render_to_string(
        "valgus_site/service-worker.js",
        {
            "version": version,
            "static_prefix": json.dumps(static("")),
            "precache": json.dumps(precache),
            "offline": json.dumps(offline),
        },
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # Browsers look for a new worker at every visit; no copy of this script is kept.
    response["Cache-Control"] = "no-cache"
    return response
