"""One linked client's record, as the review page shows it: flags, program, messages and notes,
progress, session logs, history and the self-assessment."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

from accounts.errors import NotFound
from accounts.models import User
from assessments.models import Assessment
from assessments.presentation import (
    answer_rows,
    answer_text,
    decision_reason,
    function_score_text,
    level_label,
    review_change_reason,
    review_no_flags,
    review_no_program,
    review_paused_why,
)
from assessments.selectors import evaluation_explained
from care.access import active_link, link_check_or_404
from care.models import ClinicalNote
from care.selectors.caseload import flag_rank
from care.selectors.clearances import clearances_for_client
from care.selectors.clinic import clinic_draft_open, startable_assessments
from care.selectors.conversations import thread_messages
from programs import charts, scheduling
from programs.engine import FUNCTION_ITEMS, ITEM_LABELS, Answers
from programs.engine import library as exercise_library
from programs.models import (
    ExerciseLog,
    Flag,
    Message,
    Program,
    ProgramChange,
    ProgramExercise,
    ProgressionDecision,
)
from programs.policy import Dose, prescribed_dose
from programs.selectors import function_score, goal_trends, program_outcomes, program_progress

REVIEW_LOGS_PER_PAGE = 20
REVIEW_MESSAGES = 4
COMPARED_ITEMS: tuple[tuple[str, str], ...] = (
    ("pain_now", "Pain now (0-10)"),
    ("pain_worst_week", "Worst pain in the last week (0-10)"),
    ("single_leg_squat_left", "Single-leg squat, left"),
    ("single_leg_squat_right", "Single-leg squat, right"),
    ("squat_knees_cave", "Two-leg squat: knees cave"),
    ("hip_drop_left", "Hip drop standing on the left"),
    ("hip_drop_right", "Hip drop standing on the right"),
    # Each function item the score is made of, in words ("2/4 (moderate)"), as the client's
    # reassessment result shows it.
    *((item, f"{ITEM_LABELS[item]} (0-4)") for item in FUNCTION_ITEMS),
)


def level_choices(code: str, equipment: Iterable[str]) -> list[tuple[int, str]]:
    """Levels this client can do with their equipment (spec section 3 caps), labelled."""
    return [
        (number, level_label(code, number))
        for number in exercise_library.allowed_levels(code, equipment)
    ]


@dataclass
class ExerciseRow:
    exercise: ProgramExercise
    name: str
    level_title: str
    top_level: int
    dose: Dose


def program_exercise_rows(program: Program) -> list[ExerciseRow]:
    rows = []
    for exercise in program.exercises.all():
        item = exercise_library.get(exercise.code)
        rows.append(
            ExerciseRow(
                exercise=exercise,
                name=item.name,
                level_title=item.level(exercise.level).title,
                top_level=item.top_level,
                dose=prescribed_dose(exercise),
            )
        )
    return rows


def program_exercise_for(physio: User, client: User, exercise_id: int) -> ProgramExercise:
    """An exercise of the client's current program; 404 for anything else."""
    link_check_or_404(physio, client)
    exercise = (
        ProgramExercise.objects.select_related("program")
        .filter(pk=exercise_id, program__in=Program.objects.current().filter(client=client))
        .first()
    )
    if exercise is None:
        raise NotFound("No such exercise.")
    return exercise


def current_program_for(physio: User, client: User) -> Program:
    """The linked client's current program; 404 when there is none."""
    link_check_or_404(physio, client)
    program = Program.objects.current_for(client)
    if program is None:
        raise NotFound("No current program.")
    return program


def exercises_in_use(program: Program) -> list[str]:
    """Codes of the program's active exercises (the library's others can be added)."""
    return list(program.exercises.filter(active=True).values_list("code", flat=True))


def open_flag_count(program: Program) -> int:
    return program.flags.filter(status=Flag.Status.OPEN).count()


def flag_for(physio: User, client: User, flag_id: int) -> Flag:
    link_check_or_404(physio, client)
    flag = Flag.objects.select_related("program").filter(pk=flag_id, client=client).first()
    if flag is None:
        raise NotFound("No such flag.")
    return flag


