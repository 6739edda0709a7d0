"""The program on paper: every active exercise with its figure, dose and cue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from accounts.models import User
from programs import scheduling
from programs.models import Program
from programs.selectors.cards import ExerciseCard, exercise_card
from programs.selectors.programs import program_current_or_404


@dataclass
class PrintableProgram:
    """What the printed program shows; the header is the caller's (a client prints their own
    program, a physiotherapist hands one out)."""

    program: Program
    cards: list[ExerciseCard]

    @property
    def strength_cards(self) -> list[ExerciseCard]:
        return [card for card in self.cards if card.exercise.frequency == "strength"]

    @property
    def daily_cards(self) -> list[ExerciseCard]:
        return [card for card in self.cards if card.exercise.frequency != "strength"]

    @property
    def strength_days_text(self) -> str:
        return scheduling.describe_days(self.program.strength_days)

    @property
    def end_date(self) -> date:
        return scheduling.program_end(self.program.start_date, self.program.weeks)


def printable_program(program: Program) -> PrintableProgram:
    """The active exercises of ``program`` in the program's order (strength first)."""
    exercises = list(program.exercises.filter(active=True))
    cards = [exercise_card(exercise, program.equipment) for exercise in exercises]
    cards.sort(key=lambda card: card.exercise.frequency != "strength")
    return PrintableProgram(program=program, cards=cards)


def printable_program_for(user: User) -> PrintableProgram:
    """The requesting client's current program on paper (404 without one)."""
    return printable_program(program_current_or_404(user))
