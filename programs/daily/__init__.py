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

This module only declares; ``apps.py`` files import it before the models are ready.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

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


@dataclass(frozen=True)
class DailyBatch:
    """The rows a step works on: primary keys from ``first_id`` to ``last_id`` (inclusive) of the
    rows its ``over`` selects, for ``day``. With ``dry_run`` a step changes and sends nothing and
    says what it would do in ``StepOutcome.lines``."""

    day: date
    first_id: int
    last_id: int
    dry_run: bool = False

    def rows(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(pk__gte=self.first_id, pk__lte=self.last_id)

    def contains(self, row: Model) -> bool:
        return self.first_id <= row.pk <= self.last_id


@dataclass
class StepOutcome:
    """What a step did on one batch: counts (summed over batches into its summary) and lines."""

    counts: dict[str, int] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
