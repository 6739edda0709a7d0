"""Per-exercise progression after each logged session (clinical spec, section 7).

The pain-monitoring model (Silbernagel 2007): some pain during exercise is acceptable when it
stays low and settles by the next morning. So a level goes up only after two complete, comfortable
sessions whose morning-after pain is known and settled; it goes down as soon as pain during, pain
the next morning or two unfinished sessions say the load is too much. Regression always wins over
advancing, and every move respects the level range and the equipment caps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from programs.engine.data import Thresholds, load_rules
from programs.engine.library import (
    allowed_levels,
    cap_level,
    gear_from,
    next_level_down,
    next_level_up,
)
from programs.engine.library import get as get_exercise

Difficulty = Literal["easy", "moderate", "hard", "could_not_finish"]
Action = Literal["advance", "hold", "regress"]
DIFFICULTIES: tuple[str, ...] = ("easy", "moderate", "hard", "could_not_finish")


class LoggedSession(BaseModel):
    """One logged session of one exercise. ``reps_done`` holds seconds for timed holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: int = Field(ge=1)
    prescribed_sets: int = Field(ge=1)
    prescribed_reps_or_hold: int = Field(ge=1)
    sets_done: int = Field(ge=0)
    reps_done: int = Field(ge=0, description="Reps per set done, or hold seconds for holds.")
    pain_during: int = Field(ge=0, le=10)
    difficulty: Difficulty
    morning_after_pain: int | None = Field(default=None, ge=0, le=10)

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


def next_time_text(code: str, level: int) -> str:
    """'Next time: level 3 (medium band)' for the exercise at that level."""
    title = get_exercise(code).level(level).title
    return f"Next time: level {level} ({title[:1].lower()}{title[1:]})"


def _trailing_run(recent: Sequence[LoggedSession], level: int) -> list[LoggedSession]:
    """The newest unbroken run of sessions at ``level``: a change of level starts a new run."""
    run: list[LoggedSession] = []
    for session in reversed(recent):
        if session.level != level:
            break
        run.append(session)
    return list(reversed(run))


def _decision(
    code: str, action: Action, current: int, to: int, why: str, rule: str
) -> ProgressionDecision:
    return ProgressionDecision(
        action=action,
        from_level=current,
        to_level=to,
        reason=f"{next_time_text(code, to)}, because {why}.",
        rule=rule,
        because=why,
    )


def _regress_trigger(
    run: list[LoggedSession], baseline_pain_now: int, t: Thresholds
) -> tuple[str, str] | None:
    """(rule, why) when the newest sessions say the load is too much."""
    if not run:
        return None
    last = run[-1]
    if last.pain_during >= t.regress_pain_during_from:
        return (
            "PRG-REGRESS-PAIN",
            f"your pain during the last session was {last.pain_during}/10 "
            f"({t.regress_pain_during_from}/10 or more)",
        )
    if (
        last.morning_after_pain is not None
        and last.morning_after_pain - baseline_pain_now >= t.regress_morning_above_baseline_from
    ):
        return (
            "PRG-REGRESS-MORNING",
            f"your pain the next morning was {last.morning_after_pain}/10, "
            f"{last.morning_after_pain - baseline_pain_now} points above your usual "
            f"{baseline_pain_now}/10",
        )
    needed = t.regress_unfinished_sessions
    if len(run) >= needed and all(s.difficulty == "could_not_finish" for s in run[-needed:]):
        return (
            "PRG-REGRESS-UNFINISHED",
            f"you could not finish it in your last {needed} sessions",
        )
    return None


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


def decide_progression(
    *,
    code: str,
    current_level: int,
    equipment: Iterable[str],
    baseline_pain_now: int,
    recent: Sequence[LoggedSession],
) -> ProgressionDecision:
    """Advance, hold or regress one exercise after its newest logged session (newest last)."""
    t = load_rules().thresholds
    exercise = get_exercise(code)
    if not 1 <= current_level <= exercise.top_level:
        raise ValueError(f"{code} has levels 1..{exercise.top_level}, not {current_level}")
    kit = list(equipment)

    if current_level not in allowed_levels(code, kit):
        to = cap_level(code, current_level, kit)
        return _decision(
            code,
            "regress",
            current_level,
            to,
            f"level {current_level} needs equipment you no longer have",
            "PRG-EQUIPMENT",
        )

    run = _trailing_run(recent, current_level)
    trigger = _regress_trigger(run, baseline_pain_now, t)
    if trigger is not None:
        rule, why = trigger
        to = next_level_down(code, current_level, kit)
        if to == current_level:
            return _decision(
                code,
                "hold",
                current_level,
                current_level,
                f"{why}, and this is already the easiest level; "
                "do fewer reps if needed and tell your physiotherapist",
                "PRG-FLOOR",
            )
        return _decision(code, "regress", current_level, to, why, rule)

    hold = _hold_reason(run, baseline_pain_now, t)
    if hold is not None:
        rule, why = hold
        return _decision(code, "hold", current_level, current_level, why, rule)

    done_well = (
        f"your last {t.advance_sessions} sessions were complete, easy or moderate, and pain "
        f"stayed at {t.advance_pain_during_max}/10 or less"
    )
    to = next_level_up(code, current_level, kit)
    if to != current_level:
        skipped = list(range(current_level + 1, to))
        skip_note = ""
        if skipped:
            missing = set(exercise.level(skipped[0]).equipment) - gear_from(kit)
            skip_note = f" (level {skipped[0]} is skipped: it needs {_kit_names(missing)})"
        return _decision(code, "advance", current_level, to, done_well + skip_note, "PRG-ADVANCE")
    if current_level == exercise.top_level:
        return _decision(
            code,
            "hold",
            current_level,
            current_level,
            f"{done_well}, and this is the top level: keep it up",
            "PRG-TOP",
        )
    missing = set(exercise.level(current_level + 1).equipment) - gear_from(kit)
    rule = "CAP-NO-BAND" if "band" in missing else "CAP-NO-DUMBBELL"
    return _decision(
        code,
        "hold",
        current_level,
        current_level,
        f"{done_well}; the next level needs {_kit_names(missing)}",
        rule,
    )


def _kit_names(gear: Iterable[str]) -> str:
    names = {"band": "a resistance band", "dumbbell": "a dumbbell"}
    return " and ".join(names[item] for item in sorted(gear))
