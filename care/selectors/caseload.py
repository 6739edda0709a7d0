"""The caseload: the linked clients read from their summaries (``programs.ClientSummary``),
flags first, sortable by any column, a page at a time.

The order and the filters use only the summary's columns, so a page costs the same with 10
linked clients or 1,000, and with 2 weeks of history or 12. Pages are cut by keyset (the next
page starts after the last row's sort values), so a later page never computes the rows before
it; one count query says how many clients the list has. What only the page's rows show (their
unresolved flags, unread messages, clearances recorded since the physiotherapist last opened
the client) is read for those rows alone.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import reduce
from operator import or_
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    DateField,
    DateTimeField,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim
from django.utils import timezone

from accounts.models import User
from assessments.models import Clearance
from care.access import physio_check
from programs.engine import load_rules
from programs.models import Flag, Message, Program
from programs.selectors.summaries import (
    ACKNOWLEDGED_OFFSET,
    ATTENTION_RANK,
    NO_FLAG_RANK,
    PAIN_TREND_DAYS,
    PAIN_TREND_POINTS,
    URGENCY_RANK,
)
from programs.selectors.summaries import flag_rank as summary_flag_rank

CASELOAD_PAGE_SIZE = 25
# Stand-ins for an empty sort value, so that every row has one and the keyset compares plainly.
_NEVER = date(1900, 1, 1)
_NO_FLAG_TIME = datetime(9999, 12, 31, tzinfo=UTC)
_NO_ADHERENCE = 101  # after every percentage: clients without adherence come last
_NO_PAIN = -1  # below every score: clients without pain come last when the highest is first


def flag_rank() -> Case:
    """An open flag's rank in SQL, as ``programs.selectors.summaries.flag_rank`` (the review
    lists a client's flags in this order)."""
    return Case(
        When(kind=Flag.Kind.ATTENTION, then=Value(ATTENTION_RANK)),
        *(When(urgency=urgency, then=Value(rank)) for urgency, rank in URGENCY_RANK.items()),
        default=Value(URGENCY_RANK["routine"]),
        output_field=IntegerField(),
    )


def _annotations() -> dict[str, Any]:
    return {
        "sort_rank": Coalesce(F("summary__flag_rank"), Value(NO_FLAG_RANK)),
        "sort_raised": Coalesce(
            F("summary__flag_raised_at"), Value(_NO_FLAG_TIME, output_field=DateTimeField())
        ),
        "sort_activity": Coalesce(
            F("summary__last_activity"), Value(_NEVER, output_field=DateField())
        ),
        "sort_adherence": Coalesce(
            F("summary__adherence_percent"), Value(_NO_ADHERENCE), output_field=IntegerField()
        ),
        "sort_pain": Coalesce(
            F("summary__pain_latest"), Value(_NO_PAIN), output_field=IntegerField()
        ),
        "sort_name": Lower(
            Coalesce(
                NullIf(Trim(Concat("first_name", Value(" "), "last_name")), Value("")),
                "username",
                output_field=CharField(),
            )
        ),
    }


_TYPES = {
    "sort_rank": int,
    "sort_raised": datetime,
    "sort_activity": date,
    "sort_adherence": int,
    "sort_pain": int,
    "sort_name": str,
    "pk": int,
}


@dataclass(frozen=True)
class Column:
    """A sortable column: its keys (annotation, descending?) in its natural direction, and the
    direction that natural order reads as (for ``aria-sort``)."""

    key: str
    label: str
    keys: tuple[tuple[str, bool], ...]
    reads: str  # "ascending" or "descending"


COLUMNS = {
    # Most urgent first; within a rank the flag open longest; then the latest activity.
    "flag": Column(
        "flag",
        "Flags",
        (("sort_rank", False), ("sort_raised", False), ("sort_activity", True)),
        "ascending",
    ),
    "name": Column("name", "Client", (("sort_name", False),), "ascending"),
    "activity": Column("activity", "Last log", (("sort_activity", True),), "descending"),
    # The lowest adherence first: who needs a word.
    "adherence": Column("adherence", "Adherence", (("sort_adherence", False),), "ascending"),
    # The highest latest pain first.
    "pain": Column("pain", "Pain during", (("sort_pain", True),), "descending"),
}
DEFAULT_SORT = "flag"


