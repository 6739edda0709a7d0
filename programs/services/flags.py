"""Flags raised during the program (spec section 8): from a session's pain, from a morning-after
check-in, and for low adherence. Each is stored once per cause."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
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


@transaction.atomic
def program_adherence_check(*, program: Program, today: date | None = None) -> Flag | None:
    """Raise the attention flag when fewer than half of the sessions of the adherence window
    were logged (spec section 8). Checked only once the program has run a full window, at most
    one flag per program week. The daily job calls it for every active program."""
    today = today or timezone.localdate()
    if program.status != Program.Status.ACTIVE:
        return None
    first, last = adherence_window(today)
    if first < program.start_date:
        return None
    sessions = ScheduledSession.objects.filter(program=program, date__gte=first, date__lte=last)
    scheduled = sessions.count()
    logged = sessions.filter(exercise_logs__isnull=False).distinct().count()
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


def programs_adherence_check(*, today: date) -> tuple[int, int]:
    """Check adherence for every active program: (programs checked, programs below the line).

    Each program is checked in its own transaction, so one failure never holds back the rest;
    the flag is raised once per program week, so a second run the same day adds nothing.
    """
    checked = below = 0
    for program in Program.objects.filter(status=Program.Status.ACTIVE).select_related("client"):
        checked += 1
        if program_adherence_check(program=program, today=today) is not None:
            below += 1
    return checked, below
