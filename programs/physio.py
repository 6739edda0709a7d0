"""The physiotherapist's workspace: selectors that only find linked clients, and the services that
change a client's program, each with a reason the client will read.

Access rule: a physiotherapist reaches a client's data only through :func:`client_for_physio`,
which requires an active :class:`~accounts.models.CareLink`. Ending the link removes access at
once. Every service checks the same rule again, so a view that forgot to would still be safe.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import CareLink, User
from programs.engine import library
from programs.models import (
    ClinicalNote,
    ExerciseLog,
    Flag,
    Message,
    Program,
    ProgramChange,
    ProgramExercise,
    ProgressionDecision,
    ScheduledSession,
)
from programs.presentation import next_time_display

CURRENT_STATUSES = (Program.Status.ACTIVE, Program.Status.PAUSED)
ADHERENCE_WINDOW_DAYS = 14
PAIN_TREND_DAYS = 28
PAIN_TREND_POINTS = 10
CASELOAD_PAGE_SIZE = 25
# Caseload order (issue 4): the most urgent open flag first; attention flags (adherence) are for
# the physiotherapist only and come after every referral; clients without open flags last.
URGENCY_RANK = {"same_day": 0, "within_2_weeks": 1, "routine": 2}
ATTENTION_RANK = 3
NO_FLAG_RANK = 4
ADJUST_RULE = "PHYSIO-ADJUST"


# --- access ------------------------------------------------------------------------------------


def _require_physio(physio: User) -> None:
    if not getattr(physio, "is_physiotherapist", False):
        raise Http404("Not found.")


def _active_link(physio: User, client_id: int) -> Q:
    return Q(physiotherapist=physio, client_id=client_id, ended_at__isnull=True)


def clients_of(physio: User) -> QuerySet[User]:
    """Clients with an active link to this physiotherapist (each once)."""
    _require_physio(physio)
    linked = CareLink.objects.filter(
        client=OuterRef("pk"), physiotherapist=physio, ended_at__isnull=True
    )
    return User.objects.filter(Exists(linked), role=User.Role.CLIENT)


def client_for_physio(physio: User, client_id: int) -> User:
    """The linked client, or 404 for anyone else (unlinked, revoked, unknown ids alike)."""
    try:
        return clients_of(physio).get(pk=client_id)
    except User.DoesNotExist:
        raise Http404("No such client.") from None


def _check_link(actor: User, client_id: int) -> None:
    if not (
        getattr(actor, "is_physiotherapist", False)
        and CareLink.objects.filter(_active_link(actor, client_id)).exists()
    ):
        raise PermissionDenied("Only a linked physiotherapist can do this.")


def current_program(client: User) -> Program | None:
    return (
        Program.objects.filter(client=client, status__in=CURRENT_STATUSES)
        .select_related("assessment")
        .first()
    )


def latest_program(client: User) -> Program | None:
    return current_program(client) or (
        Program.objects.filter(client=client).select_related("assessment").first()
    )


# --- caseload ----------------------------------------------------------------------------------


def _flag_rank() -> Case:
    return Case(
        When(kind=Flag.Kind.ATTENTION, then=Value(ATTENTION_RANK)),
        *(When(urgency=urgency, then=Value(rank)) for urgency, rank in URGENCY_RANK.items()),
        default=Value(URGENCY_RANK["routine"]),
        output_field=IntegerField(),
    )


def _count(queryset: QuerySet) -> Coalesce:
    """A correlated COUNT subquery (0 when nothing matches)."""
    counted = queryset.order_by().values("program__client").annotate(n=Count("pk", distinct=True))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), Value(0))


def caseload_for(
    physio: User,
    *,
    today: date | None = None,
    search: str = "",
    open_flags_only: bool = False,
    adherence_below: int | None = None,
    paused_only: bool = False,
) -> QuerySet[User]:
    """Linked clients with what the caseload shows, in a fixed number of queries.

    Annotations: ``program_id``, ``program_status``, ``program_start``, ``program_weeks``,
    ``scheduled_14``, ``logged_14`` (sessions up to today in the last 14 days, and those with at
    least one exercise logged), ``flag_rank`` and ``last_log``. Unresolved flags are prefetched
    into ``unresolved_flags`` (most urgent first).
    """
    today = today or timezone.localdate()
    window_start = today - timedelta(days=ADHERENCE_WINDOW_DAYS - 1)
    programs = Program.objects.filter(client=OuterRef("pk"), status__in=CURRENT_STATUSES).order_by(
        "-created_at"
    )
    window = ScheduledSession.objects.filter(
        program__client=OuterRef("pk"),
        program__status__in=CURRENT_STATUSES,
        date__gte=window_start,
        date__lte=today,
    )
    open_rank = (
        Flag.objects.filter(client=OuterRef("pk"), status=Flag.Status.OPEN)
        .annotate(rank=_flag_rank())
        .order_by("rank")
        .values("rank")[:1]
    )
    last_log = (
        ExerciseLog.objects.filter(session__program__client=OuterRef("pk"))
        .order_by("-session__date")
        .values("session__date")[:1]
    )
    unresolved = Flag.objects.exclude(status=Flag.Status.RESOLVED).annotate(rank=_flag_rank())
    clients = (
        clients_of(physio)
        .annotate(
            program_id=Subquery(programs.values("pk")[:1]),
            program_status=Subquery(programs.values("status")[:1]),
            program_start=Subquery(programs.values("start_date")[:1]),
            program_weeks=Subquery(programs.values("weeks")[:1]),
            scheduled_14=_count(window),
            logged_14=_count(window.filter(exercise_logs__isnull=False)),
            flag_rank=Coalesce(
                Subquery(open_rank, output_field=IntegerField()), Value(NO_FLAG_RANK)
            ),
            last_log=Subquery(last_log),
        )
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=unresolved.order_by("status", "rank", "-created_at"),
                to_attr="unresolved_flags",
            )
        )
    )
    for term in search.split():
        clients = clients.filter(
            Q(username__icontains=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
        )
    if open_flags_only:
        clients = clients.filter(flag_rank__lt=NO_FLAG_RANK)
    if adherence_below is not None:
        clients = clients.filter(
            scheduled_14__gt=0, logged_14__lt=F("scheduled_14") * adherence_below / 100.0
        )
    if paused_only:
        clients = clients.filter(program_status=Program.Status.PAUSED)
    return clients.order_by(
        "flag_rank", F("last_log").desc(nulls_last=True), "first_name", "last_name", "username"
    )


@dataclass
class CaseloadRow:
    client: User
    week: int | None
    paused: bool
    scheduled: int
    logged: int
    last_log: date | None
    flags: list[Flag]
    pain: list[int] = field(default_factory=list)

    @property
    def adherence_percent(self) -> int | None:
        return round(100 * self.logged / self.scheduled) if self.scheduled else None

    @property
    def open_flags(self) -> list[Flag]:
        return [flag for flag in self.flags if flag.status == Flag.Status.OPEN]

    @property
    def spark(self) -> dict | None:
        """Coordinates of the inline SVG sparkline (drawn on the server, no script)."""
        if not self.pain:
            return None
        coords = sparkline_coords(self.pain)
        last_x, last_y = coords[-1]
        return {
            "points": " ".join(f"{x},{y}" for x, y in coords),
            "last_x": last_x,
            "last_y": last_y,
            "ref_y": _pain_y(5),
            "last_high": self.pain[-1] >= 6,
        }


def label_flags(flags: Iterable[Flag]) -> list[Flag]:
    """Give each flag the readable destination and urgency its badge shows."""
    from programs.engine import load_texts

    texts = load_texts()
    flags = list(flags)
    for flag in flags:
        flag.destination_title = _title(texts.destinations, flag.destination)
        flag.urgency_title = _title(texts.urgencies, flag.urgency)
    return flags


def caseload_rows(clients: Iterable[User], *, today: date | None = None) -> list[CaseloadRow]:
    """Rows for one page of :func:`caseload_for`, with the pain trend (one more query)."""
    today = today or timezone.localdate()
    clients = list(clients)
    pain: dict[int, list[int]] = defaultdict(list)
    if clients:
        rows = (
            ExerciseLog.objects.filter(
                session__program__client__in=[client.pk for client in clients],
                session__date__gte=today - timedelta(days=PAIN_TREND_DAYS - 1),
                session__date__lte=today,
            )
            .values("session__program__client", "session__date")
            .annotate(highest=Max("pain_during"))
            .order_by("session__program__client", "session__date")
        )
        for row in rows:
            pain[row["session__program__client"]].append(row["highest"])
    result = []
    for client in clients:
        week = None
        if client.program_start is not None:
            week = min(max((today - client.program_start).days // 7 + 1, 1), client.program_weeks)
        result.append(
            CaseloadRow(
                client=client,
                week=week,
                paused=client.program_status == Program.Status.PAUSED,
                scheduled=client.scheduled_14,
                logged=client.logged_14,
                last_log=client.last_log,
                flags=label_flags(client.unresolved_flags),
                pain=pain.get(client.pk, [])[-PAIN_TREND_POINTS:],
            )
        )
    return result


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 96, 24, 3


def _pain_y(value: int) -> float:
    """Pain 0 at the bottom, 10 at the top; the dashed reference line sits at 5/10."""
    return round(SPARK_PAD + (SPARK_HEIGHT - 2 * SPARK_PAD) * (1 - value / 10), 1)


def sparkline_coords(values: Sequence[int]) -> list[tuple[float, float]]:
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(values) - 1, 1)
    x0 = SPARK_PAD if len(values) > 1 else SPARK_WIDTH / 2
    return [(round(x0 + index * step, 1), _pain_y(value)) for index, value in enumerate(values)]


# --- client review -----------------------------------------------------------------------------


def exercise_label(code: str) -> str:
    try:
        return library.get(code).name
    except KeyError:
        return code.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Dose:
    sets: int
    reps: int | None
    hold_seconds: int | None
    per_side: bool
    overridden: bool

    def __str__(self) -> str:
        text = f"{self.sets} × {self.reps}" if self.reps else f"{self.sets} ×"
        if self.hold_seconds:
            text += f", {self.hold_seconds} s hold" if self.reps else f" {self.hold_seconds} s"
        if self.per_side:
            text += " per side"
        return text


def dose_for(exercise: ProgramExercise) -> Dose:
    """The library dose for the current level with any physiotherapist override applied."""
    level = library.level(exercise.code, exercise.level)
    return Dose(
        sets=exercise.sets_override or level.sets,
        reps=exercise.reps_override or level.reps,
        hold_seconds=exercise.hold_seconds_override or level.hold_seconds,
        per_side=level.per_side,
        overridden=any(
            value is not None
            for value in (
                exercise.sets_override,
                exercise.reps_override,
                exercise.hold_seconds_override,
            )
        ),
    )


def level_choices(code: str, equipment: Iterable[str]) -> list[tuple[int, str]]:
    """Levels this client can do with their equipment (spec section 3 caps), labelled."""
    exercise = library.get(code)
    return [
        (number, f"Level {number}: {exercise.level(number).title}")
        for number in library.allowed_levels(code, equipment)
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
        item = library.get(exercise.code)
        rows.append(
            ExerciseRow(
                exercise=exercise,
                name=item.name,
                level_title=item.level(exercise.level).title,
                top_level=item.top_level,
                dose=dose_for(exercise),
            )
        )
    return rows


def program_exercise_for(physio: User, client: User, exercise_id: int) -> ProgramExercise:
    """An exercise of the client's current program (the caller has checked the link)."""
    _check_link_or_404(physio, client)
    try:
        return ProgramExercise.objects.select_related("program").get(
            pk=exercise_id,
            program__client=client,
            program__status__in=CURRENT_STATUSES,
        )
    except ProgramExercise.DoesNotExist:
        raise Http404("No such exercise.") from None


