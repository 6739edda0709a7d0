"""Earlier programs: the progress page lists the client's replaced and completed programs, and each
one opens read-only with its own charts, tables and reassessments. Only its owner may see one."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from programs import services
from programs.selectors import earlier_programs
from programs.services import reassessment_submit
from tests.conftest import axe_serious_violations
from tests.dates import START
from tests.factories import DEFAULT_PASSWORD, STRENGTH_ONLY_ANSWERS, ProgramFactory, UserFactory
from tests.programs.helpers import log_session
from tests.progress.test_progress_page import rows, table

pytestmark = pytest.mark.django_db

MON, WED, FRI = START, START + timedelta(days=2), START + timedelta(days=4)
REPLACED_ON = date(2026, 3, 18)  # the Wednesday of week 3
NEW_START = date(2026, 3, 23)
SCREENSHOTS = os.environ.get("VALGUS_SCREENSHOTS", "")


def strength_program(user, *, start: date = START, replace_current: bool = False):
    """Strength days Monday, Wednesday and Friday only: three sessions a week."""
    return ProgramFactory(
        client=user,
        start_date=start,
        answers={
            **STRENGTH_ONLY_ANSWERS,
            "sessions_per_week": 3,
            "difficulty_stairs": 2,
            "difficulty_squatting": 2,
        },
        strength_days=[0, 2, 4],
        replace_current=replace_current,
    )


@pytest.fixture
def replaced(client_user, travel):
    """A program from 2 March with four sessions logged and a week-2 reassessment, replaced on
    Wednesday 18 March by a new program starting on 23 March."""
    old = strength_program(client_user)
    for day in (MON, WED, FRI, START + timedelta(days=7)):
        log_session(old, day, pain_during=3)
    travel(START + timedelta(days=13))
    reassessment = reassessment_submit(
        client=client_user,
        program=old,
        answers={"pain_now": 1, "pain_worst_week": 2, "difficulty_stairs": 1},
        week=2,
    )
    travel(REPLACED_ON)
    new = strength_program(client_user, start=NEW_START, replace_current=True)
    return old, new, reassessment


def section(html: str, heading_id: str) -> str:
    """The HTML of the section labelled by this heading."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}".*?</section>', html, re.S)
    assert match, f"no section labelled by {heading_id!r}"
    return match.group(0)


