"""Which program, and which assessment it starts from.

Every selector takes the requesting user: an object that is not theirs is simply not found.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.errors import NotFound
from accounts.models import User
from assessments.models import Assessment
from programs import scheduling
from programs.engine import Answers, Evaluation
from programs.models import Program, done_logs


def program_current_or_404(user: User) -> Program:
    program = Program.objects.current_for(user)
    if program is None:
        raise NotFound("No current program.")
    return program


def client_program_for(user: User, program_id: int) -> Program | None:
    """One of the requesting client's own programs (``None`` for anyone else's)."""
    return Program.objects.filter(client=user, pk=program_id).select_related("assessment").first()


def assessment_for_start(user: User, uid: Any) -> Assessment:
    """The client's own submitted baseline assessment (404 for anyone else's)."""
    return get_object_or_404(
        Assessment,
        uid=uid,
        owner=user,
        kind=Assessment.Kind.BASELINE,
        status=Assessment.Status.SUBMITTED,
    )


def evaluation_of(assessment: Assessment) -> Evaluation | None:
    if not assessment.evaluation:
        return None
    return Evaluation.model_validate(assessment.evaluation)


def sessions_per_week_of(assessment: Assessment) -> int:
    """The strength sessions a week the client asked for (the questionnaire's default if none)."""
    return Answers.model_validate(assessment.answers).sessions_per_week


def strength_days_for(assessment: Assessment) -> list[int]:
    """The default strength days from the sessions per week the client asked for."""
    return scheduling.default_strength_days(sessions_per_week_of(assessment))


def program_reassessment_dates(program: Program) -> list[tuple[int, date]]:
    """(week, due date) of the reassessments: the last day of weeks 6 and 12."""
    return scheduling.reassessment_dates(program.start_date, program.weeks)


def program_last_day(program: Program) -> date:
    """The last day an ended program covers: the day it was replaced, or its last scheduled day.

    A program is completed by the daily job after its last day, so its ``ended_at`` may be a day
    or more after the end of week 12; the program itself still ended on its last scheduled day.
    """
    last_scheduled = scheduling.program_end(program.start_date, program.weeks)
    if program.ended_at is None:
        return last_scheduled
    return min(timezone.localdate(program.ended_at), last_scheduled)


@dataclass(frozen=True)
class EarlierProgram:
    """One of the client's replaced or completed programs, as the history list shows it."""

    program: Program
    last_day: date
    sessions_logged: int

    @property
    def ended_before_start(self) -> bool:
        """Replaced before its first day (a new program was started in the meantime)."""
        return self.last_day < self.program.start_date


def earlier_programs(user: User, *, exclude: Program | None = None) -> list[EarlierProgram]:
    """The client's replaced and completed programs, newest first (one query).

    ``exclude`` is the program the page already shows in full. A session counts as logged when
    any exercise was logged for it, as on the progress charts.
    """
    programs = (
        Program.objects.filter(
            client=user, status__in=(Program.Status.REPLACED, Program.Status.COMPLETED)
        )
        .annotate(
            n_sessions_logged=Count(
                "sessions",
                filter=done_logs("sessions__exercise_logs__"),
                distinct=True,
            )
        )
        .order_by("-start_date", "-created_at")
    )
    if exclude is not None:
        programs = programs.exclude(pk=exclude.pk)
    return [
        EarlierProgram(
            program=program,
            last_day=program_last_day(program),
            sessions_logged=program.n_sessions_logged,
        )
        for program in programs
    ]
