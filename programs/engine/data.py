"""Load and validate the engine's data files (rules, exercise library, client texts).

The rules and the library are data so that a clinician can review them in one place; that makes a
typo dangerous, so every file is validated by pydantic on load and a problem raises
:class:`EngineDataError` naming the file and the exact location. The Django system check
(``programs/checks.py``) calls these loaders, so a bad edit fails ``manage.py check``.

Every loader accepts a path (for tests and for checking an edited copy) and caches per path.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterable
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from programs.engine.answers import GlobalRating
from programs.engine.results import (
    ADVICE_CODES,
    DESTINATIONS,
    FINDING_CODES,
    URGENCIES,
    AdviceCode,
    Destination,
    FindingCode,
    FiredRule,
    Urgency,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
RULES_PATH = DATA_DIR / "rules.toml"
EXERCISES_PATH = DATA_DIR / "exercises.toml"
TEXTS_PATH = DATA_DIR / "texts.toml"

# Every rule id the engine code can fire. rules.toml must describe exactly these: a rule without
# a documented reason, or a documented rule the code never fires, is a review gap either way.
ENGINE_RULE_IDS: frozenset[str] = frozenset(
    {
        # findings
        "F-DV-1", "F-HAW-1", "F-HAW-2", "F-HFT-1", "F-HAT-1", "F-FOP-1", "F-FOP-2", "F-ANK-1",
        "F-SVS-1", "F-SVS-2", "F-SVS-3", "F-PFP-1",
        # notes and gates
        "N-IMD-BORDERLINE", "N-STRUCTURAL-CAVEAT", "N-NO-EXERCISE", "N-TESTS-SKIPPED",
        "N-PROGRAM-WITHHELD",
        "GATE-SAME-DAY", "GATE-PAEDIATRIC", "GATE-INSTABILITY",
        "GATE-CLEARED",
        # prescription, levels, caps, advice
        "RX-HIP-1", "RX-HFT-1", "RX-ADD-1", "RX-FOOT-1", "RX-ANK-1", "RX-CAP-1",
        "LVL-START-LOW", "LVL-START-STD", "LVL-START-VIGOROUS", "CAP-NO-BAND", "CAP-NO-DUMBBELL",
        "CAP-BAND-STRENGTH",
        "ADV-MOVE-1", "ADV-INSOLE-1", "ADV-ORTHO-1", "ADV-BAND-1", "ADV-BAND-2",
        # referrals
        "REF-HOT-FEVER", "REF-HOT-NOFEVER", "REF-OTTAWA", "REF-NWB", "REF-NUMB-INJURY",
        "REF-LOCKING",
        "REF-GIVING-WAY", "REF-INJURY-SWELLING", "REF-STRUCT-WORSENING", "REF-STRUCT",
        "REF-NIGHT-WEIGHT", "REF-SEVERE-PAIN", "REF-NUMB", "REF-PAEDIATRIC",
        # progression
        "PRG-ADVANCE", "PRG-TOP", "PRG-HOLD-FEW", "PRG-HOLD-INCOMPLETE",
        "PRG-HOLD-PAIN", "PRG-HOLD-HARD", "PRG-HOLD-NO-MORNING", "PRG-HOLD-MORNING",
        "PRG-REGRESS-PAIN", "PRG-REGRESS-MORNING", "PRG-REGRESS-UNFINISHED", "PRG-FLOOR",
        "PRG-EQUIPMENT",
        # flags and reassessment
        "FLG-CHECKIN-EMERGENCY", "FLG-CHECKIN-HOT", "FLG-CHECKIN-INSTABILITY",
        "FLG-SESSION-PAIN-SEVERE", "FLG-SESSION-PAIN-REPEATED", "FLG-WEEK6", "FLG-WEEK12",
        "FLG-ADHERENCE", "FLG-ADHERENCE-RECOVERED",
        "RA-IMPROVED-PAIN", "RA-IMPROVED-SQUAT", "RA-IMPROVED-GOAL", "RA-IMPROVED-GLOBAL",
        "RA-NOT-IMPROVED",
        # session length
        "SES-OVER-TIME",
    }
)  # fmt: skip

_DATA = ConfigDict(extra="forbid", frozen=True)


class EngineDataError(Exception):
    """A data file is missing, is not valid TOML, or does not pass validation."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.file = _display(path)
        self.problems = problems
        super().__init__(f"{self.file}: " + "; ".join(problems))


