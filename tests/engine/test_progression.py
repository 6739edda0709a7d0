"""Progression after each logged session (spec section 7): every branch, caps and ends."""

from __future__ import annotations

import pytest

from programs.engine import decide_progression, next_time_text
from tests.engine.builders import session

# A heavy band opens every banded level; the band-strength caps are tested on their own.
BAND = ["band_heavy"]


def decide(*sessions, code="banded_clamshell", level=2, equipment=BAND, baseline=1):
    return decide_progression(
        code=code,
        current_level=level,
        equipment=equipment,
        baseline_pain_now=baseline,
        recent=list(sessions),
    )


def test_advance_after_two_qualifying_sessions():
    decision = decide(session(), session(difficulty="moderate", pain_during=3))
    assert (decision.action, decision.from_level, decision.to_level) == ("advance", 2, 3)
    assert decision.rule == "PRG-ADVANCE"
    assert decision.reason == (
        "Next time: level 3 (medium band), because your last 2 sessions were complete, easy or "
        "moderate, and pain stayed at 3/10 or less."
    )


def test_morning_after_one_point_above_baseline_still_advances():
    assert decide(session(morning_after_pain=2), session(morning_after_pain=2)).action == "advance"


@pytest.mark.parametrize(
    ("sessions", "rule"),
    [
        ([], "PRG-HOLD-FEW"),
        ([session()], "PRG-HOLD-FEW"),
        ([session(level=1), session()], "PRG-HOLD-FEW"),
        ([session(), session(level=1)], "PRG-HOLD-FEW"),
        ([session(), session(sets_done=2)], "PRG-HOLD-INCOMPLETE"),
        ([session(reps_done=11), session()], "PRG-HOLD-INCOMPLETE"),
        ([session(), session(pain_during=4)], "PRG-HOLD-PAIN"),
        ([session(pain_during=5), session()], "PRG-HOLD-PAIN"),
        ([session(), session(difficulty="hard")], "PRG-HOLD-HARD"),
        ([session(difficulty="could_not_finish"), session()], "PRG-HOLD-HARD"),
        ([session(), session(morning_after_pain=None)], "PRG-HOLD-NO-MORNING"),
        ([session(morning_after_pain=None), session()], "PRG-HOLD-NO-MORNING"),
        ([session(morning_after_pain=3), session()], "PRG-HOLD-MORNING"),
    ],
)
def test_hold_when_any_advance_condition_fails(sessions, rule):
    decision = decide(*sessions)
    assert (decision.action, decision.from_level, decision.to_level) == ("hold", 2, 2)
    assert decision.rule == rule
    assert decision.reason.startswith("Next time: level 2 (light band), because ")


def test_only_sessions_at_the_current_level_count_towards_advancing():
    # two good sessions at level 1 then one at level 2: not yet
    decision = decide(session(level=1), session(level=1), session())
    assert decision.rule == "PRG-HOLD-FEW"


def test_more_than_two_sessions_only_the_last_two_count():
    assert decide(session(pain_during=5), session(), session()).action == "advance"


@pytest.mark.parametrize(
    ("sessions", "rule"),
    [
        ([session(pain_during=6)], "PRG-REGRESS-PAIN"),
        ([session(), session(pain_during=9)], "PRG-REGRESS-PAIN"),
        ([session(morning_after_pain=3)], "PRG-REGRESS-MORNING"),
        ([session(), session(morning_after_pain=10)], "PRG-REGRESS-MORNING"),
        (
            [session(difficulty="could_not_finish"), session(difficulty="could_not_finish")],
            "PRG-REGRESS-UNFINISHED",
        ),
    ],
)
def test_regress_triggers(sessions, rule):
    decision = decide(*sessions, baseline=1)
    assert (decision.action, decision.from_level, decision.to_level) == ("regress", 2, 1)
    assert decision.rule == rule
    assert decision.reason.startswith("Next time: level 1 (no band), because ")


def test_regress_thresholds_edges():
    assert decide(session(pain_during=5)).action == "hold"
    assert decide(session(morning_after_pain=2), baseline=1).action == "hold"  # +1 only
    single = decide(session(difficulty="could_not_finish"))
    assert single.action == "hold"


