"""Client-facing program URLs (Today, logging, progress, calendar)."""

from django.urls import path

from programs import progress_views

app_name = "programs"

urlpatterns: list = []

urlpatterns += [
    path("progress/", progress_views.progress, name="progress"),
    path("reassess/", progress_views.reassess, name="reassess"),
    path(
        "reassessments/<uuid:uid>/",
        progress_views.reassessment_result,
        name="reassessment_result",
    ),
    path("calendar/<str:token>.ics", progress_views.calendar_feed, name="calendar_feed"),
]
