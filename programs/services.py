"""Writes for programs: generation, session logs, morning check-ins, progression, flags, pausing.

Every public function is keyword-only, named ``<thing>_<verb>`` and runs in one transaction.
Clinical decisions come from the pure engine (``programs.engine``); this module stores them with
their reasons and applies their effects (a new level, a paused program).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from assessments.models import Assessment
from programs import scheduling
from programs.engine import Answers, Evaluation, load_rules
from programs.engine import flags as engine_flags
from programs.engine import library as exercise_library
from programs.engine import progression as engine_progression
from programs.models import (
    CheckIn,
    ExerciseLog,
    Flag,
    Message,
    Program,
    ProgramChange,
    ProgramExercise,
    ProgressionDecision,
    ReminderSent,
    ScheduledSession,
)

# Spec section 6: logs stay editable for 7 days after the session date.
EDIT_WINDOW_DAYS = 7
# How many of an exercise's newest logs the progression rules are shown.
RECENT_LOGS = 6
# Strength days a week the client may choose on the start form (spec section 1: 2..4).
MIN_STRENGTH_DAYS, MAX_STRENGTH_DAYS = 2, 4


class ProgramError(Exception):
    """A request the program cannot honour; the message is written for the person."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class CurrentProgramExists(ProgramError):
    """The client already follows a program; starting another one must replace it explicitly."""

    def __init__(self, program: Program) -> None:
        super().__init__(
            "You already follow a program. Starting a new one replaces it "
            "(the current one stays in your history)."
        )
        self.program = program


@dataclass(frozen=True)
class LogEntry:
    """What the client did for one exercise of a session (spec section 6)."""

    code: str
    sets_done: int
    pain_during: int
    difficulty: str
    reps_done: int | None = None
    hold_seconds_done: int | None = None
    band_or_load: str = ""
    note: str = ""


@dataclass(frozen=True)
class CheckInEntry:
    """The morning-after check-in (spec section 6, plus the two emergency questions)."""

    pain_now: int
    swelling: str = CheckIn.Swelling.NONE
    giving_way: bool = False
    locking: bool = False
    hot_red_knee: bool = False
    fever_or_unwell: bool = False
    cannot_bear_weight: bool = False


@dataclass
class LogResult:
    logs: list[ExerciseLog] = field(default_factory=list)
    decisions: list[ProgressionDecision] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)


@dataclass
class CheckInResult:
    checkin: CheckIn
    decisions: list[ProgressionDecision] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    paused: bool = False


def _today(today: date | None) -> date:
    return today or timezone.localdate()


# --- generation --------------------------------------------------------------------------------


def program_reassessment_dates(program: Program) -> list[tuple[int, date]]:
    """(week, due date) of the reassessments: the last day of weeks 6 and 12."""
    return scheduling.reassessment_dates(program.start_date, program.weeks)


def evaluation_of(assessment: Assessment) -> Evaluation | None:
    if not assessment.evaluation:
        return None
    return Evaluation.model_validate(assessment.evaluation)


def _check_can_generate(client: User, assessment: Assessment) -> Evaluation:
    if assessment.owner_id != client.pk:
        raise ProgramError("This assessment is not yours.")
    if assessment.kind != Assessment.Kind.BASELINE:
        raise ProgramError("A program is built from a full self-assessment, not a reassessment.")
    if not assessment.is_submitted:
        raise ProgramError("Finish the self-assessment first: the program is built from it.")
    evaluation = evaluation_of(assessment)
    if evaluation is None:
        raise ProgramError("This assessment has no result yet.")
    if not evaluation.program_allowed:
        raise ProgramError(
            "Your result says to see a clinician first. The program can start once a clinician "
            "has cleared you to exercise."
        )
    if not evaluation.exercises:
        raise ProgramError("Your result does not call for any corrective exercise.")
    return evaluation


def strength_days_for(assessment: Assessment) -> list[int]:
    """The default strength days from the sessions per week the client asked for."""
    count = assessment.answers.get("sessions_per_week") or scheduling.DEFAULT_SESSIONS_PER_WEEK
    return scheduling.default_strength_days(int(count))


def sessions_per_week_of(assessment: Assessment) -> int:
    return int(assessment.answers.get("sessions_per_week") or scheduling.DEFAULT_SESSIONS_PER_WEEK)


