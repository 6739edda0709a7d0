"""From answers to an evaluation: findings, referrals, exercises and advice (spec sections 2, 4, 5).

``evaluate`` is pure and deterministic: the same answers and the same data files always give the
same evaluation. Thresholds and rule reasons come from ``programs/data/rules.toml``; each step adds
the rule ids it fired to a trace, which is returned as ``rules_fired`` so that a physiotherapist
can see why every line of a program is there.

A missing optional answer is ``None`` and is never read as a positive sign: every check below is
written as ``value is True``, ``value in (...)`` or ``value is not None and ...``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from programs.engine.answers import Answers
from programs.engine.bands import band_advice
from programs.engine.data import RuleSet, Texts, Thresholds, load_rules, load_texts
from programs.engine.library import (
    Library,
    cap_level,
    gear_from,
)
from programs.engine.library import load as load_library
from programs.engine.results import (
    DESTINATIONS,
    EXERCISE_CODES,
    FINDING_CODES,
    URGENCIES,
    Advice,
    Evaluation,
    ExercisePrescription,
    Finding,
    FiredRule,
    LaterExercise,
    Referral,
)

__all__ = ["evaluate"]

LEGS: tuple[str, str] = ("left", "right")
_HIP_EXERCISES = (
    "banded_clamshell",
    "banded_side_steps",
    "single_leg_deadlift",
    "banded_squat_knee_cue",
)
_SINGLE_LEG_GRADE = {
    "slight": "drifted inside your big toe",
    "marked": "clearly collapsed inside your big toe (or you lost your balance)",
}
_TWO_LEG_GRADE = {
    "slight": "drifted inside your big toes",
    "marked": "clearly collapsed inside your big toes",
}
_AGGRAVATOR_WORDS = {
    "stairs": "stairs",
    "squatting": "squatting",
    "prolonged_sitting": "sitting for a long time",
}


@dataclass
class _Trace:
    """Collects fired rule ids in firing order (each once)."""

    rules: RuleSet
    fired: dict[str, None] = field(default_factory=dict)

    def fire(self, rule_id: str) -> str:
        self.rules.reason(rule_id)  # fails loudly on an id missing from rules.toml
        self.fired.setdefault(rule_id, None)
        return rule_id

    def as_list(self) -> list[FiredRule]:
        return [FiredRule(id=rule_id, reason=self.rules.reason(rule_id)) for rule_id in self.fired]


# The guided movement self-tests (spec section 1): skipped ones are never positive signs.
MOVEMENT_TEST_ITEMS: tuple[str, ...] = (
    "single_leg_squat_left",
    "single_leg_squat_right",
    "squat_knees_cave",
    "hip_drop_left",
    "hip_drop_right",
    "thomas_thigh_lifts_left",
    "thomas_thigh_lifts_right",
    "adductor_tight",
    "knee_to_wall_cm_left",
    "knee_to_wall_cm_right",
)


def _number(value: float) -> str:
    """9.0 -> '9', 9.5 -> '9.5': measurements read the way people typed them."""
    return f"{value:g}"


def _join(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _join_or(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def _concern_sides(answers: Answers) -> list[str]:
    """Sides for findings without per-side items: the knee(s) the person is concerned about."""
    return list(LEGS) if answers.side == "both" else [answers.side]


def _single_leg_grades(answers: Answers) -> dict[str, str | None]:
    return {"left": answers.single_leg_squat_left, "right": answers.single_leg_squat_right}


# --- findings (section 2) ------------------------------------------------------------------------


def _dynamic_valgus(answers: Answers, trace: _Trace) -> Finding | None:
    """Dynamic valgus: the knee drifts inside the big toe in a squat (Crossley 2011)."""
    shown = {
        leg: grade
        for leg, grade in _single_leg_grades(answers).items()
        if grade in _SINGLE_LEG_GRADE
    }
    two_leg = answers.squat_knees_cave if answers.squat_knees_cave in _TWO_LEG_GRADE else None
    if not shown and two_leg is None:
        return None
    reasons = [
        f"Your knee {_SINGLE_LEG_GRADE[grade]} on the {leg} single-leg squat ({grade})."
        for leg, grade in shown.items()
    ]
    if two_leg is not None:
        reasons.append(f"Your knees {_TWO_LEG_GRADE[two_leg]} in the two-leg squat ({two_leg}).")
    grades = [*shown.values(), *([two_leg] if two_leg else [])]
    return Finding(
        code="dynamic_valgus",
        severity="marked" if "marked" in grades else "mild",
        sides=list(shown) or list(LEGS),  # type: ignore[arg-type]
        reasons=reasons,
        rules=[trace.fire("F-DV-1")],
    )


def _hip_abductor_weakness(answers: Answers, trace: _Trace) -> Finding | None:
    """Hip drop (Trendelenburg) or a marked single-leg squat: weak abductors on the stance side."""
    sides: list[str] = []
    reasons: list[str] = []
    rules: list[str] = []
    drops = {"left": answers.hip_drop_left, "right": answers.hip_drop_right}
    grades = _single_leg_grades(answers)
    for leg in LEGS:
        if drops[leg] is True:
            reasons.append(
                f"Standing on your {leg} leg for 30 seconds, the other hip dropped "
                "or you could not hold the position."
            )
            rules.append(trace.fire("F-HAW-1"))
        if grades[leg] == "marked":
            reasons.append(
                f"Your {leg} knee clearly collapsed on the single-leg squat, "
                "which points to weak hip muscles on that side."
            )
            rules.append(trace.fire("F-HAW-2"))
        if drops[leg] is True or grades[leg] == "marked":
            sides.append(leg)
    if not sides:
        return None
    return Finding(
        code="hip_abductor_weakness",
        severity=None,
        sides=sides,  # type: ignore[arg-type]
        reasons=reasons,
        rules=list(dict.fromkeys(rules)),
    )


def _hip_flexor_tightness(answers: Answers, trace: _Trace) -> Finding | None:
    lifts = {"left": answers.thomas_thigh_lifts_left, "right": answers.thomas_thigh_lifts_right}
    sides = [leg for leg in LEGS if lifts[leg] is True]
    if not sides:
        return None
    return Finding(
        code="hip_flexor_tightness",
        severity=None,
        sides=sides,  # type: ignore[arg-type]
        reasons=[f"In the Thomas test your {leg} thigh rose above the bed." for leg in sides],
        rules=[trace.fire("F-HFT-1")],
    )


def _hip_adductor_tightness(answers: Answers, trace: _Trace) -> Finding | None:
    if answers.adductor_tight is not True:
        return None
    return Finding(
        code="hip_adductor_tightness",
        severity=None,
        sides=_concern_sides(answers),  # type: ignore[arg-type]
        reasons=[
            "You found the inside of your thigh tight (knees stay high when sitting soles "
            "together, or a side lunge pulls strongly)."
        ],
        rules=[trace.fire("F-HAT-1")],
    )


def _foot_overpronation(answers: Answers, t: Thresholds, trace: _Trace) -> Finding | None:
    """Count the pronation signs; the navicular drop decides on its own above 10 mm."""
    signs = [
        sentence
        for present, sentence in (
            (answers.arch_collapses_standing is True, "Your inner arch flattens when you stand."),
            (answers.footprint == "flat", "Your wet footprint looks flat."),
            (answers.shoe_wear_inner_edge is True, "Your shoes wear down on the inner edge."),
            (answers.heel_tilts_inward is True, "Seen from behind, your heel tilts inwards."),
        )
        if present
    ]
    drop = answers.navicular_drop_mm
    drop_marked = drop is not None and drop > t.navicular_marked_above_mm
    drop_mild = drop is not None and t.navicular_mild_from_mm <= drop <= t.navicular_marked_above_mm
    if drop_marked or len(signs) >= t.pronation_signs_marked_from:
        severity, rule = "marked", "F-FOP-1"
    elif signs or drop_mild:
        severity, rule = "mild", "F-FOP-2"
    else:
        return None
    reasons = list(signs)
    if len(signs) >= t.pronation_signs_marked_from:
        reasons.append(f"That is {len(signs)} of the 4 signs of a flattening foot.")
    if drop_marked and drop is not None:
        reasons.append(
            f"Your navicular drop measured {_number(drop)} mm "
            f"(over {_number(t.navicular_marked_above_mm)} mm is excessive)."
        )
    elif drop_mild and drop is not None:
        reasons.append(
            f"Your navicular drop measured {_number(drop)} mm "
            f"({_number(t.navicular_mild_from_mm)}-{_number(t.navicular_marked_above_mm)} mm "
            "is on the high side)."
        )
    return Finding(
        code="foot_overpronation",
        severity=severity,  # type: ignore[arg-type]
        sides=_concern_sides(answers),  # type: ignore[arg-type]
        reasons=reasons,
        rules=[trace.fire(rule)],
    )


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
    return Finding(
        code="limited_ankle_dorsiflexion",
        severity=None,
        sides=list(limited),  # type: ignore[arg-type]
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
    return Finding(
        code="structural_valgus_suspected",
        severity=None,
        sides=_concern_sides(answers),  # type: ignore[arg-type]
        reasons=reasons,
        rules=rules,
    )


def _patellofemoral_pain(answers: Answers, trace: _Trace) -> Finding | None:
    aggravators = [item for item in answers.pain_aggravators if item in _AGGRAVATOR_WORDS]
    if "front" not in answers.pain_location or not aggravators:
        return None
    words = _join([_AGGRAVATOR_WORDS[item] for item in aggravators])
    return Finding(
        code="patellofemoral_pain_pattern",
        severity=None,
        sides=_concern_sides(answers),  # type: ignore[arg-type]
        reasons=[f"Your pain is at the front of the knee and {words} make it worse."],
        rules=[trace.fire("F-PFP-1")],
    )


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
    found = [finding for finding in candidates if finding is not None]
    return sorted(found, key=lambda finding: FINDING_CODES.index(finding.code))


# --- referrals (section 5) -----------------------------------------------------------------------


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
            f"{how_bad} ({severe}/10 or more counts as severe). The exercises start at the "
            "easiest level while a physiotherapist assesses you.",
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
        referral = merged.setdefault(
            (destination, urgency),
            Referral(destination=destination, urgency=urgency, reasons=[], rules=[]),  # type: ignore[arg-type]
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


# --- exercises (sections 3 and 4) ----------------------------------------------------------------


def _indications(findings: dict[str, Finding]) -> dict[str, tuple[list[Finding], str]]:
    """Exercise code -> (the findings that call for it, the prescription rule)."""
    indicated: dict[str, tuple[list[Finding], str]] = {}
    hip = [
        findings[code] for code in ("dynamic_valgus", "hip_abductor_weakness") if code in findings
    ]
    if hip:
        for code in _HIP_EXERCISES:
            indicated[code] = (hip, "RX-HIP-1")
    for finding_code, exercise_code, rule in (
        ("hip_flexor_tightness", "half_kneeling_hip_flexor_stretch", "RX-HFT-1"),
        ("hip_adductor_tightness", "adductor_stretch", "RX-ADD-1"),
        ("foot_overpronation", "short_foot", "RX-FOOT-1"),
        ("limited_ankle_dorsiflexion", "ankle_dorsiflexion_mobilisation", "RX-ANK-1"),
    ):
        if finding_code in findings:
            indicated[exercise_code] = ([findings[finding_code]], rule)
    return dict(sorted(indicated.items(), key=lambda item: EXERCISE_CODES.index(item[0])))


def _finding_sentences(finding: Finding, texts: Texts) -> str:
    where = " and ".join(finding.sides)
    detail = f"{where}, {finding.severity}" if finding.severity else where
    return f"{texts.findings[finding.code].title} ({detail}): {' '.join(finding.reasons)}"


@dataclass(frozen=True)
class _Start:
    level: int
    rule: str
    reason: str


def _start_level(
    code: str, answers: Answers, findings: dict[str, Finding], t: Thresholds
) -> _Start:
    """Spec section 4: level 1 when pain or control says so, else 2 for the banded three."""
    low: list[str] = []
    if answers.pain_now >= t.start_low_pain_now_from:
        low.append(f"your pain right now is {answers.pain_now}/10")
    if answers.pain_worst_week >= t.start_low_pain_worst_week_from:
        low.append(f"your worst pain this week was {answers.pain_worst_week}/10")
    valgus = findings.get("dynamic_valgus")
    if valgus is not None and valgus.severity == "marked":
        low.append("your knee clearly collapsed in a squat test")
    if answers.activity_level == "sedentary":
        low.append("you are mostly sedentary")
    if low:
        return _Start(1, "LVL-START-LOW", f"Starting at level 1 because {_join(low)}.")
    if code in ("banded_clamshell", "banded_side_steps", "banded_squat_knee_cue"):
        level = t.start_level_standard_banded
        return _Start(
            level,
            "LVL-START-STD",
            f"Starting at level {level} because your pain is low and your squat control allows it.",
        )
    if code == "single_leg_deadlift" and answers.activity_level == "vigorous":
        level = t.start_level_vigorous_deadlift
        return _Start(
            level, "LVL-START-VIGOROUS", f"Starting at level {level} because you are very active."
        )
    return _Start(1, "LVL-START-STD", "Starting at level 1, the first step.")


def _prescribe(
    code: str,
    causes: list[Finding],
    rule: str,
    answers: Answers,
    findings: dict[str, Finding],
    t: Thresholds,
    library: Library,
    texts: Texts,
    trace: _Trace,
) -> ExercisePrescription:
    exercise = library.get(code)
    start = _start_level(code, answers, findings, t)
    rules = [trace.fire(rule), trace.fire(start.rule)]
    reasons = [_finding_sentences(finding, texts) for finding in causes]
    reasons += [exercise.why, start.reason]
    gear = gear_from(answers.equipment)
    level_number = cap_level(code, start.level, answers.equipment)
    if level_number < start.level:
        missing = set(exercise.level(start.level).equipment) - gear
        cap_rule = "CAP-NO-BAND" if "band" in missing else "CAP-NO-DUMBBELL"
        rules.append(trace.fire(cap_rule))
        kit = "resistance band" if cap_rule == "CAP-NO-BAND" else "dumbbell"
        reasons.append(f"Kept at level {level_number} because you have no {kit}.")
    level = exercise.level(level_number)
    no_band = level.needs_no_band_variant(gear)
    if no_band:
        if "CAP-NO-BAND" not in rules:
            rules.append(trace.fire("CAP-NO-BAND"))
        reasons.append("Done without a band for now, with the same cue.")
    return ExercisePrescription(
        code=code,  # type: ignore[arg-type]
        level=level_number,
        sets=level.sets,
        reps=level.reps,
        hold_seconds=level.hold_seconds,
        per_side=level.per_side,
        frequency=exercise.frequency,
        without_band=no_band,
        reasons=reasons,
        rules=rules,
    )


def _exercises(
    answers: Answers,
    findings: dict[str, Finding],
    t: Thresholds,
    library: Library,
    texts: Texts,
    trace: _Trace,
) -> tuple[list[ExercisePrescription], list[LaterExercise]]:
    """At most ``max_exercises`` in the spec's priority order; the rest wait in ``later``."""
    exercises: list[ExercisePrescription] = []
    later: list[LaterExercise] = []
    for code, (causes, rule) in _indications(findings).items():
        if len(exercises) < t.max_exercises:
            exercises.append(
                _prescribe(code, causes, rule, answers, findings, t, library, texts, trace)
            )
            continue
        reasons = [_finding_sentences(finding, texts) for finding in causes]
        reasons.append(
            f"Left for later to keep your program to {t.max_exercises} exercises, which makes "
            "it easier to keep up; add it once the others feel routine."
        )
        later.append(
            LaterExercise(
                code=code,  # type: ignore[arg-type]
                reasons=reasons,
                rules=[trace.fire(rule), trace.fire("RX-CAP-1")],
            )
        )
    return exercises, later


