"""Prescribing from the library: browsing and searching it, adding and changing exercises from
it (level, dose, strength days or every day), templates saved from one client's program and
applied to another's, and the progression rules going on with a prescribed exercise."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from accounts.errors import NotFound, NotPermitted
from care.errors import CareError
from care.models import ProgramTemplate
from care.services import adjustments, program_templates
from programs.engine import library, load_rules
from programs.models import ProgramChange, ScheduledSession
from tests.factories import (
    STRENGTH_ONLY_ANSWERS,
    PhysiotherapistFactory,
    ProgramFactory,
    ProgramTemplateFactory,
    UserFactory,
)
from tests.physio.conftest import START, TODAY, link
from tests.programs.helpers import check_in, log_session

pytestmark = pytest.mark.django_db


def test_the_library_shows_every_exercise_and_level_with_figure_dose_and_cue(physio_client):
    html = physio_client.get(reverse("physio:library")).content.decode()
    for exercise in library.exercises:
        assert exercise.name in html
        for level in exercise.levels:
            assert f"Level {level.level}: {level.title}" in html
            assert level.cue in html
    figures = html.count("<svg")
    assert figures >= sum(item.top_level for item in library.exercises)
    assert "3 × 12 per side" in html or "per side" in html


def test_searching_the_library(physio_client):
    html = physio_client.get(reverse("physio:library"), {"q": "foot"}).content.decode()
    assert "Short foot" in html
    assert "Banded clamshell" not in html
    nothing = physio_client.get(reverse("physio:library"), {"q": "zzzz"}).content.decode()
    assert "No exercise matches “zzzz”" in nothing


def test_the_library_for_a_client_offers_what_their_program_lacks(physio_client, program):
    url = reverse("physio:client_library", args=[program.client_id])
    html = physio_client.get(url).content.decode()
    clamshell = program.exercises.get(code="banded_clamshell")
    assert f"In the program at level {clamshell.level}" in html
    assert "Add Adductor stretch at level 1" in html
    assert "?exercise=adductor_stretch:1" in html


def test_adding_from_the_library_link_and_the_client_reads_why(physio_client, program):
    add = reverse("physio:exercise_add", args=[program.client_id])
    form = physio_client.get(add, {"exercise": "adductor_stretch:1"}).content.decode()
    assert 'value="adductor_stretch:1" selected' in form
    response = physio_client.post(
        add, {"exercise": "adductor_stretch:1", "reason": "your inner thighs are tight"}
    )
    assert response.status_code == 302
    assert program.exercises.get(code="adductor_stretch").source == "physiotherapist"
    client = Client()
    client.force_login(program.client)
    today = client.get(reverse("programs:today")).content.decode()
    assert "added Adductor stretch at level 1" in today
    assert "because your inner thighs are tight" in today


def test_moving_an_exercise_to_every_day_reschedules_and_is_explained(today, physio_user):
    person = UserFactory()
    link(physio_user, person)
    program = ProgramFactory(client=person, start_date=START, answers=STRENGTH_ONLY_ANSWERS)
    assert not program.exercises.filter(frequency="daily").exists()
    rest_day = TODAY + timedelta(days=1)  # Tuesday: no session in a strength-only program
    assert not ScheduledSession.objects.filter(program=program, date=rest_day).exists()
    clamshell = program.exercises.get(code="banded_clamshell")
    change = adjustments.program_change_frequency(
        program_exercise=clamshell,
        actor=physio_user,
        frequency="daily",
        reason="a little every day suits you better",
        today=TODAY,
    )
    assert change.summary == "moved Banded clamshell to every day"
    assert (change.before, change.after) == ({"frequency": "strength"}, {"frequency": "daily"})
    assert ScheduledSession.objects.filter(program=program, date=rest_day).exists()
    with pytest.raises(CareError, match="already done on every day"):
        adjustments.program_change_frequency(
            program_exercise=clamshell, actor=physio_user, frequency="daily", reason="again"
        )


def test_frequency_page_needs_a_reason_and_keeps_the_choice(physio_client, program):
    exercise = program.exercises.get(code="banded_clamshell")
    url = reverse("physio:exercise_frequency", args=[program.client_id, exercise.pk])
    response = physio_client.post(url, {"frequency": "daily", "reason": ""})
    html = response.content.decode()
    assert "Give a reason: the client will see it." in html
    assert 'value="daily"  id="id_frequency_1" required checked' in html  # the choice is kept
    exercise.refresh_from_db()
    assert exercise.frequency == "strength"


def test_a_prescribed_exercise_progresses_by_the_rules(today, program, physio_user):
    adjustments.program_add_exercise(
        program=program,
        actor=physio_user,
        code="adductor_stretch",
        level=1,
        reason="your inner thighs are tight",
    )
    stretch = program.exercises.get(code="adductor_stretch")
    assert stretch.source == "physiotherapist"
    sessions = load_rules().thresholds.advance_sessions
    for offset in range(sessions):  # daily: easy, pain-free sessions on consecutive days
        day = TODAY + timedelta(days=offset)
        log_session(program, day, codes=["adductor_stretch"])
        check_in(program, day, pain_now=1)  # a settled knee the morning after
    stretch.refresh_from_db()
    assert stretch.level == 2
    assert stretch.decisions.filter(action="advance", from_level=1, to_level=2).exists()


# --- templates ---------------------------------------------------------------------------------


def test_a_template_saved_from_one_client_applied_to_a_second(
    today, physio_client, physio_user, program
):
    clamshell = program.exercises.get(code="banded_clamshell")
    adjustments.program_adjust_dose(
        program_exercise=clamshell,
        actor=physio_user,
        sets=4,
        reps=None,
        hold_seconds=None,
        reason="you handle more volume",
    )
    save = reverse("physio:template_save", args=[program.client_id])
    assert physio_client.post(save, {"name": "Hip control"}).status_code == 302
    template = ProgramTemplate.objects.get(physiotherapist=physio_user)
    assert {row.code for row in template.exercises.all()} == set(
        program.exercises.filter(active=True).values_list("code", flat=True)
    )
    # The same name twice is refused next to the field.
    again = physio_client.post(save, {"name": "hip control"}).content.decode()
    assert "You already have a template called" in again

    second = UserFactory(first_name="Jo")
    link(physio_user, second)
    other = ProgramFactory(client=second, start_date=START, answers=STRENGTH_ONLY_ANSWERS)
    apply = reverse("physio:template_apply", args=[second.pk])
    response = physio_client.post(
        apply, {"template": template.pk, "reason": "the hip program that suits you"}
    )
    assert response.status_code == 302
    active = {item.code: item for item in other.exercises.filter(active=True)}
    assert set(active) == {row.code for row in template.exercises.all()}
    assert active["banded_clamshell"].sets_override == 4
    for row in template.exercises.all():
        assert active[row.code].frequency == row.frequency
    changes = ProgramChange.objects.filter(program=other)
    assert changes.exists()
    assert set(changes.values_list("reason", flat=True)) == {"the hip program that suits you"}
    # Then adjust: the applied program is an ordinary program.
    adjustments.program_adjust_level(
        program_exercise=active["banded_clamshell"],
        actor=physio_user,
        level=1,
        reason="start gently",
    )


def test_applying_caps_levels_to_the_clients_equipment(today, physio_user):
    person = UserFactory()
    link(physio_user, person)
    answers = {**STRENGTH_ONLY_ANSWERS, "equipment": []}
    program = ProgramFactory(client=person, start_date=START, answers=answers)
    template = ProgramTemplateFactory(physiotherapist=physio_user)  # clamshell level 2
    applied = program_templates.program_template_apply(
        physio=physio_user, template=template, program=program, reason="hip work at home"
    )
    assert program.exercises.get(code="banded_clamshell").level == 1
    assert "Banded clamshell at level 1" in applied.capped


def test_another_physiotherapists_template_is_not_found(physio_client, physio_user, program):
    theirs = ProgramTemplateFactory(physiotherapist=PhysiotherapistFactory())
    assert physio_client.get(reverse("physio:template_detail", args=[theirs.pk])).status_code == 404
    assert (
        physio_client.post(reverse("physio:template_delete", args=[theirs.pk])).status_code == 404
    )
    apply = reverse("physio:template_apply", args=[program.client_id])
    html = physio_client.post(apply, {"template": theirs.pk, "reason": "x"}).content.decode()
    assert "Choose one of your templates." in html
    with pytest.raises(NotFound):
        program_templates.program_template_apply(
            physio=physio_user, template=theirs, program=program, reason="x"
        )
    assert ProgramTemplate.objects.filter(pk=theirs.pk).exists()


def test_template_services_check_the_link(today, physio_user, program):
    stranger = PhysiotherapistFactory()
    with pytest.raises(NotPermitted):
        program_templates.program_template_save(physio=stranger, program=program, name="Mine")
    own = ProgramTemplateFactory(physiotherapist=stranger)
    with pytest.raises(NotPermitted):
        program_templates.program_template_apply(
            physio=stranger, template=own, program=program, reason="x"
        )


def test_the_templates_page_lists_only_ones_own(physio_client, physio_user):
    ProgramTemplateFactory(physiotherapist=physio_user, name="Knee basics")
    ProgramTemplateFactory(physiotherapist=PhysiotherapistFactory(), name="Someone else's")
    html = physio_client.get(reverse("physio:templates")).content.decode()
    assert "Knee basics" in html
    assert "Someone else" not in html


def test_the_review_offers_the_library_and_templates(physio_client, program):
    html = physio_client.get(reverse("physio:client", args=[program.client_id])).content.decode()
    assert "Prescribe from the library" in html
    assert "Apply a template" in html and "Save as a template" in html
    assert "Change when Banded clamshell is done" in html
