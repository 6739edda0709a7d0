"""The physiotherapist sees when a withheld program was released on a clinician's clearance."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from assessments.services import assessment_record_clearance
from programs.engine import library
from programs.models import ProgressionDecision
from programs.services import program_generate
from tests.dates import START
from tests.factories import AssessmentFactory, CareLinkFactory, ProgressionDecisionFactory


def test_client_review_shows_the_clearance_and_who_gave_it(today, client, physio_user, client_user):
    assessment = AssessmentFactory(
        owner=client_user, answers__giving_way=True, answers__single_leg_squat_left="slight"
    )
    assert assessment.evaluation["program_allowed"] is False
    assessment_record_clearance(
        assessment=assessment,
        user=client_user,
        clinician_name="Dr Patel",
        clinician_role="doctor",
        seen_on=timezone.localdate(),
        confirmed=True,
    )
    assessment.refresh_from_db()
    program_generate(client=client_user, assessment=assessment, start_date=START)
    CareLinkFactory(physiotherapist=physio_user, client=client_user)

    client.force_login(physio_user)
    page = client.get(reverse("physio:client", args=[client_user.pk])).content.decode()
    assert "Program released after clinician clearance" in page
    section = page.split('id="clearances"')[1].split("</section>")[0]
    assert "Dr Patel" in section and "(Doctor)" in section
    assert f"seen on {timezone.localdate():%-d %b %Y}" in section


def test_no_clearance_note_for_an_ordinary_result(linked_client, client, physio_user):
    client.force_login(physio_user)
    page = client.get(reverse("physio:client", args=[linked_client.pk])).content.decode()
    assert "Program released after clinician clearance" not in page


def test_level_history_reads_without_nested_brackets(program, client, physio_user):
    exercise = program.exercises.get(code="banded_clamshell")
    title = library.get("banded_clamshell").level(3).title
    ProgressionDecisionFactory(
        program_exercise=exercise,
        action=ProgressionDecision.Action.ADVANCE,
        from_level=2,
        to_level=3,
        reason="the last two went well",
    )
    client.force_login(physio_user)
    page = client.get(reverse("physio:client", args=[program.client_id])).content.decode()
    assert f"Next time: level 3 — {title}, because the last two went well." in page
