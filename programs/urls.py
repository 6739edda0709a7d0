"""Client-facing program URLs (Today, logging, progress, reassessment, calendar)."""

from datetime import date

from django.urls import path, register_converter

from programs.views import calendar_feed, guided, printable, progress, sessions, start, today


class IsoDateConverter:
    """A calendar date as YYYY-MM-DD; anything else (or an impossible date) is a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return date.fromisoformat(value)

    def to_url(self, value: date | str) -> str:
        return value.isoformat() if isinstance(value, date) else value


register_converter(IsoDateConverter, "isodate")

app_name = "programs"

urlpatterns = [
    path("", today.today, name="today"),
    path("start/<uuid:uid>/", start.start, name="start"),
    path("day/<isodate:day>/", sessions.session, name="session"),
    path("day/<isodate:day>/check-in/", sessions.checkin, name="checkin"),
    path("day/<isodate:day>/guided/", guided.guided, name="guided"),
    path("day/<isodate:day>/log.json", guided.session_log_api, name="session_log_api"),
    path("flags/", today.flags, name="flags"),
    path("print/", printable.program_print, name="print"),
    path("resume/", today.resume, name="resume"),
    path("progress/", progress.progress, name="progress"),
    path("progress/<int:program_id>/", progress.progress_program, name="progress_program"),
    path("reassess/", progress.reassess, name="reassess"),
    path("reassessments/<uuid:uid>/", progress.reassessment_result, name="reassessment_result"),
    path("calendar/<str:token>.ics", calendar_feed.calendar_feed, name="calendar_feed"),
]
