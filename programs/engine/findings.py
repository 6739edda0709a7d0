"""Findings from the answers (spec section 2), each with its reasons and the rules it fired
(moved verbatim out of ``rules.py``, which calls :func:`_findings`)."""

from __future__ import annotations

from functools import cache, lru_cache

from programs.engine.answers import Answers
from programs.engine.data import Thresholds
from programs.engine.results import (
    Finding,
    trusted,
)
from programs.engine.trace import (
    _AGGRAVATOR_WORDS,
    _SINGLE_LEG_GRADE,
    _TWO_LEG_GRADE,
    LEGS,
    _concern_sides,
    _join,
    _number,
    _Trace,
)

# --- findings (section 2) ------------------------------------------------------------------------


# A finding's severity, sides, reasons and rules, worked out once for the answers it depends on
# (a handful of choices each) and turned into a new ``Finding`` for every evaluation.
_Parts = tuple[str | None, tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _found(code: str, parts: _Parts | None, trace: _Trace) -> Finding | None:
    if parts is None:
        return None
    severity, sides, reasons, rules = parts
    for rule in rules:
        trace.fire(rule)
    return trusted(
        Finding,
        code=code,
        severity=severity,
        sides=list(sides),
        reasons=list(reasons),
        rules=list(rules),
    )


def _dynamic_valgus(answers: Answers, trace: _Trace) -> Finding | None:
    """Dynamic valgus: the knee drifts inside the big toe in a squat (Crossley 2011)."""
    parts = _dynamic_valgus_parts(
        answers.single_leg_squat_left, answers.single_leg_squat_right, answers.squat_knees_cave
    )
    return _found("dynamic_valgus", parts, trace)


@cache
def _dynamic_valgus_parts(
    left: str | None, right: str | None, two_leg: str | None
) -> _Parts | None:
    shown = {
        leg: grade
        for leg, grade in (("left", left), ("right", right))
        if grade in _SINGLE_LEG_GRADE
    }
    two_leg = two_leg if two_leg in _TWO_LEG_GRADE else None
    if not shown and two_leg is None:
        return None
    reasons = [
        f"Your knee {_SINGLE_LEG_GRADE[grade]} on the {leg} single-leg squat ({grade})."
        for leg, grade in shown.items()
    ]
    if two_leg is not None:
        reasons.append(f"Your knees {_TWO_LEG_GRADE[two_leg]} in the two-leg squat ({two_leg}).")
    grades = [*shown.values(), *([two_leg] if two_leg else [])]
    severity = "marked" if "marked" in grades else "mild"
    return severity, tuple(shown) or LEGS, tuple(reasons), ("F-DV-1",)


def _hip_abductor_weakness(answers: Answers, trace: _Trace) -> Finding | None:
    """Hip drop (Trendelenburg) or a marked single-leg squat: weak abductors on the stance side."""
    parts = _hip_abductor_weakness_parts(
        answers.hip_drop_left,
        answers.hip_drop_right,
        answers.single_leg_squat_left,
        answers.single_leg_squat_right,
    )
    return _found("hip_abductor_weakness", parts, trace)


@cache
def _hip_abductor_weakness_parts(
    drop_left: bool | None, drop_right: bool | None, left: str | None, right: str | None
) -> _Parts | None:
    sides: list[str] = []
    reasons: list[str] = []
    rules: list[str] = []
    drops = {"left": drop_left, "right": drop_right}
    grades = {"left": left, "right": right}
    for leg in LEGS:
        if drops[leg] is True:
            reasons.append(
                f"Standing on your {leg} leg for 30 seconds, the other hip dropped "
                "or you could not hold the position."
            )
            rules.append("F-HAW-1")
        if grades[leg] == "marked":
            reasons.append(
                f"Your {leg} knee clearly collapsed on the single-leg squat, "
                "which points to weak hip muscles on that side."
            )
            rules.append("F-HAW-2")
        if drops[leg] is True or grades[leg] == "marked":
            sides.append(leg)
    if not sides:
        return None
    return None, tuple(sides), tuple(reasons), tuple(dict.fromkeys(rules))


def _hip_flexor_tightness(answers: Answers, trace: _Trace) -> Finding | None:
    parts = _hip_flexor_tightness_parts(
        answers.thomas_thigh_lifts_left, answers.thomas_thigh_lifts_right
    )
    return _found("hip_flexor_tightness", parts, trace)


@cache
def _hip_flexor_tightness_parts(left: bool | None, right: bool | None) -> _Parts | None:
    lifts = {"left": left, "right": right}
    sides = tuple(leg for leg in LEGS if lifts[leg] is True)
    if not sides:
        return None
    reasons = tuple(f"In the Thomas test your {leg} thigh rose above the bed." for leg in sides)
    return None, sides, reasons, ("F-HFT-1",)


def _hip_adductor_tightness(answers: Answers, trace: _Trace) -> Finding | None:
    if answers.adductor_tight is not True:
        return None
    return trusted(
        Finding,
        code="hip_adductor_tightness",
        severity=None,
        sides=_concern_sides(answers),
        reasons=[
            "You found the inside of your thigh tight (knees stay high when sitting soles "
            "together, or a side lunge pulls strongly)."
        ],
        rules=[trace.fire("F-HAT-1")],
    )


def _foot_overpronation(answers: Answers, t: Thresholds, trace: _Trace) -> Finding | None:
    """Count the pronation signs; the navicular drop decides on its own above 10 mm."""
    parts = _foot_overpronation_parts(
        (
            answers.arch_collapses_standing is True,
            answers.footprint == "flat",
            answers.shoe_wear_inner_edge is True,
            answers.heel_tilts_inward is True,
        ),
        answers.navicular_drop_mm,
        answers.side,
        (t.navicular_mild_from_mm, t.navicular_marked_above_mm, t.pronation_signs_marked_from),
    )
    return _found("foot_overpronation", parts, trace)


_PRONATION_SIGNS = (
    "Your inner arch flattens when you stand.",
    "Your wet footprint looks flat.",
    "Your shoes wear down on the inner edge.",
    "Seen from behind, your heel tilts inwards.",
)


@lru_cache(maxsize=4096)
def _foot_overpronation_parts(
    present: tuple[bool, bool, bool, bool],
    drop: float | None,
    side: str,
    thresholds: tuple[float, float, int],
) -> _Parts | None:
    mild_from, marked_above, signs_marked_from = thresholds
    signs = [sentence for shown, sentence in zip(present, _PRONATION_SIGNS, strict=True) if shown]
    drop_marked = drop is not None and drop > marked_above
    drop_mild = drop is not None and mild_from <= drop <= marked_above
    if drop_marked or len(signs) >= signs_marked_from:
        severity, rule = "marked", "F-FOP-1"
    elif signs or drop_mild:
        severity, rule = "mild", "F-FOP-2"
    else:
        return None
    reasons = list(signs)
    if len(signs) >= signs_marked_from:
        reasons.append(f"That is {len(signs)} of the 4 signs of a flattening foot.")
    if drop_marked and drop is not None:
        reasons.append(
            f"Your navicular drop measured {_number(drop)} mm "
            f"(over {_number(marked_above)} mm is excessive)."
        )
    elif drop_mild and drop is not None:
        reasons.append(
            f"Your navicular drop measured {_number(drop)} mm "
            f"({_number(mild_from)}-{_number(marked_above)} mm "
            "is on the high side)."
        )
    sides = LEGS if side == "both" else (side,)
    return severity, sides, tuple(reasons), (rule,)


def _limited_ankle_dorsiflexion(answers: Answers, t: Thresholds, trace: _Trace) -> Finding | None:
    """Knee-to-wall under the cut-off, only on sides that were measured."""
    measured = {"left": answers.knee_to_wall_cm_left, "right": answers.knee_to_wall_cm_right}
    limited = {
        leg: value
        for leg, value in measured.items()
        if value is not None and value < t.knee_to_wall_limited_below_cm
    }
    if not limited:
        return None
    cutoff = _number(t.knee_to_wall_limited_below_cm)
    return trusted(
        Finding,
        code="limited_ankle_dorsiflexion",
        severity=None,
        sides=list(limited),
        reasons=[
            f"In the knee-to-wall test your {leg} knee reached the wall from only "
            f"{_number(value)} cm (under {cutoff} cm means a stiff ankle)."
            for leg, value in limited.items()
        ],
        rules=[trace.fire("F-ANK-1")],
    )


def _structural_valgus(answers: Answers, t: Thresholds, trace: _Trace) -> Finding | None:
    reasons: list[str] = []
    rules: list[str] = []
    imd = answers.intermalleolar_distance_cm
    if imd is not None and imd >= t.imd_structural_from_cm:
        reasons.append(
            f"The gap between your inner ankle bones was {_number(imd)} cm with your knees "
            f"touching ({_number(t.imd_structural_from_cm)} cm or more is more than usual)."
        )
        rules.append(trace.fire("F-SVS-1"))
    if answers.one_side_only is True and answers.ankles_apart_when_knees_touch is True:
        reasons.append(
            "Your knock-knee is on one side only, and your ankles stay apart when your knees touch."
        )
        rules.append(trace.fire("F-SVS-2"))
    if answers.deformity_worsening is True:
        reasons.append("You have noticed your knock-knee looking worse over recent months.")
        rules.append(trace.fire("F-SVS-3"))
    if not rules:
        return None
    return trusted(
        Finding,
        code="structural_valgus_suspected",
        severity=None,
        sides=_concern_sides(answers),
        reasons=reasons,
        rules=rules,
    )


def _patellofemoral_pain(answers: Answers, trace: _Trace) -> Finding | None:
    parts = _patellofemoral_pain_parts(
        tuple(answers.pain_aggravators),
        "front" in answers.pain_location,
        tuple(_concern_sides(answers)),
    )
    return _found("patellofemoral_pain_pattern", parts, trace)


@lru_cache(maxsize=1024)
def _patellofemoral_pain_parts(
    aggravated_by: tuple[str, ...], front: bool, sides: tuple[str, ...]
) -> _Parts | None:
    aggravators = [item for item in aggravated_by if item in _AGGRAVATOR_WORDS]
    if not front or not aggravators:
        return None
    words = _join([_AGGRAVATOR_WORDS[item] for item in aggravators])
    reasons = (f"Your pain is at the front of the knee and {words} make it worse.",)
    return None, sides, reasons, ("F-PFP-1",)


def _findings(answers: Answers, t: Thresholds, trace: _Trace) -> list[Finding]:
    candidates = [
        _dynamic_valgus(answers, trace),
        _hip_abductor_weakness(answers, trace),
        _hip_flexor_tightness(answers, trace),
        _hip_adductor_tightness(answers, trace),
        _foot_overpronation(answers, t, trace),
        _limited_ankle_dorsiflexion(answers, t, trace),
        _structural_valgus(answers, t, trace),
        _patellofemoral_pain(answers, trace),
    ]
    # Already in the order of FINDING_CODES, the order findings are listed in.
    return [finding for finding in candidates if finding is not None]
