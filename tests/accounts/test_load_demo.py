"""The demo data reads like three weeks of real use, and loading it twice changes nothing."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from care.models import CareLink, ClinicalNote, Invitation
from programs.models import (
    CheckIn,
    ExerciseLog,
    Flag,
    Message,
    Program,
    ProgramChange,
    ProgressionDecision,
)

TODAY = date(2026, 3, 25)
MODELS = (
    User,
    Invitation,
    CareLink,
    Program,
    ExerciseLog,
    CheckIn,
    ProgressionDecision,
    Flag,
    ProgramChange,
    Message,
)

pytestmark = pytest.mark.django_db


def local_day(moment: datetime) -> date:
    return timezone.localdate(moment)


def noon() -> datetime:
    return timezone.make_aware(datetime.combine(TODAY, time(12)))


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module (it replays three weeks of use through the
    services, which takes seconds) in a transaction rolled back after the module's last test.
    Each test runs in its own savepoint inside it, so what one test writes the next never sees."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("validate_data", verbosity=0)
        with time_machine.travel(noon(), tick=True):
            call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_loaded, db):
    with time_machine.travel(noon(), tick=True):
        yield


def test_decisions_are_dated_by_the_session_or_check_in_that_caused_them(demo):
    decisions = ProgressionDecision.objects.select_related("exercise_log__session")
    assert decisions.exists()
    for decision in decisions:
        session_day = decision.exercise_log.session.date
        assert local_day(decision.created_at) in (session_day, session_day + timedelta(days=1))
    # The physiotherapist's history of a client doing well spreads over the weeks, not one day.
    advances = decisions.filter(
        program_exercise__program__client__username="demo_omar", action="advance"
    )
    days = {local_day(decision.created_at) for decision in advances}
    assert len(days) >= 4
    assert TODAY not in days


def test_logs_check_ins_flags_and_changes_carry_their_own_days(demo):
    for log in ExerciseLog.objects.select_related("session"):
        assert local_day(log.created_at) == local_day(log.updated_at) == log.session.date
    for checkin in CheckIn.objects.select_related("session"):
        assert local_day(checkin.created_at) == checkin.session.date + timedelta(days=1)
    pain_flag = Flag.objects.get(client__username="demo_priya", source="session")
    assert local_day(pain_flag.created_at) == TODAY - timedelta(days=1)
    tom = Program.objects.get(client__username="demo_tom")
    assert tom.status == "paused" and local_day(tom.paused_at) == TODAY - timedelta(days=2)
    pause = ProgramChange.objects.get(program=tom, kind="pause")
    assert local_day(pause.created_at) == TODAY - timedelta(days=2)
    for program in Program.objects.exclude(client__username="demo_maria"):
        assert local_day(program.created_at) == TODAY - timedelta(days=22)
    # Maria's program waited for her clearance, recorded the evening she was seen.
    maria = Program.objects.get(client__username="demo_maria")
    assert local_day(maria.created_at) == TODAY - timedelta(days=17)
    assert maria.start_date == TODAY - timedelta(days=16)
    omar = Program.objects.get(client__username="demo_omar")
    link = CareLink.objects.get(client__username="demo_omar")
    assert local_day(link.consented_at) < local_day(omar.assessment.submitted_at)


def test_messages_and_notes_are_days_apart(demo):
    for model in (Message, ClinicalNote):
        days = sorted(
            local_day(item.created_at) for item in model.objects.filter(client__username="client")
        )
        assert len(days) == 2
        assert (days[1] - days[0]).days >= 3
        assert days[-1] < TODAY


def test_loading_twice_changes_nothing(demo):
    def snapshot():
        return {
            model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS
        } | {
            "decisions": sorted(
                ProgressionDecision.objects.values_list("pk", "created_at", "to_level")
            ),
            "levels": sorted(
                Program.objects.values_list(
                    "client__username", "exercises__code", "exercises__level"
                )
            ),
        }

    before = snapshot()
    with time_machine.travel(timezone.make_aware(datetime.combine(TODAY, time(15))), tick=True):
        call_command("load_demo", stdout=StringIO())
    assert snapshot() == before
    assert User.objects.get(username="client").check_password("valgus-demo-client")


def test_the_demo_client_reads_that_their_physiotherapist_has_seen_the_assessment_flag(demo):
    flag = Flag.objects.get(client__username="client", source="assessment")
    assert flag.status == "acknowledged" and flag.acknowledgement_shared
    assert local_day(flag.acknowledged_at) == TODAY - timedelta(days=21)
    browser = Client()
    browser.force_login(User.objects.get(username="client"))
    page = browser.get(reverse("programs:today")).content.decode()
    assert "Your physiotherapist has seen this" in page
    assert "Seen in clinic: no sign of damage." in page
    assert "Book a physiotherapist" not in page


def test_the_physiotherapist_sees_who_cleared_the_client_and_when(demo, client):
    physio = User.objects.get(username="physio")
    maria = User.objects.get(username="demo_maria")
    clearance = maria.clearances.get()
    assert clearance.seen_on == TODAY - timedelta(days=17)
    assert local_day(clearance.created_at) == TODAY - timedelta(days=17)
    assert maria.programs.get().assessment.evaluation_before_clearance["program_allowed"] is False
    # The referral the clearance answered is kept resolved, saying who saw her and when.
    flag = Flag.objects.get(client=maria, source="assessment")
    assert flag.status == "resolved" and flag.resolution_shared
    assert flag.resolution_note.startswith("Seen by Mr Daniel Reyes (orthopaedic specialist)")
    browser = client  # completes the physiotherapist's second step, as their code would
    browser.force_login(physio)
    caseload = browser.get(reverse("physio:caseload")).content.decode()
    assert "New clearance: Mr Daniel Reyes (Orthopaedic specialist)" in caseload
    review = browser.get(reverse("physio:client", args=[maria.pk])).content.decode()
    assert "Program released after clinician clearance" in review
    section = review.split('id="clearances"')[1].split("</section>")[0]
    assert "Mr Daniel Reyes" in section and "(Orthopaedic specialist)" in section
    assert f"seen on {TODAY - timedelta(days=17):%-d %b %Y}" in section
