"""Baseline against reassessment, item by item (clinical spec, sections 8 and 9).

"Improved" follows the spec's week-6 / week-12 measure: the worst pain of the week fell by at least
the minimal clinically important change on the NPRS (about 2 points, Farrar 2001), or a single-leg
squat grade got better. A grade that was not tested at one of the two times cannot count as
better: an untested item is unknown, not improved.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from programs.engine.answers import Answers, ReassessmentAnswers
from programs.engine.data import load_rules

Change = Literal["better", "worse", "same", "not_compared"]
Value = int | str | bool | None

_GRADE_RANK = {"none": 0, "slight": 1, "marked": 2}

# (item id, label shown to the client, kind). Lower is better for every kind.
_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("pain_now", "Pain right now", "pain"),
    ("pain_worst_week", "Worst pain in the last week", "pain"),
    ("single_leg_squat_left", "Single-leg squat, left", "grade"),
    ("single_leg_squat_right", "Single-leg squat, right", "grade"),
    ("squat_knees_cave", "Two-leg squat", "grade"),
    ("hip_drop_left", "Hip drop standing on the left leg", "flag"),
    ("hip_drop_right", "Hip drop standing on the right leg", "flag"),
    ("difficulty_stairs", "Difficulty with stairs", "difficulty"),
    ("difficulty_squatting", "Difficulty with squatting", "difficulty"),
    ("difficulty_sitting_long", "Difficulty sitting for a long time", "difficulty"),
    ("difficulty_running", "Difficulty with running", "difficulty"),
    ("difficulty_kneeling", "Difficulty with kneeling", "difficulty"),
)
SINGLE_LEG_ITEMS = ("single_leg_squat_left", "single_leg_squat_right")


class ItemComparison(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    item: str
    label: str
    baseline: Value
    follow_up: Value
    change: Change
    text: str


class Comparison(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    items: list[ItemComparison]
    improved: bool
    reason: str
    rule: str
    function_score_baseline: float | None
    function_score_follow_up: float | None
    function_score_change: float | None
    global_rating_of_change: str | None

    def item(self, item_id: str) -> ItemComparison:
        return next(entry for entry in self.items if entry.item == item_id)


def _rank(kind: str, value: Value) -> int | None:
    if value is None:
        return None
    if kind == "grade":
        return _GRADE_RANK[str(value)]
    if kind == "flag":
        return 1 if value is True else 0
    return int(value)


def _shown(kind: str, value: Value) -> str:
    if kind == "pain":
        return f"{value}/10"
    if kind == "difficulty":
        return f"{value}/4"
    if kind == "flag":
        return "yes" if value is True else "no"
    return str(value)


def _compare_item(item: str, label: str, kind: str, before: Value, after: Value) -> ItemComparison:
    old, new = _rank(kind, before), _rank(kind, after)
    if old is None or new is None:
        change: Change = "not_compared"
        text = f"{label}: not answered at both times, so not compared."
    else:
        change = "better" if new < old else "worse" if new > old else "same"
        text = f"{label}: {_shown(kind, before)} then, {_shown(kind, after)} now ({change})."
        if kind == "pain" and change != "same":
            text = (
                f"{label}: {_shown(kind, before)} then, {_shown(kind, after)} now "
                f"({abs(old - new)} point{'s' if abs(old - new) != 1 else ''} {change})."
            )
    return ItemComparison(
        item=item, label=label, baseline=before, follow_up=after, change=change, text=text
    )


def _movement(drop: int) -> str:
    if drop == 0:
        return "did not change"
    points = f"{abs(drop)} point{'s' if abs(drop) != 1 else ''}"
    return f"fell by {points}" if drop > 0 else f"rose by {points}"


def compare(baseline: Answers, follow_up: ReassessmentAnswers) -> Comparison:
    """Item-by-item comparison and the spec's 'improved' verdict, with its reason."""
    t = load_rules().thresholds
    items = [
        _compare_item(item, label, kind, getattr(baseline, item), getattr(follow_up, item))
        for item, label, kind in _ITEMS
    ]
    by_item = {entry.item: entry for entry in items}
    pain_drop = baseline.pain_worst_week - follow_up.pain_worst_week
    better_squats = [
        by_item[item].label.split(", ")[1]
        for item in SINGLE_LEG_ITEMS
        if by_item[item].change == "better"
    ]
    needed = t.reassessment_pain_improvement_from
    if pain_drop >= needed:
        improved, rule = True, "RA-IMPROVED-PAIN"
        reason = (
            f"Your worst pain in the week fell from {baseline.pain_worst_week}/10 to "
            f"{follow_up.pain_worst_week}/10, a change of {needed} points or more."
        )
    elif better_squats:
        improved, rule = True, "RA-IMPROVED-SQUAT"
        reason = f"Your single-leg squat got better on the {' and '.join(better_squats)}."
    else:
        improved, rule = False, "RA-NOT-IMPROVED"
        reason = (
            f"Your worst pain in the week {_movement(pain_drop)} (an improvement needs a fall "
            f"of {needed} points or more), and no single-leg squat grade tested both times "
            "got better."
        )
    before_score, after_score = baseline.function_score(), follow_up.function_score()
    return Comparison(
        items=items,
        improved=improved,
        reason=reason,
        rule=rule,
        function_score_baseline=before_score,
        function_score_follow_up=after_score,
        function_score_change=(
            after_score - before_score
            if before_score is not None and after_score is not None
            else None
        ),
        global_rating_of_change=follow_up.global_rating_of_change,
    )
