"""Outcomes over a program, week by week, with the assessment points marked: the numbers the
physiotherapist's review charts (pain, goal score, adherence), each with its table.

Read from a :class:`~programs.selectors.progress.ProgressSummary` the caller has built for a
program they may see, without another query. Descriptive only.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from pydantic import ValidationError

from assessments.models import Assessment
from programs.engine.answers import Answers, GoalActivity, ReassessmentAnswers, goal_score
from programs.selectors.progress import ProgressSummary, program_week_of


@dataclass(frozen=True)
class OutcomePoint:
    """The start or a reassessment: what the client reported then."""

    label: str
    week: int  # 0 for the start
    pain_now: int | None
    pain_worst_week: int | None
    goal_score: float | None
    function_score: float | None


@dataclass(frozen=True)
class OutcomeWeek:
    week: int
    scheduled: int
    logged: int
    percent: int
    pain_during_max: int | None  # the highest pain during any exercise that week
    morning_pain_mean: float | None  # the mean of the week's morning-after check-ins
    reassessment: OutcomePoint | None

    @property
    def label(self) -> str:
        return f"Week {self.week}" + (" (reassessed)" if self.reassessment else "")


@dataclass(frozen=True)
class Outcomes:
    weeks: list[OutcomeWeek]
    points: list[OutcomePoint]

    @property
    def has_pain(self) -> bool:
        return any(
            week.pain_during_max is not None or week.morning_pain_mean is not None
            for week in self.weeks
        ) or any(point.pain_now is not None for point in self.points)

    @property
    def has_goal(self) -> bool:
        return any(point.goal_score is not None for point in self.points)

    @property
    def start(self) -> OutcomePoint | None:
        return self.points[0] if self.points else None


def _scores(assessment: Assessment) -> tuple[float | None, float | None]:
    model = Answers if assessment.kind == Assessment.Kind.BASELINE else ReassessmentAnswers
    try:
        answers = model.model_validate(assessment.answers)
    except ValidationError:
        return None, None
    return answers.goal_score(), answers.function_score()


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def program_outcomes(summary: ProgressSummary) -> Outcomes:
    """Pain, adherence and goal score by program week, with the start and each reassessment."""
    points = []
    for score_point in summary.function_scores:
        assessment = score_point.assessment
        goal, function = _scores(assessment)
        week = 0
        if assessment.kind != Assessment.Kind.BASELINE:
            week = assessment.program_week or program_week_of(summary.program, score_point.date)
        points.append(
            OutcomePoint(
                label=score_point.label,
                week=week,
                pain_now=_number(assessment.answers.get("pain_now")),
                pain_worst_week=_number(assessment.answers.get("pain_worst_week")),
                goal_score=goal,
                function_score=function,
            )
        )
    at_week = {point.week: point for point in points if point.week}
    during: dict[int, list[int]] = defaultdict(list)
    morning: dict[int, list[int]] = defaultdict(list)
    for session in summary.sessions:
        if session.pain_during_max is not None:
            during[session.week].append(session.pain_during_max)
        if session.morning_pain is not None:
            morning[session.week].append(session.morning_pain)
    weeks = [
        OutcomeWeek(
            week=item.week,
            scheduled=item.scheduled,
            logged=item.logged,
            percent=item.percent,
            pain_during_max=max(during[item.week]) if during[item.week] else None,
            morning_pain_mean=(
                round(sum(morning[item.week]) / len(morning[item.week]), 1)
                if morning[item.week]
                else None
            ),
            reassessment=at_week.get(item.week),
        )
        for item in summary.weeks
    ]
    return Outcomes(weeks=weeks, points=points)


@dataclass(frozen=True)
class GoalActivityTrend:
    """One of the client's own goal activities (their words at the start) and its score at the
    start and at each reassessment (``None``: not scored that time)."""

    activity: str
    scores: list[int | None]

    @property
    def baseline(self) -> int | None:
        return self.scores[0]

    @property
    def latest(self) -> int | None:
        """The score at the latest reassessment (``None`` before any, or when skipped then)."""
        return self.scores[-1] if len(self.scores) > 1 else None

    @property
    def change(self) -> int | None:
        if self.baseline is None or self.latest is None:
            return None
        return self.latest - self.baseline


@dataclass(frozen=True)
class GoalTrends:
    """The goal activities over a program: the start, then each reassessment."""

    labels: list[str]
    activities: list[GoalActivityTrend]
    goal_scores: list[float | None]  # the mean of the scores given each time

    @property
    def latest_label(self) -> str | None:
        return self.labels[-1] if len(self.labels) > 1 else None


def _goal_activities(assessment: Assessment) -> list[GoalActivity]:
    model = Answers if assessment.kind == Assessment.Kind.BASELINE else ReassessmentAnswers
    try:
        return model.model_validate(assessment.answers).goal_activities
    except ValidationError:
        return []


def goal_trends(summary: ProgressSummary) -> GoalTrends | None:
    """The client's own goal activities at the start and at each reassessment, matched by their
    words as the engine matches them; ``None`` when the start set no goals."""
    points = summary.function_scores
    if not points:
        return None
    baseline = _goal_activities(points[0].assessment)
    if not baseline:
        return None
    later = [
        {activity.key: activity.score for activity in _goal_activities(point.assessment)}
        for point in points[1:]
    ]
    return GoalTrends(
        labels=[point.label for point in points],
        activities=[
            GoalActivityTrend(
                activity=activity.activity,
                scores=[activity.score, *(scores.get(activity.key) for scores in later)],
            )
            for activity in baseline
        ],
        goal_scores=[goal_score(baseline)]
        + [
            goal_score(_goal_activities(point.assessment)) if scores else None
            for point, scores in zip(points[1:], later, strict=True)
        ],
    )
