"""Rebuild every client's caseload summary from their programs, logs and flags.

Run after loading data by other means than the app's services (a restore, an import) or after a
change to what the summary holds; ``make run`` runs it after the demo data. Safe to run at any
time: it only recomputes copies.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from programs import services


class Command(BaseCommand):
    help = "Recompute every client's caseload summary (last activity, flags, adherence, pain)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="The day to compute adherence for, YYYY-MM-DD (default: today)."
        )
        parser.add_argument(
            "--missing",
            action="store_true",
            help="Only build the summaries of clients without one (quick; run at every deploy).",
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
        if options["missing"]:
            count = services.client_summaries_create_missing(today=day)
            self.stdout.write(f"Built the caseload summary of {count} client(s) without one.")
            return
        count = services.client_summaries_rebuild(today=day)
        self.stdout.write(f"Rebuilt the caseload summary of {count} client(s).")
