"""The guided session's page and its JSON endpoint: saved through the session service, refused
field by field, once per exercise however often it is sent, and only for one's own days."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from programs.models import ExerciseLog
from programs.policy import prescribed_dose, session_exercises
from tests.dates import START
from tests.factories import ProgramFactory, UserFactory
from tests.programs.helpers import session_on

pytestmark = pytest.mark.django_db

DAY = START + timedelta(days=14)  # a Monday of week 3: a strength day of the default plan


def guided_url(day=DAY):
    return reverse("programs:guided", kwargs={"day": day})


def api_url(day=DAY):
    return reverse("programs:session_log_api", kwargs={"day": day})


def entries(program, day=DAY, **changes):
    """Every exercise due on ``day`` as the guided page sends it: done as prescribed."""
    found = []
    for exercise in session_exercises(session_on(program, day), program.exercises.all()):
        dose = prescribed_dose(exercise)
        found.append(
            {
                "code": exercise.code,
                "sets_done": dose.sets,
                "reps_done": dose.reps,
                "hold_seconds_done": None if dose.reps else dose.hold_seconds,
                "pain_during": 1,
                "difficulty": "easy",
                **changes,
            }
        )
    return found


def post(client, body, day=DAY):
    return client.post(api_url(day), json.dumps(body), content_type="application/json")


@pytest.fixture
def program(client_user, travel):
    program = ProgramFactory(client=client_user, start_date=START)
    travel(DAY)
    return program


def test_the_guided_page_shows_each_exercise_with_figure_dose_and_cue(logged_in, program):
    page = logged_in.get(guided_url()).content.decode()
    due = session_exercises(session_on(program, DAY), program.exercises.all())
    assert page.count("data-step\n") + page.count("data-step ") >= len(due)
    assert page.count('role="img"') == len(due)
    for exercise in due:
        assert f'data-code="{exercise.code}"' in page
        assert str(prescribed_dose(exercise)) in page.replace("&#x27;", "'")
    # Without JavaScript: a way to the form.
    assert "Log the session with the form" in page
    assert reverse("programs:session", kwargs={"day": DAY}) in page


def test_today_offers_the_guided_session_and_the_form(logged_in, program):
    page = logged_in.get(reverse("programs:today")).content.decode()
    assert "Start today's session" in page
    assert guided_url() in page
    assert "Log today's session" in page


def test_a_saved_session_says_what_comes_next_time(logged_in, program):
    response = post(logged_in, {"entries": entries(program)})

    assert response.status_code == 200
    answer = response.json()
    assert answer["saved"] == f"Saved your session of {DAY:%A %-d %B}."
    due = session_exercises(session_on(program, DAY), program.exercises.all())
    assert {item["code"] for item in answer["next_time"]} == {e.code for e in due}
    assert all(item["text"].startswith("Next time: level") for item in answer["next_time"])
    logs = ExerciseLog.objects.filter(session__program=program)
    assert logs.count() == len(due)
    assert {log.pain_during for log in logs} == {1}


def test_sending_the_same_session_twice_logs_it_once(logged_in, program):
    body = {"entries": entries(program)}
    assert post(logged_in, body).status_code == 200
    assert post(logged_in, {"entries": entries(program, pain_during=3)}).status_code == 200

    logs = ExerciseLog.objects.filter(session__program=program)
    assert logs.count() == len(body["entries"])
    assert {log.pain_during for log in logs} == {3}


def test_bad_answers_get_422_with_one_message_per_field(logged_in, program):
    sent = entries(program)
    sent[0]["pain_during"] = None
    sent[1]["difficulty"] = "wonderful"
    sent[2]["sets_done"] = -1
    sent.append({**sent[3]})  # the same exercise twice
    sent.append({"code": "moonwalk", "sets_done": 1})

    response = post(logged_in, {"entries": sent})

    assert response.status_code == 422
    errors = {tuple(error["loc"]): error["msg"] for error in response.json()["errors"]}
    assert errors[("entries", 0, "pain_during")] == "Enter your pain during this exercise, 0 to 10."
    assert errors[("entries", 1, "difficulty")] == "Choose how hard it felt."
    assert "0" in errors[("entries", 2, "sets_done")]
    assert errors[("entries", len(sent) - 2, "code")] == "This exercise is twice."
    assert errors[("entries", len(sent) - 1, "code")] == "This exercise is not part of the session."
    assert not ExerciseLog.objects.exists()


@pytest.mark.parametrize(
    "body", [{}, {"entries": []}, {"entries": "all of them"}, [], None], ids=repr
)
def test_nothing_to_save_is_422(logged_in, program, body):
    response = post(logged_in, body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["entries"]


def test_a_body_that_is_not_json_is_400(logged_in, program):
    response = logged_in.post(api_url(), "pain=1", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "The request body is not JSON."}


def test_a_day_past_its_edit_window_is_refused_with_its_reason(logged_in, program, travel):
    travel(DAY + timedelta(days=30))
    response = post(logged_in, {"entries": entries(program)})
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not ExerciseLog.objects.exists()


def test_another_clients_day_is_not_found(client, program):
    client.force_login(UserFactory())
    response = post(client, {"entries": entries(program)})
    assert response.status_code == 404
    assert response.json() == {"detail": "No session of yours on that day."}
    assert not ExerciseLog.objects.exists()


def test_another_clients_session_is_never_the_one_logged(client, program):
    """A stranger with a program of their own logs their own day, never the owner's."""
    stranger = UserFactory()
    theirs = ProgramFactory(client=stranger, start_date=START)
    client.force_login(stranger)
    assert post(client, {"entries": entries(program)}).status_code == 200
    assert not ExerciseLog.objects.filter(session__program=program).exists()
    assert ExerciseLog.objects.filter(session__program=theirs).exists()


def test_the_endpoint_needs_the_csrf_token(client_user, program):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(client_user)
    response = post(browser, {"entries": entries(program)})
    assert response.status_code == 403
    assert not ExerciseLog.objects.exists()


def test_logged_out_gets_401_in_json(program):
    response = post(Client(), {"entries": entries(program)})
    assert response.status_code == 401
    assert response.json()["detail"] == "Log in again to save this session."
