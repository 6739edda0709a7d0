"""Clinical rules version 2, followed over weeks of a client's program as they live it: logs and
check-ins entered late, the daily job's adherence check, band strengths, the one definition of
"improved" at weeks 6 and 12, clearances, and what the client then reads on Today, Progress, the
flags list and the result. Each test checks the spec's own numbers (sections 3 and 5 to 9)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from accounts.errors import ServiceError
from assessments.models import Assessment
from assessments.services import assessment_submit
from care.errors import CareError
from care.services.adjustments import program_adjust_level
from care.services.flags import flag_acknowledge
from programs import services
from programs.models import Flag, Program, ProgressionDecision
from tests.dates import END_OF_WEEK_6, END_OF_WEEK_12, START, aware
from tests.factories import CareLinkFactory, PhysiotherapistFactory, ProgramFactory
from tests.programs.helpers import check_in, entries_for, log_session, session_on

pytestmark = pytest.mark.django_db

CLAMSHELL = "banded_clamshell"
SIDE_STEPS = "banded_side_steps"
# Monday, Wednesday and Friday strength days: week w (1-based) starts on START + 7 (w - 1).
STRENGTH_DAYS = [0, 2, 4]


def day_of(week: int, weekday: int) -> date:
    return START + timedelta(days=7 * (week - 1) + weekday)


def page_text(response) -> str:
    """What the client reads: the page without its markup, one space between words."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def read(client, name: str, on: date, *args) -> str:
    with time_machine.travel(aware(on), tick=False):
        client.force_login(client.user_for_read)
        return page_text(client.get(reverse(name, args=args)))


@pytest.fixture
def reader(logged_in, client_user):
    logged_in.user_for_read = client_user
    return logged_in


def level(program: Program, code: str = CLAMSHELL) -> int:
    return program.exercises.get(code=code).level


def regressions(program: Program, code: str = CLAMSHELL):
    return ProgressionDecision.objects.filter(
        program_exercise__program=program, program_exercise__code=code, action="regress"
    )


def session_flags(program: Program):
    return Flag.objects.filter(program=program, source=Flag.Source.SESSION)


# --- section 7: late entries, over three weeks ---------------------------------------------------


@pytest.fixture
def program(client_user):
    # The typical client: baseline pain now 2/10, light and medium bands, clamshell at level 2.
    return ProgramFactory(client=client_user, start_date=START, strength_days=STRENGTH_DAYS)


def cleared_by_dr_okafor(program: Program, *, seen_on: date) -> None:
    """The client records that an orthopaedic specialist cleared the paused program."""
    services.program_resume_cleared(
        program=program,
        client=program.client,
        clinician_name="Dr Okafor",
        clinician_role="orthopedic_specialist",
        seen_on=seen_on,
    )


def comfortable_week(program: Program, week: int, *, morning: int = 2) -> None:
    """Every strength session of the week logged on its day, complete and easy, with its
    check-in the next morning at the baseline."""
    for weekday in (0, 2, 4):
        day = day_of(week, weekday)
        log_session(program, day, codes=[CLAMSHELL])
        check_in(program, day, pain_now=morning)


def test_a_bad_morning_checked_in_after_a_later_session_steps_down_once_and_says_when(
    program, reader
):
    assert level(program) == 2
    monday, wednesday, friday = day_of(1, 0), day_of(1, 2), day_of(1, 4)
    log_session(program, monday, codes=[CLAMSHELL])
    log_session(program, wednesday, codes=[CLAMSHELL])
    check_in(program, wednesday, pain_now=2)
    assert level(program) == 2  # Monday's morning is not known yet: no advance
    # Monday's morning entered on Friday, after Wednesday's log: 5/10 is 3 above 2/10.
    check_in(program, monday, pain_now=5, today=friday)
    assert level(program) == 1
    (regress,) = regressions(program)
    assert regress.session_date == monday
    assert "Monday 2 March" in regress.reason

    today = read(reader, "programs:today", friday)
    assert "Monday 2 March was 5/10, 3 points above your usual 2/10" in today
    assert "Banded clamshell Level 1 of 5" in today

    # Saved again, and corrected to a still-bad 6/10: no second step down.
    check_in(program, monday, pain_now=5, today=friday)
    check_in(program, monday, pain_now=6, today=friday + timedelta(days=1))
    assert level(program) == 1
    assert regressions(program).count() == 1


