"""The knee-valgus rules engine: answers in, evaluation out, no Django, no database.

Data flows one way: ``Answers`` -> ``evaluate`` -> ``Evaluation``; during a program, logged
sessions -> ``decide_progression`` and the ``flags_from_*`` functions; at weeks 6 and 12,
``ReassessmentAnswers`` -> ``compare``. Rules, thresholds and the exercise library are data files
in ``programs/data/`` (validated by ``programs.checks`` when Django starts).

``RULES_VERSION`` is read from ``programs/data/rules.toml`` on first use, so importing the engine
never fails on a broken data file; the system check reports that instead.
"""

from typing import Any

from programs.engine import library
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
    ReassessmentAnswers,
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
    cap_level,
    load_library,
    next_level_down,
    next_level_up,
)
from programs.engine.progression import (
    DIFFICULTIES,
    LoggedSession,
    ProgressionDecision,
    decide_progression,
    next_time_text,
)
from programs.engine.reassessment import Comparison, ItemComparison, compare
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
from programs.engine.rules import evaluate

__all__ = [
    "ACTIVITY_LEVELS",
    "ADVICE_CODES",
    "AGGRAVATORS",
    "BANDS",
    "DIFFICULTIES",
    "DESTINATIONS",
    "EQUIPMENT",
    "EXERCISE_CODES",
    "FINDING_CODES",
    "FOOTPRINTS",
    "FUNCTION_ITEMS",
    "GLOBAL_RATINGS",
    "GRADES",
    "PAIN_LOCATIONS",
    "RULES_VERSION",
    "SEXES",
    "SIDES",
    "SWELLINGS",
    "URGENCIES",
    "Advice",
    "Answers",
    "CheckInAnswers",
    "Comparison",
    "EngineDataError",
    "Evaluation",
    "Exercise",
    "ExerciseLevel",
    "ExercisePrescription",
    "Finding",
    "FiredRule",
    "FlagSpec",
    "ItemComparison",
    "LaterExercise",
    "Library",
    "LoggedSession",
    "ProgressionDecision",
    "ReassessmentAnswers",
    "Referral",
    "allowed_levels",
    "cap_level",
    "compare",
    "decide_progression",
    "evaluate",
    "flags_from_adherence",
    "flags_from_checkin",
    "flags_from_reassessment",
    "flags_from_session",
    "library",
    "load_library",
    "load_rules",
    "load_texts",
    "next_level_down",
    "next_level_up",
    "next_time_text",
]


def __getattr__(name: str) -> Any:
    if name == "RULES_VERSION":
        return load_rules().version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
