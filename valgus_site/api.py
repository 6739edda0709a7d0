"""The JSON API (django-ninja): OpenAPI at /api/openapi.json, interactive docs at /api/docs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from valgus_site.middleware import api_error

api = NinjaAPI(
    title="valgus API",
    version="1",
    description=(
        "Evaluate a knee valgus self-assessment with the same rules engine as the web app. "
        "Item ids, codes, destinations and urgencies follow the clinical specification."
    ),
    urls_namespace="api",
)


def _field_error(error: dict[str, Any]) -> dict[str, Any]:
    """One 422 entry: ``item`` names the questionnaire item, ``loc`` where it sits in the body.

    The location drops the name of the view's parameter, which is an implementation detail:
    ``["body", "answers", "age"]`` rather than ``["body", "payload", "answers", "age"]``.
    """
    loc = [str(part) if not isinstance(part, int) else part for part in error.get("loc", ())]
    if len(loc) > 1 and loc[0] == "body" and loc[1] == "payload":
        loc = [loc[0], *loc[2:]]
    item = None
    if "answers" in loc and loc.index("answers") + 1 < len(loc):
        item = loc[loc.index("answers") + 1]
    return {
        "item": item,
        "loc": loc,
        "msg": str(error.get("msg", "Invalid value")),
        "type": str(error.get("type", "value_error")),
    }


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": [_field_error(error) for error in exc.errors]}, status=422
    )


@api.exception_handler(RequestDataTooBig)
def body_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """A body sent without a length (chunked) that turns out too large while being read."""
    return api_error(413)


from assessments.api import router as assessments_router  # noqa: E402

api.add_router("/v1/assessments/", assessments_router)