@pytest.mark.parametrize(("morning", "steps_down"), [(3, False), (4, True)])
def test_a_late_morning_steps_down_from_2_points_above_the_baseline(program, morning, steps_down):
    monday, wednesday = day_of(2, 0), day_of(2, 2)
    log_session(program, monday, codes=[CLAMSHELL], today=monday)
    log_session(program, wednesday, codes=[CLAMSHELL], today=wednesday)
    check_in(program, monday, pain_now=morning, today=wednesday + timedelta(days=1))
    assert level(program) == (1 if steps_down else 2)
    assert regressions(program).exists() is steps_down


def test_a_painful_session_logged_after_a_later_one_steps_down_once_without_a_flag(program, reader):
    monday, wednesday, friday = day_of(2, 0), day_of(2, 2), day_of(2, 4)
    log_session(program, wednesday, codes=[CLAMSHELL])
    # Monday's session entered on Friday: pain 6/10 during the clamshells.
    log_session(program, monday, codes=[CLAMSHELL], pain_during=6, today=friday)
    assert level(program) == 1
    (regress,) = regressions(program)
    assert regress.session_date == monday
    assert "Monday 9 March" in regress.reason
    assert not session_flags(program).exists()  # 6/10 once is no flag (8, or 6 twice)
    log_session(program, monday, codes=[CLAMSHELL], pain_during=6, today=friday)
    assert level(program) == 1
    assert regressions(program).count() == 1
    assert "Monday 9 March" in read(reader, "programs:today", friday)


def test_pain_5_logged_late_moves_nothing(program):
    monday, wednesday = day_of(2, 0), day_of(2, 2)
    log_session(program, wednesday, codes=[CLAMSHELL])
    log_session(program, monday, codes=[CLAMSHELL], pain_during=5, today=wednesday)
    assert level(program) == 2
    assert not regressions(program).exists()
    assert not session_flags(program).exists()


def test_a_late_pain_8_flag_and_its_step_down_agree_and_the_client_reads_both(program, reader):
    monday, wednesday, friday = day_of(3, 0), day_of(3, 2), day_of(3, 4)
    log_session(program, wednesday, codes=[CLAMSHELL])
    log_session(program, friday, codes=[CLAMSHELL])
    log_session(program, monday, codes=[CLAMSHELL], pain_during=8, today=friday)
    assert level(program) == 1
    (flag,) = session_flags(program)
    assert (flag.destination, flag.urgency) == ("physiotherapist", "within_2_weeks")
    assert flag.session_date == monday
    assert "Monday 16 March" in flag.reason
    assert "steps down to level 1" in flag.reason
    (regress,) = regressions(program)
    assert regress.session_date == monday
    flags_page = read(reader, "programs:flags", friday)
    assert flags_page.count("Monday 16 March") >= 1
    # A pain of 7 after a session at 1/10 is no flag.
    log_session(program, friday, codes=[CLAMSHELL], pain_during=7, today=friday)
    assert session_flags(program).count() == 1


def test_pain_6_twice_one_of_them_late_flags_and_steps_down_once_per_session(program):
    monday, wednesday, friday = day_of(2, 0), day_of(2, 2), day_of(2, 4)
    log_session(program, wednesday, codes=[CLAMSHELL], pain_during=6)
    assert level(program) == 1
    assert not session_flags(program).exists()
    log_session(program, friday, codes=[CLAMSHELL], today=friday)
    # Monday, entered on Friday, had 6/10 too: two consecutive sessions at 6 or more.
    log_session(program, monday, codes=[CLAMSHELL], pain_during=6, today=friday)
    (flag,) = session_flags(program)
    assert flag.rule == "FLG-SESSION-PAIN-REPEATED"
    assert flag.session_date == wednesday
    assert level(program) == 1  # already the easiest: held there, not below
    assert {d.session_date for d in regressions(program)} == {wednesday}


def test_an_advance_needs_the_last_two_sessions_by_date_morning_after_included(program):
    monday, wednesday = day_of(1, 0), day_of(1, 2)
    log_session(program, monday, codes=[CLAMSHELL])
    log_session(program, wednesday, codes=[CLAMSHELL])
    check_in(program, wednesday, pain_now=3)  # 1 above the baseline: fine for advancing
    assert level(program) == 2  # Monday's morning is still unknown
    check_in(program, monday, pain_now=3, today=wednesday + timedelta(days=2))
    assert level(program) == 3
    decision = ProgressionDecision.objects.filter(
        program_exercise__program=program, action="advance"
    ).get()
    assert (decision.from_level, decision.to_level) == (2, 3)


