"""Session and check-in forms say what is missing in the questionnaire's words, next to the
field, and keep everything typed."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from programs.models import CheckIn, ExerciseLog
from tests.dates import START, aware
from tests.factories import ProgramFactory
from tests.programs.helpers import log_session
from tests.programs.test_views import session_post

pytestmark = pytest.mark.django_db


@time_machine.travel(aware(START), tick=False)
def test_an_empty_session_says_what_each_exercise_still_needs(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    data = session_post(program, START)
    del data["banded_clamshell-pain_during"]
    del data["banded_clamshell-difficulty"]
    data["banded_clamshell-sets_done"] = ""
    data["short_foot-note"] = "Arch cramped a bit"
    html = logged_in.post(reverse("programs:session", kwargs={"day": START}), data).content.decode()
    assert "This field is required." not in html
    assert "Enter your pain during this exercise, 0 to 10." in html
    assert "Choose how hard it felt." in html
    assert "Enter how many sets you did (0 if none)." in html
    assert "Arch cramped a bit" in html
    assert not ExerciseLog.objects.exists()


@time_machine.travel(aware(START), tick=False)
@pytest.mark.parametrize(
    "value, message",
    [
        ("abc", "Enter the reps per set as a whole number from 0 to 200."),
        ("-1", "Enter the reps per set as a whole number from 0 to 200."),
    ],
)
def test_an_impossible_number_says_the_range(logged_in, client_user, value, message):
    program = ProgramFactory(client=client_user, start_date=START)
    data = session_post(program, START, **{"banded_clamshell-reps_done": value})
    response = logged_in.post(reverse("programs:session", kwargs={"day": START}), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'name="banded_clamshell-reps_done" value="{value}"' in html


@time_machine.travel(aware(START + timedelta(days=1)), tick=False)
def test_an_empty_check_in_asks_for_the_pain_and_keeps_the_ticked_signs(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START)
    response = logged_in.post(
        reverse("programs:checkin", kwargs={"day": START}), {"swelling": "", "locking": "on"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." not in html
    assert "Enter your knee pain right now, 0 to 10." in html
    assert "Choose whether your knee has any new swelling." in html
    assert "Some answers need a look" in html
    assert re.search(r'name="locking"[^>]*checked', html)
    assert not CheckIn.objects.exists()
