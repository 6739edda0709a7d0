"""Reassessment at weeks 6 and 12 (spec sections 8 and 9): the rule branches through the service,
when it is due, the form and the comparison page, and who may see it."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from assessments.models import Assessment
from programs.errors import ReassessmentNotAllowed
from programs.models import Flag, Program
from programs.selectors import reassessment_due
from programs.services import reassessment_submit
from tests.dates import END_OF_WEEK_6, END_OF_WEEK_12, START
from tests.factories import ProgramFactory
from tests.programs.test_safety_wording import page_text

pytestmark = pytest.mark.django_db

# The typical client started with worst pain 4/10, left single-leg squat slight, right none.
NOT_IMPROVED = {
    "pain_now": 2,
    "pain_worst_week": 3,
    "single_leg_squat_left": "slight",
    "single_leg_squat_right": "none",
    "global_rating_of_change": "same",
}


def is_checked(html: str, name: str, value: str) -> bool:
    """Is the radio button ``name=value`` checked in the page (attributes in any order)?"""
    for tag in re.findall(r"<input\b[^>]*>", html):
        if f'name="{name}"' in tag and f'value="{value}"' in tag:
            return re.search(r"\bchecked\b", tag) is not None
    return False


def submit(program, week, **answers):
    return reassessment_submit(
        client=program.client, program=program, answers={**NOT_IMPROVED, **answers}, week=week
    )


def reassessment_flags(program):
    return list(Flag.objects.filter(program=program, source=Flag.Source.REASSESSMENT))


@pytest.mark.parametrize(
    ("answers", "improved", "rule"),
    [
        ({"pain_worst_week": 2}, True, "RA-IMPROVED-PAIN"),
        ({"pain_worst_week": 0}, True, "RA-IMPROVED-PAIN"),
        ({"pain_worst_week": 3, "single_leg_squat_left": "none"}, True, "RA-IMPROVED-SQUAT"),
        ({}, False, "RA-NOT-IMPROVED"),
        # The left squat was not tested this time: unknown is never "better".
        ({"single_leg_squat_left": None}, False, "RA-NOT-IMPROVED"),
        # Worse squat on the right and pain only 1 point down.
        ({"single_leg_squat_right": "slight"}, False, "RA-NOT-IMPROVED"),
    ],
)
def test_week_6_rule_branches(program, answers, improved, rule):
    assessment = submit(program, 6, **answers)

    comparison = assessment.evaluation["comparison"]
    assert comparison["improved"] is improved
    assert comparison["rule"] == rule
    flags = reassessment_flags(program)
    if improved:
        assert flags == []
    else:
        assert [(f.destination, f.urgency, f.rule) for f in flags] == [
            ("physiotherapist", "routine", "FLG-WEEK6")
        ]
        assert "no noticeable improvement after 6 weeks" in flags[0].reason.lower()
        assert "gait analysis" in flags[0].reason
        assert flags[0].pauses_program is False


def test_week_6_flag_leaves_the_program_running(program):
    submit(program, 6)
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE


def test_week_12_not_improved_refers_to_an_orthopaedic_specialist(program):
    submit(program, 12)
    flags = reassessment_flags(program)
    assert [(f.destination, f.urgency, f.rule) for f in flags] == [
        ("orthopedic_specialist", "routine", "FLG-WEEK12")
    ]


def test_week_12_improved_raises_nothing(program):
    submit(program, 12, pain_worst_week=1)
    assert reassessment_flags(program) == []


@pytest.mark.parametrize(
    ("week", "expected"),
    [
        (3, []),
        (5, []),
        (6, ["FLG-WEEK6"]),
        (9, ["FLG-WEEK6"]),
        (12, ["FLG-WEEK12"]),
        (13, ["FLG-WEEK12"]),
    ],
)
def test_program_week_decides_which_rule_applies(program, week, expected):
    assessment = submit(program, week)
    assert [flag.rule for flag in reassessment_flags(program)] == expected
    assert assessment.evaluation["rule_week"] == (
        None if not expected else (12 if week >= 12 else 6)
    )


def test_reassessment_is_stored_against_the_baseline_and_program(program):
    assessment = submit(program, 6, difficulty_stairs=1)
    assert assessment.kind == Assessment.Kind.REASSESSMENT
    assert assessment.status == Assessment.Status.SUBMITTED
    assert assessment.owner == program.client
    assert assessment.baseline == program.assessment
    assert assessment.program == program
    assert assessment.program_week == 6
    assert assessment.rules_version
    assert assessment.answers["difficulty_stairs"] == 1
    assert "single_leg_squat_left" in assessment.answers


def test_the_same_flag_is_raised_once_per_program(program):
    submit(program, 6)
    submit(program, 7)
    assert len(reassessment_flags(program)) == 1


def test_nobody_can_reassess_someone_elses_program(program, other_client_user):
    with pytest.raises(ReassessmentNotAllowed):
        reassessment_submit(client=other_client_user, program=program, answers=NOT_IMPROVED, week=6)
    assert not Assessment.objects.filter(kind=Assessment.Kind.REASSESSMENT).exists()


def test_a_paused_program_takes_no_reassessment(program):
    Program.objects.filter(pk=program.pk).update(status=Program.Status.PAUSED)
    program.refresh_from_db()
    with pytest.raises(ReassessmentNotAllowed):
        submit(program, 6)


@pytest.mark.parametrize(
    ("today", "done_weeks", "due"),
    [
        (date(2026, 4, 11), [], None),  # the day before the end of week 6
        (END_OF_WEEK_6, [], 6),
        (date(2026, 4, 20), [], 6),
        (date(2026, 4, 20), [6], None),
        (date(2026, 4, 20), [3], 6),  # an early, on-request reassessment does not count
        (END_OF_WEEK_12, [6], 12),
        (END_OF_WEEK_12, [], 12),  # both outstanding: one form, at week 12
        (date(2026, 5, 30), [12], None),
    ],
)
def test_reassessment_due(program, today, done_weeks, due):
    for week in done_weeks:
        submit(program, week, pain_worst_week=1)
    assert reassessment_due(program, today) == due


# --- the pages ---------------------------------------------------------------------------------

FORM = {
    "pain_now": "2",
    "pain_worst_week": "3",
    "single_leg_squat_left": "slight",
    "single_leg_squat_right": "none",
    "squat_knees_cave": "not_done",
    "hip_drop_left": "no",
    "hip_drop_right": "not_done",
    "difficulty_stairs": "1",
    "difficulty_squatting": "not_done",
    "global_rating_of_change": "same",
}


def test_form_shows_every_item_with_a_label_and_the_safety_notes(logged_in, program, travel):
    travel(END_OF_WEEK_6)
    response = logged_in.get(reverse("programs:reassess"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    for name in (*FORM, "difficulty_sitting_long", "difficulty_running", "difficulty_kneeling"):
        assert f'name="{name}"' in html
    assert re.search(r'<label\s+for="id_pain_worst_week"', html)
    assert "Stop if it hurts more than a mild discomfort" in html
    assert "Week 6 of your program" in html


def test_bad_input_is_explained_next_to_the_field_and_kept(logged_in, program, travel):
    travel(END_OF_WEEK_6)
    response = logged_in.post(
        reverse("programs:reassess"),
        {**FORM, "pain_worst_week": "11", "global_rating_of_change": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a whole number from 0 to 10." in html
    assert "Choose how your knee is overall compared with the start." in html
    assert 'value="2"' in html  # pain_now as typed
    assert is_checked(html, "single_leg_squat_left", "slight")
    assert is_checked(html, "hip_drop_left", "no")
    assert not Assessment.objects.filter(kind=Assessment.Kind.REASSESSMENT).exists()


def test_week_6_submission_shows_the_comparison_and_the_flag(logged_in, program, travel):
    travel(END_OF_WEEK_6)
    response = logged_in.post(reverse("programs:reassess"), FORM)
    assessment = Assessment.objects.get(kind=Assessment.Kind.REASSESSMENT)
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:reassessment_result", args=[assessment.uid])
    assert assessment.program_week == 6
    assert assessment.answers["hip_drop_left"] is False
    assert "squat_knees_cave" not in assessment.answers

    html = logged_in.get(response["Location"]).content.decode()
    assert "Not yet: no measure of improvement was met." in html
    assert "fell by 2 points or more" in html
    assert "See a physiotherapist" in html
    assert "gait analysis" in html
    assert "Worst pain in the last week" in html
    assert "<td>4/10</td>" in html and "<td>3/10</td>" in html
    assert "Single-leg squat, left" in html
    assert "About the same" not in html  # the rating is shown in words of the sentence
    assert "about the same" in html


def test_the_client_reads_each_difficulty_in_words_then_and_now(client_user, logged_in):
    program = ProgramFactory(client=client_user, start_date=START, answers__difficulty_stairs=2)
    assessment = submit(program, 6, difficulty_stairs=1)
    response = logged_in.get(reverse("programs:reassessment_result", args=[assessment.uid]))
    text = page_text(response)
    assert "Difficulty with stairs 2/4 (moderate) 1/4 (a little) better" in text


def test_improved_submission_says_so_without_a_flag(logged_in, program, travel):
    travel(END_OF_WEEK_6)
    response = logged_in.post(reverse("programs:reassess"), {**FORM, "pain_worst_week": "1"})
    html = logged_in.get(response["Location"]).content.decode()
    assert "Yes: this counts as improved, by your worst pain in the week." in html
    assert "See a physiotherapist" not in html
    assert not Flag.objects.filter(source=Flag.Source.REASSESSMENT).exists()


def test_early_reassessment_is_a_comparison_only(logged_in, program, travel):
    travel(date(2026, 3, 20))  # week 3
    response = logged_in.post(reverse("programs:reassess"), FORM)
    html = logged_in.get(response["Location"]).content.decode()
    assert "comparison only" in html
    assert "Is the program helping enough?" not in html
    assert not Flag.objects.filter(source=Flag.Source.REASSESSMENT).exists()


def test_someone_elses_reassessment_is_not_found(client, program, other_client_user):
    assessment = submit(program, 6)
    client.force_login(other_client_user)
    response = client.get(reverse("programs:reassessment_result", args=[assessment.uid]))
    assert response.status_code == 404


def test_a_baseline_uid_is_not_a_reassessment(logged_in, program):
    response = logged_in.get(reverse("programs:reassessment_result", args=[program.assessment.uid]))
    assert response.status_code == 404


def test_reassessment_pages_need_a_login(client, program):
    assessment = submit(program, 6)
    for url in (
        reverse("programs:reassess"),
        reverse("programs:reassessment_result", args=[assessment.uid]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_another_client_posting_the_form_reassesses_only_their_own_program(
    client, program, other_client_user, travel
):
    travel(END_OF_WEEK_6)
    other_program = ProgramFactory(client=other_client_user, start_date=START)
    client.force_login(other_client_user)
    client.post(reverse("programs:reassess"), FORM)
    stored = Assessment.objects.get(kind=Assessment.Kind.REASSESSMENT)
    assert stored.owner == other_client_user
    assert stored.program == other_program


def test_without_a_program_the_form_sends_you_to_progress(client, other_client_user):
    client.force_login(other_client_user)
    response = client.get(reverse("programs:reassess"))
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:progress")


def test_a_form_sent_twice_is_stored_once(logged_in, program, travel):
    travel(END_OF_WEEK_6)
    first = logged_in.post(reverse("programs:reassess"), FORM)
    second = logged_in.post(reverse("programs:reassess"), FORM)
    assert Assessment.objects.filter(kind=Assessment.Kind.REASSESSMENT).count() == 1
    assert first["Location"] == second["Location"]
