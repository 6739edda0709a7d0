"""Admin for assessments: read-mostly, because a submitted assessment is a clinical record."""

from django.contrib import admin

from assessments.models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("uid", "owner", "kind", "status", "current_step", "rules_version", "created_at")
    list_filter = ("kind", "status", "rules_version")
    search_fields = ("uid", "owner__username", "owner__email")
    raw_id_fields = ("owner", "baseline", "program")
    date_hierarchy = "created_at"
    readonly_fields = (
        "uid",
        "anonymous_key",
        "answers",
        "evaluation",
        "rules_version",
        "cleared_at",
        "cleared_by",
        "evaluation_before_clearance",
        "created_at",
        "updated_at",
        "submitted_at",
    )
