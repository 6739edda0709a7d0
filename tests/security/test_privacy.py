"""Download my data, delete my account, and the anonymised audit trail left behind."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from accounts.audit import DELETED_USER, audit_record_access
from accounts.models import User
from assessments.models import Assessment
from care.models import CareLink, ClinicalNote, Invitation
from programs.models import (
    CheckIn,
    ExerciseLog,
    Flag,
    Message,
    Program,
    ScheduledSession,
)
from tests.factories import (
    DEFAULT_PASSWORD,
    CareLinkFactory,
    ClinicalNoteFactory,
    MessageFactory,
    ProgramFactory,
)
from tests.programs.helpers import check_in, log_session

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


@pytest.fixture
def history(client_user, physio_user):
    """A client with a program, a logged session, a check-in, a physiotherapist link, a message
    and a clinical note about them."""
    program = ProgramFactory(client=client_user, start_date=MONDAY)
    log_session(program, MONDAY, pain_during=2)
    check_in(program, MONDAY, pain_now=1)
    invitation = Invitation.objects.create(physiotherapist=physio_user, accepted_by=client_user)
    CareLinkFactory(client=client_user, physiotherapist=physio_user, invitation=invitation)
    MessageFactory(client=client_user, physiotherapist=physio_user, body="Keep going!")
    ClinicalNoteFactory(
        client=client_user, physiotherapist=physio_user, body="Private: watch the left knee."
    )
    return program


def test_privacy_page_needs_login(client):
    response = client.get(reverse("privacy"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_json_export_holds_the_clients_own_data(logged_in, client_user, history):
    response = logged_in.post(reverse("privacy_export_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    document = json.loads(response.content)
    tables = document["tables"]
    assert tables["account"][0]["username"] == client_user.username
    assert "password" not in tables["account"][0]
    assert "calendar_token" not in tables["account"][0]
    assert tables["assessments"][0]["answers"]["pain_now"] == 2
    assert len(tables["exercise_logs"]) == ExerciseLog.objects.count() > 0
    assert {log["pain_during"] for log in tables["exercise_logs"]} == {2}
    assert tables["check_ins"][0]["pain_now"] == 1
    assert tables["messages_received"][0]["body"] == "Keep going!"
    assert len(tables["care_links"]) == 1
    # The physiotherapist's private notes are their record, not part of the client's copy.
    assert "watch the left knee" not in response.content.decode()


def test_export_never_contains_another_clients_data(logged_in, other_client_user, history):
    ProgramFactory(client=other_client_user, start_date=MONDAY)
    document = json.loads(logged_in.post(reverse("privacy_export_json")).content)
    owner_ids = {row["owner_id"] for row in document["tables"]["assessments"]}
    assert other_client_user.pk not in owner_ids
    assert {row["client_id"] for row in document["tables"]["programs"]} == {history.client_id}


def test_zip_export_has_one_csv_per_table(logged_in, history):
    response = logged_in.post(reverse("privacy_export_zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"README.txt", "account.csv", "exercise_logs.csv", "check_ins.csv"} <= names
    logs_csv = archive.read("exercise_logs.csv").decode("utf-8-sig")
    header, *rows = logs_csv.strip().splitlines()
    assert "pain_during" in header.split(",")
    assert len(rows) == ExerciseLog.objects.count()


def test_csv_cells_that_look_like_formulas_are_neutralised(logged_in, client_user):
    client_user.first_name = '=HYPERLINK("http://evil")'
    client_user.save()
    archive = zipfile.ZipFile(io.BytesIO(logged_in.post(reverse("privacy_export_zip")).content))
    rows = list(csv.DictReader(io.StringIO(archive.read("account.csv").decode("utf-8-sig"))))
    assert rows[0]["first_name"] == '\'=HYPERLINK("http://evil")'


def test_exports_are_post_only(logged_in):
    assert logged_in.get(reverse("privacy_export_json")).status_code == 405
    assert logged_in.get(reverse("privacy_export_zip")).status_code == 405


def test_export_is_in_the_clients_audit_trail(logged_in, client_user):
    logged_in.post(reverse("privacy_export_json"))
    page = logged_in.get(reverse("privacy")).content.decode()
    assert "Downloaded a copy of your data (JSON)" in page


def test_who_has_seen_my_data_lists_the_physiotherapist(
    logged_in, client_user, physio_user, other_client_user
):
    audit_record_access(
        actor=physio_user, subject_user=client_user, what="Viewed your progress and logs"
    )
    audit_record_access(
        actor=physio_user, subject_user=other_client_user, what="Viewed someone else's logs"
    )
    page = logged_in.get(reverse("privacy")).content.decode()
    assert physio_user.display_name in page
    assert "Viewed your progress and logs" in page
    assert "someone else" not in page


def test_program_changes_by_the_physiotherapist_are_audited(client, client_user, physio_user):
    program = ProgramFactory(client=client_user, start_date=MONDAY)
    client.force_login(physio_user)
    # A change made inside a request carries the person who made it.
    from auditlog.context import set_actor

    with set_actor(physio_user):
        program.paused_reason = "Review first"
        program.status = Program.Status.PAUSED
        program.save()
    entry = LogEntry.objects.filter(additional_data__client_id=client_user.pk, actor=physio_user)
    assert entry.exists()
    client.force_login(client_user)
    page = client.get(reverse("privacy")).content.decode()
    assert "Changed your program" in page


def _delete(client, **overrides):
    data = {"username": "", "password": DEFAULT_PASSWORD, "confirm": "on", **overrides}
    return client.post(reverse("privacy_delete"), data)


def test_delete_needs_username_password_and_confirmation(logged_in, client_user, history):
    response = _delete(logged_in, username="someone-else")
    assert response.status_code == 400
    assert "Type your username exactly" in response.content.decode()
    response = _delete(logged_in, username=client_user.username, password="wrong")
    assert "That is not your current password" in response.content.decode()
    response = _delete(logged_in, username=client_user.username, confirm="")
    assert "Tick this box" in response.content.decode()
    # What was typed stays in the form (except the password, which browsers never refill).
    assert f'value="{client_user.username}"' in response.content.decode()
    assert User.objects.filter(pk=client_user.pk).exists()


def test_delete_removes_everything_and_keeps_an_anonymised_trail(
    logged_in, client_user, physio_user, history
):
    audit_record_access(actor=physio_user, subject_user=client_user, what="Viewed your logs")
    logged_in.post(reverse("privacy_export_json"))
    pk, username, email = client_user.pk, client_user.username, client_user.email
    name = client_user.display_name

    response = _delete(logged_in, username=username)

    assert response.status_code == 302
    assert response["Location"] == reverse("landing")
    assert not User.objects.filter(pk=pk).exists()
    assert not Assessment.objects.filter(owner_id=pk).exists()
    assert not Program.objects.filter(client_id=pk).exists()
    assert not ScheduledSession.objects.exists()
    assert not ExerciseLog.objects.exists()
    assert not CheckIn.objects.exists()
    assert not Flag.objects.filter(client_id=pk).exists()
    assert not CareLink.objects.filter(client_id=pk).exists()
    assert not Invitation.objects.filter(accepted_by__isnull=True).exists()
    assert not Message.objects.exists()
    # The physiotherapist's clinical note is their record: it stays with them, unlinked, naming
    # the client only as written in its header.
    note = ClinicalNote.objects.get()
    assert (note.client, note.client_display_name, note.physiotherapist) == (
        None,
        name,
        physio_user,
    )
    assert note.body == "Private: watch the left knee."
    # The physiotherapist keeps their account.
    assert User.objects.filter(pk=physio_user.pk).exists()

    entries = list(LogEntry.objects.all())
    access = [e for e in entries if e.action == LogEntry.Action.ACCESS]
    assert len(access) == 2  # the physiotherapist's view and the person's own export
    viewed = next(e for e in access if e.actor_id == physio_user.pk)
    assert viewed.object_repr == DELETED_USER
    exported = next(e for e in access if e.actor_id is None)
    assert exported.actor_email is None
    assert any(e.changes_text.startswith("Account and all its health data") for e in entries)
    dump = json.dumps(
        [
            [e.object_repr, e.changes, e.additional_data, e.actor_email, e.changes_text]
            for e in entries
        ]
    )
    for secret in (username, email, name, "Keep going"):
        assert secret not in dump

    # Logged out and told so.
    follow = logged_in.get(reverse("landing"))
    assert not follow.wsgi_request.user.is_authenticated
    assert "have been deleted" in follow.content.decode()


def test_physiotherapist_cannot_export_or_delete_a_client(client, client_user, physio_user):
    """There is no URL taking another person's id: whatever a physiotherapist posts acts on
    their own account, so the client is untouched."""
    client.force_login(physio_user)
    response = _delete(client, username=client_user.username)
    assert response.status_code == 400
    assert User.objects.filter(pk=client_user.pk).exists()
    document = json.loads(client.post(reverse("privacy_export_json")).content)
    assert document["tables"]["account"][0]["username"] == physio_user.username
    assert client.post(f"/accounts/privacy/delete/{client_user.pk}/").status_code == 404
    assert client.post(f"/accounts/privacy/export.json?user={client_user.pk}").status_code == 200
    assert User.objects.filter(pk=client_user.pk).exists()


def test_the_physiotherapist_keeps_their_notes_about_a_deleted_client(
    client, logged_in, client_user, physio_user, history
):
    name, username, email = client_user.display_name, client_user.username, client_user.email
    _delete(logged_in, username=client_user.username)
    client.force_login(physio_user)
    page = " ".join(client.get(reverse("physio:records")).content.decode().split())
    assert f'{name} <span class="badge text-bg-light border">account deleted' in page
    assert "Private: watch the left knee." in page
    # Nothing else of the client: their username and email are not on the page.
    assert username not in page and email not in page


def test_the_deletion_pages_say_the_notes_stay_with_the_physiotherapist(logged_in):
    for name in ("privacy", "consent_withdraw"):
        page = " ".join(logged_in.get(reverse(name)).content.decode().split())
        assert "those notes stay with them: clinicians must keep their clinical records" in page


def test_the_copy_still_has_everything_but_the_notes(logged_in, history):
    tables = json.loads(logged_in.post(reverse("privacy_export_json")).content)["tables"]
    assert tables["messages_received"][0]["body"] == "Keep going!"
    assert tables["programs"] and tables["exercise_logs"] and tables["care_links"]
    assert "watch the left knee" not in json.dumps(tables)
