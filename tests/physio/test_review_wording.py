"""Safety wording on the client review (spec version 2, issue 9): each flag and referral sentence
is said once on the page, a paused program points to the flag that paused it, and a withheld
assessment is never offered as a program to start."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from demo.answers import TYPICAL_ANSWERS
from programs.models import Flag
from programs.services import reassessment_submit
from tests.dates import START, aware
from tests.factories import AssessmentFactory, CareLinkFactory, FlagFactory, ProgramFactory
from tests.programs.helpers import check_in, log_session
from tests.programs.test_safety_wording import (
    GAVE_WAY,
    WITHHELD,
    page_text,
    referral_sentences,
)

pytestmark = pytest.mark.django_db

SEVERE_PAIN = "Your pain is 8/10 now and reached 8/10 this week (7/10 or more counts as severe)."


def review_text(client, physio, patient) -> str:
    client.force_login(physio)
    return page_text(client.get(reverse("physio:client", args=[patient.pk])))


def test_a_paused_program_says_each_flag_once_and_the_pause_points_to_its_flag(
    client, physio_user, client_user
):
    CareLinkFactory(physiotherapist=physio_user, client=client_user)
    program = ProgramFactory(
        client=client_user, start_date=START, answers={**WITHHELD, "giving_way": False}
    )
    log_session(program, START)
    with time_machine.travel(aware(START + timedelta(days=1)), tick=False):
        check_in(program, START, giving_way=True)
    with time_machine.travel(aware(START + timedelta(days=2)), tick=False):
        text = review_text(client, physio_user, client_user)

    reasons = list(Flag.objects.filter(client=client_user).values_list("reason", flat=True))
    assert GAVE_WAY in reasons and any(SEVERE_PAIN in reason for reason in reasons)
    for reason in reasons:
        assert text.count(reason) == 1, reason
    assert text.count(SEVERE_PAIN) == 1  # the flag, not again under the assessment's referrals
    assert "Raised as a flag when the program started" in text
    assert "Paused 3 Mar 2026: a warning sign the client reported (its flag is above)." in text
    assert "Program paused. Reason: your morning check-in reported a warning sign." in text


def test_a_program_paused_by_the_physiotherapist_gives_their_reason(
    client, physio_user, client_user
):
    CareLinkFactory(physiotherapist=physio_user, client=client_user)
    program = ProgramFactory(client=client_user, start_date=START)
    client.force_login(physio_user)
    with time_machine.travel(aware(START + timedelta(days=1)), tick=False):
        client.post(
            reverse("physio:program_pause", args=[client_user.pk]),
            {"reason": "Knee to be examined on Friday"},
        )
    program.refresh_from_db()
    assert program.status == program.Status.PAUSED
    with time_machine.travel(aware(START + timedelta(days=2)), tick=False):
        text = review_text(client, physio_user, client_user)
    assert "Paused 3 Mar 2026: Knee to be examined on Friday" in text


def test_a_withheld_assessment_is_not_offered_to_start_and_says_each_referral_once(
    client, physio_user, client_user
):
    CareLinkFactory(physiotherapist=physio_user, client=client_user)
    assessment = AssessmentFactory(owner=client_user, answers=WITHHELD)
    text = review_text(client, physio_user, client_user)

    assert "withholds the program until a clinician has examined the knee" in text
    assert "start the program" not in text.lower()
    assert "exercises start" not in text
    assert "easiest level" not in text
    assert "The assessment's 2 referrals are listed under Assessment." in text
    sentences = referral_sentences(assessment)
    assert SEVERE_PAIN in sentences
    for sentence in sentences:
        assert text.count(sentence) == 1, sentence


def test_an_allowed_assessment_without_a_program_is_offered_to_start(
    client, physio_user, client_user
):
    CareLinkFactory(physiotherapist=physio_user, client=client_user)
    AssessmentFactory(owner=client_user)
    text = review_text(client, physio_user, client_user)
    assert "without a program. Start the program from it" in text
    assert "See the evaluation and start the program" in text
    assert text.count("No flags.") == 1


def test_a_function_score_is_rounded_as_on_every_other_page(client, physio_user, client_user):
    CareLinkFactory(physiotherapist=physio_user, client=client_user)
    program = ProgramFactory(
        client=client_user,
        start_date=START,
        answers={**TYPICAL_ANSWERS, "difficulty_stairs": 2, "difficulty_squatting": 2},
    )
    with time_machine.travel(aware(START + timedelta(days=20)), tick=False):
        reassessment_submit(
            client=client_user,
            program=program,
            answers={
                "pain_now": 1,
                "pain_worst_week": 2,
                "difficulty_stairs": 1,
                "difficulty_squatting": 2,
            },
            week=3,
        )
        text = review_text(client, physio_user, client_user)
    # 62.5 reads 63, as on the client's own reassessment result and the outcomes table.
    assert "Function score (100 = no difficulty) 50 63" in text
    # Each item of the score in words, as the client reads it.
    assert "Difficulty with stairs (0-4) 2/4 (moderate) 1/4 (a little)" in text
    assert "Difficulty with squatting (0-4) 2/4 (moderate) 2/4 (moderate)" in text


def test_an_acknowledged_flag_says_so_once_and_when_it_was_raised(client, physio_user, client_user):
    CareLinkFactory(physiotherapist=physio_user, client=client_user)
    ProgramFactory(client=client_user, start_date=START)
    with time_machine.travel(aware(START), tick=False):
        FlagFactory(
            client=client_user,
            status=Flag.Status.ACKNOWLEDGED,
            acknowledged_by=physio_user,
            acknowledged_at=aware(START + timedelta(days=1)),
            acknowledgement_note="Seen in clinic.",
        )
    with time_machine.travel(aware(START + timedelta(days=2)), tick=False):
        text = review_text(client, physio_user, client_user)
    flags = text[text.index("Flags and referrals") : text.index("Seen in clinic.")]
    assert flags.lower().count("acknowledged") == 2, flags  # the badge and who acknowledged it
    assert "· acknowledged raised 2 Mar 2026, from session log" in flags
