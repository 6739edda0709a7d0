"""The figure gallery (staff only) and the template tags other pages use."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import reverse

from illustrations.book import load_figures
from programs.engine import load_library
from tests.factories import PhysiotherapistFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("figure_gallery")


def test_staff_see_every_figure_with_its_title_and_text_alternative(
    client, django_assert_max_num_queries
):
    client.force_login(UserFactory(is_staff=True))
    # Session (read and saved), user, the staff member's authenticator (two-factor login) and
    # the menu's count of unread messages (a staff member made by the factory is a client too);
    # drawing the figures reads no database.
    with django_assert_max_num_queries(7):
        response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    levels = [(ex, level) for ex in load_library().exercises for level in ex.levels]
    tests = [figure for figure in load_figures().figures if figure.test]
    # One figure per level and per self-test, plus the animated and no-band variants.
    assert page.count('<figure class="figure-card') == len(levels) + len(tests)
    for exercise, level in levels:
        assert f"{exercise.name}, level {level.level}: {level.title}" in page
    assert page.count("<svg ") >= len(levels) + len(tests)
    assert "Single-leg squat: where the knee goes" in page
    assert "Text alternative: Three drawings side by side. None: " in page


@pytest.mark.parametrize("make_user", [UserFactory, PhysiotherapistFactory])
def test_people_who_are_not_staff_get_not_found(client, make_user):
    client.force_login(make_user())
    assert client.get(URL).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_template_tags_put_the_svg_into_a_page_unescaped():
    html = Template(
        "{% load figures %}"
        "<div>{% exercise_figure 'banded_clamshell' 2 %}</div>"
        "<div>{% exercise_figure 'banded_clamshell' 2 animated=True %}</div>"
        "<div>{% exercise_figure 'banded_squat_knee_cue' 1 band=False %}</div>"
        "<div>{% self_test_figure 'hip_drop_left' %}</div>"
    ).render(Context())
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="fig') == 4
    assert "&lt;svg" not in html
    assert "<title>Banded clamshell, level 2: Light band</title>" in html
    assert 'class="fig fig-animated"' in html and "fig-tween" in html
    assert "<title>Standing on one leg: does the other hip drop?</title>" in html


def test_a_tag_for_a_level_without_a_figure_renders_nothing_instead_of_failing():
    html = Template("{% load figures %}[{% exercise_figure 'short_foot' 9 %}]"
                    "[{% self_test_figure 'pain_now' %}]").render(Context())  # fmt: skip
    assert html == "[][]"
