"""Flags raised during the program (spec section 8): from a session's pain, from a morning-after
check-in, and for low adherence. Each is stored once per cause."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.care_events import CareEvent, care_event_record
from accounts.models import User
from programs import engine
from programs.engine import flags as engine_flags
from programs.models import CheckIn, ExerciseLog, Flag, Program, ScheduledSession, done_logs
from programs.policy import adherence_window, paused_intervals_of
from programs.services.summaries import client_summaries_refresh, client_summary_refresh

# Referral urgencies the physiotherapist hears about at once (by default): spec section 5.
URGENT_FLAG_URGENCIES = ("same_day", "within_2_weeks")


def flag_raise(
    *,
    client: User,
    program: Program | None,
    dedupe_key: str,
    now: datetime | None = None,
    **values: Any,
) -> Flag:
    """Create the flag once per cause: re-saving the same log or check-in finds it again. A new
    flag is recorded for the client's physiotherapist (``accounts.care_events``). It is raised
    ``now`` (the daily job's moment on the day it runs for; the real clock by default)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            flag, created = Flag.objects.get_or_create(
                client=client,
                dedupe_key=dedupe_key,
                defaults={"program": program, "created_at": now, **values},
            )
    except IntegrityError:
        return Flag.objects.get(client=client, dedupe_key=dedupe_key)
    if created:
        care_event_record(
            kind=(
                CareEvent.Kind.URGENT_FLAG
                if flag.urgency in URGENT_FLAG_URGENCIES
                else CareEvent.Kind.FLAG
            ),
            client=client,
            detail=flag.urgency or flag.kind,
            subject_id=flag.pk,
            created_at=now,
        )
        client_summary_refresh(client_id=client.pk, today=timezone.localdate(now), now=now)
    return flag


def _referral_raise(
    program: Program, raised: engine_flags.FlagSpec, *, dedupe_key: str, source: str
) -> Flag:
    """Store a referral flag the engine raised from a session or a check-in."""
    return flag_raise(
        client=program.client,
        program=program,
        dedupe_key=dedupe_key,
        kind=Flag.Kind.REFERRAL,
        destination=raised.destination or "",
        urgency=raised.urgency or "",
        reason=raised.reason,
        rule=raised.rule,
        source=source,
        pauses_program=raised.pauses_program,
        rules_version=engine.RULES_VERSION,
    )


def checkin_flags_raise(
    checkin: CheckIn, program: Program
) -> list[tuple[Flag, engine_flags.FlagSpec]]:
    """The flags a check-in's answers raise, each with what the engine said (pause or not)."""
    raised = engine_flags.flags_from_checkin(
        engine_flags.CheckInAnswers(
            pain_now=checkin.pain_now,
            swelling=checkin.swelling,
            giving_way=checkin.giving_way,
            locking=checkin.locking,
            hot_red_knee=checkin.hot_red_knee,
            fever_or_unwell=checkin.fever_or_unwell,
            cannot_bear_weight=checkin.cannot_bear_weight,
        )
    )
    return [
        (
            _referral_raise(
                program,
                spec,
                dedupe_key=f"checkin:{checkin.session_id}:{spec.rule}",
                source=Flag.Source.CHECKIN,
            ),
            spec,
        )
        for spec in raised
    ]


def adherence_dates(
    program_ids: list[int], today: date
) -> dict[int, tuple[list[date], list[date]]]:
    """(scheduled dates, dates with an exercise done) in the adherence window ending on
    ``today``, by program: two queries for any number of programs (the daily job's batches).
    An exercise logged with 0 sets is not done (spec section 6)."""
    first, last = adherence_window(today)
    scheduled: dict[int, list[date]] = {pk: [] for pk in program_ids}
    logged: dict[int, list[date]] = {pk: [] for pk in program_ids}
    for pk, day in ScheduledSession.objects.filter(
        program_id__in=program_ids, date__gte=first, date__lte=last
    ).values_list("program_id", "date"):
        scheduled[pk].append(day)
    for pk, day in (
        ExerciseLog.objects.filter(
            done_logs(),
            session__program_id__in=program_ids,
            session__date__gte=first,
            session__date__lte=last,
        )
        .values_list("session__program_id", "session__date")
        .distinct()
    ):
        logged[pk].append(day)
    return {pk: (scheduled[pk], logged[pk]) for pk in program_ids}


def adherence_counts(program_ids: list[int], today: date) -> dict[int, tuple[int, int]]:
    """(sessions scheduled, sessions done) in the window, by program, before pauses and the
    start are taken out (``check_adherence`` does that)."""
    dates = adherence_dates(program_ids, today)
    return {pk: (len(scheduled), len(set(logged))) for pk, (scheduled, logged) in dates.items()}


def _adherence_apply(
    program: Program,
    today: date,
    result: engine.Adherence,
    open_flag: Flag | None,
    now: datetime | None = None,
) -> Flag | None:
    """One attention flag open at a time: raise it when below half, resolve it with the
    engine's reason when adherence is back. Returns the open flag, if any."""
    if not result.checked:
        return open_flag
    if result.flag is not None:
        if open_flag is not None:
            return open_flag
        return flag_raise(
            client=program.client,
            program=program,
            dedupe_key=f"adherence:{program.pk}:{today.isoformat()}",
            kind=Flag.Kind.ATTENTION,
            destination="",
            urgency="",
            reason=result.flag.reason,
            rule=result.flag.rule,
            source=Flag.Source.ADHERENCE,
            rules_version=engine.RULES_VERSION,
            now=now,
        )
    if open_flag is not None:
        with transaction.atomic():
            Flag.objects.filter(pk=open_flag.pk).exclude(status=Flag.Status.RESOLVED).update(
                status=Flag.Status.RESOLVED,
                resolved_at=now or timezone.now(),
                resolved_by=None,
                resolution_note=result.resolve_reason or "",
            )
            client_summary_refresh(client_id=program.client_id, today=today, now=now)
    return None


