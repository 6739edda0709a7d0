"""The caseload: the linked clients read from their summaries (``programs.ClientSummary``),
flags first, sortable by any column, a page at a time.

The list is read from the physiotherapist's caseload entries (``programs.CaseloadEntry``, one
per active care link), which keep every sort value as a plain column next to the
physiotherapist, with an index for each order: a page reads its rows from the index in order
and stops after them, so it costs the same with 10 linked clients or 1,000, and with 2 weeks of
history or 12. Pages are cut by keyset (the next page starts after the last row's sort values),
so a later page never reads the rows before it. A page is one statement: the rows with their
summaries (which keep each client's unresolved flags), how many clients the list has (counted
on the entries' index), each row's unread messages and whether its client ever recorded a
clearance; the clearances recorded since the physiotherapist last opened the client are read
only for rows that have some.

The statement is written in SQL rather than built by the ORM on every view: building the
annotated queryset cost as much as running it. It depends only on which filters apply, the
sort and whether a cursor is given, so each such shape is written once per process and the
values go as parameters (``tests/physio/test_caseload_explain.py`` checks its plans on
PostgreSQL).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache, cached_property
from typing import Any, NamedTuple

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Case, IntegerField, Max, Value, When
from django.utils import timezone

from accounts.models import User
from assessments.models import Clearance
from care.access import physio_check
from care.models import CareLink
from programs.engine import load_rules
from programs.models import CaseloadEntry, ClientSummary, Flag, Message, Program
from programs.scheduling import week_number
from programs.selectors.summaries import (
    ACKNOWLEDGED_OFFSET,
    ATTENTION_RANK,
    PAIN_TREND_DAYS,
    PAIN_TREND_POINTS,
    URGENCY_RANK,
)

CASELOAD_PAGE_SIZE = 25


def flag_rank() -> Case:
    """An open flag's rank in SQL, as ``programs.selectors.summaries.flag_rank`` (the review
    lists a client's flags in this order)."""
    return Case(
        When(kind=Flag.Kind.ATTENTION, then=Value(ATTENTION_RANK)),
        *(When(urgency=urgency, then=Value(rank)) for urgency, rank in URGENCY_RANK.items()),
        default=Value(URGENCY_RANK["routine"]),
        output_field=IntegerField(),
    )


# Each sort key: a column of the caseload entry (``e``), the stand-ins of
# ``programs.selectors.summaries`` stored for an empty value.
_KEY_SQL = {
    "sort_rank": "e.sort_rank",
    "sort_raised": "e.sort_raised",
    "sort_activity": "e.sort_activity",
    "sort_adherence": "e.sort_adherence",
    "sort_pain": "e.sort_pain",
    "sort_name": "e.sort_name",
    "pk": "e.client_id",
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

    def order_sql(self, *, backwards: bool = False) -> str:
        """ORDER BY over the listed rows' sort values (``sort0`` and on, as ``keys``)."""
        return ", ".join(
            f"sort{index} {'DESC' if descending != backwards else 'ASC'}"
            for index, (_, descending) in enumerate(self.keys)
        )


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


def _after_sql(keys: list[tuple[str, bool]], *, backwards: bool) -> str:
    """Rows after the cursor's values (``%(key0)s`` and on) in the order of ``keys`` (before
    them with ``backwards``), compared with the entries' columns. The first key's bound is
    repeated on its own, so that the index scan starts at the cursor."""
    alternatives = []
    for index, (name, descending) in enumerate(keys):
        terms = [f"{_KEY_SQL[keys[j][0]]} = %(key{j})s" for j in range(index)]
        terms.append(f"{_KEY_SQL[name]} {'<' if descending != backwards else '>'} %(key{index})s")
        alternatives.append("(" + " AND ".join(terms) + ")")
    first, descending = keys[0]
    start = f"{_KEY_SQL[first]} {'<=' if descending != backwards else '>='} %(key0)s"
    return f"{start} AND (" + " OR ".join(alternatives) + ")"


_USERS = User._meta.db_table
_ENTRIES = CaseloadEntry._meta.db_table
_SUMMARIES = ClientSummary._meta.db_table
_MESSAGES = Message._meta.db_table
_CLEARANCES = Clearance._meta.db_table
_LINKS = CareLink._meta.db_table


@dataclass(frozen=True)
class CaseloadClients:
    """The physiotherapist's linked clients with the filters applied, unordered: what
    :func:`caseload_page` cuts a page of. Its SQL depends only on which filters apply (its
    ``shape``), so each shape's statement is written once per process; the values go as
    parameters."""

    physio_id: int
    terms: tuple[str, ...] = ()
    open_flags_only: bool = False
    adherence_below: int | None = None
    paused_only: bool = False

    @property
    def shape(self) -> tuple[int, bool, bool, bool]:
        return (
            len(self.terms),
            self.open_flags_only,
            self.adherence_below is not None,
            self.paused_only,
        )

    def params(self) -> dict[str, Any]:
        ops = connection.ops
        params: dict[str, Any] = {
            "physio": self.physio_id,
            "paused": Program.Status.PAUSED.value,
            "from_client": Message.Sender.CLIENT.value,
            "adherence_below": self.adherence_below,
        }
        for index, term in enumerate(self.terms):
            params[f"term{index}"] = f"%{ops.prep_for_like_query(term)}%"
        return params

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) {_clients_sql(self.shape)}", self.params())
            return cursor.fetchone()[0]


