"""The client's sharing pages (mounted at /accounts/sharing/, as before the care app existed)."""

from django.urls import path

from care.views import sharing

urlpatterns = [
    path("", sharing.sharing, name="sharing"),
    path("join/<str:code>/", sharing.sharing_invitation, name="sharing_invitation"),
    path("<int:link_id>/end/", sharing.sharing_end, name="sharing_end"),
]
