"""Safety wording on the pages a referral or a warning sign produces (spec version 2, issue 9):
a paused program lists no session as due, and each referral sentence is said once per page."""

import re
from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from assessments.presentation import (
    referral_headline,
    referral_what_to_do,
    referrals_in_short,
)
from assessments.services import assessment_submit
from programs import services
from tests.dates import START, aware
from tests.factories import PhysiotherapistFactory, ProgramFactory
from tests.programs.helpers import check_in, log_session

pytestmark = pytest.mark.django_db

GAVE_WAY = "See an orthopaedic specialist within 2 weeks: your knee gave way."


def page_text(response) -> str:
    """What the client reads: the page without its markup, one space between words."""
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def assert_nothing_due(text: str) -> None:
    for due in (
        "Start today's session",
        "Log today's session",
        "Next strength day",
        "Daily exercises",
        "Planned",
        "Next time:",
    ):
        assert due not in text, due
    assert not re.search(r"Strength day(?!s:)", text)  # a session heading, not the plan's days


@pytest.mark.parametrize("days_later", [1, 2])  # the paused day (a rest day), a strength day
def test_paused_by_a_warning_sign_today_lists_nothing_due_and_says_the_referral_once(
    logged_in, client_user, days_later
):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START)
    with time_machine.travel(aware(START + timedelta(days=1)), tick=False):
        check_in(program, START, giving_way=True)
    program.refresh_from_db()
    assert program.status == program.Status.PAUSED

    with time_machine.travel(aware(START + timedelta(days=days_later)), tick=False):
        text = page_text(logged_in.get(reverse("programs:today")))

    assert "Your program is paused" in text
    assert "No exercises while your program is paused" in text
    assert_nothing_due(text)
    assert "On hold" in text  # the days of the week ahead
    assert text.count(GAVE_WAY) == 1
    assert "your morning check-in reported a warning sign" in text
    assert "Please act on this" in text


def test_paused_by_the_physiotherapist_today_gives_their_reason_once_and_nothing_due(
    logged_in, client_user
):
    program = ProgramFactory(client=client_user, start_date=START)
    reason = "Your knee needs a look before you carry on: I will call you on Friday"
    with time_machine.travel(aware(START + timedelta(days=1)), tick=False):
        services.program_pause(program=program, actor=PhysiotherapistFactory(), reason=reason)
    with time_machine.travel(aware(START + timedelta(days=2)), tick=False):
        text = page_text(logged_in.get(reverse("programs:today")))
    assert_nothing_due(text)
    assert text.count(reason) == 1


def test_an_active_program_still_lists_todays_session(logged_in, client_user):
    ProgramFactory(client=client_user, start_date=START)
    with time_machine.travel(aware(START), tick=False):
        text = page_text(logged_in.get(reverse("programs:today")))
    assert "Start today's session" in text
    assert "Planned" in text
    assert "No exercises while your program is paused" not in text


# --- a withheld result ---------------------------------------------------------------------------

WITHHELD = {
    "age": 30,
    "side": "left",
    "pain_now": 8,
    "pain_worst_week": 8,
    "giving_way": True,
    "single_leg_squat_left": "marked",
    "hip_drop_left": True,
}


def withheld_result(owner):
    assessment = Assessment.objects.create(
        owner=owner, answers=WITHHELD, current_step="preferences"
    )
    assessment = assessment_submit(assessment=assessment)
    assert not assessment.evaluation["program_allowed"]
    return assessment


def referral_sentences(assessment) -> list[str]:
    sentences = []
    for referral in assessment.evaluation["referrals"]:
        for reason in referral["reasons"]:
            sentences.extend(part.strip() + "." for part in reason.split(". ") if part.strip())
    # The stored severe-pain reason also says the exercises start: never shown while withheld.
    return [
        sentence.replace("..", ".") for sentence in sentences if "exercises start" not in sentence
    ]


def referral_headlines(assessment) -> list[str]:
    """Who to see and how soon, and what to do about it: said once, on the referral's card."""
    return [
        text
        for referral in assessment.evaluation["referrals"]
        for text in (
            referral_headline(referral["destination"], referral["urgency"]),
            referral_what_to_do(referral["destination"], None),
        )
    ]


def test_a_withheld_result_never_says_the_exercises_start_and_says_each_referral_once(
    logged_in, client_user
):
    assessment = withheld_result(client_user)
    text = page_text(logged_in.get(reverse("assessments:result", args=[assessment.uid])))

    assert "no exercises are given until a clinician" in text
    for says_they_start in (
        "exercises start",
        "easiest level",
        "Your exercises are below",
        "your exercises are below",
        "Start my program",
    ):
        assert says_they_start not in text, says_they_start
    sentences = referral_sentences(assessment)
    assert any("8/10" in sentence for sentence in sentences)  # the severe-pain referral
    for sentence in sentences + referral_headlines(assessment):
        assert text.count(sentence) == 1, sentence
    # The summary points to the referrals instead of naming them again.
    assert "Act on the 2 referrals above (the soonest within 2 weeks)." in text
    assert "No exercises until then: once a clinician has cleared you, record it below." in text