# --- advice (section 4) --------------------------------------------------------------------------


def _advice(
    answers: Answers,
    findings: dict[str, Finding],
    exercises: list[ExercisePrescription],
    allowed: bool,
    rules: RuleSet,
    library: Library,
    trace: _Trace,
) -> list[Advice]:
    given: dict[str, Advice] = {}
    valgus = findings.get("dynamic_valgus")
    if allowed and valgus is not None:
        given["movement_cues"] = Advice(
            code="movement_cues",
            reasons=[
                *valgus.reasons,
                "Practise keeping your knee over your second toe when you squat, "
                "on the stairs and when you walk.",
            ],
            rules=[trace.fire("ADV-MOVE-1")],
        )
    feet = findings.get("foot_overpronation")
    if feet is not None:
        companion = (
            "Use them together with your exercises, never instead of them."
            if allowed
            else "Use them together with the exercises once your program starts, "
            "never instead of them."
        )
        already = (
            ["You already use insoles or orthotics: keep using them, and have them checked "
             "if they are worn or no longer feel supportive."]
            if answers.uses_orthotics is True
            else []
        )  # fmt: skip
        code, rule = (
            ("medial_posted_orthotics", "ADV-ORTHO-1")
            if feet.severity == "marked"
            else ("arch_support_insoles", "ADV-INSOLE-1")
        )
        given[code] = Advice(
            code=code,  # type: ignore[arg-type]
            reasons=[*feet.reasons, *already, companion],
            rules=[trace.fire(rule)],
        )
    band = (
        band_advice(
            [(item.code, item.level) for item in exercises], answers.equipment, at_assessment=True
        )
        if allowed
        else None
    )
    if band is not None:
        given["get_resistance_band"] = band.model_copy(
            update={"rules": [trace.fire(rule) for rule in band.rules]}
        )
    return [given[code] for code in rules.order.advice if code in given]


