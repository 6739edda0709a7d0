"""Storing a reassessment during a program (clinical spec, sections 8 and 9).

The comparison with the baseline and the improvement rule are the engine's
(``programs.engine.reassessment.compare`` and ``programs.engine.flags.flags_from_reassessment``);
this stores what the engine decided, frozen with the rules version, and turns the flags into
``Flag`` rows for the physiotherapist. When a reassessment can be taken, and which rule week
applies, is ``programs.policy``'s.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment
from programs import engine, scheduling
from programs.engine.answers import Answers, ReassessmentAnswers
from programs.engine.flags import flags_from_reassessment
from programs.engine.reassessment import compare
from programs.errors import ReassessmentNotAllowed
from programs.models import Flag, Program
from programs.policy import reassessment_refusal, rule_week_for
from programs.services.flags import flag_raise


@transaction.atomic
def reassessment_submit(
    *,
    client: User,
    program: Program,
    answers: ReassessmentAnswers | dict[str, Any],
    week: int,
    today: date | None = None,
) -> Assessment:
    """Store a reassessment of ``program`` in program week ``week`` and raise its flags.

    A completed program's reassessment always belongs to its last week (see
    ``policy.reassessment_week``), whatever ``week`` says. ``today`` (the client's local date by
    default) decides whether a completed program is still within its final-reassessment window.

    The comparison and the verdict are frozen on the assessment (with the rules version), so a
    later change of the rules never rewrites what the client was told. A flag is raised once per
    program and rule: a second reassessment that is again not improved does not add another.
    """
    if program.client_id != client.pk:
        raise ReassessmentNotAllowed("This program belongs to someone else.")
    today = today or timezone.localdate()
    # Read the status under a lock: a program paused by a check-in a moment ago takes no
    # reassessment, even from a form opened before the pause.
    program.status = (
        Program.objects.select_for_update().values_list("status", flat=True).get(pk=program.pk)
    )
    refusal = reassessment_refusal(program, today)
    if refusal is not None:
        raise ReassessmentNotAllowed(refusal)
    if program.status == Program.Status.COMPLETED:
        week = program.weeks
    follow_up = (
        answers
        if isinstance(answers, ReassessmentAnswers)
        else ReassessmentAnswers.model_validate(answers)
    )
    stored_answers = follow_up.model_dump(mode="json", exclude_none=True)
    # A form sent twice (a double click, a reload after submitting) is the same reassessment.
    resubmitted = (
        Assessment.objects.select_for_update()
        .filter(
            program=program,
            owner=client,
            kind=Assessment.Kind.REASSESSMENT,
            status=Assessment.Status.SUBMITTED,
            program_week=week,
            answers=stored_answers,
        )
        .first()
    )
    if resubmitted is not None:
        return resubmitted
    baseline = Answers.model_validate(program.assessment.answers)
    comparison = compare(baseline, follow_up)
    rule_week = rule_week_for(week)
    # Week 12 says "still" only when week 6 was not improved either (spec section 8).
    week6 = (
        Assessment.objects.filter(
            program=program,
            kind=Assessment.Kind.REASSESSMENT,
            status=Assessment.Status.SUBMITTED,
            evaluation__rule_week=rule_week_for(scheduling.reassessment_weeks()[0]),
        )
        .order_by("-submitted_at")
        .values_list("evaluation__comparison__improved", flat=True)
        .first()
    )
    specs = (
        flags_from_reassessment(rule_week, baseline, follow_up, week6_improved=week6)
        if rule_week
        else []
    )

    assessment = Assessment.objects.create(
        owner=client,
        kind=Assessment.Kind.REASSESSMENT,
        status=Assessment.Status.SUBMITTED,
        answers=stored_answers,
        baseline=program.assessment,
        program=program,
        program_week=week,
        evaluation={
            "comparison": comparison.model_dump(mode="json"),
            "rule_week": rule_week,
            "flags": [spec.model_dump(mode="json") for spec in specs],
        },
        rules_version=engine.RULES_VERSION,
        submitted_at=timezone.now(),
    )
    for spec in specs:
        flag_raise(
            client=client,
            program=program,
            dedupe_key=f"reassessment:{program.pk}:{spec.rule}",
            kind=spec.kind,
            destination=spec.destination or "",
            urgency=spec.urgency or "",
            reason=spec.reason,
            rule=spec.rule,
            source=Flag.Source.REASSESSMENT,
            pauses_program=spec.pauses_program,
            rules_version=engine.RULES_VERSION,
        )
    return assessment