@cache
def _clients_sql(shape: tuple[int, bool, bool, bool]) -> str:
    """FROM and WHERE of the clients of a shape: the physiotherapist's caseload entry ``e``
    (one per active care link, whose client is a client: only clients accept an invitation),
    the client ``u`` when searched by name and their summary ``s`` when filtered by it."""
    terms, open_flags_only, adherence_below, paused_only = shape
    sql = [f"FROM {_ENTRIES} e"]
    if terms:
        sql.append(f"JOIN {_USERS} u ON u.id = e.client_id")
    if adherence_below or paused_only:
        sql.append(f"JOIN {_SUMMARIES} s ON s.client_id = e.client_id")
    sql.append("WHERE e.physio_id = %(physio)s")
    for index in range(terms):
        # As Django's ``icontains``: a case-insensitive LIKE, the term's own % and _ escaped.
        matches = [
            f"UPPER(u.{column}) LIKE UPPER(%(term{index})s) ESCAPE '\\'"
            for column in ("username", "first_name", "last_name")
        ]
        sql.append("AND (" + " OR ".join(matches) + ")")
    if open_flags_only:
        sql.append(f"AND e.sort_rank < {ACKNOWLEDGED_OFFSET}")
    if adherence_below:
        sql.append("AND s.adherence_percent < %(adherence_below)s")
    if paused_only:
        sql.append("AND s.program_status = %(paused)s")
    return " ".join(sql)


def caseload_clients(
    physio: User,
    *,
    search: str = "",
    open_flags_only: bool = False,
    adherence_below: int | None = None,
    paused_only: bool = False,
) -> CaseloadClients:
    """The physiotherapist's linked clients with the filters applied, unordered."""
    physio_check(physio)
    return CaseloadClients(
        physio_id=physio.pk,
        terms=tuple(search.split()),
        open_flags_only=open_flags_only,
        adherence_below=adherence_below,
        paused_only=paused_only,
    )


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
    """A page of the caseload. Its rows are built from the values read (``shown``) only when
    something asks for them: the rows' HTML is kept under a digest of ``shown``
    (``care.views.caseload``), so a page whose rows did not change builds none."""

    count: int
    sort: Sort
    next_cursor: str | None
    previous_cursor: str | None
    is_first: bool
    fetched: list[_Fetched] = field(repr=False)
    clearances: dict[int, list[RowClearance]] = field(repr=False)
    today: date

    @property
    def empty(self) -> bool:
        return not self.fetched

    @property
    def shown(self) -> list[tuple[Any, ...]]:
        """Plain values of everything the rows show (the clients, their summaries as stored,
        unread messages, new clearances), in page order; with the day, they decide the
        rows' HTML."""
        return [(*client, tuple(self.clearances.get(client.pk, ()))) for client in self.fetched]

    @cached_property
    def rows(self) -> list[CaseloadRow]:
        rows = [_row(client, self.today) for client in self.fetched]
        for row in rows:
            row.new_clearances = self.clearances.get(row.client.pk, [])
        return rows