@dataclass(frozen=True)
class Sort:
    column: Column
    reverse: bool = False

    @classmethod
    def parse(cls, value: str | None) -> Sort:
        """``name`` or ``-name``; anything else is the default order (never an error)."""
        value = (value or "").strip()
        reverse = value.startswith("-")
        column = COLUMNS.get(value.removeprefix("-"))
        if column is None:
            return cls(COLUMNS[DEFAULT_SORT])
        return cls(column, reverse)

    @property
    def param(self) -> str:
        return f"-{self.column.key}" if self.reverse else self.column.key

    @property
    def keys(self) -> list[tuple[str, bool]]:
        """Every key with its direction, the name and the id last so that the order is total."""
        keys = list(self.column.keys)
        if self.column.key != "name":
            keys.append(("sort_name", False))
        keys.append(("pk", False))
        return [(name, descending != self.reverse) for name, descending in keys]

    def aria(self) -> str:
        if not self.reverse:
            return self.column.reads
        return "descending" if self.column.reads == "ascending" else "ascending"

    def order_by(self, *, backwards: bool = False) -> list[Any]:
        return [
            (F(name).desc() if descending != backwards else F(name).asc())
            for name, descending in self.keys
        ]


def _encode(values: Sequence[Any]) -> str:
    plain = [value.isoformat() if isinstance(value, date) else value for value in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


_LONGEST_TEXT = 300


def _decode(cursor: str, keys: list[tuple[str, bool]]) -> list[Any] | None:
    """The sort values in a page link, or ``None`` for anything that is not one of ours."""
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(raw, list) or len(raw) != len(keys):
        return None
    values: list[Any] = []
    for (name, _), value in zip(keys, raw, strict=True):
        kind = _TYPES[name]
        try:
            # Only values a database column can hold: no NUL byte (PostgreSQL refuses it in
            # text), no integer beyond 64 bits, no string longer than a name.
            if kind is int and isinstance(value, int) and not isinstance(value, bool):
                if not -(2**63) <= value < 2**63:
                    return None
                values.append(value)
            elif kind is str and isinstance(value, str):
                if "\x00" in value or len(value) > _LONGEST_TEXT:
                    return None
                values.append(value)
            elif kind is datetime and isinstance(value, str):
                moment = datetime.fromisoformat(value)
                if timezone.is_naive(moment):
                    return None
                values.append(moment)
            elif kind is date and isinstance(value, str):
                values.append(date.fromisoformat(value))
            else:
                return None
        except ValueError:
            return None
    return values


def _after(keys: list[tuple[str, bool]], values: list[Any], *, backwards: bool) -> Q:
    """Rows after ``values`` in the order of ``keys`` (before them with ``backwards``)."""
    alternatives = []
    for index, (name, descending) in enumerate(keys):
        equal = {keys[j][0]: values[j] for j in range(index)}
        lookup = "lt" if descending != backwards else "gt"
        alternatives.append(Q(**equal, **{f"{name}__{lookup}": values[index]}))
    return reduce(or_, alternatives)


def caseload_clients(
    physio: User,
    *,
    search: str = "",
    open_flags_only: bool = False,
    adherence_below: int | None = None,
    paused_only: bool = False,
) -> QuerySet[User]:
    """The physiotherapist's linked clients with the filters applied, unordered."""
    physio_check(physio)
    clients = User.objects.filter(
        role=User.Role.CLIENT,
        care_links__physiotherapist=physio,
        care_links__ended_at__isnull=True,
    )
    for term in search.split():
        clients = clients.filter(
            Q(username__icontains=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
        )
    if open_flags_only:
        clients = clients.filter(summary__flag_rank__lt=ACKNOWLEDGED_OFFSET)
    if adherence_below is not None:
        clients = clients.filter(summary__adherence_percent__lt=adherence_below)
    if paused_only:
        clients = clients.filter(summary__program_status=Program.Status.PAUSED)
    return clients


@dataclass(frozen=True)
class RowClient:
    """Who a row is about: plain values read with the page (no model instance per row)."""

    pk: int
    username: str
    display_name: str


@dataclass(frozen=True)
class RowFlag:
    """An unresolved flag as a row shows it; the attribute names are the model's, so the flag
    template tags read it like a ``Flag``."""

    pk: int
    kind: str
    urgency: str
    destination: str
    status: str
    rule: str
    source: str
    created_at: datetime


@dataclass(frozen=True)
class RowClearance:
    pk: int
    clinician_name: str
    clinician_role: str
    created_at: datetime

    def get_clinician_role_display(self) -> str:
        return str(Clearance.Role(self.clinician_role).label)


@dataclass
class CaseloadRow:
    """Everything one row shows, as plain values: equal rows render the same HTML, so a row is
    rendered once per change of these values (``care.views.caseload``)."""

    client: RowClient
    week: int | None
    weeks: int | None
    paused: bool
    scheduled: int
    logged: int
    adherence_percent: int | None
    last_log: date | None
    flags: list[RowFlag]
    pain: list[int] = field(default_factory=list)
    unread: int = 0
    new_clearances: list[RowClearance] = field(default_factory=list)

    @property
    def open_flags(self) -> list[RowFlag]:
        return [flag for flag in self.flags if flag.status == Flag.Status.OPEN]

    @property
    def top_flag(self) -> RowFlag | None:
        return self.flags[0] if self.flags else None

    @property
    def emphasis(self) -> str:
        """How the row stands out: an open same-day referral most, any open flag, an
        acknowledged one still waiting, or not at all."""
        top = self.top_flag
        if top is None:
            return ""
        if top.status == Flag.Status.ACKNOWLEDGED:
            return "acknowledged"
        if top.kind == Flag.Kind.REFERRAL and top.urgency == "same_day":
            return "urgent"
        return "open"

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


@dataclass
class CaseloadPage:
    rows: list[CaseloadRow]
    count: int
    sort: Sort
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool


# What the page query reads of each client and their summary: values, not model instances.
_PAGE_VALUES = (
    "pk",
    "username",
    "first_name",
    "last_name",
    "summary__client_id",
    "summary__program_start",
    "summary__program_weeks",
    "summary__program_status",
    "summary__adherence_scheduled",
    "summary__adherence_logged",
    "summary__adherence_percent",
    "summary__last_activity",
    "summary__pain_trend",
)
_FLAG_VALUES = ("pk", "kind", "urgency", "destination", "status", "rule", "source", "created_at")


def caseload_page(
    physio: User,
    clients: QuerySet[User],
    *,
    sort: Sort,
    after: str | None = None,
    before: str | None = None,
    today: date | None = None,
    size: int = CASELOAD_PAGE_SIZE,
) -> CaseloadPage:
    """One page of ``clients`` (from :func:`caseload_clients`) in ``sort`` order.

    ``after`` and ``before`` are the page links' cursors; one that does not decode is ignored
    (the first page). Queries: one count, one page, one for the page's flags, then the extras.
    """
    today = today or timezone.localdate()
    keys = sort.keys
    ordered = clients.annotate(**_annotations(), **_page_extras(physio, clients))
    backwards = False
    values = None
    if before:
        values = _decode(before, keys)
        backwards = values is not None
    if values is None and after:
        values = _decode(after, keys)
    if values is not None:
        ordered = ordered.filter(_after(keys, values, backwards=backwards))
    fetched = list(
        ordered.order_by(*sort.order_by(backwards=backwards)).values(
            *_PAGE_VALUES, *_EXTRAS, *(name for name, _ in keys if name != "pk")
        )[: size + 1]
    )
    more = len(fetched) > size
    fetched = fetched[:size]
    count = fetched[0]["total"] if fetched else clients.count()
    if backwards:
        fetched.reverse()
    if values is None:
        has_previous, has_next = False, more
    elif backwards:
        has_previous, has_next = more, True
    else:
        has_previous, has_next = True, more

    def cursor(client: dict[str, Any]) -> str:
        return _encode([client[name] for name, _ in keys])

    rows = caseload_rows(physio, fetched, today=today)
    return CaseloadPage(
        rows=rows,
        count=count,
        sort=sort,
        next_cursor=cursor(fetched[-1]) if has_next and fetched else None,
        previous_cursor=cursor(fetched[0]) if has_previous and fetched else None,
        is_first=not has_previous,
    )


_EXTRAS = ("total", "unread", "has_clearances")


def _page_extras(physio: User, clients: QuerySet[User]) -> dict[str, Any]:
    """What the page query also reads, so that the page costs one round trip for the rows:
    how many clients the list has (a subquery run once), each row's unread messages from its
    client and whether the client ever recorded a clearance (the details are read only then).
    """
    total = clients.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    unread = (
        Message.objects.filter(
            physiotherapist=physio,
            client_id=OuterRef("pk"),
            sender=Message.Sender.CLIENT,
            read_at__isnull=True,
        )
        .order_by()
        .annotate(n=Func(F("pk"), function="COUNT"))
        .values("n")
    )
    return {
        "total": Subquery(total[:1], output_field=IntegerField()),
        "unread": Subquery(unread[:1], output_field=IntegerField()),
        "has_clearances": Exists(Clearance.objects.filter(client_id=OuterRef("pk"))),
    }


def _unresolved_flags(client_ids: list[int]) -> dict[int, list[RowFlag]]:
    """Each client's unresolved flags, in the order the review lists them (most urgent, then
    oldest first): one query."""
    flags: dict[int, list[RowFlag]] = {client_id: [] for client_id in client_ids}
    unresolved = (
        Flag.objects.filter(client_id__in=client_ids)
        .exclude(status=Flag.Status.RESOLVED)
        .order_by("created_at", "pk")
        .values_list("client_id", *_FLAG_VALUES)
    )
    for client_id, *values in unresolved:
        flags[client_id].append(RowFlag(*values))
    for items in flags.values():
        items.sort(key=lambda flag: (summary_flag_rank(flag), flag.created_at))
    return flags


def _row(client: dict[str, Any], flags: list[RowFlag], today: date) -> CaseloadRow:
    full_name = f"{client['first_name']} {client['last_name']}".strip()
    person = RowClient(client["pk"], client["username"], full_name or client["username"])
    if client["summary__client_id"] is None:
        return CaseloadRow(person, None, None, False, 0, 0, None, None, flags)
    start, weeks = client["summary__program_start"], client["summary__program_weeks"]
    week = None
    if start is not None and weeks:
        week = min(max((today - start).days // 7 + 1, 1), weeks)
    return CaseloadRow(
        client=person,
        week=week,
        weeks=weeks,
        paused=client["summary__program_status"] == Program.Status.PAUSED,
        scheduled=client["summary__adherence_scheduled"],
        logged=client["summary__adherence_logged"],
        adherence_percent=client["summary__adherence_percent"],
        last_log=client["summary__last_activity"],
        flags=flags,
        pain=list(client["summary__pain_trend"] or []),
    )


def caseload_rows(physio: User, clients: list[dict[str, Any]], *, today: date) -> list[CaseloadRow]:
    """The page's rows with what is read for them alone: their unresolved flags (one query)
    and, for clients who recorded a clearance, the ones recorded since the physiotherapist
    last opened the client (two)."""
    ids = [client["pk"] for client in clients]
    if not ids:
        return []
    flags = _unresolved_flags(ids)
    rows = [_row(client, flags[client["pk"]], today) for client in clients]
    clearances = new_clearances(physio, [c["pk"] for c in clients if c["has_clearances"]])
    for client, row in zip(clients, rows, strict=True):
        row.unread = client["unread"] or 0
        row.new_clearances = clearances.get(row.client.pk, [])
    return rows


def new_clearances(physio: User, client_ids: list[int]) -> dict[int, list[RowClearance]]:
    """Clearances the clients recorded since ``physio`` last opened their review (the access
    audit records each opening), by client; every one when it was never opened."""
    if not client_ids:
        return {}
    recorded = list(
        Clearance.objects.filter(client_id__in=client_ids)
        .order_by("created_at", "pk")
        .values_list("client_id", "pk", "clinician_name", "clinician_role", "created_at")
    )
    if not recorded:
        return {}
    looked = dict(
        LogEntry.objects.filter(
            action=LogEntry.Action.ACCESS,
            actor=physio,
            content_type=ContentType.objects.get_for_model(User),
            object_id__in={client_id for client_id, *_ in recorded},
        )
        .values("object_id")
        .annotate(last=Max("timestamp"))
        .values_list("object_id", "last")
    )
    result: dict[int, list[RowClearance]] = {}
    for client_id, *values in recorded:
        clearance = RowClearance(*values)
        last = looked.get(client_id)
        if last is None or clearance.created_at > last:
            result.setdefault(client_id, []).append(clearance)
    return result


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 96, 24, 3


def _pain_y(value: int) -> float:
    """Pain 0 at the bottom, 10 at the top."""
    return round(SPARK_PAD + (SPARK_HEIGHT - 2 * SPARK_PAD) * (1 - value / 10), 1)


def sparkline_coords(values: Sequence[int]) -> list[tuple[float, float]]:
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)
    x0 = SPARK_PAD if len(values) > 1 else SPARK_WIDTH / 2
    return [(round(x0 + index * step, 1), _pain_y(value)) for index, value in enumerate(values)]


__all__ = [
    "CASELOAD_PAGE_SIZE",
    "COLUMNS",
    "PAIN_TREND_DAYS",
    "PAIN_TREND_POINTS",
    "CaseloadPage",
    "CaseloadRow",
    "RowClearance",
    "RowClient",
    "RowFlag",
    "Sort",
    "caseload_clients",
    "caseload_page",
    "flag_rank",
    "new_clearances",
    "sparkline_coords",
]
