"""The daily job (``manage.py run_daily``): a list of steps, each run on one batch of ids at a
time, so it runs in bounded memory at any size and can be spread over several machines.

A step is declared in its app's ``AppConfig``, like the personal data, so an app higher up the
stack adds one without the job knowing it::

    class CareConfig(AppConfig):
        daily_steps = (
            DailyStep(
                "physiotherapist_digest",
                run="care.daily.digests_send",
                over="programs.daily.job.physiotherapists",
                summary="Sent {sent} digest(s) to physiotherapists.",
            ),
        )

``run`` names a function that takes a ``DailyBatch`` and returns a ``StepOutcome``; ``over`` names
a function ``(day) -> QuerySet`` whose rows are cut into batches of primary keys (the current
programs by default). Steps over the same rows run one after another on each batch, in the order
of ``INSTALLED_APPS`` and then of the declarations. The job enqueues one task per batch
(``programs.daily.job.daily_batch``); a batch may run twice (a retry, a second worker) or overlap
another, so **every step must be idempotent per day and row**: record what was done under a
unique key in the same transaction as doing it (``ReminderSent``, a flag's ``dedupe_key``).
Everything a step writes for the day carries the batch's ``now`` (``run_moment``), never the
real clock, so a missed day run later reads as that day's.

This module only declares; ``apps.py`` files import it before the models are ready.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.utils import timezone

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

CURRENT_PROGRAMS = "programs.daily.job.current_programs"


@dataclass(frozen=True)
class DailyStep:
    """One step of the daily job: ``run`` is called once per batch of ``over``'s rows."""

    name: str
    run: str
    summary: str
    over: str = CURRENT_PROGRAMS
    dry_run_summary: str = ""


def run_moment(day: date, now: datetime | None = None) -> datetime:
    """The time every row the job writes for ``day`` carries: the moment the job runs (``now``,
    the real clock by default), moved to ``day`` at the same time of day in the site's time
    zone. Run for today, that is the real moment.

    Why this moment: a flag, a resolution, a completed program, a reminder or a digest written
    for a missed day, run later with ``--date``, reads as that day's, so its age on the
    caseload, the digest's window of events and the client summary's day agree with the day
    it is about, and an event of a past day is told in the digest rather than as news by an
    immediate email. The end of the day would put today's rows in the future (after the
    digest's "now"), and its start before the day's own logs. The audit trail still records
    when each write really happened.
    """
    now = now or timezone.now()
    local = timezone.localtime(now, timezone.get_default_timezone())
    if local.date() == day:
        return now
    return timezone.make_aware(datetime.combine(day, local.time()), timezone.get_default_timezone())


@dataclass(frozen=True)
class DailyBatch:
    """The rows a step works on: primary keys from ``first_id`` to ``last_id`` (inclusive) of the
    rows its ``over`` selects, for ``day``, and the moment its writes carry (``now``, on
    ``day``: ``run_moment``). With ``dry_run`` a step changes and sends nothing and says what it
    would do in ``StepOutcome.lines``."""

    day: date
    first_id: int
    last_id: int
    dry_run: bool = False
    at: datetime | None = None

    @property
    def now(self) -> datetime:
        return self.at or run_moment(self.day)

    def rows(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(pk__gte=self.first_id, pk__lte=self.last_id)

    def contains(self, row: Model) -> bool:
        return self.first_id <= row.pk <= self.last_id


@dataclass
class StepOutcome:
    """What a step did on one batch: counts (summed over batches into its summary) and lines."""

    counts: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
