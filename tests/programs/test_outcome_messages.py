"""After saving a session or a check-in: one confirmation, then only what that save changed.

A re-submitted form must not repeat level changes or flags the client has already been told about
(they stay visible on Today, next to each exercise and under "Please act on this").
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from programs.models import Flag
from tests.dates import START
from tests.factories import ProgramFactory
from tests.programs.helpers import aware, check_in, log_session
from tests.programs.test_views import session_post

WEDNESDAY = START + timedelta(days=2)

pytestmark = pytest.mark.django_db


def shown(response) -> list[tuple[str, str]]:
    """(level, text) of every message the next page shows."""
    return [(message.level_tag, message.message) for message in response.context["messages"]]


def post_check_in(client, day, **fields):
    data = {"pain_now": "0", "swelling": "none", **fields}
    return client.post(reverse("programs:checkin", kwargs={"day": day}), data, follow=True)


def two_good_sessions(program):
    log_session(program, START)
    check_in(program, START, pain_now=0)
    log_session(program, WEDNESDAY)


def test_a_check_in_that_steps_exercises_up_says_so_once(logged_in, client_user):
    program = ProgramFactory(client=client_user)
    two_good_sessions(program)
    with time_machine.travel(aware(WEDNESDAY + timedelta(days=1)), tick=False):
        first = shown(post_check_in(logged_in, WEDNESDAY))
        again = shown(post_check_in(logged_in, WEDNESDAY))

    assert first[0] == ("success", "Thank you: your check-in is saved.")
    # Every level change of this check-in is in one message, each exercise named once.
    assert len(first) == 2
    level, text = first[1]
    assert level == "info" and "For next time:" in text
    assert "<li>Banded clamshell steps up to level 3 — Medium band</li>" in text
    assert text.count("<li>") == program.exercises.filter(active=True).count()
    # The same answers again: the levels are already applied and shown on Today.
    assert again == [("success", "Thank you: your check-in is updated.")]


def test_a_changed_check_in_tells_only_what_changed(logged_in, client_user):
    program = ProgramFactory(client=client_user)
    two_good_sessions(program)
    with time_machine.travel(aware(WEDNESDAY + timedelta(days=1)), tick=False):
        post_check_in(logged_in, WEDNESDAY)
        # Pain this morning well above the start: the step up is taken back.
        changed = shown(post_check_in(logged_in, WEDNESDAY, pain_now="6"))
    assert changed[0] == ("success", "Thank you: your check-in is updated.")
    changes = [text for level, text in changed if level == "info"]
    assert len(changes) == 1
    assert "Banded clamshell" in changes[0] and "steps up" not in changes[0]


def test_resaving_a_session_does_not_repeat_level_changes(logged_in, client_user):
    program = ProgramFactory(client=client_user)
    log_session(program, START)
    check_in(program, START, pain_now=0)
    url = reverse("programs:session", kwargs={"day": WEDNESDAY})
    with time_machine.travel(aware(WEDNESDAY), tick=False):
        data = session_post(program, WEDNESDAY)
        first = shown(logged_in.post(url, data, follow=True))
        again = shown(logged_in.post(url, data, follow=True))
    assert first[0] == ("success", "Saved your session of Wednesday 4 March.")
    assert len(first) <= 2
    assert again == [("success", "Saved your session of Wednesday 4 March.")]


def test_a_new_flag_is_told_once_and_not_on_a_resave(logged_in, client_user):
    program = ProgramFactory(client=client_user)
    url = reverse("programs:session", kwargs={"day": START})
    with time_machine.travel(aware(START), tick=False):
        data = session_post(program, START, **{"banded_clamshell-pain_during": "8"})
        first = shown(logged_in.post(url, data, follow=True))
        again = shown(logged_in.post(url, data, follow=True))
    flag = Flag.objects.get(client=client_user)
    warnings = [text for level, text in first if level == "warning"]
    assert warnings == [flag.reason]
    assert [text for level, text in again if level == "warning"] == []
    # Still on Today, where it belongs.
    with time_machine.travel(aware(START), tick=False):
        assert flag.reason in logged_in.get(reverse("programs:today")).content.decode()


def test_a_check_in_that_pauses_the_program_says_so_without_repeating_the_flag(
    logged_in, client_user
):
    program = ProgramFactory(client=client_user)
    log_session(program, START)
    with time_machine.travel(aware(START + timedelta(days=1)), tick=False):
        messages = shown(post_check_in(logged_in, START, giving_way="on"))
    assert messages == [
        (
            "error",
            "Your program is paused: please follow the advice below before exercising again.",
        )
    ]
