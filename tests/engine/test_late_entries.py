"""Late entries (spec section 7, version 2): sessions are judged by their own date, a late or
edited trigger steps the exercise down once from its current level, naming the session's date,
and the pain flag that comes with it says the same thing."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from programs.engine import (
    DIFFICULTIES,
    EQUIPMENT,
    EXERCISE_CODES,
    TRIGGER_DECISION_RULES,
    allowed_levels,
    library,
    review_exercise,
    review_progression,
)
from programs.engine.data import load_rules
from programs.engine.progression import LoggedSession, done_sessions, session_trigger
from tests.engine.builders import session

MONDAY = date(2026, 3, 2)
HEAVY = ["band_heavy"]


def on(day: int, **fields) -> LoggedSession:
    """A good level-2 session on 2 March 2026 + ``day`` days (0 = Monday 2 March)."""
    return session(session_date=MONDAY + timedelta(days=day), **fields)


def review(
    *sessions,
    level=2,
    regressed=(),
    since=None,
    code="banded_clamshell",
    equipment=HEAVY,
    baseline=1,
):
    return review_progression(
        code=code,
        current_level=level,
        equipment=equipment,
        baseline_pain_now=baseline,
        sessions=list(sessions),
        already_regressed=set(regressed),
        level_since=since,
    )


def moves(result) -> list[tuple[str, int, int, str, date | None]]:
    return [(d.action, d.from_level, d.to_level, d.rule, d.session_date) for d in result.decisions]


# --- a late check-in or log still steps down, once, from the current level ---


def test_a_late_check_in_for_an_older_session_steps_down_and_names_its_date():
    # Monday's check-in (+3 above baseline) is entered after Tuesday's session was logged.
    result = review(on(0, morning_after_pain=4), on(1))
    assert moves(result) == [("regress", 2, 1, "PRG-REGRESS-MORNING", MONDAY)]
    assert result.level == 1 and result.regressed_sessions == [MONDAY]
    assert result.decisions[0].reason == (
        "Next time: level 1 (no band), because your pain the morning after the session on "
        "Monday 2 March was 4/10, 3 points above your usual 1/10."
    )


def test_a_late_painful_log_steps_down_whatever_the_order_of_entry():
    late, newer = on(0, pain_during=7), on(1)
    for order in ([late, newer], [newer, late]):
        result = review(*order)
        assert moves(result) == [("regress", 2, 1, "PRG-REGRESS-PAIN", MONDAY)]
        assert "the session on Monday 2 March was 7/10" in result.decisions[0].reason


def test_saving_it_again_does_not_step_down_again():
    first = review(on(0, pain_during=7), on(1))
    again = review(
        on(0, pain_during=7), on(1), level=first.level, regressed=first.regressed_sessions
    )
    assert again.level == 1 and again.regressed_sessions == []
    assert [d.action for d in again.decisions] == ["hold"]
    assert not again.decisions[0].level_changed


def test_a_different_session_can_step_down_again():
    first = review(on(0, pain_during=7), on(1), level=3)
    assert first.level == 2
    second = review(
        on(0, pain_during=7),
        on(1),
        on(2, morning_after_pain=5),
        level=first.level,
        regressed=first.regressed_sessions,
    )
    assert moves(second) == [("regress", 2, 1, "PRG-REGRESS-MORNING", MONDAY + timedelta(2))]


def test_the_step_is_from_the_current_level_not_the_level_of_the_session():
    # The exercise moved up to 4 after Monday; Monday's late trigger steps down from 4.
    result = review(on(0, level=3, pain_during=6), on(1, level=4), level=4)
    assert moves(result) == [("regress", 4, 3, "PRG-REGRESS-PAIN", MONDAY)]


def test_two_late_triggers_step_down_once_each_oldest_first():
    result = review(on(0, pain_during=7), on(2, morning_after_pain=4), on(3), level=3)
    assert moves(result) == [
        ("regress", 3, 2, "PRG-REGRESS-PAIN", MONDAY),
        ("regress", 2, 1, "PRG-REGRESS-MORNING", MONDAY + timedelta(2)),
    ]
    assert result.regressed_sessions == [MONDAY, MONDAY + timedelta(2)]


def test_at_the_easiest_level_the_trigger_holds_and_is_still_acted_on():
    result = review(on(0, level=1, pain_during=7), on(1, level=1), level=1)
    assert moves(result) == [("hold", 1, 1, "PRG-FLOOR", MONDAY)]
    assert result.regressed_sessions == [MONDAY]
    assert "already the easiest level" in result.decisions[0].reason


def test_two_unfinished_sessions_by_date_step_down_once_naming_both_dates():
    first = review(on(1, difficulty="could_not_finish"), on(0, difficulty="could_not_finish"))
    assert moves(first) == [("regress", 2, 1, "PRG-REGRESS-UNFINISHED", MONDAY + timedelta(1))]
    assert "you could not finish it in the sessions on Monday 2 March and Tuesday 3 March" in (
        first.decisions[0].reason
    )
    again = review(
        on(0, difficulty="could_not_finish"),
        on(1, difficulty="could_not_finish"),
        level=1,
        regressed=first.regressed_sessions,
    )
    assert again.regressed_sessions == [] and again.level == 1


def test_unfinished_sessions_at_different_levels_are_not_a_pair():
    result = review(on(0, level=3, difficulty="could_not_finish"), on(1, difficulty="hard"))
    assert [d.action for d in result.decisions] == ["hold"]
    result = review(
        on(0, level=3, difficulty="could_not_finish"), on(1, difficulty="could_not_finish")
    )
    assert [d.action for d in result.decisions] == ["hold"]


def test_a_level_the_equipment_no_longer_allows_drops_first_then_late_triggers_step_down():
    result = review(on(0, level=4, pain_during=7), level=4, equipment=["band_medium"])
    assert moves(result) == [
        ("regress", 4, 3, "PRG-EQUIPMENT", MONDAY),
        ("regress", 3, 2, "PRG-REGRESS-PAIN", MONDAY),
    ]


# --- advancing: the last two sessions by date ---


def test_advance_needs_the_last_two_sessions_by_date():
    assert moves(review(on(0), on(1))) == [("advance", 2, 3, "PRG-ADVANCE", MONDAY + timedelta(1))]
    # The review's level is the advanced one, and a second review does not advance again.
    advanced = review(on(0), on(1))
    assert (advanced.level, advanced.level_since) == (3, MONDAY + timedelta(1))
    again = review(on(0), on(1), level=3, since=advanced.level_since)
    assert (again.level, again.decisions) == (3, [])
    # A session entered late between them, with pain 4/10 (no trigger), is one of the last two.
    result = review(on(0), on(2), on(1, pain_during=4))
    assert moves(result)[0][:4] == ("hold", 2, 2, "PRG-HOLD-PAIN")
    # The older of the last two still has no morning-after pain: wait for it.
    result = review(on(0), on(1, morning_after_pain=None), on(2))
    assert moves(result)[0][:4] == ("hold", 2, 2, "PRG-HOLD-NO-MORNING")


def test_no_advance_while_a_trigger_of_the_last_two_is_known_even_if_acted_on_before():
    result = review(on(0, level=1, pain_during=6), on(1, level=1), level=1, regressed=[MONDAY])
    assert [d.action for d in result.decisions] == ["hold"]


def test_a_trigger_acted_on_at_the_easiest_level_waits_for_new_sessions_before_advancing():
    first = review(on(0, level=1, pain_during=7), on(2, level=1), on(3, level=1), level=1)
    assert moves(first) == [("hold", 1, 1, "PRG-FLOOR", MONDAY)]
    again = review(
        on(0, level=1, pain_during=7),
        on(2, level=1),
        on(3, level=1),
        level=1,
        regressed=first.regressed_sessions,
        since=first.level_since,
    )
    assert again.decisions == []


def test_sessions_before_level_since_do_not_count_towards_advancing():
    result = review(on(0), on(1), on(2), since=MONDAY + timedelta(1))
    assert moves(result)[0][:4] == ("hold", 2, 2, "PRG-HOLD-FEW")
    assert "you have logged 1 of the 2 sessions" in result.decisions[0].reason


def test_not_done_sessions_are_ignored_by_the_review():
    empty = on(1, sets_done=0, reps_done=0, pain_during=9, morning_after_pain=9)
    result = review(on(0), empty, on(2))
    assert moves(result) == [("advance", 2, 3, "PRG-ADVANCE", MONDAY + timedelta(2))]
    assert review(empty).decisions == []


def test_every_session_needs_its_date_and_one_per_day():
    with pytest.raises(ValueError, match="date"):
        review(session())
    with pytest.raises(ValueError, match="one session per date"):
        review(on(0), on(0, pain_during=3))


# --- the pain flag and the step down agree ---


def flagged(*sessions, level=2, regressed=(), code="banded_clamshell"):
    return review_exercise(
        code=code,
        current_level=level,
        equipment=HEAVY,
        baseline_pain_now=1,
        sessions=list(sessions),
        already_regressed=set(regressed),
    )


def test_a_late_pain_8_session_flags_and_steps_down_and_both_say_so():
    result = flagged(on(0, pain_during=8), on(1))
    (decision,) = result.decisions
    (flag,) = result.flags
    assert (decision.action, decision.to_level, decision.session_date) == ("regress", 1, MONDAY)
    assert (flag.rule, flag.session_date, flag.regress_exercise) == (
        "FLG-SESSION-PAIN-SEVERE",
        MONDAY,
        "banded_clamshell",
    )
    assert flag.reason == (
        "See a physiotherapist within 2 weeks: your pain during banded clamshell on Monday "
        "2 March was 8/10. Banded clamshell steps down to level 1 (no band) meanwhile."
    )


def test_a_flag_for_a_session_already_acted_on_makes_no_claim_about_the_level():
    first = flagged(on(0, pain_during=8), on(1))
    again = flagged(on(0, pain_during=8), on(1), level=first.level, regressed=[MONDAY])
    (flag,) = again.flags
    assert flag.reason.endswith("was 8/10.")
    assert [d.action for d in again.decisions] == ["hold"]


def test_a_pain_flag_at_the_easiest_level_does_not_say_it_steps_down():
    result = flagged(on(0, level=1, pain_during=9), level=1)
    (flag,) = result.flags
    assert "steps down" not in flag.reason
    assert "Banded clamshell is already at its easiest level" in flag.reason
    assert result.decisions[0].rule == "PRG-FLOOR"


def test_repeated_pain_flags_name_both_dates():
    result = flagged(on(0, pain_during=6), on(3, pain_during=7), level=3)
    rules = [(flag.rule, flag.session_date) for flag in result.flags]
    assert rules == [("FLG-SESSION-PAIN-REPEATED", MONDAY + timedelta(3))]
    assert "banded clamshell on Monday 2 March and Thursday 5 March was 6/10 and 7/10" in (
        result.flags[0].reason
    )
    assert result.flags[0].reason.endswith("steps down to level 1 (no band) meanwhile.")


def test_not_done_sessions_raise_no_pain_flag():
    result = flagged(on(0, sets_done=0, reps_done=0, pain_during=9))
    assert result.flags == [] and result.decisions == []


# --- properties over any history ---

day_sessions = st.lists(
    st.tuples(
        st.integers(0, 20),
        st.builds(
            dict,
            level=st.integers(1, 5),
            sets_done=st.integers(0, 3),
            reps_done=st.sampled_from([0, 8, 12, 15]),
            pain_during=st.integers(0, 10),
            difficulty=st.sampled_from(DIFFICULTIES),
            morning_after_pain=st.none() | st.integers(0, 10),
        ),
    ),
    max_size=7,
    unique_by=lambda pair: pair[0],
)


def _sessions(code, pairs):
    top = library.get(code).top_level
    return [on(day, **{**fields, "level": min(fields["level"], top)}) for day, fields in pairs]


@settings(max_examples=250, deadline=None)
@given(
    st.sampled_from(EXERCISE_CODES),
    st.integers(1, 5),
    st.lists(st.sampled_from(EQUIPMENT), unique=True),
    st.integers(0, 5),
    day_sessions,
    st.randoms(use_true_random=False),
)
def test_reviews_are_honest_stable_and_ignore_the_order_of_entry(
    code, level, equipment, baseline, pairs, rng
):
    sessions = _sessions(code, pairs)
    level = min(level, library.get(code).top_level)
    kwargs = {"code": code, "equipment": equipment, "baseline_pain_now": baseline}
    result = review_exercise(current_level=level, sessions=sessions, **kwargs)

    shuffled = list(sessions)
    rng.shuffle(shuffled)
    assert review_exercise(current_level=level, sessions=shuffled, **kwargs) == result

    # Every decision tells the truth about the level, and they chain.
    current = level
    for decision in result.decisions:
        assert decision.from_level == current
        direction = {"advance": 1, "hold": 0, "regress": -1}[decision.action]
        assert (decision.to_level > current) - (decision.to_level < current) == direction
        assert decision.reason.startswith(f"Next time: level {decision.to_level} (")
        current = decision.to_level
    assert result.level == current
    assert result.level in allowed_levels(code, equipment)

    # Each session with a trigger is acted on exactly once, and a second review does nothing.
    t = load_rules().thresholds
    done = done_sessions(sessions)
    triggered = [
        s.session_date for i, s in enumerate(done) if session_trigger(done, i, baseline, t)
    ]
    assert result.regressed_sessions == triggered
    acted = [d.session_date for d in result.decisions if d.rule in TRIGGER_DECISION_RULES]
    assert acted == triggered
    again = review_exercise(
        current_level=result.level,
        sessions=sessions,
        already_regressed=set(result.regressed_sessions),
        level_since=result.level_since,
        **kwargs,
    )
    assert (again.level, again.regressed_sessions) == (result.level, [])
    assert again.decisions in ([], result.decisions)
    assert all(not decision.level_changed for decision in again.decisions)

    # No advance while either of the last two sessions by date has a known trigger.
    if any(d.action == "advance" for d in [*result.decisions, *again.decisions]):
        last_two = range(max(0, len(done) - 2), len(done))
        assert not any(session_trigger(done, i, baseline, t) for i in last_two)


def test_every_order_of_entry_gives_the_same_review():
    sessions = [on(0, morning_after_pain=4), on(1, pain_during=7), on(2), on(3)]
    results = {
        review(*order, level=4).model_dump_json() for order in itertools.permutations(sessions)
    }
    assert len(results) == 1
