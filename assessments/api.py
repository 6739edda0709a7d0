"""The public evaluation API (clinical spec, section 10): answers in, evaluation out, nothing
stored, no login. The same ``programs.engine.Answers`` model validates the web forms' answers."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.throttling import AnonRateThrottle

from programs.engine import Answers, Evaluation, evaluate

router = Router(tags=["assessments"])


class EvaluateRequest(Schema):
    """The questionnaire answers keyed by the spec's item ids."""

    answers: Answers


@router.post(
    "/evaluate",
    response=Evaluation,
    auth=None,
    throttle=[AnonRateThrottle(settings.VALGUS_API_RATE)],
    summary="Evaluate a self-assessment",
    description=(
        "Runs the rules engine on the answers and returns findings, exercises, advice and "
        "referrals. Nothing is stored. Invalid answers get 422 with one entry per offending "
        "item; `loc` names the item."
    ),
)
def evaluate_answers(request: HttpRequest, payload: EvaluateRequest) -> Evaluation:
    return evaluate(payload.answers)
