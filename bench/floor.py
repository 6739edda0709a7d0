"""Floor endpoints: the least a logged-in page and a validating API call can cost here.

* ``floor_page``: a logged-in GET that renders a tiny template (no base layout, no queries of its
  own beyond the session and the user every logged-in request loads).
* ``floor_api``: a django-ninja POST that validates a small pydantic body and echoes it.
"""

from __future__ import annotations

from typing import Literal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from ninja import Field, NinjaAPI, Schema

floor_api = NinjaAPI(
    title="valgus benchmark floor",
    version="bench",
    urls_namespace="bench_floor_api",
    docs_url=None,
    openapi_url=None,
)


class FloorAnswers(Schema):
    """A few answers, validated like the real ones (ranges and choices)."""

    age: int = Field(ge=12, le=100)
    side: Literal["left", "right", "both"]
    pain_now: int = Field(ge=0, le=10)
    pain_worst_week: int = Field(ge=0, le=10)


@floor_api.post("/echo", response=FloorAnswers, auth=None)
def floor_echo(request: HttpRequest, payload: FloorAnswers) -> FloorAnswers:
    return payload


@login_required
@require_GET
def floor_page(request: HttpRequest) -> HttpResponse:
    return render(request, "bench/floor.html")
