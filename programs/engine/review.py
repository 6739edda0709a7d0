"""One exercise after a log or check-in is saved: its level decisions and its pain flags, decided
together so that they always agree (clinical spec, sections 7 and 8, version 2).

The caller (a service, after a log or check-in is saved, entered on time or late) passes every
session of the exercise it still wants judged, each with its own date, the exercise's current
level, the dates of the sessions whose regress trigger it has already acted on and the
``level_since`` the last level change returned. It stores the decisions and the new level, adds
``regressed_sessions`` to those dates, keeps ``level_since`` and raises each flag once (a flag
belongs to its exercise, session date and rule). Calling again with what was stored changes
nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field

from programs.engine.data import load_rules
from programs.engine.flags import FlagSpec, session_flag
from programs.engine.library import get as get_exercise
from programs.engine.progression import (
    TRIGGER_DECISION_RULES,
    LoggedSession,
    ProgressionDecision,
    done_sessions,
    review_progression,
)
from programs.engine.wording import lower_first, message


class ExerciseReview(BaseModel):
    """What happens to one exercise now: its level, the decisions that set it, and its flags."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: int = Field(description="The level after the decisions (the current one if none).")
    decisions: list[ProgressionDecision]
    regressed_sessions: list[dt.date] = Field(
        description="Dates of the sessions acted on now: add them to ``already_regressed``."
    )
    level_since: dt.date | None = Field(
        description="Pass back as ``level_since`` (see ``review_progression``)."
    )
    flags: list[FlagSpec] = Field(
        description="A pain flag for every done session that calls for one (each with its "
        "session_date); the caller raises each once."
    )


def _with_outcome(flag: FlagSpec, decision: ProgressionDecision | None) -> FlagSpec:
    """Add what happens to the level, only when this review decided it for the flag's session."""
    if decision is None or decision.rule not in TRIGGER_DECISION_RULES:
        return flag
    exercise = get_exercise(flag.regress_exercise or "")
    if decision.level_changed:
        title = exercise.level(decision.to_level).title
        outcome = message(
            "flag_steps_down",
            exercise=exercise.name,
            level=decision.to_level,
            title=lower_first(title),
        )
    else:
        outcome = message("flag_at_easiest", exercise=exercise.name)
    return flag.model_copy(update={"reason": f"{flag.reason} {outcome}"})


def review_exercise(
    *,
    code: str,
    current_level: int,
    equipment: Iterable[str],
    baseline_pain_now: int,
    sessions: Sequence[LoggedSession],
    already_regressed: Collection[dt.date] = (),
    level_since: dt.date | None = None,
) -> ExerciseReview:
    """Decisions and pain flags for one exercise, given its sessions by date.

    See ``review_progression`` for the decisions. Flags are judged on every done session by
    its own date (the session before it, by date, for repeated pain); a flag whose session is
    stepped down by this review says so, and a flag for a session acted on before makes no claim
    about the level (the decision then already told the client).
    """
    progression = review_progression(
        code=code,
        current_level=current_level,
        equipment=equipment,
        baseline_pain_now=baseline_pain_now,
        sessions=sessions,
        already_regressed=already_regressed,
        level_since=level_since,
    )
    acted_on = {
        decision.session_date: decision
        for decision in progression.decisions
        if decision.rule in TRIGGER_DECISION_RULES and decision.session_date is not None
    }
    t = load_rules().thresholds
    done = done_sessions(sessions)
    flags: list[FlagSpec] = []
    for index, session in enumerate(done):
        flag = session_flag(code, done, index, t)
        if flag is not None:
            decision = acted_on.get(session.session_date) if session.session_date else None
            flags.append(_with_outcome(flag, decision))
    return ExerciseReview(
        level=progression.level,
        decisions=progression.decisions,
        regressed_sessions=progression.regressed_sessions,
        level_since=progression.level_since,
        flags=flags,
    )