@transaction.atomic
def program_generate(
    *,
    client: User,
    assessment: Assessment,
    start_date: date,
    strength_days: Iterable[int] | None = None,
    replace_current: bool = False,
) -> Program:
    """Build a 12-week program from an allowed evaluation (spec section 6).

    A client has one current program (a database constraint); with ``replace_current`` the
    current one becomes "replaced" and stays in the history, otherwise
    :class:`CurrentProgramExists` is raised so the page can offer the replacement.
    """
    evaluation = _check_can_generate(client, assessment)
    answers = Answers.model_validate(assessment.answers)
    days = (
        scheduling.default_strength_days(answers.sessions_per_week)
        if strength_days is None
        else strength_days_validate(days=strength_days)
    )

    current = (
        Program.objects.select_for_update()
        .filter(client=client, status__in=[Program.Status.ACTIVE, Program.Status.PAUSED])
        .first()
    )
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
        weeks=scheduling.DEFAULT_WEEKS,
        strength_days=days,
        equipment=list(answers.equipment),
        baseline_pain_now=answers.pain_now,
    )
    try:
        with transaction.atomic():
            program.save()
    except IntegrityError:
        # Another request started a program for this client at the same moment.
        raise ProgramError(
            "A program was just started for you (perhaps in another tab). Open Today to see it."
        ) from None

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
    for referral in evaluation.referrals:
        _flag_raise(
            client=client,
            program=program,
            dedupe_key=f"assessment:{assessment.uid}:{referral.destination}:{referral.urgency}",
            kind=Flag.Kind.REFERRAL,
            destination=referral.destination,
            urgency=referral.urgency,
            reason=" ".join(referral.reasons),
            rule=",".join(referral.rules),
            source=Flag.Source.ASSESSMENT,
        )
    return program


def strength_days_validate(*, days: Iterable[int]) -> list[int]:
    """The strength days the client ticked: 2 to 4 distinct weekdays (spec section 1).

    The assessment's ``sessions_per_week`` only sets the default; a client who ticks another
    number of days within 2..4 gets that many. Fewer than 2 a week is too little to build
    strength, more than 4 leaves too little recovery.
    """
    try:
        chosen = scheduling.validate_strength_days(list(days))
    except ValueError as error:
        raise ProgramError(str(error), field="strength_days") from None
    if not MIN_STRENGTH_DAYS <= len(chosen) <= MAX_STRENGTH_DAYS:
        raise ProgramError(
            f"Choose {MIN_STRENGTH_DAYS} to {MAX_STRENGTH_DAYS} strength days "
            f"(you chose {len(chosen)}). Fewer than {MIN_STRENGTH_DAYS} a week is too little to "
            f"build strength; more than {MAX_STRENGTH_DAYS} leaves too little time to recover.",
            field="strength_days",
        )
    return chosen


def _back_to_back(days: Iterable[int]) -> int:
    """Pairs of strength days on consecutive days, Sunday to Monday included."""
    chosen = set(days)
    return sum(1 for day in chosen if (day + 1) % 7 in chosen)


def strength_days_back_to_back(days: Iterable[int]) -> list[tuple[int, int]]:
    """Consecutive strength days that a different choice of the same number of days avoids.

    Four days in a week always include one back-to-back pair, so that alone is not worth a
    remark; the default days never get one.
    """
    chosen = sorted(set(days))
    if not chosen:
        return []
    fewest = _back_to_back(scheduling.default_strength_days(len(chosen)))
    if _back_to_back(chosen) <= fewest:
        return []
    return [(day, (day + 1) % 7) for day in chosen if (day + 1) % 7 in chosen]


# --- logging -----------------------------------------------------------------------------------


def session_exercises(session: ScheduledSession, exercises: Iterable[ProgramExercise]):
    """The exercises due on this day: daily ones always, strength ones on strength days."""
    return [
        exercise
        for exercise in exercises
        if exercise.active and (exercise.frequency == "daily" or session.is_strength_day)
    ]


