"""The questionnaire: drafts saved after every step, resuming, editing, validation, privacy."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import ANONYMOUS_SESSION_KEY, Assessment
from assessments.steps import STEP_OF_ITEM, STEPS
from programs.engine import Answers
from tests.accounts.helpers import confirmation_link, sign_up, sign_up_and_confirm
from tests.assessments.helpers import STEP_POSTS, answer_all, begin, step_url
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def field_block(html: str, item: str) -> str:
    """The markup crispy renders for one field (wrapper div up to the next field's wrapper)."""
    start = html.index(f'id="div_id_{item}"')
    following = html.find('id="div_id_', start + 1)
    return html[start : following if following != -1 else len(html)]


def checked_value(html: str, item: str) -> str | None:
    block = field_block(html, item)
    for tag in re.findall(r"<input[^>]*>", block):
        if "checked" in tag:
            return re.search(r'value="([^"]*)"', tag).group(1)
    return None


def test_every_engine_item_is_asked_on_exactly_one_step():
    asked = [item for step in STEPS for item in step.items]
    assert len(asked) == len(set(asked))
    assert set(asked) == set(Answers.model_fields)
    assert [step.title for step in STEPS] == [
        "About you",
        "Symptoms and warning signs",
        "Alignment at rest",
        "Movement self-tests",
        "Feet",
        "Preferences, function and goals",
    ]


def test_start_page_explains_steps_and_begins_a_draft_for_an_anonymous_person(client):
    page = client.get(reverse("assessments:start")).content.decode()
    assert page.count("<h1") == 1
    for step in STEPS:
        assert step.title in page

    assessment = begin(client)

    assert assessment.owner is None
    assert assessment.status == Assessment.Status.DRAFT
    assert client.session[ANONYMOUS_SESSION_KEY] == [str(assessment.uid)]
    response = client.get(step_url(assessment, "about-you"))
    assert "Step 1 of 6" in response.content.decode()


def test_each_step_is_saved_and_an_anonymous_person_resumes_where_they_left_off(client):
    assessment = begin(client)
    client.post(step_url(assessment, "about-you"), STEP_POSTS["about-you"])
    client.post(step_url(assessment, "symptoms"), STEP_POSTS["symptoms"])

    assessment.refresh_from_db()
    assert assessment.answers["age"] == 34
    assert assessment.answers["side"] == "left"
    assert assessment.answers["pain_aggravators"] == ["stairs", "squatting"]
    assert assessment.answers["night_pain"] is False
    assert assessment.current_step == "alignment"

    start = client.get(reverse("assessments:start")).content.decode()
    assert "step 3 of 6" in start
    response = client.post(reverse("assessments:start"), {"action": "resume"})
    assert response.url == step_url(assessment, "alignment")


def test_a_logged_in_client_resumes_in_a_new_browser(client_user):
    first_browser = Client()
    first_browser.force_login(client_user)
    assessment = begin(first_browser)
    first_browser.post(step_url(assessment, "about-you"), STEP_POSTS["about-you"])

    second_browser = Client()  # closing the browser: a new session, the same account
    second_browser.force_login(client_user)
    page = second_browser.get(reverse("assessments:start")).content.decode()
    assert "Resume where I left off" in page
    response = second_browser.post(reverse("assessments:start"), {"action": "resume"})
    assert response.url == step_url(assessment, "symptoms")
    assert Assessment.objects.filter(owner=client_user).count() == 1


def test_going_back_shows_the_saved_answers(client):
    assessment = begin(client)
    client.post(step_url(assessment, "about-you"), STEP_POSTS["about-you"])
    response = client.post(
        step_url(assessment, "symptoms"), {**STEP_POSTS["symptoms"], "direction": "back"}
    )
    assert response.url == step_url(assessment, "about-you")

    page = client.get(response.url).content.decode()
    assert 'value="34"' in field_block(page, "age")
    assert checked_value(page, "side") == "left"
    assert checked_value(page, "activity_level") == "moderate"
    page = client.get(step_url(assessment, "symptoms")).content.decode()
    assert checked_value(page, "night_pain") == "no"
    assert checked_value(page, "swelling_within_2h_of_injury") is None  # "not sure" saved nothing


def test_an_invalid_answer_shows_its_message_next_to_the_field_and_keeps_what_was_typed(client):
    assessment = begin(client)
    client.post(step_url(assessment, "about-you"), STEP_POSTS["about-you"])

    response = client.post(
        step_url(assessment, "about-you"), {**STEP_POSTS["about-you"], "age": "7", "side": "right"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    age = field_block(page, "age")
    assert 'value="7"' in age
    assert "Enter a whole number from 10 to 110." in age
    assert "is-invalid" in age
    assert "Please check" in page
    assessment.refresh_from_db()
    assert assessment.answers["age"] == 34  # the invalid value did not overwrite the draft
    assert assessment.answers["side"] == "right"  # the valid one next to it was kept


def test_wrong_kind_of_value_is_rejected_without_an_error_page(client):
    assessment = begin(client)
    response = client.post(step_url(assessment, "about-you"), {"age": "thirty", "side": "sideways"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="thirty"' in field_block(page, "age")
    assert "Select a valid choice" in field_block(page, "side")
    assessment.refresh_from_db()
    assert assessment.answers == {}
    assert assessment.current_step == "about-you"


def test_a_skipped_optional_test_is_stored_as_not_answered(client):
    assessment = begin(client)
    answer_all(client, assessment, overrides={"preferences": {}})  # submits
    assessment.refresh_from_db()
    assert "thomas_thigh_lifts_left" not in assessment.answers
    assert "knee_to_wall_cm_right" not in assessment.answers
    assert "difficulty_kneeling" not in assessment.answers
    assert assessment.answers["knee_to_wall_cm_left"] == 12.0
    assert assessment.answers["hip_drop_left"] is True
    codes = [finding["code"] for finding in assessment.evaluation["findings"]]
    assert "hip_flexor_tightness" not in codes  # a skipped test is never a positive sign


def test_changing_an_answer_to_i_didnt_do_this_test_removes_it(client):
    assessment = begin(client)
    for slug in ("about-you", "symptoms", "alignment"):
        client.post(step_url(assessment, slug), STEP_POSTS[slug])
    client.post(step_url(assessment, "movement"), STEP_POSTS["movement"])
    client.post(
        step_url(assessment, "movement"),
        {
            **STEP_POSTS["movement"],
            "hip_drop_left": "not_done",
            "single_leg_squat_left": "not_done",
        },
    )
    assessment.refresh_from_db()
    assert "hip_drop_left" not in assessment.answers
    assert "single_leg_squat_left" not in assessment.answers


def test_required_answers_missing_block_the_result(client):
    assessment = begin(client)
    answers = {"age": 40, "side": "both", "pain_worst_week": 3}  # pain_now never answered
    Assessment.objects.filter(pk=assessment.pk).update(answers=answers, current_step="preferences")

    response = client.post(step_url(assessment, "preferences"), STEP_POSTS["preferences"])

    assert response.status_code == 200
    page = response.content.decode()
    assert "Symptoms and warning signs" in page and "Step 2 of 6" in page
    assert "Please answer this question." in field_block(page, "pain_now")
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT
    assert assessment.evaluation is None


def test_required_fields_are_required_on_their_step(client):
    assessment = begin(client)
    response = client.post(step_url(assessment, "about-you"), {"sex": "male"})
    page = response.content.decode()
    assert "Please answer this question." in field_block(page, "age")
    assert "Please answer this question." in field_block(page, "side")
    assert checked_value(page, "sex") == "male"


def test_later_steps_cannot_be_skipped_to(client):
    assessment = begin(client)
    response = client.get(step_url(assessment, "feet"))
    assert response.url == step_url(assessment, "about-you")


def test_submitting_stores_the_evaluation_and_the_rules_version(client):
    assessment = begin(client)
    response = answer_all(client, assessment)
    assert response.url == reverse("assessments:result", args=[assessment.uid])
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.submitted_at is not None
    assert assessment.rules_version
    assert assessment.evaluation["rules_version"] == assessment.rules_version
    assert {"program_allowed", "findings", "exercises", "advice", "referrals", "later"} <= set(
        assessment.evaluation
    )


def test_a_submitted_assessment_is_read_only(client):
    assessment = begin(client)
    answer_all(client, assessment)
    response = client.post(
        step_url(assessment, "about-you"), {**STEP_POSTS["about-you"], "age": "80"}
    )
    assert response.url == reverse("assessments:result", args=[assessment.uid])
    assessment.refresh_from_db()
    assert assessment.answers["age"] == 34


def test_starting_over_discards_the_draft(client):
    assessment = begin(client)
    client.post(step_url(assessment, "about-you"), STEP_POSTS["about-you"])
    response = client.post(reverse("assessments:start"), {"action": "restart"})
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
    new = Assessment.objects.get()
    assert response.url == step_url(new, "about-you")
    assert new.answers == {}


@pytest.mark.parametrize("slug", ["about-you", "result"])
def test_another_account_gets_404(client, client_user, other_client_user, slug):
    client.force_login(client_user)
    assessment = begin(client)
    answer_all(client, assessment) if slug == "result" else None
    url = (
        reverse("assessments:result", args=[assessment.uid])
        if slug == "result"
        else step_url(assessment, slug)
    )
    assert client.get(url).status_code in (200, 302)

    intruder = Client()
    intruder.force_login(other_client_user)
    assert intruder.get(url).status_code == 404
    assert intruder.post(url, STEP_POSTS["about-you"]).status_code in (404, 405)
    anonymous = Client()
    assert anonymous.get(url).status_code == 404


def test_another_browser_cannot_open_an_anonymous_draft_or_result(client):
    assessment = begin(client)
    answer_all(client, assessment)
    result = reverse("assessments:result", args=[assessment.uid])
    assert client.get(result).status_code == 200

    other_browser = Client()
    assert other_browser.get(result).status_code == 404
    assert other_browser.get(step_url(assessment, "about-you")).status_code == 404
    someone = UserFactory()
    other_browser.force_login(someone)
    assert other_browser.get(result).status_code == 404


def test_a_draft_of_another_browser_cannot_be_edited(client):
    assessment = begin(client)
    other_browser = Client()
    response = other_browser.post(step_url(assessment, "about-you"), STEP_POSTS["about-you"])
    assert response.status_code == 404
    assessment.refresh_from_db()
    assert assessment.answers == {}


def test_signing_up_keeps_the_anonymous_result(client):
    assessment = begin(client)
    answer_all(client, assessment)

    response = sign_up_and_confirm(client, first_name="Robin", email="robin@example.org")

    assessment.refresh_from_db()
    assert assessment.owner is not None and assessment.owner.username == "newperson"
    assert response.url == reverse("assessments:result", args=[assessment.uid])
    assert client.get(response.url).status_code == 200
    # the browser's claim is used up: another person logging in here later gets nothing
    assert client.session[ANONYMOUS_SESSION_KEY] == []


def test_the_result_is_kept_when_the_email_link_is_opened_in_another_browser(client):
    assessment = begin(client)
    answer_all(client, assessment)
    sign_up(client, email="robin@example.org")

    mail_app = Client()  # a phone's mail app has its own cookies
    response = mail_app.post(confirmation_link("robin@example.org"))

    assessment.refresh_from_db()
    assert assessment.owner.username == "newperson"
    assert response.url == reverse("assessments:result", args=[assessment.uid])
    assert mail_app.get(response.url).status_code == 200


def test_logging_in_keeps_the_anonymous_result(client, client_user):
    assessment = begin(client)
    answer_all(client, assessment)

    client.post(reverse("login"), {"username": client_user.username, "password": DEFAULT_PASSWORD})

    assessment.refresh_from_db()
    assert assessment.owner == client_user
    listing = client.get(reverse("assessments:list")).content.decode()
    assert reverse("assessments:result", args=[assessment.uid]) in listing


def test_a_physiotherapist_is_told_the_assessment_is_for_clients(client, physio_user):
    client.force_login(physio_user)
    page = client.get(reverse("assessments:start")).content.decode()
    assert "logged in as a physiotherapist" in page
    assert "Begin the self-assessment" not in page
    client.post(reverse("assessments:start"), {"action": "begin"})
    assert not Assessment.objects.exists()


def test_the_list_shows_drafts_to_resume_and_results_with_rules_version(
    logged_in, client_user, django_assert_max_num_queries
):
    done = begin(logged_in)
    answer_all(logged_in, done)
    draft = begin(logged_in)
    logged_in.post(step_url(draft, "about-you"), STEP_POSTS["about-you"])
    UserFactory()  # someone else's assessments never show
    Assessment.objects.create(owner=UserFactory(), current_step="feet")

    with django_assert_max_num_queries(8):
        page = logged_in.get(reverse("assessments:list")).content.decode()

    assert reverse("assessments:result", args=[done.uid]) in page
    assert f"rules version {done.rules_version}" in page
    assert step_url(draft, "symptoms") in page
    assert "step 2 of 6" in page
    assert page.count('<li class="list-group-item') == 2


def test_the_list_needs_an_account(client):
    response = client.get(reverse("assessments:list"))
    assert response.status_code == 302
    assert reverse("login") in response.url


def test_every_item_of_the_spec_has_a_label_on_its_step(client):
    assessment = begin(client)
    Assessment.objects.filter(pk=assessment.pk).update(current_step="preferences")
    for step in STEPS:
        page = client.get(step_url(assessment, step.slug)).content.decode()
        assert page.count("<h1") == 1
        for item in step.items:
            assert STEP_OF_ITEM[item] == step.slug
            block = field_block(page, item)
            assert "<label" in block or "<legend" in block, item


def test_a_physiotherapist_logging_in_does_not_take_over_a_browsers_assessment(client, physio_user):
    assessment = begin(client)
    answer_all(client, assessment)
    client.post(reverse("login"), {"username": physio_user.username, "password": DEFAULT_PASSWORD})
    assessment.refresh_from_db()
    assert assessment.owner is None


def test_an_anonymous_draft_outlives_the_idle_timeout_until_the_person_logs_in(
    client, client_user, settings
):
    assessment = begin(client)
    client.post(step_url(assessment, "about-you"), STEP_POSTS["about-you"])
    # the browser keeps the draft for days, not for the 30-minute idle timeout of accounts
    assert client.session.get_expiry_age() == settings.VALGUS_ANONYMOUS_DRAFT_SECONDS
    assert settings.VALGUS_ANONYMOUS_DRAFT_SECONDS > settings.SESSION_COOKIE_AGE

    client.post(reverse("login"), {"username": client_user.username, "password": DEFAULT_PASSWORD})
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE
