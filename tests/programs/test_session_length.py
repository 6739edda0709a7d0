"""Each day's session shows its estimated minutes (spec section 6); above the client's
minutes_per_session it says so and suggests the daily items at another time."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.dates import START
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("minutes", [10, 60])
def test_today_shows_the_estimate_and_says_when_it_is_too_long(
    logged_in, client_user, travel, minutes
):
    ProgramFactory(
        client=client_user,
        start_date=START,
        strength_days=[0, 2, 4],
        answers__minutes_per_session=minutes,
    )
    travel(START)  # a Monday: a strength day with daily items
    html = logged_in.get(reverse("programs:today")).content.decode()
    assert "About " in html and " minutes." in html
    over = f"more than the {minutes} minutes you set aside" in html
    assert over is (minutes == 10)
    assert ("Do the daily items (" in html) is (minutes == 10)
    session = logged_in.get(reverse("programs:session", args=[START])).content.decode()
    assert "About " in session


def test_a_logged_exercise_can_be_corrected_to_not_done(logged_in, client_user, travel):
    from programs.models import ExerciseLog
    from tests.programs.test_views import session_post

    program = ProgramFactory(client=client_user, start_date=START, strength_days=[0, 2, 4])
    travel(START)
    url = reverse("programs:session", args=[START])
    logged_in.post(url, session_post(program, START))
    page = logged_in.get(url).content.decode()
    assert page.count("I did not do this exercise") >= 2  # offered on edit too
    logged_in.post(url, session_post(program, START, **{"banded_clamshell-skipped": "on"}))
    log = ExerciseLog.objects.get(program_exercise__code="banded_clamshell")
    assert log.sets_done == 0 and not log.is_done
    page = logged_in.get(url).content.decode()
    box = page.split('name="banded_clamshell-skipped"')[1].split(">")[0]
    assert "checked" in box