def logging_state(session: ScheduledSession, today: date) -> tuple[bool, str]:
    """Can this session be logged (or its logs changed) today, and if not, why."""
    if session.date > today:
        return False, "This session is still ahead of you: it can be logged on the day."
    if (today - session.date).days > EDIT_WINDOW_DAYS:
        return False, (
            f"Sessions can be logged or changed for {EDIT_WINDOW_DAYS} days. "
            "This one is now read-only."
        )
    program = session.program
    if program.status == Program.Status.PAUSED:
        return False, "Your program is paused, so sessions cannot be logged until it resumes."
    if program.status == Program.Status.COMPLETED:
        # The last week of a completed program can still be logged late, like any other week.
        return True, ""
    if program.status != Program.Status.ACTIVE:
        return False, "This program has ended; its sessions are read-only."
    return True, ""


def prescribed_dose(exercise: ProgramExercise) -> dict[str, Any]:
    """Sets, reps and hold for the exercise's current level, with any physiotherapist override."""
    level = exercise_library.level(exercise.code, exercise.level)
    return {
        "sets": exercise.sets_override or level.sets,
        "reps": exercise.reps_override or level.reps,
        "hold_seconds": exercise.hold_seconds_override or level.hold_seconds,
        "per_side": level.per_side,
    }


def _check_owner(client: User, session: ScheduledSession) -> None:
    if session.program.client_id != client.pk:
        raise ProgramError("This session is not part of your program.")


def _entry(value: LogEntry | Mapping[str, Any]) -> LogEntry:
    return value if isinstance(value, LogEntry) else LogEntry(**value)


@transaction.atomic
def session_log_record(
    *,
    client: User,
    session: ScheduledSession,
    entries: Iterable[LogEntry | Mapping[str, Any]],
    today: date | None = None,
) -> LogResult:
    """Store what was done in a session, then decide progression and raise flags.

    Idempotent: the (session, exercise) unique constraint makes a resubmitted form update the
    same rows; a concurrent insert of the same row is caught and turned into an update.
    """
    today = _today(today)
    session = ScheduledSession.objects.select_related("program").get(pk=session.pk)
    _check_owner(client, session)
    allowed, why = logging_state(session, today)
    if not allowed:
        raise ProgramError(why)
    program = session.program
    due = {
        exercise.code: exercise
        for exercise in session_exercises(session, program.exercises.select_for_update())
    }
    result = LogResult()
    for raw in entries:
        entry = _entry(raw)
        exercise = due.get(entry.code)
        if exercise is None:
            raise ProgramError(f"{entry.code} is not part of this session.")
        result.logs.append(_log_upsert(session, exercise, entry))
    for log in result.logs:
        result.decisions.extend(_progression_refresh(log.program_exercise, program))
        result.flags.extend(_session_flags(log, program))
    return result


def _full_clean_or_refuse(candidate: ExerciseLog | CheckIn, *, exclude: list[str]) -> None:
    """The model's own range checks, as one refusal naming each field that failed them."""
    try:
        candidate.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as error:
        raise ProgramError(
            "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
        ) from None


def _log_upsert(
    session: ScheduledSession, exercise: ProgramExercise, entry: LogEntry
) -> ExerciseLog:
    dose = prescribed_dose(exercise)
    values = {
        "sets_done": entry.sets_done,
        "reps_done": entry.reps_done,
        "hold_seconds_done": entry.hold_seconds_done,
        "band_or_load": (entry.band_or_load or "").strip(),
        "pain_during": entry.pain_during,
        "difficulty": entry.difficulty,
        "note": (entry.note or "").strip(),
    }
    # The prescription is frozen when the log is first made: an edit changes what was done,
    # never the level it was done at.
    prescription = {
        "level": exercise.level,
        "prescribed_sets": dose["sets"],
        "prescribed_reps": dose["reps"],
        "prescribed_hold_seconds": dose["hold_seconds"],
    }
    candidate = ExerciseLog(session=session, program_exercise=exercise, **prescription, **values)
    _full_clean_or_refuse(candidate, exclude=["session", "program_exercise"])
    try:
        with transaction.atomic():
            log, _ = ExerciseLog.objects.update_or_create(
                session=session,
                program_exercise=exercise,
                defaults=values,
                create_defaults={**prescription, **values},
            )
    except IntegrityError:
        # A concurrent request inserted the same log between our read and our insert.
        log = ExerciseLog.objects.select_for_update().get(
            session=session, program_exercise=exercise
        )
        for name, value in values.items():
            setattr(log, name, value)
        log.save()
    log.program_exercise = exercise
    log.session = session
    return log


