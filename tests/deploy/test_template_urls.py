"""``{% url %}`` keeps the address of a name without arguments (valgus_site/template_urls.py)
and gives every other form exactly what Django's tag gives."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from valgus_site import template_urls


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_same_addresses_as_reverse():
    assert render("{% url 'physio:caseload' %}") == reverse("physio:caseload")
    assert render("{% url 'physio:client' 7 %}") == reverse("physio:client", args=[7])
    assert render("{% url name %}", name="physio:caseload") == reverse("physio:caseload")
    assert render("{% url 'physio:caseload' as link %}[{{ link }}]") == (
        f"[{reverse('physio:caseload')}]"
    )
    assert render("{% url 'no-such-page' as link %}[{{ link }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-page' %}")


def test_reversed_once_per_conditions(monkeypatch):
    calls = []
    real = template_urls.reverse
    monkeypatch.setattr(
        template_urls,
        "reverse",
        lambda *args, **kwargs: calls.append(args) or real(*args, **kwargs),
    )
    template_urls._address.cache_clear()
    for _ in range(3):
        render("{% url 'physio:records' %}")
    assert len(calls) == 1
    # Served under a prefix, the address follows.
    plain = reverse("physio:records")
    set_script_prefix("/valgus/")
    try:
        assert render("{% url 'physio:records' %}") == "/valgus" + plain
    finally:
        set_script_prefix("/")
    assert render("{% url 'physio:records' %}") == reverse("physio:records")


def test_another_url_configuration_is_read_anew():
    render("{% url 'physio:caseload' %}")
    with override_settings(ROOT_URLCONF="bench.urls"):
        assert render("{% url 'bench_floor' %}") == "/bench/floor/"
    with pytest.raises(NoReverseMatch):
        render("{% url 'bench_floor' %}")