def test_three_weeks_up_and_down_the_levels_with_late_entries(program, reader):
    comfortable_week(program, 1)
    # Week 1: Mon + Wed qualify -> 3 (medium band); Fri alone is 1 of 2 at level 3.
    assert level(program) == 3
    comfortable_week(program, 2)
    # Week 2: Fri (week 1) + Mon qualify -> 4 (heavy band)? The client has no heavy band.
    assert level(program) == 3
    hold = ProgressionDecision.objects.filter(
        program_exercise__program=program, rule="CAP-BAND-STRENGTH"
    ).last()
    assert hold is not None
    assert "heavy band" in hold.reason
    # Week 3: Wednesday's log says 6/10, entered on Saturday after Friday's comfortable session.
    monday, wednesday, friday = day_of(3, 0), day_of(3, 2), day_of(3, 4)
    log_session(program, monday, codes=[CLAMSHELL])
    check_in(program, monday, pain_now=2)
    log_session(program, friday, codes=[CLAMSHELL])
    log_session(
        program, wednesday, codes=[CLAMSHELL], pain_during=6, today=friday + timedelta(days=1)
    )
    assert level(program) == 2
    (regress,) = regressions(program)
    assert "Wednesday 18 March" in regress.reason
    today = read(reader, "programs:today", friday + timedelta(days=1))
    assert "Wednesday 18 March" in today
    assert "level 3" not in today.split("Next time:")[1][:40]


# --- section 6: 0 sets is not done ----------------------------------------------------------------


def not_done(program: Program, day: date, **change) -> None:
    entries = [
        replace(entry, sets_done=0, reps_done=0 if entry.reps_done else None, **change)
        for entry in entries_for(program, day)
    ]
    services.session_log_record(
        client=program.client, session=session_on(program, day), entries=entries, today=day
    )


def test_sessions_logged_as_0_sets_are_missed_everywhere(program, reader):
    for offset in range(3):
        not_done(program, START + timedelta(days=offset), pain_during=9)
    # Nothing done: no step, no flag, no progression.
    assert not ProgressionDecision.objects.filter(program_exercise__program=program).exists()
    assert not session_flags(program).exists()
    today = read(reader, "programs:today", START + timedelta(days=3))
    week = today.split("This week", 1)[1]
    assert "Mon 2 Mar · strength Done" not in week
    assert "Tue 3 Mar Done" not in week
    call_command("run_daily", "--date", (START + timedelta(days=6)).isoformat())
    assert Flag.objects.filter(program=program, source=Flag.Source.ADHERENCE).exists()


# --- section 8: adherence by the daily job ---------------------------------------------------


def run_daily(day: date) -> None:
    call_command("run_daily", "--date", day.isoformat())


def attention(program: Program):
    return Flag.objects.filter(program=program, source=Flag.Source.ADHERENCE)


@pytest.mark.parametrize(("logged_days", "flagged"), [(7, False), (6, True)])
def test_half_of_the_last_14_days_is_enough(program, logged_days, flagged):
    # Every day has the daily items: 14 sessions in the last 14 days on day 22.
    today = START + timedelta(days=21)
    window = [today - timedelta(days=n) for n in range(1, 15)]
    for day in window[:logged_days]:
        log_session(program, day)
    run_daily(today)
    assert attention(program).filter(status=Flag.Status.OPEN).exists() is flagged
    if flagged:
        assert "6 of 14" in attention(program).get().reason


def test_young_program_window_from_day_7(program):
    # Days 1-6: 3 logged of 6 -> half: nothing.
    for offset in (0, 1, 2):
        log_session(program, START + timedelta(days=offset))
    run_daily(START + timedelta(days=5))
    run_daily(START + timedelta(days=6))
    assert not attention(program).exists()
    # Day 8: 3 of 7 -> below half.
    run_daily(START + timedelta(days=7))
    (flag,) = attention(program)
    assert "3 of 7" in flag.reason


def test_adherence_flag_is_raised_by_the_job_not_by_opening_a_page(program, reader):
    read(reader, "programs:today", START + timedelta(days=10))
    read(reader, "programs:progress", START + timedelta(days=10))
    assert not attention(program).exists()
    run_daily(START + timedelta(days=10))
    assert attention(program).count() == 1
    flags = read(reader, "programs:flags", START + timedelta(days=10))
    assert "Only 0 of 10 planned sessions were logged in the 10 days since" in flags
    assert "from the sessions you logged" in flags


