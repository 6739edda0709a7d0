"""Validate the exercise library and the rules, and print what they hold.

The TOML files in ``programs/data/`` are the single source of truth: nothing is copied into the
database, so running this twice changes nothing. ``make run`` and ``make serve-prod`` run it so a
bad edit stops the start-up with the file, the place and the problem named.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from programs.engine.data import (
    EXERCISES_PATH,
    RULES_PATH,
    TEXTS_PATH,
    EngineDataError,
    load_rules,
    load_texts,
)
from programs.engine.library import load_library


class Command(BaseCommand):
    help = "Validate the rules, the exercise library and the texts (programs/data/*.toml)."

    def handle(self, *args, **options) -> None:
        try:
            # Fresh reads: a file edited since the last load is validated again.
            for loader in (load_rules, load_library, load_texts):
                loader.cache_clear()
            rules = load_rules(RULES_PATH)
            library = load_library(EXERCISES_PATH)
            load_texts(TEXTS_PATH)
        except EngineDataError as error:
            problems = "\n".join(f"  - {problem}" for problem in error.problems)
            raise CommandError(f"{error.path.name} is not valid:\n{problems}") from None

        levels = sum(len(exercise.levels) for exercise in library.exercises)
        self.stdout.write(
            f"Rules version {rules.version}: {len(rules.rules)} rules, "
            f"{len(rules.decisions)} documented decisions."
        )
        self.stdout.write(f"Exercise library: {len(library.exercises)} exercises, {levels} levels.")
        for exercise in library.exercises:
            self.stdout.write(
                f"  {exercise.code:<34} {exercise.frequency:<8} levels 1-{exercise.top_level}"
            )
        self.stdout.write(self.style.SUCCESS("Library and rules are valid."))
