"""The public evaluation API (clinical spec, section 10): answers in, evaluation out, nothing
stored, no login. The same ``programs.engine.Answers`` model validates the web forms' answers."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from pydantic import TypeAdapter

from accounts.rate_limits import ClientAddressRateThrottle
from programs.engine import Answers, Evaluation, evaluate

router = Router(tags=["assessments"])


class EvaluateRequest(Schema):
    """The questionnaire answers keyed by the spec's item ids."""

    answers: Answers


class FieldError(Schema):
    item: str | None = Field(description="The questionnaire item at fault, when there is one.")
    loc: list[str | int] = Field(description='Where in the body, e.g. ["body", "answers", "age"].')
    msg: str
    type: str


class InvalidAnswers(Schema):
    detail: list[FieldError] = Field(description="One entry per offending item.")


class Problem(Schema):
    detail: str


@router.post(
    "/evaluate",
    response={200: Evaluation, 400: Problem, 413: Problem, 422: InvalidAnswers, 429: Problem},
    auth=None,
    throttle=[ClientAddressRateThrottle(settings.VALGUS_API_RATE, scope="evaluate")],
    summary="Evaluate a self-assessment",
    description=(
        "Runs the rules engine on the answers and returns findings, exercises, advice and "
        "referrals. Nothing is stored. Invalid answers get 422 with one entry per offending "
        "item; `loc` names the item."
    ),
)
def evaluate_answers(request: HttpRequest, payload: EvaluateRequest) -> HttpResponse:
    # The engine's result is already a validated ``Evaluation``: serialised once, by pydantic,
    # straight to bytes, rather than validated again against the response schema and encoded
    # field by field (or decoded to a string and encoded back).
    return HttpResponse(
        _EVALUATION_JSON.dump_json(evaluate(payload.answers)), content_type="application/json"
    )


_EVALUATION_JSON = TypeAdapter(Evaluation)
