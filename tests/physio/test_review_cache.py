"""The client review is kept rendered while nothing it shows changed
(``care.fragments.review_page``, keyed by ``care.selectors.review_digest``).

What the client or any of their physiotherapists does shows on the next view; a repeat view
reads the same content without computing it, with the request's own CSRF token in its forms;
one physiotherapist never reads the review kept for another; and every table the review reads
is one the digest covers, so a review that starts reading a new table fails here until the
digest covers it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import caches
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from care.models import ClinicalNote
from care.selectors.review_digest import review_digested_models
from care.services.adjustments import program_adjust_level
from care.services.clinic import clinic_assessment_start
from care.services.conversations import message_reply, message_send
from care.services.flags import flag_acknowledge
from care.services.linking import care_link_end
from care.services.notes import clinical_note_add
from care.views import client as client_views
from privacy.services import account_delete
from programs.fragments import PAGE_CACHE
from programs.models import Program
from tests.dates import START
from tests.factories import (
    AssessmentFactory,
    CareLinkFactory,
    ClearanceFactory,
    FlagFactory,
    PhysiotherapistFactory,
    ProgramChangeFactory,
    ProgramFactory,
    UserFactory,
)
from tests.physio.conftest import TODAY
from tests.programs.helpers import check_in, log_session
from tests.two_factor import TwoFactorClient

pytestmark = pytest.mark.django_db

TABLE = re.compile(r'(?:FROM|JOIN)\s+"(\w+)"')
TRANSACTION = re.compile(r"(SAVEPOINT|RELEASE SAVEPOINT|BEGIN|COMMIT)\b")
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the rows digest is PostgreSQL's"
)


def review(client, person, logs: str | None = None) -> str:
    url = reverse("physio:client", args=[person.pk]) + (f"?logs={logs}" if logs else "")
    response = client.get(url)
    assert response.status_code == 200
    return CSRF_TOKEN.sub("", response.content.decode())


def tables_read(physio, person, logs_page: str | None = None) -> set[str]:
    request = RequestFactory().get("/")
    request.user = physio
    request.session = {}
    request._messages = FallbackStorage(request)
    with CaptureQueriesContext(connection) as queries:
        client_views._review_content(request, person, TODAY, logs_page)
    return {table for query in queries for table in TABLE.findall(query["sql"])}


def assert_digest_covers_what_the_review_reads(physio, person, logs_page: str | None = None):
    digested = {model._meta.db_table for model in review_digested_models()}
    tables = tables_read(physio, person, logs_page)
    assert tables
    assert tables <= digested, tables - digested


def test_every_table_the_review_reads_is_digested(physio_user, linked_client, program):
    other = PhysiotherapistFactory()
    CareLinkFactory(physiotherapist=other, client=linked_client)
    check_in(program, date(2026, 3, 17), pain_now=1)
    flag = FlagFactory(client=linked_client, program=program)
    flag_acknowledge(flag=flag, actor=physio_user, note="Seen.", shared=True)
    ProgramChangeFactory(program=program, actor=physio_user)
    message_send(physio=physio_user, client=linked_client, body="How are the stairs?")
    message_reply(client=linked_client, physio=physio_user, body="Better, thanks.")
    clinical_note_add(physio=other, client=linked_client, body="Seen in clinic.")
    ClearanceFactory(client=linked_client, assessment=program.assessment, recorded_by=physio_user)
    clinic_assessment_start(physio=physio_user, client=linked_client)
    assert_digest_covers_what_the_review_reads(physio_user, linked_client)
    assert_digest_covers_what_the_review_reads(physio_user, linked_client, logs_page="2")

    program.status = Program.Status.PAUSED
    program.save(update_fields=["status"])
    assert_digest_covers_what_the_review_reads(physio_user, linked_client)

    # A client with an assessment and no program yet.
    newcomer = UserFactory()
    AssessmentFactory(owner=newcomer)
    CareLinkFactory(physiotherapist=physio_user, client=newcomer)
    assert_digest_covers_what_the_review_reads(physio_user, newcomer)


@postgresql_only
def test_a_repeat_view_is_not_computed_again(physio_client, linked_client, monkeypatch):
    first = review(physio_client, linked_client)

    def not_again(*args, **kwargs):
        raise AssertionError("computed again")

    monkeypatch.setattr(client_views, "client_review", not_again)
    assert review(physio_client, linked_client) == first


@postgresql_only
def test_a_repeat_view_costs_a_handful_of_queries(
    physio_client, linked_client, django_assert_max_num_queries
):
    review(physio_client, linked_client)
    # The session, the physiotherapist and their second factor, the access check with the
    # digest, the audit entry (in one transaction: two savepoints in a test), and the session's
    # new expiry (another two).
    with django_assert_max_num_queries(10) as queries:
        review(physio_client, linked_client)
    statements = [q for q in queries.captured_queries if not TRANSACTION.match(q["sql"] or "")]
    assert len(statements) == 6


def test_what_the_client_and_physiotherapists_do_shows_at_once(
    physio_client, physio_user, linked_client, program
):
    review(physio_client, linked_client)

    log_session(program, date(2026, 3, 21), pain_during=6, today=TODAY)
    assert '<strong class="text-danger">6/10</strong>' in review(physio_client, linked_client)

    clinical_note_add(physio=physio_user, client=linked_client, body="Squat depth improving.")
    assert "Squat depth improving." in review(physio_client, linked_client)

    flag = FlagFactory(client=linked_client, program=program, reason="Pain 8/10 on Monday.")
    page = review(physio_client, linked_client)
    assert "Pain 8/10 on Monday." in page and ">Acknowledge</a>" in page
    flag_acknowledge(flag=flag, actor=physio_user, note="Call booked for Friday.")
    page = review(physio_client, linked_client)
    assert "Call booked for Friday." in page and ">Acknowledge</a>" not in page

    message_reply(client=linked_client, physio=physio_user, body="The stairs are easier.")
    page = review(physio_client, linked_client)
    assert "The stairs are easier." in page and "1 unread" in page and "Read and reply" in page

    exercise = program.exercises.filter(active=True, frequency="strength").first()
    program_adjust_level(
        program_exercise=exercise, actor=physio_user, level=exercise.level + 1, reason="Ready."
    )
    assert f"level {exercise.level} → {exercise.level + 1}. Ready." in review(
        physio_client, linked_client
    )

    ClearanceFactory(
        client=linked_client, assessment=program.assessment, clinician_name="Dr Amara Osei"
    )
    assert "Dr Amara Osei" in review(physio_client, linked_client)


def test_another_physiotherapist_reads_their_own_review(
    client, physio_client, physio_user, linked_client
):
    other = PhysiotherapistFactory()
    CareLinkFactory(physiotherapist=other, client=linked_client)
    message_send(physio=physio_user, client=linked_client, body="Only in our conversation.")
    clinic_assessment_start(physio=physio_user, client=linked_client)
    clinical_note_add(physio=physio_user, client=linked_client, body="Valgus on the left.")
    mine = review(physio_client, linked_client)
    assert "Only in our conversation." in mine and "Resume the in-clinic assessment" in mine

    other_client = TwoFactorClient()
    other_client.force_login(other)
    theirs = review(other_client, linked_client)
    assert "Only in our conversation." not in theirs
    assert "Resume the in-clinic assessment" not in theirs
    # Notes are the client's record for every physiotherapist linked to them, by name.
    assert "Valgus on the left." in theirs and physio_user.display_name in theirs

    clinical_note_add(physio=other, client=linked_client, body="Agree: hip strength first.")
    assert "Agree: hip strength first." in review(physio_client, linked_client)
    assert "Only in our conversation." not in review(other_client, linked_client)


def test_each_page_of_session_logs_is_its_own(client, physio_user, travel):
    person = UserFactory()
    CareLinkFactory(physiotherapist=physio_user, client=person)
    program = ProgramFactory(client=person, start_date=START)
    travel(START + timedelta(days=28))
    for day in range(27):
        log_session(program, START + timedelta(days=day), today=START + timedelta(days=day))
    client.force_login(physio_user)
    first = review(client, person)
    assert "Page 1 of" in first
    second = review(client, person, logs="2")
    assert "Page 2 of" in second and "Page 1 of" not in second
    assert "Page 1 of" in review(client, person)


def test_the_forms_of_a_kept_review_carry_the_request_token(physio_user, linked_client):
    browser = TwoFactorClient(enforce_csrf_checks=True)
    browser.force_login(physio_user)
    url = reverse("physio:client", args=[linked_client.pk])
    browser.get(url)
    # A repeat view: on PostgreSQL the content kept by the first.
    page = browser.get(url).content.decode()
    tokens = set(CSRF_TOKEN.findall(page))
    assert tokens and all(len(token) == 64 for token in tokens)

    response = browser.post(
        reverse("physio:note_add", args=[linked_client.pk]),
        {"csrfmiddlewaretoken": CSRF_TOKEN.findall(page)[1], "body": "Posted from the review."},
    )
    assert response.status_code == 302
    assert ClinicalNote.objects.filter(body="Posted from the review.").exists()

    # Another browser of the same physiotherapist: the kept content, with its own token.
    second = TwoFactorClient(enforce_csrf_checks=True)
    second.force_login(physio_user)
    page = second.get(url).content.decode()
    response = second.post(
        reverse("physio:client_end", args=[linked_client.pk]),
        {"csrfmiddlewaretoken": CSRF_TOKEN.findall(page)[-1]},
    )
    assert response.status_code == 302


@pytest.fixture
def kept(monkeypatch):
    """The same rows digest on every database, so the review is kept on SQLite too."""
    opened = client_views.review_opened
    monkeypatch.setattr(
        client_views,
        "review_opened",
        lambda physio, client_id: (opened(physio, client_id)[0], "unchanged"),
    )


def kept_key(physio, person) -> str:
    return f"page:review:{physio.pk}:{person.pk}"


def test_ending_the_link_drops_the_kept_review(kept, physio_client, physio_user, linked_client):
    review(physio_client, linked_client)
    assert caches[PAGE_CACHE].get(kept_key(physio_user, linked_client)) is not None

    care_link_end(link=linked_client.care_links.get(), actor=linked_client)

    assert caches[PAGE_CACHE].get(kept_key(physio_user, linked_client)) is None
    response = physio_client.get(reverse("physio:client", args=[linked_client.pk]))
    assert response.status_code == 404


def test_deleting_the_account_drops_the_kept_reviews(
    kept, physio_client, physio_user, linked_client
):
    other = PhysiotherapistFactory()
    CareLinkFactory(physiotherapist=other, client=linked_client)
    other_client = TwoFactorClient()
    other_client.force_login(other)
    review(physio_client, linked_client)
    review(other_client, linked_client)
    keys = [kept_key(physio_user, linked_client), kept_key(other, linked_client)]
    assert set(caches[PAGE_CACHE].get_many(keys)) == set(keys)

    account_delete(user=linked_client)

    assert caches[PAGE_CACHE].get_many(keys) == {}


def test_a_kept_review_shows_the_message_of_the_form_that_led_to_it_once(
    physio_client, linked_client
):
    review(physio_client, linked_client)
    response = physio_client.post(
        reverse("physio:note_add", args=[linked_client.pk]), {"body": "Hips first."}, follow=True
    )
    page = response.content.decode()
    assert "Note saved (private: the client cannot see it)." in page
    assert page.count('class="messages"') == 1 and "Hips first." in page
    # The next view (the same rows: the page kept by the one before) shows it no more.
    page = review(physio_client, linked_client)
    assert "Note saved" not in page and 'class="messages"' not in page
    assert "<!--" not in page


def test_the_layout_of_a_kept_review_shows_the_physiotherapists_own_name(
    physio_client, physio_user, linked_client
):
    review(physio_client, linked_client)
    physio_user.first_name, physio_user.last_name = "Ines", "Okafor-Lund"
    # Its own transaction, as a change of name in the account's settings is (within a test's
    # transaction a row written again without one keeps its row version).
    with transaction.atomic():
        physio_user.save(update_fields=["first_name", "last_name"])
    assert "Ines Okafor-Lund" in review(physio_client, linked_client)
