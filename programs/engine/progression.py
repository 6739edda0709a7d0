"""Per-exercise progression after each logged session (clinical spec, section 7).

The pain-monitoring model (Silbernagel 2007): some pain during exercise is acceptable when it
stays low and settles by the next morning. So a level goes up only after two complete, comfortable
sessions whose morning-after pain is known and settled; it goes down as soon as pain during, pain
the next morning or two unfinished sessions say the load is too much. Regression always wins over
advancing, and every move respects the level range and the equipment caps.

Spec version 2: a session logged with 0 sets (or 0 reps or hold seconds) is not done and is
invisible here. Sessions are judged by their own date, whatever order they were entered in: a
regress trigger found late (a late check-in, an edited log) steps the exercise down once from its
current level, and ``review_progression`` is told which sessions have already been acted on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from programs.engine.answers import has_band
from programs.engine.data import Thresholds, load_rules
from programs.engine.library import (
    Exercise,
    allowed_levels,
    cap_level,
    missing_for,
    next_level_down,
    next_level_up,
)
from programs.engine.library import get as get_exercise
from programs.engine.wording import band_words, day, join, message

Difficulty = Literal["easy", "moderate", "hard", "could_not_finish"]
Action = Literal["advance", "hold", "regress"]
DIFFICULTIES: tuple[str, ...] = ("easy", "moderate", "hard", "could_not_finish")
# The decisions that act on a session's regress trigger: once made, that session is done with.
TRIGGER_DECISION_RULES: frozenset[str] = frozenset(
    {"PRG-REGRESS-PAIN", "PRG-REGRESS-MORNING", "PRG-REGRESS-UNFINISHED", "PRG-FLOOR"}
)


class LoggedSession(BaseModel):
    """One logged session of one exercise. ``reps_done`` holds seconds for timed holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    session_date: dt.date | None = Field(
        default=None, description="The day of the session itself (not the day it was entered)."
    )
    level: int = Field(ge=1)
    prescribed_sets: int = Field(ge=1)
    prescribed_reps_or_hold: int = Field(ge=1)
    sets_done: int = Field(ge=0)
    reps_done: int = Field(ge=0, description="Reps per set done, or hold seconds for holds.")
    pain_during: int = Field(ge=0, le=10)
    difficulty: Difficulty
    morning_after_pain: int | None = Field(default=None, ge=0, le=10)

    @property
    def done(self) -> bool:
        """Spec section 6: 0 sets, or 0 reps or hold seconds, is "not done"."""
        return self.sets_done > 0 and self.reps_done > 0

    @property
    def complete(self) -> bool:
        return (
            self.sets_done >= self.prescribed_sets
            and self.reps_done >= self.prescribed_reps_or_hold
        )


class ProgressionDecision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    action: Action
    from_level: int
    to_level: int
    reason: str
    rule: str
    # The clinical reason alone ("your last 2 sessions were complete, ..."): what the app stores
    # and shows after its own "Next time: level 3 — Medium band" (``reason`` has both, as prose).
    because: str
    session_date: dt.date | None = Field(
        default=None,
        description="The session the decision answers: the one whose regress trigger it acts "
        "on, otherwise the newest session.",
    )
    next_level_needs: list[str] = Field(
        default_factory=list,
        description="Equipment that would open the next level when a cap holds the exercise: "
        "band_light / band_medium / band_heavy (that band or a stronger one), dumbbell.",
    )

    @property
    def level_changed(self) -> bool:
        return self.to_level != self.from_level