@transaction.atomic
def checkin_record(
    *,
    client: User,
    session: ScheduledSession,
    entry: CheckInEntry | Mapping[str, Any],
    today: date | None = None,
) -> CheckInResult:
    """Store the morning-after check-in for ``session``; raise flags, pause when they say so and
    re-decide progression now that the next-morning pain is known."""
    today = _today(today)
    session = ScheduledSession.objects.select_related("program").get(pk=session.pk)
    _check_owner(client, session)
    if session.date >= today:
        raise ProgramError("The check-in is for the morning after a session.")
    if (today - session.date).days > EDIT_WINDOW_DAYS:
        raise ProgramError(
            f"Check-ins can be made or changed for {EDIT_WINDOW_DAYS} days after a session."
        )
    program = session.program
    if not program.is_current and program.status != Program.Status.COMPLETED:
        raise ProgramError("This program has ended; its check-ins are read-only.")
    data = entry if isinstance(entry, CheckInEntry) else CheckInEntry(**entry)
    values = {
        "pain_now": data.pain_now,
        "swelling": data.swelling,
        "giving_way": data.giving_way,
        "locking": data.locking,
        "hot_red_knee": data.hot_red_knee,
        "fever_or_unwell": data.fever_or_unwell,
        "cannot_bear_weight": data.cannot_bear_weight,
    }
    candidate = CheckIn(session=session, **values)
    _full_clean_or_refuse(candidate, exclude=["session"])
    try:
        with transaction.atomic():
            checkin, _ = CheckIn.objects.update_or_create(session=session, defaults=values)
    except IntegrityError:
        checkin = CheckIn.objects.select_for_update().get(session=session)
        for name, value in values.items():
            setattr(checkin, name, value)
        checkin.save()

    result = CheckInResult(checkin=checkin)
    for raised in _engine_checkin_flags(checkin, program):
        flag = _engine_flag_raise(
            program,
            raised,
            dedupe_key=f"checkin:{session.pk}:{raised.rule}",
            source=Flag.Source.CHECKIN,
        )
        result.flags.append(flag)
        if raised.pauses_program and program.status == Program.Status.ACTIVE:
            _program_set_paused(
                program,
                actor=None,
                reason=raised.reason,
                change_reason=f"your morning check-in reported a warning sign. {raised.reason}",
            )
            result.paused = True
    if program.status == Program.Status.ACTIVE:
        for log in session.exercise_logs.select_related("program_exercise"):
            result.decisions.extend(_progression_refresh(log.program_exercise, program))
    return result


# --- progression -------------------------------------------------------------------------------


def _logged_session(log: ExerciseLog) -> engine_progression.LoggedSession:
    """A stored log as the engine reads it; timed holds compare seconds instead of reps."""
    by_reps = log.prescribed_reps is not None
    checkin = getattr(log.session, "checkin", None) if _has_checkin(log.session) else None
    return engine_progression.LoggedSession(
        level=log.level,
        prescribed_sets=log.prescribed_sets,
        prescribed_reps_or_hold=(
            log.prescribed_reps if by_reps else (log.prescribed_hold_seconds or 1)
        ),
        sets_done=log.sets_done,
        reps_done=(log.reps_done if by_reps else log.hold_seconds_done) or 0,
        pain_during=log.pain_during,
        difficulty=log.difficulty,
        morning_after_pain=checkin.pain_now if checkin is not None else None,
    )


def _has_checkin(session: ScheduledSession) -> bool:
    try:
        session.checkin  # noqa: B018 - raises when there is none
    except CheckIn.DoesNotExist:
        return False
    return True


def _engine_decide(
    *, exercise: ProgramExercise, program: Program, history: list[ExerciseLog]
) -> engine_progression.ProgressionDecision:
    return engine_progression.decide_progression(
        code=exercise.code,
        current_level=history[-1].level,
        equipment=program.equipment,
        baseline_pain_now=program.baseline_pain_now,
        recent=[_logged_session(log) for log in history],
    )


