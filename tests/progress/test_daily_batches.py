"""The daily job in batches: bounded iteration, idempotent batches, steps declared by apps."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.care_events import CareEvent
from programs import services
from programs.daily import DailyStep
from programs.daily.job import daily_batch, daily_steps, id_batches, run_daily
from programs.models import ClientSummary, Flag, Program, ReminderSent
from programs.selectors.summaries import ATTENTION_RANK, FIELDS, summaries_compute
from programs.services.flags import adherence_counts
from tests.dates import END_OF_WEEK_12, START, aware
from tests.factories import FlagFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 11)  # a Wednesday in week 2: everyone below missed Tuesday's session
THREE_WEEKS_IN = START + timedelta(days=21)
PROGRAM_STEPS = ["programs_complete", "adherence_check", "reminders_send"]


def clients(count: int) -> list[Program]:
    return [
        ProgramFactory(
            client=UserFactory(username=f"client{n}", email=f"client{n}@example.org"),
            start_date=START,
        )
        for n in range(count)
    ]


def emailed() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def run_batch(programs: list[Program], day: date = DAY) -> dict:
    return daily_batch.call(
        day=day.isoformat(),
        first_id=min(p.pk for p in programs),
        last_id=max(p.pk for p in programs),
        steps=PROGRAM_STEPS,
    )


def test_the_programs_steps_are_declared_in_order():
    names = [step.name for step in daily_steps()]
    assert names[:3] == PROGRAM_STEPS


def test_the_job_walks_the_programs_in_batches_of_the_size_asked(monkeypatch):
    programs = clients(5)
    batches = []

    class Spy:
        def enqueue(self, **arguments):
            if "reminders_send" in arguments["steps"]:  # the batches of programs
                batches.append((arguments["first_id"], arguments["last_id"]))
            return daily_batch.enqueue(**arguments)

    monkeypatch.setattr("programs.daily.job.daily_batch", Spy())
    report = run_daily(DAY, size=2)
    ids = sorted(p.pk for p in programs)
    assert batches == [(ids[0], ids[1]), (ids[2], ids[3]), (ids[4], ids[4])]
    assert report.counts["reminders_send"] == {"sent": 5}
    assert len(mail.outbox) == 5


def test_cutting_the_batches_reads_a_bounded_page_of_ids_per_query(
    django_assert_num_queries,
):
    clients(5)
    # One query per batch plus the empty page that ends the walk: never the whole table.
    with django_assert_num_queries(4):
        assert len(list(id_batches(Program.objects.all(), 2))) == 3


def quiet_clients(prefix: str, count: int) -> list[Program]:
    """Clients with reminders off, so a batch's queries are its reads alone."""
    return [
        ProgramFactory(
            client=UserFactory(username=f"{prefix}{n}", reminders_enabled=False), start_date=START
        )
        for n in range(count)
    ]


def test_a_batch_costs_the_same_queries_for_2_or_20_programs():
    """No query per program: a batch reads with a fixed number of queries."""
    small_programs, large_programs = quiet_clients("small", 2), quiet_clients("large", 20)
    # Day 6 of the programs: adherence is judged from day 7, so the batch only reads.
    young = START + timedelta(days=5)
    with CaptureQueriesContext(connection) as small:
        run_batch(small_programs, young)
    with CaptureQueriesContext(connection) as large:
        run_batch(large_programs, young)
    assert len(large.captured_queries) == len(small.captured_queries) <= 4
    # From day 7 on, with nothing to raise or resolve, the adherence reads stay fixed too.
    for program in [*small_programs, *large_programs]:
        FlagFactory(client=program.client, program=program, source=Flag.Source.ADHERENCE)
    with CaptureQueriesContext(connection) as small:
        run_batch(small_programs)
    with CaptureQueriesContext(connection) as large:
        run_batch(large_programs)
    assert len(large.captured_queries) == len(small.captured_queries) <= 8


