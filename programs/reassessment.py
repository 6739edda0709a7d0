"""Reassessment during a program (clinical spec, sections 8 and 9): when it is due, and storing it.

The comparison with the baseline and the improvement rule are the engine's
(``programs.engine.reassessment.compare`` and ``programs.engine.flags.flags_from_reassessment``);
this module stores what the engine decided, freezes it with the rules version, and turns the
flags into ``Flag`` rows for the physiotherapist.

Which rule applies follows the program week the reassessment falls in: from week 6 the week-6
rule (physiotherapist, routine), from week 12 the week-12 rule (orthopaedic specialist, routine).
A reassessment asked for earlier is compared with the baseline, but no rule is applied: the spec
gives exercise six weeks before judging it.

When a reassessment can be taken:

- while the program is active, at any time (weeks 6 and 12 are when it is due);
- after the program completed (the day after its last day, which is when the week-12
  reassessment falls due), for ``FINAL_REASSESSMENT_WINDOW_DAYS``; it counts as the program's
  last week, so the week-12 rule applies;
- never while the program is paused. A program is paused by a warning sign (a hot, red knee,
  giving way, locking, marked swelling, not bearing weight) and waits for a clinician; the
  reassessment asks for single-leg squats and hip-drop tests on that knee, which should wait for
  the same clinician. Once the program is resumed the reassessment is offered again, as due.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment
from programs import engine, scheduling
from programs.engine.answers import Answers, ReassessmentAnswers
from programs.engine.flags import flags_from_reassessment
from programs.engine.reassessment import Comparison, compare
from programs.models import Flag, Program

FIRST_RULE_WEEK, FINAL_RULE_WEEK = scheduling.REASSESSMENT_WEEKS

# How long after a program completes its final reassessment can still be taken. The week-12
# reassessment is due on the program's last day and the program completes the next day, so a
# client who opens the app a few days late must still be able to take it. Two weeks covers a
# holiday or a busy fortnight; later than that the client has been off the exercises long enough
# for the answers to describe the weeks since, not the program, and the week-12 rule (a referral
# when the program did not help) would judge the program on the wrong evidence.
FINAL_REASSESSMENT_WINDOW_DAYS = 14


class ReassessmentNotAllowed(Exception):
    """The program cannot take a reassessment (not the client's, paused, or ended too long ago)."""


def completed_on(program: Program) -> date:
    """The day a program completes: the day after its last scheduled day."""
    return scheduling.program_end(program.start_date, program.weeks) + timedelta(days=1)


def final_reassessment_closes(program: Program) -> date:
    """The last day on which a completed program can still take its final reassessment."""
    return completed_on(program) + timedelta(days=FINAL_REASSESSMENT_WINDOW_DAYS)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def reassessment_refusal(program: Program | None, today: date) -> str | None:
    """Why ``program`` cannot take a reassessment on ``today``, in words for the client, or
    ``None`` when it can."""
    if program is None:
        return "A reassessment compares you with the start of a program, and you have none yet."
    if program.status == Program.Status.ACTIVE:
        return None
    if program.status == Program.Status.PAUSED:
        return (
            "Your program is paused until a clinician has checked your knee. The reassessment "
            "includes movement tests on that knee, so it waits until your program is resumed."
        )
    if program.status == Program.Status.COMPLETED:
        closes = final_reassessment_closes(program)
        if today <= closes:
            return None
        return (
            f"Your program ended on {_day(completed_on(program) - timedelta(days=1))}, and the "
            f"final reassessment could be taken until {_day(closes)}. After that the "
            "comparison would no longer show what the program did. To see where your knee is "
            "now, take a new self-assessment."
        )
    return "This program was replaced by a newer one, so it takes no more reassessments."


def reassessment_week(program: Program, today: date) -> int:
    """The program week a reassessment taken on ``today`` belongs to.

    The current week while the program runs; its last week once it has completed, so a final
    reassessment taken a few days after the end is judged by the week-12 rule.
    """
    if program.status == Program.Status.COMPLETED:
        return program.weeks
    return max(scheduling.week_number(program.start_date, today), 1)


def rule_week_for(program_week: int) -> int | None:
    """The rule week (6 or 12) that applies to a reassessment in ``program_week``, if any."""
    if program_week >= FINAL_RULE_WEEK:
        return FINAL_RULE_WEEK
    if program_week >= FIRST_RULE_WEEK:
        return FIRST_RULE_WEEK
    return None


def reassessment_due(program: Program, today: date) -> int | None:
    """The reassessment week (6 or 12) that is due today and not yet done, else ``None``.

    A reassessment is due from the last day of its week; one submitted in or after that week
    counts as done. When both are outstanding only week 12 is offered: one form covers both.
    A completed program's final reassessment stays due for ``FINAL_REASSESSMENT_WINDOW_DAYS``.
    """
    if reassessment_refusal(program, today) is not None:
        return None
    reached = [
        week
        for week, due in scheduling.reassessment_dates(program.start_date, program.weeks)
        if today >= due
    ]
    if not reached:
        return None
    latest_done = (
        Assessment.objects.filter(
            program=program,
            kind=Assessment.Kind.REASSESSMENT,
            status=Assessment.Status.SUBMITTED,
        )
        .order_by("-program_week")
        .values_list("program_week", flat=True)
        .first()
    )
    outstanding = [week for week in reached if latest_done is None or latest_done < week]
    return outstanding[-1] if outstanding else None


def baseline_answers(program: Program) -> Answers:
    return Answers.model_validate(program.assessment.answers)


def stored_comparison(assessment: Assessment) -> Comparison:
    """The comparison frozen when the reassessment was submitted."""
    return Comparison.model_validate(assessment.evaluation["comparison"])


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
    ``reassessment_week``), whatever ``week`` says. ``today`` (the client's local date by
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
    baseline = baseline_answers(program)
    comparison = compare(baseline, follow_up)
    rule_week = rule_week_for(week)
    specs = flags_from_reassessment(rule_week, baseline, follow_up) if rule_week else []

    now = timezone.now()
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
        submitted_at=now,
    )
    for spec in specs:
        Flag.objects.get_or_create(
            client=client,
            dedupe_key=f"reassessment:{program.pk}:{spec.rule}",
            defaults={
                "program": program,
                "kind": spec.kind,
                "destination": spec.destination or "",
                "urgency": spec.urgency or "",
                "reason": spec.reason,
                "rule": spec.rule,
                "source": Flag.Source.REASSESSMENT,
                "pauses_program": spec.pauses_program,
            },
        )
    return assessment


def reassessment_for(user: User, uid: Any) -> Assessment | None:
    """The user's own submitted reassessment with this uid (``None`` for anyone else's)."""
    return (
        Assessment.objects.select_related("program", "baseline")
        .filter(
            uid=uid,
            owner=user,
            kind=Assessment.Kind.REASSESSMENT,
            status=Assessment.Status.SUBMITTED,
        )
        .first()
    )


def reassessment_flags(assessment: Assessment) -> list[Flag]:
    """The flags this reassessment raised (or found already raised for the same rule)."""
    rules = [spec["rule"] for spec in (assessment.evaluation or {}).get("flags", [])]
    if not rules or assessment.program_id is None:
        return []
    keys = [f"reassessment:{assessment.program_id}:{rule}" for rule in rules]
    return list(Flag.objects.filter(client_id=assessment.owner_id, dedupe_key__in=keys))
