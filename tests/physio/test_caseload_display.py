"""What the caseload shows of each client and how it sorts: flagged rows that stand out (to the
eye and to a screen reader) with the flag's cause and age, acknowledged flags above clients
without, any column as the order, unread messages and new clearances, and bad parameters that
fall back to the default order."""

from __future__ import annotations

import base64
import json
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from assessments.presentation import flag_cause, flag_cause_rules
from assessments.services import assessment_record_clearance
from care.services import flags as care_flags
from programs.engine import load_rules
from programs.models import Flag, Message
from programs.services import client_summary_refresh
from tests.dates import START, THREE_WEEKS_IN, aware
from tests.factories import (
    AssessmentFactory,
    CareLinkFactory,
    FlagFactory,
    MessageFactory,
    ProgramFactory,
    UserFactory,
)
from tests.programs.helpers import log_session

pytestmark = pytest.mark.django_db

URL = "/physio/"


def names(html: str) -> list[str]:
    return re.findall(r'<a href="/physio/clients/\d+/">([^<]+)</a>', html)


def row_of(html: str, name: str) -> str:
    for row in re.findall(r"<tr class=\"caseload-row[^\"]*\">.*?</tr>", html, re.S):
        if f">{name}</a>" in row:
            return row
    raise AssertionError(f"no row for {name}")


def flag(client, *, urgency="within_2_weeks", rule="", days_ago=0, **values):
    made = FlagFactory(client=client, urgency=urgency, rule=rule, **values)
    if days_ago:
        Flag.objects.filter(pk=made.pk).update(
            created_at=aware(THREE_WEEKS_IN - timedelta(days=days_ago))
        )
        client_summary_refresh(client_id=client.pk)
    return made


def test_a_flagged_row_stands_out_and_says_why_and_since_when(physio_client, make_linked):
    urgent = make_linked(first_name="Ursula", last_name="Urgent")
    waiting = make_linked(first_name="Wanda", last_name="Waiting")
    make_linked(first_name="Carl", last_name="Calm")
    flag(urgent, urgency="same_day", destination="emergency", rule="FLG-CHECKIN-EMERGENCY")
    flag(waiting, rule="REF-GIVING-WAY", days_ago=3)

    html = physio_client.get(URL).content.decode()

    urgent_row = row_of(html, "Ursula Urgent")
    assert "table-danger" in urgent_row and "caseload-flag-urgent" in urgent_row
    assert "Check-in: emergency signs" in urgent_row
    assert "open since today" in urgent_row
    waiting_row = row_of(html, "Wanda Waiting")
    assert "table-warning" in waiting_row and "caseload-flag-open" in waiting_row
    assert (
        '<span class="visually-hidden">Flag: Physiotherapist · within 2 weeks, '
        "Knee giving way, open 3 days.</span>"
    ) in waiting_row
    assert "Knee giving way" in waiting_row
    assert "open 3 days" in waiting_row
    calm_row = row_of(html, "Carl Calm")
    assert "table-" not in calm_row and "visually-hidden" not in calm_row
    # The stylesheet that draws the left edge exists and names these classes.
    css = open("static/css/app.css").read()
    assert ".caseload-flag-urgent" in css and ".caseload-flag-open" in css


def test_acknowledged_flags_stay_above_clients_without(physio_client, make_linked, physio_user):
    open_one = make_linked(first_name="Olga", last_name="Open")
    acknowledged = make_linked(first_name="Abe", last_name="Acknowledged")
    active = make_linked(first_name="Nora", last_name="Noflag")
    program = ProgramFactory(client=active, start_date=START)
    log_session(program, date(2026, 3, 22))
    flag(open_one, urgency="routine")
    seen = flag(acknowledged, urgency="same_day", destination="emergency")
    care_flags.flag_acknowledge(flag=seen, actor=physio_user, note="Booked for today")

    html = physio_client.get(URL).content.decode()

    assert names(html) == ["Olga Open", "Abe Acknowledged", "Nora Noflag"]
    row = row_of(html, "Abe Acknowledged")
    assert "caseload-flag-acknowledged" in row and "table-danger" not in row
    assert "acknowledged" in row


@pytest.fixture
def three(make_linked):
    """Three clients that each sort first by a different column."""
    amy = make_linked(first_name="Amy", last_name="Zed")  # first by name; no program
    bea = make_linked(first_name="Bea", last_name="Young")
    cal = make_linked(first_name="Cal", last_name="Xu")
    bea_program = ProgramFactory(client=bea, start_date=START)
    for day in (date(2026, 3, 10), date(2026, 3, 12)):
        log_session(bea_program, day, pain_during=5)
    cal_program = ProgramFactory(client=cal, start_date=START)
    for offset in range(1, 12):
        log_session(cal_program, THREE_WEEKS_IN - timedelta(days=offset), pain_during=1)
    flag(amy, urgency="routine")
    return amy, bea, cal


