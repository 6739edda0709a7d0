"""The exercise library (clinical spec, section 3) and the equipment caps derived from it.

The content lives in ``programs/data/exercises.toml``; these models make a bad edit fail loudly at
start-up instead of producing a wrong program. Equipment caps are not a separate table: a level is
open to someone when they have the equipment it needs, or when it has a no-band variant and only
the band is missing. With the spec's data that gives exactly its caps (no band: clamshell and side
steps at 1, squat at 2; no dumbbell: deadlift at 3, squat skips 3).

Usage: ``library.get("short_foot")``, ``library.level("short_foot", 2)``, ``library.exercises``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from programs.engine.answers import has_band
from programs.engine.data import EXERCISES_PATH, load_file
from programs.engine.results import EXERCISE_CODES, ExerciseCode, Frequency

Gear = Literal["band", "dumbbell"]
GEAR: tuple[str, ...] = get_args(Gear)

# Spec section 3: how often each exercise runs and how many levels it has. The data file must
# agree, so that a typo in the TOML cannot silently change the clinical content.
SPEC_FREQUENCY: dict[str, str] = {
    "banded_clamshell": "strength",
    "banded_side_steps": "strength",
    "single_leg_deadlift": "strength",
    "half_kneeling_hip_flexor_stretch": "daily",
    "banded_squat_knee_cue": "strength",
    "short_foot": "daily",
    "adductor_stretch": "daily",
    "ankle_dorsiflexion_mobilisation": "daily",
}
SPEC_LEVEL_COUNT: dict[str, int] = {
    "banded_clamshell": 5,
    "banded_side_steps": 4,
    "single_leg_deadlift": 5,
    "half_kneeling_hip_flexor_stretch": 4,
    "banded_squat_knee_cue": 5,
    "short_foot": 3,
    "adductor_stretch": 2,
    "ankle_dorsiflexion_mobilisation": 2,
}

_DATA = ConfigDict(extra="forbid", frozen=True)


class NoBandVariant(BaseModel):
    """How to do a banded level when no band is at hand (same dose, same cue)."""

    model_config = _DATA

    title: str = Field(min_length=1)
    steps: list[str] = Field(min_length=3, max_length=6)
    cue: str = Field(min_length=1)


class ExerciseLevel(BaseModel):
    model_config = _DATA

    level: int = Field(ge=1)
    title: str = Field(min_length=1)
    sets: int = Field(ge=1, le=10)
    reps: int | None = Field(default=None, ge=1, le=50)
    hold_seconds: int | None = Field(default=None, ge=1, le=120)
    per_side: bool
    equipment: list[Gear]
    steps: list[str] = Field(min_length=3, max_length=6)
    cue: str = Field(min_length=1)
    mistakes: list[str] = Field(min_length=2, max_length=4)
    without_band: NoBandVariant | None = None

    @model_validator(mode="after")
    def _check_dose_and_variant(self) -> ExerciseLevel:
        if self.reps is None and self.hold_seconds is None:
            raise ValueError("a level needs reps, hold_seconds or both")
        if len(set(self.equipment)) != len(self.equipment):
            raise ValueError("equipment lists an item twice")
        if self.without_band is not None and "band" not in self.equipment:
            raise ValueError("without_band is only meaningful on a level that needs a band")
        return self

    def open_to(self, gear: frozenset[str]) -> bool:
        """Can someone with this gear do this level (with the no-band variant if needed)?"""
        missing = set(self.equipment) - gear
        return not missing or (missing == {"band"} and self.without_band is not None)

    def needs_no_band_variant(self, gear: frozenset[str]) -> bool:
        return "band" in self.equipment and "band" not in gear


class Exercise(BaseModel):
    model_config = _DATA

    code: ExerciseCode
    name: str = Field(min_length=1)
    frequency: Frequency
    targets: str = Field(min_length=1)
    why: str = Field(min_length=1)
    levels: list[ExerciseLevel] = Field(min_length=1)

    @model_validator(mode="after")
    def _check_against_spec(self) -> Exercise:
        numbers = [level.level for level in self.levels]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"levels must be numbered 1..n in order without gaps, got {numbers}")
        if self.frequency != SPEC_FREQUENCY[self.code]:
            raise ValueError(
                f"frequency must be {SPEC_FREQUENCY[self.code]!r} (spec section 3), "
                f"got {self.frequency!r}"
            )
        if len(self.levels) != SPEC_LEVEL_COUNT[self.code]:
            raise ValueError(
                f"spec section 3 has {SPEC_LEVEL_COUNT[self.code]} levels, "
                f"the data has {len(self.levels)}"
            )
        if not self.levels[0].open_to(frozenset()):
            raise ValueError("level 1 must be possible with body weight only (everyone starts)")
        return self

    @property
    def top_level(self) -> int:
        return len(self.levels)

    @property
    def uses_band(self) -> bool:
        """A 'banded exercise' in the spec's sense (get_resistance_band advice applies)."""
        return any("band" in level.equipment for level in self.levels)

    def level(self, number: int) -> ExerciseLevel:
        if not 1 <= number <= self.top_level:
            raise ValueError(f"{self.code} has levels 1..{self.top_level}, not {number}")
        return self.levels[number - 1]