def _progression_refresh(exercise: ProgramExercise, program: Program) -> list[ProgressionDecision]:
    """Decide (again) for the newest log of this exercise and apply it.

    A decision belongs to a log. Re-deciding replaces that log's decision and starts again from
    the level the log was done at, so editing a log or adding its check-in never steps twice.
    A physiotherapist's later adjustment wins over a re-decision of an older log.
    """
    logs = list(
        ExerciseLog.objects.filter(program_exercise=exercise)
        .select_related("session", "session__checkin")
        .order_by("-session__date")
    )
    if not logs:
        return []
    newest = logs[0]
    # The engine looks at the newest unbroken run at the newest log's level; a few sessions
    # are enough for every rule (two to advance, two unfinished to regress).
    outcome = _engine_decide(
        exercise=exercise, program=program, history=list(reversed(logs[:RECENT_LOGS]))
    )
    existing = ProgressionDecision.objects.filter(exercise_log=newest).first()
    decision, _ = ProgressionDecision.objects.update_or_create(
        exercise_log=newest,
        defaults={
            "program_exercise": exercise,
            "action": outcome.action,
            "from_level": newest.level,
            "to_level": outcome.to_level,
            "reason": outcome.reason,
            "rule": outcome.rule,
        },
    )
    adjusted_later = ProgressionDecision.objects.filter(
        program_exercise=exercise,
        action=ProgressionDecision.Action.ADJUST,
        created_at__gt=(existing or decision).created_at,
    ).exists()
    if not adjusted_later and exercise.level != outcome.to_level:
        exercise.level = outcome.to_level
        exercise.save(update_fields=["level"])
    return [decision]


# --- flags -------------------------------------------------------------------------------------


