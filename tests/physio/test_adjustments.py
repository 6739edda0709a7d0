"""Program adjustments, flags, notes and messages: each with its reason, each visible where it
should be and nowhere else."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from care.errors import CareError
from care.models import ClinicalNote
from care.selectors.review import messages_for_client
from care.services import adjustments, conversations, notes
from programs.models import (
    Flag,
    Message,
    Program,
    ProgramChange,
    ProgramExercise,
    ProgressionDecision,
    ScheduledSession,
)
from programs.policy import prescribed_dose
from tests.programs.helpers import check_in, log_session

pytestmark = pytest.mark.django_db


def _exercise(program, code="banded_clamshell") -> ProgramExercise:
    return program.exercises.get(code=code)


def test_level_change_records_reason_decision_and_change(physio_client, program, physio_user):
    clamshell = _exercise(program)
    before = clamshell.level
    url = reverse("physio:exercise_level", args=[program.client_id, clamshell.pk])
    response = physio_client.post(url, {"level": 1, "reason": "Pain at the front of the knee"})
    assert response.status_code == 302
    clamshell.refresh_from_db()
    assert clamshell.level == 1
    change = ProgramChange.objects.get(program=program, kind="level")
    assert (change.actor, change.before, change.after) == (
        physio_user,
        {"level": before},
        {"level": 1},
    )
    assert change.summary == f"changed Banded clamshell from level {before} to level 1"
    assert change.reason == "Pain at the front of the knee"
    decision = ProgressionDecision.objects.filter(program_exercise=clamshell).last()
    assert (decision.action, decision.from_level, decision.to_level) == ("adjust", before, 1)


def test_reason_is_required_and_nothing_typed_is_lost(physio_client, program):
    clamshell = _exercise(program)
    url = reverse("physio:exercise_level", args=[program.client_id, clamshell.pk])
    level_before = clamshell.level
    response = physio_client.post(url, {"level": 1, "reason": "   "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give a reason: the client will see it." in html
    assert '<option value="1" selected>' in html
    clamshell.refresh_from_db()
    assert clamshell.level == level_before
    assert not ProgramChange.objects.exists()


def test_levels_beyond_the_equipment_caps_are_refused(program, physio_user):
    Program.objects.filter(pk=program.pk).update(equipment=[])
    clamshell = _exercise(program)
    with pytest.raises(CareError, match="not possible"):
        adjustments.program_adjust_level(
            program_exercise=clamshell, actor=physio_user, level=3, reason="Try"
        )
    with pytest.raises(CareError):
        adjustments.program_adjust_level(
            program_exercise=clamshell, actor=physio_user, level=6, reason="Try"
        )


def test_level_form_offers_only_possible_levels(physio_client, program):
    Program.objects.filter(pk=program.pk).update(equipment=[])
    deadlift = _exercise(program, "single_leg_deadlift")
    html = physio_client.get(
        reverse("physio:exercise_level", args=[program.client_id, deadlift.pk])
    ).content.decode()
    assert 'value="3"' in html
    assert 'value="4"' not in html  # level 4 needs a dumbbell


def test_progression_continues_from_the_adjusted_level(program, physio_user):
    clamshell = _exercise(program)
    adjustments.program_adjust_level(
        program_exercise=clamshell, actor=physio_user, level=1, reason="Settle the pain first"
    )
    # Two complete, easy, pain-free sessions at level 1, each with a calm morning after.
    for day in (date(2026, 3, 23), date(2026, 3, 25)):
        log_session(program, day, pain_during=1, codes=["banded_clamshell"], today=day)
        check_in(program, day, pain_now=2)
    clamshell.refresh_from_db()
    assert clamshell.level == 2
    last = ProgressionDecision.objects.filter(program_exercise=clamshell).last()
    assert (last.action, last.from_level, last.to_level) == ("advance", 1, 2)


def test_dose_override_and_back_to_usual(physio_client, program):
    clamshell = _exercise(program)
    url = reverse("physio:exercise_dose", args=[program.client_id, clamshell.pk])
    physio_client.post(url, {"sets": 2, "reps": "", "hold_seconds": "", "reason": "Fewer sets"})
    clamshell.refresh_from_db()
    assert clamshell.sets_override == 2
    assert prescribed_dose(clamshell).sets == 2
    change = ProgramChange.objects.get(kind="dose")
    assert "to 2 × 12" in change.summary

    response = physio_client.post(url, {"sets": 40, "reason": "Too many"})
    assert "Ensure this value is less than or equal to 10." in response.content.decode()


def test_add_and_remove_exercises(physio_client, program):
    client_id = program.client_id
    add = reverse("physio:exercise_add", args=[client_id])
    html = physio_client.get(add).content.decode()
    # Exercises already in the program are not offered; the others are, with their levels.
    assert "adductor_stretch:1" in html
    assert "banded_clamshell:1" not in html
    physio_client.post(add, {"exercise": "adductor_stretch:2", "reason": "Tight adductors"})
    added = _exercise(program, "adductor_stretch")
    assert (added.level, added.active, added.source) == (2, True, "physiotherapist")

    remove = reverse("physio:exercise_remove", args=[client_id, added.pk])
    response = physio_client.post(remove, {"reason": ""})
    assert "Give a reason" in response.content.decode()
    physio_client.post(remove, {"reason": "Not needed after all"})
    added.refresh_from_db()
    assert not added.active
    assert list(ProgramChange.objects.order_by("pk").values_list("kind", flat=True)) == [
        "add",
        "remove",
    ]


def test_change_strength_days_from_today(physio_client, program):
    url = reverse("physio:strength_days", args=[program.client_id])
    response = physio_client.post(url, {"days": [1], "reason": "Work"})
    assert "Choose 2 to 4 strength days (you chose 1)." in response.content.decode()
    physio_client.post(url, {"days": [1, 3], "reason": "Works on Mondays now"})
    program.refresh_from_db()
    assert program.strength_days == [1, 3]
    future = ScheduledSession.objects.filter(program=program, date__gte=date(2026, 3, 23))
    assert {s.date.weekday() for s in future if s.is_strength_day} == {1, 3}
    past = ScheduledSession.objects.get(program=program, date=date(2026, 3, 16))
    assert past.is_strength_day  # a Monday before the change keeps its strength work


def test_pause_and_resume_with_reasons(physio_client, program):
    client_id = program.client_id
    physio_client.post(reverse("physio:program_pause", args=[client_id]), {"reason": "Swelling"})
    program.refresh_from_db()
    assert program.status == "paused"
    physio_client.post(
        reverse("physio:program_resume", args=[client_id]), {"reason": "Seen today: fine"}
    )
    program.refresh_from_db()
    assert program.status == "active"


def test_acknowledge_and_resolve_a_flag(physio_client, program, physio_user):
    result = log_session(program, date(2026, 3, 23), pain_during=8, codes=["banded_clamshell"])
    flag = Flag.objects.get(client=program.client, source="session")
    assert flag in result.flags
    url = reverse("physio:flag_acknowledge", args=[program.client_id, flag.pk])
    response = physio_client.post(url, {"note": ""})
    assert "Write a short note to acknowledge the flag." in response.content.decode()
    physio_client.post(url, {"note": "Phoned: level lowered"})
    flag.refresh_from_db()
    assert (flag.status, flag.acknowledged_by, flag.acknowledgement_note) == (
        "acknowledged",
        physio_user,
        "Phoned: level lowered",
    )
    resolve = reverse("physio:flag_resolve", args=[program.client_id, flag.pk])
    page = physio_client.get(resolve).content.decode()
    assert "Show this note to the client" in page
    assert "checked" not in page.split("Show this note to the client")[0].rsplit("<input", 1)[-1]
    # Resolving needs a note; nothing typed is lost.
    response = physio_client.post(resolve, {"note": ""})
    assert "Write a short note saying why the flag is resolved." in response.content.decode()
    flag.refresh_from_db()
    assert flag.status == "acknowledged"
    physio_client.post(resolve, {"note": "Reviewed in clinic: settled"})
    flag.refresh_from_db()
    assert (flag.status, flag.resolution_note, flag.resolution_shared) == (
        "resolved",
        "Reviewed in clinic: settled",
        False,
    )


def test_client_sees_the_change_and_the_reason_on_today(client, program, physio_user):
    clamshell = _exercise(program)
    before = clamshell.level
    adjustments.program_adjust_level(
        program_exercise=clamshell, actor=physio_user, level=1, reason="your knee hurt on Monday"
    )
    client.force_login(program.client)
    html = " ".join(client.get(reverse("programs:today")).content.decode().split())
    assert (
        f"Your physiotherapist changed Banded clamshell from level {before} to level 1 "
        "because your knee hurt on Monday"
    ) in html


def test_messages_reach_the_client_and_notes_never_do(physio_client, client, program):
    client_id = program.client_id
    physio_client.post(
        reverse("physio:message_send", args=[client_id]), {"body": "Great work this week"}
    )
    physio_client.post(reverse("physio:note_add", args=[client_id]), {"body": "PRIVATE-NOTE-XYZ"})
    assert Message.objects.get().body == "Great work this week"
    assert ClinicalNote.objects.get().body == "PRIVATE-NOTE-XYZ"
    assert [m.body for m in messages_for_client(program.client)] == ["Great work this week"]
    review = physio_client.get(reverse("physio:client", args=[client_id])).content.decode()
    assert "PRIVATE-NOTE-XYZ" in review

    client.force_login(program.client)
    for name in ("programs:today", "programs:progress", "sharing"):
        assert "PRIVATE-NOTE-XYZ" not in client.get(reverse(name)).content.decode()


def test_empty_note_or_message_keeps_the_page_with_an_error(physio_client, program):
    response = physio_client.post(
        reverse("physio:note_add", args=[program.client_id]), {"body": ""}
    )
    assert "Write the note before saving." in response.content.decode()
    assert not ClinicalNote.objects.exists()


def test_services_refuse_an_unlinked_physio(program, other_physio):
    with pytest.raises(PermissionDenied):
        adjustments.program_adjust_level(
            program_exercise=_exercise(program), actor=other_physio, level=1, reason="x"
        )
    with pytest.raises(PermissionDenied):
        conversations.message_send(physio=other_physio, client=program.client, body="hello")
    with pytest.raises(PermissionDenied):
        notes.clinical_note_add(physio=other_physio, client=program.client, body="note")
    assert not ProgramChange.objects.exists()
    assert not Message.objects.exists()
