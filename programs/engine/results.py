"""What the engine returns (clinical spec, section 10), plus the trace that explains it.

Field names and null-ness match the public API contract exactly. Our additions are ``rules`` on
every item, ``notes``, ``rules_fired`` and ``rules_version``: a physiotherapist reviewing a program
must be able to see which rule produced each line, and under which version of the rules.
"""

from __future__ import annotations

from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field

FindingCode = Literal[
    "dynamic_valgus",
    "hip_abductor_weakness",
    "hip_flexor_tightness",
    "hip_adductor_tightness",
    "foot_overpronation",
    "limited_ankle_dorsiflexion",
    "structural_valgus_suspected",
    "patellofemoral_pain_pattern",
]
# Priority order of spec section 4: used for the six-exercise cap.
ExerciseCode = Literal[
    "banded_clamshell",
    "banded_side_steps",
    "single_leg_deadlift",
    "banded_squat_knee_cue",
    "half_kneeling_hip_flexor_stretch",
    "short_foot",
    "ankle_dorsiflexion_mobilisation",
    "adductor_stretch",
]
AdviceCode = Literal[
    "movement_cues", "arch_support_insoles", "medial_posted_orthotics", "get_resistance_band"
]
Destination = Literal[
    "emergency", "doctor", "orthopedic_specialist", "physiotherapist", "paediatric_specialist"
]
# Most urgent first: referrals are listed in this order.
Urgency = Literal["same_day", "within_2_weeks", "routine"]
Severity = Literal["mild", "marked"]
LegSide = Literal["left", "right"]
Frequency = Literal["strength", "daily"]

FINDING_CODES: tuple[str, ...] = get_args(FindingCode)
EXERCISE_CODES: tuple[str, ...] = get_args(ExerciseCode)
ADVICE_CODES: tuple[str, ...] = get_args(AdviceCode)
DESTINATIONS: tuple[str, ...] = get_args(Destination)
URGENCIES: tuple[str, ...] = get_args(Urgency)
SEVERITIES: tuple[str, ...] = get_args(Severity)
FREQUENCIES: tuple[str, ...] = get_args(Frequency)

_OUTPUT = ConfigDict(extra="forbid")
_Output = TypeVar("_Output", bound=BaseModel)
_new = object.__new__
_set = object.__setattr__
# The slots every model instance has besides its fields, set straight through their descriptors.
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def trusted(model: type[_Output], **values: Any) -> _Output:
    """An output the engine built from values it has already checked (its data files are
    validated on load, the answers on input), without validating them again: what
    ``model_construct`` does, at half the cost of validating. Every field must be given, in the
    order the model declares them (the engine's tests check both on every output)."""
    item = _new(model)
    _set(item, "__dict__", values)
    _set_fields_set(item, set(values))
    _set_extra(item, None)
    _set_private(item, None)
    return item


class Finding(BaseModel):
    """A problem the answers point to, with the answers that point to it."""

    model_config = _OUTPUT

    code: FindingCode
    severity: Severity | None = Field(description="mild or marked; null where it does not apply.")
    sides: list[LegSide]
    reasons: list[str]
    rules: list[str]


class ExercisePrescription(BaseModel):
    """One exercise of the program at its starting level and dose."""

    model_config = _OUTPUT

    code: ExerciseCode
    level: int = Field(ge=1)
    sets: int = Field(ge=1)
    reps: int | None = Field(description="Repetitions per set; null for timed holds.")
    hold_seconds: int | None = Field(description="Hold per repetition in seconds, if any.")
    per_side: bool
    frequency: Frequency
    without_band: bool = Field(
        default=False, description="Done without a band because none is at hand."
    )
    reasons: list[str]
    rules: list[str]


class LaterExercise(BaseModel):
    """An indicated exercise held back by the six-exercise cap."""

    model_config = _OUTPUT

    code: ExerciseCode
    reasons: list[str]
    rules: list[str]


class Advice(BaseModel):
    model_config = _OUTPUT

    code: AdviceCode
    reasons: list[str]
    rules: list[str]


class Referral(BaseModel):
    """One (destination, urgency) pair; reasons of every table row that leads there are merged."""

    model_config = _OUTPUT

    destination: Destination
    urgency: Urgency
    reasons: list[str]
    rules: list[str]


class FiredRule(BaseModel):
    """A rule the evaluation fired and its reason: frozen, as one instance per rule is shared by
    every evaluation (``RuleSet.fired_rule``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    reason: str


class Evaluation(BaseModel):
    model_config = _OUTPUT

    program_allowed: bool
    findings: list[Finding]
    exercises: list[ExercisePrescription]
    later: list[LaterExercise]
    advice: list[Advice]
    referrals: list[Referral]
    notes: list[str]
    rules_fired: list[FiredRule]
    rules_version: str

    def finding(self, code: str) -> Finding | None:
        """The finding with this code, if it was found."""
        return next((finding for finding in self.findings if finding.code == code), None)
