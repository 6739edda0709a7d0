"""Running the daily job: the declared steps, the batches of ids, one task per batch.

``run_daily`` cuts the rows of each step's ``over`` into batches of ``batch_size`` primary keys
(keyset pagination: one short query per batch, never the whole table in memory) and enqueues
``daily_batch`` for each. With the default task backend (django-tasks' ``ImmediateBackend``) the
batches run at once, in this process, one after another, and the command prints the summary;
with the database backend (``VALGUS_TASK_BACKEND=database``) they wait in the database for
``manage.py db_worker`` on any number of machines. Every step is idempotent per day and row, so
a batch that runs twice, or two overlapping batches, change and send nothing twice.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import QuerySet
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task

from accounts.models import User
from programs.daily import DailyBatch, DailyStep, StepOutcome, run_moment
from programs.models import CURRENT_STATUSES, Program

# --- what the steps walk over ---------------------------------------------------------------


def current_programs(day: date) -> QuerySet[Program]:
    """Active and paused programs: each step filters further (a paused one gets no reminder)."""
    return Program.objects.filter(status__in=CURRENT_STATUSES)


def physiotherapists(day: date) -> QuerySet[User]:
    """Active physiotherapist accounts (for a step that writes to each physiotherapist)."""
    return User.objects.filter(role=User.Role.PHYSIOTHERAPIST, is_active=True)


# --- the declared steps ---------------------------------------------------------------------


def daily_steps() -> list[DailyStep]:
    """Every app's ``daily_steps``, in the order of ``INSTALLED_APPS``."""
    steps = [
        step for config in apps.get_app_configs() for step in getattr(config, "daily_steps", ())
    ]
    names = [step.name for step in steps]
    duplicated = {name for name in names if names.count(name) > 1}
    if duplicated:
        raise ValueError(f"Daily steps declared twice: {', '.join(sorted(duplicated))}")
    return steps


def steps_by_rows() -> dict[str, list[DailyStep]]:
    """The steps grouped by what they walk over, each group in declaration order."""
    groups: dict[str, list[DailyStep]] = {}
    for step in daily_steps():
        groups.setdefault(step.over, []).append(step)
    return groups


def id_batches(queryset: QuerySet[Any], size: int) -> Iterator[tuple[int, int]]:
    """(first, last) primary keys of successive batches of at most ``size`` rows, by keyset:
    each batch is one indexed query that reads ``size`` ids, whatever the table's size."""
    ids = queryset.order_by("pk").values_list("pk", flat=True)
    last: int | None = None
    while True:
        page = list((ids if last is None else ids.filter(pk__gt=last))[:size])
        if not page:
            return
        yield page[0], page[-1]
        last = page[-1]


# --- one batch --------------------------------------------------------------------------------


@task()
def daily_batch(
    *,
    day: str,
    first_id: int,
    last_id: int,
    steps: list[str],
    dry_run: bool = False,
    at: str | None = None,
) -> dict[str, dict[str, Any]]:
    """Run ``steps`` (names, in order) on the rows ``first_id``..``last_id`` for ``day``, their
    writes stamped ``at`` (the job's moment on ``day``, ``run_moment``; every batch of a run
    shares it, on whichever machine and whenever it runs).

    Arguments and result are plain JSON, as a task queue stores them. Idempotent: every step
    records what it did under a unique key, so running a batch again changes nothing.
    """
    declared = {step.name: step for step in daily_steps()}
    batch = DailyBatch(
        day=date.fromisoformat(day),
        first_id=first_id,
        last_id=last_id,
        dry_run=dry_run,
        at=datetime.fromisoformat(at) if at else None,
    )
    outcomes = {}
    for name in steps:
        began = time.perf_counter()
        outcome: StepOutcome = import_string(declared[name].run)(batch)
        outcomes[name] = {**asdict(outcome), "seconds": time.perf_counter() - began}
    return outcomes


# --- the whole job ----------------------------------------------------------------------------


@dataclass
class DailyReport:
    """What the command prints: per step, counts summed over the batches run here, and lines."""

    batches: int = 0
    enqueued: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def add(self, outcomes: dict[str, dict[str, Any]]) -> None:
        for name, outcome in outcomes.items():
            counts = self.counts.setdefault(name, {})
            for key, value in outcome["counts"].items():
                counts[key] = counts.get(key, 0) + value
            self.lines.extend(outcome["lines"])
            self.seconds[name] = self.seconds.get(name, 0.0) + outcome.get("seconds", 0.0)

    def summaries(self, day: date, *, dry_run: bool) -> list[str]:
        result = []
        for step in daily_steps():
            text = step.dry_run_summary if dry_run else step.summary
            if text:
                line = text.format_map(_Counts(self.counts.get(step.name, {}), day))
                if not dry_run and step.name in self.seconds:
                    line += f" ({self.seconds[step.name]:.1f} s)"
                result.append(line)
        return result


class _Counts(dict):
    """Format values: a step's counts, 0 for a count no batch reported, and ``day``."""

    def __init__(self, counts: dict[str, int], day: date) -> None:
        super().__init__(counts, day=day.isoformat())

    def __missing__(self, key: str) -> int:
        return 0


def batch_size() -> int:
    return settings.VALGUS_DAILY_BATCH_SIZE


def run_daily(day: date, *, size: int | None = None, dry_run: bool = False) -> DailyReport:
    """Enqueue (or, dry, run here) one ``daily_batch`` per batch of each group of steps.

    A batch that fails does not stop the others; its error is in ``failures`` (the command
    reports it and exits with an error, and the next run retries: every step is idempotent).
    """
    report = DailyReport()
    size = size or batch_size()
    at = run_moment(day).isoformat()
    for over, steps in steps_by_rows().items():
        names = [step.name for step in steps]
        for first_id, last_id in id_batches(import_string(over)(day), size):
            report.batches += 1
            arguments = {
                "day": day.isoformat(),
                "first_id": first_id,
                "last_id": last_id,
                "at": at,
            }
            if dry_run:
                report.add(daily_batch.call(**arguments, steps=names, dry_run=True))
                continue
            result = daily_batch.enqueue(**arguments, steps=names)
            if result.status == TaskResultStatus.SUCCESSFUL:
                report.add(result.return_value or {})
            elif result.status == TaskResultStatus.FAILED:
                error = result.errors[-1]
                report.failures.append(
                    f"batch {first_id}-{last_id} ({', '.join(names)}) failed: "
                    f"{error.exception_class_path}\n{error.traceback}"
                )
            else:
                report.enqueued += 1
    return report
