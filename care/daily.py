"""The physiotherapists' daily digest, a step of the daily job (``manage.py run_daily``; declared
in ``CareConfig.daily_steps``). Each physiotherapist of the batch gets one email a day at most
(``DigestSent``), so a re-run, a retried batch or two servers send nothing twice."""

from __future__ import annotations

from django.core.mail import get_connection

from care.selectors.notifications import events_for_digest
from care.services.notifications import digest_send
from programs.daily import DailyBatch, StepOutcome
from programs.daily.job import physiotherapists


def digests_send(batch: DailyBatch) -> StepOutcome:
    physios = list(batch.rows(physiotherapists(batch.day)).order_by("pk"))
    if batch.dry_run:
        waiting = [p for p in physios if p.email and events_for_digest(p, now=batch.now).exists()]
        return StepOutcome(
            counts={"would_digest": len(waiting)},
            lines=[f"would send a digest to {p.username} <{p.email}>" for p in waiting],
        )
    sent = 0
    with get_connection() as connection:
        for physio in physios:
            if digest_send(physio=physio, day=batch.day, connection=connection, now=batch.now):
                sent += 1
    return StepOutcome(counts={"sent": sent})