def flags_for_review(client: User) -> list[Flag]:
    """Every flag, unresolved first, most urgent first, then newest."""
    return list(
        Flag.objects.filter(client=client)
        .annotate(
            rank=flag_rank(),
            resolved=Case(
                When(status=Flag.Status.RESOLVED, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .select_related("acknowledged_by", "resolved_by")
        .order_by("resolved", "rank", "-created_at")
    )


def decisions_for(program: Program, limit: int = 40) -> list[ProgressionDecision]:
    """Level changes (advance, regress, adjustments); "hold" decisions are on the logs."""
    return list(
        ProgressionDecision.objects.filter(program_exercise__program=program)
        .exclude(Q(from_level=F("to_level")) & ~Q(action=ProgressionDecision.Action.ADJUST))
        .select_related("program_exercise", "exercise_log__session")
        .order_by("-created_at", "-id")[:limit]
    )


def changes_for(program: Program) -> QuerySet[ProgramChange]:
    return (
        ProgramChange.objects.filter(program=program)
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


def logs_for(program: Program) -> QuerySet[ExerciseLog]:
    return (
        ExerciseLog.objects.filter(session__program=program)
        .select_related("session", "program_exercise", "session__checkin")
        .order_by("-session__date", "program_exercise__order", "-id")
    )


def messages_for_client(client: User) -> QuerySet[Message]:
    """Messages to this client, newest first."""
    return Message.objects.filter(client=client).select_related("physiotherapist")


@dataclass
class Comparison:
    label: str
    values: list[str]


def reassessment_comparison(
    baseline: Assessment, reassessments: list[Assessment]
) -> tuple[list[str], list[Comparison]]:
    """Item-by-item table: baseline, then each reassessment (spec section 9)."""
    columns = ["Start"] + [
        f"Week {item.program_week}" if item.program_week else "Reassessment"
        for item in reassessments
    ]
    sources = [baseline, *reassessments]
    rows = [
        Comparison(label, [answer_text(key, source.answers.get(key)) for source in sources])
        for key, label in COMPARED_ITEMS
    ]
    scores = [function_score(source) for source in sources]
    rows.append(
        Comparison(
            "Function score (100 = no difficulty)",
            [function_score_text(score) for score in scores],
        )
    )
    rows.append(
        Comparison(
            "Overall change (client's rating)",
            ["—"]
            + [
                answer_text("global_rating_of_change", item.answers.get("global_rating_of_change"))
                for item in reassessments
            ],
        )
    )
    return columns, rows


def _referrals_at_assessment(
    evaluation: dict, program: Program | None, flags: list[Flag]
) -> list[dict]:
    """The assessment's referrals as the client reads them (a withheld result never says the
    exercises start), each with the flag it became when the program started: the review says
    its reasons once, in that flag."""
    if not evaluation:
        return []
    raised = {
        (flag.destination, flag.urgency): flag
        for flag in flags
        if program is not None
        and flag.program_id == program.pk
        and flag.source == Flag.Source.ASSESSMENT
    }
    return [
        {**referral, "flag": raised.get((referral["destination"], referral["urgency"]))}
        for referral in evaluation_explained(evaluation).referrals
    ]


def client_review(physio: User, client: User, *, today: date, logs_page: str | None = None) -> dict:
    """Everything the review page shows about one linked client (access checked again)."""
    link = active_link(physio, client)
    if link is None:
        raise NotFound("No such client.")
    program = Program.objects.latest_for(client)
    assessments = startable_assessments(physio, client, link=link)
    baseline = program.assessment if program is not None else next(iter(assessments), None)
    evaluation = (baseline.evaluation or {}) if baseline is not None else {}
    flags = flags_for_review(client)
    shown_flag_reasons = [flag.reason for flag in flags]
    referrals = _referrals_at_assessment(evaluation, program, flags)
    withheld = bool(evaluation) and not evaluation.get("program_allowed", True)
    unflagged = sum(1 for referral in referrals if referral["flag"] is None)
    context: dict = {
        "client": client,
        "link": link,
        "program": program,
        "baseline": baseline,
        "answers": (
            answer_rows(baseline.answers, Answers.model_fields) if baseline is not None else []
        ),
        "evaluation": evaluation,
        "withheld": withheld,
        "findings": evaluation.get("findings", []),
        "referrals": referrals,
        "flags": flags,
        "no_flags": review_no_flags(referrals_at_assessment=unflagged),
        "unflagged_referrals": unflagged,
        "no_program": (
            review_no_program(
                name=client.display_name,
                in_clinic=baseline.is_in_clinic,
                on=baseline.submitted_at,
                withheld=withheld,
            )
            if program is None and baseline is not None
            else ""
        ),
        "clearances": clearances_for_client(physio, client, link=link),
        "notes": ClinicalNote.objects.filter(client=client).select_related("physiotherapist"),
        # The latest of this physiotherapist's conversation with the client; the whole
        # conversation is its own page.
        "recent_messages": thread_messages(client, physio)[-REVIEW_MESSAGES:],
        "today": today,
        "assessments": assessments,
        "clinic_draft": clinic_draft_open(physio, client, link=link),
    }
    if program is None:
        return context
    rows = program_exercise_rows(program)
    reassessments = list(
        Assessment.objects.filter(
            program=program,
            owner=client,
            kind=Assessment.Kind.REASSESSMENT,
            status=Assessment.Status.SUBMITTED,
        ).order_by("submitted_at", "id")
    )
    columns, comparison = reassessment_comparison(program.assessment, reassessments)
    summary = program_progress(program, today=today)
    outcomes = program_outcomes(summary)
    names = {row.exercise.pk: row.name for row in rows}
    codes = {row.exercise.pk: row.exercise.code for row in rows}
    logs = Paginator(logs_for(program), REVIEW_LOGS_PER_PAGE).get_page(logs_page)
    logs.object_list = list(logs.object_list)
    decisions = decisions_for(program)
    changes = list(changes_for(program))
    for change in changes:
        change.reason_display = review_change_reason(change.reason, shown_flag_reasons)
    for item in [*logs.object_list, *decisions]:
        item.exercise_name = names.get(item.program_exercise_id, "")
    for decision in decisions:
        decision.reason_display = decision_reason(
            code=codes.get(decision.program_exercise_id, ""),
            action=decision.action,
            to_level=decision.to_level,
            reason=decision.reason,
        )
    context.update(
        {
            "exercises": [row for row in rows if row.exercise.active],
            "removed": [row for row in rows if not row.exercise.active],
            "week": min(max(scheduling.week_number(program.start_date, today), 1), program.weeks),
            "decisions": decisions,
            "changes": changes,
            "paused_why": review_paused_why(program.paused_reason, shown_flag_reasons),
            "logs": logs,
            "summary": summary,
            "outcomes": outcomes,
            "goals": goal_trends(summary),
            "charts": {
                "pain": charts.outcome_pain_chart(outcomes) if outcomes.has_pain else None,
                "goal": charts.goal_chart(outcomes) if outcomes.has_goal else None,
                "adherence": charts.outcome_adherence_chart(outcomes) if outcomes.weeks else None,
                "levels": charts.level_chart(summary) if summary.levels else None,
            },
            "comparison_columns": columns,
            "comparison": comparison if reassessments else [],
            "strength_days_text": scheduling.describe_days(program.strength_days) or "none",
        }
    )
    return context
