"""The assessment a physiotherapist records in clinic: the questionnaire's steps and engine,
"assessed by" on the record, the evaluation, the program started from it, and the client
reading who assessed them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.errors import NotPermitted
from assessments.models import Assessment
from care.services import clinic
from programs.models import Program
from tests.assessments.helpers import STEP_POSTS
from tests.factories import AssessmentFactory, PhysiotherapistFactory, UserFactory
from tests.physio.conftest import link

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_client(today, physio_user):
    """A linked client who has not taken the self-assessment."""
    person = UserFactory(first_name="Robin", last_name="Hale")
    link(physio_user, person)
    return person


def _start(physio_client, person) -> Assessment:
    response = physio_client.post(reverse("physio:assessment_start", args=[person.pk]))
    assert response.status_code == 302
    return Assessment.objects.get(owner=person, status="draft")


def _answer_all_steps(physio_client, person, assessment):
    response = None
    for slug, data in STEP_POSTS.items():
        url = reverse("physio:assessment_step", args=[person.pk, assessment.uid, slug])
        response = physio_client.post(url, {**data, "direction": "next"})
        assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_the_review_of_a_client_without_an_assessment_offers_the_clinic(physio_client, new_client):
    html = physio_client.get(reverse("physio:client", args=[new_client.pk])).content.decode()
    assert "has not taken the self-assessment" in html
    assert "Assess in clinic" in html


def test_in_clinic_assessment_through_to_a_program(physio_client, physio_user, new_client, today):
    assessment = _start(physio_client, new_client)
    assert assessment.assessed_by == physio_user
    first = physio_client.get(
        reverse("physio:assessment_step", args=[new_client.pk, assessment.uid, "about-you"])
    )
    assert "How old are you?" in first.content.decode()  # the questionnaire's own items

    response = _answer_all_steps(physio_client, new_client, assessment)
    result_url = reverse("physio:assessment_result", args=[new_client.pk, assessment.uid])
    assert response.url == result_url
    assessment.refresh_from_db()
    assert assessment.is_submitted and assessment.evaluation["program_allowed"]
    # Pressing the last button again, or an old tab, shows the evaluation; nothing changes.
    last = reverse("physio:assessment_step", args=[new_client.pk, assessment.uid, "preferences"])
    again = physio_client.post(last, {**STEP_POSTS["preferences"], "direction": "next"})
    assert again.url == result_url
    html = physio_client.get(result_url).content.decode()
    assert f"Assessed in clinic by {physio_user.display_name}" in html
    assert "Banded clamshell" in html

    response = physio_client.post(
        result_url, {"start_date": today.isoformat(), "strength_days": ["0", "2", "4"]}
    )
    assert response.status_code == 302
    program = Program.objects.current_for(new_client)
    assert program.assessment == assessment
    assert program.strength_days == [0, 2, 4]
    assert program.exercises.filter(code="banded_clamshell").exists()


def test_nothing_typed_is_lost_on_a_wrong_answer(physio_client, new_client):
    assessment = _start(physio_client, new_client)
    url = reverse("physio:assessment_step", args=[new_client.pk, assessment.uid, "about-you"])
    response = physio_client.post(url, {"age": "400", "sex": "female", "side": "left"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a whole number from" in html
    assert 'value="400"' in html  # what was typed stays in the box
    assessment.refresh_from_db()
    assert assessment.answers.get("side") == "left"  # the valid answers are kept


def test_the_client_sees_who_assessed_them(physio_client, physio_user, new_client, today):
    assessment = _start(physio_client, new_client)
    client = Client()
    # The unfinished draft is the physiotherapist's: the client cannot open or resume it.
    client.force_login(new_client)
    step = reverse("assessments:step", args=[assessment.uid, "about-you"])
    assert client.get(step).status_code == 404
    assert "Resume" not in client.get(reverse("assessments:start")).content.decode()

    _answer_all_steps(physio_client, new_client, assessment)
    physio_client.post(
        reverse("physio:assessment_result", args=[new_client.pk, assessment.uid]),
        {"start_date": today.isoformat(), "strength_days": ["0", "2", "4"]},
    )
    result = client.get(reverse("assessments:result", args=[assessment.uid])).content.decode()
    assert f"Assessed in clinic by {physio_user.display_name}" in result
    mine = client.get(reverse("assessments:list")).content.decode()
    assert f"Assessed in clinic by {physio_user.display_name}" in mine
    progress = client.get(reverse("programs:progress")).content.decode()
    assert f"assessment in clinic by {physio_user.display_name}" in progress


def test_a_client_self_assessment_without_a_program_can_be_started_by_the_physio(
    physio_client, new_client, today
):
    own = AssessmentFactory(owner=new_client)
    html = physio_client.get(reverse("physio:client", args=[new_client.pk])).content.decode()
    assert "See the evaluation and start the program" in html
    url = reverse("physio:assessment_result", args=[new_client.pk, own.uid])
    assert "Self-assessment by the client" in physio_client.get(url).content.decode()
    physio_client.post(url, {"start_date": today.isoformat(), "strength_days": ["1", "3", "5"]})
    assert Program.objects.current_for(new_client).assessment == own


def test_another_physiotherapists_draft_is_not_found(physio_client, new_client):
    colleague = PhysiotherapistFactory()
    link(colleague, new_client)
    theirs = AssessmentFactory(owner=new_client, assessed_by=colleague, draft=True)
    url = reverse("physio:assessment_step", args=[new_client.pk, theirs.uid, "about-you"])
    assert physio_client.get(url).status_code == 404
    assert physio_client.post(url, STEP_POSTS["about-you"]).status_code == 404


def test_another_clients_assessment_is_not_found_through_a_linked_client(
    physio_client, new_client, linked_client
):
    theirs = AssessmentFactory(owner=linked_client)
    url = reverse("physio:assessment_result", args=[new_client.pk, theirs.uid])
    assert physio_client.get(url).status_code == 404


def test_services_check_the_link(new_client, physio_user):
    stranger = PhysiotherapistFactory()
    with pytest.raises(NotPermitted):
        clinic.clinic_assessment_start(physio=stranger, client=new_client)
    draft = clinic.clinic_assessment_start(physio=physio_user, client=new_client)
    with pytest.raises(NotPermitted):
        clinic.clinic_assessment_answers_save(
            physio=stranger, assessment=draft, step="about-you", items={"age": 30}, completed=True
        )
    with pytest.raises(NotPermitted):
        clinic.clinic_assessment_submit(physio=stranger, assessment=draft)
    # Starting twice resumes the same draft.
    assert clinic.clinic_assessment_start(physio=physio_user, client=new_client) == draft


def test_the_physiotherapist_records_goals_in_clinic(physio_client, new_client):
    assessment = _start(physio_client, new_client)
    for slug, data in STEP_POSTS.items():
        extra = (
            {"goal_activities-1-activity": "Playing football", "goal_activities-1-score": "2"}
            if slug == "preferences"
            else {}
        )
        url = reverse("physio:assessment_step", args=[new_client.pk, assessment.uid, slug])
        if slug == "preferences":
            page = physio_client.get(url).content.decode()
            assert 'id="id_goal_activities-1-activity"' in page
        response = physio_client.post(url, {**data, **extra, "direction": "next"})
        assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.is_submitted
    assert assessment.answers["goal_activities"] == [{"activity": "Playing football", "score": 2}]
