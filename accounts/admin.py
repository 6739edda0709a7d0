from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import CareLink, Invitation, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Role", {"fields": ("role", "reminders_enabled")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Role", {"fields": ("role",)}),
    )
    list_display = ("username", "email", "first_name", "last_name", "role", "is_staff")
    list_filter = ("role", "is_staff", "is_active")


@admin.register(CareLink)
class CareLinkAdmin(admin.ModelAdmin):
    list_display = ("client", "physiotherapist", "consented_at", "ended_at")
    list_filter = ("ended_at",)
    raw_id_fields = ("client", "physiotherapist", "invitation", "ended_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("code", "physiotherapist", "created_at", "expires_at", "accepted_by")
    raw_id_fields = ("physiotherapist", "accepted_by")
