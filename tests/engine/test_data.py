"""The data files: they load, every rule the code fires is documented, and a broken copy fails
with a message naming the file, the rule or exercise, and what is wrong."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import programs.checks
from programs.checks import check_engine_data
from programs.engine import RULES_VERSION, EngineDataError, load_library, load_rules, load_texts
from programs.engine.data import (
    ENGINE_RULE_IDS,
    EXERCISES_PATH,
    RULES_PATH,
    TEXTS_PATH,
)

ENGINE_DIR = Path(programs.checks.__file__).parent / "engine"


def test_shipped_data_loads():
    rules = load_rules()
    assert RULES_VERSION == rules.version
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", RULES_VERSION)
    assert rules.thresholds.max_exercises == 6
    assert len(load_library().exercises) == 8
    assert load_texts().advice["movement_cues"].body


def test_every_rule_id_in_the_code_is_documented_and_every_documented_rule_is_used():
    pattern = re.compile(r'"((?:F|N|GATE|RX|LVL|CAP|ADV|REF|PRG|FLG|RA|SES)-[A-Z0-9-]+)"')
    used: set[str] = set()
    for path in ENGINE_DIR.glob("*.py"):
        if path.name != "data.py":
            used |= set(pattern.findall(path.read_text()))
    assert used == set(ENGINE_RULE_IDS)
    assert {rule.id for rule in load_rules().rules} == set(ENGINE_RULE_IDS)


def test_thresholds_named_in_the_brief_live_in_the_data():
    t = load_rules().thresholds
    assert (t.imd_borderline_from_cm, t.imd_structural_from_cm) == (5.0, 8.0)
    assert t.knee_to_wall_limited_below_cm == 10.0
    assert (t.navicular_mild_from_mm, t.navicular_marked_above_mm) == (8.0, 10.0)
    assert (t.severe_pain_from, t.paediatric_age_below, t.max_exercises) == (7, 16, 6)


@pytest.fixture
def data_copy(tmp_path):
    for source in (RULES_PATH, EXERCISES_PATH, TEXTS_PATH):
        shutil.copy(source, tmp_path / source.name)
    return tmp_path


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text()
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count))


def failure(loader, path: Path) -> str:
    with pytest.raises(EngineDataError) as raised:
        loader(path)
    assert str(raised.value).startswith(str(path))
    return str(raised.value)


def test_a_copy_of_the_data_loads_from_a_path(data_copy):
    assert load_rules(data_copy / "rules.toml").version == RULES_VERSION
    assert len(load_library(data_copy / "exercises.toml").exercises) == 8
    assert load_texts(data_copy / "texts.toml").findings


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'id = "F-HAW-2"\nreason = ',
            'id = "F-HAW-2"\nwhy = ',
            "rules[2] (F-HAW-2).reason: Field required",
        ),
        ('id = "F-HAW-2"', 'id = "F-HAW-9"', "F-HAW-2"),
        ('id = "F-HAW-2"', 'id = "F-DV-1"', "rule ids listed twice: F-DV-1"),
        ("max_exercises = 6", "max_exercises = 0", "thresholds.max_exercises"),
        ("max_exercises = 6", 'max_exercises = "six"', "thresholds.max_exercises"),
        ("max_exercises = 6", "max_exercises = 6\nmax_exercise = 6", "thresholds.max_exercise"),
        (f'version = "{RULES_VERSION}"', 'version = "latest"', "version"),
        ("imd_structural_from_cm = 8.0", "imd_structural_from_cm = 4.0", "imd_borderline_from_cm"),
        ('"get_resistance_band"]', '"get_a_band"]', "order.advice"),
        ("[thresholds]", "[thresholds", "invalid TOML"),
    ],
)
def test_broken_rules_file(data_copy, old, new, expected):
    path = data_copy / "rules.toml"
    edit(path, old, new)
    assert expected in failure(load_rules, path)


def test_a_rule_missing_from_the_file_is_named(data_copy):
    path = data_copy / "rules.toml"
    edit(path, 'id = "REF-NUMB"\n', 'id = "REF-NUMB-X"\n')
    message = failure(load_rules, path)
    assert "'REF-NUMB'" in message and "'REF-NUMB-X'" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'code = "short_foot"\nname = "Short foot"\nfrequency = "daily"',
            'code = "short_foot"\nname = "Short foot"\nfrequency = "strength"',
            "exercises[5] (short_foot): Value error, frequency must be 'daily'",
        ),
        ('code = "adductor_stretch"', 'code = "lunges"', "exercises[6] (lunges).code"),
        (
            'level = 3\ntitle = "Medium band"',
            'level = 4\ntitle = "Medium band"',
            "exercises[0] (banded_clamshell): Value error, levels must be numbered 1..n",
        ),
        (
            "sets = 2\nreps = 12",
            'sets = "two"\nreps = 12',
            "exercises[0] (banded_clamshell).levels[0] (level 1).sets",
        ),
        (
            'equipment = ["dumbbell"]',
            'equipment = ["kettlebell"]',
            "(single_leg_deadlift).levels[3] (level 4).equipment[0]",
        ),
        (
            'cue = "Turn the thigh out from the hip; your pelvis stays still."\n',
            "",
            "(banded_clamshell).levels[0] (level 1).cue: Field required",
        ),
    ],
)
def test_broken_exercise_library(data_copy, old, new, expected):
    path = data_copy / "exercises.toml"
    edit(path, old, new)
    assert expected in failure(load_library, path)


def test_a_missing_level_or_exercise_is_caught(data_copy):
    path = data_copy / "exercises.toml"
    text = path.read_text()
    start = text.index('[[exercises]]\ncode = "ankle_dorsiflexion_mobilisation"')
    path.write_text(text[:start])
    assert "exercises missing from the library: ankle_dorsiflexion_mobilisation" in failure(
        load_library, path
    )


def test_level_1_must_be_possible_without_equipment(data_copy):
    path = data_copy / "exercises.toml"
    before = 'title = "Hand on the wall, part range"\nsets = 2\nreps = 8\nper_side = true\n'
    edit(path, before + "equipment = []", before + 'equipment = ["dumbbell"]')
    assert "level 1 must be possible with body weight only" in failure(load_library, path)


def test_broken_texts(data_copy):
    path = data_copy / "texts.toml"
    edit(path, "[advice.get_resistance_band]", "[advice.get_a_band]")
    message = failure(load_texts, path)
    assert "advice.get_a_band" in message


def test_missing_file(tmp_path):
    assert "file not found" in failure(load_rules, tmp_path / "rules.toml")


def test_system_check_passes_on_the_shipped_data():
    assert check_engine_data(None) == []


def test_system_check_reports_each_problem_with_file_and_location(data_copy, monkeypatch):
    edit(data_copy / "rules.toml", "max_exercises = 6", "max_exercises = -1")
    edit(data_copy / "exercises.toml", 'code = "short_foot"', 'code = "short_feet"')
    monkeypatch.setattr(
        programs.checks,
        "_LOADERS",
        (
            ("programs.E001", load_rules, data_copy / "rules.toml"),
            ("programs.E002", load_library, data_copy / "exercises.toml"),
            ("programs.E003", load_texts, data_copy / "texts.toml"),
        ),
    )
    errors = check_engine_data(None)
    ids = [error.id for error in errors]
    assert "programs.E001" in ids and "programs.E002" in ids and "programs.E003" not in ids
    rules_error = next(error for error in errors if error.id == "programs.E001")
    assert "rules.toml: thresholds.max_exercises" in rules_error.msg
    library_error = next(error for error in errors if error.id == "programs.E002")
    assert "exercises.toml: exercises[5] (short_feet).code" in library_error.msg


# --- version 2: band strengths in the library, the rules' sentences, threshold order ---


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'band = "medium"\nsteps = [\n  "Loop a medium band',
            'band = "heavy"\nsteps = [\n  "Loop a medium band',
            "band strengths must be those of spec section 3 (level 2 light, level 3 medium, "
            "level 4 heavy), got level 2 light, level 3 heavy, level 4 heavy",
        ),
        ('band = "light"\n', 'band = "purple"\n', "(banded_clamshell).levels[1] (level 2).band"),
        (
            'equipment = ["band"]\nband = "light"\n',
            'equipment = []\nband = "light"\n',
            "band (a strength) is only meaningful on a level that needs a band",
        ),
    ],
)
def test_band_strengths_must_be_those_of_the_spec(data_copy, old, new, expected):
    path = data_copy / "exercises.toml"
    edit(path, old, new)
    assert expected in failure(load_library, path)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('session_on = "the session on {date}"\n', "", "missing sentences: session_on"),
        (
            'session_on = "the session on {date}"',
            'session_on = "the session on {day}"',
            "session_on: uses {day} but must use exactly: date",
        ),
        (
            'band_any = "a resistance band"',
            'band_any = "a resistance band"\nband_none = "no band"',
            "sentences the engine does not use: band_none",
        ),
        (
            'session_on = "the session on {date}"',
            'session_on = "the session on {date"',
            "session_on:",
        ),
    ],
)
def test_the_rules_sentences_must_be_complete_and_use_exactly_their_names(
    data_copy, old, new, expected
):
    path = data_copy / "texts.toml"
    edit(path, old, new)
    assert expected in failure(load_texts, path)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "flag_session_pain_repeated_from = 6",
            "flag_session_pain_repeated_from = 5",
            "must not be below regress_pain_during_from",
        ),
        (
            "advance_morning_above_baseline_max = 1",
            "advance_morning_above_baseline_max = 2",
            "advance_morning_above_baseline_max must be below",
        ),
        ("adherence_first_day = 7", "adherence_first_day = 15", "adherence_first_day"),
        (
            'reassessment_improved_global_ratings = ["better", "much_better"]',
            'reassessment_improved_global_ratings = ["improved"]',
            "thresholds.reassessment_improved_global_ratings[0]",
        ),
    ],
)
def test_version_2_thresholds_are_checked(data_copy, old, new, expected):
    path = data_copy / "rules.toml"
    edit(path, old, new)
    assert expected in failure(load_rules, path)
