from django.contrib import admin

from care.models import CareLink, Invitation


@admin.register(CareLink)
class CareLinkAdmin(admin.ModelAdmin):
    list_display = ("client", "physiotherapist", "consented_at", "ended_at")
    list_filter = ("ended_at",)
    raw_id_fields = ("client", "physiotherapist", "invitation", "ended_by")

    # A link is the client's consent: made when they accept an invitation and ended by either
    # person, through the services that keep the caseload with it. The admin shows links only.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("code", "physiotherapist", "created_at", "expires_at", "accepted_by")
    raw_id_fields = ("physiotherapist", "accepted_by")
