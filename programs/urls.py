"""Client-facing program URLs (Today, logging, progress, calendar)."""

app_name = "programs"

urlpatterns: list = []
