"""Admin views for support staff: read what happened, find a client's program quickly.

Clinical changes go through the services (with reasons and a history), so the admin is mostly
read-only for decisions, logs and changes.
"""

from django.contrib import admin

from programs.models import (
    CheckIn,
    ExerciseLog,
    Flag,
    Program,
    ProgramChange,
    ProgramExercise,
    ProgressionDecision,
    ReminderSent,
    ScheduledSession,
)


class ProgramExerciseInline(admin.TabularInline):
    model = ProgramExercise
    extra = 0
    fields = ("code", "level", "frequency", "order", "active", "source")
    readonly_fields = fields
    can_delete = False


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("id", "client", "status", "start_date", "weeks", "created_at")
    list_filter = ("status",)
    search_fields = ("client__username", "client__email", "client__last_name")
    date_hierarchy = "start_date"
    raw_id_fields = ("client", "assessment")
    readonly_fields = ("created_at", "ended_at", "paused_at")
    inlines = [ProgramExerciseInline]


@admin.register(ScheduledSession)
class ScheduledSessionAdmin(admin.ModelAdmin):
    list_display = ("date", "week", "is_strength_day", "program")
    list_filter = ("is_strength_day",)
    search_fields = ("program__client__username",)
    raw_id_fields = ("program",)


@admin.register(ExerciseLog)
class ExerciseLogAdmin(admin.ModelAdmin):
    list_display = (
        "session",
        "program_exercise",
        "level",
        "sets_done",
        "pain_during",
        "difficulty",
        "updated_at",
    )
    list_filter = ("difficulty",)
    search_fields = ("session__program__client__username", "program_exercise__code")
    raw_id_fields = ("session", "program_exercise")


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ("session", "pain_now", "swelling", "giving_way", "locking", "hot_red_knee")
    search_fields = ("session__program__client__username",)
    raw_id_fields = ("session",)


@admin.register(ProgressionDecision)
class ProgressionDecisionAdmin(admin.ModelAdmin):
    list_display = ("program_exercise", "action", "from_level", "to_level", "rule", "created_at")
    list_filter = ("action", "rule")
    search_fields = ("program_exercise__program__client__username", "program_exercise__code")
    raw_id_fields = ("program_exercise", "exercise_log")

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("client", "kind", "destination", "urgency", "status", "source", "created_at")
    list_filter = ("status", "kind", "source", "urgency")
    search_fields = ("client__username", "reason", "rule")
    raw_id_fields = ("client", "program", "acknowledged_by", "resolved_by")


@admin.register(ProgramChange)
class ProgramChangeAdmin(admin.ModelAdmin):
    list_display = ("program", "kind", "actor", "summary", "created_at")
    list_filter = ("kind",)
    search_fields = ("program__client__username", "summary", "reason")
    raw_id_fields = ("program", "actor")

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    """Which reminders went out, to answer "did I get one?". Read-only: each row is what stops
    the daily run from emailing the same client twice for a day, so adding, editing or deleting
    one here would send a duplicate or hide a sent one."""

    list_display = ("client", "date", "sent_at")
    search_fields = ("client__username",)
    date_hierarchy = "date"
    list_select_related = ("client",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
