"""Pausing and resuming a program (spec section 8): a warning sign pauses it; it resumes when the
client confirms a clinician has cleared them, or when their physiotherapist resumes it (through
``care``, which checks the care link first)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments.models import Clearance
from assessments.services import clearance_record
from programs.engine.clearance import CLEARANCE_ROLE_WORDS
from programs.errors import ProgramError
from programs.models import Flag, Program, ProgramChange
from programs.services.summaries import client_summary_refresh


def program_set_paused(
    program: Program, *, actor: User | None, reason: str, change_reason: str = ""
) -> None:
    """Pause inside the caller's transaction (a check-in that reported a warning sign)."""
    before = {"status": program.status}
    program.status = Program.Status.PAUSED
    program.paused_reason = reason
    program.paused_at = timezone.now()
    program.save(update_fields=["status", "paused_reason", "paused_at"])
    ProgramChange.objects.create(
        program=program,
        actor=actor,
        kind=ProgramChange.Kind.PAUSE,
        before=before,
        after={"status": program.status},
        summary="Program paused",
        reason=change_reason or reason,
    )


@transaction.atomic
def program_pause(*, program: Program, actor: User, reason: str) -> Program:
    program = Program.objects.select_for_update().get(pk=program.pk)
    if not reason.strip():
        raise ProgramError("Say why the program is paused.", field="reason")
    if program.status != Program.Status.ACTIVE:
        raise ProgramError("Only an active program can be paused.")
    program_set_paused(program, actor=actor, reason=reason.strip())
    client_summary_refresh(client_id=program.client_id)
    return program


@transaction.atomic
def program_resume_cleared(
    *,
    program: Program,
    client: User,
    clinician_name: str,
    clinician_role: str,
    seen_on: date | None,
    note: str = "",
    today: date | None = None,
) -> Program:
    """The client records who cleared them and when (spec section 8); the program resumes.

    The day seen cannot be before the program was paused (the flag that paused it) nor in the
    future; the clearance is kept and the linked physiotherapist sees it.
    """
    today = today or timezone.localdate()
    locked = Program.objects.select_for_update().get(pk=program.pk)
    if locked.client_id != client.pk:
        raise ProgramError("This program belongs to someone else.")
    if locked.status != Program.Status.PAUSED:
        raise ProgramError("The program is not paused.")
    # Seen no earlier than the pause, nor than any warning sign still open since (a later
    # check-in can report a new one while the program waits).
    raised = [timezone.localdate(locked.paused_at)] if locked.paused_at else []
    raised += [
        timezone.localdate(created)
        for created in Flag.objects.filter(program=locked, pauses_program=True)
        .exclude(status=Flag.Status.RESOLVED)
        .filter(created_at__gte=locked.paused_at or timezone.now())
        .values_list("created_at", flat=True)
    ]
    raised_on = max(raised, default=today)
    clearance = clearance_record(
        client=client,
        answers=Clearance.Answers.FLAG,
        raised_on=raised_on,
        clinician_name=clinician_name,
        clinician_role=clinician_role,
        seen_on=seen_on,
        today=today,
        note=note,
        program=locked,
    )
    said = f" They said: {clearance.note}" if clearance.note else ""
    return program_resume(
        program=locked,
        actor=client,
        reason=(
            f"you recorded that {clearance.clinician_name} "
            f"({CLEARANCE_ROLE_WORDS[clearance.clinician_role]}) saw you on "
            f"{clearance.seen_on:%-d %B %Y} and cleared you to exercise again.{said}"
        ),
    )


@transaction.atomic
def program_resume(*, program: Program, actor: User, reason: str) -> Program:
    """Resume a paused program: the client confirms a clinician cleared it, or the
    physiotherapist resumes it (spec section 8)."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if not reason.strip():
        raise ProgramError("Say who cleared you and what they said.", field="reason")
    if program.status != Program.Status.PAUSED:
        raise ProgramError("The program is not paused.")
    before = {"status": Program.Status.PAUSED, "paused_reason": program.paused_reason}
    program.status = Program.Status.ACTIVE
    program.paused_reason = ""
    program.paused_at = None
    program.save(update_fields=["status", "paused_reason", "paused_at"])
    ProgramChange.objects.create(
        program=program,
        actor=actor,
        kind=ProgramChange.Kind.RESUME,
        before=before,
        after={"status": Program.Status.ACTIVE},
        summary="Program resumed",
        reason=reason.strip(),
    )
    client_summary_refresh(client_id=program.client_id)
    return program
