"""What the caseload shows of each client, worked out from the logs, flags and programs.

:func:`summaries_compute` is the one definition: the services store its result in
``ClientSummary`` when they change an input, the daily job when the calendar moves on, and a
test compares the stored rows with a fresh computation. It reads a batch of clients in a fixed
number of queries, whatever their number or history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Max

from programs.engine import check_adherence
from programs.models import (
    CURRENT_STATUSES,
    ExerciseLog,
    Flag,
    Program,
    ScheduledSession,
    done_logs,
)
from programs.policy import adherence_window, paused_intervals_of

# The caseload's order of flags: open ones by urgency, the attention flag (adherence, for the
# physiotherapist only) after every referral; then the same for acknowledged but unresolved
# flags, which still need the physiotherapist; clients without either last.
URGENCY_RANK = {"same_day": 0, "within_2_weeks": 1, "routine": 2}
ATTENTION_RANK = 3
ACKNOWLEDGED_OFFSET = 4
NO_FLAG_RANK = 8
# The pain trend: the highest pain during of each logged day, the last points of this window.
PAIN_TREND_DAYS = 28
PAIN_TREND_POINTS = 10

# The caseload's sort values of a client (``CaseloadEntry``), over the client (``u``) and their
# summary (``s``, which may be missing); an empty value is a stand-in that sorts where the
# caseload puts it, so that every key is a plain column and the page links compare plainly.
NO_FLAG_TIME = datetime(9999, 12, 31, tzinfo=UTC)
NEVER = date(1900, 1, 1)
NO_ADHERENCE = 101  # after every percentage: clients without adherence come last
NO_PAIN = -1  # below every score: clients without pain come last when the highest is first
NAME_SQL = "LOWER(COALESCE(NULLIF(TRIM(u.first_name || ' ' || u.last_name), ''), u.username))"
ENTRY_VALUES = (
    ("sort_rank", f"COALESCE(s.flag_rank, {NO_FLAG_RANK})"),
    ("sort_raised", "COALESCE(s.flag_raised_at, %s)"),
    ("sort_activity", "COALESCE(s.last_activity, %s)"),
    ("sort_adherence", f"COALESCE(s.adherence_percent, {NO_ADHERENCE})"),
    ("sort_pain", f"COALESCE(s.pain_latest, {NO_PAIN})"),
    ("sort_name", NAME_SQL),
)


def entry_stand_ins() -> list[Any]:
    """The parameters of ``ENTRY_VALUES``, in order, as the database compares them."""
    ops = connection.ops
    return [ops.adapt_datetimefield_value(NO_FLAG_TIME), ops.adapt_datefield_value(NEVER)]


FIELDS = (
    "computed_on",
    "program_id",
    "program_status",
    "program_start",
    "program_weeks",
    "last_activity",
    "flag_rank",
    "top_flag_id",
    "flag_raised_at",
    "open_flags",
    "acknowledged_flags",
    "flags",
    "adherence_scheduled",
    "adherence_logged",
    "adherence_percent",
    "pain_trend",
    "pain_latest",
)


def flag_rank(flag: Flag) -> int:
    """Where an unresolved flag puts its client in the caseload (lower is more urgent)."""
    if flag.kind == Flag.Kind.ATTENTION:
        rank = ATTENTION_RANK
    else:
        rank = URGENCY_RANK.get(flag.urgency, URGENCY_RANK["routine"])
    if flag.status == Flag.Status.ACKNOWLEDGED:
        rank += ACKNOWLEDGED_OFFSET
    return rank


def is_open_rank(rank: int) -> bool:
    return rank < ACKNOWLEDGED_OFFSET


# What the caseload row shows of each unresolved flag (its badge, cause and age).
FLAG_ENTRY_FIELDS = ("pk", "kind", "urgency", "destination", "status", "rule", "source")


def flag_entries(flags: Iterable[Any]) -> list[dict[str, Any]]:
    """A client's unresolved flags as the caseload row lists them, in the review's order (the
    most urgent first, then the oldest): plain JSON values, the moment raised in ISO format.

    ``flags`` are ``Flag`` rows (or anything with their attributes, as in a migration)."""
    ordered = sorted(flags, key=lambda flag: (flag_rank(flag), flag.created_at, flag.pk))
    return [
        {
            **{name: getattr(flag, name) for name in FLAG_ENTRY_FIELDS},
            "created_at": flag.created_at.isoformat(),
        }
        for flag in ordered
    ]


def _empty(today: date) -> dict[str, Any]:
    return {
        "computed_on": today,
        "program_id": None,
        "program_status": "",
        "program_start": None,
        "program_weeks": None,
        "last_activity": None,
        "flag_rank": NO_FLAG_RANK,
        "top_flag_id": None,
        "flag_raised_at": None,
        "open_flags": 0,
        "acknowledged_flags": 0,
        "flags": [],
        "adherence_scheduled": 0,
        "adherence_logged": 0,
        "adherence_percent": None,
        "pain_trend": [],
        "pain_latest": None,
    }


def summaries_compute(client_ids: Iterable[int], *, today: date) -> dict[int, dict[str, Any]]:
    """The summary fields of each client on ``today``, keyed by client id (seven queries)."""
    ids = sorted(set(client_ids))
    result = {client_id: _empty(today) for client_id in ids}
    if not ids:
        return result

    programs = {
        program.client_id: program
        for program in Program.objects.filter(client_id__in=ids, status__in=CURRENT_STATUSES)
    }
    for client_id, program in programs.items():
        result[client_id].update(
            program_id=program.pk,
            program_status=program.status,
            program_start=program.start_date,
            program_weeks=program.weeks,
        )

    last = (
        ExerciseLog.objects.filter(done_logs(), session__program__client_id__in=ids)
        .values("session__program__client_id")
        .annotate(last=Max("session__date"))
        .order_by()
    )
    for row in last:
        result[row["session__program__client_id"]]["last_activity"] = row["last"]

    _flags_into(result, ids)
    _adherence_into(result, programs, today)
    _pain_into(result, ids, today)
    return result


def _flags_into(result: dict[int, dict[str, Any]], ids: list[int]) -> None:
    best: dict[int, tuple[int, datetime, int]] = {}
    unresolved = Flag.objects.filter(client_id__in=ids).exclude(status=Flag.Status.RESOLVED)
    by_client: dict[int, list[Flag]] = defaultdict(list)
    for flag in unresolved.only("client_id", *FLAG_ENTRY_FIELDS, "created_at"):
        by_client[flag.client_id].append(flag)
        row = result[flag.client_id]
        if flag.status == Flag.Status.OPEN:
            row["open_flags"] += 1
        else:
            row["acknowledged_flags"] += 1
        key = (flag_rank(flag), flag.created_at, flag.pk)
        if flag.client_id not in best or key < best[flag.client_id]:
            best[flag.client_id] = key
    for client_id, (rank, raised_at, flag_id) in best.items():
        result[client_id].update(flag_rank=rank, flag_raised_at=raised_at, top_flag_id=flag_id)
    for client_id, flags in by_client.items():
        result[client_id]["flags"] = flag_entries(flags)


def _adherence_into(
    result: dict[int, dict[str, Any]], programs: dict[int, Program], today: date
) -> None:
    """Adherence as the engine judges it for the attention flag (``check_adherence``): the same
    window, pauses and "done" (``done_logs``) as the daily job's check."""
    if not programs:
        return
    first, last = adherence_window(today)
    by_program = {program.pk: program for program in programs.values()}
    scheduled: dict[int, list[date]] = defaultdict(list)
    logged: dict[int, set[date]] = defaultdict(set)
    sessions = ScheduledSession.objects.filter(
        program_id__in=by_program, date__gte=first, date__lte=last
    ).values_list("program_id", "date")
    for program_id, day in sessions:
        scheduled[program_id].append(day)
    done = (
        ExerciseLog.objects.filter(
            done_logs(),
            session__program_id__in=by_program,
            session__date__gte=first,
            session__date__lte=last,
        )
        .values_list("session__program_id", "session__date")
        .distinct()
    )
    for program_id, day in done:
        logged[program_id].add(day)
    pauses = paused_intervals_of(by_program.values())
    for program in by_program.values():
        adherence = check_adherence(
            start=program.start_date,
            today=today,
            scheduled=scheduled[program.pk],
            logged=logged[program.pk],
            paused=pauses.get(program.pk, []),
        )
        row = result[program.client_id]
        row["adherence_scheduled"] = adherence.scheduled
        row["adherence_logged"] = adherence.logged
        if adherence.checked and adherence.scheduled:
            row["adherence_percent"] = round(100 * adherence.logged / adherence.scheduled)


def _pain_into(result: dict[int, dict[str, Any]], ids: list[int], today: date) -> None:
    rows = (
        ExerciseLog.objects.filter(
            done_logs(),
            session__program__client_id__in=ids,
            session__date__gte=today - timedelta(days=PAIN_TREND_DAYS - 1),
            session__date__lte=today,
        )
        .values("session__program__client_id", "session__date")
        .annotate(highest=Max("pain_during"))
        .order_by("session__program__client_id", "session__date")
    )
    pain: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        pain[row["session__program__client_id"]].append(row["highest"])
    for client_id, values in pain.items():
        trend = values[-PAIN_TREND_POINTS:]
        result[client_id].update(pain_trend=trend, pain_latest=trend[-1])
