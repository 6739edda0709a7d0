"""Valid form posts for each questionnaire step, and a way to walk through them."""

from __future__ import annotations

from django.urls import reverse

from assessments.models import Assessment

STEP_POSTS: dict[str, dict[str, object]] = {
    "about-you": {"age": "34", "sex": "female", "activity_level": "moderate", "side": "left"},
    "symptoms": {
        "pain_now": "2",
        "pain_worst_week": "4",
        "pain_duration_weeks": "10",
        "pain_location": ["front"],
        "pain_aggravators": ["stairs", "squatting"],
        "night_pain": "no",
        "swelling": "none",
        "recent_injury": "no",
        "swelling_within_2h_of_injury": "not_sure",
        "cannot_bear_weight": "no",
        "locking": "no",
        "giving_way": "no",
        "hot_red_knee": "no",
        "fever_or_unwell": "no",
        "numbness_or_tingling": "no",
        "unexplained_weight_loss": "no",
        "deformity_worsening": "no",
    },
    "alignment": {
        "ankles_apart_when_knees_touch": "no",
        "intermalleolar_distance_cm": "",
        "one_side_only": "no",
    },
    "movement": {
        "single_leg_squat_left": "slight",
        "single_leg_squat_right": "none",
        "squat_knees_cave": "slight",
        "hip_drop_left": "yes",
        "hip_drop_right": "no",
        "thomas_thigh_lifts_left": "not_done",
        "thomas_thigh_lifts_right": "not_done",
        "adductor_tight": "no",
        "knee_to_wall_cm_left": "12",
        "knee_to_wall_cm_right": "",
    },
    "feet": {
        "arch_collapses_standing": "yes",
        "footprint": "normal",
        "shoe_wear_inner_edge": "no",
        "heel_tilts_inward": "not_sure",
        "navicular_drop_mm": "",
        "uses_orthotics": "no",
    },
    "preferences": {
        "equipment": ["band_light", "band_medium"],
        "sessions_per_week": "3",
        "minutes_per_session": "25",
        "difficulty_stairs": "2",
        "difficulty_squatting": "1",
        "difficulty_sitting_long": "not_done",
        "difficulty_running": "3",
        "difficulty_kneeling": "not_done",
    },
}


def step_url(assessment: Assessment, slug: str) -> str:
    return reverse("assessments:step", args=[assessment.uid, slug])


def begin(client) -> Assessment:
    """Press "Begin" on the start page; returns the new draft."""
    response = client.post(reverse("assessments:start"), {"action": "begin"})
    assert response.status_code == 302
    uid = response.url.split("/")[2]
    return Assessment.objects.get(uid=uid)


def answer_all(client, assessment: Assessment, overrides: dict | None = None):
    """Post every step in order; returns the response to the last one (the submission)."""
    overrides = overrides or {}
    response = None
    for slug, data in STEP_POSTS.items():
        response = client.post(step_url(assessment, slug), {**data, **overrides.get(slug, {})})
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    return response