def test_one_flag_over_weeks_of_low_adherence_then_resolved_with_reason(program, reader):
    for offset in range(6, 20):
        run_daily(START + timedelta(days=offset))
    (flag,) = attention(program)
    assert flag.status == Flag.Status.OPEN
    for offset in range(20, 34):
        log_session(program, START + timedelta(days=offset))
    for offset in range(20, 35):
        run_daily(START + timedelta(days=offset))
    (flag,) = attention(program)
    assert flag.status == Flag.Status.RESOLVED
    assert flag.resolution_note
    # Falling behind again later opens a new one (one at a time).
    for offset in range(35, 50):
        run_daily(START + timedelta(days=offset))
    assert attention(program).filter(status=Flag.Status.OPEN).count() == 1
    assert attention(program).count() == 2


def test_days_before_the_start_are_not_counted(client_user):
    later = START + timedelta(days=3)
    program = ProgramFactory(client=client_user, start_date=later, strength_days=STRENGTH_DAYS)
    for offset in range(3):
        log_session(program, later + timedelta(days=offset))
    run_daily(later + timedelta(days=6))  # day 7: 3 of 6
    assert not attention(program).exists()


def test_a_pause_by_a_warning_sign_then_a_clearance_leaves_the_paused_days_out(program):
    # Logged days 1-3, paused by a check-in on day 4, cleared and resumed on day 12.
    for offset in range(3):
        log_session(program, START + timedelta(days=offset))
    with time_machine.travel(aware(START + timedelta(days=3)), tick=False):
        check_in(program, START + timedelta(days=2), giving_way=True)
    program.refresh_from_db()
    assert program.status == Program.Status.PAUSED
    run_daily(START + timedelta(days=8))
    assert not attention(program).exists()  # paused programs are not checked
    with time_machine.travel(aware(START + timedelta(days=11)), tick=False):
        cleared_by_dr_okafor(program, seen_on=START + timedelta(days=10))
    log_session(program, START + timedelta(days=12))
    # Day 14: of days 1-13, days 4-12 were paused: 4 counted, 4 logged.
    run_daily(START + timedelta(days=13))
    assert not attention(program).exists()


# --- section 3: band strengths ------------------------------------------------------------------


LIGHT_ONLY = {"equipment": ["band_light"]}


def test_a_light_band_never_gets_a_medium_or_heavy_band_level(client_user, reader):
    program = ProgramFactory(
        client=client_user,
        start_date=START,
        strength_days=STRENGTH_DAYS,
        answers__equipment=["band_light"],
    )
    assert level(program) == 2
    for week in (1, 2, 3):
        for weekday in (0, 2, 4):
            day = day_of(week, weekday)
            log_session(program, day, codes=[CLAMSHELL, SIDE_STEPS])
            check_in(program, day, pain_now=2)
    assert level(program) == 2  # level 3 needs a medium band
    assert level(program, SIDE_STEPS) == 3  # level 4 needs a medium or heavy band
    hold = ProgressionDecision.objects.filter(
        program_exercise__program=program, program_exercise__code=CLAMSHELL
    ).last()
    assert hold.rule == "CAP-BAND-STRENGTH"
    assert "medium band" in hold.reason
    today = read(reader, "programs:today", day_of(4, 0))
    assert "Medium band" not in today
    assert "Heavy band" not in today
    # The band that unlocks the next level is named under each exercise it caps.
    assert "A medium band or a stronger one unlocks level 3." in today
    assert "A medium band or a stronger one unlocks level 4." in today
    assert today.count("unlocks level") == 2


def test_a_medium_band_reaches_level_3_and_stops_below_the_heavy_band(client_user):
    program = ProgramFactory(
        client=client_user,
        start_date=START,
        strength_days=STRENGTH_DAYS,
        answers__equipment=["band_medium"],
    )
    for week in (1, 2, 3):
        comfortable_week(program, week)
    assert level(program) == 3


def test_a_physiotherapist_cannot_set_a_band_the_client_does_not_have(client_user):
    physio = PhysiotherapistFactory()
    CareLinkFactory(physiotherapist=physio, client=client_user)
    program = ProgramFactory(
        client=client_user,
        start_date=START,
        strength_days=STRENGTH_DAYS,
        answers__equipment=["band_light"],
    )
    exercise = program.exercises.get(code=CLAMSHELL)
    with pytest.raises(CareError):
        program_adjust_level(program_exercise=exercise, actor=physio, level=3, reason="medium")
    assert level(program) == 2