def _open_adherence_flags(program_ids: list[int]) -> dict[int, Flag]:
    flags: dict[int, Flag] = {}
    for flag in (
        Flag.objects.filter(program_id__in=program_ids, source=Flag.Source.ADHERENCE)
        .exclude(status=Flag.Status.RESOLVED)
        .order_by("-created_at")
    ):
        flags[flag.program_id] = flag  # the oldest open one wins
    return flags


@transaction.atomic
def program_adherence_check(
    *, program: Program, today: date | None = None, now: datetime | None = None
) -> Flag | None:
    """Adherence of one active program on ``today`` (spec section 8), as the engine judges it:
    paused days and days before the start not counted, young programs from day 7 on. One
    attention flag is open at a time, resolved with its reason when adherence recovers.
    Returns the open flag, if any. The daily job checks every active program in batches
    (``programs_adherence_check``); opening a page never does."""
    today = today or timezone.localdate()
    if program.status != Program.Status.ACTIVE:
        return None
    scheduled, logged = adherence_dates([program.pk], today)[program.pk]
    result = engine.check_adherence(
        start=program.start_date,
        today=today,
        scheduled=scheduled,
        logged=logged,
        paused=paused_intervals_of([program]).get(program.pk, []),
    )
    return _adherence_apply(
        program, today, result, _open_adherence_flags([program.pk]).get(program.pk), now
    )


def programs_adherence_check(
    *, today: date, programs: QuerySet[Program] | None = None, now: datetime | None = None
) -> tuple[int, int]:
    """Check adherence for every active program (of ``programs``, all by default): (programs
    checked, programs below the line).

    Set-based, for the daily job's batches (pass a bounded set of programs): the inputs come
    from a fixed number of queries (dates, pauses, open flags); the flags raised and resolved
    are written in one transaction, each new flag with its own insert (so the audit trail
    records it) and its care event, and the caseload summaries of the clients concerned are
    recomputed together at the end. One attention flag is open at a time per program, so a
    second run the same day changes nothing. What it writes is stamped ``now`` (the daily
    job's moment on ``today``; the real clock by default).
    """
    candidates = list(
        (Program.objects.all() if programs is None else programs)
        .filter(status=Program.Status.ACTIVE)
        .select_related("client")
    )
    first_day = engine.load_rules().thresholds.adherence_first_day
    eligible = [
        program for program in candidates if (today - program.start_date).days + 1 >= first_day
    ]
    ids = [program.pk for program in eligible]
    dates = adherence_dates(ids, today)
    pauses = paused_intervals_of(eligible)
    open_flags = _open_adherence_flags(ids)
    below = 0
    to_raise: list[tuple[Program, engine_flags.FlagSpec]] = []
    to_resolve: dict[str, list[Flag]] = {}
    for program in eligible:
        scheduled, logged = dates[program.pk]
        result = engine.check_adherence(
            start=program.start_date,
            today=today,
            scheduled=scheduled,
            logged=logged,
            paused=pauses.get(program.pk, []),
        )
        open_flag = open_flags.get(program.pk)
        if not result.checked:
            below += open_flag is not None
        elif result.flag is not None:
            below += 1
            if open_flag is None:
                to_raise.append((program, result.flag))
        elif open_flag is not None:
            to_resolve.setdefault(result.resolve_reason or "", []).append(open_flag)
    if to_raise or to_resolve:
        _adherence_flags_write(today, to_raise, to_resolve, now or timezone.now())
    return len(candidates), below


def _adherence_flags_write(
    today: date,
    to_raise: list[tuple[Program, engine_flags.FlagSpec]],
    to_resolve: dict[str, list[Flag]],
    now: datetime,
) -> None:
    """Raise and resolve a batch's attention flags in one transaction (see
    :func:`programs_adherence_check`); a flag already raised for the same cause is skipped."""
    keys = {
        f"adherence:{program.pk}:{today.isoformat()}": (program, spec) for program, spec in to_raise
    }
    existing = set(
        Flag.objects.filter(
            client_id__in={program.client_id for program, _ in to_raise}, dedupe_key__in=keys
        ).values_list("dedupe_key", flat=True)
    )
    changed: set[int] = set()
    with transaction.atomic():
        for key, (program, spec) in keys.items():
            if key in existing:
                continue
            try:
                with transaction.atomic():
                    flag = Flag.objects.create(
                        client=program.client,
                        program=program,
                        dedupe_key=key,
                        kind=Flag.Kind.ATTENTION,
                        destination="",
                        urgency="",
                        reason=spec.reason,
                        rule=spec.rule,
                        source=Flag.Source.ADHERENCE,
                        rules_version=engine.RULES_VERSION,
                        created_at=now,
                    )
            except IntegrityError:
                continue  # raised meanwhile by another run of the same batch
            care_event_record(
                kind=CareEvent.Kind.FLAG,
                client=program.client,
                detail=flag.kind,
                subject_id=flag.pk,
                created_at=now,
            )
            changed.add(program.client_id)
        for reason, flags in to_resolve.items():
            Flag.objects.filter(pk__in=[flag.pk for flag in flags]).exclude(
                status=Flag.Status.RESOLVED
            ).update(
                status=Flag.Status.RESOLVED,
                resolved_at=now,
                resolved_by=None,
                resolution_note=reason,
            )
            changed.update(flag.client_id for flag in flags)
        client_summaries_refresh(client_ids=sorted(changed), today=today, now=now)
