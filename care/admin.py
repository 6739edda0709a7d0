from django.contrib import admin

from care.models import CareLink, Invitation


@admin.register(CareLink)
class CareLinkAdmin(admin.ModelAdmin):
    list_display = ("client", "physiotherapist", "consented_at", "ended_at")
    list_filter = ("ended_at",)
    raw_id_fields = ("client", "physiotherapist", "invitation", "ended_by")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("code", "physiotherapist", "created_at", "expires_at", "accepted_by")
    raw_id_fields = ("physiotherapist", "accepted_by")
