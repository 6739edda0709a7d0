"""The site's URLs plus the floor endpoints the pages are measured against (benchmark only).

The floors go through the same middleware, session and login as the pages, so a page's ratio to
its floor is what the page itself costs on top of Django and django-ninja.
"""

from django.urls import path

from bench.floor import floor_api, floor_page
from valgus_site import urls as site_urls

urlpatterns = [
    path("bench/floor/", floor_page, name="bench_floor"),
    path("bench/floor/api/", floor_api.urls),
    *site_urls.urlpatterns,
]

# The site's own error views, should it define any.
for _handler in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(site_urls, _handler):
        globals()[_handler] = getattr(site_urls, _handler)