def _engine_checkin_flags(checkin: CheckIn, program: Program) -> list[engine_flags.FlagSpec]:
    return engine_flags.flags_from_checkin(
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


def _engine_session_flags(log: ExerciseLog, program: Program) -> list[engine_flags.FlagSpec]:
    """Pain flags for the exercise of ``log``, judged on its sessions up to and including it.

    The step down the pain flag asks for is already made by the progression rules (pain during
    of 6/10 or more regresses), so it is not applied a second time here.
    """
    logs = list(
        ExerciseLog.objects.filter(
            program_exercise_id=log.program_exercise_id, session__date__lte=log.session.date
        )
        .select_related("session", "session__checkin")
        .order_by("-session__date")[:RECENT_LOGS]
    )
    recent = [_logged_session(item) for item in reversed(logs)]
    return engine_flags.flags_from_session(log.program_exercise.code, recent)


def _engine_adherence_window_days() -> int:
    return load_rules().thresholds.adherence_window_days


def _engine_adherence_flag(*, scheduled: int, logged: int) -> engine_flags.FlagSpec | None:
    raised = engine_flags.flags_from_adherence(scheduled, logged)
    return raised[0] if raised else None


def _flag_raise(*, client: User, program: Program | None, dedupe_key: str, **values: Any) -> Flag:
    """Create the flag once per cause: re-saving the same log or check-in finds it again."""
    try:
        with transaction.atomic():
            flag, _ = Flag.objects.get_or_create(
                client=client, dedupe_key=dedupe_key, defaults={"program": program, **values}
            )
    except IntegrityError:
        flag = Flag.objects.get(client=client, dedupe_key=dedupe_key)
    return flag


def _engine_flag_raise(
    program: Program, raised: engine_flags.FlagSpec, *, dedupe_key: str, source: str
) -> Flag:
    """Store a referral flag the engine raised from a session or a check-in."""
    return _flag_raise(
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
    )


def _session_flags(log: ExerciseLog, program: Program) -> list[Flag]:
    return [
        _engine_flag_raise(
            program,
            raised,
            dedupe_key=f"session:{log.session_id}:{log.program_exercise.code}:{raised.rule}",
            source=Flag.Source.SESSION,
        )
        for raised in _engine_session_flags(log, program)
    ]


@transaction.atomic
def program_adherence_check(*, program: Program, today: date | None = None) -> Flag | None:
    """Raise the attention flag when fewer than half of the sessions of the last 14 days were
    logged (spec section 8). Checked only once the program has run a full window, at most one
    flag per program week."""
    today = _today(today)
    if not program.is_current or program.status == Program.Status.PAUSED:
        return None
    window = _engine_adherence_window_days()
    start = today - timedelta(days=window)
    if start < program.start_date:
        return None
    sessions = ScheduledSession.objects.filter(program=program, date__gte=start, date__lt=today)
    scheduled = sessions.count()
    logged = sessions.filter(exercise_logs__isnull=False).distinct().count()
    raised = _engine_adherence_flag(scheduled=scheduled, logged=logged)
    if raised is None:
        return None
    week = scheduling.week_number(program.start_date, today)
    return _flag_raise(
        client=program.client,
        program=program,
        dedupe_key=f"adherence:{program.pk}:week{week}",
        kind=Flag.Kind.ATTENTION,
        destination="",
        urgency="",
        reason=raised.reason,
        rule=raised.rule,
        source=Flag.Source.ADHERENCE,
    )


@transaction.atomic
def flag_acknowledge(*, flag: Flag, actor: User, note: str) -> Flag:
    """The physiotherapist has seen the flag and says what happens next."""
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status == Flag.Status.RESOLVED:
        raise ProgramError("This flag is already resolved.")
    flag.status = Flag.Status.ACKNOWLEDGED
    flag.acknowledged_at = timezone.now()
    flag.acknowledged_by = actor
    flag.acknowledgement_note = note.strip()
    flag.save(
        update_fields=["status", "acknowledged_at", "acknowledged_by", "acknowledgement_note"]
    )
    return flag


@transaction.atomic
def flag_resolve(*, flag: Flag, actor: User) -> Flag:
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status == Flag.Status.RESOLVED:
        return flag
    flag.status = Flag.Status.RESOLVED
    flag.resolved_at = timezone.now()
    flag.resolved_by = actor
    flag.save(update_fields=["status", "resolved_at", "resolved_by"])
    return flag


# --- messages ----------------------------------------------------------------------------------


@transaction.atomic
def messages_mark_read(*, client: User, message_ids: Iterable[int]) -> int:
    """The client has seen these messages on Today: the physiotherapist sees them as read."""
    return Message.objects.filter(
        client=client, pk__in=list(message_ids), read_at__isnull=True
    ).update(read_at=timezone.now())


# --- pausing -----------------------------------------------------------------------------------


def _program_set_paused(
    program: Program, *, actor: User | None, reason: str, change_reason: str = ""
) -> None:
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
    _program_set_paused(program, actor=actor, reason=reason.strip())
    return program


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
    return program


# --- the end of a program ----------------------------------------------------------------------


def program_complete_if_finished(*, program: Program, today: date) -> bool:
    """Mark an active program completed once its last scheduled day (end of week 12) is past.

    Called lazily when the client opens Today, and for every program by the daily reminder run,
    so it is idempotent. A paused program stays paused: it waits for a clinician, and completing
    it would read as "well done" to someone with a warning sign. Once resumed after its end it
    completes on the next pass. Returns whether this call completed it.
    """
    if today <= scheduling.program_end(program.start_date, program.weeks):
        return False  # the common case: no transaction, no query
    with transaction.atomic():
        return _program_complete(program, today)


def _program_complete(program: Program, today: date) -> bool:
    locked = Program.objects.select_for_update().get(pk=program.pk)
    if locked.status != Program.Status.ACTIVE:
        return False
    if today <= scheduling.program_end(locked.start_date, locked.weeks):
        return False
    locked.status = Program.Status.COMPLETED
    locked.ended_at = timezone.now()
    locked.save(update_fields=["status", "ended_at"])
    program.status, program.ended_at = locked.status, locked.ended_at
    return True


def programs_complete_finished(*, today: date) -> int:
    """Complete every active program whose last day is past; how many were completed.

    Each program is completed in its own transaction, so one failure never holds back the rest.
    """
    candidates = Program.objects.filter(
        status=Program.Status.ACTIVE, start_date__lt=today - timedelta(days=6)
    )
    return sum(program_complete_if_finished(program=program, today=today) for program in candidates)


# --- reminders ---------------------------------------------------------------------------------


@transaction.atomic
def reminder_send(*, client: User, day: date, send: Callable[[], object]) -> bool:
    """Send one reminder to ``client`` for ``day`` unless one was already sent.

    The record and the send share one transaction: the unique (client, date) row is written
    first, so a second run, or a second server running at the same moment, finds it (or waits
    for it) and sends nothing; if sending fails, the row is rolled back and a later run retries.
    Returns whether the reminder was sent by this call.
    """
    try:
        with transaction.atomic():
            ReminderSent.objects.create(client=client, date=day)
    except IntegrityError:
        return False
    send()
    return True
