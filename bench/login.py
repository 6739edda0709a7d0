"""Logging in as a person does, for the load generator: the one place that knows the login form.

Returns the cookies of a logged-in session. Physiotherapists then type the code their
authenticator app shows: the benchmark computes it from the secret the seeding gave their
authenticator (``bench.seed.TOTP_KEY``) with django-otp's own HOTP function, as an app does.
"""

from __future__ import annotations

import re
import threading
import time
from binascii import unhexlify
from collections import defaultdict
from dataclasses import dataclass

import requests
from django_otp.oath import hotp

LOGIN_PATH = "/accounts/login/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The login page's second step (django-two-factor-auth's wizard; its form prefix is login_view).
CODE_FIELD = "token-otp_token"
STEP_FIELD = "login_view-current_step"


class LoginFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Authenticator:
    """An authenticator app: its secret (hex, as django-otp stores it) and time step (seconds)."""

    key: str
    step: int = 30

    def counter(self) -> int:
        return int(time.time()) // self.step

    def code(self, counter: int) -> str:
        return f"{hotp(unhexlify(self.key), counter, digits=6):06d}"


# A code is accepted once: logins of one person wait for the next code, as a person would.
_last_counter: dict[str, int] = {}
_locks: defaultdict[str, threading.Lock] = defaultdict(threading.Lock)


def _fresh_code(username: str, authenticator: Authenticator) -> str:
    with _locks[username]:
        while (counter := authenticator.counter()) <= _last_counter.get(username, -1):
            time.sleep(0.05)
        _last_counter[username] = counter
        return authenticator.code(counter)


def _csrf(page: requests.Response, what: str) -> str:
    found = TOKEN.search(page.text)
    if page.status_code != 200 or found is None:
        raise LoginFailed(f"{what} answered {page.status_code} without a form")
    return found.group(1)


def login(
    base_url: str,
    username: str,
    password: str,
    authenticator: Authenticator | None = None,
) -> dict[str, str]:
    """Log in through the login page, with the code when the account asks for one; the
    session's cookies (``sessionid`` and ``csrftoken``)."""
    url = base_url + LOGIN_PATH
    with requests.Session() as browser:
        token = _csrf(browser.get(url, timeout=30), LOGIN_PATH)
        answer = browser.post(
            url,
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            headers={"Referer": url},
            allow_redirects=False,
            timeout=30,
        )
        if answer.status_code == 200 and CODE_FIELD in answer.text:
            if authenticator is None:
                raise LoginFailed(f"{username} needs a code and no authenticator was given")
            answer = browser.post(
                url,
                data={
                    CODE_FIELD: _fresh_code(username, authenticator),
                    STEP_FIELD: "token",
                    "csrfmiddlewaretoken": _csrf(answer, "the password step"),
                },
                headers={"Referer": url},
                allow_redirects=False,
                timeout=30,
            )
        if answer.status_code != 302 or "sessionid" not in browser.cookies:
            raise LoginFailed(f"logging in as {username} answered {answer.status_code}")
        return browser.cookies.get_dict()
