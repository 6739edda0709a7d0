"""Questionnaire answers (clinical spec, section 1) and the short reassessment form (section 9).

The models are strict on purpose: a self-assessment that silently turned ``"yes"`` into ``True`` or
``"30"`` into 30 could invent a warning sign or a finding. Every optional item defaults to ``None``
("not answered / not tested"), and the engine never reads ``None`` as a positive sign.

Choices are ``Literal`` types rather than ``StrEnum``: in strict mode pydantic only accepts enum
members from Python dicts, and callers (forms, stored JSON) hand us plain strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Side = Literal["left", "right", "both"]
Sex = Literal["female", "male", "other", "prefer_not"]
ActivityLevel = Literal["sedentary", "light", "moderate", "vigorous"]
Grade = Literal["none", "slight", "marked"]
Swelling = Literal["none", "mild", "marked"]
Footprint = Literal["high", "normal", "flat", "unknown"]
PainLocation = Literal["front", "inner", "outer", "back", "diffuse"]
Aggravator = Literal["stairs", "squatting", "prolonged_sitting", "running", "jumping", "kneeling"]
Equipment = Literal["band_light", "band_medium", "band_heavy", "dumbbell"]
GlobalRating = Literal["much_worse", "worse", "same", "better", "much_better"]

SIDES: tuple[str, ...] = get_args(Side)
SEXES: tuple[str, ...] = get_args(Sex)
ACTIVITY_LEVELS: tuple[str, ...] = get_args(ActivityLevel)
GRADES: tuple[str, ...] = get_args(Grade)
SWELLINGS: tuple[str, ...] = get_args(Swelling)
FOOTPRINTS: tuple[str, ...] = get_args(Footprint)
PAIN_LOCATIONS: tuple[str, ...] = get_args(PainLocation)
AGGRAVATORS: tuple[str, ...] = get_args(Aggravator)
EQUIPMENT: tuple[str, ...] = get_args(Equipment)
BANDS: tuple[str, ...] = ("band_light", "band_medium", "band_heavy")
GLOBAL_RATINGS: tuple[str, ...] = get_args(GlobalRating)

FUNCTION_ITEMS: tuple[str, ...] = (
    "difficulty_stairs",
    "difficulty_squatting",
    "difficulty_sitting_long",
    "difficulty_running",
    "difficulty_kneeling",
)

STRICT = ConfigDict(extra="forbid", strict=True)

_GRADE_HELP = (
    "none: knee stays over the 2nd toe; slight: knee drifts to the inside of the big toe; "
    "marked: knee clearly collapses inside the big toe, or balance is lost."
)
_DIFFICULTY_HELP = "0 = no difficulty ... 4 = unable."


def _pain(description: str) -> Any:
    return Field(ge=0, le=10, description=description)


def _flag(description: str) -> Any:
    return Field(default=None, description=description)


def _difficulty(activity: str) -> Any:
    return Field(
        default=None, ge=0, le=4, description=f"Difficulty with {activity}: {_DIFFICULTY_HELP}"
    )


class _FunctionScore:
    """The function-score helper shared by the full questionnaire and the reassessment form."""

    def function_score(self) -> float | None:
        """100 - 25 x mean of the answered items (spec section 1); ``None`` if none answered.

        Unanswered items are left out of the mean rather than counted as 0, which would flatter
        the score.
        """
        answered = [value for item in FUNCTION_ITEMS if (value := getattr(self, item)) is not None]
        if not answered:
            return None
        return 100.0 - 25.0 * sum(answered) / len(answered)


@cache
def _defaulted_items(model: type[BaseModel]) -> frozenset[str]:
    """Optional items whose "not answered" value is not ``None`` (activity, equipment, ...).

    Worked out once per model class: asking a field for its default inspects the default
    factory's signature, far too slow to repeat on every validation.
    """
    return frozenset(
        name
        for name, field in model.model_fields.items()
        if not field.is_required() and field.get_default(call_default_factory=True) is not None
    )


@cache
def _integer_items(model: type[BaseModel]) -> frozenset[str]:
    """Items typed ``int`` or ``int | None``, worked out once per model class."""
    return frozenset(
        name for name, field in model.model_fields.items() if field.annotation in (int, int | None)
    )


def _document_null_as_not_answered(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Document in the JSON schema what ``_null_means_not_answered`` accepts: null = default."""
    properties = schema.get("properties", {})
    for name in _defaulted_items(model) & set(properties):
        prop = properties[name]
        outer = {key: prop[key] for key in ("title", "description", "default") if key in prop}
        inner = {key: value for key, value in prop.items() if key not in outer}
        properties[name] = {**outer, "anyOf": [inner, {"type": "null"}]}


