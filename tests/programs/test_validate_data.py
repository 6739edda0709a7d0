"""The validate_data command validates the data files and summarises them."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from programs.engine.data import EXERCISES_PATH


def test_summarises_the_library_and_is_repeatable():
    for _ in range(2):
        out = StringIO()
        call_command("validate_data", stdout=out)
        text = out.getvalue()
        assert "Exercise library: 8 exercises, 30 levels." in text
        assert "banded_clamshell" in text and "Rules version" in text
        assert "Library and rules are valid." in text


def test_a_broken_library_file_fails_with_the_place_named(tmp_path, monkeypatch):
    broken = tmp_path / "exercises.toml"
    broken.write_text(
        EXERCISES_PATH.read_text(encoding="utf-8").replace("sets = 2", "sets = 0", 1),
        encoding="utf-8",
    )
    monkeypatch.setattr("programs.management.commands.validate_data.EXERCISES_PATH", broken)
    with pytest.raises(CommandError) as error:
        call_command("validate_data", stdout=StringIO())
    assert "exercises.toml is not valid" in str(error.value)
    assert "sets" in str(error.value)
