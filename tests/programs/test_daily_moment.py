"""``manage.py run_daily --date D``: every row the job writes for a missed day D carries a time
on D (the moment the job ran, at the same time of day on D), never the real clock's."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.care_events import CareEvent
from care.models import DigestSent, NotificationSent
from programs.daily import run_moment
from programs.models import ClientSummary, Flag, Program, ReminderSent, ScheduledSession
from tests.dates import START, THREE_WEEKS_IN
from tests.factories import (
    CareLinkFactory,
    FlagFactory,
    PhysiotherapistFactory,
    ProgramFactory,
    UserFactory,
)
from tests.programs.helpers import log_session

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 11)  # a Wednesday, day 10 of a program started on START (GMT)
RUN_AT = timezone.make_aware(datetime(2026, 4, 1, 7, 15))  # three weeks later, in summer time
ON_DAY = timezone.make_aware(datetime.combine(DAY, time(7, 15)))


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment)


@pytest.mark.parametrize(
    ("now", "day", "expected"),
    [
        # Run for today: the real moment.
        (RUN_AT, date(2026, 4, 1), RUN_AT),
        # A missed day: the same time of day on it, in the site's time zone (GMT then).
        (RUN_AT, DAY, ON_DAY),
        # Just before midnight, for the day before: still that day, not the next.
        (
            timezone.make_aware(datetime(2026, 4, 2, 23, 50)),
            date(2026, 4, 1),
            timezone.make_aware(datetime(2026, 4, 1, 23, 50)),
        ),
    ],
)
def test_the_jobs_moment_is_on_the_day_it_runs_for(now, day, expected):
    moment = run_moment(day, now)
    assert moment == expected
    assert local(moment).date() == day


def test_a_missed_day_run_later_stamps_everything_it_writes_on_that_day(time_machine):
    time_machine.move_to(RUN_AT, tick=False)
    physio = PhysiotherapistFactory(email="okafor@example.org")
    person = UserFactory(email="alex@example.org")
    program = ProgramFactory(client=person, start_date=START)  # nothing logged by day 10
    CareLinkFactory(
        client=person,
        physiotherapist=physio,
        consented_at=timezone.make_aware(datetime(2026, 3, 1)),
    )
    finished = ProgramFactory(client=UserFactory(), start_date=START - timedelta(weeks=13))

    call_command("run_daily", "--date", DAY.isoformat(), stdout=StringIO())

    flag = Flag.objects.get(program=program, source=Flag.Source.ADHERENCE)
    stamps = {
        "flag raised": flag.created_at,
        "news for the physiotherapist": CareEvent.objects.get(subject_id=flag.pk).created_at,
        "reminder sent": ReminderSent.objects.get(client=person, date=DAY).sent_at,
        "digest sent": DigestSent.objects.get(physiotherapist=physio, date=DAY).sent_at,
        "told in the digest": NotificationSent.objects.get(physiotherapist=physio).sent_at,
        "caseload row": ClientSummary.objects.get(client=person).updated_at,
        "program completed": Program.objects.get(pk=finished.pk).ended_at,
        "its caseload row": ClientSummary.objects.get(client=finished.client).updated_at,
    }
    assert stamps == dict.fromkeys(stamps, ON_DAY)
    assert ClientSummary.objects.get(client=person).flag_raised_at == ON_DAY


def test_a_flag_resolved_on_a_missed_day_is_resolved_on_that_day(time_machine):
    time_machine.move_to(RUN_AT, tick=False)
    program = ProgramFactory(start_date=START)
    for session in ScheduledSession.objects.filter(program=program, date__lte=DAY):
        log_session(program, session.date)
    open_flag = FlagFactory(
        client=program.client,
        program=program,
        kind=Flag.Kind.ATTENTION,
        destination="",
        urgency="",
        source=Flag.Source.ADHERENCE,
    )

    call_command("run_daily", "--date", DAY.isoformat(), stdout=StringIO())

    open_flag.refresh_from_db()
    assert open_flag.status == Flag.Status.RESOLVED
    assert open_flag.resolved_at == ON_DAY


def test_run_for_today_stamps_the_real_moment(time_machine):
    time_machine.move_to(RUN_AT, tick=False)
    program = ProgramFactory(start_date=THREE_WEEKS_IN)  # 1 April is day 10, nothing logged

    call_command("run_daily", stdout=StringIO())

    flag = Flag.objects.get(program=program, source=Flag.Source.ADHERENCE)
    assert flag.created_at == RUN_AT
