"""Opening a page changes no clinical state: every GET a client (or their physiotherapist) can
make leaves the database as it was. Completing programs and the adherence check are the daily
job's; the one write a page may make is the read receipt of messages (Today, a conversation).

Both scenarios are days on which the daily job would change something, so a page that did its
work would be caught: three weeks into a program with nothing logged for two weeks (the adherence
flag is due), and the day after a program's last day (it is due to complete).
"""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from assessments.models import Assessment
from care.models import ProgramTemplate
from care.services import linking
from programs.models import Message, Program
from programs.services import reassessment_submit
from tests.dates import START, aware
from tests.factories import (
    NOT_ALLOWED_ANSWERS,
    AssessmentFactory,
    CareLinkFactory,
    ClinicalNoteFactory,
    MessageFactory,
    PhysiotherapistFactory,
    ProgramFactory,
    ProgramTemplateFactory,
)
from tests.programs.helpers import check_in, log_session

pytestmark = pytest.mark.django_db

THREE_WEEKS_IN = START + timedelta(days=21)
AFTER_THE_LAST_DAY = START + timedelta(weeks=12)
OUR_APPS = ("accounts", "assessments", "programs", "care")
# Not clinical state: Today and the conversation pages mark the other side's messages as read (a
# read receipt, programs/services/messages.py), and
# logging the physiotherapist in for their pages records the time of the login.
NOT_CLINICAL = {(Message, "read_at"), (User, "last_login")}


def snapshot() -> dict[str, list[dict]]:
    """Every row of every model of our apps, as plain values."""
    rows = {}
    for app in OUR_APPS:
        for model in apps.get_app_config(app).get_models():
            ignored = {name for kind, name in NOT_CLINICAL if kind is model}
            values = model.objects.order_by("pk").values()
            rows[model._meta.label] = [
                {key: value for key, value in row.items() if key not in ignored} for row in values
            ]
    return rows


def client_pages(program: Program, reassessment: Assessment, draft: Assessment) -> list[str]:
    """Every page of the client's journeys, with ids and dates of their own data."""
    user = program.client
    day = START + timedelta(days=2)
    invitation = linking.invitation_create(physiotherapist=PhysiotherapistFactory())
    return [
        reverse("home"),
        reverse("programs:today"),
        reverse("programs:start", args=[program.assessment.uid]),
        reverse("programs:session", args=[day]),
        reverse("programs:guided", args=[day]),
        reverse("programs:checkin", args=[day]),
        reverse("programs:print"),
        reverse("programs:flags"),
        reverse("programs:resume"),
        reverse("programs:progress"),
        reverse("programs:progress_program", args=[program.pk]),
        reverse("programs:reassess"),
        reverse("programs:reassessment_result", args=[reassessment.uid]),
        reverse("programs:calendar_feed", args=[user.calendar_token]),
        reverse("assessments:start"),
        reverse("assessments:list"),
        reverse("assessments:result", args=[program.assessment.uid]),
        reverse("assessments:clearance", args=[program.assessment.uid]),
        reverse("assessments:step", args=[draft.uid, "about-you"]),
        reverse("account_settings"),
        reverse("privacy"),
        reverse("sharing"),
        reverse("sharing_invitation", args=[invitation.code]),
    ]


def physio_pages(program: Program, physio: User) -> list[str]:
    client_id = program.client_id
    exercise = program.exercises.first()
    flag = program.flags.first()
    template = ProgramTemplate.objects.get(physiotherapist=physio)
    pages = [
        reverse("physio:caseload"),
        reverse("physio:library"),
        reverse("physio:templates"),
        reverse("physio:template_detail", args=[template.pk]),
        reverse("physio:client_library", args=[client_id]),
        reverse("physio:handout", args=[client_id]),
        reverse("physio:template_save", args=[client_id]),
        reverse("physio:template_apply", args=[client_id]),
        reverse("physio:invitations"),
        reverse("physio:notifications"),
        reverse("physio:records"),
        reverse("physio:client", args=[client_id]),
        reverse("physio:program_pause", args=[client_id]),
        reverse("physio:program_resume", args=[client_id]),
        reverse("physio:strength_days", args=[client_id]),
        reverse("physio:exercise_add", args=[client_id]),
        reverse("physio:note_add", args=[client_id]),
        reverse("physio:message_send", args=[client_id]),
    ]
    pages += [
        reverse(f"physio:{name}", args=[client_id, exercise.pk])
        for name in ("exercise_level", "exercise_dose", "exercise_remove", "exercise_frequency")
    ]
    withheld = next(
        item
        for item in Assessment.objects.filter(owner_id=client_id, status="submitted")
        if not item.evaluation.get("program_allowed", True)
    )
    pages.append(reverse("physio:assessment_clearance", args=[client_id, withheld.uid]))
    if flag is not None:
        pages.append(reverse("physio:flag_acknowledge", args=[client_id, flag.pk]))
        pages.append(reverse("physio:flag_resolve", args=[client_id, flag.pk]))
    return pages


