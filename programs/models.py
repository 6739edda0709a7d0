"""Programs, scheduled sessions, logs, progression decisions, flags, changes to a program and the
messages between a client and their physiotherapist (shown on the client's Today page, so they
live here).

Clinical decisions are made by the pure engine (``programs.engine``); these models store the
decisions with their reasons so that clients and physiotherapists can read why.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from programs.scheduling import program_weeks

PAIN_VALIDATORS = [MinValueValidator(0), MaxValueValidator(10)]


def done_logs(prefix: str = "") -> Q:
    """Logs of an exercise that was done (spec section 6): 0 sets, or 0 reps or hold seconds,
    is "not done" and counts nowhere (Today, adherence, caseload, progression).

    ``prefix`` reaches the log through a relation, e.g. ``"exercise_logs__"`` from a session;
    use the whole condition inside one ``filter`` so that it applies to one log.
    """
    return Q(**{f"{prefix}sets_done__gt": 0}) & (
        Q(**{f"{prefix}reps_done__gt": 0}) | Q(**{f"{prefix}hold_seconds_done__gt": 0})
    )


class ProgramQuerySet(models.QuerySet):
    def current(self) -> ProgramQuerySet:
        """Active or paused: what a client follows now (at most one each, a constraint)."""
        return self.filter(status__in=CURRENT_STATUSES)

    def current_for(self, client: Any) -> Program | None:
        """The client's current program, if any: the one question asked everywhere."""
        return self.current().filter(client=client).select_related("assessment").first()

    def latest_for(self, client: Any) -> Program | None:
        """The current program, else the most recent one (completed or replaced)."""
        programs = self.filter(client=client).select_related("assessment")
        return programs.current().first() or programs.order_by("-created_at", "-pk").first()


class Program(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        COMPLETED = "completed", "Completed"
        REPLACED = "replaced", "Replaced"

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programs"
    )
    assessment = models.ForeignKey(
        "assessments.Assessment", on_delete=models.PROTECT, related_name="programs"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    start_date = models.DateField()
    weeks = models.PositiveSmallIntegerField(default=program_weeks)
    # Weekdays (0 = Monday .. 6 = Sunday) on which strength exercises are scheduled.
    strength_days = models.JSONField(default=list)
    # Equipment the client has (spec codes); drives the level caps.
    equipment = models.JSONField(default=list, blank=True)
    # Baseline pain_now from the assessment: the reference for the morning-after rule.
    baseline_pain_now = models.PositiveSmallIntegerField(validators=PAIN_VALIDATORS)
    paused_reason = models.TextField(blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(status__in=["active", "paused"]),
                name="one_current_program_per_client",
            )
        ]

    def __str__(self) -> str:
        return f"Program {self.pk} for {self.client}"

    @property
    def is_current(self) -> bool:
        return self.status in CURRENT_STATUSES


# A client's current program is the active or paused one (``Program.objects.current_for``).
CURRENT_STATUSES = (Program.Status.ACTIVE, Program.Status.PAUSED)


class ProgramExercise(models.Model):
    """One exercise of a program with its current level and any dose override."""

    class Source(models.TextChoices):
        ASSESSMENT = "assessment", "From the assessment"
        PHYSIOTHERAPIST = "physiotherapist", "Added by the physiotherapist"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="exercises")
    code = models.CharField(max_length=60)
    level = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    frequency = models.CharField(max_length=20)  # "strength" or "daily"
    order = models.PositiveSmallIntegerField(default=0)
    # Dose overrides set by a physiotherapist; empty means the library dose for the level.
    sets_override = models.PositiveSmallIntegerField(null=True, blank=True)
    reps_override = models.PositiveSmallIntegerField(null=True, blank=True)
    hold_seconds_override = models.PositiveSmallIntegerField(null=True, blank=True)
    # Reasons (plain language) and rule ids from the evaluation that prescribed it.
    reasons = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ASSESSMENT)
    active = models.BooleanField(default=True)
    # Spec section 7 (late entries): the dates of the sessions whose regress trigger has already
    # stepped this exercise down (ISO dates), so that saving a log or check-in again never
    # regresses twice; and the newest session date when the level last changed, before which no
    # session counts towards advancing (``programs.engine.review_exercise``).
    regressed_sessions = models.JSONField(default=list, blank=True)
    level_since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="one_row_per_exercise")
        ]

    def __str__(self) -> str:
        return f"{self.code} L{self.level}"


