"""The programs' own steps of the daily job, each run on one batch of current programs.

This is where clinical state changes with the calendar, never when a page is opened, so a client
who stops opening the app still has their program completed and their low adherence flagged for
their physiotherapist. Each step is idempotent: a program completes once, the adherence flag is
raised at most once per program week, and each reminder is recorded (``ReminderSent``, unique
per client and date) in the same transaction as the email.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import User
from programs import services
from programs.daily import DailyBatch, StepOutcome
from programs.models import Program
from programs.policy import edit_window_days
from programs.selectors import programs_to_remind

REMINDER_SUBJECT = "Your knee exercises today"


def programs_complete(batch: DailyBatch) -> StepOutcome:
    """Mark the batch's programs past their last week as completed."""
    if batch.dry_run:
        return StepOutcome()
    completed = services.programs_complete_finished(
        today=batch.day, programs=batch.rows(Program.objects.all()), now=batch.now
    )
    return StepOutcome(counts={"completed": completed})


def adherence_check(batch: DailyBatch) -> StepOutcome:
    """Flag the batch's active programs with fewer than half of the window's sessions logged."""
    if batch.dry_run:
        return StepOutcome()
    checked, below = services.programs_adherence_check(
        today=batch.day, programs=batch.rows(Program.objects.all()), now=batch.now
    )
    return StepOutcome(counts={"checked": checked, "below": below})


def clients(day: date) -> QuerySet[User]:
    """Every client account: each has a caseload summary to keep."""
    return User.objects.filter(role=User.Role.CLIENT)


def client_summaries_refresh(batch: DailyBatch) -> StepOutcome:
    """The batch's caseload summaries for the new day (adherence window and pain trend moved
    on), and one for any client without."""
    if batch.dry_run:
        return StepOutcome()
    refreshed = services.client_summaries_refresh_stale(
        today=batch.day, clients=batch.rows(clients(batch.day)), now=batch.now
    )
    return StepOutcome(counts={"refreshed": refreshed})


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
    return EmailMessage(subject=REMINDER_SUBJECT, body=body, to=[user.email])


def reminders_send(batch: DailyBatch) -> StepOutcome:
    """Email today's reminder to the batch's clients who logged nothing for yesterday's session,
    each once (one email connection per batch)."""
    programs = programs_to_remind(batch.day, batch.rows(Program.objects.all()))
    if batch.dry_run:
        return StepOutcome(
            counts={"would_remind": len(programs)},
            lines=[
                f"would remind {program.client.username} <{program.client.email}>"
                for program in programs
            ],
        )
    sent = 0
    if programs:
        with get_connection() as connection:
            for program in programs:
                message = reminder_message(program)
                message.connection = connection
                if services.reminder_send(
                    client=program.client,
                    day=batch.day,
                    send=lambda m=message: m.send(),
                    now=batch.now,
                ):
                    sent += 1
    return StepOutcome(counts={"sent": sent})
