"""The end of a program, the reassessment card on Today, and a withheld program's Today.

Programs start on Monday 2 March 2026: week 6 ends on Sunday 12 April, week 12 (the last day)
on Sunday 24 May.
"""

from datetime import date, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Assessment
from programs import services
from programs.models import Program
from programs.services import reassessment_submit
from tests.dates import END_OF_WEEK_6, END_OF_WEEK_12, START, aware
from tests.factories import NOT_ALLOWED_ANSWERS, AssessmentFactory, ProgramFactory
from tests.programs.helpers import check_in, log_session

pytestmark = pytest.mark.django_db

AFTER = END_OF_WEEK_12 + timedelta(days=1)

REASSESSMENT = {
    "pain_now": 1,
    "pain_worst_week": 2,
    "single_leg_squat_left": "none",
    "single_leg_squat_right": "none",
    "squat_knees_cave": "none",
    "hip_drop_left": False,
    "hip_drop_right": False,
    "global_rating_of_change": "better",
}


def today_html(client) -> str:
    response = client.get(reverse("programs:today"))
    assert response.status_code == 200
    return response.content.decode()


# --- completion --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (END_OF_WEEK_12 - timedelta(days=1), "active"),
        (END_OF_WEEK_12, "active"),
        (AFTER, "completed"),
    ],
)
def test_a_program_completes_only_after_its_last_day(client_user, day, status):
    program = ProgramFactory(client=client_user, start_date=START)
    completed = services.program_complete_if_finished(program=program, today=day)
    program.refresh_from_db()
    assert program.status == status
    assert completed is (status == "completed")
    assert (program.ended_at is not None) is (status == "completed")