# --- notes ---------------------------------------------------------------------------------------


def _notes(
    answers: Answers,
    findings: dict[str, Finding],
    referrals: list[Referral],
    gates: list[_Gate],
    cleared: bool,
    exercises: list[ExercisePrescription],
    t: Thresholds,
    texts: Texts,
    trace: _Trace,
) -> list[str]:
    notes: list[str] = []
    withheld = [gate.withheld for gate in gates] if not cleared else []
    if gates and cleared:
        trace.fire("GATE-CLEARED")
        signs = _warning_signs(answers)
        watch = (
            f"If {_join_or(signs)} comes back, or your knee gets worse"
            if signs
            else "If your knee starts to swell, give way, lock or hurt more"
        )
        notes.append(
            "Your program was allowed because you confirmed that a clinician examined your "
            f"knee and cleared you to exercise after {_join([gate.cleared for gate in gates])}. "
            "The referrals from your answers are still listed: follow any your clinician has "
            f"not already dealt with. {watch}, stop the exercises and report it again (at your "
            "next check-in, or to a clinician): the clearance was for your knee as it was then."
        )
    if withheld:
        trace.fire("N-PROGRAM-WITHHELD")
        first = referrals[0] if referrals else None
        step = (
            f" First: {texts.destinations[first.destination].title.lower()}, "
            f"{texts.urgencies[first.urgency].title.lower()} (see the referrals)."
            if first
            else ""
        )
        notes.append(
            f"Your exercise program is on hold because {_join(withheld)}.{step} "
            "The program can be generated once a clinician has cleared you."
        )
    imd = answers.intermalleolar_distance_cm
    if imd is not None and t.imd_borderline_from_cm <= imd < t.imd_structural_from_cm:
        trace.fire("N-IMD-BORDERLINE")
        notes.append(
            f"The gap between your inner ankle bones ({_number(imd)} cm) is borderline "
            f"({_number(t.imd_borderline_from_cm)} to under {_number(t.imd_structural_from_cm)} "
            "cm): on its own it needs no referral. If it grows, or your knock-knee looks "
            "worse, mention it to a doctor."
        )
    if "structural_valgus_suspected" in findings:
        trace.fire("N-STRUCTURAL-CAVEAT")
        rest = (
            " The program is still offered for the part that comes from how you move and "
            "control your knee."
            if exercises and not withheld
            else ""
        )
        notes.append(
            "Knock-knee that comes from the shape of the bones (structural valgus) responds "
            f"less to exercise alone.{rest}"
        )
    if not exercises and all(getattr(answers, item) is None for item in MOVEMENT_TEST_ITEMS):
        trace.fire("N-TESTS-SKIPPED")
        notes.append(
            "You skipped all the movement self-tests, so this result cannot show what makes "
            "your knees move inwards. When you can, do them (each takes a minute or two) and "
            "take the self-assessment again."
        )
    if not withheld and not exercises:
        trace.fire("N-NO-EXERCISE")
        notes.append(
            "None of your answers points to something these corrective exercises address, so "
            "no program was made. If your knee symptoms continue or get worse over the next "
            "few weeks, see a physiotherapist for a personal assessment."
        )
    return notes