# --- section 8: one definition of improved -------------------------------------------------------

# The typical client's baseline: worst pain 4/10, left single-leg squat slight, right none.
SAME = {
    "pain_now": 2,
    "pain_worst_week": 4,
    "single_leg_squat_left": "slight",
    "single_leg_squat_right": "none",
    "global_rating_of_change": "same",
}


def reassess(program, week, today, **answers):
    return services.reassessment_submit(
        client=program.client, program=program, answers={**SAME, **answers}, week=week, today=today
    )


@pytest.mark.parametrize(
    ("answers", "improved"),
    [
        ({"pain_worst_week": 2}, True),  # fell by 2
        ({"pain_worst_week": 3}, False),  # fell by 1
        ({"global_rating_of_change": "better"}, True),
        ({"global_rating_of_change": "much_better"}, True),
        ({"global_rating_of_change": "same"}, False),
        ({"single_leg_squat_left": "none"}, True),
        ({"squat_knees_cave": "none"}, False),  # the two-leg squat is not a measure
    ],
)
def test_week_6_improved_by_each_measure(program, answers, improved):
    done = reassess(program, 6, END_OF_WEEK_6, **answers)
    assert done.evaluation["comparison"]["improved"] is improved
    flags = Flag.objects.filter(program=program, rule="FLG-WEEK6")
    assert flags.exists() is not improved
    if not improved:
        flag = flags.get()
        assert (flag.destination, flag.urgency) == ("physiotherapist", "routine")
        program.refresh_from_db()
        assert program.status == Program.Status.ACTIVE


@pytest.mark.parametrize(("after", "improved"), [(0, True), (1, False)])
def test_worst_pain_from_1_to_0_is_improved(client_user, after, improved):
    program = ProgramFactory(
        client=client_user, start_date=START, answers__pain_worst_week=1, answers__pain_now=1
    )
    done = reassess(program, 6, END_OF_WEEK_6, pain_worst_week=after, pain_now=0)
    assert done.evaluation["comparison"]["improved"] is improved


GOALS = [
    {"activity": "Running 5 km", "score": 3},
    {"activity": "Stairs with shopping", "score": 4},
    {"activity": "Kneeling to garden", "score": 5},
]


@pytest.mark.parametrize(
    ("scores", "improved"),
    [((5, 6, 7), True), ((5, 6, 6), False), ((3, 4, 11 - 5), False)],
)
def test_goal_score_rising_by_2_is_improved(client_user, scores, improved):
    program = ProgramFactory(client=client_user, start_date=START, answers__goal_activities=GOALS)
    goals = [{**goal, "score": score} for goal, score in zip(GOALS, scores, strict=True)]
    done = reassess(program, 6, END_OF_WEEK_6, goal_activities=goals)
    assert done.evaluation["comparison"]["improved"] is improved


@pytest.mark.parametrize(
    ("week6", "still"),
    [({}, True), ({"global_rating_of_change": "better"}, False), (None, False)],
)
def test_week_12_says_still_only_after_week_6_not_improved(program, week6, still):
    if week6 is not None:
        reassess(program, 6, END_OF_WEEK_6, **week6)
    reassess(program, 12, END_OF_WEEK_12)
    flag = Flag.objects.get(program=program, rule="FLG-WEEK12")
    assert (flag.destination, flag.urgency) == ("orthopedic_specialist", "routine")
    assert ("Still" in flag.reason or "still" in flag.reason) is still


def test_week_12_improved_against_the_baseline_raises_nothing(program):
    reassess(program, 6, END_OF_WEEK_6)
    reassess(program, 12, END_OF_WEEK_12, pain_worst_week=2)
    assert not Flag.objects.filter(program=program, rule="FLG-WEEK12").exists()


def test_function_score_compares_only_items_answered_both_times(client_user):
    program = ProgramFactory(
        client=client_user,
        start_date=START,
        answers__difficulty_stairs=2,
        answers__difficulty_running=4,
    )
    done = reassess(program, 6, END_OF_WEEK_6, difficulty_stairs=1, difficulty_squatting=3)
    comparison = done.evaluation["comparison"]
    assert comparison["function_items_compared"] == ["difficulty_stairs"]
    assert comparison["function_score_baseline"] == 50.0
    assert comparison["function_score_follow_up"] == 75.0


