"""The caseload: linked clients with flags first, adherence, the pain trend and the last log."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from care.access import clients_of
from programs.engine import load_rules
from programs.models import (
    CURRENT_STATUSES,
    ExerciseLog,
    Flag,
    Program,
    ScheduledSession,
    done_logs,
)
from programs.policy import adherence_window

PAIN_TREND_DAYS = 28
PAIN_TREND_POINTS = 10
CASELOAD_PAGE_SIZE = 25
# Caseload order: the most urgent open flag first; attention flags (adherence) are for the
# physiotherapist only and come after every referral; clients without open flags last.
URGENCY_RANK = {"same_day": 0, "within_2_weeks": 1, "routine": 2}
ATTENTION_RANK = 3
NO_FLAG_RANK = 4


def flag_rank() -> Case:
    return Case(
        When(kind=Flag.Kind.ATTENTION, then=Value(ATTENTION_RANK)),
        *(When(urgency=urgency, then=Value(rank)) for urgency, rank in URGENCY_RANK.items()),
        default=Value(URGENCY_RANK["routine"]),
        output_field=IntegerField(),
    )


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT subquery (0 when nothing matches)."""
    counted = queryset.order_by().values("program__client").annotate(n=Count("pk", distinct=True))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), Value(0))


def caseload_for(
    physio: User,
    *,
    today: date | None = None,
    search: str = "",
    open_flags_only: bool = False,
    adherence_below: int | None = None,
    paused_only: bool = False,
) -> QuerySet[User]:
    """Linked clients with what the caseload shows, in a fixed number of queries.

    Annotations: ``program_id``, ``program_status``, ``program_start``, ``program_weeks``,
    ``scheduled_recent`` and ``logged_recent`` (sessions of the adherence window, the same as
    the adherence flag's, and those with at least one exercise logged), ``flag_rank`` and
    ``last_log``. Unresolved flags are prefetched into ``unresolved_flags`` (most urgent first).
    """
    today = today or timezone.localdate()
    first, last = adherence_window(today)
    programs = Program.objects.current().filter(client=OuterRef("pk")).order_by("-created_at")
    window = ScheduledSession.objects.filter(
        program__client=OuterRef("pk"),
        program__status__in=CURRENT_STATUSES,
        date__gte=first,
        date__lte=last,
    )
    open_rank = (
        Flag.objects.filter(client=OuterRef("pk"), status=Flag.Status.OPEN)
        .annotate(rank=flag_rank())
        .order_by("rank")
        .values("rank")[:1]
    )
    last_log = (
        ExerciseLog.objects.filter(done_logs(), session__program__client=OuterRef("pk"))
        .order_by("-session__date")
        .values("session__date")[:1]
    )
    unresolved = Flag.objects.exclude(status=Flag.Status.RESOLVED).annotate(rank=flag_rank())
    clients = (
        clients_of(physio)
        .annotate(
            program_id=Subquery(programs.values("pk")[:1]),
            program_status=Subquery(programs.values("status")[:1]),
            program_start=Subquery(programs.values("start_date")[:1]),
            program_weeks=Subquery(programs.values("weeks")[:1]),
            scheduled_recent=_count(window),
            logged_recent=_count(window.filter(done_logs("exercise_logs__"))),
            flag_rank=Coalesce(
                Subquery(open_rank, output_field=IntegerField()), Value(NO_FLAG_RANK)
            ),
            last_log=Subquery(last_log),
        )
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=unresolved.order_by("status", "rank", "-created_at"),
                to_attr="unresolved_flags",
            )
        )
    )
    for term in search.split():
        clients = clients.filter(
            Q(username__icontains=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
        )
    if open_flags_only:
        clients = clients.filter(flag_rank__lt=NO_FLAG_RANK)
    if adherence_below is not None:
        clients = clients.filter(
            scheduled_recent__gt=0,
            logged_recent__lt=F("scheduled_recent") * adherence_below / 100.0,
        )
    if paused_only:
        clients = clients.filter(program_status=Program.Status.PAUSED)
    return clients.order_by(
        "flag_rank", F("last_log").desc(nulls_last=True), "first_name", "last_name", "username"
    )


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 96, 24, 3


def _pain_y(value: int) -> float:
    """Pain 0 at the bottom, 10 at the top."""
    return round(SPARK_PAD + (SPARK_HEIGHT - 2 * SPARK_PAD) * (1 - value / 10), 1)


def sparkline_coords(values: Sequence[int]) -> list[tuple[float, float]]:
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)
    x0 = SPARK_PAD if len(values) > 1 else SPARK_WIDTH / 2
    return [(round(x0 + index * step, 1), _pain_y(value)) for index, value in enumerate(values)]


@dataclass
class CaseloadRow:
    client: User
    week: int | None
    paused: bool
    scheduled: int
    logged: int
    last_log: date | None
    flags: list[Flag]
    pain: list[int] = field(default_factory=list)

    @property
    def adherence_percent(self) -> int | None:
        return round(100 * self.logged / self.scheduled) if self.scheduled else None

    @property
    def open_flags(self) -> list[Flag]:
        return [flag for flag in self.flags if flag.status == Flag.Status.OPEN]

    @property
    def spark(self) -> dict | None:
        """Coordinates of the inline SVG sparkline (drawn on the server, no script).

        The dashed reference line is the highest pain the rules accept during an exercise (below
        the regression threshold); the last point is marked when it reaches that threshold.
        """
        if not self.pain:
            return None
        coords = sparkline_coords(self.pain)
        last_x, last_y = coords[-1]
        regress_from = load_rules().thresholds.regress_pain_during_from
        return {
            "points": " ".join(f"{x},{y}" for x, y in coords),
            "last_x": last_x,
            "last_y": last_y,
            "ref_y": _pain_y(regress_from - 1),
            "last_high": self.pain[-1] >= regress_from,
        }


def caseload_rows(clients: Iterable[User], *, today: date | None = None) -> list[CaseloadRow]:
    """Rows for one page of :func:`caseload_for`, with the pain trend (one more query)."""
    today = today or timezone.localdate()
    clients = list(clients)
    pain: dict[int, list[int]] = defaultdict(list)
    if clients:
        rows = (
            ExerciseLog.objects.filter(
                session__program__client__in=[client.pk for client in clients],
                session__date__gte=today - timedelta(days=PAIN_TREND_DAYS - 1),
                session__date__lte=today,
            )
            .values("session__program__client", "session__date")
            .annotate(highest=Max("pain_during"))
            .order_by("session__program__client", "session__date")
        )
        for row in rows:
            pain[row["session__program__client"]].append(row["highest"])
    result = []
    for client in clients:
        week = None
        if client.program_start is not None:
            week = min(max((today - client.program_start).days // 7 + 1, 1), client.program_weeks)
        result.append(
            CaseloadRow(
                client=client,
                week=week,
                paused=client.program_status == Program.Status.PAUSED,
                scheduled=client.scheduled_recent,
                logged=client.logged_recent,
                last_log=client.last_log,
                flags=list(client.unresolved_flags),
                pain=pain.get(client.pk, [])[-PAIN_TREND_POINTS:],
            )
        )
    return result
