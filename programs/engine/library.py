"""The exercise library (clinical spec, section 3) and the equipment caps derived from it.

The content lives in ``programs/data/exercises.toml``; these models make a bad edit fail loudly at
start-up instead of producing a wrong program. Equipment caps are not a separate table: a level is
open to someone when they have the equipment it needs, or when it has a no-band variant and only
the band is missing. With the spec's data that gives exactly its caps (no band: clamshell and side
steps at 1, squat at 2; no dumbbell: deadlift at 3, squat skips 3).

A level that names a band strength (spec section 3, version 2) needs that band or a stronger one;
when the client's bands cannot reach it, it closes that level and every level above it (decision
D-BAND-STRENGTH-CAP): the load never jumps past a band the client does not have.

Usage: ``library.get("short_foot")``, ``library.level("short_foot", 2)``, ``library.exercises``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from programs.engine.answers import has_band
from programs.engine.data import EXERCISES_PATH, load_file
from programs.engine.results import EXERCISE_CODES, ExerciseCode, Frequency

Gear = Literal["band", "dumbbell"]
GEAR: tuple[str, ...] = get_args(Gear)
# Weakest first: a band serves every level that names its strength or a weaker one.
BandStrength = Literal["light", "medium", "heavy"]
BAND_STRENGTHS: tuple[str, ...] = get_args(BandStrength)

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

# Spec section 3: the levels that name a band strength. Every other banded level needs any band.
SPEC_BAND_STRENGTH: dict[tuple[str, int], str] = {
    ("banded_clamshell", 2): "light",
    ("banded_clamshell", 3): "medium",
    ("banded_clamshell", 4): "heavy",
    ("banded_side_steps", 4): "medium",
}

_DATA = ConfigDict(extra="forbid", frozen=True)

# Open levels per (exercise, gear), worked out once: progression and advice ask many times per
# request. The exercise is kept with its levels, so a reloaded library never reads a stale entry.
_OPEN_LEVELS: dict[tuple[int, frozenset[str]], tuple[Exercise, tuple[int, ...]]] = {}


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
    band: BandStrength | None = Field(
        default=None, description="The weakest band this level needs, when it names a strength."
    )
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
        if self.band is not None and "band" not in self.equipment:
            raise ValueError("band (a strength) is only meaningful on a level that needs a band")
        if self.band is not None and self.without_band is not None:
            raise ValueError("a level that names a band strength cannot have a no-band variant")
        return self

    def open_to(self, gear: frozenset[str]) -> bool:
        """Can someone with this gear do this level (with the no-band variant if needed)?"""
        if self.band is not None and f"band_{self.band}" not in gear:
            return False
        missing = set(self.equipment) - gear
        return not missing or (missing == {"band"} and self.without_band is not None)

    def band_too_weak(self, gear: frozenset[str]) -> bool:
        """True when this level names a band strength that the gear does not reach."""
        return self.band is not None and f"band_{self.band}" not in gear

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
        strengths = {level.level: level.band for level in self.levels if level.band is not None}
        expected = {
            number: band for (code, number), band in SPEC_BAND_STRENGTH.items() if code == self.code
        }
        if strengths != expected:

            def listed(bands: Mapping[int, str]) -> str:
                return ", ".join(f"level {n} {band}" for n, band in bands.items()) or "none"

            raise ValueError(
                f"band strengths must be those of spec section 3 ({listed(expected)}), "
                f"got {listed(strengths)}"
            )
        return self

    @property
    def top_level(self) -> int:
        return len(self.levels)

    def open_levels(self, gear: frozenset[str]) -> tuple[int, ...]:
        """Levels open with this gear; a level whose band strength the gear does not reach
        closes it and every level above it (decision D-BAND-STRENGTH-CAP)."""
        key = (id(self), gear)
        cached = _OPEN_LEVELS.get(key)
        if cached is not None and cached[0] is self:
            return cached[1]
        numbers: list[int] = []
        for item in self.levels:
            if item.band_too_weak(gear):
                break
            if item.open_to(gear):
                numbers.append(item.level)
        _OPEN_LEVELS[key] = (self, tuple(numbers))
        return tuple(numbers)

    def cap(self, level: int, gear: frozenset[str]) -> int:
        """The highest level open with this gear at or below ``level`` (level 1 is always open)."""
        ceiling = max(level, 1)
        return max(number for number in self.open_levels(gear) if number <= ceiling)

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

    @cached_property
    def _by_code(self) -> dict[str, Exercise]:
        return {exercise.code: exercise for exercise in self.exercises}

    def get(self, code: str) -> Exercise:
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unknown exercise code {code!r}") from None

    def level(self, code: str, number: int) -> ExerciseLevel:
        return self.get(code).level(number)


def gear_from(equipment: Iterable[str]) -> frozenset[str]:
    """Collapse the questionnaire's equipment items into what the levels ask for.

    ``band`` means any band; ``band_<strength>`` is every strength the strongest band serves (a
    heavy band serves the light and medium levels too).
    """
    return _gear(tuple(equipment))


@cache
def _gear(items: tuple[str, ...]) -> frozenset[str]:
    gear: set[str] = set()
    if has_band(items):
        gear.add("band")
        strongest = max(
            BAND_STRENGTHS.index(item.removeprefix("band_"))
            for item in items
            if item.startswith("band_")
        )
        gear.update(f"band_{strength}" for strength in BAND_STRENGTHS[: strongest + 1])
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
    """Levels open to someone with this equipment (spec section 3 equipment caps).

    A level whose band strength the bands cannot reach caps the exercise below it: that level
    and every level above it are closed (decision D-BAND-STRENGTH-CAP).
    """
    return list(get(code).open_levels(gear_from(equipment)))


def cap_level(code: str, level: int, equipment: Iterable[str]) -> int:
    """The highest open level at or below ``level`` (level 1 is always open)."""
    return get(code).cap(level, gear_from(equipment))


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


class BandUnlock(BaseModel):
    """The band that would open the next level of an exercise: ``band`` None means any band."""

    model_config = _DATA

    level: int
    band: BandStrength | None


def band_to_unlock(code: str, level: int, equipment: Iterable[str]) -> BandUnlock | None:
    """The weakest band that, added to ``equipment``, opens a level above ``level``.

    ``None`` when the next level is already open, or when no band would open one (the top level,
    or a next level that needs a dumbbell only). The level named is the one a band would open,
    so the squat without a band or dumbbell names level 4 (level 3 also needs a dumbbell).
    """
    exercise = get(code)
    gear = gear_from(equipment)
    if any(number > level for number in exercise.open_levels(gear)):
        return None
    for strength in BAND_STRENGTHS:
        with_band = gear | gear_from([f"band_{strength}"])
        higher = [number for number in exercise.open_levels(with_band) if number > level]
        if higher:
            return BandUnlock(level=min(higher), band=exercise.level(min(higher)).band)
    return None


def missing_for(code: str, level: int, equipment: Iterable[str]) -> list[str]:
    """Equipment items to add so that ``level`` opens: ``band_<strength>`` names the weakest band
    that serves it (``band_light`` when any band will do), ``dumbbell`` a dumbbell."""
    gear = gear_from(equipment)
    wanted = get(code).level(level)
    missing: list[str] = []
    if wanted.band_too_weak(gear):
        missing.append(f"band_{wanted.band}")
    elif "band" in wanted.equipment and "band" not in gear and wanted.without_band is None:
        missing.append("band_light")
    if "dumbbell" in wanted.equipment and "dumbbell" not in gear:
        missing.append("dumbbell")
    return missing


def without_band(code: str, level: int, equipment: Iterable[str]) -> bool:
    """True when this level is to be done with its no-band variant."""
    return get(code).level(level).needs_no_band_variant(gear_from(equipment))
