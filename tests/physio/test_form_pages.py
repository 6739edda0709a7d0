"""What every physiotherapist form page does: a refusal from the service sits next to its field
(or above the form) with what was typed kept; success goes back to the client's page with a
message saying what happened."""

from __future__ import annotations

import pytest
from django.urls import reverse

from programs.models import Program, ProgramChange

pytestmark = pytest.mark.django_db


def test_resuming_a_running_program_says_why_not_and_keeps_the_reason(physio_client, program):
    response = physio_client.post(
        reverse("physio:program_resume", args=[program.client_id]),
        {"reason": "Seen by Dr Okafor on Friday"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The program is not paused." in html
    assert "Seen by Dr Okafor on Friday" in html
    assert not ProgramChange.objects.filter(program=program).exists()


def test_pausing_twice_says_why_not(physio_client, program):
    url = reverse("physio:program_pause", args=[program.client_id])
    physio_client.post(url, {"reason": "Swollen after running"})
    response = physio_client.post(url, {"reason": "Again"})
    assert response.status_code == 200
    assert "Only an active program can be paused." in response.content.decode()
    assert ProgramChange.objects.filter(program=program, kind="pause").count() == 1


def test_a_pause_goes_back_to_the_program_with_a_message(physio_client, program):
    response = physio_client.post(
        reverse("physio:program_pause", args=[program.client_id]),
        {"reason": "Swollen after running"},
        follow=True,
    )
    page, _ = response.redirect_chain[-1]
    assert page == reverse("physio:client", args=[program.client_id]) + "#program"
    assert "Program paused. The client sees your reason on Today." in response.content.decode()
    program.refresh_from_db()
    assert (program.status, program.paused_reason) == (
        Program.Status.PAUSED,
        "Swollen after running",
    )


def test_a_blank_reason_is_asked_for_next_to_the_field(physio_client, program):
    response = physio_client.post(
        reverse("physio:program_pause", args=[program.client_id]), {"reason": ""}
    )
    assert response.status_code == 200
    assert "Give a reason: the client will see it." in response.content.decode()
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE


@pytest.mark.parametrize("name", ["program_pause", "program_resume", "note_add", "message_send"])
def test_another_physiotherapists_client_is_not_found(client, program, other_physio, name):
    client.force_login(other_physio)
    url = reverse(f"physio:{name}", args=[program.client_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x", "body": "x"}).status_code == 404
