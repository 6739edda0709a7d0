"""The caseload entries (``CaseloadEntry``): one per active care link, so a client who shares
with two physiotherapists is in both caseloads, and every service that changes what they copy
(the summary, the client's name, the link) keeps them equal to a computation from scratch."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction

from accounts.services import account_settings_update
from care.models import CareLink
from care.selectors.caseload import Sort, caseload_clients, caseload_page
from care.services import flags as care_flags
from care.services import linking
from privacy.services import account_delete
from programs.models import CaseloadEntry
from programs.services.summaries import caseload_entries_add
from tests.dates import START, THREE_WEEKS_IN, aware
from tests.factories import (
    FlagFactory,
    InvitationFactory,
    PhysiotherapistFactory,
    ProgramFactory,
    UserFactory,
)
from tests.programs.helpers import log_session

pytestmark = pytest.mark.django_db

ENTRY_FIELDS = (
    "physio_id",
    "client_id",
    "sort_rank",
    "sort_raised",
    "sort_activity",
    "sort_adherence",
    "sort_pain",
    "sort_name",
)


def kept() -> list[tuple]:
    return sorted(CaseloadEntry.objects.values_list(*ENTRY_FIELDS))


def recomputed() -> list[tuple]:
    """The entries made afresh from the active links and the summaries and names as stored."""
    with transaction.atomic():
        point = transaction.savepoint()
        CaseloadEntry.objects.all().delete()
        for link in CareLink.objects.active():
            caseload_entries_add(physio_id=link.physiotherapist_id, client_ids=[link.client_id])
        result = kept()
        transaction.savepoint_rollback(point)
    return result


def names(physio, sort: str = "name") -> list[str]:
    page = caseload_page(physio, caseload_clients(physio), sort=Sort.parse(sort))
    return [row.client.display_name for row in page.rows]


def accept(physio, client):
    invitation = InvitationFactory(physiotherapist=physio)
    return linking.invitation_accept(code=invitation.code, client=client)


def test_entries_follow_every_service_that_changes_what_they_copy(time_machine):
    time_machine.move_to(aware(THREE_WEEKS_IN), tick=False)
    first, second = PhysiotherapistFactory(), PhysiotherapistFactory()
    anna = UserFactory(first_name="Anna", last_name="Ames")
    bert = UserFactory(first_name="Bert", last_name="Berg")
    program = ProgramFactory(client=anna, start_date=START)

    # Anna shares with both physiotherapists: she is in both caseloads.
    link = accept(first, anna)
    accept(second, anna)
    accept(first, bert)
    assert names(first) == ["Anna Ames", "Bert Berg"]
    assert names(second) == ["Anna Ames"]
    assert kept() == recomputed()

    # A log, a flag raised and acknowledged: the entries move with the summary.
    log_session(program, THREE_WEEKS_IN - timedelta(days=1), pain_during=4)
    flag = FlagFactory(client=bert, urgency="same_day")
    assert names(first, "flag") == ["Bert Berg", "Anna Ames"]
    care_flags.flag_acknowledge(flag=flag, actor=first, note="Seen")
    assert kept() == recomputed()

    # A new name sorts the client by it in every caseload.
    account_settings_update(user=anna, first_name="Zoe", last_name="Ames", email=anna.email)
    assert names(first) == ["Bert Berg", "Zoe Ames"]
    assert names(second) == ["Zoe Ames"]
    assert kept() == recomputed()

    # Ending one link takes the client out of that caseload only.
    linking.care_link_end(link=link, actor=anna)
    assert names(first) == ["Bert Berg"]
    assert names(second) == ["Zoe Ames"]
    assert kept() == recomputed()

    # Sharing again puts her back; deleting her account takes her out of every caseload.
    accept(first, anna)
    assert names(first) == ["Bert Berg", "Zoe Ames"]
    account_delete(user=anna)
    assert names(first) == ["Bert Berg"]
    assert names(second) == []
    assert kept() == recomputed()


def test_an_entry_that_outlived_its_link_shows_nothing_of_the_client(time_machine):
    """Links end through the services, which remove the entry; should one be ended some other
    way (a database restored in part, a script), the caseload still lists only linked clients."""
    time_machine.move_to(aware(THREE_WEEKS_IN), tick=False)
    physio = PhysiotherapistFactory()
    anna = UserFactory(first_name="Anna", last_name="Ames")
    bert = UserFactory(first_name="Bert", last_name="Berg")
    link = accept(physio, anna)
    accept(physio, bert)
    CareLink.objects.filter(pk=link.pk).update(ended_at=aware(THREE_WEEKS_IN))
    assert CaseloadEntry.objects.filter(physio=physio, client=anna).exists()
    for sort in ("name", "-name", "flag", "activity"):
        assert names(physio, sort) == ["Bert Berg"]


def test_the_admin_shows_care_links_but_never_makes_changes_or_ends_them(admin_client):
    physio = PhysiotherapistFactory()
    link = accept(physio, UserFactory())
    assert admin_client.get("/admin/care/carelink/").status_code == 200
    assert admin_client.get(f"/admin/care/carelink/{link.pk}/change/").status_code == 200
    assert admin_client.get("/admin/care/carelink/add/").status_code == 403
    response = admin_client.post(
        f"/admin/care/carelink/{link.pk}/change/",
        {"ended_at_0": "2026-03-02", "ended_at_1": "9:00"},
    )
    assert response.status_code == 403
    assert admin_client.get(f"/admin/care/carelink/{link.pk}/delete/").status_code == 403
    link.refresh_from_db()
    assert link.ended_at is None