# --- section 8: clearances ------------------------------------------------------------------------


WITHHELD = {
    "age": 30,
    "side": "left",
    "pain_now": 2,
    "pain_worst_week": 3,
    "giving_way": True,
    "single_leg_squat_left": "slight",
    "equipment": ["band_light"],
}


def withheld_result(client_user, answers=WITHHELD) -> Assessment:
    return assessment_submit(
        assessment=Assessment.objects.create(
            owner=client_user, answers=answers, current_step="preferences"
        )
    )


def record_clearance(reader, assessment, seen_on: date, role="doctor", name="Dr Patel"):
    return reader.post(
        reverse("assessments:clearance", args=[assessment.uid]),
        {
            "confirmed": "on",
            "clinician_name": name,
            "clinician_role": role,
            "seen_on": seen_on.isoformat(),
        },
        follow=True,
    )


def test_a_clearance_dated_before_the_referral_or_in_the_future_is_refused(reader, client_user):
    with time_machine.travel(aware(START), tick=False):
        assessment = withheld_result(client_user)
    refused = {
        START
        - timedelta(days=1): "cannot be before Monday 2 March 2026, when the referral was raised",
        START + timedelta(days=6): "cannot be in the future (today is Saturday 7 March 2026)",
    }
    with time_machine.travel(aware(START + timedelta(days=5)), tick=False):
        reader.force_login(client_user)
        for seen_on, why in refused.items():
            text = page_text(record_clearance(reader, assessment, seen_on))
            assert why in text
            assessment.refresh_from_db()
            assert not assessment.is_cleared
        record_clearance(reader, assessment, START, role="physiotherapist", name="Sam Lee")
    assessment.refresh_from_db()
    assert assessment.is_cleared
    clearance = assessment.clearances.get()
    assert (clearance.clinician_name, clearance.clinician_role) == ("Sam Lee", "physiotherapist")
    assert clearance.seen_on == START


def test_a_withheld_result_never_says_exercises_start(reader, client_user):
    with time_machine.travel(aware(START), tick=False):
        assessment = withheld_result(
            client_user, {**WITHHELD, "pain_worst_week": 8}
        )  # severe pain too: its referral says exercises start when allowed
    text = read(reader, "assessments:result", START, assessment.uid)
    assert "exercises start" not in text.lower()
    assert "start at the easiest level" not in text
    today = read(reader, "programs:today", START)
    assert "exercises start" not in today.lower()


@pytest.mark.parametrize("answers", [WITHHELD, {**WITHHELD, "single_leg_squat_left": "none"}])
def test_after_a_clearance_no_page_says_both_exercises_below_and_no_program(
    reader, client_user, answers
):
    with time_machine.travel(aware(START), tick=False):
        assessment = withheld_result(client_user, answers)
        reader.force_login(client_user)
        record_clearance(reader, assessment, START)
    for name, args in (
        ("assessments:result", [assessment.uid]),
        ("programs:today", []),
    ):
        text = read(reader, name, START, *args).lower()
        below = "exercises are below" in text or "exercises below" in text
        none = "no program was made" in text
        assert not (below and none), name
        if none:
            assert "your program was allowed" not in text, name


def test_a_paused_program_is_cleared_no_earlier_than_the_flag(program):
    log_session(program, START)
    with time_machine.travel(aware(START + timedelta(days=2)), tick=False):
        check_in(program, START, locking=True, today=START + timedelta(days=2))
    program.refresh_from_db()
    assert program.status == Program.Status.PAUSED
    for seen_on in (START + timedelta(days=1), START + timedelta(days=6)):
        with pytest.raises(ServiceError):
            services.program_resume_cleared(
                program=program,
                client=program.client,
                clinician_name="Dr Okafor",
                clinician_role="orthopedic_specialist",
                seen_on=seen_on,
                today=START + timedelta(days=5),
            )
    services.program_resume_cleared(
        program=program,
        client=program.client,
        clinician_name="Dr Okafor",
        clinician_role="orthopedic_specialist",
        seen_on=START + timedelta(days=2),
        today=START + timedelta(days=5),
    )
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE


# --- Today of a paused program and an acknowledged flag -----------------------------------------


