"""The self-assessment answers of a typical client, shared by the demo data and the tests so
both describe the same person.

Mild dynamic valgus on the left with hip weakness, a tight hip flexor and flat feet; a light
band at home. The engine prescribes the four hip exercises (clamshell and side steps at level 2),
the hip flexor stretch and short foot (daily). Tests rely on that prescription: a change here
changes what they check.
"""

from __future__ import annotations

from typing import Any

TYPICAL_ANSWERS: dict[str, Any] = {
    "age": 34,
    "sex": "female",
    "activity_level": "moderate",
    "side": "left",
    "pain_now": 2,
    "pain_worst_week": 4,
    "pain_location": ["front"],
    "pain_aggravators": ["stairs"],
    "single_leg_squat_left": "slight",
    "single_leg_squat_right": "none",
    "squat_knees_cave": "slight",
    "hip_drop_left": True,
    "thomas_thigh_lifts_left": True,
    "arch_collapses_standing": True,
    "footprint": "flat",
    "equipment": ["band_light", "band_medium"],
    "sessions_per_week": 3,
}