# --- the entry point -----------------------------------------------------------------------------


def evaluate(answers: Answers, *, clinician_cleared: bool = False) -> Evaluation:
    """Turn a self-assessment into findings, a starting program, advice and referrals.

    ``clinician_cleared`` records that a clinician has examined the knee and cleared the person
    to exercise since they answered (spec section 5: "the program waits until a clinician clears
    it"). The reasons for withholding then no longer block the program; findings and referrals
    are exactly those of the answers, and a note says why the program was allowed and which
    warning signs must be reported again. It changes nothing when nothing was withheld.
    """
    rules = load_rules()
    texts = load_texts()
    library = load_library()
    t = rules.thresholds
    trace = _Trace(rules)

    findings = _findings(answers, t, trace)
    by_code: dict[str, Finding] = {finding.code: finding for finding in findings}
    referrals = _referrals(answers, by_code, t, trace)
    gates = _gates(answers, referrals, t, trace)
    allowed = not gates or clinician_cleared
    exercises, later = (
        _exercises(answers, by_code, t, library, texts, trace) if allowed else ([], [])
    )
    advice = _advice(answers, by_code, exercises, allowed, rules, library, trace)
    notes = _notes(
        answers, by_code, referrals, gates, clinician_cleared, exercises, t, texts, trace
    )
    return Evaluation(
        program_allowed=allowed,
        findings=findings,
        exercises=exercises,
        later=later,
        advice=advice,
        referrals=referrals,
        notes=notes,
        rules_fired=trace.as_list(),
        rules_version=rules.version,
    )
