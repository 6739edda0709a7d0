"""Safety wording on the pages a referral or a warning sign produces (spec version 2, issue 9):
a paused program lists no session as due, and each referral sentence is said once per page."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

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
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


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
