"""The progress page: the numbers behind each chart, the charts and their tables, who sees what,
and a query count that does not grow with the length of the history."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from programs.models import ProgramExercise
from programs.selectors import program_progress
from programs.services import program_resume_cleared, reassessment_submit
from tests.dates import START
from tests.factories import STRENGTH_ONLY_ANSWERS, ProgramFactory
from tests.programs.helpers import check_in, log_session

pytestmark = pytest.mark.django_db

MON, WED, FRI = START, START + timedelta(days=2), START + timedelta(days=4)


def strength_program(user):
    """Strength days Monday, Wednesday and Friday only: three sessions a week."""
    return ProgramFactory(
        client=user,
        start_date=START,
        answers={
            **STRENGTH_ONLY_ANSWERS,
            "sessions_per_week": 3,
            "difficulty_stairs": 2,
            "difficulty_squatting": 2,
        },
        strength_days=[0, 2, 4],
    )


def table(html: str, caption: str) -> str:
    """The HTML of the table with this caption."""
    match = re.search(
        rf"<table[^>]*>\s*<caption>{re.escape(caption)}</caption>.*?</table>", html, re.S
    )
    assert match, f"no table captioned {caption!r}"
    return match.group(0)


def rows(table_html: str) -> list[list[str]]:
    """Each body row's cells as text."""
    body = re.search(r"<tbody>(.*?)</tbody>", table_html, re.S).group(1)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_adherence_counts_logged_out_of_scheduled_sessions_per_week(client_user):
    program = strength_program(client_user)
    log_session(program, MON)
    log_session(program, WED)  # Friday missed

    summary = program_progress(program, today=START + timedelta(days=9))  # Wednesday, week 2

    week1, week2 = summary.weeks
    assert (week1.week, week1.logged, week1.scheduled, week1.percent) == (1, 2, 3, 67)
    # Week 2 so far: Monday was missed; today's Wednesday session is not over, so not yet due.
    assert (week2.week, week2.logged, week2.scheduled) == (2, 0, 1)
    log_session(program, START + timedelta(days=9))
    (_, week2) = program_progress(program, today=START + timedelta(days=9)).weeks
    assert (week2.logged, week2.scheduled) == (1, 2)


def test_days_the_program_was_paused_are_not_sessions_to_do(client_user, travel):
    program = strength_program(client_user)
    log_session(program, MON)
    # A warning sign in Tuesday's check-in pauses the program; a clinician clears it the next
    # Monday: Wednesday and Friday were not to be done.
    travel(START + timedelta(days=1))
    check_in(program, MON, giving_way=True)
    program.refresh_from_db()
    assert program.status == program.Status.PAUSED
    travel(START + timedelta(days=7))
    program_resume_cleared(
        program=program,
        client=client_user,
        clinician_name="Dr Okafor",
        clinician_role="orthopedic_specialist",
        seen_on=START + timedelta(days=7),
    )

    # Monday of week 2, the day of the clearance, counts as paused too: week 2 has nothing due.
    (week1,) = program_progress(program, today=START + timedelta(days=9)).weeks

    assert (week1.logged, week1.scheduled, week1.percent) == (1, 1, 100)


def test_page_shows_charts_and_tables_with_the_right_numbers(client, client_user, travel):
    program = strength_program(client_user)
    log_session(program, MON, pain_during=3)
    check_in(program, MON, pain_now=2)
    log_session(program, WED, pain_during=1)
    travel(START + timedelta(days=7))
    client.force_login(client_user)

    response = client.get(reverse("programs:progress"))
    html = response.content.decode()

    assert response.status_code == 200
    assert html.count("<h1") == 1
    svgs = re.findall(r"<svg\b[^>]*>", html)
    assert len(svgs) == 4  # pain, adherence, levels, function
    assert all('role="img"' in svg and "aria-label=" in svg for svg in svgs)
    assert "<script" not in re.sub(r'<script src="/static/[^"]+" defer></script>', "", html)
    assert "<style" not in html
    assert 'href="/static/css/charts.css"' in html

    adherence = rows(table(html, "Sessions logged out of sessions scheduled, by week"))
    assert adherence[0] == ["Week 1", "2", "3", "67%"]
    pain = rows(table(html, "Pain by day, 0 (none) to 10 (worst)"))
    assert pain == [["Mon 2 Mar", "3", "2"], ["Wed 4 Mar", "1", "not logged"]]
    function = rows(table(html, "Function score at the start and at each reassessment"))
    assert function[0][0] == "Start" and function[0][2] == "50"
    levels = rows(table(html, "Level at the end of each week"))
    assert [row[0] for row in levels] == [
        ex.name for ex in program_progress(program, today=START).levels
    ]


