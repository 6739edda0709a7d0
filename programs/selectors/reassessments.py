"""Reads of reassessments: which one is due, one of the client's own, and what it raised."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from accounts.models import User
from assessments.models import Assessment
from programs import scheduling
from programs.engine.answers import Answers
from programs.engine.reassessment import Comparison
from programs.models import Flag, Program
from programs.policy import reassessment_refusal


def reassessment_due(program: Program, today: date) -> int | None:
    """The reassessment week (6 or 12) that is due today and not yet done, else ``None``.

    A reassessment is due from the last day of its week; one submitted in or after that week
    counts as done. When both are outstanding only week 12 is offered: one form covers both.
    A completed program's final reassessment stays due while it can still be taken.
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


def stored_comparison(assessment: Assessment) -> Comparison:
    """The comparison frozen when the reassessment was submitted."""
    return Comparison.model_validate(assessment.evaluation["comparison"])


def reassessment_flags(assessment: Assessment) -> list[Flag]:
    """The flags this reassessment raised (or found already raised for the same rule)."""
    rules = [spec["rule"] for spec in (assessment.evaluation or {}).get("flags", [])]
    if not rules or assessment.program_id is None:
        return []
    keys = [f"reassessment:{assessment.program_id}:{rule}" for rule in rules]
    return list(Flag.objects.filter(client_id=assessment.owner_id, dedupe_key__in=keys))


def baseline_goal_activities(program: Program | None) -> tuple[str, ...]:
    """The client's own goal activities at the program's start, in their words (spec section
    9: the reassessment asks the same activities again). Empty without goals."""
    if program is None:
        return ()
    try:
        baseline = Answers.model_validate(program.assessment.answers)
    except ValidationError:
        return ()
    return tuple(activity.activity for activity in baseline.goal_activities)