class Library(BaseModel):
    model_config = _DATA

    exercises: list[Exercise]

    @model_validator(mode="after")
    def _check_codes(self) -> Library:
        codes = [exercise.code for exercise in self.exercises]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise ValueError(f"exercise codes listed twice: {', '.join(duplicates)}")
        missing = [code for code in EXERCISE_CODES if code not in codes]
        if missing:
            raise ValueError(f"exercises missing from the library: {', '.join(missing)}")
        return self

    def get(self, code: str) -> Exercise:
        for exercise in self.exercises:
            if exercise.code == code:
                return exercise
        raise KeyError(f"unknown exercise code {code!r}")

    def level(self, code: str, number: int) -> ExerciseLevel:
        return self.get(code).level(number)


def gear_from(equipment: Iterable[str]) -> frozenset[str]:
    """Collapse the questionnaire's equipment items into what the levels ask for."""
    items = list(equipment)
    gear: set[str] = set()
    if has_band(items):
        gear.add("band")
    if "dumbbell" in items:
        gear.add("dumbbell")
    return frozenset(gear)


@cache
def load_library(path: Path = EXERCISES_PATH) -> Library:
    """The validated library from ``path`` (programs/data/exercises.toml by default), cached."""
    return load_file(path, Library)


def load() -> Library:
    return load_library()


def get(code: str) -> Exercise:
    return load().get(code)


def level(code: str, number: int) -> ExerciseLevel:
    return load().level(code, number)


def __getattr__(name: str) -> Any:
    # ``library.exercises`` reads the data lazily, so importing the engine never fails on a bad
    # data file: the system check reports it instead.
    if name == "exercises":
        return load().exercises
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def allowed_levels(code: str, equipment: Iterable[str]) -> list[int]:
    """Levels open to someone with this equipment (spec section 3 equipment caps)."""
    gear = gear_from(equipment)
    return [item.level for item in get(code).levels if item.open_to(gear)]


def cap_level(code: str, level: int, equipment: Iterable[str]) -> int:
    """The highest open level at or below ``level`` (level 1 is always open)."""
    open_levels = allowed_levels(code, equipment)
    return max(number for number in open_levels if number <= max(level, 1))


def next_level_up(code: str, level: int, equipment: Iterable[str]) -> int:
    """The next open level above ``level``; ``level`` itself when at the top or the cap.

    Without a dumbbell the squat goes 2 -> 4, because its level 3 (goblet squat) needs one.
    """
    higher = [number for number in allowed_levels(code, equipment) if number > level]
    return min(higher) if higher else level


def next_level_down(code: str, level: int, equipment: Iterable[str]) -> int:
    """The next open level below ``level``; ``level`` itself when already at level 1."""
    lower = [number for number in allowed_levels(code, equipment) if number < level]
    return max(lower) if lower else level


def without_band(code: str, level: int, equipment: Iterable[str]) -> bool:
    """True when this level is to be done with its no-band variant."""
    return get(code).level(level).needs_no_band_variant(gear_from(equipment))
