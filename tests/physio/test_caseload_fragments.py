"""The caseload's rows and filter form are rendered once and then read from a cache under a
digest of what they show (``care.fragments``): a row shows every change at once, and nothing
is rendered again while nothing changed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test.signals import template_rendered

from care.services import flags as care_flags
from programs.models import Message
from tests.dates import THREE_WEEKS_IN, aware
from tests.factories import FlagFactory, MessageFactory
from tests.physio.test_caseload_display import URL, row_of

pytestmark = pytest.mark.django_db
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def page(client, params=None) -> str:
    """The caseload's HTML, without the logout form's token (new on every page)."""
    return CSRF.sub("", client.get(URL, params or {}).content.decode())


@pytest.fixture
def rendered():
    """The names of the templates rendered while the test runs, in order."""
    names: list[str] = []

    def record(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(record)
    yield names
    template_rendered.disconnect(record)


def test_nothing_is_rendered_again_while_nothing_changed(physio_client, make_linked, rendered):
    for index in range(3):
        FlagFactory(client=make_linked(first_name=f"Client{index}"), urgency="routine")

    first = page(physio_client)
    assert rendered.count("care/_caseload_row.html") == 3
    assert rendered.count("care/_caseload_filters.html") == 1
    rendered.clear()

    again = page(physio_client)
    assert "care/_caseload_row.html" not in rendered
    assert "care/_caseload_filters.html" not in rendered
    assert again == first


def test_a_row_shows_each_change_of_what_it_shows(
    physio_client, make_linked, physio_user, time_machine
):
    client = make_linked(first_name="Rita", last_name="Rows")
    flag = FlagFactory(client=client, urgency="same_day", destination="emergency")
    row = row_of(page(physio_client), "Rita Rows")
    assert "table-danger" in row and "open since today" in row

    care_flags.flag_acknowledge(flag=flag, actor=physio_user, note="Called her")
    row = row_of(page(physio_client), "Rita Rows")
    assert "caseload-flag-acknowledged" in row and "table-danger" not in row

    MessageFactory(
        client=client, physiotherapist=physio_user, sender=Message.Sender.CLIENT, body="Hi"
    )
    row = row_of(page(physio_client), "Rita Rows")
    assert "1 unread message" in row

    client.last_name = "Renamed"
    client.save()
    html = page(physio_client)
    assert "Rita Rows" not in html
    assert "caseload-flag-acknowledged" in row_of(html, "Rita Renamed")

    # The next morning the flag has been open a day.
    time_machine.move_to(aware(THREE_WEEKS_IN + timedelta(days=1), 8), tick=False)
    physio_client.force_login(physio_user)
    row = row_of(page(physio_client), "Rita Renamed")
    assert "open 1 day" in row


def test_the_filter_form_shows_what_was_typed_and_its_errors(physio_client, make_linked):
    make_linked(first_name="Amy", last_name="Zed")
    plain = page(physio_client)
    assert 'name="q" value' not in plain

    searched = page(physio_client, {"q": "Amy"})
    assert 'value="Amy"' in searched
    assert ">Clear</a>" in searched

    wrong = page(physio_client, {"adherence_below": "500"})
    assert "Ensure this value is less than or equal to 100." in wrong
    assert 'value="500"' in wrong

    assert page(physio_client) == plain