class StrictAnswers(BaseModel):
    """Strict answers, except that a whole float counts as an integer.

    JSON has a single number type and JSON Schema calls 5.0 an integer, so ``"pain_now": 5.0``
    means 5; ``5.5`` is still refused, and so are strings and booleans.
    """

    model_config = ConfigDict(**STRICT, json_schema_extra=_document_null_as_not_answered)

    @model_validator(mode="before")
    @classmethod
    def _whole_numbers_are_integers(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        integers = _integer_items(cls)
        return {
            key: int(value)
            if key in integers and isinstance(value, float) and value.is_integer()
            else value
            for key, value in data.items()
        }

    @model_validator(mode="before")
    @classmethod
    def _null_means_not_answered(cls, data: Any) -> Any:
        """An explicit ``null`` for an optional item with a default is the same as leaving it out.

        Spec section 1: a missing optional item means "not observed" (activity ``light``, no
        equipment, no pain locations, 3 sessions of 20 minutes). Callers that send every item,
        with ``null`` for the unanswered ones, must get those defaults rather than a 422, as they
        already do for the yes/no items and grades. A required item sent as ``null`` is still
        refused.
        """
        if not isinstance(data, dict):
            return data
        defaulted = _defaulted_items(cls)
        if defaulted.isdisjoint(data):
            return data
        return {
            key: value for key, value in data.items() if not (key in defaulted and value is None)
        }


# Not stripped: the document promises 1-80 characters of the text as sent, with something other
# than spaces in it (forms strip what people type before it gets here).
ActivityText = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"\S")]
GOAL_ACTIVITIES_MAX = 3


class GoalActivity(StrictAnswers):
    """One of the client's own goals (Patient-Specific Functional Scale, Stratford 1995): an
    activity the knee makes hard, in their words, and how well they can do it now."""

    model_config = STRICT

    activity: ActivityText = Field(
        description="An activity the knee makes hard, in the person's own words (1-80 characters), "
        "for example 'running 5 km'."
    )
    score: int = Field(
        ge=0,
        le=10,
        description="How well they can do it now: 0 = unable, 10 = as well as before the problem.",
    )

    @property
    def key(self) -> str:
        """The activity as it is matched between the baseline and a reassessment."""
        return " ".join(self.activity.casefold().split())


_ONCE = " An activity listed twice (case and spacing aside) counts once, as its first entry."


def _goal_activities(description: str) -> Any:
    return Field(
        default_factory=list, max_length=GOAL_ACTIVITIES_MAX, description=description + _ONCE
    )


def goal_score(activities: Sequence[GoalActivity]) -> float | None:
    """Goal score = mean of the activity scores (spec section 1); ``None`` with no activity."""
    if not activities:
        return None
    return sum(activity.score for activity in activities) / len(activities)


def _distinct_activities(activities: list[GoalActivity]) -> list[GoalActivity]:
    """An activity listed twice (case and spacing aside) counts once, as its first entry, like a
    box ticked twice: otherwise it would weigh double in the mean and could not be matched at
    the reassessment."""
    seen: set[str] = set()
    kept: list[GoalActivity] = []
    for activity in activities:
        if activity.key not in seen:
            seen.add(activity.key)
            kept.append(activity)
    return kept


class _GoalScore:
    """The goal-score helper shared by the full questionnaire and the reassessment form."""

    goal_activities: list[GoalActivity]

    def goal_score(self) -> float | None:
        return goal_score(self.goal_activities)


