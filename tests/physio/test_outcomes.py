"""Outcomes on the client review: pain, goal score and adherence by week with the start and
each reassessment marked, every chart with a table of its numbers."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from demo.answers import TYPICAL_ANSWERS
from programs.selectors import program_outcomes, program_progress
from programs.services import reassessment_submit
from tests.factories import ProgramFactory, UserFactory
from tests.physio.conftest import START, TODAY, link
from tests.programs.helpers import check_in, log_session

pytestmark = pytest.mark.django_db

GOALS = [{"activity": "running 5 km", "score": 3}, {"activity": "stairs at work", "score": 5}]
REASSESSMENT = {
    "pain_now": 1,
    "pain_worst_week": 2,
    "single_leg_squat_left": "none",
    "single_leg_squat_right": "none",
    "squat_knees_cave": "none",
    "hip_drop_left": False,
    "hip_drop_right": False,
    "global_rating_of_change": "better",
}


@pytest.fixture
def followed(today, physio_user):
    """A linked client three weeks in, with logs, check-ins, goals and a week-3 reassessment."""
    person = UserFactory()
    link(physio_user, person)
    program = ProgramFactory(
        client=person, start_date=START, answers={**TYPICAL_ANSWERS, "goal_activities": GOALS}
    )
    log_session(program, date(2026, 3, 2), pain_during=4)
    check_in(program, date(2026, 3, 2), pain_now=3)
    log_session(program, date(2026, 3, 11), pain_during=2)
    reassessment_submit(
        client=person,
        program=program,
        week=3,
        answers={**REASSESSMENT, "goal_activities": [{"activity": "running 5 km", "score": 6}]},
        today=TODAY,
    )
    return program


def test_outcomes_by_week_with_the_assessment_points(followed):
    outcomes = program_outcomes(program_progress(followed, today=TODAY))
    start, week_3 = outcomes.points
    assert (start.label, start.week, start.pain_now, start.goal_score) == ("Start", 0, 2, 4.0)
    assert (week_3.week, week_3.pain_now, week_3.goal_score) == (3, 1, 6.0)
    by_week = {week.week: week for week in outcomes.weeks}
    assert by_week[1].pain_during_max == 4 and by_week[1].morning_pain_mean == 3
    assert by_week[2].pain_during_max == 2
    assert by_week[3].reassessment == week_3 and by_week[3].label == "Week 3 (reassessed)"
    assert by_week[1].reassessment is None


def test_the_review_shows_each_chart_with_its_table(physio_client, followed):
    html = physio_client.get(reverse("physio:client", args=[followed.client_id])).content.decode()
    for heading in ("Pain", "Goal score", "Sessions logged per week"):
        assert f">{heading}</h3>" in html
    assert html.count('role="img"') >= 3
    assert "Week 3 (reassessed)" in html
    assert "Pain now, at the start and at each reassessment" in html
    assert "<td>4.0</td>" in html and "<td>6.0</td>" in html  # the goal scores in the table
    assert "<style" not in html.split("<body")[1]  # strict CSP: nothing inline in the charts


def test_no_goal_chart_without_goal_activities(physio_client, program):
    html = physio_client.get(reverse("physio:client", args=[program.client_id])).content.decode()
    assert ">Goal score</h3>" not in html
    assert ">Pain</h3>" in html


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_review_tables_each_goal_activity_at_the_start_and_latest(physio_client, followed):
    html = physio_client.get(reverse("physio:client", args=[followed.client_id])).content.decode()
    table = html[
        html.index('id="goal-activities"') : html.index(
            "</table>", html.index('id="goal-activities"')
        )
    ]
    text = _text(table)
    assert "Activity Start Week 3 Change" in text
    assert "running 5 km 3 6 3 points better" in text
    # Skipped at the reassessment: unknown, never counted as better.
    assert "stairs at work 5 not scored not compared" in text


def test_the_goal_table_before_any_reassessment_has_the_start_only(
    physio_client, today, physio_user
):
    person = UserFactory()
    link(physio_user, person)
    program = ProgramFactory(
        client=person, start_date=START, answers={**TYPICAL_ANSWERS, "goal_activities": GOALS}
    )
    html = physio_client.get(reverse("physio:client", args=[program.client_id])).content.decode()
    table = html[
        html.index('id="goal-activities"') : html.index(
            "</table>", html.index('id="goal-activities"')
        )
    ]
    assert "no reassessment yet" in table
    assert "running 5 km 3" in _text(table) and "Change" not in table


def test_no_goal_table_without_goal_activities(physio_client, program):
    html = physio_client.get(reverse("physio:client", args=[program.client_id])).content.decode()
    assert 'id="goal-activities"' not in html
