"""The progress page's charts and tables are rendered once per change of what they show: a repeat
view renders nothing again and reads the same page; a new log, check-in or level change shows at
once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.dates import START
from tests.programs.helpers import check_in, log_session

pytestmark = pytest.mark.django_db

SECTIONS = "programs/_progress_sections.html"
# The log-out form's token differs from one response to the next.
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def view(client):
    response = client.get(reverse("programs:progress"))
    assert response.status_code == 200
    rendered = [template.name for template in response.templates]
    page = CSRF_TOKEN.sub("", response.content.decode())
    return page, SECTIONS in rendered


def test_a_repeat_view_renders_the_same_sections_without_rendering_them(
    client, client_user, program, travel
):
    log_session(program, START, pain_during=3)
    check_in(program, START, pain_now=2)
    travel(START + timedelta(days=3))
    client.force_login(client_user)

    first, rendered = view(client)
    assert rendered
    again, rendered = view(client)
    assert not rendered
    assert again == first
    assert "Show the pain scores as a table" in again


def test_a_new_log_and_check_in_show_at_once(client, client_user, program, travel):
    log_session(program, START, pain_during=3)
    travel(START + timedelta(days=3))
    client.force_login(client_user)
    before, _ = view(client)
    assert "<td>7</td>" not in before

    log_session(program, START + timedelta(days=1), pain_during=7)
    after, rendered = view(client)
    assert rendered
    assert "<td>7</td>" in after

    check_in(program, START + timedelta(days=1), pain_now=4)
    later, rendered = view(client)
    assert rendered
    assert "<td>7</td><td>4</td>" in later
