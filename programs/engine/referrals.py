"""Referrals and the gates that withhold the program (spec section 5), with their reasons
(moved verbatim out of ``rules.py``, which calls :func:`_referrals` and :func:`_gates`)."""

from __future__ import annotations

from dataclasses import dataclass

from programs.engine.answers import Answers
from programs.engine.data import Thresholds
from programs.engine.results import (
    DESTINATIONS,
    URGENCIES,
    Finding,
    Referral,
    trusted,
)
from programs.engine.trace import _Trace

# --- referrals (section 5) -----------------------------------------------------------------------


# Said only when the program goes ahead: the pages of a withheld result leave it out
# (``reasons_withheld``); the referral itself, stored and in the API, is that of the answers.
SEVERE_PAIN_EXERCISES = (
    "The exercises start at the easiest level while a physiotherapist assesses you."
)


def reasons_withheld(reasons: list[str]) -> list[str]:
    """A withheld result's referral reasons as its pages show them: none says exercises start."""
    return [" ".join(reason.replace(SEVERE_PAIN_EXERCISES, "").split()) for reason in reasons]


def _referral_rows(
    answers: Answers, findings: dict[str, Finding], t: Thresholds
) -> list[tuple[str, str, str, str]]:
    """The rows of the referral table that apply, in table order: (rule, destination, urgency,
    reason)."""
    a = answers
    injured = a.recent_injury is True
    rows: list[tuple[str, str, str, str]] = []

    def add(rule: str, destination: str, urgency: str, reason: str) -> None:
        rows.append((rule, destination, urgency, reason))

    if a.hot_red_knee is True and a.fever_or_unwell is True:
        add(
            "REF-HOT-FEVER",
            "emergency",
            "same_day",
            "Your knee is hot, red and swollen and you have a fever or feel unwell: "
            "this can be a joint infection.",
        )
    if a.hot_red_knee is True and a.fever_or_unwell is not True:
        add(
            "REF-HOT-NOFEVER",
            "doctor",
            "same_day",
            "Your knee is hot, red and swollen: a doctor needs to rule out an infection today.",
        )
    if a.cannot_bear_weight is True and injured:
        add(
            "REF-OTTAWA",
            "emergency",
            "same_day",
            "You cannot take 4 steps on the leg after a recent injury: "
            "a fracture needs to be ruled out.",
        )
    if a.cannot_bear_weight is True and not injured:
        add(
            "REF-NWB",
            "doctor",
            "same_day",
            "You cannot take 4 steps on the leg, without a recent injury to explain it: "
            "a doctor should find out why today.",
        )
    if a.numbness_or_tingling is True and injured:
        add(
            "REF-NUMB-INJURY",
            "emergency",
            "same_day",
            "You have numbness or tingling after a recent injury: "
            "nerves and blood vessels need checking.",
        )
    if a.locking is True:
        add(
            "REF-LOCKING",
            "orthopedic_specialist",
            "within_2_weeks",
            "Your knee locks (gets stuck and cannot straighten fully).",
        )
    if a.giving_way is True:
        add(
            "REF-GIVING-WAY",
            "orthopedic_specialist",
            "within_2_weeks",
            "Your knee gives way or feels unstable.",
        )
    if injured and (a.swelling_within_2h_of_injury is True or a.swelling == "marked"):
        how = (
            "swelled within 2 hours of"
            if a.swelling_within_2h_of_injury is True
            else "is markedly swollen after"
        )
        add(
            "REF-INJURY-SWELLING",
            "orthopedic_specialist",
            "within_2_weeks",
            f"Your knee {how} a recent injury.",
        )
    if "structural_valgus_suspected" in findings:
        if a.deformity_worsening is True:
            add(
                "REF-STRUCT-WORSENING",
                "orthopedic_specialist",
                "within_2_weeks",
                "Your knock-knee may come from the shape of the bones and looks worse "
                "over recent months.",
            )
        else:
            add(
                "REF-STRUCT",
                "orthopedic_specialist",
                "routine",
                "Your knock-knee may come from the shape of the bones, which exercise alone "
                "changes less.",
            )
    if a.night_pain is True:
        add(
            "REF-NIGHT-WEIGHT",
            "doctor",
            "within_2_weeks",
            "You have pain at rest or at night that does not settle.",
        )
    if a.unexplained_weight_loss is True:
        add(
            "REF-NIGHT-WEIGHT",
            "doctor",
            "within_2_weeks",
            "You have lost weight without trying.",
        )
    severe = t.severe_pain_from
    if a.pain_now >= severe or a.pain_worst_week >= severe:
        if a.pain_now >= severe and a.pain_worst_week >= severe:
            how_bad = (
                f"Your pain is {a.pain_now}/10 now and reached {a.pain_worst_week}/10 this week"
            )
        elif a.pain_now >= severe:
            how_bad = f"Your pain is {a.pain_now}/10 right now"
        else:
            how_bad = f"Your pain reached {a.pain_worst_week}/10 at its worst this week"
        add(
            "REF-SEVERE-PAIN",
            "physiotherapist",
            "within_2_weeks",
            f"{how_bad} ({severe}/10 or more counts as severe). {SEVERE_PAIN_EXERCISES}",
        )
    if a.numbness_or_tingling is True and not injured:
        add(
            "REF-NUMB",
            "doctor",
            "routine",
            "You have numbness or tingling in the leg or foot.",
        )
    if a.age < t.paediatric_age_below:
        add(
            "REF-PAEDIATRIC",
            "paediatric_specialist",
            "routine",
            f"You are {a.age}: under {t.paediatric_age_below}, knock-knee is often part of "
            "growing and a children's specialist should look first.",
        )
    return rows


