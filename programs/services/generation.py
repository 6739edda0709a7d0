"""Building a program from an allowed evaluation (spec section 6)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment, Clearance
from assessments.presentation import clearance_answered_note, program_start_refusal
from programs import scheduling
from programs.engine import Answers, Evaluation
from programs.engine.referrals import referrals_answered_by_clearance
from programs.errors import CurrentProgramExists, ProgramError
from programs.models import Flag, Program, ProgramExercise, ScheduledSession
from programs.policy import strength_days_refusal
from programs.selectors.programs import evaluation_of
from programs.services.flags import flag_raise
from programs.services.summaries import client_summary_refresh


def _check_can_generate(
    client: User, assessment: Assessment, *, started_by: User | None = None
) -> Evaluation:
    """The evaluation to build from, or why not, worded for the client or for the
    physiotherapist starting it for them (``started_by``)."""
    name = client.display_name if started_by is not None and started_by != client else None

    def refused(reason: str) -> ProgramError:
        return ProgramError(program_start_refusal(reason, client_name=name))

    if assessment.owner_id != client.pk:
        raise refused("not_theirs")
    if assessment.kind != Assessment.Kind.BASELINE:
        raise refused("reassessment")
    if not assessment.is_submitted:
        raise refused("unfinished")
    evaluation = evaluation_of(assessment)
    if evaluation is None:
        raise refused("no_result")
    if not evaluation.program_allowed:
        raise refused("withheld")
    if not evaluation.exercises:
        raise refused("no_exercise")
    return evaluation


def strength_days_validate(*, days: Iterable[int]) -> list[int]:
    """The strength days the client ticked: 2 to 4 distinct weekdays (spec section 1).

    The assessment's ``sessions_per_week`` only sets the default; a client who ticks another
    number of days within the range gets that many.
    """
    chosen, refusal = strength_days_refusal(days)
    if refusal is not None:
        raise ProgramError(refusal, field="strength_days")
    return chosen


@transaction.atomic
def program_generate(
    *,
    client: User,
    assessment: Assessment,
    start_date: date,
    strength_days: Iterable[int] | None = None,
    replace_current: bool = False,
    started_by: User | None = None,
) -> Program:
    """Build a program of the rules' length from an allowed evaluation (spec section 6).

    A client has one current program (a database constraint); with ``replace_current`` the
    current one becomes "replaced" and stays in the history, otherwise
    :class:`CurrentProgramExists` is raised so the page can offer the replacement. A refusal
    speaks to ``started_by`` (the client by default, or their physiotherapist).
    """
    evaluation = _check_can_generate(client, assessment, started_by=started_by)
    answers = Answers.model_validate(assessment.answers)
    days = (
        scheduling.default_strength_days(answers.sessions_per_week)
        if strength_days is None
        else strength_days_validate(days=strength_days)
    )

    current = Program.objects.select_for_update().current().filter(client=client).first()
    if current is not None:
        if not replace_current:
            raise CurrentProgramExists(current)
        current.status = Program.Status.REPLACED
        current.ended_at = timezone.now()
        current.save(update_fields=["status", "ended_at"])

    program = Program(
        client=client,
        assessment=assessment,
        start_date=start_date,
        weeks=scheduling.program_weeks(),
        strength_days=days,
        equipment=list(answers.equipment),
        baseline_pain_now=answers.pain_now,
    )
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError:
        # Another request started a program for this client at the same moment.
        name = client.display_name if started_by is not None and started_by != client else None
        raise ProgramError(program_start_refusal("just_started", client_name=name)) from None

    ProgramExercise.objects.bulk_create(
        ProgramExercise(
            program=program,
            code=prescription.code,
            level=prescription.level,
            frequency=prescription.frequency,
            order=index,
            reasons=list(prescription.reasons),
        )
        for index, prescription in enumerate(evaluation.exercises)
    )
    has_daily = any(item.frequency == "daily" for item in evaluation.exercises)
    ScheduledSession.objects.bulk_create(
        ScheduledSession(program=program, date=day, week=week, is_strength_day=is_strength)
        for day, week, is_strength in scheduling.session_days(
            start_date, program.weeks, days, has_daily=has_daily
        )
    )
    clearance = (
        Clearance.objects.filter(assessment=assessment, answers=Clearance.Answers.REFERRAL)
        .order_by("-seen_on", "-pk")
        .first()
    )
    answered = referrals_answered_by_clearance(answers, evaluation.referrals) if clearance else []
    for referral in evaluation.referrals:
        dedupe_key = f"assessment:{assessment.uid}:{referral.destination}:{referral.urgency}"
        values = {
            "kind": Flag.Kind.REFERRAL,
            "destination": referral.destination,
            "urgency": referral.urgency,
            "reason": " ".join(referral.reasons),
            "rule": ",".join(referral.rules),
            "source": Flag.Source.ASSESSMENT,
        }
        if referral in answered:
            # The clinician who cleared the program has seen the client for this referral:
            # kept in the record, resolved with who and when, never "ask for a referral" again.
            # The physiotherapist was told of the clearance itself.
            Flag.objects.get_or_create(
                client=client,
                dedupe_key=dedupe_key,
                defaults={
                    **values,
                    "program": program,
                    "status": Flag.Status.RESOLVED,
                    "resolved_at": timezone.now(),
                    "resolution_shared": True,
                    "resolution_note": clearance_answered_note(
                        name=clearance.clinician_name,
                        role=clearance.get_clinician_role_display(),
                        seen_on=clearance.seen_on,
                    ),
                },
            )
            continue
        flag_raise(client=client, program=program, dedupe_key=dedupe_key, **values)
    client_summary_refresh(client_id=client.pk)
    return program
