"""The assessment a physiotherapist records in clinic, and the program started from it.

The questionnaire's own services do the work (drafts, submission through the rules engine,
program generation); these check the care link first and that the draft is this
physiotherapist's, so a view that forgot to would still be safe.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from accounts.errors import NotFound
from accounts.models import User
from assessments import services as assessment_services
from assessments.models import Assessment
from care.access import link_check
from programs import services as program_services
from programs.models import Program


def _check_own_draft(physio: User, assessment: Assessment) -> None:
    link_check(physio, assessment.owner_id)
    if assessment.assessed_by_id != physio.pk:
        raise NotFound("No such assessment.")


@transaction.atomic
def clinic_assessment_start(*, physio: User, client: User) -> Assessment:
    """Open (or resume) this physiotherapist's in-clinic assessment of a linked client."""
    link_check(physio, client.pk)
    return assessment_services.assessment_start_in_clinic(client=client, assessed_by=physio)


@transaction.atomic
def clinic_assessment_answers_save(
    *, physio: User, assessment: Assessment, step: str, items: dict[str, Any], completed: bool
) -> Assessment:
    """Keep one step's observed answers in the draft (as the questionnaire does)."""
    _check_own_draft(physio, assessment)
    return assessment_services.assessment_answers_save(
        assessment=assessment, step=step, items=items, completed=completed
    )


@transaction.atomic
def clinic_assessment_submit(*, physio: User, assessment: Assessment) -> Assessment:
    """Evaluate the observed answers with the rules engine and freeze the result."""
    _check_own_draft(physio, assessment)
    return assessment_services.assessment_submit(assessment=assessment)


@transaction.atomic
def clinic_program_start(
    *,
    physio: User,
    assessment: Assessment,
    start_date: date,
    strength_days: Iterable[int],
    replace_current: bool = False,
) -> Program:
    """Start the linked client's program from one of their assessments (in clinic or their own).

    The program is the one the client would have started themselves: the same generation, the
    same referral flags.
    """
    if assessment.owner_id is None:
        raise NotFound("No such assessment.")
    link_check(physio, assessment.owner_id)
    return program_services.program_generate(
        client=assessment.owner,
        assessment=assessment,
        start_date=start_date,
        strength_days=strength_days,
        replace_current=replace_current,
        started_by=physio,
    )


@transaction.atomic
def clinic_clearance_record(
    *,
    physio: User,
    assessment: Assessment,
    clinician_name: str,
    clinician_role: str,
    seen_on: date | None,
    confirmed: bool,
    today: date | None = None,
) -> Assessment:
    """Record, for a linked client, that a clinician has examined the knee and cleared them to
    exercise (spec sections 5 and 8): it releases the program their assessment withheld, as the
    client's own record would. The physiotherapist may be that clinician."""
    if assessment.owner_id is None:
        raise NotFound("No such assessment.")
    link_check(physio, assessment.owner_id)
    return assessment_services.assessment_record_clearance_for_client(
        assessment=assessment,
        physiotherapist=physio,
        clinician_name=clinician_name,
        clinician_role=clinician_role,
        seen_on=seen_on,
        confirmed=confirmed,
        today=today,
    )