def flag_for(physio: User, client: User, flag_id: int) -> Flag:
    _check_link_or_404(physio, client)
    try:
        flag = Flag.objects.select_related("program").get(pk=flag_id, client=client)
    except Flag.DoesNotExist:
        raise Http404("No such flag.") from None
    return label_flags([flag])[0]


def _check_link_or_404(physio: User, client: User) -> None:
    if not CareLink.objects.filter(_active_link(physio, client.pk)).exists():
        raise Http404("No such client.")


def flags_for_review(client: User) -> list[Flag]:
    """Every flag, unresolved first, most urgent first, then newest."""
    return label_flags(
        Flag.objects.filter(client=client)
        .annotate(
            rank=_flag_rank(),
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


def notes_for(physio: User, client: User) -> QuerySet[ClinicalNote]:
    """Clinical notes on this client; any linked physiotherapist reads the clinic's notes."""
    _check_link_or_404(physio, client)
    return ClinicalNote.objects.filter(client=client).select_related("physiotherapist")


def messages_for_client(user: User) -> QuerySet[Message]:
    """Messages to this client (newest first), for the client's Today page."""
    return Message.objects.filter(client=user).select_related("physiotherapist")


def program_changes_for_client(user: User, *, days: int = 14) -> QuerySet[ProgramChange]:
    """Recent changes a physiotherapist made to the client's current program, newest first."""
    since = timezone.now() - timedelta(days=days)
    return (
        ProgramChange.objects.filter(
            program__client=user,
            program__status__in=CURRENT_STATUSES,
            created_at__gte=since,
            actor__role=User.Role.PHYSIOTHERAPIST,
        )
        .select_related("actor")
        .order_by("-created_at", "-pk")
    )


# --- services ----------------------------------------------------------------------------------


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Give a reason: the client will see it."})
    return reason


def _record(
    *,
    program: Program,
    actor: User,
    kind: str,
    summary: str,
    reason: str,
    before: dict,
    after: dict,
    exercise_code: str = "",
) -> ProgramChange:
    return ProgramChange.objects.create(
        program=program,
        actor=actor,
        kind=kind,
        exercise_code=exercise_code,
        before=before,
        after=after,
        summary=summary[:300],
        reason=reason,
    )


def _check_changeable(program: Program, actor: User) -> None:
    """Only a linked physiotherapist changes a program, and only while it is current."""
    _check_link(actor, program.client_id)
    if not program.is_current:
        raise ValidationError("This program has ended and can no longer be changed.")


def _lock_program(program: Program, actor: User) -> Program:
    locked = Program.objects.select_for_update().get(pk=program.pk)
    _check_changeable(locked, actor)
    return locked


def _lock_exercise(program_exercise: ProgramExercise, actor: User) -> ProgramExercise:
    exercise = (
        ProgramExercise.objects.select_for_update()
        .select_related("program")
        .get(pk=program_exercise.pk)
    )
    _check_changeable(exercise.program, actor)
    return exercise


@transaction.atomic
def program_adjust_level(
    *, program_exercise: ProgramExercise, actor: User, level: int, reason: str
) -> ProgramChange:
    """Set an exercise's level within 1..top and the client's equipment caps.

    Also stores a ProgressionDecision(action="adjust") so that the progression rules continue
    from the adjusted level (they read the latest decision, not only the logs).
    """
    reason = _clean_reason(reason)
    exercise = _lock_exercise(program_exercise, actor)
    program = exercise.program
    allowed = library.allowed_levels(exercise.code, program.equipment)
    if level not in allowed:
        raise ValidationError(
            {
                "level": f"Level {level} is not possible for this client's equipment "
                f"(possible: {', '.join(str(number) for number in allowed)})."
            }
        )
    before = exercise.level
    if level == before:
        raise ValidationError({"level": f"The exercise is already at level {level}."})
    exercise.level = level
    exercise.save(update_fields=["level"])
    ProgressionDecision.objects.create(
        program_exercise=exercise,
        action=ProgressionDecision.Action.ADJUST,
        from_level=before,
        to_level=level,
        reason=reason,
        rule=ADJUST_RULE,
    )
    name = exercise_label(exercise.code)
    return _record(
        program=program,
        actor=actor,
        kind=ProgramChange.Kind.LEVEL,
        exercise_code=exercise.code,
        before={"level": before},
        after={"level": level},
        summary=f"changed {name} from level {before} to level {level}",
        reason=reason,
    )


def _dose_dict(exercise: ProgramExercise) -> dict:
    dose = dose_for(exercise)
    return {
        "level": exercise.level,
        "sets": dose.sets,
        "reps": dose.reps,
        "hold_seconds": dose.hold_seconds,
        "overridden": dose.overridden,
    }


@transaction.atomic
def program_adjust_dose(
    *,
    program_exercise: ProgramExercise,
    actor: User,
    sets: int | None,
    reps: int | None,
    hold_seconds: int | None,
    reason: str,
) -> ProgramChange:
    """Override sets, reps or hold; an empty value returns to the library dose for the level."""
    reason = _clean_reason(reason)
    exercise = _lock_exercise(program_exercise, actor)
    errors = {}
    for name, value, top in (
        ("sets", sets, 10),
        ("reps", reps, 50),
        ("hold_seconds", hold_seconds, 120),
    ):
        if value is not None and not 1 <= value <= top:
            errors[name] = f"Enter a number from 1 to {top}, or leave empty for the usual dose."
    if errors:
        raise ValidationError(errors)
    before = _dose_dict(exercise)
    exercise.sets_override = sets
    exercise.reps_override = reps
    exercise.hold_seconds_override = hold_seconds
    after = _dose_dict(exercise)
    if before == after:
        raise ValidationError("The dose is unchanged.")
    exercise.save(update_fields=["sets_override", "reps_override", "hold_seconds_override"])
    name = exercise_label(exercise.code)
    return _record(
        program=exercise.program,
        actor=actor,
        kind=ProgramChange.Kind.DOSE,
        exercise_code=exercise.code,
        before=before,
        after=after,
        summary=(
            f"changed the dose of {name} from {dose_for_dict(before)} to {dose_for_dict(after)}"
        ),
        reason=reason,
    )


def dose_for_dict(values: dict) -> str:
    text = f"{values['sets']} × {values['reps']}" if values.get("reps") else f"{values['sets']} ×"
    if values.get("hold_seconds"):
        text += (
            f", {values['hold_seconds']} s hold"
            if values.get("reps")
            else f" {values['hold_seconds']} s"
        )
    return text


@transaction.atomic
def program_add_exercise(
    *, program: Program, actor: User, code: str, level: int, reason: str
) -> ProgramChange:
    """Add an exercise from the library (or bring back one that was removed)."""
    reason = _clean_reason(reason)
    program = _lock_program(program, actor)
    try:
        item = library.get(code)
    except KeyError:
        raise ValidationError({"code": "Choose an exercise from the library."}) from None
    allowed = library.allowed_levels(code, program.equipment)
    if level not in allowed:
        raise ValidationError(
            {"level": f"Possible levels for {item.name}: {', '.join(map(str, allowed))}."}
        )
    existing = ProgramExercise.objects.filter(program=program, code=code).first()
    if existing is not None and existing.active:
        raise ValidationError({"code": f"{item.name} is already in the program."})
    order = (program.exercises.aggregate(top=Max("order"))["top"] or 0) + 1
    physio_reason = f"Added by your physiotherapist: {reason}"
    if existing is None:
        existing = ProgramExercise.objects.create(
            program=program,
            code=code,
            level=level,
            frequency=item.frequency,
            order=order,
            reasons=[physio_reason],
            source=ProgramExercise.Source.PHYSIOTHERAPIST,
        )
    else:
        existing.active = True
        existing.level = level
        existing.order = order
        existing.sets_override = existing.reps_override = existing.hold_seconds_override = None
        existing.reasons = [*existing.reasons, physio_reason]
        existing.save()
    ProgressionDecision.objects.create(
        program_exercise=existing,
        action=ProgressionDecision.Action.ADJUST,
        from_level=level,
        to_level=level,
        reason=reason,
        rule=ADJUST_RULE,
    )
    return _record(
        program=program,
        actor=actor,
        kind=ProgramChange.Kind.ADD,
        exercise_code=code,
        before={},
        after={"level": level},
        summary=f"added {item.name} at level {level}",
        reason=reason,
    )


@transaction.atomic
def program_remove_exercise(
    *, program_exercise: ProgramExercise, actor: User, reason: str
) -> ProgramChange:
    """Take an exercise out of the program; its logs and history are kept."""
    reason = _clean_reason(reason)
    exercise = _lock_exercise(program_exercise, actor)
    if not exercise.active:
        raise ValidationError("This exercise is not in the program any more.")
    if not exercise.program.exercises.filter(active=True).exclude(pk=exercise.pk).exists():
        raise ValidationError(
            "This is the last exercise of the program: pause the program instead."
        )
    exercise.active = False
    exercise.save(update_fields=["active"])
    name = exercise_label(exercise.code)
    return _record(
        program=exercise.program,
        actor=actor,
        kind=ProgramChange.Kind.REMOVE,
        exercise_code=exercise.code,
        before={"level": exercise.level},
        after={},
        summary=f"removed {name} from your program",
        reason=reason,
    )


@transaction.atomic
def program_change_strength_days(
    *, program: Program, actor: User, days: Sequence[int], reason: str, today: date | None = None
) -> ProgramChange:
    """New strength weekdays from today on; past sessions (and their logs) stay as they were."""
    from programs.scheduling import describe_days, validate_strength_days

    reason = _clean_reason(reason)
    today = today or timezone.localdate()
    program = _lock_program(program, actor)
    try:
        chosen = validate_strength_days(days)
    except ValueError as error:
        raise ValidationError({"days": str(error)}) from None
    if not 2 <= len(chosen) <= 4:
        raise ValidationError({"days": "Choose 2 to 4 strength days a week."})
    before = sorted(program.strength_days)
    if chosen == before:
        raise ValidationError({"days": "These are already the strength days."})
    program.strength_days = chosen
    program.save(update_fields=["strength_days"])
    _reschedule(program, chosen, today)
    return _record(
        program=program,
        actor=actor,
        kind=ProgramChange.Kind.STRENGTH_DAYS,
        before={"days": before},
        after={"days": chosen},
        summary=(
            f"changed your strength days from {describe_days(before) or 'none'} "
            f"to {describe_days(chosen)}"
        ),
        reason=reason,
    )


def _reschedule(program: Program, days: list[int], today: date) -> None:
    """Mark future days as strength days or not; create missing future days when the program
    has no daily exercises (then only strength days carry sessions)."""
    from programs.scheduling import session_days

    has_daily = program.exercises.filter(active=True, frequency="daily").exists()
    wanted = {
        day: (week, is_strength)
        for day, week, is_strength in session_days(
            program.start_date, program.weeks, days, has_daily=has_daily
        )
        if day >= today
    }
    existing = {
        session.date: session
        for session in ScheduledSession.objects.filter(program=program, date__gte=today)
    }
    for day, session in existing.items():
        if day in wanted:
            is_strength = wanted[day][1]
            if session.is_strength_day != is_strength:
                session.is_strength_day = is_strength
                session.save(update_fields=["is_strength_day"])
        elif not session.exercise_logs.exists():
            session.delete()
        elif session.is_strength_day:
            session.is_strength_day = False
            session.save(update_fields=["is_strength_day"])
    ScheduledSession.objects.bulk_create(
        [
            ScheduledSession(program=program, date=day, week=week, is_strength_day=is_strength)
            for day, (week, is_strength) in wanted.items()
            if day not in existing
        ]
    )


def _clean_body(body: str, what: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": f"Write the {what} before saving."})
    return body


@transaction.atomic
def clinical_note_add(*, physio: User, client: User, body: str) -> ClinicalNote:
    """A private note for the clinical record; never shown to the client."""
    _check_link(physio, client.pk)
    return ClinicalNote.objects.create(
        client=client, physiotherapist=physio, body=_clean_body(body, "note")
    )


@transaction.atomic
def message_send(*, physio: User, client: User, body: str) -> Message:
    """A message the client reads on their Today page."""
    _check_link(physio, client.pk)
    return Message.objects.create(
        client=client, physiotherapist=physio, body=_clean_body(body, "message")
    )


# --- the client review page -----------------------------------------------------------------

REVIEW_LOGS_PER_PAGE = 20
COMPARED_ITEMS: tuple[tuple[str, str], ...] = (
    ("pain_now", "Pain now (0-10)"),
    ("pain_worst_week", "Worst pain in the last week (0-10)"),
    ("single_leg_squat_left", "Single-leg squat, left"),
    ("single_leg_squat_right", "Single-leg squat, right"),
    ("squat_knees_cave", "Two-leg squat: knees cave"),
    ("hip_drop_left", "Hip drop standing on the left"),
    ("hip_drop_right", "Hip drop standing on the right"),
)


def item_label(item: str) -> str:
    return item.replace("_", " ").replace(" cm", " (cm)").replace(" mm", " (mm)").capitalize()


def answer_text(value: object) -> str:
    if value is None or value == "" or value == []:
        return "not answered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item).replace("_", " ") for item in value)
    return str(value).replace("_", " ")


def answer_rows(answers: dict) -> list[tuple[str, str]]:
    """The stored answers in questionnaire order, labelled; unanswered items are left out."""
    from programs.engine import Answers

    order = list(Answers.model_fields)
    keys = [key for key in order if key in answers] + sorted(set(answers) - set(order))
    return [
        (item_label(key), answer_text(answers[key]))
        for key in keys
        if answers[key] not in (None, "", [])
    ]


@dataclass
class Comparison:
    label: str
    values: list[str]


def reassessment_comparison(baseline, reassessments: list) -> tuple[list[str], list[Comparison]]:
    """Item-by-item table: baseline, then each reassessment (spec section 9)."""
    from programs.progress import _function_score

    columns = ["Start"] + [
        f"Week {item.program_week}" if item.program_week else "Reassessment"
        for item in reassessments
    ]
    sources = [baseline, *reassessments]
    rows = [
        Comparison(label, [answer_text(source.answers.get(key)) for source in sources])
        for key, label in COMPARED_ITEMS
    ]
    scores = [_function_score(source) for source in sources]
    rows.append(
        Comparison(
            "Function score (100 = no difficulty)",
            ["not answered" if score is None else f"{score:.0f}" for score in scores],
        )
    )
    rows.append(
        Comparison(
            "Overall change (client's rating)",
            ["—"]
            + [answer_text(item.answers.get("global_rating_of_change")) for item in reassessments],
        )
    )
    return columns, rows


def client_review(physio: User, client: User, *, today: date, logs_page: str | None = None) -> dict:
    """Everything the review page shows about one linked client (access checked again)."""
    from django.core.paginator import Paginator

    from assessments.models import Assessment
    from programs import charts
    from programs.engine import load_texts
    from programs.progress import program_progress

    _check_link_or_404(physio, client)
    link = CareLink.objects.get(_active_link(physio, client.pk))
    program = latest_program(client)
    texts = load_texts()
    baseline = (
        program.assessment
        if program is not None
        else Assessment.objects.filter(
            owner=client, kind=Assessment.Kind.BASELINE, status=Assessment.Status.SUBMITTED
        ).first()
    )
    evaluation = (baseline.evaluation or {}) if baseline is not None else {}
    findings = [
        {**finding, "title": _title(texts.findings, finding.get("code"))}
        for finding in evaluation.get("findings", [])
    ]
    referrals = [
        {
            **referral,
            "destination_title": _title(texts.destinations, referral.get("destination")),
            "urgency_title": _title(texts.urgencies, referral.get("urgency")),
        }
        for referral in evaluation.get("referrals", [])
    ]
    context: dict = {
        "client": client,
        "link": link,
        "program": program,
        "baseline": baseline,
        "answers": answer_rows(baseline.answers) if baseline is not None else [],
        "evaluation": evaluation,
        "findings": findings,
        "referrals": referrals,
        "flags": flags_for_review(client),
        "notes": ClinicalNote.objects.filter(client=client).select_related("physiotherapist"),
        "sent_messages": messages_for_client(client)[:20],
        "texts": texts,
        "today": today,
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
    names = {row.exercise.pk: row.name for row in rows}
    codes = {row.exercise.pk: row.exercise.code for row in rows}
    logs = Paginator(logs_for(program), REVIEW_LOGS_PER_PAGE).get_page(logs_page)
    logs.object_list = list(logs.object_list)
    decisions = decisions_for(program)
    for item in [*logs.object_list, *decisions]:
        item.exercise_name = names.get(item.program_exercise_id, "")
    for decision in decisions:
        decision.reason_display = next_time_display(
            codes.get(decision.program_exercise_id, ""), decision.reason
        )
    context.update(
        {
            "exercises": [row for row in rows if row.exercise.active],
            "removed": [row for row in rows if not row.exercise.active],
            "week": min(max((today - program.start_date).days // 7 + 1, 1), program.weeks),
            "decisions": decisions,
            "changes": changes_for(program),
            "logs": logs,
            "summary": summary,
            "charts": {
                "pain": charts.pain_chart(summary) if summary.pain_sessions else None,
                "adherence": charts.adherence_chart(summary) if summary.weeks else None,
                "levels": charts.level_chart(summary) if summary.levels else None,
            },
            "comparison_columns": columns,
            "comparison": comparison if reassessments else [],
            "strength_days_text": _describe_days(program.strength_days),
        }
    )
    return context


def _title(entries: dict, code: object) -> str:
    entry = entries.get(code) if isinstance(code, str) else None
    return entry.title if entry is not None else str(code or "").replace("_", " ").capitalize()


def _describe_days(days: Iterable[int]) -> str:
    from programs.scheduling import describe_days

    return describe_days(days) or "none"
