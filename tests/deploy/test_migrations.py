"""The care app took over CareLink and Invitation (from accounts) and ClinicalNote (from
programs) without moving a row: a database that holds the demo data from before the move is
migrated forward and every link, invitation and note is still there, readable by the new models,
with its audit trail pointing at them. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from care.models import CareLink, ClinicalNote, Invitation
from care.selectors.caseload import caseload_clients
from tests.physio.test_caseload_entries import kept as entries_kept
from tests.physio.test_caseload_entries import recomputed as entries_recomputed

pytestmark = pytest.mark.django_db(transaction=True)

# The last migrations before the move, and no care app yet.
BEFORE_THE_MOVE = [
    ("accounts", "0001_initial"),
    ("programs", "0004_reminder_sent_names"),
    ("care", None),
]
MOVED = {("accounts", "carelink"), ("accounts", "invitation"), ("programs", "clinicalnote")}


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return executor


def test_migrating_forward_keeps_the_demo_data_and_its_audit_trail():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    # The demo data (loaded first: it records consents, whose table came after the move), then
    # back to before the move.
    call_command("load_demo", stdout=StringIO())
    executor = migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state([target for target in BEFORE_THE_MOVE if target[1]]).apps
    # The content types are the old apps' again.
    labels = set(ContentType.objects.values_list("app_label", "model"))
    assert MOVED <= labels and not {("care", model) for _, model in MOVED} & labels

    # Rows written by the models as they were before the move.
    old_user = old.get_model("accounts", "User")
    physio = old_user.objects.get(username="physio")
    client = old_user.objects.get(username="demo_lena")
    invitation = old.get_model("accounts", "Invitation").objects.create(
        physiotherapist=physio, code="OLDCODE1", expires_at=timezone.now()
    )
    old_link = old.get_model("accounts", "CareLink").objects.create(
        client=client, physiotherapist=physio, invitation=invitation, ended_at=timezone.now()
    )
    old_note = old.get_model("programs", "ClinicalNote").objects.create(
        client=client, physiotherapist=physio, body="Written before the care app existed."
    )
    old_type = ContentType.objects.get(app_label="accounts", model="carelink")
    LogEntry.objects.create(
        content_type=old_type, object_pk=str(old_link.pk), object_repr="link", action=0
    )
    counts = {
        "links": CareLink.objects.count(),
        "invitations": Invitation.objects.count(),
        "notes": ClinicalNote.objects.count(),
    }
    assert counts["links"] >= 6 and counts["notes"] >= 4

    migrate(latest)

    assert {
        "links": CareLink.objects.count(),
        "invitations": Invitation.objects.count(),
        "notes": ClinicalNote.objects.count(),
    } == counts
    link = CareLink.objects.get(pk=old_link.pk)
    assert (link.client.username, link.invitation.code) == ("demo_lena", "OLDCODE1")
    assert ClinicalNote.objects.get(pk=old_note.pk).body == "Written before the care app existed."
    labels = set(ContentType.objects.values_list("app_label", "model"))
    assert not MOVED & labels
    care_link_type = ContentType.objects.get_for_model(CareLink)
    trail = LogEntry.objects.filter(object_pk=str(old_link.pk), content_type=care_link_type)
    assert trail.filter(object_repr="link").exists()
    assert not LogEntry.objects.filter(content_type__app_label="accounts").exclude(
        content_type__model="user"
    )
    # The physiotherapist still sees the seven demo clients.
    physio_now = CareLink.objects.filter(physiotherapist_id=physio.pk).first().physiotherapist
    assert caseload_clients(physio_now).count() == 7
    # Their caseload entries were made from the links and summaries as stored.
    assert entries_kept() == entries_recomputed()
