"""The daily job: complete finished programs, check every active program's adherence, email
reminders to clients who have a session today and logged nothing yesterday, and whatever step
another app declares (``programs.daily``).

Run it once a day, in the morning, from cron, for example::

    15 7 * * *  cd /srv/valgus && .venv/bin/python manage.py run_daily

It walks the current programs in batches (``--batch-size``, default ``VALGUS_DAILY_BATCH_SIZE``)
and enqueues one task per batch. By default the tasks run at once, here; with
``VALGUS_TASK_BACKEND=database`` they wait for ``manage.py db_worker`` on one or more machines.
Every step is idempotent, so running it twice for the same date, a batch retried, or two
servers at once, change and send nothing twice. ``--date`` runs it for another day (a missed
run); ``--dry-run`` only lists who would get a reminder and changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from programs.daily.job import batch_size, run_daily


class Command(BaseCommand):
    help = (
        "The daily job (run once a day): complete finished programs, check adherence, and "
        "email today's reminder to clients who logged nothing yesterday."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="The day to run for, YYYY-MM-DD (default: today in the site's time zone).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would get a reminder; change and send nothing.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help=f"Rows per batch (task), default {batch_size()}.",
        )

    def handle(self, *args, **options):
        if options["date"]:
            try:
                day = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(
                    f"--date must look like 2026-03-31, not {options['date']!r}."
                ) from exc
        else:
            day = timezone.localdate()
        size = options["batch_size"]
        if size is not None and size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        dry_run = options["dry_run"]
        report = run_daily(day, size=size, dry_run=dry_run)
        for line in report.lines:
            self.stdout.write(line)
        if report.batches > report.enqueued:
            for line in report.summaries(day, dry_run=dry_run):
                self.stdout.write(line)
        if report.enqueued:
            self.stdout.write(
                f"Enqueued {report.enqueued} batch task(s) for {day.isoformat()}: "
                "the task workers run them (manage.py db_worker)."
            )
        if report.failures:
            raise CommandError(
                f"{len(report.failures)} of {report.batches} batch(es) failed; run again to "
                "retry them (nothing is done twice):\n" + "\n".join(report.failures)
            )
