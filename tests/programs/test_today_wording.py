"""How Today words what comes next: level names without nested brackets, a real heading for the
next strength day, and a flags link named like the page it opens."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from assessments.presentation import decision_reason, next_time
from programs.engine import library as exercise_library
from tests.dates import START, aware
from tests.factories import FlagFactory, ProgramFactory, ProgressionDecisionFactory
from tests.programs.helpers import log_session

STRETCH = "half_kneeling_hip_flexor_stretch"

pytestmark = pytest.mark.django_db


def test_a_level_name_with_brackets_reads_without_nested_brackets():
    assert next_time(code=STRETCH, level=4, because="your last 2 sessions were complete") == (
        "Next time: level 4 — Rear foot raised (couch stretch), because your last 2 sessions "
        "were complete."
    )


def test_a_physiotherapists_reason_is_shown_as_written():
    reason = "Pain 8/10 on Monday: easing off for a week"
    assert decision_reason(code="banded_clamshell", action="adjust", to_level=1, reason=reason) == (
        reason
    )


@pytest.mark.parametrize("code, level", [("no_longer_in_the_library", 2), (STRETCH, 9)])
def test_a_level_the_library_no_longer_has_still_reads(code, level):
    assert next_time(code=code, level=level, because="it went well") == (
        f"Next time: level {level}, because it went well."
    )


@time_machine.travel(aware(START + timedelta(days=1)), tick=False)
def test_today_shows_the_next_level_by_name_and_the_next_strength_day_as_a_heading(
    logged_in, client_user
):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START)
    stretch = program.exercises.get(code=STRETCH)
    stretch.level = 4
    stretch.save(update_fields=["level"])
    ProgressionDecisionFactory(
        program_exercise=stretch,
        action="advance",
        from_level=3,
        to_level=4,
        reason="your last 2 sessions were complete",
        rule="PRG-ADVANCE",
    )
    html = logged_in.get(reverse("programs:today")).content.decode()
    assert "Next time: level 4 — Rear foot raised (couch stretch), because" in html
    assert "(couch stretch))" not in html
    heading = re.search(r"<h(\d)[^>]*>Next strength day: Wednesday 4 March</h\1>", html)
    # Under the day's "Daily exercises" heading (an h2), so one level down.
    assert heading and heading[1] == "3"


@time_machine.travel(aware(START), tick=False)
def test_the_flags_link_on_today_is_named_like_the_page_it_opens(logged_in, client_user):
    ProgramFactory(client=client_user, start_date=START)
    FlagFactory(client=client_user)
    html = logged_in.get(reverse("programs:today")).content.decode()
    link = re.search(rf'<a href="{reverse("programs:flags")}">([^<]+)</a>', html)
    assert link and link[1] == "All your referrals and reminders"
    flags_page = logged_in.get(reverse("programs:flags")).content.decode()
    assert re.search(r"<h1[^>]*>Referrals and reminders</h1>", flags_page)
    assert "<title>Referrals and reminders" in flags_page


@time_machine.travel(aware(START), tick=False)
def test_each_exercise_says_why_once_and_when_its_starting_level_was_chosen(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    text = logged_in.get(reverse("programs:today")).content.decode()
    for exercise in program.exercises.filter(frequency="daily"):
        why = exercise_library.get(exercise.code).why
        assert why in exercise.reasons  # the program keeps it among its reasons
        assert text.count(why) == 1, exercise.code
    # "Starting at level 1 because ..." is said of the assessment, not of this week.
    assert "From your assessment at the start:" in text
    assert text.index("From your assessment at the start:") < text.index("Starting at level")
