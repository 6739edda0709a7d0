"""Who gets a reminder email today (the daily job sends them)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import User
from programs.models import ExerciseLog, Program, ReminderSent, ScheduledSession, done_logs


def programs_to_remind(day: date, programs: QuerySet[Program] | None = None) -> list[Program]:
    """Active programs (of ``programs``, all by default) whose client should get a reminder on
    ``day``; one query.

    All of: the program is active (not paused: a paused program waits for a clinician); the
    client is an active client account with an email address and reminders switched on; there is
    a session on ``day``; there was a session the day before and nothing was logged for it; no
    reminder was sent to the client for ``day`` yet. Each program carries ``strength_today``.
    """
    yesterday = day - timedelta(days=1)
    session_today = ScheduledSession.objects.filter(program=OuterRef("pk"), date=day)
    session_yesterday = ScheduledSession.objects.filter(program=OuterRef("pk"), date=yesterday)
    # An exercise logged with 0 sets (or 0 reps) is not done (spec section 6).
    logged_yesterday = ExerciseLog.objects.filter(
        done_logs(), session__program=OuterRef("pk"), session__date=yesterday
    )
    reminded = ReminderSent.objects.filter(client=OuterRef("client"), date=day)
    return list(
        (Program.objects.all() if programs is None else programs)
        .filter(
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
        .annotate(strength_today=Exists(session_today.filter(is_strength_day=True)))
        .order_by("client_id")
    )
