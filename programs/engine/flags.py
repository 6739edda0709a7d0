"""Referral and attention flags raised during a program (clinical spec, section 8).

Each function looks at one kind of event (a morning check-in, the sessions of one exercise, a
reassessment, two weeks of logging) and returns the flags it raises, each with its rule id and a
reason the client and the physiotherapist can read. Storing them, their status and pausing the
program is the caller's job; these functions only decide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from programs.engine.answers import (
    STRICT,
    Answers,
    ReassessmentAnswers,
    StrictAnswers,
    Swelling,
)
from programs.engine.data import Thresholds, load_rules
from programs.engine.library import get as get_exercise
from programs.engine.progression import LoggedSession, done_sessions
from programs.engine.reassessment import compare
from programs.engine.results import Destination, Urgency
from programs.engine.wording import day, lower_first, message
from programs.engine.wording import join as join_words

FlagKind = Literal["referral", "attention"]


class CheckInAnswers(StrictAnswers):
    """The next-morning check-in (spec section 6). Missing answers are never positive signs."""

    model_config = STRICT

    pain_now: int = Field(ge=0, le=10, description="Pain right now, 0 to 10 (NPRS).")
    swelling: Swelling | None = Field(default=None, description="New swelling: none, mild, marked.")
    giving_way: bool | None = Field(default=None, description="The knee gave way (new).")
    locking: bool | None = Field(default=None, description="The knee locked (new).")
    hot_red_knee: bool | None = Field(default=None, description="The knee is hot, red and swollen.")
    fever_or_unwell: bool | None = Field(default=None, description="Fever or feeling unwell.")
    cannot_bear_weight: bool | None = Field(
        default=None, description="Cannot take 4 steps on the leg."
    )


class FlagSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: FlagKind
    destination: Destination | None
    urgency: Urgency | None
    reason: str
    rule: str
    pauses_program: bool = False
    regress_exercise: str | None = None
    session_date: dt.date | None = Field(
        default=None, description="The session a session pain flag came from, when known."
    )


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def flags_from_checkin(checkin: CheckInAnswers) -> list[FlagSpec]:
    """Warning signs at a check-in pause the program until a clinician has seen the knee."""
    flags: list[FlagSpec] = []
    emergency: list[str] = []
    if checkin.hot_red_knee is True and checkin.fever_or_unwell is True:
        emergency.append("your knee is hot, red and swollen and you have a fever or feel unwell")
    if checkin.cannot_bear_weight is True:
        emergency.append("you cannot take 4 steps on the leg")
    if emergency:
        flags.append(
            FlagSpec(
                kind="referral",
                destination="emergency",
                urgency="same_day",
                reason=f"Go to emergency care today: {_join(emergency)}.",
                rule="FLG-CHECKIN-EMERGENCY",
                pauses_program=True,
            )
        )
    if checkin.hot_red_knee is True and checkin.fever_or_unwell is not True:
        flags.append(
            FlagSpec(
                kind="referral",
                destination="doctor",
                urgency="same_day",
                reason="See a doctor today: your knee is hot, red and swollen and an infection "
                "must be ruled out.",
                rule="FLG-CHECKIN-HOT",
                pauses_program=True,
            )
        )
    instability: list[str] = []
    if checkin.giving_way is True:
        instability.append("your knee gave way")
    if checkin.locking is True:
        instability.append("your knee locked")
    if checkin.swelling == "marked":
        instability.append("your knee is markedly swollen")
    if instability:
        flags.append(
            FlagSpec(
                kind="referral",
                destination="orthopedic_specialist",
                urgency="within_2_weeks",
                reason=f"See an orthopaedic specialist within 2 weeks: {_join(instability)}.",
                rule="FLG-CHECKIN-INSTABILITY",
                pauses_program=True,
            )
        )
    return flags


def session_flag(
    code: str, done: Sequence[LoggedSession], index: int, t: Thresholds
) -> FlagSpec | None:
    """The pain flag of ``done[index]`` (done sessions of one exercise, oldest first): pain of
    8/10 or more in it, or 6/10 or more in it and the done session before it, at any level (pain
    that repeats across a level change still repeats).

    The reason names the exercise and the session's date when it is known, and says nothing
    about levels: the progression decision says what happens to the level (``review_exercise``
    adds it when both are decided together).
    """
    session = done[index]
    name = lower_first(get_exercise(code).name)
    if session.pain_during >= t.flag_session_pain_from:
        rule = "FLG-SESSION-PAIN-SEVERE"
        where = (
            message("flag_session_on", exercise=name, date=day(session.session_date))
            if session.session_date is not None
            else message("flag_session_last")
        )
        reason = message("flag_session_severe", session=where, pain=session.pain_during)
    else:
        needed = t.flag_session_pain_repeated_sessions
        window = done[max(0, index - needed + 1) : index + 1]
        if len(window) < needed or any(
            item.pain_during < t.flag_session_pain_repeated_from for item in window
        ):
            return None
        rule = "FLG-SESSION-PAIN-REPEATED"
        dates = [item.session_date for item in window]
        where = (
            message(
                "flag_sessions_on",
                exercise=name,
                dates=join_words([day(date) for date in dates if date is not None]),
            )
            if all(date is not None for date in dates)
            else message("flag_sessions_last", count=needed)
        )
        pains = join_words([f"{item.pain_during}/10" for item in window])
        reason = message("flag_session_repeated", sessions=where, pains=pains)
    return FlagSpec(
        kind="referral",
        destination="physiotherapist",
        urgency="within_2_weeks",
        reason=reason,
        rule=rule,
        regress_exercise=code,
        session_date=session.session_date,
    )


def flags_from_session(code: str, recent: Sequence[LoggedSession]) -> list[FlagSpec]:
    """High pain during an exercise brings in the physiotherapist (and steps it down, through
    the progression rules, which regress at a lower pain than any flag).

    ``recent`` are the logged sessions of this exercise (newest last, or each with its date);
    not-done ones (0 sets) are ignored. Judges the newest done session.
    """
    done = done_sessions(recent)
    if not done:
        return []
    flag = session_flag(code, done, len(done) - 1, load_rules().thresholds)
    return [flag] if flag is not None else []


def flags_from_reassessment(
    week: int,
    baseline: Answers,
    reassessment: ReassessmentAnswers,
    *,
    week6_improved: bool | None = None,
) -> list[FlagSpec]:
    """No noticeable improvement at week 6 or 12 brings in a clinician (source article).

    ``week6_improved`` is the outcome of the week-6 reassessment (``None`` when there was none):
    the week-12 flag says "still" only when week 6 was not improved either.
    """
    t = load_rules().thresholds
    if week not in (t.reassessment_first_week, t.reassessment_final_week):
        return []
    comparison = compare(baseline, reassessment)
    if comparison.improved:
        return []
    if week == t.reassessment_first_week:
        return [
            FlagSpec(
                kind="referral",
                destination="physiotherapist",
                urgency="routine",
                reason=message("flag_week6", week=week, comparison=comparison.reason),
                rule="FLG-WEEK6",
            )
        ]
    if week6_improved is False:
        reason = message("flag_week12_still", week=week, comparison=comparison.reason)
    elif week6_improved is True:
        reason = message(
            "flag_week12_after_improvement",
            week=week,
            first_week=t.reassessment_first_week,
            comparison=comparison.reason,
        )
    else:
        reason = message("flag_week12", week=week, comparison=comparison.reason)
    return [
        FlagSpec(
            kind="referral",
            destination="orthopedic_specialist",
            urgency="routine",
            reason=reason,
            rule="FLG-WEEK12",
        )
    ]


def flags_from_adherence(scheduled_last_14_days: int, logged_last_14_days: int) -> list[FlagSpec]:
    """Fewer than half the planned sessions: a note for the physiotherapist, not a referral.

    Counts only; ``programs.engine.adherence.check_adherence`` works out the window (paused days,
    young programs) and says when an open flag resolves.
    """
    t = load_rules().thresholds
    if scheduled_last_14_days <= 0:
        return []
    if logged_last_14_days >= t.adherence_min_fraction * scheduled_last_14_days:
        return []
    return [
        FlagSpec(
            kind="attention",
            destination=None,
            urgency=None,
            reason=f"Only {logged_last_14_days} of {scheduled_last_14_days} planned sessions "
            f"were logged in the last {t.adherence_window_days} days.",
            rule="FLG-ADHERENCE",
        )
    ]
