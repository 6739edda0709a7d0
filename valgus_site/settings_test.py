"""Settings for the tests (pytest selects them in pyproject.toml): the site's own settings, read
from the same environment, with what only tests may change.

- Passwords are hashed with MD5: the production hasher takes a good part of a second of CPU by
  design, and the tests make and log in thousands of people.
- Login lockout (django-axes) is off: it needs a request in ``authenticate()``, which the test
  client's ``login()`` does not pass. The tests of lockout switch it on (``settings`` fixture).
"""

from valgus_site.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
