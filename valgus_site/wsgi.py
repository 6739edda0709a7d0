"""WSGI entry point (gunicorn valgus_site.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

from programs.engine import load_library, load_rules, load_texts

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "valgus_site.settings")

application = get_wsgi_application()

# What a worker would otherwise load on its first request: the URLs (every app's views and the
# API's schemas) and the rules engine's data. Loaded here, in gunicorn's master (preload_app),
# every worker starts with them, so one recycled after GUNICORN_MAX_REQUESTS serves its first
# request at full speed instead of spending a quarter of a second importing first.
get_resolver().url_patterns  # noqa: B018
load_rules()
load_library()
load_texts()
