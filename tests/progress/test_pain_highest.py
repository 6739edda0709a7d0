"""Pain during, on the progress page, is the day's highest score: the exercise that hurt most.

The progression and flag rules judge each exercise (6/10 or more steps it down, 8/10 or more is
flagged), and the physiotherapist's caseload shows the highest score; a mean would hide the one
exercise that hurt.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from programs import services
from programs.selectors import program_progress
from tests.dates import START
from tests.factories import ProgramFactory
from tests.programs.helpers import check_in, entries_for, session_on
from tests.progress.test_progress_page import rows, table

pytestmark = pytest.mark.django_db


def log_with_one_painful_exercise(program, day, *, painful: str, pain: int) -> None:
    entries = [
        entry
        if entry.code != painful
        else services.LogEntry(**{**entry.__dict__, "pain_during": pain})
        for entry in entries_for(program, day, pain_during=1)
    ]
    assert any(entry.code == painful for entry in entries)
    services.session_log_record(
        client=program.client, session=session_on(program, day), entries=entries, today=day
    )


def test_the_day_reads_the_exercise_that_hurt_most(client, client_user, travel):
    program = ProgramFactory(client=client_user, start_date=START)
    log_with_one_painful_exercise(program, START, painful="banded_clamshell", pain=7)
    check_in(program, START, pain_now=2)
    travel(START + timedelta(days=2))

    point = program_progress(program, today=START + timedelta(days=2)).pain_sessions[0]
    assert point.pain_during_max == 7  # the mean of six exercises would be 2.0
    assert point.morning_pain == 2

    client.force_login(client_user)
    html = client.get(reverse("programs:progress")).content.decode()
    pain = table(html, "Pain by day, 0 (none) to 10 (worst)")
    assert re.search(r"<th[^>]*>Highest pain during the exercises</th>", pain)
    assert rows(pain)[0] == ["Mon 2 Mar", "7", "2"]
    assert "Highest pain during the exercises" in re.search(r"<svg\b.*?</svg>", html, re.S)[0]
    assert "(mean" not in html and "the mean of" not in html
