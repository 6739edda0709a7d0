"""The result page: referrals first, findings and exercises explained, print, next steps."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import ANONYMOUS_SESSION_KEY, Assessment
from assessments.services import assessment_submit
from programs.engine import library

pytestmark = pytest.mark.django_db

BASE = {"age": 30, "side": "left", "pain_now": 2, "pain_worst_week": 3}


def submitted(answers: dict, *, owner=None) -> Assessment:
    assessment = Assessment.objects.create(owner=owner, answers=answers, current_step="preferences")
    return assessment_submit(assessment=assessment)


def anonymous_client_for(assessment: Assessment) -> Client:
    client = Client()
    session = client.session
    session[ANONYMOUS_SESSION_KEY] = [str(assessment.uid)]
    session.save()
    return client


def result_page(client: Client, assessment: Assessment) -> str:
    response = client.get(reverse("assessments:result", args=[assessment.uid]))
    assert response.status_code == 200
    return response.content.decode()


def test_an_emergency_referral_comes_first_and_the_program_waits():
    assessment = submitted(
        {
            **BASE,
            "hot_red_knee": True,
            "fever_or_unwell": True,
            "single_leg_squat_left": "marked",
        }
    )
    page = result_page(anonymous_client_for(assessment), assessment)

    assert "Go to an emergency department today" in page
    assert page.index("Go to an emergency department today") < page.index("What your answers show")
    assert "no exercises are given until a clinician" in page
    assert "Your exercises" not in page
    assert "Start my program" not in page
    # the reason is the person's own answers, in words
    reasons = assessment.evaluation["referrals"][0]["reasons"]
    assert reasons and all(reason in page for reason in reasons)


def test_a_doctor_referral_says_who_and_how_soon_while_the_program_goes_ahead(
    logged_in, client_user
):
    assessment = submitted(
        {**BASE, "night_pain": True, "single_leg_squat_left": "slight"}, owner=client_user
    )
    page = result_page(logged_in, assessment)
    assert "See your doctor (GP) within 2 weeks" in page
    assert "no exercises are given" not in page
    assert "Your exercises" in page


def test_findings_and_exercises_are_explained_with_their_reasons(logged_in, client_user):
    assessment = submitted(
        {
            **BASE,
            "single_leg_squat_left": "slight",
            "hip_drop_left": True,
            "equipment": ["band_light"],
            "arch_collapses_standing": True,
        },
        owner=client_user,
    )
    page = result_page(logged_in, assessment)
    evaluation = assessment.evaluation

    assert "Knee drifts inwards when you bend" in page  # finding title from the engine's texts
    for finding in evaluation["findings"]:
        for reason in finding["reasons"]:
            assert reason in page
    assert "Banded clamshell" in page
    assert "3 × 12 per side" in page
    assert "Why this exercise" in page
    # Each reason is said once: the findings' evidence under the findings; an exercise names the
    # finding it answers, then says why it helps and what set its level.
    for finding in evaluation["findings"]:
        for reason in finding["reasons"]:
            assert page.count(reason) == 1, reason
    for exercise in evaluation["exercises"]:
        item = library.get(exercise["code"])
        assert page.count(item.why) == 1, item.why
        assert exercise["reasons"][-1] in page  # what set its starting level
    assert 'href="#finding-hip_abductor_weakness">weak hip muscles</a>' in page
    assert "Common mistakes" in page and "Key cue" in page
    assert "Arch-support insoles" in page
    # Insoles are a companion to the exercises, said once: the advice's reason, not its text too.
    assert page.count("instead of them") == 1
    # The everyday cue's reason is not said again in its text.
    assert page.count("when you walk") == 1
    assert "This is not a diagnosis" in page
    assert f"Rules version {assessment.rules_version}" in page


def test_the_result_can_be_printed():
    assessment = submitted({**BASE, "squat_knees_cave": "slight"})
    page = result_page(anonymous_client_for(assessment), assessment)
    assert 'href="/static/css/print.css" media="print"' in page
    assert "data-print" in page
    assert "onclick" not in page  # no inline scripts: the CSP forbids them


def test_a_client_can_start_the_program_from_an_allowed_result(logged_in, client_user):
    assessment = submitted({**BASE, "squat_knees_cave": "slight"}, owner=client_user)
    page = result_page(logged_in, assessment)
    assert "Start my program" in page
    assert f'action="{reverse("programs:start", args=[assessment.uid])}"' in page


def test_an_anonymous_person_is_invited_to_keep_the_result():
    assessment = submitted({**BASE, "squat_knees_cave": "slight"})
    page = result_page(anonymous_client_for(assessment), assessment)
    assert "Start my program" not in page
    assert reverse("signup") in page
    assert "Create an account" in page


def test_no_program_when_nothing_calls_for_exercise(logged_in, client_user):
    assessment = submitted(dict(BASE), owner=client_user)
    page = result_page(logged_in, assessment)
    assert assessment.evaluation["exercises"] == []
    assert "Start my program" not in page
    for note in assessment.evaluation["notes"]:
        assert note in page


def test_a_draft_result_url_leads_back_to_the_questionnaire(logged_in, client_user):
    draft = Assessment.objects.create(owner=client_user, current_step="feet")
    response = logged_in.get(reverse("assessments:result", args=[draft.uid]))
    assert response.url == reverse("assessments:step", args=[draft.uid, "feet"])


def test_a_withheld_result_says_once_how_the_program_follows_a_clearance():
    assessment = submitted({**BASE, "giving_way": True, "squat_knees_cave": "slight"})
    page = result_page(anonymous_client_for(assessment), assessment)
    assert "Your exercise program waits until a clinician has seen you" in page
    assert "Keep this result" in page and "Create an account" in page
    text = " ".join(page.split())
    assert text.count("your program is built from these same answers") == 1
