"""The exercise library against spec section 3: doses, frequencies, content and equipment caps."""

from __future__ import annotations

import pytest

from programs.engine import (
    EXERCISE_CODES,
    allowed_levels,
    cap_level,
    library,
    next_level_down,
    next_level_up,
)
from programs.engine.library import band_to_unlock, missing_for

# (code, level) -> (sets, reps, hold_seconds, per_side, equipment) exactly as spec section 3.
SPEC_DOSES = {
    ("banded_clamshell", 1): (2, 12, None, True, []),
    ("banded_clamshell", 2): (3, 12, None, True, ["band"]),
    ("banded_clamshell", 3): (3, 15, None, True, ["band"]),
    ("banded_clamshell", 4): (3, 15, 3, True, ["band"]),
    ("banded_clamshell", 5): (3, 12, None, True, ["band"]),
    ("banded_side_steps", 1): (2, 10, None, False, ["band"]),
    ("banded_side_steps", 2): (3, 12, None, False, ["band"]),
    ("banded_side_steps", 3): (3, 12, None, False, ["band"]),
    ("banded_side_steps", 4): (3, 15, None, False, ["band"]),
    ("single_leg_deadlift", 1): (2, 8, None, True, []),
    ("single_leg_deadlift", 2): (3, 8, None, True, []),
    ("single_leg_deadlift", 3): (3, 10, None, True, []),
    ("single_leg_deadlift", 4): (3, 8, None, True, ["dumbbell"]),
    ("single_leg_deadlift", 5): (3, 10, None, True, ["dumbbell"]),
    ("half_kneeling_hip_flexor_stretch", 1): (3, None, 30, True, []),
    ("half_kneeling_hip_flexor_stretch", 2): (3, None, 30, True, []),
    ("half_kneeling_hip_flexor_stretch", 3): (3, None, 45, True, []),
    ("half_kneeling_hip_flexor_stretch", 4): (3, None, 45, True, []),
    ("banded_squat_knee_cue", 1): (2, 10, None, False, ["band"]),
    ("banded_squat_knee_cue", 2): (3, 10, None, False, ["band"]),
    ("banded_squat_knee_cue", 3): (3, 10, None, False, ["band", "dumbbell"]),
    ("banded_squat_knee_cue", 4): (3, 8, None, True, ["band"]),
    ("banded_squat_knee_cue", 5): (3, 6, None, True, ["band"]),
    ("short_foot", 1): (3, 10, 5, True, []),
    ("short_foot", 2): (3, 10, 5, True, []),
    ("short_foot", 3): (3, 10, 5, True, []),
    ("adductor_stretch", 1): (3, None, 30, False, []),
    ("adductor_stretch", 2): (3, None, 30, True, []),
    ("ankle_dorsiflexion_mobilisation", 1): (2, 15, None, True, []),
    ("ankle_dorsiflexion_mobilisation", 2): (3, 15, 3, True, []),
}
FREQUENCY = {
    "banded_clamshell": "strength",
    "banded_side_steps": "strength",
    "single_leg_deadlift": "strength",
    "banded_squat_knee_cue": "strength",
    "half_kneeling_hip_flexor_stretch": "daily",
    "short_foot": "daily",
    "adductor_stretch": "daily",
    "ankle_dorsiflexion_mobilisation": "daily",
}


def test_the_library_holds_exactly_the_eight_spec_exercises():
    assert sorted(exercise.code for exercise in library.exercises) == sorted(EXERCISE_CODES)


@pytest.mark.parametrize(("code", "number"), sorted(SPEC_DOSES))
def test_doses_match_the_spec(code, number):
    level = library.level(code, number)
    assert (level.sets, level.reps, level.hold_seconds, level.per_side, level.equipment) == (
        SPEC_DOSES[(code, number)]
    )
    assert level.level == number


@pytest.mark.parametrize("code", EXERCISE_CODES)
def test_every_exercise_is_complete(code):
    exercise = library.get(code)
    assert exercise.frequency == FREQUENCY[code]
    assert exercise.name and exercise.targets and exercise.why
    assert [level.level for level in exercise.levels] == list(range(1, exercise.top_level + 1))
    assert exercise.top_level == max(number for c, number in SPEC_DOSES if c == code)
    for level in exercise.levels:
        assert 3 <= len(level.steps) <= 6
        assert 2 <= len(level.mistakes) <= 4
        assert level.cue and level.title


