"""The daily job checks adherence (spec section 8, version 2): every active program, days paused
or before the start not counted, young programs from day 7, one open attention flag, resolved by
itself with its reason when adherence is back to half or more; 0 sets is not done."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from django.core.management import call_command

from programs import services
from programs.models import Flag, Program, ProgramChange
from tests.dates import START, aware
from tests.factories import ProgramChangeFactory, ProgramFactory
from tests.programs.helpers import entries_for, log_session, session_on

pytestmark = pytest.mark.django_db


def run_daily(day):
    call_command("run_daily", "--date", day.isoformat())


def attention(program):
    return Flag.objects.filter(program=program, source=Flag.Source.ADHERENCE)


@pytest.fixture
def program(client_user):
    return ProgramFactory(client=client_user, start_date=START)


def test_a_young_program_is_judged_from_day_7(program):
    run_daily(START + timedelta(days=5))  # day 6
    assert not attention(program).exists()
    run_daily(START + timedelta(days=6))  # day 7: 0 of the 6 days since the start
    (flag,) = attention(program)
    assert flag.kind == Flag.Kind.ATTENTION and flag.status == Flag.Status.OPEN
    assert "in the 6 days since the program started" in flag.reason
    assert flag.rules_version


def test_one_open_flag_then_resolved_with_its_reason_when_adherence_recovers(program):
    for day in range(7, 10):
        run_daily(START + timedelta(days=day))
    assert attention(program).count() == 1
    # The client catches up: every day of the second week is logged.
    for offset in range(7, 14):
        log_session(program, START + timedelta(days=offset))
    run_daily(START + timedelta(days=14))
    (flag,) = attention(program)
    assert flag.status == Flag.Status.RESOLVED
    assert flag.resolved_by is None
    assert "back to half or more" in flag.resolution_note
    # Still fine the next day: nothing new is raised.
    run_daily(START + timedelta(days=15))
    assert attention(program).count() == 1


def test_days_paused_are_not_counted(program):
    # Paused from day 2 to day 12 (a clinician's check); days 1 and 13 were logged.
    log_session(program, START)
    for kind, offset in (("pause", 1), ("resume", 11)):
        change = ProgramChangeFactory(program=program, kind=kind)
        ProgramChange.objects.filter(pk=change.pk).update(
            created_at=aware(START + timedelta(days=offset))
        )
    log_session(program, START + timedelta(days=12))
    run_daily(START + timedelta(days=13))
    assert not attention(program).exists()


def test_an_exercise_logged_with_0_sets_is_not_done(program):
    for offset in range(6):
        day = START + timedelta(days=offset)
        entries = [replace(entry, sets_done=0) for entry in entries_for(program, day)]
        services.session_log_record(
            client=program.client, session=session_on(program, day), entries=entries, today=day
        )
    run_daily(START + timedelta(days=6))
    assert attention(program).filter(status=Flag.Status.OPEN).exists()


def test_a_paused_program_is_not_checked(program):
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PAUSED)
    run_daily(START + timedelta(days=10))
    assert not attention(program).exists()
