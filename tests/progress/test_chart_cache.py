"""Progress charts are drawn once per change of their data: a repeat view draws nothing, a new
log draws the chart again."""

from __future__ import annotations

import re
from datetime import timedelta

import pygal
import pytest
from django.urls import reverse

from tests.dates import START
from tests.programs.helpers import check_in, log_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def drawings(monkeypatch):
    """Counts the charts pygal draws."""
    drawn: list[str] = []
    real = pygal.graph.public.PublicApi.render

    def counting(chart, *args, **kwargs):
        drawn.append(type(chart).__name__)
        return real(chart, *args, **kwargs)

    monkeypatch.setattr(pygal.graph.public.PublicApi, "render", counting)
    return drawn


def svgs(client) -> list[str]:
    html = client.get(reverse("programs:progress")).content.decode()
    return re.findall(r"<svg\b.*?</svg>", html, re.S)


def test_a_repeat_view_draws_no_chart(client, client_user, program, travel, drawings):
    log_session(program, START, pain_during=3)
    check_in(program, START, pain_now=2)
    travel(START + timedelta(days=3))
    client.force_login(client_user)

    first = svgs(client)
    assert len(first) == len(drawings) == 3  # pain, adherence, levels
    drawings.clear()
    assert svgs(client) == first
    assert drawings == []


def test_a_new_log_draws_the_changed_charts_again(client, client_user, program, travel, drawings):
    log_session(program, START, pain_during=3)
    travel(START + timedelta(days=3))
    client.force_login(client_user)
    before = svgs(client)
    drawings.clear()

    log_session(program, START + timedelta(days=1), pain_during=7)
    after = svgs(client)

    # The pain and adherence charts show the new log; the levels did not change.
    assert sorted(drawings) == ["Bar", "Line"]
    assert after[0] != before[0]
    assert after[1] != before[1]
    assert after[2] == before[2]


def test_the_same_data_draws_the_same_chart_under_the_strict_csp(
    client, client_user, program, travel
):
    log_session(program, START, pain_during=3)
    travel(START + timedelta(days=3))
    client.force_login(client_user)
    for svg in svgs(client) + svgs(client):
        assert "<style" not in svg and "<script" not in svg and 'style="' not in svg
        assert svg.startswith('<svg role="img" aria-label="')
