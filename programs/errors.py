"""Refusals of the program services (see ``accounts.errors`` for how they are shown)."""

from __future__ import annotations

from accounts.errors import ServiceError
from programs.models import Program


class ProgramError(ServiceError):
    """A request the program cannot honour; the message is written for the person."""


class CurrentProgramExists(ProgramError):
    """The client already follows a program; starting another one must replace it explicitly."""

    def __init__(self, program: Program) -> None:
        super().__init__(
            "You already follow a program. Starting a new one replaces it "
            "(the current one stays in your history)."
        )
        self.program = program


class ReassessmentNotAllowed(ProgramError):
    """The program cannot take a reassessment (not the client's, paused, or ended too long ago)."""