@pytest.mark.parametrize(
    ("sort", "order", "column", "aria"),
    [
        ("", ["Amy Zed", "Cal Xu", "Bea Young"], "Flags", "ascending"),
        ("name", ["Amy Zed", "Bea Young", "Cal Xu"], "Client", "ascending"),
        ("-name", ["Cal Xu", "Bea Young", "Amy Zed"], "Client", "descending"),
        ("activity", ["Cal Xu", "Bea Young", "Amy Zed"], "Last log", "descending"),
        ("-activity", ["Amy Zed", "Bea Young", "Cal Xu"], "Last log", "ascending"),
        ("adherence", ["Bea Young", "Cal Xu", "Amy Zed"], "Adherence", "ascending"),
        ("pain", ["Bea Young", "Cal Xu", "Amy Zed"], "Pain during", "descending"),
        ("-flag", ["Bea Young", "Cal Xu", "Amy Zed"], "Flags", "descending"),
    ],
)
def test_sort_by_any_column(physio_client, three, sort, order, column, aria):
    html = physio_client.get(URL, {"sort": sort} if sort else {}).content.decode()
    assert names(html) == order
    header = re.search(rf'<th scope="col" aria-sort="(\w+)">\s*<a[^>]*>{column}', html)
    assert header is not None and header.group(1) == aria
    assert html.count("aria-sort=") == 1


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "password; drop table"},
        {"sort": "--name"},
        {"after": "not-a-cursor"},
        {"before": "%%%"},
        {"after": base64.urlsafe_b64encode(json.dumps([1, 2]).encode()).decode()},
        {"after": base64.urlsafe_b64encode(json.dumps(["x", 1, 2, 3, 4]).encode()).decode()},
        {"after": base64.urlsafe_b64encode(b"[1, true, null, {}, []]").decode()},
        {"sort": "name", "after": base64.urlsafe_b64encode(b'["\\u0000", 5]').decode()},
        {"sort": "adherence", "after": base64.urlsafe_b64encode(b'[1e400, "x", 5]').decode()},
        {
            "sort": "adherence",
            "after": base64.urlsafe_b64encode(b'[99999999999999999999, "x", 5]').decode(),
        },
    ],
)
def test_bad_sort_or_page_parameters_fall_back_safely(physio_client, three, params):
    response = physio_client.get(URL, params)
    assert response.status_code == 200
    assert len(names(response.content.decode())) in (0, 3)


def test_unread_messages_and_new_clearances_show(client, physio_user, make_linked):
    writer = make_linked(first_name="Wren", last_name="Writer")
    MessageFactory(
        client=writer, physiotherapist=physio_user, sender=Message.Sender.CLIENT, body="Hi"
    )
    MessageFactory(
        client=writer, physiotherapist=physio_user, sender=Message.Sender.CLIENT, body="Again"
    )
    cleared = make_linked(first_name="Cleo", last_name="Cleared")
    assessment = AssessmentFactory(
        owner=cleared, answers__giving_way=True, answers__single_leg_squat_left="slight"
    )
    assessment_record_clearance(
        assessment=assessment,
        user=cleared,
        clinician_name="Dr Patel",
        clinician_role="doctor",
        seen_on=THREE_WEEKS_IN,
        confirmed=True,
    )
    client.force_login(physio_user)

    html = client.get(URL).content.decode()
    assert "2 unread messages" in row_of(html, "Wren Writer")
    assert "New clearance: Dr Patel (Doctor), 23 Mar" in row_of(html, "Cleo Cleared")

    # Once the physiotherapist has opened the client, the clearance is no longer new.
    client.get(reverse("physio:client", args=[cleared.pk]))
    html = client.get(URL).content.decode()
    assert "New clearance" not in row_of(html, "Cleo Cleared")


def test_another_physiotherapists_clients_never_appear(physio_client, three, other_physio):
    stranger = UserFactory(first_name="Stranger")
    CareLinkFactory(client=stranger, physiotherapist=other_physio)
    flag(stranger, urgency="same_day", destination="emergency")
    for sort in ("", "name", "-name", "flag", "-flag", "activity", "adherence", "pain"):
        html = physio_client.get(URL, {"sort": sort}).content.decode()
        assert "Stranger" not in html
        assert len(names(html)) == 3


def test_every_flag_rule_has_words_for_the_caseload():
    ids = {rule.id for rule in load_rules().rules}
    raising = {i for i in ids if i.startswith(("REF-", "FLG-")) and i != "FLG-ADHERENCE-RECOVERED"}
    assert raising - flag_cause_rules() == set()
    assert flag_cause(rule="REF-LOCKING,REF-GIVING-WAY", source="assessment") == (
        "Knee locking and 1 more"
    )
    assert flag_cause(rule="", source="checkin") == "From a morning check-in"
