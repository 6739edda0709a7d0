"""Late entries (spec section 7, version 2): a check-in or log saved for a session older than the
exercise's latest log still counts: it regresses once, saving it again does not regress again,
the reason names that session's date, and a late pain-8 flag agrees with the level."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from programs import services
from programs.models import Flag, ProgressionDecision
from tests.dates import START
from tests.factories import ProgramFactory
from tests.programs.helpers import check_in, entries_for, log_session, session_on

pytestmark = pytest.mark.django_db

MONDAY, WEDNESDAY, FRIDAY = START, START + timedelta(days=2), START + timedelta(days=4)
CLAMSHELL = "banded_clamshell"


@pytest.fixture
def program(client_user):
    return ProgramFactory(client=client_user, start_date=START, strength_days=[0, 2, 4])


def clamshell(program):
    return program.exercises.get(code=CLAMSHELL)


def test_a_late_bad_morning_regresses_once_and_names_the_session(program):
    start_level = clamshell(program).level
    log_session(program, MONDAY, codes=[CLAMSHELL])
    log_session(program, WEDNESDAY, codes=[CLAMSHELL])
    # Monday's check-in is filled in on Thursday, after Wednesday's session: 5/10 is 3 points
    # above the baseline of 2/10.
    check_in(program, MONDAY, pain_now=5, today=WEDNESDAY + timedelta(days=1))
    exercise = clamshell(program)
    assert exercise.level == start_level - 1
    regress = ProgressionDecision.objects.get(program_exercise=exercise, action="regress")
    assert regress.session_date == MONDAY
    assert "Monday 2 March" in regress.reason
    assert regress.rules_version

    # Saving the same check-in again (or correcting it) does not step down a second time.
    check_in(program, MONDAY, pain_now=5, today=WEDNESDAY + timedelta(days=1))
    check_in(program, MONDAY, pain_now=6, today=WEDNESDAY + timedelta(days=2))
    assert clamshell(program).level == start_level - 1
    assert (
        ProgressionDecision.objects.filter(program_exercise=exercise, action="regress").count() == 1
    )


def test_a_late_pain_8_log_raises_a_flag_that_agrees_with_the_level(program):
    start_level = clamshell(program).level
    log_session(program, MONDAY, codes=[CLAMSHELL])
    log_session(program, WEDNESDAY, codes=[CLAMSHELL])
    log_session(program, FRIDAY, codes=[CLAMSHELL])
    # Monday's log corrected on Saturday: pain 8/10 during the clamshells.
    result = log_session(
        program, MONDAY, codes=[CLAMSHELL], pain_during=8, today=FRIDAY + timedelta(days=1)
    )
    exercise = clamshell(program)
    assert exercise.level == start_level - 1
    (flag,) = Flag.objects.filter(client=program.client, source=Flag.Source.SESSION)
    assert flag in result.flags
    assert (flag.exercise_code, flag.session_date) == (CLAMSHELL, MONDAY)
    assert "banded clamshell on Monday 2 March" in flag.reason
    assert f"steps down to level {exercise.level}" in flag.reason
    assert flag.rules_version

    # Saved again: no second flag, no second step down.
    log_session(program, MONDAY, codes=[CLAMSHELL], pain_during=8, today=FRIDAY + timedelta(days=1))
    assert clamshell(program).level == start_level - 1
    assert Flag.objects.filter(client=program.client, source=Flag.Source.SESSION).count() == 1


def test_a_session_logged_as_not_done_counts_for_nothing(program):
    entries = [
        replace(entry, sets_done=0, reps_done=0, pain_during=9)
        for entry in entries_for(program, MONDAY, codes=[CLAMSHELL])
    ]
    services.session_log_record(
        client=program.client, session=session_on(program, MONDAY), entries=entries, today=MONDAY
    )
    # Pain 9/10 in an exercise not done raises nothing and moves nothing.
    assert not Flag.objects.filter(client=program.client, source=Flag.Source.SESSION).exists()
    assert not ProgressionDecision.objects.filter(program_exercise=clamshell(program)).exists()
