"""Hostile and oversized input on the forms people type into: refused with a clear message
next to the field (keeping what was typed) or stored and shown escaped; never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from programs.models import ExerciseLog, Message
from tests.accounts.helpers import sign_up, sign_up_and_confirm
from tests.dates import START, aware
from tests.factories import CareLinkFactory, ProgramFactory

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


def _signup(client, **overrides):
    return sign_up(client, **overrides)


def test_html_in_a_name_is_stored_as_text_and_shown_escaped(client):
    response = sign_up_and_confirm(client, first_name=SCRIPT)
    assert response.status_code == 302
    assert User.objects.get(username="newperson").first_name == SCRIPT
    page = client.get(reverse("privacy")).content.decode()
    assert SCRIPT not in page
    assert "&lt;script&gt;" in page


def test_an_oversized_name_is_refused_next_to_the_field_keeping_the_rest(client):
    response = _signup(client, first_name="A" * 10_000, email="keep@example.org")
    assert response.status_code == 200
    form = response.context["form"]
    assert "at most 150 characters" in " ".join(form.errors["first_name"])
    assert 'value="keep@example.org"' in response.content.decode()
    assert not User.objects.filter(username="newperson").exists()


@pytest.mark.parametrize(
    "username", ["<b>bold</b>", "a" * 200, "name with spaces", "emoji😀", "\x00null"]
)
def test_odd_usernames_get_a_message_not_an_error(client, username):
    response = _signup(client, username=username)
    assert response.status_code == 200
    assert response.context["form"].errors["username"]


@pytest.mark.parametrize("value", ["Zoë", "Łukasz", "李小龙", "محمد"])
def test_unicode_names_are_welcome(client, value):
    assert _signup(client, first_name=value).status_code == 302
    assert User.objects.get(username="newperson").first_name == value


@pytest.fixture
def program(time_machine, client_user):
    time_machine.move_to(aware(START, 18), tick=False)
    return ProgramFactory(client=client_user, start_date=START)


def _session_form_data(page, note: str) -> dict[str, str]:
    data = {}
    for form in page.context["forms"]:
        for field in form:
            value = field.value()
            data[field.html_name] = "" if value is None or value is False else value
        data[form["pain_during"].html_name] = "1"
        data[form["difficulty"].html_name] = "easy"
        data[form["note"].html_name] = note
    return data


def test_a_10k_character_log_note_is_refused_and_kept_in_the_form(logged_in, program):
    url = reverse("programs:session", kwargs={"day": START})
    data = _session_form_data(logged_in.get(url), "x" * 10_000)
    response = logged_in.post(url, data)
    assert response.status_code == 200
    assert not ExerciseLog.objects.exists()
    page = response.content.decode()
    assert "at most 1000 characters" in page
    assert "x" * 10_000 in page  # nothing typed is lost


def test_html_in_a_log_note_is_shown_escaped(logged_in, program):
    url = reverse("programs:session", kwargs={"day": START})
    response = logged_in.post(url, _session_form_data(logged_in.get(url), SCRIPT))
    assert response.status_code == 302
    assert ExerciseLog.objects.filter(note=SCRIPT).exists()
    page = logged_in.get(url).content.decode()
    assert SCRIPT not in page


@pytest.fixture
def linked(program, client_user, physio_user):
    CareLinkFactory(physiotherapist=physio_user, client=client_user, consented_at=timezone.now())
    return client_user


def test_physio_message_of_10k_characters_is_refused_and_kept(client, linked, physio_user):
    client.force_login(physio_user)
    url = reverse("physio:message_send", args=[linked.pk])
    response = client.post(url, {"body": "y" * 10_000})
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    assert "y" * 10_000 in response.content.decode()
    assert not Message.objects.exists()


def test_html_in_a_physio_message_reaches_the_client_escaped(client, linked, physio_user):
    client.force_login(physio_user)
    client.post(reverse("physio:message_send", args=[linked.pk]), {"body": SCRIPT})
    assert Message.objects.get().body == SCRIPT
    client.force_login(linked)
    page = client.get(reverse("programs:today")).content.decode()
    assert "&lt;script&gt;" in page
    assert SCRIPT not in page


def test_non_numeric_ids_in_urls_are_404_not_500(client, physio_user):
    client.force_login(physio_user)
    for path in ("/physio/clients/abc/", "/physio/clients/99999999999999999999/"):
        assert client.get(path).status_code == 404
