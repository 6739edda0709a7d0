"""What every step of the evaluation shares: the trace of the rules it fired, the movement
self-test items, and the wording helpers for reasons (moved verbatim out of ``rules.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from programs.engine.answers import Answers
from programs.engine.data import RuleSet
from programs.engine.results import FiredRule

LEGS: tuple[str, str] = ("left", "right")
_HIP_EXERCISES = (
    "banded_clamshell",
    "banded_side_steps",
    "single_leg_deadlift",
    "banded_squat_knee_cue",
)
_SINGLE_LEG_GRADE = {
    "slight": "drifted inside your big toe",
    "marked": "clearly collapsed inside your big toe (or you lost your balance)",
}
_TWO_LEG_GRADE = {
    "slight": "drifted inside your big toes",
    "marked": "clearly collapsed inside your big toes",
}
_AGGRAVATOR_WORDS = {
    "stairs": "stairs",
    "squatting": "squatting",
    "prolonged_sitting": "sitting for a long time",
}


@dataclass
class _Trace:
    """Collects fired rule ids in firing order (each once)."""

    rules: RuleSet
    fired: dict[str, None] = field(default_factory=dict)

    def fire(self, rule_id: str) -> str:
        if rule_id not in self.fired:
            self.rules.reason(rule_id)  # fails loudly on an id missing from rules.toml
            self.fired[rule_id] = None
        return rule_id

    def as_list(self) -> list[FiredRule]:
        return self.rules.fired_rules(self.fired)


# The guided movement self-tests (spec section 1): skipped ones are never positive signs.
MOVEMENT_TEST_ITEMS: tuple[str, ...] = (
    "single_leg_squat_left",
    "single_leg_squat_right",
    "squat_knees_cave",
    "hip_drop_left",
    "hip_drop_right",
    "thomas_thigh_lifts_left",
    "thomas_thigh_lifts_right",
    "adductor_tight",
    "knee_to_wall_cm_left",
    "knee_to_wall_cm_right",
)


def _number(value: float) -> str:
    """9.0 -> '9', 9.5 -> '9.5': measurements read the way people typed them."""
    return f"{value:g}"


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _join_or(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def _concern_sides(answers: Answers) -> list[str]:
    """Sides for findings without per-side items: the knee(s) the person is concerned about."""
    return list(LEGS) if answers.side == "both" else [answers.side]


def _single_leg_grades(answers: Answers) -> dict[str, str | None]:
    return {"left": answers.single_leg_squat_left, "right": answers.single_leg_squat_right}
