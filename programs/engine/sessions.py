"""How long a day's session takes (clinical spec, section 6, version 2).

Per set: reps x 4 s, or the hold when the dose is a hold, doubled when done per side; plus 45 s of
rest between the sets of a strength exercise and 15 s between the sets of a daily item (numbers in
rules.toml; choices in decision D-SESSION-LENGTH). When a strength day's estimate is above the
client's ``minutes_per_session``, the client is told so and advised to do the daily items at
another time of day; the prescription itself does not change.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict, Field, model_validator

from programs.engine.data import Thresholds, load_rules
from programs.engine.library import get as get_exercise
from programs.engine.results import ExerciseCode, ExercisePrescription, Frequency
from programs.engine.wording import join, lower_first, message

_MODEL = ConfigDict(extra="forbid", frozen=True)


class SessionItem(BaseModel):
    """One exercise of the day with its dose (after any physiotherapist's change)."""

    model_config = _MODEL

    code: ExerciseCode
    frequency: Frequency
    sets: int = Field(ge=1)
    reps: int | None = Field(default=None, ge=1)
    hold_seconds: int | None = Field(default=None, ge=1)
    per_side: bool

    @model_validator(mode="after")
    def _has_a_dose(self) -> SessionItem:
        if self.reps is None and self.hold_seconds is None:
            raise ValueError("a dose needs reps, hold_seconds or both")
        return self

    @classmethod
    def at_level(
        cls,
        code: str,
        level: int,
        *,
        sets: int | None = None,
        reps: int | None = None,
        hold_seconds: int | None = None,
    ) -> SessionItem:
        """The library's dose for ``code`` at ``level``; ``sets``, ``reps`` and
        ``hold_seconds`` replace it where given (a physiotherapist's change)."""
        exercise = get_exercise(code)
        dose = exercise.level(level)
        return cls(
            code=exercise.code,
            frequency=exercise.frequency,
            sets=sets if sets is not None else dose.sets,
            reps=reps if reps is not None else dose.reps,
            hold_seconds=hold_seconds if hold_seconds is not None else dose.hold_seconds,
            per_side=dose.per_side,
        )


class ItemEstimate(BaseModel):
    model_config = _MODEL

    code: ExerciseCode
    frequency: Frequency
    work_seconds: int
    rest_seconds: int
    seconds: int


class SessionEstimate(BaseModel):
    """The estimated length of one day's session."""

    model_config = _MODEL

    items: list[ItemEstimate]
    strength_seconds: int
    daily_seconds: int
    seconds: int
    minutes: int = Field(description="Whole minutes, rounded up.")
    minutes_per_session: int
    strength_day: bool = Field(description="The day has at least one strength exercise.")
    above_minutes_per_session: bool
    over_time: bool = Field(
        description="A strength day above minutes_per_session: say so (rule SES-OVER-TIME)."
    )
    move_daily_items: bool = Field(
        description="Over time and the day has daily items: suggest them at another time."
    )
    message: str | None = Field(description="What to tell the client when over time.")
    rule: str | None = None


def _item_seconds(item: SessionItem, t: Thresholds) -> ItemEstimate:
    if item.reps is not None:
        # Section 6: reps x 4 s, or reps x the hold when each rep is held.
        per_set = item.reps * (item.hold_seconds or t.session_seconds_per_rep)
    else:
        per_set = item.hold_seconds or 0
    if item.per_side:
        per_set *= 2
    rest_each = (
        t.session_rest_between_strength_sets_seconds
        if item.frequency == "strength"
        else t.session_rest_between_daily_sets_seconds
    )
    work = per_set * item.sets
    rest = rest_each * (item.sets - 1)
    return ItemEstimate(
        code=item.code,
        frequency=item.frequency,
        work_seconds=work,
        rest_seconds=rest,
        seconds=work + rest,
    )


def _as_item(item: SessionItem | ExercisePrescription) -> SessionItem:
    if isinstance(item, SessionItem):
        return item
    return SessionItem(
        code=item.code,
        frequency=item.frequency,
        sets=item.sets,
        reps=item.reps,
        hold_seconds=item.hold_seconds,
        per_side=item.per_side,
    )


def estimate_session(
    items: Sequence[SessionItem | ExercisePrescription], *, minutes_per_session: int = 20
) -> SessionEstimate:
    """The estimated length of a day's session made of ``items`` (all exercises due that day).

    ``minutes_per_session`` is the client's answer (default 20, spec section 1).
    """
    t = load_rules().thresholds
    estimates = [_item_seconds(_as_item(item), t) for item in items]
    strength = sum(item.seconds for item in estimates if item.frequency == "strength")
    daily = sum(item.seconds for item in estimates if item.frequency == "daily")
    total = strength + daily
    above = total > minutes_per_session * 60
    strength_day = any(item.frequency == "strength" for item in estimates)
    over_time = strength_day and above
    daily_codes = [item.code for item in estimates if item.frequency == "daily"]
    move_daily = over_time and bool(daily_codes)
    minutes = math.ceil(total / 60)
    text = None
    if over_time:
        text = message("session_over_time", minutes=minutes, limit=minutes_per_session)
        if move_daily:
            names = join([lower_first(get_exercise(code).name) for code in daily_codes])
            text += " " + message("session_daily_elsewhere", items=names)
    return SessionEstimate(
        items=estimates,
        strength_seconds=strength,
        daily_seconds=daily,
        seconds=total,
        minutes=minutes,
        minutes_per_session=minutes_per_session,
        strength_day=strength_day,
        above_minutes_per_session=above,
        over_time=over_time,
        move_daily_items=move_daily,
        message=text,
        rule="SES-OVER-TIME" if over_time else None,
    )