class ProgressionReview(BaseModel):
    """What happens to one exercise now (``review_progression``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: int = Field(description="The level after the decisions (the current one if none).")
    decisions: list[ProgressionDecision] = Field(
        description="In order: a step down to the equipment cap, one decision per session whose "
        "regress trigger is acted on now (oldest first), or else one advance or hold for the "
        "newest session. Empty when no session was done."
    )
    regressed_sessions: list[dt.date] = Field(
        description="Dates of the sessions acted on now: add them to ``already_regressed``."
    )
    level_since: dt.date | None = Field(
        description="Pass back as ``level_since``: the newest session date when the level last "
        "changed (the one given when the level did not change now)."
    )


def next_time_text(code: str, level: int) -> str:
    """'Next time: level 3 (medium band)' for the exercise at that level."""
    title = get_exercise(code).level(level).title
    return f"Next time: level {level} ({title[:1].lower()}{title[1:]})"


def done_sessions(sessions: Sequence[LoggedSession]) -> list[LoggedSession]:
    """The sessions that were done, oldest first: by date when every session has one, otherwise
    in the order given (newest last)."""
    done = [session for session in sessions if session.done]
    if done and all(session.session_date is not None for session in done):
        return sorted(done, key=lambda session: session.session_date or dt.date.min)
    return done


def _trailing_run(recent: Sequence[LoggedSession], level: int) -> list[LoggedSession]:
    """The newest unbroken run of sessions at ``level``: a change of level starts a new run."""
    run: list[LoggedSession] = []
    for session in reversed(recent):
        if session.level != level:
            break
        run.append(session)
    return list(reversed(run))


def _decision(
    code: str,
    action: Action,
    current: int,
    to: int,
    why: str,
    rule: str,
    *,
    session_date: dt.date | None = None,
    needs: Sequence[str] = (),
) -> ProgressionDecision:
    return ProgressionDecision(
        action=action,
        from_level=current,
        to_level=to,
        reason=f"{next_time_text(code, to)}, because {why}.",
        rule=rule,
        because=why,
        session_date=session_date,
        next_level_needs=list(needs),
    )


@dataclass(frozen=True)
class Trigger:
    """A session's regress trigger: the rule and the sessions that show it (newest last)."""

    rule: str
    sessions: tuple[LoggedSession, ...]

    @property
    def session(self) -> LoggedSession:
        return self.sessions[-1]


def session_trigger(
    done: Sequence[LoggedSession], index: int, baseline_pain_now: int, t: Thresholds
) -> Trigger | None:
    """The regress trigger of ``done[index]``, judged on that session (and, for unfinished, the
    done sessions just before it at the same level), never on what was entered after it."""
    session = done[index]
    if session.pain_during >= t.regress_pain_during_from:
        return Trigger("PRG-REGRESS-PAIN", (session,))
    if (
        session.morning_after_pain is not None
        and session.morning_after_pain - baseline_pain_now >= t.regress_morning_above_baseline_from
    ):
        return Trigger("PRG-REGRESS-MORNING", (session,))
    needed = t.regress_unfinished_sessions
    window = tuple(done[max(0, index - needed + 1) : index + 1])
    if (
        len(window) == needed
        and all(item.level == session.level for item in window)
        and all(item.difficulty == "could_not_finish" for item in window)
    ):
        return Trigger("PRG-REGRESS-UNFINISHED", window)
    return None


def _one_session(session: LoggedSession) -> str:
    if session.session_date is None:
        return message("session_last")
    return message("session_on", date=day(session.session_date))


def trigger_reason(trigger: Trigger, baseline_pain_now: int, t: Thresholds) -> str:
    """Why the trigger steps the exercise down, naming the session's date when it is known."""
    session = trigger.session
    if trigger.rule == "PRG-REGRESS-PAIN":
        return message(
            "regress_pain",
            session=_one_session(session),
            pain=session.pain_during,
            limit=t.regress_pain_during_from,
        )
    if trigger.rule == "PRG-REGRESS-MORNING":
        morning = session.morning_after_pain or 0
        return message(
            "regress_morning",
            session=_one_session(session),
            pain=morning,
            points=morning - baseline_pain_now,
            baseline=baseline_pain_now,
        )
    dates = [item.session_date for item in trigger.sessions]
    sessions = (
        message("sessions_on", dates=join([day(date) for date in dates if date is not None]))
        if all(date is not None for date in dates)
        else message("sessions_last", count=len(trigger.sessions))
    )
    return message("regress_unfinished", sessions=sessions)


def _step_down(
    code: str,
    level: int,
    kit: list[str],
    trigger: Trigger,
    baseline_pain_now: int,
    t: Thresholds,
) -> ProgressionDecision:
    """One level down from ``level`` for this trigger; a hold at the floor."""
    why = trigger_reason(trigger, baseline_pain_now, t)
    to = next_level_down(code, level, kit)
    when = trigger.session.session_date
    if to == level:
        return _decision(
            code,
            "hold",
            level,
            level,
            f"{why}, and this is already the easiest level; "
            "do fewer reps if needed and tell your physiotherapist",
            "PRG-FLOOR",
            session_date=when,
        )
    return _decision(code, "regress", level, to, why, trigger.rule, session_date=when)