class Thresholds(BaseModel):
    """Every number the rules compare against; see rules.toml for the source of each."""

    model_config = _DATA

    paediatric_age_below: int = Field(ge=1)
    imd_borderline_from_cm: float = Field(ge=0)
    imd_structural_from_cm: float = Field(gt=0)
    knee_to_wall_limited_below_cm: float = Field(gt=0)
    navicular_mild_from_mm: float = Field(gt=0)
    navicular_marked_above_mm: float = Field(gt=0)
    pronation_signs_marked_from: int = Field(ge=1, le=4)
    severe_pain_from: int = Field(ge=0, le=10)
    start_low_pain_now_from: int = Field(ge=0, le=10)
    start_low_pain_worst_week_from: int = Field(ge=0, le=10)
    start_level_standard_banded: int = Field(ge=1)
    start_level_vigorous_deadlift: int = Field(ge=1)
    max_exercises: int = Field(ge=1)
    advance_sessions: int = Field(ge=1)
    advance_pain_during_max: int = Field(ge=0, le=10)
    advance_morning_above_baseline_max: int = Field(ge=0, le=10)
    regress_pain_during_from: int = Field(ge=0, le=10)
    regress_morning_above_baseline_from: int = Field(ge=1, le=10)
    regress_unfinished_sessions: int = Field(ge=1)
    flag_session_pain_from: int = Field(ge=0, le=10)
    flag_session_pain_repeated_from: int = Field(ge=0, le=10)
    flag_session_pain_repeated_sessions: int = Field(ge=1)
    reassessment_pain_improvement_from: int = Field(ge=1, le=10)
    reassessment_first_week: int = Field(ge=1)
    reassessment_final_week: int = Field(ge=1)
    adherence_window_days: int = Field(ge=1)
    adherence_min_fraction: float = Field(gt=0, le=1)
    adherence_first_day: int = Field(ge=2)
    reassessment_goal_improvement_from: float = Field(gt=0, le=10)
    reassessment_improved_global_ratings: list[GlobalRating] = Field(min_length=1)
    session_seconds_per_rep: int = Field(ge=1, le=60)
    session_rest_between_strength_sets_seconds: int = Field(ge=0, le=600)
    session_rest_between_daily_sets_seconds: int = Field(ge=0, le=600)

    @model_validator(mode="after")
    def _check_order(self) -> Thresholds:
        if self.imd_borderline_from_cm >= self.imd_structural_from_cm:
            raise ValueError("imd_borderline_from_cm must be below imd_structural_from_cm")
        if self.navicular_mild_from_mm > self.navicular_marked_above_mm:
            raise ValueError("navicular_mild_from_mm must not exceed navicular_marked_above_mm")
        if self.advance_pain_during_max >= self.regress_pain_during_from:
            raise ValueError("advance_pain_during_max must be below regress_pain_during_from")
        if self.advance_morning_above_baseline_max >= self.regress_morning_above_baseline_from:
            # An advance is never given while a regress trigger of its sessions is known.
            raise ValueError(
                "advance_morning_above_baseline_max must be below "
                "regress_morning_above_baseline_from"
            )
        if self.reassessment_first_week >= self.reassessment_final_week:
            raise ValueError("reassessment_first_week must be before reassessment_final_week")
        if min(self.flag_session_pain_from, self.flag_session_pain_repeated_from) < (
            self.regress_pain_during_from
        ):
            # A session pain flag says its exercise steps down: the progression rules must agree.
            raise ValueError(
                "flag_session_pain_from and flag_session_pain_repeated_from must not be below "
                "regress_pain_during_from"
            )
        if self.adherence_first_day > self.adherence_window_days:
            raise ValueError("adherence_first_day must not be after adherence_window_days")
        return self


class Rule(BaseModel):
    model_config = _DATA

    id: str = Field(pattern=r"^[A-Z]+(-[A-Z0-9]+)+$")
    reason: str = Field(min_length=10)


class Decision(BaseModel):
    model_config = _DATA

    id: str = Field(pattern=r"^D(-[A-Z0-9]+)+$")
    choice: str = Field(min_length=10)
    reason: str = Field(min_length=10)


class Order(BaseModel):
    model_config = _DATA

    advice: list[AdviceCode]

    @model_validator(mode="after")
    def _check_complete(self) -> Order:
        if sorted(self.advice) != sorted(ADVICE_CODES):
            raise ValueError(f"advice must list each of {', '.join(ADVICE_CODES)} exactly once")
        return self


class ProgramRules(BaseModel):
    """The numbers of the weekly program (spec sections 1, 6 and 9) the app schedules with."""

    model_config = _DATA

    weeks: int = Field(ge=1)
    log_edit_window_days: int = Field(ge=0)
    strength_days_min: int = Field(ge=1, le=7)
    strength_days_max: int = Field(ge=1, le=7)
    final_reassessment_window_days: int = Field(ge=0)

    @model_validator(mode="after")
    def _check_range(self) -> ProgramRules:
        if self.strength_days_min > self.strength_days_max:
            raise ValueError("strength_days_min must not exceed strength_days_max")
        return self