def test_unfinished_sessions_must_be_consecutive():
    decision = decide(
        session(difficulty="could_not_finish"),
        session(difficulty="hard"),
        session(difficulty="could_not_finish"),
    )
    assert decision.action == "hold"


def test_regress_beats_advance():
    # the last two sessions qualify on everything but the newest morning-after pain is high
    decision = decide(session(), session(morning_after_pain=4), baseline=1)
    assert decision.action == "regress"


def test_regress_at_level_1_holds_at_the_floor():
    decision = decide(session(level=1, pain_during=8), level=1)
    assert (decision.action, decision.to_level, decision.rule) == ("hold", 1, "PRG-FLOOR")


def test_advance_at_the_top_level_holds():
    sessions = [session(level=5), session(level=5)]
    decision = decide(*sessions, level=5)
    assert (decision.action, decision.to_level, decision.rule) == ("hold", 5, "PRG-TOP")


@pytest.mark.parametrize(
    ("code", "level", "equipment", "rule"),
    [
        ("banded_clamshell", 1, [], "CAP-NO-BAND"),
        ("banded_side_steps", 1, ["dumbbell"], "CAP-NO-BAND"),
        ("banded_squat_knee_cue", 2, [], "CAP-NO-BAND"),
        ("single_leg_deadlift", 3, BAND, "CAP-NO-DUMBBELL"),
    ],
)
def test_advance_blocked_by_equipment_holds_and_says_what_is_needed(code, level, equipment, rule):
    sessions = [session(level=level), session(level=level)]
    decision = decide(*sessions, code=code, level=level, equipment=equipment)
    assert (decision.action, decision.to_level, decision.rule) == ("hold", level, rule)
    assert "the next level needs" in decision.reason


def test_squat_without_a_dumbbell_skips_level_3_both_ways():
    up = decide(session(), session(), code="banded_squat_knee_cue", level=2)
    assert (up.action, up.to_level) == ("advance", 4)
    assert "level 3 is skipped: it needs a dumbbell" in up.reason
    down = decide(session(level=4, pain_during=7), code="banded_squat_knee_cue", level=4)
    assert (down.action, down.to_level) == ("regress", 2)


def test_squat_with_a_dumbbell_goes_through_level_3():
    up = decide(
        session(), session(), code="banded_squat_knee_cue", level=2, equipment=BAND + ["dumbbell"]
    )
    assert up.to_level == 3


def test_a_level_no_longer_open_drops_to_the_cap():
    decision = decide(session(level=4), code="banded_clamshell", level=4, equipment=[])
    assert (decision.action, decision.to_level, decision.rule) == ("regress", 1, "PRG-EQUIPMENT")


def test_level_out_of_range_is_an_error():
    with pytest.raises(ValueError):
        decide(level=6)
    with pytest.raises(ValueError):
        decide(level=0)


def test_timed_holds_compare_seconds():
    hold = {"prescribed_sets": 3, "prescribed_reps_or_hold": 30, "level": 1}
    short = decide(
        session(**hold, reps_done=30),
        session(**hold, reps_done=20),
        code="adductor_stretch",
        level=1,
        equipment=[],
    )
    assert short.rule == "PRG-HOLD-INCOMPLETE"
    full = decide(
        session(**hold, reps_done=30),
        session(**hold, reps_done=35),
        code="adductor_stretch",
        level=1,
        equipment=[],
    )
    assert (full.action, full.to_level) == ("advance", 2)


def test_next_time_text():
    assert next_time_text("banded_clamshell", 3) == "Next time: level 3 (medium band)"
    assert next_time_text("short_foot", 1) == "Next time: level 1 (seated arch lift)"


# --- version 2: band strengths, 0 sets is not done ---