def test_paused_today_lists_nothing_due_and_an_acknowledged_flag_says_the_physio_saw_it(
    program, reader
):
    physio = PhysiotherapistFactory()
    CareLinkFactory(physiotherapist=physio, client=program.client)
    log_session(program, START)
    with time_machine.travel(aware(START + timedelta(days=1)), tick=False):
        result = check_in(program, START, giving_way=True)
    (flag,) = result.flags
    for day in (START + timedelta(days=2), START + timedelta(days=4)):
        text = read(reader, "programs:today", day)
        assert "Start today's session" not in text
        assert "Log today's session" not in text
        assert text.count("your knee gave way") <= 1
    flag_acknowledge(flag=flag, actor=physio, note="Booked you in on Friday")
    text = read(reader, "programs:flags", START + timedelta(days=2))
    assert "physiotherapist has seen" in text
    assert "Booked you in on Friday" not in text  # the note is not shared
    today = read(reader, "programs:today", START + timedelta(days=2))
    assert "physiotherapist has seen" in today
    assert today.count("your knee gave way") <= 1


def test_a_bad_morning_with_a_warning_sign_steps_down_before_the_program_resumes(program, reader):
    log_session(program, START, codes=[CLAMSHELL])
    # The morning after: 5/10 (3 above the baseline) and the knee gave way: paused.
    with time_machine.travel(aware(START + timedelta(days=1)), tick=False):
        result = check_in(program, START, pain_now=5, giving_way=True)
    assert result.paused
    assert level(program) == 1
    (regress,) = regressions(program)
    assert "Monday 2 March" in regress.reason
    paused = read(reader, "programs:today", START + timedelta(days=2))
    assert "Your program is paused" in paused
    assert "Next time:" not in paused
    services.program_resume_cleared(
        program=program,
        client=program.client,
        clinician_name="Dr Okafor",
        clinician_role="orthopedic_specialist",
        seen_on=START + timedelta(days=3),
        today=START + timedelta(days=3),
    )
    # Back at the level the morning called for, not the one before it.
    assert "Banded clamshell : level 1" in read(reader, "programs:today", START + timedelta(days=3))
    log_session(program, START + timedelta(days=4), codes=[CLAMSHELL])
    assert level(program) == 1
    assert regressions(program).count() == 1


def test_a_session_logged_as_not_done_still_gets_the_next_days_reminder(program):
    from django.core import mail

    not_done(program, START)
    run_daily(START + timedelta(days=1))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [program.client.email]


def test_the_start_page_of_a_withheld_result_sends_the_client_to_record_the_clearance(
    reader, client_user
):
    with time_machine.travel(aware(START), tick=False):
        assessment = withheld_result(client_user)
    text = read(reader, "programs:start", START, assessment.uid)
    assert "record their clearance on your result page" in text
    assert "take the self-assessment again" not in text
    assert "Start my program" not in text


def test_a_morning_corrected_after_an_advance_keeps_the_advance_in_the_history(program):
    monday, wednesday, friday = day_of(1, 0), day_of(1, 2), day_of(1, 4)
    for day in (monday, wednesday):
        log_session(program, day, codes=[CLAMSHELL])
        check_in(program, day, pain_now=2)
    assert level(program) == 3
    # Wednesday's morning corrected on Friday: 5/10, 3 above the baseline.
    check_in(program, wednesday, pain_now=5, today=friday)
    assert level(program) == 2
    changes = [
        (decision.from_level, decision.to_level, decision.session_date)
        for decision in ProgressionDecision.objects.filter(
            program_exercise__program=program, program_exercise__code=CLAMSHELL
        )
        .exclude(action="hold")
        .order_by("created_at", "id")
    ]
    assert changes == [(2, 3, wednesday), (3, 2, wednesday)]


def test_without_a_band_the_banded_exercises_say_a_band_unlocks_their_next_level(
    client_user, reader
):
    ProgramFactory(
        client=client_user, start_date=START, strength_days=STRENGTH_DAYS, answers__equipment=[]
    )
    today = read(reader, "programs:today", START)
    # Clamshell and side steps are capped at 1, the squat at 2; its level 3 also needs a
    # dumbbell, so a band alone opens level 4 (spec section 3).
    assert today.count("A resistance band unlocks level 2.") == 2
    assert "A resistance band unlocks level 4." in today
    assert today.count("unlocks level") == 3


def test_with_both_bands_nothing_is_capped_at_the_start(program, reader):
    assert "unlocks level" not in read(reader, "programs:today", START)


