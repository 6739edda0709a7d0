"""The end of a program: completed once its last scheduled day (the end of week 12) is past.

Run by the daily job (``manage.py run_daily``) for every program, never by opening a page.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from programs import scheduling
from programs.models import Program
from programs.services.summaries import client_summary_refresh


def program_complete_if_finished(
    *, program: Program, today: date, now: datetime | None = None
) -> bool:
    """Mark an active program completed once its last scheduled day is past.

    Idempotent. A paused program stays paused: it waits for a clinician, and completing it would
    read as "well done" to someone with a warning sign. Once resumed after its end it completes
    on the next daily run. Returns whether this call completed it. It ends ``now`` (the daily
    job's moment on ``today``; the real clock by default).
    """
    if today <= scheduling.program_end(program.start_date, program.weeks):
        return False  # the common case: no transaction, no query
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        if locked.status != Program.Status.ACTIVE:
            return False
        if today <= scheduling.program_end(locked.start_date, locked.weeks):
            return False
        locked.status = Program.Status.COMPLETED
        locked.ended_at = now or timezone.now()
        locked.save(update_fields=["status", "ended_at"])
        program.status, program.ended_at = locked.status, locked.ended_at
        client_summary_refresh(client_id=program.client_id, today=today, now=now)
        return True


def programs_complete_finished(
    *, today: date, programs: QuerySet[Program] | None = None, now: datetime | None = None
) -> int:
    """Complete every active program (of ``programs``, all by default) whose last day is past;
    how many were completed.

    One query reads the candidates; only those past their end take a transaction each, so one
    failure never holds back the rest.
    """
    candidates = (Program.objects.all() if programs is None else programs).filter(
        status=Program.Status.ACTIVE, start_date__lt=today - timedelta(days=6)
    )
    return sum(
        program_complete_if_finished(program=program, today=today, now=now)
        for program in candidates.only("pk", "start_date", "weeks", "status")
    )
