"""Fixtures for the progress, reassessment, calendar, reminder and settings tests.

Programs start on Monday 2 March 2026, so week 6 ends on Sunday 12 April and week 12 on
Sunday 24 May; every test travels to a fixed day instead of depending on today's date.
"""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY

from accounts.models import User
from tests.programs.helpers import aware, make_program

START = date(2026, 3, 2)
END_OF_WEEK_6 = date(2026, 4, 12)
END_OF_WEEK_12 = date(2026, 5, 24)


@pytest.fixture
def program(client_user):
    """A typical program: worst pain 4/10 at the start, left single-leg squat slight, right none."""
    return make_program(client_user, start_date=START)


@pytest.fixture
def travel(client):
    """travel(day): freeze the clock on that day at 9:00 local time for the rest of the test.

    A logged-in test client is logged in again on that day: its session was started by the
    real clock and runs out 30 idle minutes later, which on a day later than the real date has
    already passed, so the test would otherwise depend on today's date.
    """
    travellers = []

    def _travel(day: date):
        user_id = client.session.get(SESSION_KEY)  # read while the session is still valid
        traveller = time_machine.travel(aware(day), tick=False)
        traveller.start()
        travellers.append(traveller)
        if user_id is not None:
            client.force_login(User.objects.get(pk=user_id))

    yield _travel
    for traveller in reversed(travellers):
        traveller.stop()