def test_0_sets_and_0_reps_typed_into_the_session_form_is_logged_as_not_done(program, reader):
    from programs.models import ExerciseLog
    from tests.programs.test_views import session_post

    with time_machine.travel(aware(START), tick=False):
        reader.force_login(program.client)
        data = session_post(program, START)
        data.update(
            {
                f"{CLAMSHELL}-sets_done": "0",
                f"{CLAMSHELL}-reps_done": "0",
                f"{CLAMSHELL}-pain_during": "",
                f"{CLAMSHELL}-difficulty": "",
            }
        )
        response = reader.post(reverse("programs:session", args=[START]), data)
        assert response.status_code == 302
    log = ExerciseLog.objects.get(program_exercise__code=CLAMSHELL)
    assert (log.sets_done, log.reps_done, log.is_done) == (0, 0, False)
    assert ExerciseLog.objects.filter(session__date=START).count() == 6
    assert not ProgressionDecision.objects.filter(program_exercise__code=CLAMSHELL).exists()


def test_the_guided_session_takes_0_sets_as_not_done_without_asking_how_it_felt(program, reader):
    import json

    from programs.models import ExerciseLog

    with time_machine.travel(aware(START), tick=False):
        reader.force_login(program.client)
        response = reader.post(
            reverse("programs:session_log_api", args=[START]),
            json.dumps({"entries": [{"code": CLAMSHELL, "sets_done": 0, "reps_done": 0}]}),
            content_type="application/json",
        )
    assert response.status_code == 200, response.content
    log = ExerciseLog.objects.get(program_exercise__code=CLAMSHELL)
    assert not log.is_done


def test_a_clearance_must_be_no_earlier_than_the_latest_warning_sign_of_the_pause(program, reader):
    log_session(program, START)
    log_session(program, START + timedelta(days=2))
    # Paused by Monday's check-in on Tuesday; Wednesday's check-in, on Thursday, says the knee
    # locked: a clinician seen on Wednesday cannot have cleared that.
    with time_machine.travel(aware(START + timedelta(days=1)), tick=False):
        check_in(program, START, giving_way=True)
    with time_machine.travel(aware(START + timedelta(days=3)), tick=False):
        check_in(program, START + timedelta(days=2), locking=True)
    program.refresh_from_db()
    assert program.status == Program.Status.PAUSED
    resume = read(reader, "programs:resume", START + timedelta(days=4))
    assert "Paused because: See an orthopaedic specialist within 2 weeks: your knee gave way." in (
        resume
    )
    assert "Reported since: See an orthopaedic specialist within 2 weeks: your knee locked." in (
        resume
    )
    with (
        time_machine.travel(aware(START + timedelta(days=4)), tick=False),
        pytest.raises(ServiceError, match="Thursday 5 March 2026"),
    ):
        cleared_by_dr_okafor(program, seen_on=START + timedelta(days=2))
    program.refresh_from_db()
    assert program.status == Program.Status.PAUSED
    with time_machine.travel(aware(START + timedelta(days=4)), tick=False):
        cleared_by_dr_okafor(program, seen_on=START + timedelta(days=3))
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE


def test_the_start_page_of_a_cleared_result_with_no_exercise_does_not_ask_for_clearance(
    reader, client_user
):
    with time_machine.travel(aware(START), tick=False):
        assessment = withheld_result(client_user, {**WITHHELD, "single_leg_squat_left": "none"})
        reader.force_login(client_user)
        record_clearance(reader, assessment, START)
    text = read(reader, "programs:start", START, assessment.uid)
    assert "waits for clinician clearance" not in text
    assert "no program to start" in text
    assert "Start my program" not in text


def test_the_completed_summary_leaves_the_paused_days_out_of_the_sessions_to_do(program, reader):
    # Logged on day 1; paused from day 2 (a warning sign) to day 8 (cleared): 7 days not counted.
    log_session(program, START)
    with time_machine.travel(aware(START + timedelta(days=1)), tick=False):
        check_in(program, START, giving_way=True)
    with time_machine.travel(aware(START + timedelta(days=7)), tick=False):
        cleared_by_dr_okafor(program, seen_on=START + timedelta(days=7))
    after = END_OF_WEEK_12 + timedelta(days=1)
    with time_machine.travel(aware(after), tick=False):
        run_daily(after)
    program.refresh_from_db()
    assert program.status == Program.Status.COMPLETED
    # 84 days with daily exercises, of which days 2 to 8 were paused: 1 of 77.
    assert "1 of 77 (1%)" in read(reader, "programs:today", after)
