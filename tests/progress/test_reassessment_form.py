"""The reassessment form asks its items as the questionnaire does: narrow pain boxes, radio
buttons with a skip for the daily activities, "I didn't do this test" for the self-tests, the
same how-to and safety texts; bad input is explained next to the field and nothing typed is lost."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from assessments.models import Assessment
from tests.dates import END_OF_WEEK_6
from tests.progress.test_reassessment import FORM, is_checked

pytestmark = pytest.mark.django_db

DIFFICULTIES = (
    "difficulty_stairs",
    "difficulty_squatting",
    "difficulty_sitting_long",
    "difficulty_running",
    "difficulty_kneeling",
)


def field_block(html: str, item: str) -> str:
    """The markup crispy renders for one field (its wrapper up to the next field's wrapper)."""
    start = html.index(f'id="div_id_{item}"')
    following = html.find('id="div_id_', start + 1)
    return html[start : following if following != -1 else len(html)]


def radio_labels(html: str, item: str) -> list[str]:
    """The visible labels of one radio group, in order."""
    block = field_block(html, item)
    return [
        unescape(re.sub(r"\s+", " ", label).strip())
        for label in re.findall(r"<label[^>]*form-check-label[^>]*>(.*?)</label>", block, re.S)
    ]


@pytest.fixture
def form_page(logged_in, program, travel):
    travel(END_OF_WEEK_6)

    def _get() -> str:
        response = logged_in.get(reverse("programs:reassess"))
        assert response.status_code == 200
        return response.content.decode()

    return _get


def post(logged_in, **changes):
    return logged_in.post(reverse("programs:reassess"), {**FORM, **changes})


def test_pain_is_asked_in_the_questionnaires_words_in_a_narrow_number_box(form_page):
    html = form_page()
    for item in ("pain_now", "pain_worst_week"):
        tag = re.search(rf'<input[^>]*name="{item}"[^>]*>', html).group(0)
        assert 'type="number"' in tag
        assert "input-number" in tag  # the narrow box, not a full-width one
        assert 'min="0"' in tag and 'max="10"' in tag
    assert "How much does your knee hurt right now?" in html
    assert "At its worst in the last 7 days, how much did it hurt?" in html
    assert "0 = no pain, 10 = the worst pain you can imagine." in html


def test_daily_activities_are_radio_buttons_with_a_skip_not_dropdowns(form_page):
    html = form_page()
    assert "<select" not in html
    for item in DIFFICULTIES:
        assert radio_labels(html, item) == [
            "0: no difficulty",
            "1: a little",
            "2: moderate",
            "3: a lot",
            "4: unable",
            "Doesn't apply to me / skip",
        ]
    assert "Going up and down stairs" in html


def test_self_tests_offer_the_questionnaires_grades_and_i_didnt_do_this_test(form_page):
    html = form_page()
    for item in ("single_leg_squat_left", "single_leg_squat_right", "squat_knees_cave"):
        labels = radio_labels(html, item)
        assert labels[0] == "None: my knee stays over my 2nd toe"
        assert labels[-1] == "I didn't do this test"
        assert len(labels) == 4
    for item in ("hip_drop_left", "hip_drop_right"):
        assert radio_labels(html, item) == ["Yes", "No", "I didn't do this test"]
    assert "Standing on your LEFT leg, what did your knee do?" in html
    # Nothing is pre-chosen for the person.
    assert not is_checked(html, "single_leg_squat_left", "not_done")


def test_each_self_test_has_the_questionnaires_how_to_and_safety_note(form_page):
    html = form_page()
    for title in ("Single-leg squat", "Two-leg squat", "Standing on one leg (hip drop)"):
        assert re.search(rf"<h2[^>]*>{re.escape(title)}</h2>", html)
    assert html.count("How to do it") == 3
    assert html.count("Stop if it hurts more than a mild discomfort") == 3
    assert "Do 5 slow squats on that leg" in html
    assert "skip any test you cannot do safely" in html
    assert html.count("<h1") == 1


def test_every_input_has_a_visible_label(form_page):
    html = form_page()
    for input_id in re.findall(r'<input[^>]*\bid="([^"]+)"', html):
        assert re.search(rf'<label[^>]*for="{re.escape(input_id)}"', html), input_id


def test_skipped_items_are_stored_as_not_answered(logged_in, program, travel):
    travel(END_OF_WEEK_6)
    response = post(
        logged_in,
        single_leg_squat_right="not_done",
        hip_drop_left="yes",
        difficulty_stairs="0",
        difficulty_running="not_done",
    )
    assert response.status_code == 302
    answers = Assessment.objects.get(kind=Assessment.Kind.REASSESSMENT).answers
    assert answers.get("single_leg_squat_right") is None
    assert answers.get("squat_knees_cave") is None
    assert answers["hip_drop_left"] is True
    assert answers["difficulty_stairs"] == 0  # no difficulty is an answer, not a skip
    assert answers.get("difficulty_running") is None


def test_bad_pain_is_explained_next_to_its_box_and_everything_typed_is_kept(
    logged_in, program, travel
):
    travel(END_OF_WEEK_6)
    response = post(logged_in, pain_now="", pain_worst_week="11", difficulty_kneeling="3")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please answer this question." in field_block(html, "pain_now")
    assert "Enter a whole number from 0 to 10." in field_block(html, "pain_worst_week")
    assert 'value="11"' in field_block(html, "pain_worst_week")
    assert 'href="#id_pain_worst_week"' in html  # the summary links to the box
    assert is_checked(html, "single_leg_squat_left", "slight")
    assert is_checked(html, "hip_drop_right", "not_done")
    assert is_checked(html, "difficulty_stairs", "1")
    assert is_checked(html, "difficulty_kneeling", "3")
    assert not Assessment.objects.filter(kind=Assessment.Kind.REASSESSMENT).exists()


@pytest.mark.parametrize(
    ("item", "value"),
    [
        ("difficulty_stairs", "9"),
        ("single_leg_squat_left", "wobbly"),
        ("hip_drop_left", "maybe"),
        ("pain_now", "two"),
    ],
)
def test_tampered_values_get_a_message_never_an_error_page(logged_in, program, travel, item, value):
    travel(END_OF_WEEK_6)
    response = post(logged_in, **{item: value})
    assert response.status_code == 200
    block = field_block(response.content.decode(), item)
    assert "invalid-feedback" in block
    assert not Assessment.objects.filter(kind=Assessment.Kind.REASSESSMENT).exists()
