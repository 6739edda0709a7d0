"""The client's private calendar feed: no login (calendar apps cannot log in), the secret token
in the URL is the key."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from accounts.selectors import calendar_user_for_token
from programs.ical_feed import calendar_feed_ical


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = calendar_user_for_token(token)
    if user is None:
        raise Http404("No such calendar.")
    response = HttpResponse(calendar_feed_ical(user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="knee-program.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
