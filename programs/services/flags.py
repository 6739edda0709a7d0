"""Flags raised during the program (spec section 8): from a session's pain, from a morning-after
check-in, and for low adherence. Each is stored once per cause."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from programs import engine
from programs.engine import flags as engine_flags
from programs.models import CheckIn, Flag, Program, ScheduledSession, done_logs
from programs.policy import adherence_window, paused_intervals


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


@transaction.atomic
def program_adherence_check(*, program: Program, today: date | None = None) -> Flag | None:
    """Adherence of one active program on ``today`` (spec section 8), as the engine judges it:
    paused days and days before the start not counted, young programs from day 7 on.

    One attention flag is open at a time: below half raises it (or keeps the open one), back
    to half or more resolves it with the reason. Returns the open flag, if any. The daily job
    calls it for every active program; opening a page never does.
    """
    today = today or timezone.localdate()
    if program.status != Program.Status.ACTIVE:
        return None
    first, last = adherence_window(today)
    sessions = ScheduledSession.objects.filter(program=program, date__gte=first, date__lte=last)
    result = engine.check_adherence(
        start=program.start_date,
        today=today,
        scheduled=sessions.values_list("date", flat=True),
        logged=sessions.filter(done_logs("exercise_logs__"))
        .values_list("date", flat=True)
        .distinct(),
        paused=paused_intervals(program),
    )
    open_flag = (
        Flag.objects.select_for_update()
        .filter(program=program, source=Flag.Source.ADHERENCE)
        .exclude(status=Flag.Status.RESOLVED)
        .order_by("created_at")
        .first()
    )
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
        )
    if open_flag is not None:
        open_flag.status = Flag.Status.RESOLVED
        open_flag.resolved_at = timezone.now()
        open_flag.resolved_by = None
        open_flag.resolution_note = result.resolve_reason or ""
        open_flag.save(update_fields=["status", "resolved_at", "resolved_by", "resolution_note"])
    return None


def programs_adherence_check(*, today: date) -> tuple[int, int]:
    """Check adherence for every active program: (programs checked, programs below the line).

    Each program is checked in its own transaction, so one failure never holds back the rest;
    one attention flag is open at a time, so a second run the same day adds nothing.
    """
    checked = below = 0
    for program in Program.objects.filter(status=Program.Status.ACTIVE).select_related("client"):
        checked += 1
        if program_adherence_check(program=program, today=today) is not None:
            below += 1
    return checked, below
