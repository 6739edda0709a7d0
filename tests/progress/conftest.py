"""Fixtures for the progress, reassessment, calendar, reminder and settings tests.

Programs start on Monday 2 March 2026 (``START``), so week 6 ends on Sunday 12 April and week 12
on Sunday 24 May; every test travels to a fixed day (``travel``, tests/conftest.py) instead of
depending on today's date.
"""

from __future__ import annotations

import pytest

from tests.dates import END_OF_WEEK_6, END_OF_WEEK_12, START
from tests.factories import ProgramFactory

__all__ = ["END_OF_WEEK_6", "END_OF_WEEK_12", "START"]


@pytest.fixture
def program(client_user):
    """A typical program: worst pain 4/10 at the start, left single-leg squat slight, right none."""
    return ProgramFactory(client=client_user, start_date=START)
