"""The resistance-band advice names the band that unlocks the next level (spec section 3, v2)."""

from __future__ import annotations

import pytest

from programs.engine import band_advice
from tests.engine.builders import codes, run

HIP = {"hip_drop_left": True}


def test_at_assessment_without_a_band_the_advice_names_each_unlocking_band():
    evaluation = run(**HIP)
    (advice,) = [item for item in evaluation.advice if item.code == "get_resistance_band"]
    assert advice.rules == ["ADV-BAND-1"]
    assert advice.reasons == [
        "You have no resistance band, and banded clamshell, banded side steps and squat with "
        "knee cue use one: you start without it.",
        "Banded clamshell: a resistance band unlocks level 2.",
        "Banded side steps: a resistance band unlocks level 2.",
        "Squat with knee cue: a resistance band unlocks level 4.",
    ]


@pytest.mark.parametrize("band", ["band_light", "band_medium", "band_heavy"])
def test_at_assessment_any_band_gives_no_band_advice_and_the_same_levels(band):
    # Starting levels are at most 2, so band strengths change no evaluation at assessment.
    evaluation = run(**HIP, equipment=[band])
    assert "get_resistance_band" not in codes(evaluation.advice)
    levels = {item.code: item.level for item in evaluation.exercises}
    assert levels["banded_clamshell"] == levels["banded_side_steps"] == 2


@pytest.mark.parametrize(
    ("exercises", "equipment", "reasons"),
    [
        (
            [("banded_clamshell", 2), ("banded_side_steps", 2)],
            ["band_light"],
            [
                "Your bands are not strong enough for the next level of banded clamshell.",
                "Banded clamshell: a medium band or a stronger one unlocks level 3.",
            ],
        ),
        (
            [("banded_clamshell", 3), ("banded_side_steps", 3)],
            ["band_medium"],
            [
                "Your bands are not strong enough for the next level of banded clamshell.",
                "Banded clamshell: a heavy band or a stronger one unlocks level 4.",
            ],
        ),
        ([("banded_clamshell", 3), ("banded_side_steps", 3)], ["band_heavy"], None),
        ([("banded_clamshell", 2)], ["band_medium"], None),
    ],
)
def test_during_the_program_a_band_too_weak_for_the_next_level_is_named(
    exercises, equipment, reasons
):
    advice = band_advice(exercises, equipment)
    if reasons is None:
        assert advice is None
    else:
        assert (advice.code, advice.rules, advice.reasons) == (
            "get_resistance_band",
            ["ADV-BAND-2"],
            reasons,
        )


def test_no_band_advice_without_a_banded_exercise():
    assert band_advice([("short_foot", 1), ("single_leg_deadlift", 3)], []) is None