def text(html: str) -> str:
    """What a reader sees: tags removed, white space collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_progress_page_lists_the_replaced_program(client, client_user, replaced, travel):
    old, new, _ = replaced
    travel(NEW_START + timedelta(days=2))
    client.force_login(client_user)

    html = client.get(reverse("programs:progress")).content.decode()

    earlier = section(html, "earlier-heading")
    assert "Earlier programs" in earlier
    assert f'href="{reverse("programs:progress_program", args=[old.pk])}"' in earlier
    assert "Program from 2 March 2026 to 18 March 2026" in text(earlier)
    assert "Replaced by a new program · 4 sessions logged" in text(earlier)
    # The current program is the page itself, never one of its earlier programs.
    assert reverse("programs:progress_program", args=[new.pk]) not in html


def test_no_earlier_programs_section_for_a_first_program(client, client_user, program, travel):
    travel(START + timedelta(days=3))
    client.force_login(client_user)
    html = client.get(reverse("programs:progress")).content.decode()
    assert "Earlier programs" not in html


def test_earlier_program_opens_read_only_up_to_the_day_it_was_replaced(
    client, client_user, replaced, travel
):
    old, _, reassessment = replaced
    travel(NEW_START + timedelta(days=30))  # weeks after the old program would have gone on
    client.force_login(client_user)

    response = client.get(reverse("programs:progress_program", args=[old.pk]))
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Your earlier program" in html
    assert "Program from 2 March 2026 to 18 March 2026 (replaced)" in text(html)
    assert f'href="{reverse("programs:progress")}"' in html
    # Its own history, and nothing after it was replaced.
    pain = rows(table(html, "Pain by day, 0 (none) to 10 (worst)"))
    assert [row[:2] for row in pain] == [
        ["Mon 2 Mar", "3"],
        ["Wed 4 Mar", "3"],
        ["Fri 6 Mar", "3"],
        ["Mon 9 Mar", "3"],
    ]
    adherence = rows(table(html, "Sessions logged out of sessions scheduled, by week"))
    assert adherence == [
        ["Week 1", "3", "3", "100%"],
        ["Week 2", "1", "3", "33%"],
        # The day it was replaced (Wednesday 18 March) was not over: not counted as missed.
        ["Week 3", "0", "1", "0%"],
    ]
    function = rows(table(html, "Function score at the start and at each reassessment"))
    assert [row[0] for row in function] == ["Start", "Week 2"]
    assert reverse("programs:reassessment_result", args=[reassessment.uid]) in html
    assert len(re.findall(r"<svg\b", html)) == 4
    # Read-only: nothing offers a reassessment or a session to log.
    assert reverse("programs:reassess") not in html
    assert "Take a reassessment now" not in html
    assert "/program/day/" not in html


def test_completed_program_ends_on_its_last_day_not_the_day_it_was_noticed(
    client, client_user, travel
):
    old = strength_program(client_user)
    log_session(old, MON)
    travel(date(2026, 6, 3))  # completed when the client came back, ten days after week 12
    assert services.program_complete_if_finished(program=old, today=date(2026, 6, 3))
    strength_program(client_user, start=date(2026, 6, 8))
    client.force_login(client_user)

    earlier = text(
        section(client.get(reverse("programs:progress")).content.decode(), "earlier-heading")
    )
    assert "Program from 2 March 2026 to 24 May 2026" in earlier
    assert "Completed · 1 session logged" in earlier

    html = client.get(reverse("programs:progress_program", args=[old.pk])).content.decode()
    assert "Program from 2 March 2026 to 24 May 2026 (completed)" in text(html)
    assert "You finished all 12 weeks of this program." in html
    weeks = rows(table(html, "Sessions logged out of sessions scheduled, by week"))
    assert len(weeks) == 12


def test_program_replaced_before_it_began_says_so(client, client_user, travel):
    travel(date(2026, 2, 25))
    planned = strength_program(client_user)  # would have started on Monday 2 March
    strength_program(client_user, start=date(2026, 2, 26), replace_current=True)
    client.force_login(client_user)

    earlier = text(
        section(client.get(reverse("programs:progress")).content.decode(), "earlier-heading")
    )
    assert "Program planned from 2 March 2026" in earlier
    assert "Replaced on 25 February 2026, before it began · no sessions logged" in earlier
    response = client.get(reverse("programs:progress_program", args=[planned.pk]))
    assert response.status_code == 200
    assert "This program ended before its first session." in response.content.decode()


def test_another_clients_program_is_not_found(
    client, client_user, other_client_user, replaced, travel
):
    old, new, _ = replaced
    travel(NEW_START)
    client.force_login(other_client_user)
    for program in (old, new):
        response = client.get(reverse("programs:progress_program", args=[program.pk]))
        assert response.status_code == 404
    assert client.get(reverse("programs:progress_program", args=[999999])).status_code == 404


def test_the_current_program_opens_as_the_progress_page(client, client_user, replaced, travel):
    _, new, _ = replaced
    travel(NEW_START)
    client.force_login(client_user)
    response = client.get(reverse("programs:progress_program", args=[new.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:progress")


def test_physiotherapist_is_sent_home(client, physio_user, replaced, travel):
    old, _, _ = replaced
    travel(NEW_START)
    client.force_login(physio_user)
    response = client.get(reverse("programs:progress_program", args=[old.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_earlier_program_needs_a_login(client, replaced):
    old, _, _ = replaced
    response = client.get(reverse("programs:progress_program", args=[old.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def _chain_of_programs(user, travel, count: int) -> list:
    """``count`` programs, each with two sessions logged and replaced by the next a week on."""
    programs = []
    for index in range(count):
        start = START + timedelta(days=7 * index)
        travel(start)
        program = strength_program(user, start=start, replace_current=bool(programs))
        log_session(program, start)
        log_session(program, start + timedelta(days=2))
        programs.append(program)
    return programs


def test_history_list_is_one_query(
    client_user, other_client_user, travel, django_assert_num_queries
):
    programs = _chain_of_programs(client_user, travel, 4)
    _chain_of_programs(other_client_user, travel, 2)

    with django_assert_num_queries(1):
        items = earlier_programs(client_user, exclude=programs[-1])

    # Newest first, only this client's, each with its own count of sessions logged.
    assert [item.program.pk for item in items] == [p.pk for p in reversed(programs[:-1])]
    assert [item.sessions_logged for item in items] == [2, 2, 2]


def test_progress_query_count_does_not_grow_with_earlier_programs(
    client, client_user, other_client_user, travel, django_assert_max_num_queries
):
    _chain_of_programs(other_client_user, travel, 2)
    _chain_of_programs(client_user, travel, 6)
    travel(START + timedelta(days=7 * 6))

    client.force_login(other_client_user)
    with django_assert_max_num_queries(16) as one_earlier:
        client.get(reverse("programs:progress"))
    client.force_login(client_user)
    with django_assert_max_num_queries(16) as five_earlier:
        response = client.get(reverse("programs:progress"))

    assert text(section(response.content.decode(), "earlier-heading")).count("Program from") == 5
    assert len(five_earlier.captured_queries) == len(one_earlier.captured_queries)


# --- In a real browser -----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_earlier_program_in_a_browser_is_accessible_and_fits_a_phone(live_server, page):
    """Dates are relative to today only so the live server shows them; nothing asserted depends
    on the date."""
    user = UserFactory(first_name="Ana")
    today = timezone.localdate()
    old = ProgramFactory(
        client=user, start_date=today - timedelta(days=30), answers__difficulty_stairs=2
    )
    for offset in range(0, 20, 2):
        day = old.start_date + timedelta(days=offset)
        log_session(old, day, pain_during=2 + offset % 3, today=day)
    ProgramFactory(client=user, start_date=today, replace_current=True)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}{reverse('programs:progress')}")
    earlier = page.get_by_role("region", name="Earlier programs")
    assert earlier.get_by_text("10 sessions logged").is_visible()
    assert axe_serious_violations(page) == []
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/history-list.png", full_page=True)

    earlier.get_by_role("link").click()
    page.get_by_role("heading", level=1, name="Your earlier program").wait_for()
    assert page.get_by_text("(replaced)").is_visible()
    assert page.get_by_role("link", name="Back to your progress").is_visible()
    assert page.locator("figure.chart-figure svg").count() == 4
    assert axe_serious_violations(page) == []
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/history-desktop.png", full_page=True)

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/history-phone.png", full_page=True)