def test_completing_twice_changes_nothing_the_second_time(client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    assert services.program_complete_if_finished(program=program, today=AFTER)
    ended_at = Program.objects.get(pk=program.pk).ended_at
    assert not services.program_complete_if_finished(program=program, today=AFTER)
    assert Program.objects.get(pk=program.pk).ended_at == ended_at


def test_a_paused_program_is_not_completed(client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PAUSED)
    program.refresh_from_db()
    assert not services.program_complete_if_finished(program=program, today=AFTER)
    assert Program.objects.get(pk=program.pk).status == Program.Status.PAUSED


def daily_run(day: date) -> None:
    call_command("run_daily", "--date", day.isoformat(), stdout=StringIO())


@time_machine.travel(aware(AFTER), tick=False)
def test_today_opened_after_the_last_day_changes_nothing(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    today_html(logged_in)
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE  # completing it is the daily job's


@time_machine.travel(aware(AFTER), tick=False)
def test_once_the_daily_run_completed_it_today_summarises(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    # Two easy strength days, each settled by the next morning: the clamshell steps up.
    for day in (START, START + timedelta(days=2)):
        log_session(program, day)
        check_in(program, day, pain_now=1)
    log_session(program, START + timedelta(days=9))
    daily_run(AFTER)
    html = today_html(logged_in)
    program.refresh_from_db()
    assert program.status == Program.Status.COMPLETED
    assert "Program complete" in html
    assert "finished your 12-week program on Sunday 24 May 2026" in html
    # 84 days with daily exercises; 3 logged, in weeks 1 and 2.
    assert "2 of 12" in html
    assert "3 of 84 (4%)" in html
    # The clamshell started at level 2 and stepped up after two easy sessions.
    assert "Banded clamshell" in html
    assert "from level 2 to level 3 of 5" in html
    assert reverse("programs:progress") in html
    assert "Your final reassessment is still to do" in html
    assert reverse("programs:reassess") in html
    assert "Start a new self-assessment" in html
    assert reverse("assessments:start") in html
    # The old assessment is not offered again as a fresh start.
    assert reverse("programs:start", args=[program.assessment.uid]) not in html


def test_the_final_reassessment_link_goes_once_it_is_taken(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    reassessment_submit(client=client_user, program=program, answers=REASSESSMENT, week=12)
    with time_machine.travel(aware(AFTER), tick=False):
        daily_run(AFTER)
        html = today_html(logged_in)
    assert "Program complete" in html
    assert "final reassessment is still to do" not in html


def test_a_completed_program_does_not_block_a_new_one(logged_in, client_user):
    with time_machine.travel(aware(START), tick=False):
        old = ProgramFactory(client=client_user, start_date=START)
    with time_machine.travel(aware(AFTER + timedelta(days=2)), tick=False):
        _new_program_after(logged_in, client_user, old)


def _new_program_after(logged_in, client_user, old):
    daily_run(AFTER + timedelta(days=2))  # completes the old program
    html = today_html(logged_in)
    assert "Program complete" in html
    newer = AssessmentFactory(owner=client_user, answers__pain_now=1)
    html = today_html(logged_in)
    assert "Program complete" in html
    assert reverse("programs:start", args=[newer.uid]) in html
    response = logged_in.post(
        reverse("programs:start", args=[newer.uid]),
        {"start_date": (AFTER + timedelta(days=2)).isoformat(), "strength_days": ["0", "2", "4"]},
    )
    assert response.status_code == 302
    assert Program.objects.get(client=client_user, status="active").assessment == newer
    assert Program.objects.get(pk=old.pk).status == Program.Status.COMPLETED
    html = today_html(logged_in)
    assert "Program complete" not in html


def test_the_last_week_can_still_be_logged_and_checked_in_after_completion(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    services.program_complete_if_finished(program=program, today=AFTER)
    # The last day, logged late and checked in the next morning.
    log_session(program, END_OF_WEEK_12, today=AFTER)
    result = check_in(program, END_OF_WEEK_12, pain_now=1, today=AFTER)
    assert result.checkin.pain_now == 1
    with time_machine.travel(aware(AFTER), tick=False):
        url = reverse("programs:session", kwargs={"day": END_OF_WEEK_12})
        assert "read-only" not in logged_in.get(url).content.decode()


def test_another_clients_completed_program_stays_theirs(client, client_user, other_client_user):
    theirs = ProgramFactory(client=other_client_user, start_date=START)
    services.program_complete_if_finished(program=theirs, today=AFTER)
    client.force_login(client_user)
    with time_machine.travel(aware(AFTER), tick=False):
        html = today_html(client)
        assert "Program complete" not in html
        assert (
            client.get(reverse("programs:session", kwargs={"day": END_OF_WEEK_12})).status_code
            == 404
        )
        url = reverse("programs:checkin", kwargs={"day": END_OF_WEEK_12})
        assert client.get(url).status_code == 404


# --- the reassessment card ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "week"),
    [(END_OF_WEEK_6, 6), (END_OF_WEEK_6 + timedelta(days=3), 6), (END_OF_WEEK_12, 12)],
)
def test_today_shows_the_reassessment_when_due(logged_in, client_user, day, week):
    ProgramFactory(client=client_user, start_date=START)
    with time_machine.travel(aware(day), tick=False):
        html = today_html(logged_in)
    assert f"Your week-{week} reassessment is due" in html
    assert f'href="{reverse("programs:reassess")}"' in html


def test_before_it_is_due_today_shows_the_next_date(logged_in, client_user):
    ProgramFactory(client=client_user, start_date=START)
    with time_machine.travel(aware(END_OF_WEEK_6 - timedelta(days=1)), tick=False):
        html = today_html(logged_in)
    assert "reassessment is due" not in html
    assert "Next reassessment: <strong>Sunday 12 April</strong>" in html


def test_once_taken_the_card_goes_and_the_next_date_shows(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    reassessment_submit(client=client_user, program=program, answers=REASSESSMENT, week=6)
    with time_machine.travel(aware(END_OF_WEEK_6 + timedelta(days=1)), tick=False):
        html = today_html(logged_in)
    assert "reassessment is due" not in html
    assert "Next reassessment: <strong>Sunday 24 May</strong>" in html


# --- a withheld program ------------------------------------------------------------------------


def test_a_withheld_program_says_who_to_see_and_what_to_do(logged_in, client_user):
    assessment = AssessmentFactory(owner=client_user, answers=NOT_ALLOWED_ANSWERS)
    html = today_html(logged_in)
    assert "Your program waits for clinician clearance" in html
    assert "Who to see first" in html
    # Giving way: an orthopaedic specialist within 2 weeks (spec section 5).
    referral = assessment.evaluation["referrals"][0]
    assert referral["destination"] == "orthopedic_specialist"
    assert "do not start the exercises on your own" in html
    assert reverse("assessments:result", args=[assessment.uid]) in html
    assert "Start my program" not in html
    assert "Cleared by a clinician? Tell us on your result page" in html


def test_a_withheld_result_of_someone_else_is_not_shown(logged_in, other_client_user):
    theirs = AssessmentFactory(owner=other_client_user, answers=NOT_ALLOWED_ANSWERS)
    html = today_html(logged_in)
    assert "waits for clinician clearance" not in html
    assert str(theirs.uid) not in html
    assert Assessment.objects.filter(owner=other_client_user).exists()