class Answers(_FunctionScore, _GoalScore, StrictAnswers):
    """A complete knee-valgus self-assessment (spec section 1)."""

    model_config = STRICT

    # About you
    age: int = Field(ge=10, le=110, description="Age in years. Under 16: paediatric referral.")
    sex: Sex | None = Field(default=None, description="Informational only.")
    activity_level: ActivityLevel = Field(
        default="light", description="Usual activity level: sedentary, light, moderate, vigorous."
    )
    side: Side = Field(description="Knee(s) of concern: left, right or both.")

    # Symptoms and warning signs
    pain_now: int = _pain("Pain right now, 0 (none) to 10 (worst imaginable) (NPRS).")
    pain_worst_week: int = _pain("Worst pain in the last 7 days, 0 to 10 (NPRS).")
    pain_duration_weeks: int | None = Field(
        default=None, ge=0, le=1040, description="How long the symptoms have lasted, in weeks."
    )
    pain_location: list[PainLocation] = Field(
        default_factory=list,
        description="Where it hurts: front (around/behind the kneecap), inner, outer, back, "
        "diffuse.",
    )
    pain_aggravators: list[Aggravator] = Field(
        default_factory=list,
        description="What makes it worse: stairs, squatting, prolonged_sitting, running, "
        "jumping, kneeling.",
    )
    night_pain: bool | None = _flag("Pain at rest or at night that does not settle.")
    swelling: Swelling | None = Field(default=None, description="Swelling: none, mild, marked.")
    swelling_within_2h_of_injury: bool | None = _flag(
        "Rapid swelling within 2 hours of an injury (possible bleeding in the joint)."
    )
    locking: bool | None = _flag("The knee gets stuck and cannot fully straighten.")
    giving_way: bool | None = _flag("The knee buckles or feels unstable.")
    recent_injury: bool | None = _flag("A fall, twist or 'pop' in the last 6 weeks.")
    cannot_bear_weight: bool | None = _flag(
        "Could not take 4 steps after the injury, or cannot now."
    )
    hot_red_knee: bool | None = _flag("The knee is hot, red and swollen.")
    fever_or_unwell: bool | None = _flag("Fever or feeling generally unwell.")
    numbness_or_tingling: bool | None = _flag("Numbness or tingling in the leg or foot.")
    unexplained_weight_loss: bool | None = _flag("Weight loss without trying.")
    deformity_worsening: bool | None = _flag("Knock-knee looks worse over recent months.")

    # Alignment at rest (structural screen)
    ankles_apart_when_knees_touch: bool | None = _flag(
        "Standing relaxed with the knees touching, the inner ankles do not meet."
    )
    intermalleolar_distance_cm: float | None = Field(
        default=None,
        ge=0,
        le=30,
        allow_inf_nan=False,
        description="Gap between the inner ankle bones with the knees touching, in cm (0-30).",
    )
    one_side_only: bool | None = _flag("Knock-knee on one side only.")

    # Movement self-tests
    single_leg_squat_left: Grade | None = Field(
        default=None, description=f"Single-leg squat on the left leg. {_GRADE_HELP}"
    )
    single_leg_squat_right: Grade | None = Field(
        default=None, description=f"Single-leg squat on the right leg. {_GRADE_HELP}"
    )
    squat_knees_cave: Grade | None = Field(
        default=None, description=f"Ordinary two-leg squat. {_GRADE_HELP}"
    )
    hip_drop_left: bool | None = _flag(
        "Standing on the left leg for 30 s, the right hip drops or the position cannot be held."
    )
    hip_drop_right: bool | None = _flag(
        "Standing on the right leg for 30 s, the left hip drops or the position cannot be held."
    )
    thomas_thigh_lifts_left: bool | None = _flag(
        "Modified Thomas test: the left thigh rises above the bed."
    )
    thomas_thigh_lifts_right: bool | None = _flag(
        "Modified Thomas test: the right thigh rises above the bed."
    )
    adductor_tight: bool | None = _flag(
        "Sitting soles together the knees stay far above the hips, or a side lunge pulls "
        "strongly inside the thigh."
    )
    knee_to_wall_cm_left: float | None = Field(
        default=None,
        ge=0,
        le=25,
        allow_inf_nan=False,
        description="Left knee-to-wall test: furthest toe-to-wall distance in cm (0-25).",
    )
    knee_to_wall_cm_right: float | None = Field(
        default=None,
        ge=0,
        le=25,
        allow_inf_nan=False,
        description="Right knee-to-wall test: furthest toe-to-wall distance in cm (0-25).",
    )

    # Feet
    arch_collapses_standing: bool | None = _flag("The inner arch flattens when standing.")
    footprint: Footprint | None = Field(
        default=None, description="Wet footprint on paper: high, normal, flat, unknown."
    )
    shoe_wear_inner_edge: bool | None = _flag("Shoes wear down on the inner edge.")
    heel_tilts_inward: bool | None = _flag("Seen from behind while standing, the heel tilts in.")
    navicular_drop_mm: float | None = Field(
        default=None,
        ge=0,
        le=30,
        allow_inf_nan=False,
        description="Navicular drop in mm (0-30), measured by a helper. Over 10 mm is excessive.",
    )
    uses_orthotics: bool | None = _flag("Already uses insoles or orthotics.")

    # Preferences
    equipment: list[Equipment] = Field(
        default_factory=list,
        description="Equipment at hand: band_light, band_medium, band_heavy, dumbbell. "
        "None given means body weight only.",
    )
    sessions_per_week: int = Field(
        default=3, ge=2, le=4, description="Strength sessions per week (2-4)."
    )
    minutes_per_session: int = Field(
        default=20, ge=10, le=60, description="Minutes available per session (10-60)."
    )

    # Function (optional, for the outcome trend)
    difficulty_stairs: int | None = _difficulty("stairs")
    difficulty_squatting: int | None = _difficulty("squatting")
    difficulty_sitting_long: int | None = _difficulty("sitting for a long time")
    difficulty_running: int | None = _difficulty("running")
    difficulty_kneeling: int | None = _difficulty("kneeling")

    # Goals (optional; the client's own outcome measure)
    goal_activities: list[GoalActivity] = _goal_activities(
        "Up to 3 activities the knee makes hard, in the person's own words, each scored 0 "
        "(unable) to 10 (as well as before the problem). Goal score = mean of the scores."
    )

    @field_validator("goal_activities")
    @classmethod
    def _each_activity_once(cls, values: list[GoalActivity]) -> list[GoalActivity]:
        return _distinct_activities(values)

    @field_validator("pain_location", "pain_aggravators", "equipment")
    @classmethod
    def _dedupe_lists(cls, values: list[str]) -> list[str]:
        """Keep the first occurrence of each value: a box ticked twice is still one answer."""
        return list(dict.fromkeys(values))

    def has_band(self) -> bool:
        """Any band: the no-band caps and advice; band strengths are the library's business."""
        return has_band(self.equipment)


