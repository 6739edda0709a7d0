"""Invitations, consent and ending a link, from both sides."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from care.errors import InvitationError
from care.models import CareLink, Invitation
from care.services import linking
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_physio_creates_an_invitation_and_sees_it_pending(physio_client, physio_user, today):
    response = physio_client.post(reverse("physio:invitations"), follow=True)
    invitation = Invitation.objects.get(physiotherapist=physio_user)
    html = response.content.decode()
    assert invitation.code in html
    # Shown as the client types it and as the link spells it: eight characters, no dash.
    assert re.fullmatch(r"[A-Z2-9]{8}", invitation.code)
    assert re.search(rf'class="[^"]*invitation-code[^"]*"[^>]*>{invitation.code}</span>', html)
    assert f"{invitation.code[:4]}-{invitation.code[4:]}" not in html
    assert "Pending" in html
    assert reverse("sharing_invitation", args=[invitation.code]) in html
    assert invitation.expires_at == timezone.now() + timedelta(days=7)


def test_the_example_code_on_the_sharing_page_looks_like_a_real_code(client, client_user):
    client.force_login(client_user)
    html = client.get(reverse("sharing")).content.decode()
    example = re.search(r"for example ([A-Z0-9-]+)\.", html)
    assert example and re.fullmatch(r"[A-Z2-9]{8}", example[1])


def test_client_sees_what_is_shared_before_accepting(client, client_user, physio_user, today):
    invitation = linking.invitation_create(physiotherapist=physio_user)
    client.force_login(client_user)
    page = client.get(reverse("sharing_invitation", args=[invitation.code])).content.decode()
    assert f"Share your data with {physio_user.display_name}?" in page
    for item in (
        "self-assessment answers",
        "exercise program",
        "morning check-ins",
        "flags",
        "reassessments",
        "private clinical notes",
        "Send you messages",
    ):
        assert item in page
    # Looking is not consenting.
    assert not CareLink.objects.exists()


def test_accepting_needs_the_consent_box_and_records_the_time(
    client, client_user, physio_user, today
):
    invitation = linking.invitation_create(physiotherapist=physio_user)
    client.force_login(client_user)
    url = reverse("sharing_invitation", args=[invitation.code])
    response = client.post(url, {})
    assert "Tick this box to confirm that you agree to share." in response.content.decode()
    assert not CareLink.objects.exists()

    response = client.post(url, {"agree": "on"}, follow=True)
    link = CareLink.objects.get()
    assert (link.client, link.physiotherapist) == (client_user, physio_user)
    assert link.consented_at == timezone.now()
    invitation.refresh_from_db()
    assert invitation.accepted_by == client_user
    assert f"You now share your data with {physio_user.display_name}" in response.content.decode()


def test_code_typed_in_lower_case_with_a_dash_is_accepted(client, client_user, physio_user, today):
    invitation = linking.invitation_create(physiotherapist=physio_user)
    client.force_login(client_user)
    typed = f"{invitation.code[:4].lower()}-{invitation.code[4:].lower()} "
    response = client.post(reverse("sharing"), {"code": typed})
    assert response.url == reverse("sharing_invitation", args=[invitation.code])


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("expired", "This invitation has expired"),
        ("used", "already been used"),
        ("cancelled", "cancelled this invitation"),
        ("unknown", "could not find an invitation with this code"),
    ],
)
def test_unusable_codes_say_why(client, client_user, physio_user, today, state, message):
    invitation = linking.invitation_create(physiotherapist=physio_user)
    code = invitation.code
    if state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    elif state == "used":
        linking.invitation_accept(code=code, client=UserFactory())
    elif state == "cancelled":
        linking.invitation_cancel(invitation=invitation, actor=physio_user)
    else:
        code = "ZZZZ2222"
    client.force_login(client_user)
    # Typed on the sharing page: the message is next to the field and the code is kept.
    response = client.post(reverse("sharing"), {"code": code})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert f'value="{code}"' in html
    # Opened as a link.
    response = client.get(reverse("sharing_invitation", args=[code]))
    assert message in response.content.decode()
    assert not CareLink.objects.filter(client=client_user).exists()


def test_invitation_expires_after_seven_days(physio_user, client_user, time_machine, today):
    invitation = linking.invitation_create(physiotherapist=physio_user)
    time_machine.shift(timedelta(days=7, seconds=1))
    with pytest.raises(InvitationError, match="expired"):
        linking.invitation_accept(code=invitation.code, client=client_user)


def test_client_revokes_and_the_physio_loses_access_at_once(
    client, client_user, physio_user, linked_client
):
    physio_url = reverse("physio:client", args=[client_user.pk])
    client.force_login(physio_user)
    assert client.get(physio_url).status_code == 200

    client.force_login(client_user)
    link = CareLink.objects.get(client=client_user)
    response = client.post(reverse("sharing_end", args=[link.pk]), follow=True)
    html = response.content.decode()
    assert "They can no longer see your data." in html
    assert "Past links" in html

    client.force_login(physio_user)
    assert client.get(physio_url).status_code == 404
    assert client_user.display_name not in client.get(reverse("physio:caseload")).content.decode()


def test_physio_ends_the_link(physio_client, client_user, linked_client, client):
    response = physio_client.post(reverse("physio:client_end", args=[client_user.pk]))
    assert response.status_code == 302
    link = CareLink.objects.get(client=client_user)
    assert link.ended_at is not None
    assert physio_client.get(reverse("physio:client", args=[client_user.pk])).status_code == 404


def test_client_cannot_end_someone_elses_link(client, other_client_user, linked_client):
    link = CareLink.objects.get(client=linked_client)
    client.force_login(other_client_user)
    assert client.post(reverse("sharing_end", args=[link.pk])).status_code == 404
    link.refresh_from_db()
    assert link.ended_at is None


def test_physio_cancels_an_invitation(physio_client, physio_user, today):
    invitation = linking.invitation_create(physiotherapist=physio_user)
    physio_client.post(reverse("physio:invitation_cancel", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None
    html = physio_client.get(reverse("physio:invitations")).content.decode()
    assert "Cancelled" in html


def test_another_physios_invitation_cannot_be_cancelled(client, other_physio, physio_user, today):
    invitation = linking.invitation_create(physiotherapist=physio_user)
    client.force_login(other_physio)
    assert client.post(reverse("physio:invitation_cancel", args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None
    assert invitation.code not in client.get(reverse("physio:invitations")).content.decode()


def test_a_physio_cannot_accept_an_invitation(client, other_physio, physio_user, today):
    invitation = linking.invitation_create(physiotherapist=physio_user)
    client.force_login(other_physio)
    url = reverse("sharing_invitation", args=[invitation.code])
    assert "cannot be accepted from this account" in client.get(url).content.decode()
    client.post(url, {"agree": "on"})
    assert not CareLink.objects.exists()


def test_sharing_again_after_revoking_creates_a_new_link(physio_user, client_user, today):
    first = linking.invitation_accept(
        code=linking.invitation_create(physiotherapist=physio_user).code, client=client_user
    )
    linking.care_link_end(link=first, actor=client_user)
    second = linking.invitation_accept(
        code=linking.invitation_create(physiotherapist=physio_user).code, client=client_user
    )
    assert second.is_active and second.pk != first.pk


def test_accepting_twice_while_linked_is_refused(physio_user, client_user, today):
    linking.invitation_accept(
        code=linking.invitation_create(physiotherapist=physio_user).code, client=client_user
    )
    again = linking.invitation_create(physiotherapist=physio_user)
    with pytest.raises(InvitationError, match="already share"):
        linking.invitation_accept(code=again.code, client=client_user)
