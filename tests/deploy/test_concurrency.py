"""Two requests logging the same session at the same moment (a double tap, two open tabs)
must leave one log per exercise and never show the person an error. Needs PostgreSQL: SQLite
serialises all writers, so the race cannot happen there."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection, connections

from programs import services
from programs.models import ExerciseLog
from tests.factories import ProgramFactory, UserFactory
from tests.programs.helpers import entries_for, session_on

MONDAY = date(2026, 3, 2)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("the race needs a database with concurrent writers (PostgreSQL)")


def test_two_simultaneous_logs_of_one_session_keep_one_row_per_exercise():
    client = UserFactory()
    program = ProgramFactory(client=client, start_date=MONDAY)
    session = session_on(program, MONDAY)
    first = entries_for(program, MONDAY, pain_during=1)
    second = entries_for(program, MONDAY, pain_during=2)
    assert first, "the session has exercises to log"

    barrier = threading.Barrier(2, timeout=20)
    errors: list[BaseException] = []

    def log(entries):
        try:
            barrier.wait()
            services.session_log_record(
                client=client, session=session, entries=entries, today=MONDAY
            )
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=log, args=(e,)) for e in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    logs = ExerciseLog.objects.filter(session=session)
    assert logs.count() == len(first)
    # Whichever request came last wins, consistently for every exercise.
    assert len({log.pain_during for log in logs}) == 1


def test_two_simultaneous_form_posts_through_the_view():
    """The same race through the web page: both answers are a normal page, never a 500."""
    from django.test import Client
    from django.urls import reverse

    client_user = UserFactory()
    program = ProgramFactory(client=client_user, start_date=MONDAY)
    session = session_on(program, MONDAY)
    url = reverse("programs:session", kwargs={"day": MONDAY})
    import time_machine

    statuses: list[int] = []
    barrier = threading.Barrier(2, timeout=20)

    def post(pain: str):
        browser = Client()
        browser.force_login(client_user)
        page = browser.get(url)
        data = {}
        for form in page.context["forms"]:
            for field in form:
                value = field.value()
                data[field.html_name] = "" if value is None or value is False else value
            data[form["pain_during"].html_name] = pain
            data[form["difficulty"].html_name] = "easy"
        barrier.wait()
        statuses.append(browser.post(url, data).status_code)
        connections.close_all()

    with time_machine.travel("2026-03-02 18:00 +0000", tick=False):
        threads = [threading.Thread(target=post, args=(p,)) for p in ("1", "2")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert sorted(statuses) == [302, 302], statuses  # both saved and sent back to Today
    assert all(status < 500 for status in statuses), statuses
    per_exercise = list(
        ExerciseLog.objects.filter(session=session).values_list("program_exercise_id", flat=True)
    )
    assert per_exercise and len(per_exercise) == len(set(per_exercise))
