"""Client-facing program URLs (Today, logging, progress, calendar)."""

from datetime import date

from django.urls import path, register_converter

from programs import progress_views, views


class IsoDateConverter:
    """A calendar date as YYYY-MM-DD; anything else (or an impossible date) is a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else value


register_converter(IsoDateConverter, "isodate")

app_name = "programs"

urlpatterns: list = [
    path("", views.today, name="today"),
    path("start/<uuid:uid>/", views.start, name="start"),
    path("day/<isodate:day>/", views.session, name="session"),
    path("day/<isodate:day>/check-in/", views.checkin, name="checkin"),
    path("flags/", views.flags, name="flags"),
    path("resume/", views.resume, name="resume"),
]

urlpatterns += [
    path("progress/", progress_views.progress, name="progress"),
    path("progress/<int:program_id>/", progress_views.progress_program, name="progress_program"),
    path("reassess/", progress_views.reassess, name="reassess"),
    path(
        "reassessments/<uuid:uid>/",
        progress_views.reassessment_result,
        name="reassessment_result",
    ),
    path("calendar/<str:token>.ics", progress_views.calendar_feed, name="calendar_feed"),
]