@pytest.mark.parametrize(
    ("code", "numbers"),
    [
        ("banded_side_steps", [1]),
        ("banded_squat_knee_cue", [1, 2]),
    ],
)
def test_no_band_variants_exist_where_the_spec_needs_them(code, numbers):
    exercise = library.get(code)
    assert [level.level for level in exercise.levels if level.without_band] == numbers
    for number in numbers:
        variant = exercise.level(number).without_band
        assert variant is not None and "band" not in " ".join(variant.steps).replace("a band", "")


def test_unknown_code_or_level_is_an_error():
    with pytest.raises(KeyError):
        library.get("lunges")
    with pytest.raises(ValueError):
        library.level("adductor_stretch", 3)


NO_KIT: list[str] = []
BAND = ["band_light"]
DUMBBELL = ["dumbbell"]
ALL = ["band_medium", "dumbbell"]


@pytest.mark.parametrize(
    ("code", "equipment", "levels"),
    [
        ("banded_clamshell", NO_KIT, [1]),
        ("banded_clamshell", DUMBBELL, [1]),
        ("banded_clamshell", BAND, [1, 2]),
        ("banded_clamshell", ["band_medium"], [1, 2, 3]),
        ("banded_clamshell", ["band_heavy"], [1, 2, 3, 4, 5]),
        ("banded_clamshell", ["band_light", "band_heavy"], [1, 2, 3, 4, 5]),
        ("banded_side_steps", BAND, [1, 2, 3]),
        ("banded_side_steps", NO_KIT, [1]),
        ("banded_side_steps", ["band_medium"], [1, 2, 3, 4]),
        ("banded_squat_knee_cue", NO_KIT, [1, 2]),
        ("banded_squat_knee_cue", DUMBBELL, [1, 2]),
        ("banded_squat_knee_cue", BAND, [1, 2, 4, 5]),
        ("banded_squat_knee_cue", ALL, [1, 2, 3, 4, 5]),
        ("single_leg_deadlift", NO_KIT, [1, 2, 3]),
        ("single_leg_deadlift", BAND, [1, 2, 3]),
        ("single_leg_deadlift", DUMBBELL, [1, 2, 3, 4, 5]),
        ("short_foot", NO_KIT, [1, 2, 3]),
        ("half_kneeling_hip_flexor_stretch", NO_KIT, [1, 2, 3, 4]),
        ("adductor_stretch", NO_KIT, [1, 2]),
        ("ankle_dorsiflexion_mobilisation", NO_KIT, [1, 2]),
    ],
)
def test_allowed_levels_follow_the_equipment_caps(code, equipment, levels):
    assert allowed_levels(code, equipment) == levels


@pytest.mark.parametrize(
    ("code", "level", "equipment", "capped"),
    [
        ("banded_clamshell", 2, NO_KIT, 1),
        ("banded_clamshell", 5, NO_KIT, 1),
        ("banded_side_steps", 4, NO_KIT, 1),
        ("banded_squat_knee_cue", 5, NO_KIT, 2),
        ("banded_squat_knee_cue", 3, BAND, 2),
        ("banded_squat_knee_cue", 3, ALL, 3),
        ("single_leg_deadlift", 5, BAND, 3),
        ("single_leg_deadlift", 4, DUMBBELL, 4),
        ("short_foot", 9, NO_KIT, 3),
        ("short_foot", 0, NO_KIT, 1),
    ],
)
def test_cap_level(code, level, equipment, capped):
    assert cap_level(code, level, equipment) == capped


