"""The reassessment repeats the client's own goal activities (spec section 9): their words from
the start, read only, each asked a new score, compared on the same activities; a goal score that
rose by 2 or more counts as improved and the result says so."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments.models import Assessment
from tests.dates import END_OF_WEEK_6, START
from tests.factories import ProgramFactory
from tests.progress.test_reassessment import FORM

pytestmark = pytest.mark.django_db

GOALS = [
    {"activity": "Running 5 km", "score": 3},
    {"activity": "Taking the stairs carrying shopping", "score": 5},
]


@pytest.fixture
def program_with_goals(client_user):
    return ProgramFactory(client=client_user, start_date=START, answers__goal_activities=GOALS)


def score_box(html: str, number: int) -> str:
    return re.search(rf'<input[^>]*name="goal_score_{number}"[^>]*>', html).group(0)


def test_the_form_shows_the_same_activities_in_the_clients_words(
    logged_in, program_with_goals, travel
):
    travel(END_OF_WEEK_6)
    html = logged_in.get(reverse("programs:reassess")).content.decode()
    assert "Your own goals" in html
    assert "Running 5 km (score 0 to 10)" in html
    assert "Taking the stairs carrying shopping (score 0 to 10)" in html
    # The words are read only: only the scores are boxes, and nothing shows the old score.
    assert 'name="goal_score_1"' in html and 'name="goal_score_2"' in html
    assert 'name="goal_score_3"' not in html
    assert "goal_activities-1-activity" not in html
    assert 'value="3"' not in score_box(html, 1)
    # The goals come before the overall rating.
    assert html.index("Your own goals") < html.index("Overall, how is your knee")


def test_without_goals_at_the_start_the_form_asks_none(logged_in, program, travel):
    travel(END_OF_WEEK_6)
    html = logged_in.get(reverse("programs:reassess")).content.decode()
    assert "Your own goals" not in html
    assert "goal_score_1" not in html


def test_new_scores_are_stored_for_the_same_activities_and_count_as_improved(
    logged_in, program_with_goals, travel
):
    travel(END_OF_WEEK_6)
    # Pain 4 -> 3, squats the same, rating "same": only the goal score (4 -> 6.5) improved.
    response = logged_in.post(
        reverse("programs:reassess"), {**FORM, "goal_score_1": "6", "goal_score_2": "7"}
    )
    assert response.status_code == 302
    reassessment = Assessment.objects.get(kind=Assessment.Kind.REASSESSMENT)
    assert reassessment.answers["goal_activities"] == [
        {"activity": "Running 5 km", "score": 6},
        {"activity": "Taking the stairs carrying shopping", "score": 7},
    ]
    comparison = reassessment.evaluation["comparison"]
    assert comparison["improved_by"] == ["goal_score"]
    assert comparison["goal_score_baseline"] == 4 and comparison["goal_score_follow_up"] == 6.5

    page = logged_in.get(response.url).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Yes: this counts as improved, by your goal score." in text
    assert "Your goal: Running 5 km (0-10) 3 6 better" in text
    assert "Your goal: Taking the stairs carrying shopping (0-10) 5 7 better" in text


def test_a_small_rise_does_not_count_and_a_skipped_activity_is_not_compared(
    logged_in, program_with_goals, travel
):
    travel(END_OF_WEEK_6)
    response = logged_in.post(reverse("programs:reassess"), {**FORM, "goal_score_1": "4"})
    reassessment = Assessment.objects.get(kind=Assessment.Kind.REASSESSMENT)
    assert reassessment.answers["goal_activities"] == [{"activity": "Running 5 km", "score": 4}]
    assert reassessment.evaluation["comparison"]["improved"] is False
    page = logged_in.get(response.url).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "Not yet: no measure of improvement was met." in text
    assert "Taking the stairs carrying shopping (0-10) 5 not scored not compared" in text


@pytest.mark.parametrize("typed", ["11", "-1", "six", "2.5"])
def test_a_bad_score_is_told_next_to_its_activity_and_nothing_is_lost(
    logged_in, program_with_goals, travel, typed
):
    travel(END_OF_WEEK_6)
    response = logged_in.post(
        reverse("programs:reassess"), {**FORM, "goal_score_1": "8", "goal_score_2": typed}
    )
    assert response.status_code == 200
    html = response.content.decode()
    block = html[html.index('id="div_id_goal_score_2"') :]
    block = block[: block.index("</div>\n", block.index("invalid-feedback"))]
    assert "Enter a whole number from 0 to 10, or leave it empty." in block
    assert 'value="8"' in score_box(html, 1)
    assert 'value="2"' in html  # the pain typed is still there
    assert not Assessment.objects.filter(kind=Assessment.Kind.REASSESSMENT).exists()


def test_a_goal_score_reads_with_one_decimal_as_in_the_progress_table(
    logged_in, client_user, travel
):
    three = [
        {"activity": "Running 5 km", "score": 3},
        {"activity": "Stairs", "score": 5},
        {"activity": "Kneeling", "score": 2},
    ]
    ProgramFactory(client=client_user, start_date=START, answers__goal_activities=three)
    travel(END_OF_WEEK_6)
    response = logged_in.post(
        reverse("programs:reassess"),
        {**FORM, "goal_score_1": "5", "goal_score_2": "8", "goal_score_3": "4"},
    )
    page = logged_in.get(response.url).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    # 10/3 and 17/3: the same 3.3 and 5.7 as the goal table on Progress, never 3.33 and 5.67.
    assert "Your goal score rose from 3.3 to 5.7 out of 10" in text
    progress = logged_in.get(reverse("programs:progress")).content.decode()
    assert re.search(r"Goal score \(average\)</th><td>3.3</td><td>5.7</td>", progress)
