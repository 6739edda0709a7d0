"""The private iCal feed: what it contains, that it needs the secret and nothing else, and that
revoking the link makes the old URL 404 at once."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from icalendar import Calendar

from programs.models import Program, ScheduledSession
from tests.dates import START
from tests.factories import STRENGTH_ONLY_ANSWERS, ProgramFactory

pytestmark = pytest.mark.django_db


def feed_url(user) -> str:
    return reverse("programs:calendar_feed", args=[user.calendar_token])


def events(response):
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_feed_lists_every_session_and_both_reassessments(client, program):
    response = client.get(feed_url(program.client))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    items = events(response)
    sessions = ScheduledSession.objects.filter(program=program)
    assert len(items) == sessions.count() + 2
    assert len({str(item["UID"]) for item in items}) == len(items)

    by_day = {item.decoded("DTSTART"): item for item in items}
    strength = sessions.filter(is_strength_day=True).first()
    daily = sessions.filter(is_strength_day=False).first()
    assert str(by_day[strength.date]["SUMMARY"]) == "Knee program: strength day"
    assert str(by_day[daily.date]["SUMMARY"]) == "Knee program: daily exercises"
    # All-day events: a date, not a date-time.
    assert type(by_day[strength.date].decoded("DTSTART")) is date

    strength_text = str(by_day[strength.date]["DESCRIPTION"])
    daily_text = str(by_day[daily.date]["DESCRIPTION"])
    assert "Banded clamshell (level 2)" in strength_text
    assert "Short foot" in strength_text or "short foot" in strength_text.lower()
    assert "Banded clamshell" not in daily_text

    reassessments = [i for i in items if "reassessment" in str(i["SUMMARY"])]
    assert [(i.decoded("DTSTART"), str(i["SUMMARY"])) for i in reassessments] == [
        (date(2026, 4, 12), "Knee program: reassessment (week 6)"),
        (date(2026, 5, 24), "Knee program: reassessment (week 12)"),
    ]


def test_strength_only_program_has_events_on_strength_days_only(client, client_user):
    ProgramFactory(client=client_user, start_date=START, answers=STRENGTH_ONLY_ANSWERS)
    items = events(client.get(feed_url(client_user)))
    assert len(items) == 12 * 2 + 2
    assert {str(i["SUMMARY"]) for i in items} == {
        "Knee program: strength day",
        "Knee program: reassessment (week 6)",
        "Knee program: reassessment (week 12)",
    }


def test_feed_holds_only_the_token_owners_program(client, program, other_client_user):
    ProgramFactory(
        client=other_client_user, start_date=date(2026, 6, 1), answers=STRENGTH_ONLY_ANSWERS
    )
    mine = events(client.get(feed_url(program.client)))
    assert min(i.decoded("DTSTART") for i in mine) == START
    theirs = events(client.get(feed_url(other_client_user)))
    assert min(i.decoded("DTSTART") for i in theirs) == date(2026, 6, 1)


def test_feed_without_a_program_is_an_empty_calendar(client, client_user):
    response = client.get(feed_url(client_user))
    assert response.status_code == 200
    assert events(response) == []


def test_ended_program_leaves_the_calendar(client, program):
    Program.objects.filter(pk=program.pk).update(status=Program.Status.COMPLETED)
    assert events(client.get(feed_url(program.client))) == []


@pytest.mark.parametrize("token", ["nope", "a" * 32, "-"])
def test_unknown_token_is_not_found(client, program, token):
    response = client.get(reverse("programs:calendar_feed", args=[token]))
    assert response.status_code == 404


def test_revoking_makes_the_old_link_404_and_the_new_one_work(client, program):
    user = program.client
    old_url = feed_url(user)
    client.force_login(user)

    response = client.post(reverse("account_calendar_revoke"))

    assert response.status_code == 302
    # Where the revoke lands: the settings page, with the new link and what happened.
    settings_page = client.get(response["Location"]).content.decode()
    user.refresh_from_db()
    assert user.calendar_token in settings_page
    assert "old calendar link no longer works" in settings_page
    assert client.get(old_url).status_code == 404
    assert client.get(feed_url(user)).status_code == 200


def test_revoking_needs_a_login_and_a_post(client, program):
    token = program.client.calendar_token
    response = client.post(reverse("account_calendar_revoke"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(program.client)
    assert client.get(reverse("account_calendar_revoke")).status_code == 405
    program.client.refresh_from_db()
    assert program.client.calendar_token == token


def test_revoking_changes_only_your_own_link(client, program, other_client_user):
    their_token = other_client_user.calendar_token
    client.force_login(program.client)
    client.post(reverse("account_calendar_revoke"))
    other_client_user.refresh_from_db()
    assert other_client_user.calendar_token == their_token


def test_deactivated_account_has_no_feed(client, program):
    user = program.client
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(feed_url(user)).status_code == 404
