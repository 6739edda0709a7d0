"""The caseload: who is listed, in which order, what each row says, filters and query count."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from care.services import flags as care_flags
from programs import services
from programs.models import ExerciseLog, Flag, Program, ProgramExercise, ScheduledSession
from tests.dates import START, THREE_WEEKS_IN
from tests.factories import (
    AssessmentFactory,
    CareLinkFactory,
    FlagFactory,
    ProgramFactory,
    UserFactory,
)
from tests.programs.helpers import log_session

pytestmark = pytest.mark.django_db


def _flag(client, *, urgency="", kind=Flag.Kind.REFERRAL, destination="physiotherapist", n=0):
    return FlagFactory(
        client=client,
        kind=kind,
        destination=destination if kind == Flag.Kind.REFERRAL else "",
        urgency=urgency,
        reason="Test flag",
        source=Flag.Source.SESSION,
        dedupe_key=f"test:{client.pk}:{n}:{urgency}:{kind}",
    )


def _names_in_order(html: str) -> list[str]:
    return re.findall(r'<a href="/physio/clients/\d+/">([^<]+)</a>', html)


def test_open_flags_first_by_urgency_then_latest_activity(physio_client, make_linked, physio_user):
    quiet = make_linked(first_name="Quiet", last_name="A")
    recent = make_linked(first_name="Recent", last_name="B")
    routine = make_linked(first_name="Routine", last_name="C")
    same_day = make_linked(first_name="Sameday", last_name="D")
    attention = make_linked(first_name="Attention", last_name="E")
    two_weeks = make_linked(first_name="Twoweeks", last_name="F")
    program = ProgramFactory(client=recent, start_date=START)
    log_session(program, date(2026, 3, 20))
    _flag(routine, urgency="routine")
    _flag(same_day, urgency="same_day", destination="emergency")
    _flag(attention, kind=Flag.Kind.ATTENTION)
    _flag(two_weeks, urgency="within_2_weeks")
    # A resolved flag does not count.
    resolved = _flag(quiet, urgency="same_day", n=1)
    care_flags.flag_resolve(flag=resolved, actor=physio_user, note="Seen in clinic")

    html = physio_client.get(reverse("physio:caseload")).content.decode()
    assert _names_in_order(html) == [
        same_day.display_name,
        two_weeks.display_name,
        routine.display_name,
        attention.display_name,
        recent.display_name,
        quiet.display_name,
    ]
    assert "Emergency department · today" in html
    assert "Needs attention" in html


def test_row_shows_week_adherence_pain_and_last_log(physio_client, client_user, linked_client):
    program = linked_client.programs.get()
    log_session(program, date(2026, 3, 22), pain_during=5)
    html = physio_client.get(reverse("physio:caseload")).content.decode()
    # Week 4 on 23 March for a program starting 2 March; daily items make every day a session:
    # 4 of the 14 days from 10 to 23 March were logged.
    assert "Week 4" in html
    assert "4/14 sessions, <strong>29%</strong>" in html
    assert "2, 2, 2, 5" in html
    assert '<svg class="sparkline"' in html
    assert "22 Mar 2026" in html


def test_paused_program_is_marked(physio_client, program, physio_user):
    services.program_pause(program=program, actor=physio_user, reason="Swollen knee")
    html = physio_client.get(reverse("physio:caseload")).content.decode()
    assert "Paused</span>" in html


def test_only_linked_clients_are_listed(physio_client, linked_client, other_physio, today):
    stranger = UserFactory(first_name="Stranger")
    CareLinkFactory(client=stranger, physiotherapist=other_physio)
    revoked = UserFactory(first_name="Revoked")
    CareLinkFactory(
        client=revoked,
        physiotherapist=linked_client.care_links.get().physiotherapist,
        ended_at=timezone.now(),
    )
    html = physio_client.get(reverse("physio:caseload")).content.decode()
    assert linked_client.display_name in html
    assert "Stranger" not in html
    assert "Revoked" not in html


def test_search_and_filters(physio_client, make_linked, linked_client, physio_user):
    anna = make_linked(first_name="Anna", last_name="Lind", username="alind")
    _flag(anna, urgency="routine")
    bob = make_linked(first_name="Bob", last_name="Stone", username="bstone")
    bob_program = ProgramFactory(client=bob, start_date=START)
    services.program_pause(program=bob_program, actor=physio_user, reason="Review first")

    def names(**params):
        return _names_in_order(
            physio_client.get(reverse("physio:caseload"), params).content.decode()
        )

    assert names(q="lind") == [anna.display_name]
    assert names(q="bst") == [bob.display_name]
    assert names(q="anna lind") == [anna.display_name]
    assert names(open_flags="on") == [anna.display_name]
    assert names(paused="on") == [bob.display_name]
    # linked_client logged 3 of 14 days (21%); Bob logged nothing (0%); Anna has no program.
    assert set(names(adherence_below=25)) == {linked_client.display_name, bob.display_name}
    assert names(adherence_below=10) == [bob.display_name]


def test_bad_filter_value_is_explained_not_a_500(physio_client, linked_client):
    response = physio_client.get(reverse("physio:caseload"), {"adherence_below": "lots"})
    assert response.status_code == 200
    assert "Enter a whole number." in response.content.decode()


def _link(html: str, rel: str) -> str:
    found = re.search(rf'<a class="page-link" href="([^"]+)" rel="{rel}">', html)
    assert found, f"no {rel} link"
    return found.group(1).replace("&amp;", "&")


def test_pages_of_25_next_and_previous(physio_client, make_linked):
    for index in range(27):
        make_linked(first_name=f"Person{index:02d}")
    url = reverse("physio:caseload")
    first = physio_client.get(url, {"sort": "name"}).content.decode()
    first_names = [name.split()[0] for name in _names_in_order(first)]
    assert first_names == [f"Person{index:02d}" for index in range(25)]
    assert 'rel="prev"' not in first
    second = physio_client.get(url + _link(first, "next")).content.decode()
    assert [name.split()[0] for name in _names_in_order(second)] == ["Person25", "Person26"]
    assert 'rel="next"' not in second
    assert "27 clients" in second
    back = physio_client.get(url + _link(second, "prev")).content.decode()
    assert _names_in_order(back) == _names_in_order(first)


@pytest.mark.parametrize("sort", ["flag", "name", "activity", "adherence", "pain"])
@pytest.mark.parametrize("direction", ["", "-"])
def test_every_order_pages_through_every_client_once(physio_client, make_linked, sort, direction):
    """Page links carry each sort's values (moments, days, numbers, names): the next pages
    show every client once, and the previous links lead back to the same pages."""
    for index in range(30):
        person = make_linked(first_name=f"Page{index:02d}", last_name="Same" if index % 2 else "")
        if index % 4 == 0:
            _flag(person, urgency=("routine", "same_day")[index % 8 // 4], destination="emergency")
        if index % 5 == 0:
            log_session(
                ProgramFactory(client=person, start_date=START), date(2026, 3, 16 + index % 4)
            )
    url = reverse("physio:caseload")
    pages = [physio_client.get(url, {"sort": direction + sort}).content.decode()]
    while 'rel="next"' in pages[-1]:
        pages.append(physio_client.get(url + _link(pages[-1], "next")).content.decode())
    names = [name for page in pages for name in _names_in_order(page)]
    assert len(pages) == 2 and sorted(names) == sorted(set(names)) and len(names) == 30
    back = physio_client.get(url + _link(pages[-1], "prev")).content.decode()
    assert _names_in_order(back) == _names_in_order(pages[0])


def _quick_client(physio, index: int, assessment_id: int) -> None:
    """A linked client with a program, two weeks of sessions, logs and a flag (plain ORM)."""
    person = UserFactory(first_name=f"Bulk{index:03d}")
    CareLinkFactory(client=person, physiotherapist=physio)
    program = Program.objects.create(
        client=person,
        assessment_id=assessment_id,
        start_date=START,
        strength_days=[0, 2, 4],
        baseline_pain_now=2,
    )
    exercise = ProgramExercise.objects.create(
        program=program, code="banded_clamshell", level=2, frequency="strength"
    )
    sessions = ScheduledSession.objects.bulk_create(
        ScheduledSession(program=program, date=THREE_WEEKS_IN - timedelta(days=d), week=3)
        for d in range(14)
    )
    for session in sessions[: index % 5 + 1]:
        ExerciseLog.objects.create(
            session=session,
            program_exercise=exercise,
            level=2,
            prescribed_sets=3,
            prescribed_reps=12,
            sets_done=3,
            reps_done=12,
            pain_during=index % 10,
            difficulty="easy",
        )
    if index % 3 == 0:
        _flag(person, urgency="routine")


# What every logged-in page costs (the session, the user, the two-factor device, the session's
# save in a savepoint) and one query for the page: its rows with their flags (kept in the
# summaries), how many clients there are, unread messages and whether there are clearances.
CASELOAD_QUERIES = 7


def _caseload_queries(client, physio, count: int) -> int:
    assessment = AssessmentFactory(owner=None)
    for index in range(count):
        _quick_client(physio, index, assessment.pk)
    services.client_summaries_rebuild(today=THREE_WEEKS_IN)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("physio:caseload"))
    assert response.status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_the_caseload(client, today):
    from tests.factories import PhysiotherapistFactory

    small, large = PhysiotherapistFactory(), PhysiotherapistFactory()
    client.force_login(small)
    with_5 = _caseload_queries(client, small, 5)
    client.force_login(large)
    with_50 = _caseload_queries(client, large, 50)
    assert with_5 == with_50
    assert with_50 <= CASELOAD_QUERIES