class _Fetched(NamedTuple):
    """One row of the page query: the client, their summary (all empty without one), the
    sort name as the database compares it, and the extras read with the page."""

    pk: int
    username: str
    first_name: str
    last_name: str
    summary_id: int | None
    program_start: date | None
    program_weeks: int | None
    program_status: str | None
    adherence_scheduled: int | None
    adherence_logged: int | None
    adherence_percent: int | None
    last_activity: date | None
    pain_trend: str | None  # JSON text, read only when a row is built
    pain_latest: int | None
    flag_rank: int | None
    flag_raised_at: Any
    flags: str | None  # JSON text, as pain_trend
    total: int
    unread: int
    has_clearances: Any
    # The row's caseload entry's values of the sort's keys, in order: its page link's cursor.
    keys: tuple = ()


@cache
def _page_sql(
    shape: tuple[int, bool, bool, bool], sort_param: str, *, keyed: bool, backwards: bool
) -> str:
    """The page query of a shape of filters, a sort, with or without a cursor: one statement
    for the rows, their summaries, how many clients the list has, each row's unread messages
    from its client and whether the client ever recorded a clearance.

    The rows are read from the caseload entries' index of the order (``programs.CaseloadEntry``)
    and the reading stops after the page; the clients, their summaries, the unread messages and
    the clearances are read for the page's rows alone, so a longer caseload costs little more
    than a short one (the count reads the physiotherapist's entries, not the rows' data)."""
    sort = Sort.parse(sort_param)
    keys = sort.keys
    sort_values = ", ".join(
        f"{_KEY_SQL[name]} AS sort{index}" for index, (name, _) in enumerate(keys)
    )
    where = f"AND {_after_sql(keys, backwards=backwards)} " if keyed else ""
    inner_order = ", ".join(
        f"{_KEY_SQL[name]} {'DESC' if descending != backwards else 'ASC'}"
        for name, descending in keys
    )
    # The rows shown are those of an active care link (``care.access``), checked for the page's
    # rows alone, after the index has given them: should an entry outlive its link, the client's
    # data is still never listed (the page is one row shorter).
    linked = (
        f"WHERE EXISTS (SELECT 1 FROM {_LINKS} l WHERE l.physiotherapist_id = %(physio)s "
        "AND l.client_id = page.id AND l.ended_at IS NULL) "
    )
    return (
        f"WITH page AS (SELECT e.client_id AS id, {sort_values} {_clients_sql(shape)} "
        f"{where}ORDER BY {inner_order} LIMIT %(limit)s) "
        "SELECT page.id, u.username, u.first_name, u.last_name, s.client_id, "
        "s.program_start, s.program_weeks, s.program_status, s.adherence_scheduled, "
        "s.adherence_logged, s.adherence_percent, s.last_activity, CAST(s.pain_trend AS TEXT), "
        f"s.pain_latest, s.flag_rank, s.flag_raised_at, CAST(s.flags AS TEXT), "
        f"(SELECT COUNT(*) {_clients_sql(shape)}), "
        f"(SELECT COUNT(*) FROM {_MESSAGES} m WHERE m.physiotherapist_id = %(physio)s "
        "AND m.client_id = page.id AND m.sender = %(from_client)s AND m.read_at IS NULL), "
        f"EXISTS (SELECT 1 FROM {_CLEARANCES} c WHERE c.client_id = page.id), "
        f"{', '.join(f'page.sort{index}' for index in range(len(keys)))} "
        f"FROM page JOIN {_USERS} u ON u.id = page.id "
        f"LEFT JOIN {_SUMMARIES} s ON s.client_id = page.id "
        f"{linked}ORDER BY {sort.order_sql(backwards=backwards)}"
    )


def _json(value: Any) -> Any:
    """A JSON column read by a plain cursor: text on both databases."""
    return json.loads(value) if isinstance(value, str) else value


