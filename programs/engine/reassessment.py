"""Baseline against reassessment, item by item (clinical spec, sections 8 and 9).

"Improved" (section 8, one definition for week 6 and week 12, ``improvement``) means any of: the
worst pain of the week fell by at least the minimal clinically important change on the NPRS
(about 2 points, Farrar 2001), or fell to 0 from a baseline of 1; a single-leg squat grade got
better; the goal score (the client's own activities, Patient-Specific Functional Scale) rose by its
minimal important change (about 2 points, Horn 2012); or the client rates the knee better or much
better. A grade or an activity that was not answered at one of the two times cannot count as
better: an unanswered item is unknown, not improved. For the same reason the function score and
the goal score are compared on the items answered both times only.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from programs.engine.answers import (
    FUNCTION_ITEMS,
    Answers,
    GoalActivity,
    ReassessmentAnswers,
)
from programs.engine.data import Thresholds, load_rules
from programs.engine.wording import count, join, message, score

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
# The label of each compared item, as the client's and the physiotherapist's tables name it.
ITEM_LABELS: dict[str, str] = {item: label for item, label, _ in _ITEMS}
_FUNCTION_WORDS = {
    item: label.removeprefix("Difficulty ").removeprefix("with ") for item, label, _ in _ITEMS
}

# The four measures of "improved" (section 8), in the order they are reported.
Measure = Literal["pain_worst_week", "single_leg_squat", "goal_score", "global_rating_of_change"]
MEASURES: tuple[str, ...] = (
    "pain_worst_week",
    "single_leg_squat",
    "goal_score",
    "global_rating_of_change",
)
_MEASURE_RULES = {
    "pain_worst_week": "RA-IMPROVED-PAIN",
    "single_leg_squat": "RA-IMPROVED-SQUAT",
    "goal_score": "RA-IMPROVED-GOAL",
    "global_rating_of_change": "RA-IMPROVED-GLOBAL",
}
_RATING_WORDS = {
    "much_worse": "much worse",
    "worse": "worse",
    "same": "about the same",
    "better": "better",
    "much_better": "much better",
}


class ItemComparison(BaseModel):
    """One item then and now, as data: the pages word each value (a difficulty of 2 reads
    "2/4 (moderate)", ``assessments.presentation.answer_text``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    item: str
    label: str
    baseline: Value
    follow_up: Value
    change: Change
    # A sentence comparisons stored before 2026-11-29 carry ("2/4 then, 1/4 now"), read back
    # as stored and shown nowhere; the engine no longer words values.
    text: str | None = None


class GoalScores(BaseModel):
    """The goal score at both times, on the activities scored both times only."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    activities: list[str] = Field(description="The activities scored both times (baseline words).")
    baseline: float | None
    follow_up: float | None
    change: float | None
    note: str | None = Field(description="Which activities were compared, when any were.")


class Improvement(BaseModel):
    """Whether a reassessment counts as improved against the baseline, and by which measures."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    improved: bool
    measures: list[Measure] = Field(description="Every measure that counts (empty: not improved).")
    reasons: list[str] = Field(description="One sentence per measure that counts, or why none.")
    rules: list[str]
    goal: GoalScores


class Comparison(BaseModel):
    """Stored with each reassessment; fields added later default to ``None`` (or empty), so a
    comparison stored under older rules still reads back as it was."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    items: list[ItemComparison]
    improved: bool
    reason: str
    rule: str
    function_score_baseline: float | None
    function_score_follow_up: float | None
    function_score_change: float | None
    global_rating_of_change: str | None
    improved_by: list[Measure] = Field(default_factory=list)
    rules: list[str] = Field(default_factory=list)
    function_items_compared: list[str] | None = None
    function_score_note: str | None = None
    goals: list[ItemComparison] = Field(default_factory=list)
    goal_score_baseline: float | None = None
    goal_score_follow_up: float | None = None
    goal_score_change: float | None = None
    goal_score_note: str | None = None

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


def _compare_item(item: str, label: str, kind: str, before: Value, after: Value) -> ItemComparison:
    old, new = _rank(kind, before), _rank(kind, after)
    change: Change
    if old is None or new is None:
        change = "not_compared"
    else:
        change = "better" if new < old else "worse" if new > old else "same"
    return ItemComparison(item=item, label=label, baseline=before, follow_up=after, change=change)


def _movement(drop: float) -> str:
    if drop == 0:
        return "did not change"
    points = f"{score(abs(drop))} point{'s' if abs(drop) != 1 else ''}"
    return f"fell by {points}" if drop > 0 else f"rose by {points}"


def _matched_goals(
    baseline: list[GoalActivity], follow_up: list[GoalActivity]
) -> list[tuple[GoalActivity, GoalActivity]]:
    """Baseline activities with their reassessment score, matched by their words (case and
    spacing aside), in the baseline's order."""
    later = {activity.key: activity for activity in follow_up}
    return [(activity, later[activity.key]) for activity in baseline if activity.key in later]


def goal_scores(baseline: Answers, follow_up: ReassessmentAnswers) -> GoalScores:
    """The goal score at both times on the activities scored both times, and saying so."""
    pairs = _matched_goals(baseline.goal_activities, follow_up.goal_activities)
    if not pairs:
        return GoalScores(activities=[], baseline=None, follow_up=None, change=None, note=None)
    before = sum(first.score for first, _ in pairs) / len(pairs)
    after = sum(second.score for _, second in pairs) / len(pairs)
    names = [first.activity for first, _ in pairs]
    every = len(pairs) == len(baseline.goal_activities) == len(follow_up.goal_activities)
    note = (
        message("goal_compared_all", count=count(len(pairs), "activity", "activities"))
        if every
        else message(
            "goal_compared_some",
            count=count(len(pairs), "activity", "activities"),
            activities=join([f"'{n}'" for n in names]),
        )
    )
    return GoalScores(
        activities=names,
        baseline=before,
        follow_up=after,
        change=after - before,
        note=note,
    )


def _goal_rose_enough(goal: GoalScores, t: Thresholds) -> bool:
    """The mean rose by the minimal important change, compared on whole-number sums so that
    floating point never decides a mean of three scores."""
    if goal.baseline is None or goal.follow_up is None:
        return False
    scored = len(goal.activities)
    rise_in_points = round(goal.follow_up * scored) - round(goal.baseline * scored)
    return rise_in_points >= t.reassessment_goal_improvement_from * scored


def improvement(baseline: Answers, follow_up: ReassessmentAnswers) -> Improvement:
    """The one definition of "improved" (spec section 8), with every measure that counts."""
    t = load_rules().thresholds
    needed = t.reassessment_pain_improvement_from
    measures: list[str] = []
    reasons: list[str] = []

    before_pain, after_pain = baseline.pain_worst_week, follow_up.pain_worst_week
    pain_drop = before_pain - after_pain
    if pain_drop >= needed:
        measures.append("pain_worst_week")
        reasons.append(
            message("improved_pain", before=before_pain, after=after_pain, needed=needed)
        )
    elif after_pain == 0 and before_pain > 0:
        measures.append("pain_worst_week")
        reasons.append(message("improved_pain_to_zero", before=before_pain))

    better_sides = [
        item.removeprefix("single_leg_squat_")
        for item in SINGLE_LEG_ITEMS
        if _compare_item(
            item, "", "grade", getattr(baseline, item), getattr(follow_up, item)
        ).change
        == "better"
    ]
    if better_sides:
        measures.append("single_leg_squat")
        reasons.append(message("improved_squat", sides=" and ".join(better_sides)))

    goal = goal_scores(baseline, follow_up)
    if _goal_rose_enough(goal, t):
        measures.append("goal_score")
        reasons.append(
            message(
                "improved_goal",
                before=score(goal.baseline or 0),
                after=score(goal.follow_up or 0),
                needed=score(t.reassessment_goal_improvement_from),
            )
        )

    rating = follow_up.global_rating_of_change
    if rating is not None and rating in t.reassessment_improved_global_ratings:
        measures.append("global_rating_of_change")
        reasons.append(message("improved_global", rating=_RATING_WORDS[rating]))

    if measures:
        return Improvement(
            improved=True,
            measures=measures,  # type: ignore[arg-type]
            reasons=reasons,
            rules=[_MEASURE_RULES[measure] for measure in measures],
            goal=goal,
        )
    goal_words = (
        message(
            "goal_moved",
            movement=_movement(-goal.change),
            needed=score(t.reassessment_goal_improvement_from),
        )
        if goal.change is not None
        else message("goal_not_compared")
    )
    rating_words = (
        message("rating_given", rating=_RATING_WORDS[rating])
        if rating is not None
        else message("rating_not_given")
    )
    return Improvement(
        improved=False,
        measures=[],
        reasons=[
            message(
                "not_improved",
                pain=_movement(pain_drop),
                needed=needed,
                goal=goal_words,
                rating=rating_words,
            )
        ],
        rules=["RA-NOT-IMPROVED"],
        goal=goal,
    )


def _function_scores(
    baseline: Answers, follow_up: ReassessmentAnswers
) -> tuple[list[str], float | None, float | None, str]:
    """The function score at both times on the items answered both times, and saying so."""
    both = [
        item
        for item in FUNCTION_ITEMS
        if getattr(baseline, item) is not None and getattr(follow_up, item) is not None
    ]
    if not both:
        return [], None, None, message("function_not_compared")

    def on_items(answers: Answers | ReassessmentAnswers) -> float:
        return 100.0 - 25.0 * sum(getattr(answers, item) for item in both) / len(both)

    answered = {
        item
        for item in FUNCTION_ITEMS
        if getattr(baseline, item) is not None or getattr(follow_up, item) is not None
    }
    note = (
        message("function_compared_all", count=count(len(both), "item"))
        if len(both) == len(answered)
        else message(
            "function_compared_some",
            count=count(len(both), "item"),
            items=join([_FUNCTION_WORDS[item] for item in both]),
        )
    )
    return both, on_items(baseline), on_items(follow_up), note


def _goal_items(baseline: Answers, follow_up: ReassessmentAnswers) -> list[ItemComparison]:
    """Each baseline goal activity, then and now (higher is better)."""
    later = {activity.key: activity for activity in follow_up.goal_activities}
    entries: list[ItemComparison] = []
    for activity in baseline.goal_activities:
        again = later.get(activity.key)
        label = activity.activity
        if again is None:
            change: Change = "not_compared"
            after: Value = None
        else:
            after = again.score
            rise = again.score - activity.score
            change = "better" if rise > 0 else "worse" if rise < 0 else "same"
        entries.append(
            ItemComparison(
                item="goal_activities",
                label=label,
                baseline=activity.score,
                follow_up=after,
                change=change,
            )
        )
    return entries


def compare(baseline: Answers, follow_up: ReassessmentAnswers) -> Comparison:
    """Item-by-item comparison and the spec's 'improved' verdict, with its reasons."""
    items = [
        _compare_item(item, label, kind, getattr(baseline, item), getattr(follow_up, item))
        for item, label, kind in _ITEMS
    ]
    verdict = improvement(baseline, follow_up)
    compared, before_score, after_score, function_note = _function_scores(baseline, follow_up)
    goal = verdict.goal
    return Comparison(
        items=items,
        improved=verdict.improved,
        reason=" ".join(verdict.reasons),
        rule=verdict.rules[0],
        function_score_baseline=before_score,
        function_score_follow_up=after_score,
        function_score_change=(
            after_score - before_score
            if before_score is not None and after_score is not None
            else None
        ),
        global_rating_of_change=follow_up.global_rating_of_change,
        improved_by=verdict.measures,
        rules=verdict.rules,
        function_items_compared=compared,
        function_score_note=function_note,
        goals=_goal_items(baseline, follow_up),
        goal_score_baseline=goal.baseline,
        goal_score_follow_up=goal.follow_up,
        goal_score_change=goal.change,
        goal_score_note=goal.note,
    )