class RuleSet(BaseModel):
    model_config = _DATA

    version: str = Field(pattern=r"^\d{4}\.\d+\.\d+$")
    thresholds: Thresholds
    order: Order
    program: ProgramRules
    rules: list[Rule]
    decisions: list[Decision] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_ids(self) -> RuleSet:
        ids = [rule.id for rule in self.rules]
        problems = []
        duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
        if duplicates:
            problems.append(f"rule ids listed twice: {', '.join(duplicates)}")
        missing = sorted(ENGINE_RULE_IDS - set(ids))
        if missing:
            problems.append(f"rules the engine fires but the file does not describe: {missing}")
        unknown = sorted(set(ids) - ENGINE_RULE_IDS)
        if unknown:
            problems.append(f"rules the engine does not know: {unknown}")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @cached_property
    def _reasons(self) -> dict[str, str]:
        return {rule.id: rule.reason for rule in self.rules}

    def reason(self, rule_id: str) -> str:
        try:
            return self._reasons[rule_id]
        except KeyError:
            raise KeyError(f"unknown rule id {rule_id!r}") from None

    @cached_property
    def _fired_rules(self) -> dict[str, FiredRule]:
        return {rule.id: FiredRule(id=rule.id, reason=rule.reason) for rule in self.rules}

    def fired_rule(self, rule_id: str) -> FiredRule:
        """A rule's entry in an evaluation's trace, built once per rule set: every evaluation
        names a dozen or more rules, and their reasons never change while the rules are loaded."""
        try:
            return self._fired_rules[rule_id]
        except KeyError:
            raise KeyError(f"unknown rule id {rule_id!r}") from None

    def fired_rules(self, rule_ids: Iterable[str]) -> list[FiredRule]:
        """:meth:`fired_rule` for each of ``rule_ids``, in their order."""
        try:
            by_id = self._fired_rules
            return [by_id[rule_id] for rule_id in rule_ids]
        except KeyError as error:
            raise KeyError(f"unknown rule id {error.args[0]!r}") from None


class TitledText(BaseModel):
    model_config = _DATA

    title: str = Field(min_length=1)
    summary: str = Field(default="", max_length=600)
    body: str = Field(default="", max_length=1200)
    what_to_do: str = Field(default="", max_length=600)


# Every sentence the rules decide (texts.toml [messages]) and the {names} it must use, no more and
# no fewer: a missing name would leave a sentence incomplete, an unknown one would fail at run time.
MESSAGE_FIELDS: dict[str, frozenset[str]] = {
    key: frozenset(names.split())
    for key, names in {
        "session_last": "",
        "session_on": "date",
        "sessions_last": "count",
        "sessions_on": "dates",
        "regress_pain": "session pain limit",
        "regress_morning": "session pain points baseline",
        "regress_unfinished": "sessions",
        "band_any": "",
        "band_strength": "strength",
        "dumbbell": "",
        "equipment_level_needs": "level kit",
        "equipment_levels_above_need": "level kit",
        "band_unlock": "exercise band level",
        "band_missing": "exercises",
        "band_too_weak": "exercises",
        "flag_session_last": "",
        "flag_session_on": "exercise date",
        "flag_sessions_last": "count",
        "flag_sessions_on": "exercise dates",
        "flag_session_severe": "session pain",
        "flag_session_repeated": "sessions pains",
        "flag_steps_down": "exercise level title",
        "flag_at_easiest": "exercise",
        "flag_week6": "week comparison",
        "flag_week12": "week comparison",
        "flag_week12_still": "week comparison",
        "flag_week12_after_improvement": "week first_week comparison",
        "improved_pain": "before after needed",
        "improved_pain_to_zero": "before",
        "improved_squat": "sides",
        "improved_goal": "before after needed",
        "improved_global": "rating",
        "not_improved": "pain needed goal rating",
        "goal_moved": "movement needed",
        "goal_not_compared": "",
        "rating_given": "rating",
        "rating_not_given": "",
        "function_compared_all": "count",
        "function_compared_some": "count items",
        "function_not_compared": "",
        "goal_compared_all": "count",
        "goal_compared_some": "count activities",
        "adherence_window_last": "days",
        "adherence_window_start": "days",
        "adherence_paused": "days",
        "adherence_low": "logged scheduled window",
        "adherence_recovered": "logged scheduled window",
        "adherence_nothing_due": "window",
        "session_over_time": "minutes limit",
        "session_daily_elsewhere": "items",
        "clearance_name_missing": "whom",
        "clearance_name_invalid": "min max",
        "clearance_role_invalid": "whom roles",
        "clearance_date_missing": "who",
        "clearance_date_before": "who raised what",
        "clearance_date_future": "who today",
    }.items()
}


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


