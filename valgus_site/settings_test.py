"""Settings for the tests (pytest selects them in pyproject.toml): the site's own settings, read
from the same environment, with what only tests may change.

- Passwords are hashed with MD5: the production hasher takes a good part of a second of CPU by
  design, and the tests make and log in thousands of people.
- Login lockout (django-axes) is off: it needs a request in ``authenticate()``, which the test
  client's ``login()`` does not pass. The tests of lockout switch it on (``settings`` fixture).
- Drawn charts and kept page parts are cached in each test process's memory (below).
- On SQLite the test database is a file, one per test process, not Django's in-memory default
  (below).
"""

import os
import tempfile
from pathlib import Path

from valgus_site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False

# Drawn charts in each test process's memory: test processes running side by side must not
# empty each other's cache (the site keeps them in files a machine's workers share).
CACHES = {  # noqa: F405
    **CACHES,  # noqa: F405
    "charts": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "charts"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}

# On SQLite the test database is a file in the temporary directory, one per test process (a
# parallel run adds the worker's name). With Django's in-memory default, the live server of the
# browser tests shares the test's own connection with its request threads whenever the test
# database exists before it starts (any run where another test comes first): a write the test
# makes through the ORM and a request the browser makes behind its back (the service worker's
# script after a page has loaded, which saves the session) then interleave their transactions
# on one connection, and either may release or roll back the other's savepoint, so a flag the
# test has just raised can be gone. With a file every thread has its own connection, and the
# site's IMMEDIATE transactions and lock timeout queue the writes, as on a server.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"valgus-test-{os.getpid()}.sqlite3")
    }
