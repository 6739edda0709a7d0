"""The client's program pages: what a person sees, who may see it, and bad input."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from assessments.models import Clearance
from programs.models import CheckIn, ExerciseLog, Program, ProgressionDecision
from programs.policy import prescribed_dose, session_exercises
from tests.dates import START, aware
from tests.factories import (
    NOT_ALLOWED_ANSWERS,
    AssessmentFactory,
    FlagFactory,
    MessageFactory,
    ProgramFactory,
)
from tests.programs.helpers import check_in, log_session, session_on

pytestmark = pytest.mark.django_db


def day_url(name, day):
    return reverse(f"programs:{name}", kwargs={"day": day})


def session_post(program, day, *, pain="1", difficulty="easy", **overrides):
    """The session form as a person submits it, prescribed dose untouched."""
    from programs import selectors

    data = {}
    for card in selectors.exercise_cards(program, session_on(program, day)):
        prefix = card.code
        data[f"{prefix}-sets_done"] = str(card.sets)
        if card.by_reps:
            data[f"{prefix}-reps_done"] = str(card.reps)
        else:
            data[f"{prefix}-hold_seconds_done"] = str(card.hold_seconds)
        data[f"{prefix}-pain_during"] = pain
        data[f"{prefix}-difficulty"] = difficulty
        data[f"{prefix}-band_or_load"] = ""
        data[f"{prefix}-note"] = ""
    data.update(overrides)
    return data


# --- Today without a program ------------------------------------------------------------------


def test_today_without_anything_invites_the_assessment(logged_in):
    response = logged_in.get(reverse("programs:today"))
    assert "Take the self-assessment" in response.content.decode()


def test_today_offers_to_resume_a_draft(logged_in, client_user):
    AssessmentFactory(owner=client_user, draft=True)
    assert "Resume my self-assessment" in logged_in.get(reverse("programs:today")).content.decode()


def test_today_offers_to_start_from_an_allowed_result(logged_in, client_user):
    assessment = AssessmentFactory(owner=client_user)
    html = logged_in.get(reverse("programs:today")).content.decode()
    assert "Start my program" in html
    assert reverse("programs:start", args=[assessment.uid]) in html


def test_today_says_the_program_waits_for_clearance(logged_in, client_user):
    AssessmentFactory(owner=client_user, answers=NOT_ALLOWED_ANSWERS)
    html = logged_in.get(reverse("programs:today")).content.decode()
    assert "Your program waits for clinician clearance" in html
    assert "Start my program" not in html


def test_today_requires_login(client):
    response = client.get(reverse("programs:today"))
    assert response.status_code == 302 and "login" in response["Location"]


# --- starting ---------------------------------------------------------------------------------


@time_machine.travel(aware(START), tick=False)
def test_start_form_prefilled_from_the_answers(logged_in, client_user):
    assessment = AssessmentFactory(owner=client_user)
    # The result page posts here with no fields: that shows the form.
    response = logged_in.post(reverse("programs:start", args=[assessment.uid]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="2026-03-02"' in html
    for day in (0, 2, 4):
        assert f'name="strength_days" value="{day}"' in html
    assert html.count("checked") == 3
    assert not Program.objects.exists()


@time_machine.travel(aware(START), tick=False)
def test_start_creates_the_program(logged_in, client_user):
    assessment = AssessmentFactory(owner=client_user)
    response = logged_in.post(
        reverse("programs:start", args=[assessment.uid]),
        {"start_date": "2026-03-03", "strength_days": ["1", "3", "5"]},
    )
    assert response.status_code == 302 and response["Location"] == reverse("programs:today")
    program = Program.objects.get(client=client_user)
    assert program.start_date == date(2026, 3, 3) and program.strength_days == [1, 3, 5]


@time_machine.travel(aware(START), tick=False)
@pytest.mark.parametrize("days", [["1"], ["0", "1", "2", "4", "6"]], ids=["one day", "five days"])
def test_start_with_too_few_or_too_many_days_keeps_the_input(logged_in, client_user, days):
    assessment = AssessmentFactory(owner=client_user)
    response = logged_in.post(
        reverse("programs:start", args=[assessment.uid]),
        {"start_date": "2026-03-05", "strength_days": days},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Choose 2 to 4 strength days (you chose {len(days)})." in html
    # The message stands next to the days, and what was typed and ticked is kept.
    assert html.index("Choose 2 to 4 strength days") > html.index('name="strength_days"')
    assert 'value="2026-03-05"' in html
    for day in days:
        assert _ticked(html, day)
    assert not Program.objects.exists()


def _ticked(html: str, day: str) -> bool:
    """Whether the strength-day checkbox for ``day`` is ticked in the rendered form."""
    for tag in re.findall(r"<input[^>]*>", html):
        if 'name="strength_days"' in tag and f'value="{day}"' in tag:
            return "checked" in tag
    return False


@time_machine.travel(aware(START), tick=False)
@pytest.mark.parametrize("days", [["0", "3"], ["0", "1", "3", "5"]], ids=["two", "four"])
def test_the_client_may_choose_two_to_four_days(logged_in, client_user, days):
    assessment = AssessmentFactory(owner=client_user)  # asked for 3 a week
    response = logged_in.post(
        reverse("programs:start", args=[assessment.uid]),
        {"start_date": "2026-03-02", "strength_days": days},
        follow=True,
    )
    program = Program.objects.get(client=client_user)
    assert program.strength_days == [int(day) for day in days]
    assert "back to back" not in response.content.decode()


@time_machine.travel(aware(START), tick=False)
def test_avoidable_back_to_back_days_are_pointed_out_but_accepted(logged_in, client_user):
    assessment = AssessmentFactory(owner=client_user)
    response = logged_in.post(
        reverse("programs:start", args=[assessment.uid]),
        {"start_date": "2026-03-02", "strength_days": ["0", "1", "2"]},
        follow=True,
    )
    html = response.content.decode()
    assert Program.objects.get(client=client_user).strength_days == [0, 1, 2]
    assert "Monday and Tuesday, Tuesday and Wednesday are back to back" in html


@time_machine.travel(aware(START), tick=False)
def test_the_default_days_start_without_a_remark(logged_in, client_user):
    assessment = AssessmentFactory(owner=client_user)
    html = logged_in.post(
        reverse("programs:start", args=[assessment.uid]),
        {"start_date": "2026-03-02", "strength_days": ["0", "2", "4"]},
        follow=True,
    ).content.decode()
    assert "Your program is ready" in html
    assert "back to back" not in html


@time_machine.travel(aware(START), tick=False)
def test_start_in_the_past_is_refused(logged_in, client_user):
    assessment = AssessmentFactory(owner=client_user)
    response = logged_in.post(
        reverse("programs:start", args=[assessment.uid]),
        {"start_date": "2026-02-20", "strength_days": ["0", "2", "4"]},
    )
    assert "Choose today or a day in the future." in response.content.decode()


@time_machine.travel(aware(START), tick=False)
def test_replacing_needs_the_box_ticked(logged_in, client_user):
    old = ProgramFactory(client=client_user, start_date=START)
    newer = AssessmentFactory(owner=client_user, answers__pain_now=1)
    url = reverse("programs:start", args=[newer.uid])
    form = {"start_date": "2026-03-02", "strength_days": ["0", "2", "4"]}
    response = logged_in.post(url, form)
    assert "Tick this box to replace your current program" in response.content.decode()
    response = logged_in.post(url, {**form, "replace_current": "on"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.status == "replaced"
    assert Program.objects.get(client=client_user, status="active").assessment == newer


def test_start_from_someone_elses_assessment_is_404(logged_in, other_client_user):
    theirs = AssessmentFactory(owner=other_client_user)
    assert logged_in.get(reverse("programs:start", args=[theirs.uid])).status_code == 404
    assert logged_in.post(reverse("programs:start", args=[theirs.uid])).status_code == 404


def test_start_from_a_withheld_result_explains_and_offers_no_form(logged_in, client_user):
    assessment = AssessmentFactory(owner=client_user, answers=NOT_ALLOWED_ANSWERS)
    html = logged_in.get(reverse("programs:start", args=[assessment.uid])).content.decode()
    assert "waits for clinician clearance" in html
    assert 'name="start_date"' not in html


# --- Today with a program ---------------------------------------------------------------------


@time_machine.travel(aware(START + timedelta(days=2)), tick=False)
def test_today_shows_exercises_next_time_week_and_reassessment(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START)
    check_in(program, START)
    log_session(program, START + timedelta(days=1))
    html = logged_in.get(reverse("programs:today")).content.decode()
    assert "Banded clamshell" in html and "Level 2 of 5" in html
    assert "3 × 12 per side" in html
    assert "Knee" in html or "knee" in html  # the cue
    assert "Next time: level 2" in html
    assert "Missed" not in html  # Monday and Tuesday were done
    assert html.count(">Done<") == 2
    assert "Sunday 12 April" in html  # reassessment at the end of week 6
    assert "Log today&#x27;s session" in html or "Log today's session" in html


@time_machine.travel(aware(START + timedelta(days=3)), tick=False)
def test_missed_sessions_show_as_missed(logged_in, client_user):
    ProgramFactory(client=client_user, start_date=START)
    html = logged_in.get(reverse("programs:today")).content.decode()
    assert html.count(">Missed<") == 3


@time_machine.travel(aware(START), tick=False)
def test_today_shows_messages_newest_first_and_open_flags(logged_in, client_user, physio_user):
    ProgramFactory(client=client_user, start_date=START)
    MessageFactory(client=client_user, physiotherapist=physio_user, body="First note")
    MessageFactory(client=client_user, physiotherapist=physio_user, body="Second note")
    FlagFactory(
        client=client_user, reason="Pain 8/10 during clamshells.", destination="physiotherapist"
    )
    html = logged_in.get(reverse("programs:today")).content.decode()
    assert html.index("Second note") < html.index("First note")
    assert "Pain 8/10 during clamshells." in html
    assert "Book a physiotherapist" in html  # what to do


@time_machine.travel(aware(START + timedelta(days=1)), tick=False)
def test_warning_signs_at_check_in_pause_and_the_client_can_resume(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START)
    response = logged_in.post(
        day_url("checkin", START), {"pain_now": "3", "swelling": "none", "giving_way": "on"}
    )
    assert response.status_code == 302
    html = logged_in.get(reverse("programs:today")).content.decode()
    assert "Your program is paused" in html
    assert "orthopaedic specialist within 2 weeks" in html
    assert "Log today" not in html

    who = {
        "clinician_name": "Dr Patel",
        "clinician_role": "doctor",
        "seen_on": (START + timedelta(days=1)).isoformat(),
        "note": "My GP saw me",
    }
    response = logged_in.post(reverse("programs:resume"), who)
    assert "Tick this box once a clinician has cleared you." in response.content.decode()
    assert "My GP saw me" in response.content.decode()  # nothing typed is lost
    # Seen before the flag that paused the program: refused next to the date.
    early = {**who, "cleared": "on", "seen_on": START.isoformat()}
    response = logged_in.post(reverse("programs:resume"), early)
    assert "when the flag was raised" in response.content.decode()
    assert list(response.context["form"].errors) == ["seen_on"]
    response = logged_in.post(reverse("programs:resume"), {**who, "cleared": "on"})
    assert response.status_code == 302
    program.refresh_from_db()
    assert program.status == "active"
    clearance = Clearance.objects.get(program=program)
    assert (clearance.clinician_name, clearance.answers) == ("Dr Patel", "flag")
    change = program.changes.get(kind="resume")
    assert change.actor == client_user and "My GP saw me" in change.reason
    assert "Dr Patel (doctor) saw you on 3 March 2026" in change.reason


# --- the session page -------------------------------------------------------------------------


@time_machine.travel(aware(START), tick=False)
def test_logging_the_session_twice_stores_one_log_per_exercise(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    data = session_post(program, START)
    first = logged_in.post(day_url("session", START), data)
    second = logged_in.post(day_url("session", START), data)
    assert first.status_code == second.status_code == 302
    assert ExerciseLog.objects.count() == 6
    assert ProgressionDecision.objects.count() == 6


@time_machine.travel(aware(START), tick=False)
def test_session_form_is_prefilled_with_the_prescribed_dose(logged_in, client_user):
    ProgramFactory(client=client_user, start_date=START)
    html = logged_in.get(day_url("session", START)).content.decode()
    assert 'name="banded_clamshell-sets_done" value="3"' in html
    assert 'name="banded_clamshell-reps_done" value="12"' in html
    assert 'name="half_kneeling_hip_flexor_stretch-hold_seconds_done" value="30"' in html
    assert "Pain during" in html and "How did it feel?" in html


@time_machine.travel(aware(START), tick=False)
def test_session_errors_stand_next_to_the_field_and_keep_the_input(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    data = session_post(program, START)
    data["banded_clamshell-sets_done"] = "2"
    data["banded_clamshell-note"] = "Left side felt weak"
    del data["banded_clamshell-pain_during"]
    data["short_foot-reps_done"] = "999"
    response = logged_in.post(day_url("session", START), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter your pain during this exercise, 0 to 10." in html
    assert "Enter the reps per set as a whole number from 0 to 200." in html
    assert 'name="banded_clamshell-sets_done" value="2"' in html
    assert "Left side felt weak" in html
    assert not ExerciseLog.objects.exists()


@time_machine.travel(aware(START), tick=False)
def test_skipped_exercises_are_not_logged(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    data = session_post(program, START)
    data["short_foot-skipped"] = "on"
    del data["short_foot-pain_during"]
    assert logged_in.post(day_url("session", START), data).status_code == 302
    assert ExerciseLog.objects.count() == 5
    assert not ExerciseLog.objects.filter(program_exercise__code="short_foot").exists()


@time_machine.travel(aware(START), tick=False)
def test_future_sessions_are_read_only(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    tomorrow = START + timedelta(days=1)
    html = logged_in.get(day_url("session", tomorrow)).content.decode()
    assert "still ahead of you" in html and 'name="short_foot-sets_done"' not in html
    response = logged_in.post(day_url("session", tomorrow), session_post(program, tomorrow))
    assert response.status_code == 302
    assert not ExerciseLog.objects.exists()


def test_logs_are_editable_on_day_seven_and_read_only_on_day_eight(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START, pain_during=1)
    with time_machine.travel(aware(START + timedelta(days=7)), tick=False):
        response = logged_in.post(day_url("session", START), session_post(program, START, pain="2"))
        assert response.status_code == 302
        assert set(ExerciseLog.objects.values_list("pain_during", flat=True)) == {2}
    with time_machine.travel(aware(START + timedelta(days=8)), tick=False):
        logged_in.force_login(client_user)  # a day later the idle session has expired
        html = logged_in.get(day_url("session", START)).content.decode()
        assert "This one is now read-only." in html
        assert "What you logged" in html
        logged_in.post(day_url("session", START), session_post(program, START, pain="5"))
        assert set(ExerciseLog.objects.values_list("pain_during", flat=True)) == {2}


@time_machine.travel(aware(START + timedelta(days=3)), tick=False)
def test_a_missed_session_can_be_logged_late(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    html = logged_in.get(day_url("session", START)).content.decode()
    assert "Missed" in html and "you can still log it" in html
    response = logged_in.post(day_url("session", START), session_post(program, START))
    assert response.status_code == 302
    assert ExerciseLog.objects.filter(session__date=START).count() == 6


# --- ownership --------------------------------------------------------------------------------


@time_machine.travel(aware(START + timedelta(days=1)), tick=False)
def test_another_clients_days_are_404(client, client_user, other_client_user):
    mine = ProgramFactory(client=client_user, start_date=START)
    log_session(mine, START)
    client.force_login(other_client_user)
    for name in ("session", "checkin"):
        assert client.get(day_url(name, START)).status_code == 404
        assert client.post(day_url(name, START), {"pain_now": "9"}).status_code == 404
    assert client.get(reverse("programs:resume")).status_code == 404
    assert not CheckIn.objects.exists()
    # With their own program on the same dates they reach only their own sessions.
    theirs = ProgramFactory(client=other_client_user, start_date=START)
    client.post(day_url("session", START), session_post(theirs, START, pain="4"))
    assert set(
        ExerciseLog.objects.filter(session__program=mine).values_list("pain_during", flat=True)
    ) == {1}
    assert ExerciseLog.objects.filter(session__program=theirs).count() == 6


def test_flags_page_shows_only_my_flags(logged_in, client_user, other_client_user):
    doctor = {"destination": "doctor", "urgency": "routine", "dedupe_key": "a"}
    FlagFactory(client=client_user, reason="Mine: see a doctor", **doctor)
    FlagFactory(client=other_client_user, reason="Not mine", **doctor)
    html = logged_in.get(reverse("programs:flags")).content.decode()
    assert "Mine: see a doctor" in html and "Not mine" not in html


@pytest.mark.parametrize("bad", ["2026-02-30", "2026-3-2", "yesterday"])
def test_impossible_dates_are_404(logged_in, bad):
    assert logged_in.get(f"/program/day/{bad}/").status_code == 404


# --- queries do not grow with the history -------------------------------------------------------


def _bulk_history(program, until):
    """Logs and check-ins for every session before ``until`` (fast, without the services)."""

    exercises = list(program.exercises.all())
    logs, checkins = [], []
    for session in program.sessions.filter(date__lt=until):
        for exercise in session_exercises(session, exercises):
            dose = prescribed_dose(exercise)
            logs.append(
                ExerciseLog(
                    session=session,
                    program_exercise=exercise,
                    level=exercise.level,
                    prescribed_sets=dose.sets,
                    prescribed_reps=dose.reps,
                    prescribed_hold_seconds=dose.hold_seconds,
                    sets_done=dose.sets,
                    reps_done=dose.reps,
                    hold_seconds_done=dose.hold_seconds,
                    pain_during=1,
                    difficulty="easy",
                )
            )
        checkins.append(CheckIn(session=session, pain_now=1))
    ExerciseLog.objects.bulk_create(logs)
    CheckIn.objects.bulk_create(checkins)
    created = ExerciseLog.objects.filter(session__program=program)
    ProgressionDecision.objects.bulk_create(
        ProgressionDecision(
            program_exercise=log.program_exercise,
            exercise_log=log,
            action="hold",
            from_level=log.level,
            to_level=log.level,
            reason="Next time: same level, because ...",
            rule="PRG-HOLD-FEW",
        )
        for log in created.select_related("program_exercise")
    )


@pytest.mark.parametrize("weeks_of_history", [1, 12])
def test_today_and_session_pages_have_a_fixed_query_count(
    client, client_user, physio_user, django_assert_max_num_queries, weeks_of_history
):
    program = ProgramFactory(client=client_user, start_date=START)
    day = START + timedelta(days=weeks_of_history * 7 - 1)
    _bulk_history(program, day)
    for index in range(weeks_of_history * 3):
        MessageFactory(client=client_user, physiotherapist=physio_user, body=f"m{index}")
    with time_machine.travel(aware(day), tick=False):
        # Log in on the day itself. A session started by the real clock runs out 30 idle
        # minutes after the real time, so on a day later than that Today sent the client to
        # the login page: this test failed (for the 12-week day only) whenever the machine's
        # clock was earlier than that day.
        client.force_login(client_user)
        # 21 on a reassessment day: one more query asks whether it was taken yet; and one more
        # on a session's first page: whether the person consented (then remembered).
        with django_assert_max_num_queries(22):
            assert client.get(reverse("programs:today")).status_code == 200
        with django_assert_max_num_queries(10):
            assert client.get(day_url("session", day)).status_code == 200


@time_machine.travel(aware(START + timedelta(days=1)), tick=False)
def test_the_morning_after_today_asks_for_the_check_in(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START)
    html = logged_in.get(reverse("programs:today")).content.decode()
    assert "How is your knee this morning?" in html
    assert day_url("checkin", START) in html
    check_in(program, START)
    html = logged_in.get(reverse("programs:today")).content.decode()
    assert "How is your knee this morning?" not in html


@time_machine.travel(aware(START + timedelta(days=1)), tick=False)
def test_a_daily_only_day_shows_what_the_next_strength_day_holds(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START)
    html = logged_in.get(reverse("programs:today")).content.decode()
    assert "Daily exercises" in html
    assert re.search(r"<h3[^>]*>Next strength day: Wednesday 4 March</h3>", html)
    assert "Banded clamshell</span>: level 2 — Light band · 3 × 12 per side" in html
    assert "you have logged 1 of the 2 sessions at this level" in html


def test_messages_shown_on_today_are_marked_read(
    logged_in, client_user, other_client_user, physio_user
):
    mine = MessageFactory(client=client_user, physiotherapist=physio_user, body="Hi")
    theirs = MessageFactory(client=other_client_user, physiotherapist=physio_user, body="x")
    logged_in.get(reverse("programs:today"))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