def _referrals(
    answers: Answers, findings: dict[str, Finding], t: Thresholds, trace: _Trace
) -> list[Referral]:
    """One referral per (destination, urgency): most urgent first, then emergency, doctor,
    orthopaedic specialist, physiotherapist, paediatric specialist (decision D-REFERRAL-MERGE)."""
    merged: dict[tuple[str, str], Referral] = {}
    for rule, destination, urgency, reason in _referral_rows(answers, findings, t):
        referral = merged.get((destination, urgency))
        if referral is None:
            referral = merged[destination, urgency] = trusted(
                Referral,
                destination=destination,
                urgency=urgency,
                reasons=[],
                rules=[],
            )
        referral.reasons.append(reason)
        if rule not in referral.rules:
            referral.rules.append(trace.fire(rule))
    return sorted(
        merged.values(),
        key=lambda referral: (
            URGENCIES.index(referral.urgency),
            DESTINATIONS.index(referral.destination),
        ),
    )


@dataclass(frozen=True)
class _Gate:
    """One reason the program waits for a clinician (spec section 5).

    ``withheld`` completes "Your exercise program is on hold because ..."; ``cleared`` completes
    "... cleared you to exercise after ..." once a clinician has examined the knee.
    """

    rule: str
    withheld: str
    cleared: str


def _gates(
    answers: Answers, referrals: list[Referral], t: Thresholds, trace: _Trace
) -> list[_Gate]:
    """Why the program is withheld (empty when it is allowed)."""
    gates: list[_Gate] = []
    if any(referral.urgency == "same_day" for referral in referrals):
        gates.append(
            _Gate(
                trace.fire("GATE-SAME-DAY"),
                "you need to be seen today",
                "seeing you for the problem that needed a same-day visit",
            )
        )
    if answers.age < t.paediatric_age_below:
        gates.append(
            _Gate(
                trace.fire("GATE-PAEDIATRIC"),
                f"you are under {t.paediatric_age_below} (a children's specialist should "
                "decide on exercise first)",
                "a children's (paediatric) specialist looked at your knees, because you are "
                f"under {t.paediatric_age_below}",
            )
        )
    if answers.giving_way is True or answers.locking is True:
        gates.append(
            _Gate(
                trace.fire("GATE-INSTABILITY"),
                "a knee that gives way or locks must be checked before you exercise",
                "checking your knee for giving way or locking",
            )
        )
    return gates


def referrals_answered_by_clearance(answers: Answers, referrals: list[Referral]) -> list[Referral]:
    """The referrals that held the program until a clinician cleared it (spec section 5): the
    same-day ones, the paediatric one, and the orthopaedic one for a knee that gives way or
    locks. The clinician who cleared the client has answered these; any other referral (a
    routine doctor's visit, a physiotherapist for severe pain) is still to act on."""
    instability = answers.giving_way is True or answers.locking is True
    return [
        referral
        for referral in referrals
        if referral.urgency == "same_day"
        or referral.destination == "paediatric_specialist"
        or (
            instability
            and referral.destination == "orthopedic_specialist"
            and referral.urgency == "within_2_weeks"
        )
    ]


def _warning_signs(answers: Answers) -> list[str]:
    """The warning signs this person reported: what to watch for once they are exercising."""
    return [
        words
        for present, words in (
            (answers.hot_red_knee is True, "a hot, red, swollen knee"),
            (answers.fever_or_unwell is True, "fever or feeling unwell"),
            (answers.cannot_bear_weight is True, "not being able to put weight on the leg"),
            (answers.numbness_or_tingling is True, "numbness or tingling"),
            (answers.giving_way is True, "your knee giving way"),
            (answers.locking is True, "your knee locking"),
        )
        if present
    ]
