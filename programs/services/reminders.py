"""Reminder emails, sent at most once per client and day (see ``manage.py run_daily``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from programs.models import ReminderSent


@transaction.atomic
def reminder_send(
    *, client: User, day: date, send: Callable[[], object], now: datetime | None = None
) -> bool:
    """Send one reminder to ``client`` for ``day`` unless one was already sent.

    The record and the send share one transaction: the unique (client, date) row is written
    first, so a second run, or a second server running at the same moment, finds it (or waits
    for it) and sends nothing; if sending fails, the row is rolled back and a later run retries.
    Returns whether the reminder was sent by this call. The row says it was sent ``now`` (the
    daily job's moment on ``day``; the real clock by default).
    """
    try:
        with transaction.atomic():
            ReminderSent.objects.create(client=client, date=day, sent_at=now or timezone.now())
    except IntegrityError:
        return False
    send()
    return True