def _hold_reason(
    run: list[LoggedSession], baseline_pain_now: int, t: Thresholds
) -> tuple[str, str] | None:
    """(rule, why) for the first advance condition that is not met; None when all are met."""
    needed = t.advance_sessions
    if len(run) < needed:
        return (
            "PRG-HOLD-FEW",
            f"you have logged {len(run)} of the {needed} sessions at this level "
            "needed before moving up",
        )
    window = run[-needed:]
    if not all(session.complete for session in window):
        return "PRG-HOLD-INCOMPLETE", "not all sets and reps were done in your last sessions"
    worst = max(session.pain_during for session in window)
    if worst > t.advance_pain_during_max:
        return (
            "PRG-HOLD-PAIN",
            f"your pain during went up to {worst}/10 (moving up needs "
            f"{t.advance_pain_during_max}/10 or less)",
        )
    if any(session.difficulty not in ("easy", "moderate") for session in window):
        return "PRG-HOLD-HARD", "it still felt hard; move up once it feels easy or moderate"
    if any(session.morning_after_pain is None for session in window):
        return (
            "PRG-HOLD-NO-MORNING",
            "your pain the morning after is not logged yet, and moving up needs it",
        )
    limit = baseline_pain_now + t.advance_morning_above_baseline_max
    morning = max(session.morning_after_pain or 0 for session in window)
    if morning > limit:
        return (
            "PRG-HOLD-MORNING",
            f"your pain the morning after reached {morning}/10 "
            f"(moving up needs {limit}/10 or less)",
        )
    return None


def _equipment_cap(
    code: str, level: int, kit: list[str], session_date: dt.date | None
) -> ProgressionDecision | None:
    """A level the equipment no longer allows drops to the highest level it does."""
    if level in allowed_levels(code, kit):
        return None
    to = cap_level(code, level, kit)
    missing = missing_for(code, level, kit)
    if missing:
        why = message("equipment_level_needs", level=level, kit=_kit_names(missing))
    else:
        # Open on its own, but above a level the bands cannot reach (a band-strength cap).
        blocked = next(
            needs for number in range(to + 1, level) if (needs := missing_for(code, number, kit))
        )
        why = message("equipment_levels_above_need", level=to, kit=_kit_names(blocked))
    return _decision(code, "regress", level, to, why, "PRG-EQUIPMENT", session_date=session_date)


def _kit_names(items: Iterable[str]) -> str:
    """'a medium band or a stronger one and a dumbbell'."""
    names: list[str] = []
    for item in items:
        if item == "dumbbell":
            names.append(message("dumbbell"))
        else:
            names.append(band_words(item.removeprefix("band_")))
    return " and ".join(names)


def _advance_or_hold(
    exercise: Exercise,
    level: int,
    kit: list[str],
    done: Sequence[LoggedSession],
    baseline_pain_now: int,
    t: Thresholds,
    session_date: dt.date | None,
) -> ProgressionDecision:
    """Advance when the last sessions at this level qualify, else hold and say why."""
    code = exercise.code
    run = _trailing_run(done, level)
    hold = _hold_reason(run, baseline_pain_now, t)
    if hold is not None:
        rule, why = hold
        return _decision(code, "hold", level, level, why, rule, session_date=session_date)

    done_well = (
        f"your last {t.advance_sessions} sessions were complete, easy or moderate, and pain "
        f"stayed at {t.advance_pain_during_max}/10 or less"
    )
    to = next_level_up(code, level, kit)
    if to != level:
        skipped = list(range(level + 1, to))
        skip_note = ""
        if skipped:
            missing = missing_for(code, skipped[0], kit)
            skip_note = f" (level {skipped[0]} is skipped: it needs {_kit_names(missing)})"
        return _decision(
            code,
            "advance",
            level,
            to,
            done_well + skip_note,
            "PRG-ADVANCE",
            session_date=session_date,
        )
    if level == exercise.top_level:
        return _decision(
            code,
            "hold",
            level,
            level,
            f"{done_well}, and this is the top level: keep it up",
            "PRG-TOP",
            session_date=session_date,
        )
    missing = missing_for(code, level + 1, kit)
    if any(item.startswith("band_") for item in missing):
        rule = "CAP-BAND-STRENGTH" if has_band(kit) else "CAP-NO-BAND"
    else:
        rule = "CAP-NO-DUMBBELL"
    return _decision(
        code,
        "hold",
        level,
        level,
        f"{done_well}; the next level needs {_kit_names(missing)}",
        rule,
        session_date=session_date,
        needs=missing,
    )


