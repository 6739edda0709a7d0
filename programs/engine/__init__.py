"""The knee-valgus rules engine: answers in, evaluation out, no Django, no database.

Data flows one way: ``Answers`` -> ``evaluate`` -> ``Evaluation``; during a program, an
exercise's logged sessions by date -> ``review_exercise`` (its level decisions and pain flags,
late entries included), a morning check-in -> ``flags_from_checkin``, a day's exercises ->
``estimate_session``, the daily job -> ``check_adherence``; at weeks 6 and 12,
``ReassessmentAnswers`` -> ``compare`` (``improvement`` is the one definition of "improved") and
``flags_from_reassessment``; a clinician's clearance -> ``check_clearance``. Rules, thresholds,
the exercise library and the rules' sentences are data files in ``programs/data/`` (validated by
``programs.checks`` when Django starts).

``RULES_VERSION`` is read from ``programs/data/rules.toml`` on first use, so importing the engine
never fails on a broken data file; the system check reports that instead.
"""

from typing import Any

from programs.engine import library
from programs.engine.adherence import Adherence, PausedInterval, check_adherence
from programs.engine.answers import (
    ACTIVITY_LEVELS,
    AGGRAVATORS,
    BANDS,
    EQUIPMENT,
    FOOTPRINTS,
    FUNCTION_ITEMS,
    GLOBAL_RATINGS,
    GRADES,
    PAIN_LOCATIONS,
    SEXES,
    SIDES,
    SWELLINGS,
    Answers,
    GoalActivity,
    ReassessmentAnswers,
    goal_score,
)
from programs.engine.bands import band_advice
from programs.engine.clearance import (
    CLEARANCE_ROLES,
    Clearance,
    ClearanceCheck,
    check_clearance,
)
from programs.engine.data import EngineDataError, load_rules, load_texts
from programs.engine.flags import (
    CheckInAnswers,
    FlagSpec,
    flags_from_adherence,
    flags_from_checkin,
    flags_from_reassessment,
    flags_from_session,
)
from programs.engine.library import (
    Exercise,
    ExerciseLevel,
    Library,
    allowed_levels,
    band_to_unlock,
    cap_level,
    load_library,
    next_level_down,
    next_level_up,
)
from programs.engine.progression import (
    DIFFICULTIES,
    TRIGGER_DECISION_RULES,
    LoggedSession,
    ProgressionDecision,
    ProgressionReview,
    decide_progression,
    next_time_text,
    review_progression,
)
from programs.engine.reassessment import (
    ITEM_LABELS,
    MEASURES,
    Comparison,
    Improvement,
    ItemComparison,
    compare,
    improvement,
)
from programs.engine.results import (
    ADVICE_CODES,
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
from programs.engine.review import ExerciseReview, review_exercise
from programs.engine.rules import evaluate
from programs.engine.sessions import SessionEstimate, SessionItem, estimate_session

__all__ = [
    "ACTIVITY_LEVELS",
    "ADVICE_CODES",
    "AGGRAVATORS",
    "BANDS",
    "CLEARANCE_ROLES",
    "DESTINATIONS",
    "DIFFICULTIES",
    "EQUIPMENT",
    "EXERCISE_CODES",
    "FINDING_CODES",
    "FOOTPRINTS",
    "FUNCTION_ITEMS",
    "GLOBAL_RATINGS",
    "GRADES",
    "ITEM_LABELS",
    "MEASURES",
    "PAIN_LOCATIONS",
    "RULES_VERSION",
    "SEXES",
    "SIDES",
    "SWELLINGS",
    "TRIGGER_DECISION_RULES",
    "URGENCIES",
    "Adherence",
    "Advice",
    "Answers",
    "CheckInAnswers",
    "Clearance",
    "ClearanceCheck",
    "Comparison",
    "EngineDataError",
    "Evaluation",
    "Exercise",
    "ExerciseLevel",
    "ExercisePrescription",
    "ExerciseReview",
    "Finding",
    "FiredRule",
    "FlagSpec",
    "GoalActivity",
    "Improvement",
    "ItemComparison",
    "LaterExercise",
    "Library",
    "LoggedSession",
    "PausedInterval",
    "ProgressionDecision",
    "ProgressionReview",
    "ReassessmentAnswers",
    "Referral",
    "SessionEstimate",
    "SessionItem",
    "allowed_levels",
    "band_advice",
    "band_to_unlock",
    "cap_level",
    "check_adherence",
    "check_clearance",
    "compare",
    "decide_progression",
    "estimate_session",
    "evaluate",
    "flags_from_adherence",
    "flags_from_checkin",
    "flags_from_reassessment",
    "flags_from_session",
    "goal_score",
    "improvement",
    "library",
    "load_library",
    "load_rules",
    "load_texts",
    "next_level_down",
    "next_level_up",
    "next_time_text",
    "review_exercise",
    "review_progression",
]


def __getattr__(name: str) -> Any:
    if name == "RULES_VERSION":
        return load_rules().version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
