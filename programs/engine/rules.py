"""From answers to an evaluation: findings, referrals, exercises and advice (spec sections 2, 4, 5).

``evaluate`` is pure and deterministic: the same answers and the same data files always give the
same evaluation. Thresholds and rule reasons come from ``programs/data/rules.toml``; each step adds
the rule ids it fired to a trace, which is returned as ``rules_fired`` so that a physiotherapist
can see why every line of a program is there.

A missing optional answer is ``None`` and is never read as a positive sign: every check below is
written as ``value is True``, ``value in (...)`` or ``value is not None and ...``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from programs.engine.answers import Answers
from programs.engine.bands import band_advice
from programs.engine.data import RuleSet, Texts, Thresholds, load_rules, load_texts
from programs.engine.findings import _findings
from programs.engine.library import (
    Library,
    gear_from,
)
from programs.engine.library import load as load_library
from programs.engine.referrals import _Gate, _gates, _referrals, _warning_signs
from programs.engine.results import (
    Advice,
    Evaluation,
    ExercisePrescription,
    Finding,
    LaterExercise,
    Referral,
    trusted,
)
from programs.engine.trace import (
    _HIP_EXERCISES,
    MOVEMENT_TEST_ITEMS,
    _join,
    _join_or,
    _number,
    _Trace,
)

__all__ = ["evaluate", "finding_sentence"]


# --- exercises (sections 3 and 4) ----------------------------------------------------------------


def _indications(found: tuple[str, ...]) -> dict[str, tuple[tuple[str, ...], str]]:
    """Exercise code -> (the codes of the findings that call for it, the prescription rule)."""
    indicated: dict[str, tuple[tuple[str, ...], str]] = {}
    hip = tuple(code for code in ("dynamic_valgus", "hip_abductor_weakness") if code in found)
    if hip:
        for code in _HIP_EXERCISES:
            indicated[code] = (hip, "RX-HIP-1")
    for finding_code, exercise_code, rule in _SINGLE_INDICATIONS:
        if finding_code in found:
            indicated[exercise_code] = ((finding_code,), rule)
    return indicated


# Finding -> the exercise it calls for, in the priority order of EXERCISE_CODES after the hip
# exercises, so that the indications come out in that order.
_SINGLE_INDICATIONS = (
    ("hip_flexor_tightness", "half_kneeling_hip_flexor_stretch", "RX-HFT-1"),
    ("foot_overpronation", "short_foot", "RX-FOOT-1"),
    ("limited_ankle_dorsiflexion", "ankle_dorsiflexion_mobilisation", "RX-ANK-1"),
    ("hip_adductor_tightness", "adductor_stretch", "RX-ADD-1"),
)


def finding_sentence(finding: Finding, texts: Texts) -> str:
    """A finding with its evidence in one sentence, as an exercise's reason gives it; the result
    page compares against it to name the finding instead of repeating its evidence."""
    where = " and ".join(finding.sides)
    detail = f"{where}, {finding.severity}" if finding.severity else where
    return f"{texts.findings[finding.code].title} ({detail}): {' '.join(finding.reasons)}"


@dataclass(frozen=True)
class _Start:
    level: int
    rule: str
    reason: str


def _start_low(answers: Answers, findings: dict[str, Finding], t: Thresholds) -> _Start | None:
    """Spec section 4: level 1 for every exercise when pain or control says so."""
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
    if not low:
        return None
    return _Start(1, "LVL-START-LOW", f"Starting at level 1 because {_join(low)}.")


@cache
def _standard_start(code: str, vigorous: bool, banded: int, deadlift: int) -> _Start:
    """Spec section 4, when nothing calls for level 1 (:func:`_start_low`): ``banded`` for the
    banded three, ``deadlift`` for the deadlift when very active, else 1."""
    if code in ("banded_clamshell", "banded_side_steps", "banded_squat_knee_cue"):
        return _Start(
            banded,
            "LVL-START-STD",
            f"Starting at level {banded} because your pain is low and your squat control "
            "allows it.",
        )
    if code == "single_leg_deadlift" and vigorous:
        return _Start(
            deadlift,
            "LVL-START-VIGOROUS",
            f"Starting at level {deadlift} because you are very active.",
        )
    return _Start(1, "LVL-START-STD", "Starting at level 1, the first step.")


@dataclass(frozen=True)
class _Dose:
    """What a prescription takes from the library: the same for everyone given this exercise,
    start and gear. ``reasons`` and ``rules`` follow the causes and the prescription rule."""

    level: int
    sets: int
    reps: int | None
    hold_seconds: int | None
    per_side: bool
    frequency: str
    without_band: bool
    reasons: tuple[str, ...]
    rules: tuple[str, ...]


# Doses worked out so far, by library (its identity, kept to check it), exercise, start and gear:
# a few hundred at most, as starts and gear vary little.
_DOSES: dict[tuple[int, str, int, str, str, frozenset[str]], tuple[Library, _Dose]] = {}


def _dose(code: str, start: _Start, gear: frozenset[str], library: Library) -> _Dose:
    key = (id(library), code, start.level, start.rule, start.reason, gear)
    cached = _DOSES.get(key)
    if cached is not None and cached[0] is library:
        return cached[1]
    exercise = library.get(code)
    rules = [start.rule]
    reasons = [exercise.why, start.reason]
    level_number = exercise.cap(start.level, gear)
    if level_number < start.level:
        missing = set(exercise.level(start.level).equipment) - gear
        cap_rule = "CAP-NO-BAND" if "band" in missing else "CAP-NO-DUMBBELL"
        rules.append(cap_rule)
        kit = "resistance band" if cap_rule == "CAP-NO-BAND" else "dumbbell"
        reasons.append(f"Kept at level {level_number} because you have no {kit}.")
    level = exercise.level(level_number)
    no_band = level.needs_no_band_variant(gear)
    if no_band:
        if "CAP-NO-BAND" not in rules:
            rules.append("CAP-NO-BAND")
        reasons.append("Done without a band for now, with the same cue.")
    dose = _Dose(
        level=level_number,
        sets=level.sets,
        reps=level.reps,
        hold_seconds=level.hold_seconds,
        per_side=level.per_side,
        frequency=exercise.frequency,
        without_band=no_band,
        reasons=tuple(reasons),
        rules=tuple(rules),
    )
    if len(_DOSES) >= 4096:
        _DOSES.clear()
    _DOSES[key] = (library, dose)
    return dose


@dataclass(frozen=True)
class _Planned:
    """One indicated exercise of a program: prescribed with ``dose``, or left for later without
    one. ``reasons`` follow the sentences of the findings in ``causes``; ``rules`` fire in order."""

    code: str
    causes: tuple[str, ...]
    dose: _Dose | None
    reasons: tuple[str, ...]
    rules: tuple[str, ...]


_PlanKey = tuple[int, tuple[str, ...], _Start | None, bool, frozenset[str], int, int, int]
# Programs planned so far, by library (its identity, kept to check it), the findings, the start
# for every exercise when it is level 1, the activity, the gear and the thresholds the plan reads.
_PLANS: dict[_PlanKey, tuple[Library, tuple[_Planned, ...]]] = {}


def _plan(key: _PlanKey, library: Library) -> tuple[_Planned, ...]:
    cached = _PLANS.get(key)
    if cached is not None and cached[0] is library:
        return cached[1]
    _, found, low, vigorous, gear, max_exercises, banded, deadlift = key
    planned: list[_Planned] = []
    for code, (causes, rule) in _indications(found).items():
        if len(planned) < max_exercises:
            start = low or _standard_start(code, vigorous, banded, deadlift)
            dose = _dose(code, start, gear, library)
            planned.append(_Planned(code, causes, dose, dose.reasons, (rule, *dose.rules)))
            continue
        later = (
            f"Left for later to keep your program to {max_exercises} exercises, which makes "
            "it easier to keep up; add it once the others feel routine."
        )
        planned.append(_Planned(code, causes, None, (later,), (rule, "RX-CAP-1")))
    if len(_PLANS) >= 4096:
        _PLANS.clear()
    _PLANS[key] = (library, tuple(planned))
    return tuple(planned)


def _exercises(
    answers: Answers,
    findings: dict[str, Finding],
    t: Thresholds,
    library: Library,
    texts: Texts,
    trace: _Trace,
) -> tuple[list[ExercisePrescription], list[LaterExercise]]:
    """At most ``max_exercises`` in the spec's priority order; the rest wait in ``later``.

    What to prescribe depends on few answers, so it is planned once for them (:func:`_plan`);
    only the findings' sentences are this person's own."""
    exercises: list[ExercisePrescription] = []
    later: list[LaterExercise] = []
    key: _PlanKey = (
        id(library),
        tuple(findings),
        _start_low(answers, findings, t),
        answers.activity_level == "vigorous",
        gear_from(answers.equipment),
        t.max_exercises,
        t.start_level_standard_banded,
        t.start_level_vigorous_deadlift,
    )
    # Worked out once for all the exercises: the four hip exercises share their findings.
    sentences: dict[tuple[str, ...], list[str]] = {}
    for item in _plan(key, library):
        causes = sentences.get(item.causes)
        if causes is None:
            causes = sentences[item.causes] = [
                finding_sentence(findings[code], texts) for code in item.causes
            ]
        for rule in item.rules:
            trace.fire(rule)
        reasons = [*causes, *item.reasons]
        dose = item.dose
        if dose is None:
            later.append(
                trusted(LaterExercise, code=item.code, reasons=reasons, rules=list(item.rules))
            )
            continue
        exercises.append(
            trusted(
                ExercisePrescription,
                code=item.code,
                level=dose.level,
                sets=dose.sets,
                reps=dose.reps,
                hold_seconds=dose.hold_seconds,
                per_side=dose.per_side,
                frequency=dose.frequency,
                without_band=dose.without_band,
                reasons=reasons,
                rules=list(item.rules),
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
        given["movement_cues"] = trusted(
            Advice,
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
        given[code] = trusted(
            Advice,
            code=code,
            reasons=[*feet.reasons, *already, companion],
            rules=[trace.fire(rule)],
        )
    band = (
        _band_advice(tuple((item.code, item.level) for item in exercises), tuple(answers.equipment))
        if allowed
        else None
    )
    if band is not None:
        reasons, band_rules = band
        given["get_resistance_band"] = trusted(
            Advice,
            code="get_resistance_band",
            reasons=list(reasons),
            rules=[trace.fire(rule) for rule in band_rules],
        )
    return [given[code] for code in rules.order.advice if code in given]


@lru_cache(maxsize=1024)
def _band_advice(
    exercises: tuple[tuple[str, int], ...], equipment: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The band advice at assessment as (reasons, rules): the same for the same exercises, levels
    and equipment, so worked out once for them."""
    band = band_advice(exercises, equipment, at_assessment=True)
    return None if band is None else (tuple(band.reasons), tuple(band.rules))


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
        checked = _join([gate.cleared for gate in gates])
        # With no exercise called for, no program follows: never say it was allowed (the note
        # on no exercise says why there is none).
        opening = (
            "Your program was allowed because a clinician examined your knee and cleared you "
            f"to exercise after {checked}."
            if exercises
            else "You confirmed that a clinician examined your knee and cleared you to exercise "
            f"after {checked}."
        )
        act = (
            "stop the exercises and report it again (at your next check-in, or to a clinician)"
            if exercises
            else "see a clinician again"
        )
        notes.append(
            f"{opening} The referrals from your answers are still listed: follow any your "
            f"clinician has not already dealt with. {watch}, {act}: the clearance was for your "
            "knee as it was then."
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
    return trusted(
        Evaluation,
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
