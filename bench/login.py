"""Logging in as a person does, for the load generator: the one place that knows the login form.

Returns the cookies of a logged-in session. When the login gains a step (a second factor for
physiotherapists), this is the function to extend.
"""

from __future__ import annotations

import re

import requests

LOGIN_PATH = "/accounts/login/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class LoginFailed(RuntimeError):
    pass


def login(base_url: str, username: str, password: str) -> dict[str, str]:
    """Log in through the login page; the session's cookies (``sessionid`` and ``csrftoken``)."""
    with requests.Session() as browser:
        page = browser.get(base_url + LOGIN_PATH, timeout=30)
        found = TOKEN.search(page.text)
        if page.status_code != 200 or found is None:
            raise LoginFailed(f"{LOGIN_PATH} answered {page.status_code} without a login form")
        answer = browser.post(
            base_url + LOGIN_PATH,
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": found.group(1),
            },
            headers={"Referer": base_url + LOGIN_PATH},
            allow_redirects=False,
            timeout=30,
        )
        if answer.status_code != 302 or "sessionid" not in browser.cookies:
            raise LoginFailed(f"logging in as {username} answered {answer.status_code}")
        return browser.cookies.get_dict()
