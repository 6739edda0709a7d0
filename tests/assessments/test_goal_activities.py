"""The client's own goals on the questionnaire (spec section 1, Patient-Specific Functional
Scale): optional, up to three activities in their words with a 0-10 score, each message next to
the box it is about and nothing typed lost."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from assessments.forms import StepForm
from assessments.models import Assessment
from assessments.presentation import answer_text
from assessments.steps import STEP_BY_SLUG
from tests.assessments.helpers import STEP_POSTS, answer_all, begin, step_url

pytestmark = pytest.mark.django_db

FIELD = "goal_activities"


def goals(*rows: tuple[str, str]) -> dict[str, str]:
    """A post of the goal rows: (activity, score) as typed."""
    data: dict[str, str] = {}
    for number, (activity, score) in enumerate(rows, start=1):
        data[f"{FIELD}-{number}-activity"] = activity
        data[f"{FIELD}-{number}-score"] = score
    return data


def at_last_step(client) -> Assessment:
    assessment = begin(client)
    for slug in ("about-you", "symptoms", "alignment", "movement", "feet"):
        assert client.post(step_url(assessment, slug), STEP_POSTS[slug]).status_code == 302
    return assessment


def post_last(client, assessment, rows, **extra):
    data = {**STEP_POSTS["preferences"], **goals(*rows), **extra}
    return client.post(step_url(assessment, "preferences"), data)


def box(page: str, number: int, part: str) -> str:
    """The input of one row's activity or score."""
    return re.search(rf'<input[^>]*id="id_{FIELD}-{number}-{part}"[^>]*>', page).group(0)


def box_value(page: str, number: int, part: str) -> str:
    return html_lib.unescape(re.search(r'value="([^"]*)"', box(page, number, part)).group(1))


def message_under(page: str, number: int, part: str) -> str:
    match = re.search(rf'id="id_{FIELD}-{number}-{part}_error"[^>]*>(.*?)</div>', page, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def test_the_last_step_asks_for_goals_with_help_and_examples(client):
    assessment = at_last_step(client)
    page = client.get(step_url(assessment, "preferences")).content.decode()
    assert "Your own goals (optional)" in page
    assert "in your own words" in page and "running 5 km" in page
    assert "0 = unable to do it, 10 = as well as before your knee problem." in page
    for number in (1, 2, 3):
        assert f'for="id_{FIELD}-{number}-activity">Activity {number}</label>' in page
        assert f'for="id_{FIELD}-{number}-score">Score now (0-10)</label>' in page


def test_goals_left_empty_store_nothing_and_the_result_is_the_same(client):
    assessment = begin(client)
    answer_all(client, assessment)
    assessment.refresh_from_db()
    assert assessment.is_submitted
    assert FIELD not in assessment.answers

    with_goals = begin(client)
    answer_all(client, with_goals, overrides={"preferences": goals(("Running 5 km", "3"))})
    with_goals.refresh_from_db()
    # Informational for the evaluation: no rule reads the goals.
    assert with_goals.evaluation["findings"] == assessment.evaluation["findings"]
    assert with_goals.evaluation["exercises"] == assessment.evaluation["exercises"]
    assert with_goals.evaluation["referrals"] == assessment.evaluation["referrals"]


def test_goals_are_saved_in_the_persons_words_and_shown_again(client):
    assessment = at_last_step(client)
    response = post_last(
        client,
        assessment,
        [("  Running   5 km ", "3"), ("", ""), ("Stairs carrying shopping", "5")],
        direction="back",
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.answers[FIELD] == [
        {"activity": "Running 5 km", "score": 3},
        {"activity": "Stairs carrying shopping", "score": 5},
    ]
    page = client.get(step_url(assessment, "preferences")).content.decode()
    assert box_value(page, 1, "activity") == "Running 5 km"
    assert box_value(page, 1, "score") == "3"
    assert box_value(page, 2, "activity") == "Stairs carrying shopping"
    assert box_value(page, 3, "activity") == ""

    # Clearing every row removes the goals: no goal score.
    post_last(client, assessment, [("", ""), ("", ""), ("", "")], direction="back")
    assessment.refresh_from_db()
    assert FIELD not in assessment.answers


@pytest.mark.parametrize(
    ("rows", "number", "part", "message"),
    [
        ([("Running 5 km", "")], 1, "score", "Activity 1: how well can you do it now?"),
        ([("", "4")], 1, "activity", "Activity 1: write the activity this score is for"),
        (
            [("Running 5 km", "3"), ("Dancing " + "a" * 80, "2")],
            2,
            "activity",
            "Activity 2: keep it to 80 characters (it has 88)",
        ),
        ([("Hiking", "11")], 1, "score", "whole number from 0 to 10"),
        ([("Hiking", "seven")], 1, "score", "whole number from 0 to 10"),
        ([("Hiking", "2.5")], 1, "score", "whole number from 0 to 10"),
        (
            [("Running 5 km", "3"), ("running  5 KM", "4")],
            2,
            "activity",
            "Activity 2: this is the same as activity 1",
        ),
    ],
)
def test_bad_goal_input_is_told_next_to_its_box_and_nothing_typed_is_lost(
    client, rows, number, part, message
):
    assessment = at_last_step(client)
    response = post_last(client, assessment, rows, direction="next")

    assert response.status_code == 200  # the step again, not the result
    page = response.content.decode()
    assert message in message_under(page, number, part)
    assert 'aria-invalid="true"' in box(page, number, part)
    # The summary at the top links to the box.
    link = rf'href="#id_{FIELD}-{number}-{part}" class="alert-link">[^<]*{re.escape(message)}'
    assert re.search(link, page)
    for row, (activity, score) in enumerate(rows, start=1):
        assert box_value(page, row, "activity") == activity
        assert box_value(page, row, "score") == score
    assessment.refresh_from_db()
    assert not assessment.is_submitted
    assert FIELD not in assessment.answers
    # The other answers on the page are kept.
    assert assessment.answers["equipment"] == ["band_light", "band_medium"]


def test_back_with_a_half_filled_goal_stays_to_say_so(client):
    assessment = at_last_step(client)
    response = post_last(client, assessment, [("Running 5 km", "")], direction="back")
    assert response.status_code == 200
    assert box_value(response.content.decode(), 1, "activity") == "Running 5 km"


def test_a_stored_goal_the_engine_refuses_is_shown_with_what_was_stored():
    step = STEP_BY_SLUG["preferences"]
    stored = {FIELD: [{"activity": "Running 5 km", "score": 12}]}
    form = StepForm.with_errors(step=step, answers=stored, errors={FIELD: ["Too high."]})
    bound = form[FIELD]
    assert [(row.activity, row.score) for row in bound.rows][0] == ("Running 5 km", "12")
    assert "whole number from 0 to 10" in " ".join(bound.rows[0].score_errors)


def test_stored_goals_read_as_words_and_scores():
    stored = [
        {"activity": "Running 5 km", "score": 3},
        {"activity": "Kneeling to garden", "score": 0},
    ]
    assert answer_text(FIELD, stored) == "Running 5 km: 3/10; Kneeling to garden: 0/10"
    assert answer_text(FIELD, []) == "not answered"


def test_function_answers_read_with_their_words_where_the_questionnaire_offered_them():
    assert answer_text("difficulty_stairs", 2) == "2/4 (moderate)"
    assert answer_text("difficulty_kneeling", 4) == "4/4 (unable)"
    assert answer_text("difficulty_running", None) == "not answered"
