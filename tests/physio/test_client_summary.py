"""The caseload summary (``ClientSummary``): every service that changes what it summarises keeps
it equal to a computation from scratch, and a rebuild over random histories changes nothing."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from care.services import adjustments as care_adjustments
from care.services import flags as care_flags
from care.services import linking
from programs import services
from programs.models import ClientSummary, Flag, Program
from programs.selectors.summaries import FIELDS, NO_FLAG_RANK, summaries_compute
from tests.dates import END_OF_WEEK_6, START, THREE_WEEKS_IN, aware
from tests.factories import (
    AssessmentFactory,
    CareLinkFactory,
    FlagFactory,
    InvitationFactory,
    PhysiotherapistFactory,
    ProgramFactory,
    UserFactory,
)
from tests.physio.test_caseload_entries import kept as entries_kept
from tests.physio.test_caseload_entries import recomputed as entries_recomputed
from tests.programs.helpers import check_in, log_session
from tests.progress.test_reassessment import NOT_IMPROVED

pytestmark = pytest.mark.django_db


def stored(client_id: int) -> dict | None:
    row = ClientSummary.objects.filter(client_id=client_id).values(*FIELDS).first()
    return row


def fresh(client_id: int) -> dict:
    return summaries_compute([client_id], today=timezone.localdate())[client_id]


# Each case: given a linked client with a program three weeks in (logs on two days) and its
# physiotherapist, prepare what the service needs and return the call of that one service.
def _log(client, physio, program):
    return lambda: log_session(program, THREE_WEEKS_IN - timedelta(days=1), pain_during=4)


def _log_with_no_sets(client, physio, program):
    # 0 sets is not done: adherence stays, but the day is the last activity and pain is known.
    day = THREE_WEEKS_IN - timedelta(days=2)
    return lambda: log_session(program, day, pain_during=3, complete=False)


def _checkin_warning_sign(client, physio, program):
    return lambda: check_in(program, date(2026, 3, 18), giving_way=True, today=date(2026, 3, 19))


def _generate(client, physio, program):
    assessment = AssessmentFactory(owner=client)
    return lambda: services.program_generate(
        client=client, assessment=assessment, start_date=THREE_WEEKS_IN, replace_current=True
    )


def _pause(client, physio, program):
    return lambda: services.program_pause(program=program, actor=client, reason="Knee swollen")


def _resume(client, physio, program):
    services.program_pause(program=program, actor=client, reason="Knee swollen")
    return lambda: services.program_resume(program=program, actor=client, reason="Cleared by my GP")


def _physio_pause(client, physio, program):
    return lambda: care_adjustments.program_pause(
        program=program, actor=physio, reason="Review first"
    )


def _complete(client, physio, program):
    Program.objects.filter(pk=program.pk).update(start_date=START - timedelta(weeks=12))
    program.refresh_from_db()
    return lambda: services.program_complete_if_finished(program=program, today=THREE_WEEKS_IN)


def _adherence_flag(client, physio, program):
    return lambda: services.program_adherence_check(program=program, today=THREE_WEEKS_IN)


def _reassessment_flag(client, physio, program):
    return lambda: services.reassessment_submit(
        client=client, program=program, answers=NOT_IMPROVED, week=6, today=END_OF_WEEK_6
    )


def _acknowledge(client, physio, program):
    flag = FlagFactory(client=client, program=program, urgency="same_day")
    return lambda: care_flags.flag_acknowledge(flag=flag, actor=physio, note="Call booked")


def _resolve(client, physio, program):
    flag = FlagFactory(client=client, program=program, urgency="routine")
    return lambda: care_flags.flag_resolve(flag=flag, actor=physio, note="Reviewed in clinic")


def _accept_invitation(client, physio, program):
    ClientSummary.objects.filter(client=client).delete()
    invitation = InvitationFactory(physiotherapist=PhysiotherapistFactory())
    return lambda: linking.invitation_accept(code=invitation.code, client=client)


SERVICES: list[tuple[str, Callable]] = [
    ("session_log_record", _log),
    ("session_log_record, 0 sets", _log_with_no_sets),
    ("checkin_record", _checkin_warning_sign),
    ("program_generate", _generate),
    ("program_pause", _pause),
    ("program_resume", _resume),
    ("care program_pause", _physio_pause),
    ("program_complete_if_finished", _complete),
    ("program_adherence_check", _adherence_flag),
    ("reassessment_submit", _reassessment_flag),
    ("flag_acknowledge", _acknowledge),
    ("flag_resolve", _resolve),
    ("invitation_accept", _accept_invitation),
]


@pytest.mark.parametrize("change", [item[1] for item in SERVICES], ids=[i[0] for i in SERVICES])
def test_every_service_that_changes_an_input_updates_the_summary(today, physio_user, change):
    client = UserFactory()
    program = ProgramFactory(client=client, start_date=START)
    for day in (date(2026, 3, 16), date(2026, 3, 18)):
        log_session(program, day, pain_during=2)
    CareLinkFactory(physiotherapist=physio_user, client=client)
    act = change(client, physio_user, program)
    before = stored(client.pk)

    act()

    after = stored(client.pk)
    assert after is not None
    assert after == fresh(client.pk)
    assert after != before, "the service changed an input but the summary stayed as it was"


def test_summary_fields(today, linked_client):
    summary = ClientSummary.objects.get(client=linked_client)
    assert summary.last_activity == date(2026, 3, 20)
    assert summary.pain_trend == [2, 2, 2]
    assert summary.pain_latest == 2
    assert summary.flag_rank == NO_FLAG_RANK
    assert summary.program_status == Program.Status.ACTIVE
    # 9 to 22 March, every day a session: 3 logged of 14.
    assert (summary.adherence_logged, summary.adherence_scheduled) == (3, 14)
    assert summary.adherence_percent == 21


def test_open_flag_outranks_acknowledged_which_outranks_none(today, physio_user):
    client = UserFactory()
    CareLinkFactory(physiotherapist=physio_user, client=client)
    routine = FlagFactory(client=client, urgency="routine")
    urgent = FlagFactory(client=client, urgency="same_day")
    summary = ClientSummary.objects.get(client=client)
    assert (summary.flag_rank, summary.top_flag_id, summary.open_flags) == (0, urgent.pk, 2)
    care_flags.flag_acknowledge(flag=urgent, actor=physio_user, note="Seen")
    summary.refresh_from_db()
    assert (summary.flag_rank, summary.top_flag_id) == (2, routine.pk)
    # The caseload row lists every unresolved flag from the summary, in the same order.
    assert [(flag["pk"], flag["status"]) for flag in summary.flags] == [
        (routine.pk, "open"),
        (urgent.pk, "acknowledged"),
    ]
    care_flags.flag_acknowledge(flag=routine, actor=physio_user, note="Seen")
    summary.refresh_from_db()
    assert summary.flag_rank == 4  # acknowledged same-day, still above clients without flags
    assert summary.acknowledged_flags == 2
    for flag in (urgent, routine):
        care_flags.flag_resolve(flag=flag, actor=physio_user, note="Reviewed in clinic")
    summary.refresh_from_db()
    assert (summary.flag_rank, summary.top_flag_id, summary.flag_raised_at, summary.flags) == (
        NO_FLAG_RANK,
        None,
        None,
        [],
    )


@pytest.mark.parametrize("seed", range(4))
def test_rebuilding_from_scratch_gives_the_same_rows(time_machine, physio_user, seed):
    """Random histories made through the services, day by day; the rows kept along the way
    equal a rebuild from scratch, and the daily job's refresh on a later day equals it too."""
    rng = random.Random(seed)
    time_machine.move_to(aware(START), tick=False)
    clients = [UserFactory() for _ in range(4)]
    programs = {}
    for client in clients:
        CareLinkFactory(physiotherapist=physio_user, client=client)
        if rng.random() < 0.8:
            programs[client.pk] = ProgramFactory(client=client, start_date=START)
    for offset in range(24):
        day = START + timedelta(days=offset)
        time_machine.move_to(aware(day), tick=False)
        for client in clients:
            program = programs.get(client.pk)
            roll = rng.random()
            if program is not None:
                program.refresh_from_db()
            if program is not None and program.status == Program.Status.ACTIVE and roll < 0.5:
                log_session(
                    program, day, pain_during=rng.randint(0, 7), complete=rng.random() < 0.8
                )
            elif program is not None and roll < 0.55 and program.status == Program.Status.ACTIVE:
                services.program_pause(program=program, actor=client, reason="Away")
            elif program is not None and roll < 0.65 and program.status == Program.Status.PAUSED:
                services.program_resume(program=program, actor=client, reason="Back")
            elif roll < 0.7:
                FlagFactory(
                    client=client, urgency=rng.choice(["same_day", "within_2_weeks", "routine"])
                )
            open_flags = list(client.flags.exclude(status=Flag.Status.RESOLVED))
            if open_flags and rng.random() < 0.2:
                flag = rng.choice(open_flags)
                if rng.random() < 0.5:
                    care_flags.flag_acknowledge(flag=flag, actor=physio_user, note="Seen")
                else:
                    care_flags.flag_resolve(flag=flag, actor=physio_user, note="Reviewed in clinic")
        services.programs_adherence_check(today=day)
        services.client_summaries_refresh_stale(today=day)

    kept = {row["client_id"]: row for row in ClientSummary.objects.values("client_id", *FIELDS)}
    # The caseload's entries copy the summaries kept along the way.
    entries = entries_kept()
    assert entries == entries_recomputed() and len(entries) == len(clients)
    call_command("rebuild_client_summaries", stdout=open("/dev/null", "w"))
    rebuilt = {row["client_id"]: row for row in ClientSummary.objects.values("client_id", *FIELDS)}
    assert kept == rebuilt
    assert entries_kept() == entries
    assert set(kept) >= {client.pk for client in clients}

    # The next morning only the calendar moved: the daily refresh equals a rebuild of that day.
    later = START + timedelta(days=24)
    time_machine.move_to(aware(later), tick=False)
    services.client_summaries_refresh_stale(today=later)
    refreshed = {
        row["client_id"]: row for row in ClientSummary.objects.values("client_id", *FIELDS)
    }
    assert refreshed == {
        client_id: {"client_id": client_id, **values}
        for client_id, values in summaries_compute(refreshed, today=later).items()
    }


def test_the_daily_job_builds_missing_summaries(today, physio_user):
    client = UserFactory()
    program = ProgramFactory(client=client, start_date=START)
    log_session(program, date(2026, 3, 20))
    ClientSummary.objects.filter(client=client).delete()
    call_command("run_daily", "--date", THREE_WEEKS_IN.isoformat(), stdout=open("/dev/null", "w"))
    assert stored(client.pk) == fresh(client.pk)