class ReassessmentAnswers(_FunctionScore, _GoalScore, StrictAnswers):
    """The short reassessment form at weeks 6 and 12 (spec section 9)."""

    model_config = STRICT

    pain_now: int = _pain("Pain right now, 0 to 10 (NPRS).")
    pain_worst_week: int = _pain("Worst pain in the last 7 days, 0 to 10 (NPRS).")
    single_leg_squat_left: Grade | None = Field(
        default=None, description=f"Single-leg squat on the left leg. {_GRADE_HELP}"
    )
    single_leg_squat_right: Grade | None = Field(
        default=None, description=f"Single-leg squat on the right leg. {_GRADE_HELP}"
    )
    squat_knees_cave: Grade | None = Field(
        default=None, description=f"Ordinary two-leg squat. {_GRADE_HELP}"
    )
    hip_drop_left: bool | None = _flag(
        "Standing on the left leg for 30 s, the right hip drops or the position cannot be held."
    )
    hip_drop_right: bool | None = _flag(
        "Standing on the right leg for 30 s, the left hip drops or the position cannot be held."
    )
    global_rating_of_change: GlobalRating | None = Field(
        default=None,
        description="Overall, since starting: much_worse, worse, same, better, much_better.",
    )
    difficulty_stairs: int | None = _difficulty("stairs")
    difficulty_squatting: int | None = _difficulty("squatting")
    difficulty_sitting_long: int | None = _difficulty("sitting for a long time")
    difficulty_running: int | None = _difficulty("running")
    difficulty_kneeling: int | None = _difficulty("kneeling")
    goal_activities: list[GoalActivity] = _goal_activities(
        "The activities set at the start, scored again: 0 (unable) to 10 (as well as before)."
    )

    @field_validator("goal_activities")
    @classmethod
    def _each_activity_once(cls, values: list[GoalActivity]) -> list[GoalActivity]:
        return _distinct_activities(values)


def has_band(equipment: Iterable[str]) -> bool:
    """True when any resistance band (light, medium or heavy) is at hand."""
    return any(item in BANDS for item in equipment)
