"""Recording a clinician's clearance on a result whose program was withheld (spec section 5)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from auditlog.models import LogEntry
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit_lines_for_client
from assessments.models import Assessment, Clearance
from assessments.services import (
    ANONYMOUS_SESSION_KEY,
    ClearanceRefused,
    assessment_record_clearance,
    assessment_submit,
)
from programs.engine import RULES_VERSION
from programs.models import Program
from programs.services import ProgramError, program_generate

pytestmark = pytest.mark.django_db

BASE = {"age": 30, "side": "left", "pain_now": 2, "pain_worst_week": 3}
HIP = {"single_leg_squat_left": "slight", "hip_drop_left": True, "equipment": ["band_light"]}
GIVING_WAY = {**BASE, **HIP, "giving_way": True}
CONFIRM = "I confirm a clinician has examined my knee and told me I can start exercising"


def submitted(answers: dict, *, owner=None) -> Assessment:
    assessment = Assessment.objects.create(owner=owner, answers=answers, current_step="preferences")
    return assessment_submit(assessment=assessment)


def seen_by(name: str, role: str = "doctor", seen_on: date | None = None) -> dict:
    return {
        "clinician_name": name,
        "clinician_role": role,
        "seen_on": seen_on or timezone.localdate(),
    }


def posted(name: str = "Dr Patel", **extra: str) -> dict:
    return {
        "confirmed": "on",
        "clinician_name": name,
        "clinician_role": "doctor",
        "seen_on": timezone.localdate().isoformat(),
        **extra,
    }


def clearance_url(assessment: Assessment) -> str:
    return reverse("assessments:clearance", args=[assessment.uid])


def result_url(assessment: Assessment) -> str:
    return reverse("assessments:result", args=[assessment.uid])


# --- the service ----------------------------------------------------------------------------


def test_a_clearance_releases_the_program_and_keeps_the_original_result(client_user):
    assessment = submitted(GIVING_WAY, owner=client_user)
    original = assessment.evaluation
    assert original["program_allowed"] is False

    with time_machine.travel("2026-03-10 09:30:00+00:00", tick=False):
        assessment = submitted(GIVING_WAY, owner=client_user)
        cleared = assessment_record_clearance(
            assessment=assessment, user=client_user, **seen_by("  Dr   Patel "), confirmed=True
        )

    cleared.refresh_from_db()
    assert cleared.cleared_by == "Dr Patel (doctor)"
    (clearance,) = Clearance.objects.filter(assessment=cleared)
    assert (clearance.clinician_name, clearance.clinician_role) == ("Dr Patel", "doctor")
    assert clearance.seen_on == clearance.raised_on == date(2026, 3, 10)
    assert cleared.cleared_at.date() == date(2026, 3, 10)
    assert cleared.evaluation_before_clearance == original
    assert cleared.evaluation["program_allowed"] is True
    assert [item["code"] for item in cleared.evaluation["exercises"]][:2] == [
        "banded_clamshell",
        "banded_side_steps",
    ]
    assert cleared.evaluation["referrals"] == original["referrals"]
    assert cleared.evaluation["findings"] == original["findings"]
    assert cleared.rules_version == RULES_VERSION == cleared.evaluation["rules_version"]
    assert "GATE-CLEARED" in {rule["id"] for rule in cleared.evaluation["rules_fired"]}
    # the answers themselves are never rewritten
    assert cleared.answers == GIVING_WAY


def test_the_program_can_be_started_after_a_clearance_and_not_before(client_user):
    assessment = submitted(GIVING_WAY, owner=client_user)
    with pytest.raises(ProgramError):
        program_generate(client=client_user, assessment=assessment, start_date=date(2026, 3, 11))

    assessment_record_clearance(
        assessment=assessment, user=client_user, **seen_by("Dr Patel, GP"), confirmed=True
    )
    assessment.refresh_from_db()
    program = program_generate(
        client=client_user, assessment=assessment, start_date=date(2026, 3, 11)
    )
    assert program.assessment == assessment
    assert program.exercises.count() == 4


def test_the_referral_the_clearance_answered_is_not_asked_for_again(client_user):
    # Giving way holds the program for an orthopaedic specialist; severe pain also asks for a
    # physiotherapist, which the clearance does not answer.
    with time_machine.travel("2026-03-10 09:30:00+00:00", tick=False):
        assessment = submitted({**GIVING_WAY, "pain_worst_week": 8}, owner=client_user)
        assessment_record_clearance(
            assessment=assessment,
            user=client_user,
            **seen_by("Mr Reyes", "orthopedic_specialist", date(2026, 3, 10)),
            confirmed=True,
        )
    assessment.refresh_from_db()
    program = program_generate(
        client=client_user, assessment=assessment, start_date=date(2026, 3, 11)
    )

    flags = {flag.destination: flag for flag in program.flags.all()}
    assert set(flags) == {"orthopedic_specialist", "physiotherapist"}
    answered = flags["orthopedic_specialist"]
    assert answered.status == answered.Status.RESOLVED
    assert answered.resolution_note == (
        "Seen by Mr Reyes (orthopaedic specialist) on 10 March 2026, who cleared the program "
        "to start."
    )
    assert flags["physiotherapist"].status == flags["physiotherapist"].Status.OPEN

    client = Client()
    client.force_login(client_user)
    with time_machine.travel("2026-03-11 09:00:00+00:00", tick=False):
        today = client.get(reverse("programs:today")).content.decode()
    assert "orthopaedic specialist" not in today.lower().replace("orthopedic", "orthopaedic")
    assert "physiotherapist" in today


def test_a_clearance_is_recorded_in_the_clients_audit_trail(client_user):
    assessment = submitted(GIVING_WAY, owner=client_user)
    assessment_record_clearance(
        assessment=assessment, user=client_user, **seen_by("Dr Patel, GP"), confirmed=True
    )
    entry = LogEntry.objects.get(additional_data__client_id=client_user.pk)
    assert entry.actor == client_user
    lines = audit_lines_for_client(user=client_user)
    assert lines[0].who == "You"
    assert "Dr Patel, GP (doctor) cleared you to exercise" in lines[0].what


def test_recording_twice_keeps_the_first_clearance(client_user):
    assessment = submitted(GIVING_WAY, owner=client_user)
    first = assessment_record_clearance(
        assessment=assessment, user=client_user, **seen_by("Dr Patel, GP"), confirmed=True
    )
    again = assessment_record_clearance(
        assessment=assessment, user=client_user, **seen_by("Someone else"), confirmed=True
    )
    assert again.cleared_by == first.cleared_by and again.cleared_at == first.cleared_at
    assert Clearance.objects.count() == 1
    assert again.evaluation_before_clearance["program_allowed"] is False


@pytest.mark.parametrize(
    ("who", "confirmed", "field"),
    [("Dr Patel, GP", False, "confirmed"), ("   ", True, "clinician_name")],
)
def test_the_service_needs_the_confirmation_and_a_name(client_user, who, confirmed, field):
    assessment = submitted(GIVING_WAY, owner=client_user)
    with pytest.raises(ClearanceRefused) as refused:
        assessment_record_clearance(
            assessment=assessment, user=client_user, **seen_by(who), confirmed=confirmed
        )
    assert refused.value.field == field or field in refused.value.errors
    assessment.refresh_from_db()
    assert assessment.cleared_at is None and assessment.evaluation["program_allowed"] is False


def test_only_the_owner_can_record_a_clearance(client_user, other_client_user, physio_user):
    assessment = submitted(GIVING_WAY, owner=client_user)
    for user in (other_client_user, physio_user):
        with pytest.raises(ClearanceRefused):
            assessment_record_clearance(
                assessment=assessment, user=user, **seen_by("Dr Patel"), confirmed=True
            )
    anonymous = submitted(GIVING_WAY)
    with pytest.raises(ClearanceRefused):
        assessment_record_clearance(
            assessment=anonymous, user=client_user, **seen_by("Dr Patel"), confirmed=True
        )
    assert not Assessment.objects.filter(cleared_at__isnull=False).exists()


def test_nothing_to_clear_on_an_allowed_result_or_a_draft(client_user):
    allowed = submitted({**BASE, **HIP}, owner=client_user)
    draft = Assessment.objects.create(owner=client_user, answers=GIVING_WAY)
    for assessment in (allowed, draft):
        with pytest.raises(ClearanceRefused):
            assessment_record_clearance(
                assessment=assessment, user=client_user, **seen_by("Dr Patel"), confirmed=True
            )


# --- the pages ------------------------------------------------------------------------------


def test_the_owner_sees_the_clearance_question_on_a_withheld_result(logged_in, client_user):
    assessment = submitted(GIVING_WAY, owner=client_user)
    page = logged_in.get(result_url(assessment)).content.decode()
    assert "Has a clinician examined your knee and cleared you to exercise?" in page
    assert CONFIRM in page
    assert "Name of the clinician who saw you" in page and "Date you were seen" in page
    assert "A knee that gives way or locks needs examining first" in page
    assert "take the self-assessment again" not in page
    assert "Start my program" not in page


def test_a_same_day_referral_must_have_been_seen_first(logged_in, client_user):
    assessment = submitted({**BASE, **HIP, "hot_red_knee": True}, owner=client_user)
    page = logged_in.get(result_url(assessment)).content.decode()
    assert "Only after you have been seen." in page
    assert "do not wait for this program" in page


def test_under_16_asks_for_a_childrens_specialist(logged_in, client_user):
    assessment = submitted({**BASE, **HIP, "age": 13}, owner=client_user)
    page = logged_in.get(result_url(assessment)).content.decode()
    assert "Because you are under 16, a children's (paediatric) specialist" in page
    assert "(a children's orthopaedic specialist)" in page  # who may clear a child


@time_machine.travel("2026-03-10 09:30:00+00:00", tick=False)
def test_recording_a_clearance_shows_the_exercises_and_the_start_button(logged_in, client_user):
    assessment = submitted(GIVING_WAY, owner=client_user)
    response = logged_in.post(clearance_url(assessment), posted("Dr Patel"))
    assert response.status_code == 302 and response.url == result_url(assessment)

    page = logged_in.get(result_url(assessment)).content.decode()
    assert "Cleared to exercise" in page
    assert "10 March 2026" in page and "Dr Patel" in page
    assert "Your exercises" in page and "Banded clamshell" in page
    assert "Start my program" in page
    # the original referral stays, and the note says the clearance is for the knee as it was then
    assert "See an orthopaedic specialist within 2 weeks" in page
    assert "What your answers asked you to do first" in page
    assert "report it again" in page
    assert "Has a clinician examined your knee" not in page

    start = logged_in.post(
        reverse("programs:start", args=[assessment.uid]),
        {"start_date": "2026-03-11", "strength_days": ["0", "2", "4"]},
    )
    assert start.status_code == 302, start.content.decode()[:3000]
    assert Program.objects.get(client=client_user).assessment == assessment


def test_the_checkbox_is_required_and_the_typed_name_is_kept(logged_in, client_user):
    assessment = submitted(GIVING_WAY, owner=client_user)
    data = posted("Dr Okafor")
    del data["confirmed"]
    response = logged_in.post(clearance_url(assessment), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tick this box only once a clinician has examined your knee" in page
    assert 'value="Dr Okafor"' in page
    # the message sits with the checkbox, not only at the top of the page
    form = response.context["form"]
    assert form.errors["confirmed"] and "clinician_name" not in form.errors
    assessment.refresh_from_db()
    assert assessment.cleared_at is None


def test_the_name_is_required_with_a_message_next_to_it(logged_in, client_user):
    assessment = submitted(GIVING_WAY, owner=client_user)
    response = logged_in.post(clearance_url(assessment), posted("  "))
    assert response.status_code == 200
    assert "Enter the name of the clinician who saw you." in response.content.decode()
    assert list(response.context["form"].errors) == ["clinician_name"]


@time_machine.travel("2026-03-10 09:30:00+00:00", tick=False)
def test_a_date_before_the_referral_or_in_the_future_is_refused_next_to_the_field(
    logged_in, client_user
):
    assessment = submitted(GIVING_WAY, owner=client_user)
    for seen_on, words in (
        ("2026-03-09", "cannot be before Tuesday 10 March 2026, when the referral was raised"),
        ("2026-03-11", "cannot be in the future"),
    ):
        response = logged_in.post(clearance_url(assessment), posted(seen_on=seen_on))
        assert response.status_code == 200
        assert words in response.content.decode()
        assert list(response.context["form"].errors) == ["seen_on"]
        assert 'value="Dr Patel"' in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.cleared_at is None and not Clearance.objects.exists()


def test_an_overlong_name_gets_a_message_not_an_error_page(logged_in, client_user):
    assessment = submitted(GIVING_WAY, owner=client_user)
    response = logged_in.post(clearance_url(assessment), posted("<b>x</b>" * 100))
    assert response.status_code == 200
    assert "Keep this to 100 characters" in response.content.decode()


def test_the_clearance_page_works_on_its_own(logged_in, client_user):
    assessment = submitted(GIVING_WAY, owner=client_user)
    response = logged_in.get(clearance_url(assessment))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    assert "See an orthopaedic specialist within 2 weeks" in page
    assert CONFIRM in page


def test_another_client_or_a_physiotherapist_gets_404(
    client, client_user, other_client_user, physio_user
):
    assessment = submitted(GIVING_WAY, owner=client_user)
    for user in (other_client_user, physio_user):
        client.force_login(user)
        assert client.get(clearance_url(assessment)).status_code == 404
        response = client.post(clearance_url(assessment), posted("Me"))
        assert response.status_code == 404
    assessment.refresh_from_db()
    assert assessment.cleared_at is None


def test_anonymous_people_are_asked_to_sign_up_first():
    assessment = submitted(GIVING_WAY)
    client = Client()
    session = client.session
    session[ANONYMOUS_SESSION_KEY] = [str(assessment.uid)]
    session.save()

    page = client.get(result_url(assessment)).content.decode()
    assert "Create an account" in page
    text = " ".join(page.split())
    assert "record it on this result (you need an account for that)" in text
    assert CONFIRM not in page

    response = client.post(clearance_url(assessment), posted("Dr P"))
    assert response.status_code == 302 and reverse("login") in response.url
    assessment.refresh_from_db()
    assert assessment.cleared_at is None and assessment.evaluation["program_allowed"] is False


def test_an_allowed_result_has_no_clearance_question(logged_in, client_user):
    assessment = submitted({**BASE, **HIP}, owner=client_user)
    page = logged_in.get(result_url(assessment)).content.decode()
    assert "Has a clinician examined your knee" not in page
    response = logged_in.get(clearance_url(assessment))
    assert response.status_code == 302 and response.url == result_url(assessment)
