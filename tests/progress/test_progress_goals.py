"""Progress shows the client's own goal activities (spec section 1, Patient-Specific Functional
Scale) at the start and at each reassessment: a chart with its table, only when there are goals."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from programs.services import reassessment_submit
from tests.dates import END_OF_WEEK_6, START
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

GOALS = [
    {"activity": "Running 5 km", "score": 3},
    {"activity": "Kneeling in the garden", "score": 5},
]
WEEK_6 = {
    "pain_now": 1,
    "pain_worst_week": 3,
    "global_rating_of_change": "same",
    "goal_activities": [{"activity": "running 5 KM", "score": 7}],
}


def text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def goals_section(html: str) -> str:
    start = html.index('aria-labelledby="goals-heading"')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def program_with_goals(client_user):
    return ProgramFactory(client=client_user, start_date=START, answers__goal_activities=GOALS)


def test_goals_chart_and_table_after_a_reassessment(logged_in, program_with_goals, travel):
    travel(END_OF_WEEK_6)
    reassessment_submit(
        client=program_with_goals.client, program=program_with_goals, answers=WEEK_6, week=6
    )
    html = logged_in.get(reverse("programs:progress")).content.decode()
    section = goals_section(html)
    assert "Your own goals" in section
    assert 'role="img"' in section and "<svg" in section
    assert "Line chart of the score of each of your goal activities" in section
    table = text(section[section.index("<table") :])
    assert "Activity Start Week 6" in table
    assert "Running 5 km 3 7" in table  # matched by the words, case and spacing aside
    assert "Kneeling in the garden 5 not scored" in table
    assert "Goal score (average) 4 7" in table
    assert "<style" not in section and "<script" not in section


def test_before_a_reassessment_the_table_shows_the_start_without_a_chart(
    logged_in, program_with_goals, travel
):
    travel(END_OF_WEEK_6)
    section = goals_section(logged_in.get(reverse("programs:progress")).content.decode())
    assert "<svg" not in section
    assert "Running 5 km 3" in text(section)
    assert "the chart appears then" in section


def test_no_goals_section_without_goal_activities(logged_in, program, travel):
    travel(END_OF_WEEK_6)
    html = logged_in.get(reverse("programs:progress")).content.decode()
    assert "goals-heading" not in html
    assert "Your own goals" not in html


def test_an_earlier_program_shows_its_goals_too(logged_in, program_with_goals, travel, client_user):
    travel(END_OF_WEEK_6)
    reassessment_submit(
        client=program_with_goals.client, program=program_with_goals, answers=WEEK_6, week=6
    )
    ProgramFactory(client=client_user, start_date=END_OF_WEEK_6, replace_current=True)
    html = logged_in.get(
        reverse("programs:progress_program", args=[program_with_goals.pk])
    ).content.decode()
    assert "Running 5 km 3 7" in text(goals_section(html))