def test_flags_raised_by_a_batch_update_the_summaries_together(time_machine):
    """A batch that raises many attention flags writes each flag with its audit entry and its
    care event, and recomputes the clients' caseload summaries once for the batch."""
    time_machine.move_to(aware(THREE_WEEKS_IN, 7), tick=False)
    few, many = quiet_clients("few", 2), quiet_clients("many", 20)
    summary_queries = []
    for programs in (few, many):
        with CaptureQueriesContext(connection) as queries:
            services.programs_adherence_check(
                today=THREE_WEEKS_IN,
                programs=Program.objects.filter(pk__in=[p.pk for p in programs]),
            )
        summary_queries.append(
            [q for q in queries.captured_queries if "programs_clientsummary" in q["sql"]]
        )
        raised = Flag.objects.filter(program__in=programs, source=Flag.Source.ADHERENCE)
        assert raised.count() == len(programs)
        flag_type = ContentType.objects.get_for_model(Flag)
        audited = LogEntry.objects.filter(content_type=flag_type, action=LogEntry.Action.CREATE)
        assert set(audited.values_list("object_id", flat=True)) >= set(
            raised.values_list("pk", flat=True)
        )
        events = CareEvent.objects.filter(
            kind=CareEvent.Kind.FLAG, subject_id__in=raised.values("pk")
        )
        assert events.count() == len(programs)
        ids = [p.client_id for p in programs]
        stored = {
            row["client_id"]: row
            for row in ClientSummary.objects.filter(client_id__in=ids).values("client_id", *FIELDS)
        }
        assert stored == {
            client_id: {"client_id": client_id, **values}
            for client_id, values in summaries_compute(ids, today=THREE_WEEKS_IN).items()
        }
        assert {row["flag_rank"] for row in stored.values()} == {ATTENTION_RANK}
    assert len(summary_queries[0]) == len(summary_queries[1])


def test_adherence_of_a_whole_batch_is_counted_in_two_queries(django_assert_num_queries):
    programs = quiet_clients("quiet", 20)
    with django_assert_num_queries(2):
        counts = adherence_counts([p.pk for p in programs], THREE_WEEKS_IN)
    # Every day has daily exercises: 14 sessions in the window, none logged.
    assert set(counts.values()) == {(14, 0)}


def test_a_batch_run_twice_sends_and_flags_once():
    programs = clients(3)
    run_batch(programs)
    run_batch(programs)  # a retry, or a second worker taking the same task
    assert emailed() == ["client0@example.org", "client1@example.org", "client2@example.org"]
    assert ReminderSent.objects.count() == 3

    run_batch(programs, THREE_WEEKS_IN)
    run_batch(programs, THREE_WEEKS_IN)
    assert Flag.objects.filter(source=Flag.Source.ADHERENCE).count() == 3


def test_two_overlapping_batches_send_once_to_each_client():
    programs = clients(5)
    run_batch(programs[:3])
    run_batch(programs[1:])
    assert emailed() == [f"client{n}@example.org" for n in range(5)]


def test_a_batch_only_touches_its_own_programs():
    programs = clients(4)
    run_batch(programs[1:3])
    assert emailed() == ["client1@example.org", "client2@example.org"]
    finished = END_OF_WEEK_12 + timedelta(days=1)
    run_batch(programs[:2], finished)
    statuses = list(Program.objects.order_by("pk").values_list("status", flat=True))
    assert statuses == ["completed", "completed", "active", "active"]


def test_the_command_runs_every_batch_and_prints_the_totals():
    clients(5)
    out = StringIO()
    call_command("run_daily", "--date", DAY.isoformat(), "--batch-size", "2", stdout=out)
    assert "Sent 5 reminder(s) for 2026-03-11." in out.getvalue()
    # Day 10 with nothing logged: judged from day 7 on (spec section 8), all five are below.
    assert "Checked adherence of 5 active program(s); 5 below the threshold." in out.getvalue()
    assert len(mail.outbox) == 5


def test_with_a_queue_the_command_only_enqueues(settings):
    clients(3)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    out = StringIO()
    call_command("run_daily", "--date", DAY.isoformat(), "--batch-size", "2", stdout=out)
    # Two batches of programs, two of clients (their caseload summaries).
    assert "Enqueued 4 batch task(s) for 2026-03-11" in out.getvalue()
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


# The worker closes and reopens database connections between tasks, as it does in production;
# that needs real commits, not the test's wrapping transaction.
@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_a_worker_runs_the_batches(settings):
    clients(3)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    call_command("run_daily", "--date", DAY.isoformat(), "--batch-size", "2", stdout=StringIO())
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
    assert len(mail.outbox) == 3
    # The next morning's cron for the same date (or a second worker) sends nothing again.
    call_command("run_daily", "--date", DAY.isoformat(), "--batch-size", "2", stdout=StringIO())
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())
    assert len(mail.outbox) == 3


def test_a_step_declared_twice_is_refused(monkeypatch):
    config = apps.get_app_config("care")
    step = DailyStep("reminders_send", run="programs.daily.steps.reminders_send", summary="")
    monkeypatch.setattr(config, "daily_steps", (step,), raising=False)
    with pytest.raises(ValueError, match="declared twice: reminders_send"):
        daily_steps()
