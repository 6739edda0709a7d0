"""The final reassessment after a program has completed.

The week-12 reassessment is due on the program's last day (Sunday 24 May 2026) and the program
completes the next day (Monday 25 May). The client can still take it for the final reassessment
window of the rules data after that, judged by the week-12 rule; later it is refused with a
reason. A paused program takes no reassessment until a clinician has seen the knee.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from assessments.models import Assessment
from programs import services
from programs.engine import load_rules
from programs.errors import ReassessmentNotAllowed
from programs.models import Flag, Program
from programs.selectors import reassessment_due
from programs.services import reassessment_submit
from tests.dates import END_OF_WEEK_12, START
from tests.factories import ProgramFactory
from tests.progress.test_reassessment import FORM, NOT_IMPROVED

pytestmark = pytest.mark.django_db

COMPLETED_ON = END_OF_WEEK_12 + timedelta(days=1)  # Monday 25 May 2026
COMPLETED_YESTERDAY = COMPLETED_ON + timedelta(days=1)
LAST_DAY_OF_WINDOW = COMPLETED_ON + timedelta(
    days=load_rules().program.final_reassessment_window_days
)
COMPLETED_20_DAYS_AGO = COMPLETED_ON + timedelta(days=20)


@pytest.fixture
def completed(program):
    """The typical program, completed the day after its last day."""
    assert services.program_complete_if_finished(program=program, today=COMPLETED_ON)
    program.refresh_from_db()
    assert program.status == Program.Status.COMPLETED
    return program


def final_reassessments():
    return Assessment.objects.filter(kind=Assessment.Kind.REASSESSMENT)


def shown_messages(client) -> str:
    return client.get(reverse("programs:progress")).content.decode()


# --- the window --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "due"),
    [
        (COMPLETED_ON, 12),
        (COMPLETED_YESTERDAY, 12),
        (LAST_DAY_OF_WINDOW, 12),
        (LAST_DAY_OF_WINDOW + timedelta(days=1), None),
        (COMPLETED_20_DAYS_AGO, None),
    ],
)
def test_a_completed_program_has_its_final_reassessment_due_for_two_weeks(completed, today, due):
    assert reassessment_due(completed, today) == due


def test_once_taken_the_final_reassessment_is_no_longer_due(completed):
    reassessment_submit(
        client=completed.client,
        program=completed,
        answers=NOT_IMPROVED,
        week=12,
        today=COMPLETED_YESTERDAY,
    )
    assert reassessment_due(completed, COMPLETED_YESTERDAY) is None


# --- completed yesterday: offered, submitted, week-12 rule -------------------------------------


def test_the_summary_on_today_leads_to_the_form_for_week_12(logged_in, completed, travel):
    travel(COMPLETED_YESTERDAY)
    today = logged_in.get(reverse("programs:today")).content.decode()
    assert "Take the final reassessment" in today
    assert f'href="{reverse("programs:reassess")}"' in today

    response = logged_in.get(reverse("programs:reassess"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Week 12 of your program" in html
    assert "we check whether the program is helping enough" in html


def test_the_progress_page_offers_the_week_12_reassessment(logged_in, completed, travel):
    travel(COMPLETED_YESTERDAY)
    html = shown_messages(logged_in)
    assert "Program completed." in html
    assert "Your week 12 reassessment is due" in html
    assert "Start the week 12 reassessment" in html


def test_not_improved_after_completion_refers_to_an_orthopaedic_specialist(
    logged_in, completed, travel
):
    travel(COMPLETED_YESTERDAY)
    response = logged_in.post(reverse("programs:reassess"), FORM)

    stored = final_reassessments().get()
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:reassessment_result", args=[stored.uid])
    assert stored.program == completed
    assert stored.program_week == 12
    assert stored.evaluation["rule_week"] == 12
    flags = Flag.objects.filter(program=completed, source=Flag.Source.REASSESSMENT)
    assert [(f.destination, f.urgency, f.rule) for f in flags] == [
        ("orthopedic_specialist", "routine", "FLG-WEEK12")
    ]
    html = logged_in.get(response["Location"]).content.decode()
    assert "Not yet: no measure of improvement was met." in html

    # The summary on Today no longer asks for it.
    today = logged_in.get(reverse("programs:today")).content.decode()
    assert "final reassessment is still to do" not in today


def test_improved_after_completion_raises_no_flag(logged_in, completed, travel):
    travel(COMPLETED_YESTERDAY)
    response = logged_in.post(reverse("programs:reassess"), {**FORM, "pain_worst_week": "1"})
    html = logged_in.get(response["Location"]).content.decode()
    assert "Yes: this counts as improved, by your worst pain in the week." in html
    assert final_reassessments().get().program_week == 12
    assert not Flag.objects.filter(source=Flag.Source.REASSESSMENT).exists()


def test_the_service_files_a_late_reassessment_under_the_last_week(completed):
    # Whatever week the caller names, a completed program's reassessment is its last week's.
    stored = reassessment_submit(
        client=completed.client,
        program=completed,
        answers=NOT_IMPROVED,
        week=13,
        today=LAST_DAY_OF_WINDOW,
    )
    assert stored.program_week == 12
    assert stored.evaluation["rule_week"] == 12


# --- completed 20 days ago: refused with a reason ----------------------------------------------


def test_twenty_days_after_completion_the_form_is_refused_with_a_reason(
    logged_in, completed, travel
):
    travel(COMPLETED_20_DAYS_AGO)
    response = logged_in.get(reverse("programs:reassess"))
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:progress")
    html = shown_messages(logged_in)
    assert "Your program ended on 24 May 2026" in html
    assert "could be taken until 8 June 2026" in html
    assert "take a new self-assessment" in html
    assert "Start the week 12 reassessment" not in html


def test_twenty_days_after_completion_a_posted_form_stores_nothing(logged_in, completed, travel):
    travel(COMPLETED_20_DAYS_AGO)
    response = logged_in.post(reverse("programs:reassess"), FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:progress")
    assert not final_reassessments().exists()
    assert not Flag.objects.filter(source=Flag.Source.REASSESSMENT).exists()


def test_the_service_refuses_after_the_window(completed):
    with pytest.raises(ReassessmentNotAllowed, match="could be taken until 8 June 2026"):
        reassessment_submit(
            client=completed.client,
            program=completed,
            answers=NOT_IMPROVED,
            week=12,
            today=COMPLETED_20_DAYS_AGO,
        )
    assert not final_reassessments().exists()


# --- paused: waits for the clinician -----------------------------------------------------------


def test_a_paused_program_sends_the_client_back_with_the_reason(logged_in, program, travel):
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PAUSED)
    travel(END_OF_WEEK_12)
    response = logged_in.post(reverse("programs:reassess"), FORM)
    assert response.status_code == 302
    assert not final_reassessments().exists()
    html = shown_messages(logged_in)
    assert "paused until a clinician has checked your knee" in html
    assert "waits until your program is resumed" in html


def test_a_program_paused_after_the_form_was_opened_takes_no_reassessment(program):
    # The form was opened while active; a check-in paused the program before it was sent.
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PAUSED)
    with pytest.raises(ReassessmentNotAllowed, match="paused"):
        reassessment_submit(
            client=program.client, program=program, answers=NOT_IMPROVED, week=12, today=START
        )


# --- other people ------------------------------------------------------------------------------


def test_another_clients_final_reassessment_is_not_found(client, completed, other_client_user):
    stored = reassessment_submit(
        client=completed.client,
        program=completed,
        answers=NOT_IMPROVED,
        week=12,
        today=COMPLETED_YESTERDAY,
    )
    client.force_login(other_client_user)
    response = client.get(reverse("programs:reassessment_result", args=[stored.uid]))
    assert response.status_code == 404


def test_another_client_cannot_reassess_a_completed_program(completed, other_client_user):
    with pytest.raises(ReassessmentNotAllowed):
        reassessment_submit(
            client=other_client_user,
            program=completed,
            answers=NOT_IMPROVED,
            week=12,
            today=COMPLETED_YESTERDAY,
        )
    assert not final_reassessments().exists()


def test_another_client_posting_the_form_reassesses_nothing_of_theirs(
    client, completed, other_client_user, travel
):
    travel(COMPLETED_YESTERDAY)
    client.force_login(other_client_user)  # has no program of their own
    response = client.post(reverse("programs:reassess"), FORM)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:progress")
    assert not final_reassessments().exists()


def test_a_newer_program_is_reassessed_instead_of_the_completed_one(
    logged_in, completed, client_user, travel
):
    travel(COMPLETED_YESTERDAY)
    newer = ProgramFactory(client=client_user, start_date=COMPLETED_YESTERDAY)
    logged_in.post(reverse("programs:reassess"), FORM)
    stored = final_reassessments().get()
    assert stored.program == newer
    assert stored.program_week == 1


def test_after_the_window_the_progress_page_says_why_no_reassessment_is_offered(
    logged_in, completed, travel
):
    travel(COMPLETED_20_DAYS_AGO)
    html = logged_in.get(reverse("programs:progress")).content.decode()
    assert "could be taken until 8 June 2026" in html
    assert "Take a reassessment now" not in html
    assert "while the program is active" not in html


def test_after_the_window_today_no_longer_offers_the_final_reassessment(
    logged_in, completed, travel
):
    travel(COMPLETED_20_DAYS_AGO)
    today = logged_in.get(reverse("programs:today")).content.decode()
    assert "Program complete" in today
    assert "Take the final reassessment" not in today
