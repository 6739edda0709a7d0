"""Settings for the benchmark only (``make bench``): production's settings, read from the same
environment, plus the floor endpoints (``bench.urls``) and the ``bench_seed`` command.

Selected by ``DJANGO_SETTINGS_MODULE=bench.settings``, which nothing but the benchmark sets, so
the floor endpoints are never part of a deployment's URLs.
"""

from valgus_site.settings import *  # noqa: F403
from valgus_site.settings import INSTALLED_APPS as SITE_APPS

INSTALLED_APPS = [*SITE_APPS, "bench"]
ROOT_URLCONF = "bench.urls"