class Texts(BaseModel):
    """Client-facing texts: one per finding, advice code, destination and urgency, and the
    sentences the rules decide (``messages``, filled in by :meth:`message`)."""

    model_config = _DATA

    findings: dict[FindingCode, TitledText]
    advice: dict[AdviceCode, TitledText]
    destinations: dict[Destination, TitledText]
    urgencies: dict[Urgency, TitledText]
    messages: dict[str, str]

    @model_validator(mode="after")
    def _check_messages(self) -> Texts:
        problems: list[str] = []
        missing = sorted(set(MESSAGE_FIELDS) - set(self.messages))
        if missing:
            problems.append(f"missing sentences: {', '.join(missing)}")
        unknown = sorted(set(self.messages) - set(MESSAGE_FIELDS))
        if unknown:
            problems.append(f"sentences the engine does not use: {', '.join(unknown)}")
        for key, template in self.messages.items():
            if key not in MESSAGE_FIELDS:
                continue
            try:
                names = _placeholders(template)
            except ValueError as error:
                problems.append(f"{key}: {error}")
                continue
            if not template.strip():
                problems.append(f"{key}: empty")
            if names != MESSAGE_FIELDS[key]:
                expected = ", ".join(sorted(MESSAGE_FIELDS[key])) or "none"
                problems.append(
                    f"{key}: uses {{{'}, {'.join(sorted(names))}}} but must use exactly: {expected}"
                    if names
                    else f"{key}: must use {expected}"
                )
        if problems:
            raise ValueError("messages: " + "; ".join(problems))
        return self

    def message(self, key: str, **values: object) -> str:
        """The sentence ``key`` with its {names} filled in."""
        return self.messages[key].format(**values)

    @model_validator(mode="after")
    def _check_complete(self) -> Texts:
        for section, codes, field in (
            ("findings", FINDING_CODES, "summary"),
            ("advice", ADVICE_CODES, "body"),
            ("destinations", DESTINATIONS, "what_to_do"),
            ("urgencies", URGENCIES, "what_to_do"),
        ):
            entries: dict[str, TitledText] = getattr(self, section)
            missing = [code for code in codes if code not in entries]
            if missing:
                raise ValueError(f"{section}: missing texts for {', '.join(missing)}")
            empty = [code for code, text in entries.items() if not getattr(text, field)]
            if empty:
                raise ValueError(f"{section}: '{field}' is empty for {', '.join(empty)}")
        return self


_Model = TypeVar("_Model", bound=BaseModel)


def _display(path: Path) -> str:
    """The path relative to the project when possible: error messages stay readable."""
    try:
        return str(path.resolve().relative_to(DATA_DIR.parent.parent))
    except ValueError:
        return str(path)


def _location(raw: Any, loc: tuple[int | str, ...]) -> str:
    """Turn a pydantic location into a readable one, naming rule ids and exercise codes.

    ``('exercises', 2, 'levels', 0, 'sets')`` becomes
    ``exercises[2] (single_leg_deadlift).levels[0] (level 1).sets``.
    """
    parts: list[str] = []
    node: Any = raw
    for key in loc:
        if isinstance(key, int):
            label = f"[{key}]"
            child = node[key] if isinstance(node, list) and key < len(node) else None
            if isinstance(child, dict):
                for name in ("code", "id"):
                    if name in child:
                        label += f" ({child[name]})"
                        break
                else:
                    if "level" in child:
                        label += f" (level {child['level']})"
            parts.append(label)
            node = child
        else:
            parts.append(("." if parts else "") + key)
            node = node.get(key) if isinstance(node, dict) else None
    return "".join(parts) or "(whole file)"


def load_file(path: Path, model: type[_Model]) -> _Model:
    """Read one TOML data file and validate it as ``model`` (:class:`EngineDataError` if not)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EngineDataError(path, ["file not found"]) from None
    except tomllib.TOMLDecodeError as error:
        raise EngineDataError(path, [f"invalid TOML: {error}"]) from None
    try:
        return model.model_validate(raw)
    except ValidationError as error:
        problems = [
            f"{_location(raw, tuple(item['loc']))}: {item['msg']}" for item in error.errors()
        ]
        raise EngineDataError(path, problems) from None


@cache
def load_rules(path: Path = RULES_PATH) -> RuleSet:
    return load_file(path, RuleSet)


@cache
def load_texts(path: Path = TEXTS_PATH) -> Texts:
    return load_file(path, Texts)


def rules_version() -> str:
    return load_rules().version