def test_an_allowed_result_with_a_referral_says_it_once_and_points_to_it(logged_in, client_user):
    assessment = assessment_submit(
        assessment=Assessment.objects.create(
            owner=client_user,
            answers={**WITHHELD, "giving_way": False},
            current_step="preferences",
        )
    )
    assert assessment.evaluation["program_allowed"]
    text = page_text(logged_in.get(reverse("assessments:result", args=[assessment.uid])))
    for sentence in referral_headlines(assessment):
        assert text.count(sentence) == 1, sentence
    assert "Act on the referral above (within 2 weeks)." in text
    assert "Do the 4 exercises below" in text


@pytest.mark.parametrize(
    "urgencies, cleared, line",
    [
        ([], False, ""),
        (["same_day"], False, "Act on the referral above (today)."),
        (["routine"], False, "Act on the referral above (a routine appointment)."),
        (
            ["same_day", "within_2_weeks", "routine"],
            False,
            "Act on the 3 referrals above (the soonest today).",
        ),
        (
            ["routine", "routine"],
            False,
            "Act on the 2 referrals above (none of them urgent).",
        ),
        (["within_2_weeks"], True, "Look over the referral from your answers, above."),
    ],
)
def test_the_summary_points_to_the_referrals_without_naming_them(urgencies, cleared, line):
    assert referrals_in_short(urgencies, cleared=cleared) == line


def test_today_after_a_withheld_result_says_each_referral_once_and_no_exercises_start(
    logged_in, client_user
):
    assessment = withheld_result(client_user)
    text = page_text(logged_in.get(reverse("programs:today")))
    assert "Your program waits for clinician clearance" in text
    assert "do not start the exercises on your own" in text
    assert "exercises start" not in text
    assert "easiest level" not in text
    for sentence in referral_sentences(assessment):
        assert text.count(sentence) == 1, sentence


def test_a_result_stored_with_the_old_wording_no_longer_says_the_exercises_start(
    logged_in, client_user
):
    assessment = withheld_result(client_user)
    evaluation = assessment.evaluation
    for referral in evaluation["referrals"]:
        if referral["destination"] == "physiotherapist":
            referral["reasons"] = [
                reason + " The exercises start at the easiest level while a physiotherapist "
                "assesses you."
                for reason in referral["reasons"]
            ]
    type(assessment).objects.filter(pk=assessment.pk).update(evaluation=evaluation)
    for url in (reverse("assessments:result", args=[assessment.uid]), reverse("programs:today")):
        text = page_text(logged_in.get(url))
        assert "8/10" in text
        assert "easiest level" not in text, url


@pytest.mark.parametrize(
    "answers, thanks",
    [
        (WITHHELD, "Your exercises are below"),
        (
            {"age": 30, "side": "left", "pain_now": 2, "pain_worst_week": 3, "giving_way": True},
            "there is no program to start",
        ),
    ],
)
def test_after_a_clearance_the_page_says_exercises_are_below_only_when_there_are_some(
    logged_in, client_user, answers, thanks
):
    assessment = assessment_submit(
        assessment=Assessment.objects.create(
            owner=client_user, answers=answers, current_step="preferences"
        )
    )
    response = logged_in.post(
        reverse("assessments:clearance", args=[assessment.uid]),
        {
            "confirmed": "on",
            "clinician_name": "Dr Patel",
            "clinician_role": "doctor",
            "seen_on": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    text = page_text(response)
    assert thanks in text
    assessment.refresh_from_db()
    if not assessment.evaluation["exercises"]:
        assert "exercises are below" not in text
        assert "Your exercises below" not in text
        assert "there are none" in text
    else:
        assert "Your exercises below are worked out from the same answers" in text


# --- Progress and the flags list of a paused program ---------------------------------------------


def test_progress_and_the_flags_list_of_a_paused_program_say_each_sentence_once(
    logged_in, client_user
):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START)
    with time_machine.travel(aware(START + timedelta(days=1)), tick=False):
        check_in(program, START, giving_way=True)
    with time_machine.travel(aware(START + timedelta(days=2)), tick=False):
        progress = page_text(logged_in.get(reverse("programs:progress")))
        flags = page_text(logged_in.get(reverse("programs:flags")))

    assert progress.count("Your program is paused") == 1
    assert "waits until your program is resumed" in progress
    assert "Start today's session" not in progress
    assert flags.count(GAVE_WAY) == 1
    assert flags.count("Ask your doctor for a referral to an orthopaedic specialist") == 1
    assert "Raised 3 March 2026 from your morning check-in" in flags
