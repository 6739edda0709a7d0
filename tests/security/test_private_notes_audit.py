"""A physiotherapist's private clinical notes never surface on the client's privacy page,
while admins still see them in the audit trail."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from care.services.notes import clinical_note_add
from tests.factories import CareLinkFactory

pytestmark = pytest.mark.django_db


def test_a_clinical_note_is_audited_but_not_shown_to_the_client(
    logged_in, client_user, physio_user
):
    CareLinkFactory(client=client_user, physiotherapist=physio_user)
    clinical_note_add(physio=physio_user, client=client_user, body="Check hip strength.")

    assert LogEntry.objects.filter(content_type__model="clinicalnote").exists()
    page = logged_in.get(reverse("privacy")).content.decode()
    # The "who has seen or changed your data" list (the deletion card says, in general, that
    # a physiotherapist's notes stay with them).
    seen = page.split('id="seen-heading"')[1].split('id="delete-heading"')[0]
    assert "clinical note" not in seen.lower() and "note" not in seen.lower()
    assert "Check hip strength." not in page
