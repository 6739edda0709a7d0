"""Settings for the tests (pytest selects them in pyproject.toml): the site's own settings, read
from the same environment, with what only tests may change.

- Passwords are hashed with MD5: the production hasher takes a good part of a second of CPU by
  design, and the tests make and log in thousands of people.
- Login lockout (django-axes) is off: it needs a request in ``authenticate()``, which the test
  client's ``login()`` does not pass. The tests of lockout switch it on (``settings`` fixture).
- Drawn charts are cached in each test process's memory (below).
"""

from valgus_site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False

# Drawn charts in each test process's memory: test processes running side by side must not
# empty each other's cache (the site keeps them in files a machine's workers share).
CACHES = {  # noqa: F405
    **CACHES,  # noqa: F405
    "charts": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "charts"},
}
