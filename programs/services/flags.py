"""Flags raised during the program (spec section 8): from a session's pain, from a morning-after
check-in, and for low adherence. Each is stored once per cause."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from accounts.models import User
from programs import scheduling
from programs.engine import flags as engine_flags
from programs.models import CheckIn, ExerciseLog, Flag, Program, ScheduledSession
from programs.policy import adherence_window
from programs.services.progression import RECENT_LOGS, logged_session
from programs.services.summaries import client_summary_refresh


def flag_raise(*, client: User, program: Program | None, dedupe_key: str, **values: Any) -> Flag:
    """Create the flag once per cause: re-saving the same log or check-in finds it again."""
    try:
        with transaction.atomic():
            flag, _ = Flag.objects.get_or_create(
                client=client, dedupe_key=dedupe_key, defaults={"program": program, **values}
            )
    except IntegrityError:
        flag = Flag.objects.get(client=client, dedupe_key=dedupe_key)
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
    )


def session_flags_raise(log: ExerciseLog, program: Program) -> list[Flag]:
    """Pain flags for the exercise of ``log``, judged on its sessions up to and including it.

    The step down the pain flag asks for is already made by the progression rules (pain during
    of 6/10 or more regresses), so it is not applied a second time here.
    """
    logs = list(
        ExerciseLog.objects.filter(
            program_exercise_id=log.program_exercise_id, session__date__lte=log.session.date
        )
        .select_related("session", "session__checkin")
        .order_by("-session__date")[:RECENT_LOGS]
    )
    recent = [logged_session(item) for item in reversed(logs)]
    code = log.program_exercise.code
    return [
        _referral_raise(
            program,
            raised,
            dedupe_key=f"session:{log.session_id}:{code}:{raised.rule}",
            source=Flag.Source.SESSION,
        )
        for raised in engine_flags.flags_from_session(code, recent)
    ]


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


def adherence_counts(program_ids: list[int], today: date) -> dict[int, tuple[int, int]]:
    """(sessions scheduled, sessions logged) in the adherence window ending on ``today``, by
    program: two grouped queries for any number of programs (the daily job's batches)."""
    first, last = adherence_window(today)
    in_window = {"date__gte": first, "date__lte": last}
    scheduled = dict(
        ScheduledSession.objects.filter(program_id__in=program_ids, **in_window)
        .values("program_id")
        .annotate(count=Count("pk"))
        .values_list("program_id", "count")
    )
    logged = dict(
        ExerciseLog.objects.filter(
            session__program_id__in=program_ids,
            **{f"session__{key}": value for key, value in in_window.items()},
        )
        .values("session__program_id")
        .annotate(count=Count("session_id", distinct=True))
        .values_list("session__program_id", "count")
    )
    return {pk: (scheduled.get(pk, 0), logged.get(pk, 0)) for pk in program_ids}


def _adherence_flag(program: Program, today: date, scheduled: int, logged: int) -> Flag | None:
    """Raise the attention flag for these counts if the engine says so, once per program week."""
    raised = engine_flags.flags_from_adherence(scheduled, logged)
    if not raised:
        return None
    week = scheduling.week_number(program.start_date, today)
    flag = flag_raise(
        client=program.client,
        program=program,
        dedupe_key=f"adherence:{program.pk}:week{week}",
        kind=Flag.Kind.ATTENTION,
        destination="",
        urgency="",
        reason=raised[0].reason,
        rule=raised[0].rule,
        source=Flag.Source.ADHERENCE,
    )
    client_summary_refresh(client_id=program.client_id)
    return flag


@transaction.atomic
def program_adherence_check(*, program: Program, today: date | None = None) -> Flag | None:
    """Raise the attention flag when fewer than half of the sessions of the adherence window
    were logged (spec section 8). Checked only once the program has run a full window, at most
    one flag per program week. The daily job checks every active program in batches
    (``programs_adherence_check``)."""
    today = today or timezone.localdate()
    if program.status != Program.Status.ACTIVE:
        return None
    first, _ = adherence_window(today)
    if first < program.start_date:
        return None
    scheduled, logged = adherence_counts([program.pk], today)[program.pk]
    return _adherence_flag(program, today, scheduled, logged)


def programs_adherence_check(
    *, today: date, programs: QuerySet[Program] | None = None
) -> tuple[int, int]:
    """Check adherence for every active program (of ``programs``, all by default): (programs
    checked, programs below the line).

    The counts of all of them come from two grouped queries; a flag, when raised, takes its own
    transaction, and is raised once per program week, so a second run the same day adds
    nothing. Meant for the daily job's batches: pass a bounded set of programs.
    """
    first, _ = adherence_window(today)
    candidates = list(
        (Program.objects.all() if programs is None else programs)
        .filter(status=Program.Status.ACTIVE)
        .select_related("client")
    )
    eligible = [program for program in candidates if program.start_date <= first]
    counts = adherence_counts([program.pk for program in eligible], today)
    below = sum(
        _adherence_flag(program, today, *counts[program.pk]) is not None for program in eligible
    )
    return len(candidates), below
