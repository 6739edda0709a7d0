"""Email a reminder to clients who have a session today and logged nothing yesterday.

Run it once a day, in the morning, from cron or a task worker, for example::

    15 7 * * *  cd /srv/valgus && .venv/bin/python manage.py send_reminders

Each send is recorded (``ReminderSent``, unique per client and date) in the same transaction as
the email, so running it twice for the same date, or on two servers at once, never emails anyone
twice. ``--date`` runs it for another day (for a missed run, or to check who would get one with
``--dry-run``).

The same daily pass completes the programs whose last day (the end of week 12) is past, so a
client who stops opening the app still has their program marked completed.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import User
from programs import services
from programs.models import ExerciseLog, Program, ReminderSent, ScheduledSession

SUBJECT = "Your knee exercises today"


def programs_to_remind(day: date) -> list[Program]:
    """Active programs whose client should get a reminder on ``day``.

    All of: the program is active (not paused: a paused program waits for a clinician); the
    client is an active client account with an email address and reminders switched on; there is
    a session on ``day``; there was a session the day before and nothing was logged for it; no
    reminder was sent to the client for ``day`` yet.
    """
    yesterday = day - timedelta(days=1)
    session_today = ScheduledSession.objects.filter(program=OuterRef("pk"), date=day)
    session_yesterday = ScheduledSession.objects.filter(program=OuterRef("pk"), date=yesterday)
    logged_yesterday = ExerciseLog.objects.filter(
        session__program=OuterRef("pk"), session__date=yesterday
    )
    reminded = ReminderSent.objects.filter(client=OuterRef("client"), date=day)
    return list(
        Program.objects.filter(
            status=Program.Status.ACTIVE,
            client__role=User.Role.CLIENT,
            client__is_active=True,
            client__reminders_enabled=True,
        )
        .exclude(client__email="")
        .filter(
            Exists(session_today),
            Exists(session_yesterday),
            ~Exists(logged_yesterday),
            ~Exists(reminded),
        )
        .select_related("client")
        .annotate(
            strength_today=Exists(session_today.filter(is_strength_day=True)),
        )
        .order_by("client_id")
    )


def _link(name: str) -> str:
    try:
        return f"{settings.SITE_URL}{reverse(name)}"
    except NoReverseMatch:
        return settings.SITE_URL


def reminder_message(program: Program) -> EmailMessage:
    user = program.client
    body = render_to_string(
        "emails/reminder.txt",
        {
            "user": user,
            "is_strength_day": program.strength_today,
            "today_url": _link("programs:today"),
            "settings_url": _link("account_settings"),
        },
    )
    return EmailMessage(subject=SUBJECT, body=body, to=[user.email])


class Command(BaseCommand):
    help = "Email today's reminder to clients who logged nothing yesterday (run once a day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="The day to remind for, YYYY-MM-DD (default: today in the site's time zone).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List who would get a reminder; send nothing."
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
        if not options["dry_run"]:
            completed = services.programs_complete_finished(today=day)
            if completed:
                self.stdout.write(f"Completed {completed} program(s) that ended before {day}.")
        programs = programs_to_remind(day)
        if options["dry_run"]:
            for program in programs:
                self.stdout.write(
                    f"would remind {program.client.username} <{program.client.email}>"
                )
            self.stdout.write(f"{len(programs)} reminder(s) for {day.isoformat()} (dry run).")
            return
        sent = 0
        if not programs:
            self.stdout.write(f"Sent 0 reminder(s) for {day.isoformat()}.")
            return
        with get_connection() as connection:
            for program in programs:
                message = reminder_message(program)
                message.connection = connection
                if services.reminder_send(
                    client=program.client, day=day, send=lambda m=message: m.send()
                ):
                    sent += 1
        self.stdout.write(f"Sent {sent} reminder(s) for {day.isoformat()}.")
