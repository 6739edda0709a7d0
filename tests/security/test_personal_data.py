"""Every table of personal data is declared by its app (``accounts.personal_data``), and the
copy of a person's data and the deletion of their account go through those declarations."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from accounts.personal_data import PersonalData, declarations
from care.models import ClinicalNote, Invitation
from privacy.services import account_delete
from tests.factories import (
    CareLinkFactory,
    ClinicalNoteFactory,
    MessageFactory,
    ProgramFactory,
    ReminderSentFactory,
)
from tests.programs.helpers import check_in, log_session

OUR_APPS = ("accounts", "assessments", "programs", "care", "privacy", "demo")


def _points_at_a_user(field: models.Field) -> bool:
    return field.is_relation and field.related_model is apps.get_model(settings.AUTH_USER_MODEL)


def test_every_model_with_a_user_key_is_declared_as_personal_data():
    declared = {item.model for item in declarations()}
    undeclared = [
        model._meta.label
        for app in OUR_APPS
        for model in apps.get_app_config(app).get_models()
        if any(_points_at_a_user(field) for field in model._meta.get_fields() if field.concrete)
        and model._meta.label not in declared
    ]
    assert undeclared == []


def test_every_declaration_names_a_real_model_and_lookup():
    for item in declarations():
        model = item.model_class  # raises for an unknown model
        first = item.owner.split("__")[0]
        assert first == "pk" or first in {field.name for field in model._meta.get_fields()}, item


def test_export_names_are_unique():
    names = [item.export_as for item in declarations() if item.export_as is not None]
    assert len(names) == len(set(names))


@pytest.fixture
def history(client_user, physio_user):
    program = ProgramFactory(client=client_user, start_date=date(2026, 3, 2))
    log_session(program, date(2026, 3, 2), pain_during=2)
    check_in(program, date(2026, 3, 2), pain_now=1)
    invitation = Invitation.objects.create(physiotherapist=physio_user, accepted_by=client_user)
    CareLinkFactory(client=client_user, physiotherapist=physio_user, invitation=invitation)
    MessageFactory(client=client_user, physiotherapist=physio_user, body="Keep going!")
    ClinicalNoteFactory(client=client_user, physiotherapist=physio_user, body="Private.")
    ReminderSentFactory(client=client_user, date=date(2026, 3, 3))
    return program


@pytest.mark.django_db
def test_the_copy_has_one_table_per_declaration_that_applies(logged_in, client_user, history):
    tables = json.loads(logged_in.post(reverse("privacy_export_json")).content)["tables"]
    expected = {
        item.export_as
        for item in declarations()
        if item.export_as is not None and item.applies_to(client_user)
    }
    assert set(tables) == expected
    for item in declarations():
        if item.export_as in tables:
            assert len(tables[item.export_as]) == item.rows(client_user).count(), item.model
    assert tables["reminders_sent"][0]["date"] == "2026-03-03"


@pytest.mark.django_db
def test_deleting_the_account_empties_every_declared_table(client_user, history):
    declared = list(declarations())
    assert any(item.rows(client_user).exists() for item in declared)
    username = client_user.username
    account_delete(user=client_user)
    for item in declared:
        value = username if item.by_username else history.client_id
        assert not item.model_class.objects.filter(**{item.owner: value}).exists(), item.model
    # Rows kept for another person stay with them, no longer linked to the deleted account.
    kept = [item for item in declared if item.kept_for]
    assert [item.model for item in kept] == ["care.ClinicalNote"]
    note = ClinicalNote.objects.get()
    assert note.client_id is None and note.physiotherapist_id is not None


def test_rows_kept_for_another_must_point_at_the_person_directly():
    with pytest.raises(ValueError):
        PersonalData(
            "care.ClinicalNote",
            owner="client__pk",
            export_as=None,
            why_not="x",
            kept_for="physiotherapist",
        )
