"""Referral and attention flags raised during a program (clinical spec, section 8).

Each function looks at one kind of event (a morning check-in, the sessions of one exercise, a
reassessment, two weeks of logging) and returns the flags it raises, each with its rule id and a
reason the client and the physiotherapist can read. Storing them, their status and pausing the
program is the caller's job; these functions only decide.
"""

from __future__ import annotations

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
from programs.engine.data import load_rules
from programs.engine.progression import LoggedSession
from programs.engine.reassessment import compare
from programs.engine.results import Destination, Urgency

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


def flags_from_session(code: str, recent: Sequence[LoggedSession]) -> list[FlagSpec]:
    """High pain during an exercise brings in the physiotherapist and steps that exercise down.

    ``recent`` are the logged sessions of this exercise, newest last, at any level: pain that
    repeats across a level change still repeats.
    """
    t = load_rules().thresholds
    if not recent:
        return []
    last = recent[-1]
    if last.pain_during >= t.flag_session_pain_from:
        rule = "FLG-SESSION-PAIN-SEVERE"
        why = f"your pain during the last session was {last.pain_during}/10"
    else:
        needed = t.flag_session_pain_repeated_sessions
        window = recent[-needed:]
        if len(window) < needed or any(
            session.pain_during < t.flag_session_pain_repeated_from for session in window
        ):
            return []
        rule = "FLG-SESSION-PAIN-REPEATED"
        pains = _join([f"{session.pain_during}/10" for session in window])
        why = f"your pain during the last {needed} sessions was {pains}"
    return [
        FlagSpec(
            kind="referral",
            destination="physiotherapist",
            urgency="within_2_weeks",
            reason=f"See a physiotherapist within 2 weeks: {why}. "
            "This exercise steps down a level meanwhile.",
            rule=rule,
            regress_exercise=code,
        )
    ]


def flags_from_reassessment(
    week: int, baseline: Answers, reassessment: ReassessmentAnswers
) -> list[FlagSpec]:
    """No noticeable improvement at week 6 or 12 brings in a clinician (source article)."""
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
                reason=f"No noticeable improvement after {week} weeks: gait analysis and a "
                f"personal assessment. {comparison.reason} Your program continues.",
                rule="FLG-WEEK6",
            )
        ]
    return [
        FlagSpec(
            kind="referral",
            destination="orthopedic_specialist",
            urgency="routine",
            reason=f"Still no noticeable improvement after {week} weeks: an orthopaedic "
            f"specialist should look for a cause exercise cannot fix. {comparison.reason}",
            rule="FLG-WEEK12",
        )
    ]


def flags_from_adherence(scheduled_last_14_days: int, logged_last_14_days: int) -> list[FlagSpec]:
    """Fewer than half the planned sessions: a note for the physiotherapist, not a referral."""
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
