"""Small builders shared by the engine tests (plain functions, no fixtures, no database)."""

from __future__ import annotations

from typing import Any

from programs.engine import Answers, Evaluation, ReassessmentAnswers, evaluate
from programs.engine.progression import LoggedSession

# The minimum a valid questionnaire needs: every optional item left unanswered.
REQUIRED: dict[str, Any] = {"age": 30, "pain_now": 2, "pain_worst_week": 3, "side": "left"}


def answers(**items: Any) -> Answers:
    return Answers.model_validate({**REQUIRED, **items})


def run(**items: Any) -> Evaluation:
    return evaluate(answers(**items))


def reassessment(**items: Any) -> ReassessmentAnswers:
    return ReassessmentAnswers.model_validate({"pain_now": 2, "pain_worst_week": 3, **items})


def codes(items: list[Any]) -> list[str]:
    return [item.code for item in items]


def referral_pairs(evaluation: Evaluation) -> list[tuple[str, str]]:
    return [(referral.destination, referral.urgency) for referral in evaluation.referrals]


def session(**fields: Any) -> LoggedSession:
    """A complete, easy, pain-free session at level 2 (3 x 12), settled next morning at 1/10."""
    base: dict[str, Any] = {
        "level": 2,
        "prescribed_sets": 3,
        "prescribed_reps_or_hold": 12,
        "sets_done": 3,
        "reps_done": 12,
        "pain_during": 2,
        "difficulty": "easy",
        "morning_after_pain": 1,
    }
    return LoggedSession(**{**base, **fields})