def _moment(value: datetime | str | None) -> datetime | None:
    """A timestamp column read by a plain cursor: aware on PostgreSQL, naive UTC on SQLite."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)


def _key_value(name: str, value: Any) -> Any:
    """A sort key's value as read by a plain cursor, in its Python type (SQLite may give text)."""
    if _TYPES[name] is datetime:
        return _moment(value)
    if _TYPES[name] is date and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def caseload_page(
    physio: User,
    clients: CaseloadClients,
    *,
    sort: Sort,
    after: str | None = None,
    before: str | None = None,
    today: date | None = None,
    size: int = CASELOAD_PAGE_SIZE,
) -> CaseloadPage:
    """One page of ``clients`` (from :func:`caseload_clients`) in ``sort`` order.

    ``after`` and ``before`` are the page links' cursors; one that does not decode is ignored
    (the first page). One query for the page (its rows, their flags as kept in the summaries,
    the count); two more only for rows whose clients recorded a clearance, and a count when
    the page is empty.
    """
    today = today or timezone.localdate()
    keys = sort.keys
    backwards = False
    values = None
    if before:
        values = _decode(before, keys)
        backwards = values is not None
    if values is None and after:
        values = _decode(after, keys)
    params = clients.params()
    params["limit"] = size + 1
    if values is not None:
        for index, ((name, _), value) in enumerate(zip(keys, values, strict=True)):
            params[f"key{index}"] = _adapt(name, value)
    sql = _page_sql(clients.shape, sort.param, keyed=values is not None, backwards=backwards)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        width = len(_Fetched._fields) - 1
        fetched = [_Fetched(*row[:width], keys=row[width:]) for row in cursor.fetchall()]
    more = len(fetched) > size
    fetched = fetched[:size]
    count = fetched[0].total if fetched else clients.count()
    if backwards:
        fetched.reverse()
    if values is None:
        has_previous, has_next = False, more
    elif backwards:
        has_previous, has_next = more, True
    else:
        has_previous, has_next = True, more

    def cursor_of(client: _Fetched) -> str:
        return _encode(
            [_key_value(name, value) for (name, _), value in zip(keys, client.keys, strict=True)]
        )

    return CaseloadPage(
        count=count,
        sort=sort,
        next_cursor=cursor_of(fetched[-1]) if has_next and fetched else None,
        previous_cursor=cursor_of(fetched[0]) if has_previous and fetched else None,
        is_first=not has_previous,
        fetched=fetched,
        clearances=new_clearances(physio, [c.pk for c in fetched if c.has_clearances]),
        today=today,
    )


def _adapt(name: str, value: Any) -> Any:
    """A cursor's value as the database compares it with the column."""
    if _TYPES[name] is datetime:
        return connection.ops.adapt_datetimefield_value(value)
    if _TYPES[name] is date:
        return connection.ops.adapt_datefield_value(value)
    return value


def _row_flag(entry: dict[str, Any]) -> RowFlag:
    return RowFlag(
        pk=entry["pk"],
        kind=entry["kind"],
        urgency=entry["urgency"],
        destination=entry["destination"],
        status=entry["status"],
        rule=entry["rule"],
        source=entry["source"],
        created_at=datetime.fromisoformat(entry["created_at"]),
    )


def _row(client: _Fetched, today: date) -> CaseloadRow:
    full_name = f"{client.first_name} {client.last_name}".strip()
    person = RowClient(client.pk, client.username, full_name or client.username)
    if client.summary_id is None:
        return CaseloadRow(person, None, None, False, 0, 0, None, None, [])
    start, weeks = client.program_start, client.program_weeks
    week = None
    if start is not None and weeks:
        week = min(max(week_number(start, today), 1), weeks)
    return CaseloadRow(
        client=person,
        week=week,
        weeks=weeks,
        paused=client.program_status == Program.Status.PAUSED,
        scheduled=client.adherence_scheduled or 0,
        logged=client.adherence_logged or 0,
        adherence_percent=client.adherence_percent,
        last_log=client.last_activity,
        flags=[_row_flag(entry) for entry in _json(client.flags) or []],
        pain=list(_json(client.pain_trend) or []),
        unread=client.unread or 0,
    )


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
    "CaseloadClients",
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
