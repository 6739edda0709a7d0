"""Today and Progress are kept rendered while nothing they can show changed
(``programs.fragments.client_page_part``, keyed by ``programs.selectors.rows_digest``).

What a client or their physiotherapist does shows on the next view; a repeat view with nothing
new reads the same page without computing it; and every table the two pages read is one the
digest covers, so a page that starts reading a new table fails here until the digest covers it.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from care.services.adjustments import program_adjust_level
from care.services.conversations import message_send
from care.services.flags import flag_acknowledge
from privacy.services import account_delete
from programs import fragments, selectors
from programs.models import Program
from programs.selectors.rows_digest import digested_models
from programs.services import reassessment_submit
from programs.views import progress as progress_views
from programs.views import today as today_views
from tests.dates import START
from tests.factories import (
    CareLinkFactory,
    FlagFactory,
    PhysiotherapistFactory,
    ProgramChangeFactory,
    ProgramFactory,
)
from tests.programs.helpers import check_in, log_session

pytestmark = pytest.mark.django_db

TABLE = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')
UNREAD_ONE = '1<span class="visually-hidden"> unread</span>'
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the rows digest is PostgreSQL's"
)


@pytest.fixture
def physio(client_user):
    physio = PhysiotherapistFactory()
    CareLinkFactory(client=client_user, physiotherapist=physio)
    return physio


@pytest.fixture
def program(client_user, physio):
    return ProgramFactory(client=client_user, start_date=START)


def page(client, name: str = "programs:today") -> str:
    response = client.get(reverse(name))
    assert response.status_code == 200
    return CSRF_TOKEN.sub("", response.content.decode())


def tables_read(user, render) -> set[str]:
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    with CaptureQueriesContext(connection) as queries:
        render(request)
    return {table for query in queries for table in TABLE.findall(query["sql"])}


def assert_digest_covers_what_the_pages_read(user, day):
    digested = {model._meta.db_table for model in digested_models()}
    today_tables = tables_read(user, lambda request: today_views._today_content(request, day))
    progress_tables = tables_read(
        user, lambda request: progress_views._progress_content(request, day)
    )
    assert today_tables and progress_tables
    assert today_tables <= digested, today_tables - digested
    assert progress_tables <= digested, progress_tables - digested


def test_every_table_the_pages_read_is_digested(client_user, program, physio, travel):
    travel(START + timedelta(days=9))
    for day in range(8):
        log_session(program, START + timedelta(days=day), pain_during=2)
        check_in(program, START + timedelta(days=day), pain_now=1)
    FlagFactory(client=client_user, program=program)
    ProgramChangeFactory(program=program, actor=physio)
    message_send(physio=physio, client=client_user, body="How are the stairs?")
    day = START + timedelta(days=9)
    assert_digest_covers_what_the_pages_read(client_user, day)

    program.status = Program.Status.PAUSED
    program.save(update_fields=["status"])
    assert_digest_covers_what_the_pages_read(client_user, day)

    # After the program: Today sums it up.
    program.status = Program.Status.COMPLETED
    program.save(update_fields=["status"])
    assert_digest_covers_what_the_pages_read(client_user, START + timedelta(weeks=13))


@postgresql_only
def test_a_repeat_view_is_not_computed_again(client, client_user, program, travel, monkeypatch):
    log_session(program, START, pain_during=2)
    travel(START + timedelta(days=1))
    client.force_login(client_user)
    first_today, first_progress = page(client), page(client, "programs:progress")

    def not_again(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(selectors, "today_page", not_again)
    monkeypatch.setattr(selectors, "program_progress", not_again)
    assert page(client) == first_today
    assert page(client, "programs:progress") == first_progress


def test_what_the_client_logs_shows_at_once(client, client_user, program, travel):
    travel(START + timedelta(days=1))
    client.force_login(client_user)
    assert "How is your knee this morning?" not in page(client)
    log_session(program, START, pain_during=2)
    assert "How is your knee this morning?" in page(client)
    check_in(program, START, pain_now=1)
    assert "How is your knee this morning?" not in page(client)

    log_session(program, START + timedelta(days=1), pain_during=2)
    assert "Change today's log" in page(client)
    assert "Sessions logged each week" in page(client, "programs:progress")


def test_what_the_physiotherapist_does_shows_at_once(client, client_user, program, physio, travel):
    travel(START + timedelta(days=1))
    client.force_login(client_user)
    page(client)
    page(client, "programs:progress")

    message_send(physio=physio, client=client_user, body="Lovely work on the bridges.")
    # The menu counts it on every view until Today shows it (and marks it read).
    for _ in range(2):
        assert UNREAD_ONE in page(client, "programs:progress")
    today = page(client)
    assert "Lovely work on the bridges." in today and UNREAD_ONE in today
    assert UNREAD_ONE not in page(client)
    assert UNREAD_ONE not in page(client, "programs:progress")

    flag = FlagFactory(client=client_user, program=program, reason="Pain 8/10 on Monday.")
    assert "Please act on this" in page(client)
    flag_acknowledge(flag=flag, actor=physio, note="Seen: let us talk on Friday.", shared=True)
    today = page(client)
    assert '<h2 class="h5" id="flags-heading">Seen by your physiotherapist</h2>' in today
    assert "Please act on this" not in today

    exercise = program.exercises.filter(active=True, frequency="strength").first()
    program_adjust_level(
        program_exercise=exercise, actor=physio, level=exercise.level + 1, reason="Ready."
    )
    assert f"level {exercise.level} to {exercise.level + 1}. Ready." in page(
        client, "programs:progress"
    )


def test_a_reassessment_and_a_new_day_show_at_once(client, client_user, program, travel):
    week_six = START + timedelta(days=41)
    travel(week_six)
    client.force_login(client_user)
    assert "reassessment is due" in page(client)
    reassessment_submit(
        client=client_user,
        program=program,
        answers={
            "pain_now": 1,
            "pain_worst_week": 2,
            "single_leg_squat_left": "none",
            "single_leg_squat_right": "none",
            "squat_knees_cave": "none",
            "hip_drop_left": False,
            "hip_drop_right": False,
            "global_rating_of_change": "better",
        },
        week=6,
        today=week_six,
    )
    assert "reassessment is due" not in page(client)
    assert "Earlier reassessments" in page(client, "programs:progress")

    travel(week_six + timedelta(days=1))
    assert "Monday 13 April" in page(client)


def test_deleting_the_account_drops_its_kept_pages(
    client, client_user, program, travel, monkeypatch
):
    # The same rows digest on every database, so the pages are kept on SQLite too.
    monkeypatch.setattr(fragments, "client_rows_digest", lambda user: "unchanged")
    log_session(program, START, pain_during=2)
    travel(START + timedelta(days=1))
    client.force_login(client_user)
    page(client)
    page(client, "programs:progress")
    keys = [f"page:{name}:{client_user.pk}" for name in fragments.CLIENT_PAGES]
    kept = caches[fragments.PAGE_CACHE].get_many(keys)
    assert set(kept) == set(keys)

    account_delete(user=client_user)

    assert caches[fragments.PAGE_CACHE].get_many(keys) == {}