def _route_names(resolver: URLResolver, namespace: str) -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            names |= _route_names(pattern, inner.strip(":"))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}".strip(":"))
    return names


def test_the_pages_below_cover_every_page_of_the_client_and_physiotherapist_apps():
    names = _route_names(get_resolver(), "")
    listed = {
        "programs:" + name
        for name in (
            "today start session guided checkin print flags resume progress progress_program "
            "reassess reassessment_result calendar_feed"
        ).split()
    } | {
        "physio:" + name
        for name in (
            "caseload invitations notifications records client program_pause program_resume "
            "strength_days "
            "exercise_add note_add message_send exercise_level exercise_dose exercise_remove "
            "flag_acknowledge flag_resolve library templates template_detail client_library "
            "template_save template_apply exercise_frequency handout assessment_clearance"
        ).split()
    }
    # Routes that only take a POST, so there is no page to open.
    post_only = {
        "physio:invitation_cancel",
        "physio:client_end",
        "physio:template_delete",
        "programs:session_log_api",
    }
    # The in-clinic assessment pages write a draft when started; their own tests cover them.
    post_only |= {"physio:assessment_start", "physio:assessment_step", "physio:assessment_result"}
    ours = {name for name in names if name.split(":")[0] in {"programs", "physio"}}
    assert ours - post_only == listed


@pytest.fixture
def scenario(client_user, physio_user, time_machine):
    """A client three weeks into a program, with a physiotherapist, a flag, a message, a note,
    a reassessment and a draft self-assessment."""
    time_machine.move_to(aware(START, 9), tick=False)
    program = ProgramFactory(client=client_user, start_date=START)
    CareLinkFactory(client=client_user, physiotherapist=physio_user)
    log_session(program, START, pain_during=9, codes=["banded_clamshell"])  # raises a flag
    check_in(program, START, pain_now=2)
    log_session(program, START + timedelta(days=2))
    MessageFactory(client=client_user, physiotherapist=physio_user, body="Keep going")
    MessageFactory(
        client=client_user, physiotherapist=physio_user, sender="client", body="Thank you"
    )
    ClinicalNoteFactory(client=client_user, physiotherapist=physio_user, body="Note")
    ProgramTemplateFactory(physiotherapist=physio_user)
    reassessment = reassessment_submit(
        client=client_user,
        program=program,
        week=1,
        answers={
            "pain_now": 1,
            "pain_worst_week": 2,
            "single_leg_squat_left": "none",
            "single_leg_squat_right": "none",
            "squat_knees_cave": "none",
            "hip_drop_left": False,
            "hip_drop_right": False,
            "global_rating_of_change": "better",
        },
    )
    draft = AssessmentFactory(owner=client_user, draft=True)
    # A later self-assessment that withholds the program: its clearance page for the
    # physiotherapist.
    AssessmentFactory(owner=client_user, answers=NOT_ALLOWED_ANSWERS)
    return program, reassessment, draft


@pytest.mark.parametrize("day", [THREE_WEEKS_IN, AFTER_THE_LAST_DAY], ids=["adherence", "end"])
def test_opening_every_page_changes_nothing(client, scenario, physio_user, time_machine, day):
    program, reassessment, draft = scenario
    time_machine.move_to(aware(day, 9), tick=False)
    pages = client_pages(program, reassessment, draft) + [
        reverse("conversations"),
        reverse("conversation", args=[physio_user.pk]),
    ]
    client.force_login(program.client)
    before = snapshot()
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert snapshot() == before, f"GET {url} changed the database"
    client.force_login(physio_user)
    for url in physio_pages(program, physio_user):
        response = client.get(url)
        assert response.status_code == 200, url
        assert snapshot() == before, f"GET {url} changed the database"
    # The daily job does change it on this day: the pages were given something to do.
    call_command("run_daily", "--date", day.isoformat(), stdout=StringIO())
    assert snapshot() != before
