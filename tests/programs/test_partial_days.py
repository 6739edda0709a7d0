"""A strength day with only the daily items logged is "Partly done", never "Done"."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from tests.dates import START, aware
from tests.factories import ProgramFactory
from tests.programs.helpers import log_session

pytestmark = pytest.mark.django_db


@time_machine.travel(aware(START), tick=False)
def test_strength_day_with_only_daily_items_logged_is_partly_done(logged_in, client_user):
    program = ProgramFactory(client=client_user, start_date=START)
    daily = list(program.exercises.filter(frequency="daily").values_list("code", flat=True))
    assert daily, "the typical program has daily items"
    log_session(program, START, codes=daily)

    today = logged_in.get(reverse("programs:today")).content.decode()
    assert "Partly done" in today
    session = logged_in.get(reverse("programs:session", args=[START.isoformat()]))
    assert "strength exercises still to log" in session.content.decode()

    log_session(program, START)
    today = logged_in.get(reverse("programs:today")).content.decode()
    assert "Partly done" not in today
    assert ">Done<" in today


def test_after_resuming_the_open_flag_no_longer_says_the_program_is_paused(logged_in, client_user):
    from datetime import timedelta

    from programs import services
    from tests.programs.helpers import check_in

    program = ProgramFactory(client=client_user, start_date=START)
    log_session(program, START)
    check_in(program, START, giving_way=True)
    program.refresh_from_db()
    assert program.status == program.Status.PAUSED

    with time_machine.travel(aware(START + timedelta(days=2)), tick=False):
        paused = logged_in.get(reverse("programs:today")).content.decode()
        assert "Your program is paused" in paused
        services.program_resume(
            program=program, actor=client_user, reason="my GP examined the knee and cleared me"
        )
        resumed = logged_in.get(reverse("programs:today")).content.decode()
    assert "orthopaedic" in resumed.lower()  # the referral itself still stands
    assert "paused" not in resumed.lower().replace("was paused", "")
