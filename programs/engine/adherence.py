"""Adherence over the last two weeks (clinical spec, section 8, version 2).

Fewer than half of the scheduled sessions logged is a note for the physiotherapist (an attention
flag, not a referral) and a reminder for the client. What counts:

* the window is the last ``adherence_window_days`` days before today (today is not over), or the
  days since the start when the program is younger, and only from program day
  ``adherence_first_day`` on (the start date is day 1): a few days say nothing about a habit;
* a day on which the program was paused at any time does not count, nor a day before the start;
* a session counts as logged when at least one exercise was done (1 set or more).

One attention flag is open at a time: when adherence is back to half or more (or nothing was due),
the result says why the open flag resolves. The caller runs this every day for every active
program (the daily job), never because a page was opened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field, model_validator

from programs.engine.data import load_rules
from programs.engine.flags import FlagSpec
from programs.engine.wording import count, message


class PausedInterval(BaseModel):
    """The days a program was paused, both ends included; ``end`` None while still paused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: dt.date
    end: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> PausedInterval:
        if self.end is not None and self.end < self.start:
            raise ValueError("a pause cannot end before it starts")
        return self

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Adherence(BaseModel):
    """The adherence check of one program on one day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    checked: bool = Field(description="False before the first day adherence is judged.")
    window_start: dt.date | None = Field(description="First day of the window (included).")
    window_end: dt.date | None = Field(description="Last day of the window (included).")
    paused_days: int = Field(description="Days of the window not counted because of a pause.")
    scheduled: int = Field(description="Scheduled sessions counted (not paused, not before).")
    logged: int = Field(description="Of those, sessions with at least one exercise done.")
    below_half: bool
    flag: FlagSpec | None = Field(description="The attention flag to have open, when below.")
    resolve_reason: str | None = Field(
        description="When checked and not below: why an open attention flag resolves now."
    )
    resolve_rule: str | None = None


def check_adherence(
    *,
    start: dt.date,
    today: dt.date,
    scheduled: Iterable[dt.date],
    logged: Iterable[dt.date],
    paused: Iterable[PausedInterval] = (),
) -> Adherence:
    """Adherence of one program on ``today`` (spec section 8).

    ``scheduled`` are the dates of the program's scheduled sessions (any range: the window is
    picked here), ``logged`` the dates of sessions with at least one exercise done, ``paused``
    every pause of the program (a day paused at any time is not counted).
    """
    t = load_rules().thresholds
    program_day = (today - start).days + 1
    if program_day < t.adherence_first_day:
        return Adherence(
            checked=False,
            window_start=None,
            window_end=None,
            paused_days=0,
            scheduled=0,
            logged=0,
            below_half=False,
            flag=None,
            resolve_reason=None,
        )
    first = today - dt.timedelta(days=t.adherence_window_days)
    young = first < start
    first = max(first, start)
    last = today - dt.timedelta(days=1)
    pauses = list(paused)
    days = [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]
    paused_days = {day for day in days if any(pause.covers(day) for pause in pauses)}
    counted = {day for day in scheduled if first <= day <= last and day not in paused_days}
    done = {day for day in logged if day in counted}

    window = (
        message("adherence_window_start", days=len(days))
        if young
        else message("adherence_window_last", days=len(days))
    )
    if paused_days:
        window += ", " + message("adherence_paused", days=count(len(paused_days), "day"))
    below = bool(counted) and len(done) < t.adherence_min_fraction * len(counted)
    flag = None
    resolve_reason = None
    if below:
        flag = FlagSpec(
            kind="attention",
            destination=None,
            urgency=None,
            reason=message(
                "adherence_low", logged=len(done), scheduled=len(counted), window=window
            ),
            rule="FLG-ADHERENCE",
        )
    elif counted:
        resolve_reason = message(
            "adherence_recovered", logged=len(done), scheduled=len(counted), window=window
        )
    else:
        resolve_reason = message("adherence_nothing_due", window=window)
    return Adherence(
        checked=True,
        window_start=first,
        window_end=last,
        paused_days=len(paused_days),
        scheduled=len(counted),
        logged=len(done),
        below_half=below,
        flag=flag,
        resolve_reason=resolve_reason,
        resolve_rule=None if below else "FLG-ADHERENCE-RECOVERED",
    )