class ScheduledSession(models.Model):
    """One day of the program: daily items every day, strength exercises on strength days."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField()
    week = models.PositiveSmallIntegerField()
    is_strength_day = models.BooleanField(default=False)

    class Meta:
        ordering = ["date"]
        # The unique constraint's index also serves every (program, date) lookup and range.
        constraints = [
            models.UniqueConstraint(fields=["program", "date"], name="one_session_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date} (week {self.week})"


class ExerciseLog(models.Model):
    """What the client did for one exercise in one session.

    The unique constraint makes logging idempotent: a resubmitted form updates, never duplicates.
    """

    class Difficulty(models.TextChoices):
        EASY = "easy", "Easy"
        MODERATE = "moderate", "Moderate"
        HARD = "hard", "Hard"
        COULD_NOT_FINISH = "could_not_finish", "Could not finish"

    session = models.ForeignKey(
        ScheduledSession, on_delete=models.CASCADE, related_name="exercise_logs"
    )
    program_exercise = models.ForeignKey(
        ProgramExercise, on_delete=models.CASCADE, related_name="logs"
    )
    # The prescription as it was when logged (levels and doses change over time).
    level = models.PositiveSmallIntegerField()
    prescribed_sets = models.PositiveSmallIntegerField()
    prescribed_reps = models.PositiveSmallIntegerField(null=True, blank=True)
    prescribed_hold_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    sets_done = models.PositiveSmallIntegerField(validators=[MaxValueValidator(20)])
    reps_done = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(200)]
    )
    hold_seconds_done = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    band_or_load = models.CharField(max_length=60, blank=True)
    pain_during = models.PositiveSmallIntegerField(validators=PAIN_VALIDATORS)
    difficulty = models.CharField(max_length=20, choices=Difficulty.choices)
    note = models.TextField(blank=True, max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session__date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "program_exercise"], name="one_log_per_exercise_per_session"
            ),
            models.CheckConstraint(
                condition=Q(pain_during__gte=0) & Q(pain_during__lte=10),
                name="exercise_log_pain_0_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program_exercise.code} on {self.session.date}"

    @property
    def is_done(self) -> bool:
        """Spec section 6: a log with 0 sets (or 0 reps or hold seconds) is "not done"."""
        return self.sets_done > 0 and bool(self.reps_done or self.hold_seconds_done)


class CheckIn(models.Model):
    """The morning-after check-in for a session."""

    class Swelling(models.TextChoices):
        NONE = "none", "None"
        MILD = "mild", "Mild"
        MARKED = "marked", "Marked"

    session = models.OneToOneField(
        ScheduledSession, on_delete=models.CASCADE, related_name="checkin"
    )
    pain_now = models.PositiveSmallIntegerField(validators=PAIN_VALIDATORS)
    swelling = models.CharField(max_length=10, choices=Swelling.choices, default=Swelling.NONE)
    giving_way = models.BooleanField(default=False)
    locking = models.BooleanField(default=False)
    hot_red_knee = models.BooleanField(default=False)
    fever_or_unwell = models.BooleanField(default=False)
    cannot_bear_weight = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(pain_now__gte=0) & Q(pain_now__lte=10), name="checkin_pain_0_10"
            )
        ]

    def __str__(self) -> str:
        return f"Check-in after {self.session.date}: pain {self.pain_now}/10"


class ProgressionDecision(models.Model):
    """Advance, hold or regress after a log, with the reason shown to the client."""

    class Action(models.TextChoices):
        ADVANCE = "advance", "Advance"
        HOLD = "hold", "Hold"
        REGRESS = "regress", "Regress"
        ADJUST = "adjust", "Changed by physiotherapist"

    program_exercise = models.ForeignKey(
        ProgramExercise, on_delete=models.CASCADE, related_name="decisions"
    )
    exercise_log = models.ForeignKey(
        ExerciseLog, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    from_level = models.PositiveSmallIntegerField()
    to_level = models.PositiveSmallIntegerField()
    reason = models.TextField()
    rule = models.CharField(max_length=60, blank=True)
    # The session the decision answers (a late entry names an older one) and the rules that
    # made it (empty for a physiotherapist's change).
    session_date = models.DateField(null=True, blank=True)
    rules_version = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # Re-deciding after an edited log replaces that log's decision: never two steps.
            models.UniqueConstraint(
                fields=["exercise_log"],
                condition=Q(exercise_log__isnull=False),
                name="one_decision_per_log",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.from_level} -> {self.to_level}"


class Flag(models.Model):
    """A referral or attention flag raised at assessment or during the program."""

    class Kind(models.TextChoices):
        REFERRAL = "referral", "Referral"
        ATTENTION = "attention", "Needs attention"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESOLVED = "resolved", "Resolved"

    class Source(models.TextChoices):
        ASSESSMENT = "assessment", "Assessment"
        CHECKIN = "checkin", "Morning check-in"
        SESSION = "session", "Session log"
        REASSESSMENT = "reassessment", "Reassessment"
        ADHERENCE = "adherence", "Adherence"

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags"
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, null=True, blank=True, related_name="flags"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REFERRAL)
    destination = models.CharField(max_length=40, blank=True)
    urgency = models.CharField(max_length=20, blank=True)
    reason = models.TextField()
    rule = models.CharField(max_length=60, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    pauses_program = models.BooleanField(default=False)
    # A session pain flag names its exercise and the session it came from (spec section 8).
    exercise_code = models.CharField(max_length=60, blank=True)
    session_date = models.DateField(null=True, blank=True)
    # The version of the rules that raised it.
    rules_version = models.CharField(max_length=40, blank=True)
    # Identifies what raised the flag (e.g. "checkin:42:REF-X") so that re-saving the same
    # log or check-in never raises the same flag twice.
    dedupe_key = models.CharField(max_length=120)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledgement_note = models.TextField(blank=True)
    # Whether the client reads the note: the physiotherapist chooses, per note.
    acknowledgement_shared = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Why it was resolved: the physiotherapist's note, or the daily job's reason when adherence
    # recovered (``resolved_by`` empty).
    resolution_note = models.TextField(blank=True)
    resolution_shared = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["client", "dedupe_key"], name="one_flag_per_cause")
        ]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        target = self.destination or self.get_kind_display()
        return f"{target} ({self.get_status_display()}) for {self.client}"


class ProgramChange(models.Model):
    """Every change to a program by a person (physiotherapist or client), with its reason."""

    class Kind(models.TextChoices):
        LEVEL = "level", "Level changed"
        DOSE = "dose", "Dose changed"
        ADD = "add", "Exercise added"
        REMOVE = "remove", "Exercise removed"
        PAUSE = "pause", "Program paused"
        RESUME = "resume", "Program resumed"
        STRENGTH_DAYS = "strength_days", "Strength days changed"
        FREQUENCY = "frequency", "When an exercise is done changed"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    exercise_code = models.CharField(max_length=60, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    summary = models.CharField(max_length=300)
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.summary


# Messages are short notes between two people, not letters: a limit the form shows as a counter.
MESSAGE_MAX_LENGTH = 2000


class Message(models.Model):
    """One message of the conversation between a client and one physiotherapist.

    Either side writes (``sender``); ``read_at`` is when the other side first saw it: a read
    receipt, not clinical state. The physiotherapist's messages also show on the client's Today.
    """

    class Sender(models.TextChoices):
        PHYSIOTHERAPIST = "physiotherapist", "Physiotherapist"
        CLIENT = "client", "Client"

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_received"
    )
    physiotherapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages_sent"
    )
    sender = models.CharField(max_length=20, choices=Sender.choices, default=Sender.PHYSIOTHERAPIST)
    body = models.TextField(max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["physiotherapist", "client", "sender", "read_at"],
                name="message_unread_idx",
            )
        ]

    def __str__(self) -> str:
        day = f"{self.created_at:%Y-%m-%d}"
        return f"Message between {self.client} and {self.physiotherapist} on {day}"

    @property
    def from_client(self) -> bool:
        return self.sender == self.Sender.CLIENT


class ReminderSent(models.Model):
    """One reminder email sent to a client for one day.

    The unique constraint is what makes the daily reminder run idempotent: a second run (or a
    second server running the same cron line) finds the row and sends nothing.
    """

    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date"]
        verbose_name = "reminder sent"
        verbose_name_plural = "reminders sent"
        constraints = [
            models.UniqueConstraint(
                fields=["client", "date"], name="one_reminder_per_client_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.client} for {self.date}"


class ClientSummary(models.Model):
    """What the physiotherapist's caseload shows of one client, kept up to date by the services
    that change it (``programs.services.summaries``) and refreshed by the daily job for the
    figures that move with the calendar (adherence and the pain trend).

    A copy, never a source: every field can be recomputed from the logs, flags and programs
    (``manage.py rebuild_client_summaries``), and a test checks the copy equals a recomputation.
    It exists so that the caseload sorts and pages on indexed columns instead of working out
    every linked client's last log, flags and adherence before cutting a page.
    """

    client = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="summary",
    )
    # The day adherence and the pain trend were worked out for.
    computed_on = models.DateField()
    # The current program (active or paused); empty without one.
    program = models.ForeignKey(
        Program, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    program_status = models.CharField(max_length=20, blank=True)
    program_start = models.DateField(null=True, blank=True)
    program_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    # The latest day with an exercise done (1 set or more), any program.
    last_activity = models.DateField(null=True, blank=True)
    # The most urgent unresolved flag: open ones by urgency (0-3), then acknowledged ones (4-7),
    # ``NO_FLAG_RANK`` without any (``programs.selectors.summaries.flag_rank``); ties: the
    # oldest first.
    flag_rank = models.PositiveSmallIntegerField()
    top_flag = models.ForeignKey(
        Flag, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    flag_raised_at = models.DateTimeField(null=True, blank=True)
    open_flags = models.PositiveSmallIntegerField(default=0)
    acknowledged_flags = models.PositiveSmallIntegerField(default=0)
    # Every unresolved flag as the caseload row shows it (kind, urgency, destination, status,
    # cause, when raised), in that order (``programs.selectors.summaries.flag_entries``): the
    # caseload reads a page of clients in one query, without their flags.
    flags = models.JSONField(default=list, blank=True)
    # Adherence as the engine judges it (paused days and young programs left out, 0 sets is not
    # done); the percentage is empty when nothing was judged.
    adherence_scheduled = models.PositiveSmallIntegerField(default=0)
    adherence_logged = models.PositiveSmallIntegerField(default=0)
    adherence_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    # Highest pain during of each logged day of the trend window, oldest first, and the last.
    pain_trend = models.JSONField(default=list, blank=True)
    pain_latest = models.PositiveSmallIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name_plural = "client summaries"
        indexes = [
            models.Index(fields=["flag_rank", "flag_raised_at"], name="summary_flag_order"),
            models.Index(fields=["last_activity"], name="summary_activity_order"),
            models.Index(fields=["adherence_percent"], name="summary_adherence_order"),
            models.Index(fields=["pain_latest"], name="summary_pain_order"),
            models.Index(fields=["computed_on"], name="summary_computed_on"),
        ]

    def __str__(self) -> str:
        return f"Summary of {self.client} on {self.computed_on}"


class CaseloadEntry(models.Model):
    """A client as one physiotherapist's caseload orders them: the sort values of the client's
    summary and name, next to the physiotherapist, so that any caseload's page is read from an
    index in its order and stops at the page's last row, whatever the caseload's length.

    A client may share with several physiotherapists at once, so the summary cannot carry the
    physiotherapist: there is one entry per active care link (made and removed with the link by
    ``care.services.linking``). Its values are a copy, stored with the summary by
    ``programs.services.summaries`` (and when the client's name changes); an empty value is
    stored as a stand-in that sorts where the caseload puts it, so every key is a plain column.
    """

    # Indexed by the orders' indexes below, each of which leads with it.
    physio = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="caseload_entries"
    )
    sort_rank = models.PositiveSmallIntegerField()
    sort_raised = models.DateTimeField()
    sort_activity = models.DateField()
    sort_adherence = models.PositiveSmallIntegerField()
    sort_pain = models.SmallIntegerField()
    sort_name = models.TextField()

    class Meta:
        verbose_name_plural = "caseload entries"
        constraints = [
            models.UniqueConstraint(fields=["physio", "client"], name="one_entry_per_link"),
        ]
        # One per order of the caseload, its keys in that order and direction (read backwards
        # for the reversed order and for the previous page).
        indexes = [
            models.Index(
                fields=[
                    "physio",
                    "sort_rank",
                    "sort_raised",
                    "-sort_activity",
                    "sort_name",
                    "client",
                ],
                name="entry_flag_order",
            ),
            models.Index(fields=["physio", "sort_name", "client"], name="entry_name_order"),
            models.Index(
                fields=["physio", "-sort_activity", "sort_name", "client"],
                name="entry_activity_order",
            ),
            models.Index(
                fields=["physio", "sort_adherence", "sort_name", "client"],
                name="entry_adherence_order",
            ),
            models.Index(
                fields=["physio", "-sort_pain", "sort_name", "client"], name="entry_pain_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.client} in the caseload of {self.physio}"
