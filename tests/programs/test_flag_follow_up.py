"""Once the linked physiotherapist has acknowledged a flag, the client reads that they have seen
it, with the note only when the physiotherapist chose to show it; a physiotherapist referral no
longer tells the client to book one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from care.services import flags as care_flags
from tests.factories import CareLinkFactory, FlagFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("shared", [False, True])
def test_an_acknowledged_flag_says_the_physiotherapist_has_seen_it(logged_in, client_user, shared):
    link = CareLinkFactory(client=client_user)
    flag = FlagFactory(client=client_user)
    before = logged_in.get(reverse("programs:flags")).content.decode()
    assert "What to do:" in before and "has seen this" not in before
    care_flags.flag_acknowledge(
        flag=flag, actor=link.physiotherapist, note="Private: review Friday", shared=shared
    )
    page = logged_in.get(reverse("programs:flags")).content.decode()
    assert "Your physiotherapist has seen this" in page
    assert ("Private: review Friday" in page) is shared
    assert "What to do:" not in page

    care_flags.flag_resolve(flag=flag, actor=link.physiotherapist, note="Settled in clinic")
    page = logged_in.get(reverse("programs:flags")).content.decode()
    assert "Your physiotherapist marked this resolved" in page
    assert "Settled in clinic" not in page  # not shown: not ticked
