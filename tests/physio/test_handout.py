"""The handout: the client's current program on paper from the client review, with figures,
doses, cues, the physiotherapist's name and the date."""

from __future__ import annotations

import pytest
from django.urls import reverse

from care.services import adjustments
from programs.engine import library
from programs.policy import prescribed_dose

pytestmark = pytest.mark.django_db


def test_the_handout_shows_the_program_with_who_and_when(
    physio_client, physio_user, program, today
):
    side_steps = program.exercises.get(code="banded_side_steps")
    adjustments.program_remove_exercise(
        program_exercise=side_steps, actor=physio_user, reason="your hip is tired"
    )
    html = physio_client.get(reverse("physio:handout", args=[program.client_id])).content.decode()
    assert f"Exercise program for {program.client.display_name}" in html
    assert f"From {physio_user.display_name}, physiotherapist, 23 March 2026." in html
    active = list(program.exercises.filter(active=True))
    assert html.count('class="printable-exercise"') == len(active)
    for exercise in active:
        level = library.level(exercise.code, exercise.level)
        assert library.get(exercise.code).name in html
        assert str(prescribed_dose(exercise)) in html
        assert level.cue.replace("'", "&#x27;") in html
    assert "Banded side steps" not in html
    assert html.count("<svg") >= len(active)
    assert "Print the handout" in html


def test_the_review_links_to_the_handout(physio_client, program):
    html = physio_client.get(reverse("physio:client", args=[program.client_id])).content.decode()
    assert reverse("physio:handout", args=[program.client_id]) in html


def test_no_handout_without_a_current_program(physio_client, make_linked):
    person = make_linked()
    assert physio_client.get(reverse("physio:handout", args=[person.pk])).status_code == 404
