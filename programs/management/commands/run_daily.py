"""The daily job: complete finished programs, check every active program's adherence, and email
reminders to clients who have a session today and logged nothing yesterday.

Run it once a day, in the morning, from cron or a task worker, for example::

    15 7 * * *  cd /srv/valgus && .venv/bin/python manage.py run_daily

This is where clinical state changes with the calendar, never when a page is opened, so a client
who stops opening the app still has their program completed and their low adherence flagged for
their physiotherapist. Every step is idempotent: a program completes once, the adherence flag is
raised at most once per program week, and each reminder is recorded (``ReminderSent``, unique
per client and date) in the same transaction as the email, so running it twice for the same
date, or on two servers at once, changes and sends nothing twice. ``--date`` runs it for another
day (a missed run); ``--dry-run`` only lists who would get a reminder and changes nothing.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from programs import services
from programs.models import Program
from programs.policy import edit_window_days
from programs.selectors import programs_to_remind

SUBJECT = "Your knee exercises today"


def _link(name: str) -> str:
    return f"{settings.SITE_URL}{reverse(name)}"


def reminder_message(program: Program) -> EmailMessage:
    user = program.client
    body = render_to_string(
        "emails/reminder.txt",
        {
            "user": user,
            "is_strength_day": program.strength_today,
            "edit_window_days": edit_window_days(),
            "today_url": _link("programs:today"),
            "settings_url": _link("account_settings"),
        },
    )
    return EmailMessage(subject=SUBJECT, body=body, to=[user.email])


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
        if options["dry_run"]:
            programs = programs_to_remind(day)
            for program in programs:
                self.stdout.write(
                    f"would remind {program.client.username} <{program.client.email}>"
                )
            self.stdout.write(f"{len(programs)} reminder(s) for {day.isoformat()} (dry run).")
            return
        completed = services.programs_complete_finished(today=day)
        if completed:
            self.stdout.write(f"Completed {completed} program(s) that ended before {day}.")
        checked, below = services.programs_adherence_check(today=day)
        self.stdout.write(
            f"Checked adherence of {checked} active program(s); {below} below the threshold."
        )
        refreshed = services.client_summaries_refresh_stale(today=day)
        self.stdout.write(f"Refreshed the caseload summary of {refreshed} client(s).")
        self.stdout.write(f"Sent {self._send_reminders(day)} reminder(s) for {day.isoformat()}.")

    def _send_reminders(self, day: date) -> int:
        programs = programs_to_remind(day)
        if not programs:
            return 0
        sent = 0
        with get_connection() as connection:
            for program in programs:
                message = reminder_message(program)
                message.connection = connection
                if services.reminder_send(
                    client=program.client, day=day, send=lambda m=message: m.send()
                ):
                    sent += 1
        return sent