def _checked_exercise(code: str, current_level: int) -> Exercise:
    exercise = get_exercise(code)
    if not 1 <= current_level <= exercise.top_level:
        raise ValueError(f"{code} has levels 1..{exercise.top_level}, not {current_level}")
    return exercise


def decide_progression(
    *,
    code: str,
    current_level: int,
    equipment: Iterable[str],
    baseline_pain_now: int,
    recent: Sequence[LoggedSession],
) -> ProgressionDecision:
    """Advance, hold or regress one exercise after its newest logged session (newest last).

    Only the newest done session's regress trigger is looked at, and only when it was done at
    the current level. ``review_progression`` is the form that also acts on late entries.
    """
    t = load_rules().thresholds
    exercise = _checked_exercise(code, current_level)
    kit = list(equipment)
    done = done_sessions(recent)
    newest = done[-1].session_date if done else None

    capped = _equipment_cap(code, current_level, kit, newest)
    if capped is not None:
        return capped
    if done and done[-1].level == current_level:
        trigger = session_trigger(done, len(done) - 1, baseline_pain_now, t)
        if trigger is not None:
            return _step_down(code, current_level, kit, trigger, baseline_pain_now, t)
    return _advance_or_hold(exercise, current_level, kit, done, baseline_pain_now, t, newest)


def review_progression(
    *,
    code: str,
    current_level: int,
    equipment: Iterable[str],
    baseline_pain_now: int,
    sessions: Sequence[LoggedSession],
    already_regressed: Collection[dt.date] = (),
    level_since: dt.date | None = None,
) -> ProgressionReview:
    """Every decision due now for one exercise, given its sessions by date (spec section 7).

    ``sessions`` are this exercise's logged sessions, each with its ``session_date``, in any
    order (not-done ones are ignored); ``current_level`` is the level the client has now;
    ``already_regressed`` the dates of the sessions whose regress trigger has already been acted
    on (a step down, or a hold at the easiest level). Each other session with a regress trigger
    steps the exercise down one level from the level it has by then, once, with a reason that
    names its date; the dates acted on are returned in ``regressed_sessions``. When nothing
    steps down, the newest session decides advance or hold, and an advance needs the last two
    sessions by date to qualify (their morning-after pain included).

    ``level_since`` is the newest session's date when the level last changed or a trigger was
    last acted on (returned by that review; a physiotherapist's change of level sets it too):
    sessions on or before it never count towards advancing, and without a newer session there
    is no advance or hold to decide. Without it, a late step down would be undone at once by the
    two sessions that had advanced the exercise in the first place.

    The same sessions, level and dates always give the same review, and a second review with
    what the first returned changes nothing.
    """
    t = load_rules().thresholds
    exercise = _checked_exercise(code, current_level)
    kit = list(equipment)
    if any(session.session_date is None for session in sessions):
        raise ValueError("review_progression needs the date of every session")
    dates = [session.session_date for session in sessions]
    if len(set(dates)) != len(dates):
        raise ValueError("one session per date and exercise")
    done = done_sessions(sessions)
    newest = done[-1].session_date if done else None

    level = current_level
    decisions: list[ProgressionDecision] = []
    regressed: list[dt.date] = []
    capped = _equipment_cap(code, level, kit, newest)
    if capped is not None:
        decisions.append(capped)
        level = capped.to_level
    for index, session in enumerate(done):
        if session.session_date is None or session.session_date in already_regressed:
            continue
        trigger = session_trigger(done, index, baseline_pain_now, t)
        if trigger is None:
            continue
        decision = _step_down(code, level, kit, trigger, baseline_pain_now, t)
        decisions.append(decision)
        regressed.append(session.session_date)
        level = decision.to_level
    fresh = [
        session
        for session in done
        if level_since is None or (session.session_date and session.session_date > level_since)
    ]
    if not decisions and fresh:
        decisions.append(
            _advance_or_hold(exercise, level, kit, fresh, baseline_pain_now, t, newest)
        )
        level = decisions[-1].to_level
    # A level change, or a trigger acted on at the easiest level, closes the sessions seen so far
    # for advancing: the next advance needs sessions after them.
    restart = level != current_level or bool(regressed)
    return ProgressionReview(
        level=level,
        decisions=decisions,
        regressed_sessions=regressed,
        level_since=newest if restart else level_since,
    )