def test_level_history_follows_the_progression_decisions(client_user):
    program = strength_program(client_user)
    # Two easy, complete, pain-free sessions with settled mornings: the engine advances.
    log_session(program, MON, pain_during=1)
    check_in(program, MON, pain_now=1)
    log_session(program, WED, pain_during=1)
    check_in(program, WED, pain_now=1)

    summary = program_progress(program, today=START + timedelta(days=8))
    current = {e.code: e.level for e in ProgramExercise.objects.filter(program=program)}
    for series in summary.levels:
        assert series.levels[-1] == current[series.code]
    advanced = [series for series in summary.levels if series.changes]
    assert advanced, "two good sessions should have advanced at least one exercise"
    for series in advanced:
        assert series.levels[0] == series.changes[-1].to_level
        assert series.changes[0].from_level < series.changes[0].to_level
        assert series.changes[0].reason


def test_reassessments_are_listed_with_their_function_score(client, client_user, travel):
    program = strength_program(client_user)
    assessment = reassessment_submit(
        client=client_user,
        program=program,
        answers={
            "pain_now": 1,
            "pain_worst_week": 1,
            "difficulty_stairs": 1,
            "difficulty_squatting": 0,
        },
        week=6,
    )
    travel(date(2026, 4, 13))
    client.force_login(client_user)
    html = client.get(reverse("programs:progress")).content.decode()

    assert reverse("programs:reassessment_result", args=[assessment.uid]) in html
    function = rows(table(html, "Function score at the start and at each reassessment"))
    assert [(row[0], row[2]) for row in function] == [("Start", "50"), ("Week 6", "88")]


def test_week_6_reassessment_is_offered_when_due(client, client_user, program, travel):
    travel(date(2026, 4, 12))
    client.force_login(client_user)
    html = client.get(reverse("programs:progress")).content.decode()
    assert "Your week 6 reassessment is due" in html
    assert reverse("programs:reassess") in html


def test_progress_shows_only_your_own_program(client, client_user, other_client_user, travel):
    program = strength_program(client_user)
    log_session(program, MON, pain_during=7)
    travel(START + timedelta(days=3))
    client.force_login(other_client_user)
    html = client.get(reverse("programs:progress")).content.decode()
    assert "You have no exercise program yet" in html
    assert "<svg" not in html


def test_progress_needs_a_login(client):
    response = client.get(reverse("programs:progress"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def _log_weeks(program, weeks: int) -> None:
    for offset in range(weeks * 7):
        day = START + timedelta(days=offset)
        if day.weekday() in (0, 2, 4):
            log_session(program, day, pain_during=2)
            check_in(program, day, pain_now=1)


def test_query_count_does_not_grow_with_twelve_weeks_of_logs(
    client, client_user, other_client_user, travel, django_assert_max_num_queries
):
    short = strength_program(other_client_user)
    _log_weeks(short, 1)
    long = strength_program(client_user)
    _log_weeks(long, 12)
    reassessment_submit(
        client=client_user, program=long, answers={"pain_now": 1, "pain_worst_week": 2}, week=6
    )
    travel(date(2026, 5, 25))

    client.force_login(other_client_user)
    with django_assert_max_num_queries(17) as one_week:
        client.get(reverse("programs:progress"))
    client.force_login(client_user)
    with django_assert_max_num_queries(17) as twelve_weeks:
        response = client.get(reverse("programs:progress"))

    assert response.status_code == 200
    assert (
        len(
            rows(
                table(
                    response.content.decode(), "Sessions logged out of sessions scheduled, by week"
                )
            )
        )
        == 12
    )
    assert len(twelve_weeks.captured_queries) <= len(one_week.captured_queries) + 1


def test_physiotherapist_is_sent_to_their_own_start_page(client, physio_user):
    client.force_login(physio_user)
    response = client.get(reverse("programs:progress"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_each_level_change_reads_as_a_sentence(client, client_user, travel):
    program = strength_program(client_user)
    log_session(program, MON, pain_during=1)
    check_in(program, MON, pain_now=1)
    log_session(program, WED, pain_during=1)
    check_in(program, WED, pain_now=1)
    travel(START + timedelta(days=8))
    client.force_login(client_user)

    html = client.get(reverse("programs:progress")).content.decode()
    changes = re.findall(r"<li>(\d+ Mar: level \d to \d\..*?)</li>", html, re.S)
    assert changes, "two good sessions should have advanced at least one exercise"
    for change in changes:
        # 'level 1 to 2. Your last 2 sessions were ... or less.', not '. your last ... less'
        assert re.match(r"\d+ Mar: level \d to \d\. [A-Z].*\.$", change), change
