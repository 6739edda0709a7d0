"""The physiotherapist records a clearance after an assessment that withheld the program (spec
sections 5 and 8): who cleared the client and when, neither before the assessment nor in the
future; the program can then start, and the client reads who recorded it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Clearance
from care.services.clinic import clinic_program_start
from programs.errors import ProgramError
from programs.services import program_generate
from tests.factories import NOT_ALLOWED_ANSWERS, AssessmentFactory, CareLinkFactory
from tests.programs.test_safety_wording import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def withheld(physio_user, client_user):
    CareLinkFactory(physiotherapist=physio_user, client=client_user)
    return AssessmentFactory(
        owner=client_user, assessed_by=physio_user, answers=NOT_ALLOWED_ANSWERS
    )


def clearance_url(assessment):
    return reverse("physio:assessment_clearance", args=[assessment.owner_id, assessment.uid])


def form(**changes):
    return {
        "clinician_name": "Sam Okafor",
        "clinician_role": "physiotherapist",
        "seen_on": timezone.localdate().isoformat(),
        "confirmed": "on",
        **changes,
    }


def test_the_withheld_evaluation_offers_to_record_the_clearance(client, physio_user, withheld):
    client.force_login(physio_user)
    text = page_text(
        client.get(reverse("physio:assessment_result", args=[withheld.owner_id, withheld.uid]))
    )
    assert "Either of you can record the clearance" in text
    assert "Record the clearance" in text
    review = page_text(client.get(reverse("physio:client", args=[withheld.owner_id])))
    assert "Record a clearance" in review


def test_recording_it_releases_the_program_and_the_client_reads_who_recorded_it(
    client, physio_user, client_user, withheld
):
    client.force_login(physio_user)
    response = client.post(clearance_url(withheld), form(), follow=True)
    text = page_text(response)
    assert "Clearance recorded" in text
    assert "Start the program" in text  # the evaluation now lets the program start
    withheld.refresh_from_db()
    assert withheld.is_cleared and withheld.evaluation["program_allowed"]
    clearance = Clearance.objects.get(assessment=withheld)
    assert clearance.recorded_by == physio_user
    assert clearance.clinician_role == "physiotherapist"

    review = page_text(client.get(reverse("physio:client", args=[client_user.pk])))
    assert f"recorded by {physio_user.display_name}" in review

    client.force_login(client_user)
    result = page_text(client.get(reverse("assessments:result", args=[withheld.uid])))
    assert "your physiotherapist recorded that a clinician examined your knee" in result
    assert "Sam Okafor (physiotherapist)" in result
    assert "you confirmed" not in result


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"seen_on": "future"}, "seen_on", "was seen cannot be in the future"),
        ({"seen_on": "before"}, "seen_on", "before"),
        ({"confirmed": ""}, "confirmed", "Tick this box only once a clinician"),
        ({"clinician_name": ""}, "clinician_name", "Enter the name of the clinician"),
    ],
)
def test_a_clearance_that_breaks_the_rules_is_refused_next_to_its_field(
    client, physio_user, withheld, changes, field, message
):
    today = timezone.localdate()
    days = {
        "future": (today + timedelta(days=1)).isoformat(),
        "before": (timezone.localdate(withheld.submitted_at) - timedelta(days=1)).isoformat(),
    }
    changes = {key: days.get(value, value) for key, value in changes.items()}
    client.force_login(physio_user)
    response = client.post(clearance_url(withheld), form(**changes))
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert "you were" not in errors  # said about the client, to the physiotherapist
    assert "Sam Okafor" in response.content.decode() or field == "clinician_name"
    withheld.refresh_from_db()
    assert not withheld.is_cleared
    assert not Clearance.objects.exists()


def test_another_physiotherapist_cannot_record_it(client, withheld, other_physio):
    client.force_login(other_physio)
    assert client.post(clearance_url(withheld), form()).status_code == 404
    assert not Clearance.objects.exists()


# --- program-start refusals speak to whoever starts the program ------------------------------


def test_a_withheld_program_refused_to_the_physiotherapist_is_worded_for_them(
    physio_user, client_user, withheld
):
    with pytest.raises(ProgramError) as refused:
        clinic_program_start(
            physio=physio_user,
            assessment=withheld,
            start_date=timezone.localdate(),
            strength_days=[0, 2, 4],
        )
    message = refused.value.message
    assert f"withhold {client_user.display_name}'s program" in message
    assert "record the clearance first" in message
    assert "you" not in message.lower().split()


def test_the_client_still_reads_their_own_words(client_user, withheld):
    with pytest.raises(ProgramError) as refused:
        program_generate(client=client_user, assessment=withheld, start_date=timezone.localdate())
    assert refused.value.message.startswith("Your result says to see a clinician first.")


def test_an_assessment_without_exercises_refused_to_the_physiotherapist(
    physio_user, client_user, withheld
):
    nothing = AssessmentFactory(
        owner=client_user, answers={"age": 40, "side": "left", "pain_now": 1, "pain_worst_week": 2}
    )
    with pytest.raises(ProgramError) as refused:
        clinic_program_start(
            physio=physio_user,
            assessment=nothing,
            start_date=timezone.localdate(),
            strength_days=[0, 2, 4],
        )
    assert "does not call for any corrective exercise: there is no program" in (
        refused.value.message
    )