@pytest.mark.parametrize(
    ("code", "level", "equipment", "rule", "needs", "words"),
    [
        (
            "banded_clamshell",
            2,
            ["band_light"],
            "CAP-BAND-STRENGTH",
            ["band_medium"],
            "the next level needs a medium band or a stronger one",
        ),
        (
            "banded_clamshell",
            3,
            ["band_medium"],
            "CAP-BAND-STRENGTH",
            ["band_heavy"],
            "the next level needs a heavy band or a stronger one",
        ),
        (
            "banded_side_steps",
            3,
            ["band_light"],
            "CAP-BAND-STRENGTH",
            ["band_medium"],
            "the next level needs a medium band or a stronger one",
        ),
        (
            "banded_clamshell",
            1,
            [],
            "CAP-NO-BAND",
            ["band_light"],
            "the next level needs a resistance band",
        ),
    ],
)
def test_a_band_too_weak_for_the_next_level_holds_and_names_the_band(
    code, level, equipment, rule, needs, words
):
    sessions = [session(level=level), session(level=level)]
    decision = decide(*sessions, code=code, level=level, equipment=equipment)
    assert (decision.action, decision.to_level, decision.rule) == ("hold", level, rule)
    assert decision.next_level_needs == needs
    assert words in decision.reason


def test_light_band_only_versus_medium_band_only():
    light = decide(session(), session(), equipment=["band_light"])
    medium = decide(session(), session(), equipment=["band_medium"])
    assert (light.action, light.to_level) == ("hold", 2)
    assert (medium.action, medium.to_level, medium.reason) == (
        "advance",
        3,
        "Next time: level 3 (medium band), because your last 2 sessions were complete, easy or "
        "moderate, and pain stayed at 3/10 or less.",
    )


@pytest.mark.parametrize(
    ("code", "level", "equipment", "to", "why"),
    [
        ("banded_clamshell", 4, ["band_light"], 2, "level 4 needs a heavy band or a stronger one"),
        (
            "banded_clamshell",
            5,
            ["band_medium"],
            3,
            "the levels above 3 need a heavy band or a stronger one",
        ),
        ("banded_clamshell", 3, [], 1, "level 3 needs a medium band or a stronger one"),
        ("single_leg_deadlift", 5, ["band_heavy"], 3, "level 5 needs a dumbbell"),
    ],
)
def test_a_level_above_the_equipment_drops_to_the_highest_it_allows_and_says_why(
    code, level, equipment, to, why
):
    decision = decide(session(level=level), code=code, level=level, equipment=equipment)
    assert (decision.action, decision.to_level, decision.rule) == ("regress", to, "PRG-EQUIPMENT")
    assert decision.reason.endswith(f", because {why}.")


NOT_DONE = [
    {"sets_done": 0, "reps_done": 0},
    {"sets_done": 0, "reps_done": 12},
    {"sets_done": 3, "reps_done": 0},
]


@pytest.mark.parametrize("empty", NOT_DONE)
def test_a_session_with_0_sets_or_reps_is_not_done(empty):
    assert not session(**empty).done
    assert session(sets_done=1, reps_done=1).done


@pytest.mark.parametrize("empty", NOT_DONE)
def test_a_not_done_session_never_counts_towards_moving_up(empty):
    # "easy" with nothing done: not a second qualifying session
    decision = decide(session(), session(**empty, difficulty="easy"))
    assert (decision.action, decision.rule) == ("hold", "PRG-HOLD-FEW")
    assert "you have logged 1 of the 2 sessions" in decision.reason


def test_a_not_done_session_is_invisible_between_two_good_ones():
    decision = decide(session(), session(sets_done=0, reps_done=0, pain_during=9), session())
    assert decision.action == "advance"


def test_a_not_done_session_never_steps_down():
    for empty in NOT_DONE:
        decision = decide(session(**empty, pain_during=9, difficulty="could_not_finish"))
        assert decision.action == "hold"
    # nor does it make two unfinished sessions out of one
    unfinished = session(difficulty="could_not_finish")
    empty = session(sets_done=0, reps_done=0, difficulty="could_not_finish")
    assert decide(unfinished, empty).action == "hold"
    assert decide(unfinished, empty, unfinished).action == "regress"


def test_a_dated_session_is_named_by_its_date():
    from datetime import date

    decision = decide(session(session_date=date(2026, 3, 3), pain_during=7))
    assert decision.session_date == date(2026, 3, 3)
    assert decision.reason == (
        "Next time: level 1 (no band), because your pain during the session on Tuesday 3 March "
        "was 7/10 (6/10 or more)."
    )