@pytest.mark.parametrize(
    ("code", "level", "equipment", "up", "down"),
    [
        ("banded_squat_knee_cue", 2, BAND, 4, 1),
        ("banded_squat_knee_cue", 4, BAND, 5, 2),
        ("banded_squat_knee_cue", 2, ALL, 3, 1),
        ("banded_squat_knee_cue", 4, ALL, 5, 3),
        ("banded_squat_knee_cue", 2, NO_KIT, 2, 1),
        ("banded_clamshell", 1, NO_KIT, 1, 1),
        ("banded_clamshell", 5, ["band_heavy"], 5, 4),
        ("banded_clamshell", 2, BAND, 2, 1),
        ("banded_clamshell", 2, ["band_medium"], 3, 1),
        ("banded_side_steps", 3, BAND, 3, 2),
        ("banded_side_steps", 3, ["band_medium"], 4, 2),
        ("single_leg_deadlift", 3, NO_KIT, 3, 2),
        ("single_leg_deadlift", 3, DUMBBELL, 4, 2),
        ("adductor_stretch", 2, NO_KIT, 2, 1),
    ],
)
def test_next_level_up_and_down_respect_caps_and_ends(code, level, equipment, up, down):
    assert next_level_up(code, level, equipment) == up
    assert next_level_down(code, level, equipment) == down


# --- band strengths (spec section 3, version 2) ---


@pytest.mark.parametrize(
    ("code", "level", "band"),
    [
        ("banded_clamshell", 1, None),
        ("banded_clamshell", 2, "light"),
        ("banded_clamshell", 3, "medium"),
        ("banded_clamshell", 4, "heavy"),
        ("banded_clamshell", 5, None),
        ("banded_side_steps", 3, None),
        ("banded_side_steps", 4, "medium"),
        ("banded_squat_knee_cue", 4, None),
    ],
)
def test_levels_name_the_spec_band_strengths(code, level, band):
    assert library.level(code, level).band == band


@pytest.mark.parametrize(
    ("equipment", "clamshell", "side_steps"),
    [
        (["band_light"], [1, 2], [1, 2, 3]),
        (["band_medium"], [1, 2, 3], [1, 2, 3, 4]),
        (["band_heavy"], [1, 2, 3, 4, 5], [1, 2, 3, 4]),
        (["band_light", "band_medium"], [1, 2, 3], [1, 2, 3, 4]),
        (["band_light", "dumbbell"], [1, 2], [1, 2, 3]),
    ],
)
def test_a_band_serves_its_strength_and_weaker_and_a_too_weak_band_caps_below(
    equipment, clamshell, side_steps
):
    # The light-band clamshell never reaches level 5 (ankle band): a cap, not a skip.
    assert allowed_levels("banded_clamshell", equipment) == clamshell
    assert allowed_levels("banded_side_steps", equipment) == side_steps


@pytest.mark.parametrize(
    ("code", "level", "equipment", "unlock"),
    [
        ("banded_clamshell", 1, NO_KIT, (2, "light")),
        ("banded_clamshell", 2, BAND, (3, "medium")),
        ("banded_clamshell", 3, ["band_medium"], (4, "heavy")),
        ("banded_clamshell", 2, ["band_medium"], None),  # level 3 is open
        ("banded_clamshell", 5, ["band_heavy"], None),  # the top
        ("banded_side_steps", 1, NO_KIT, (2, None)),
        ("banded_side_steps", 3, BAND, (4, "medium")),
        ("banded_squat_knee_cue", 2, NO_KIT, (4, None)),  # level 3 also needs a dumbbell
        ("single_leg_deadlift", 3, NO_KIT, None),  # a band would not help
    ],
)
def test_band_to_unlock_names_the_weakest_band_that_opens_the_next_level(
    code, level, equipment, unlock
):
    found = band_to_unlock(code, level, equipment)
    assert (found.level, found.band) == unlock if unlock else found is None


@pytest.mark.parametrize(
    ("code", "level", "equipment", "missing"),
    [
        ("banded_clamshell", 3, BAND, ["band_medium"]),
        ("banded_clamshell", 2, NO_KIT, ["band_light"]),
        ("banded_side_steps", 2, NO_KIT, ["band_light"]),
        ("banded_squat_knee_cue", 3, NO_KIT, ["band_light", "dumbbell"]),
        ("banded_squat_knee_cue", 2, NO_KIT, []),  # its no-band variant
        ("single_leg_deadlift", 4, BAND, ["dumbbell"]),
    ],
)
def test_missing_for_a_level(code, level, equipment, missing):
    assert missing_for(code, level, equipment) == missing
