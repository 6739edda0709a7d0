"""A whole guided session at phone size, as a client does it in a gym: timers run on the page's
own clock (advanced by the test, nothing sleeps), the page is reloaded in the middle, the
connection drops before the save and comes back; the log is then in the database, once."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from programs.models import ExerciseLog
from tests.browser.helpers import assert_no_axe_violation, log_in
from tests.factories import ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("VALGUS_SCREENSHOTS", "")


def shoot(page, name: str) -> None:
    """Full-page screenshots for a person to look at, when VALGUS_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/guided-{name}.png", full_page=True)


@pytest.fixture
def strength_day_client(db):
    """A client in week 2 whose strength days include today."""
    today = timezone.localdate()
    weekday = today.weekday()
    user = UserFactory(first_name="Ana")
    program = ProgramFactory(
        client=user,
        start_date=today - timedelta(days=7),
        strength_days=[weekday, (weekday + 2) % 7, (weekday + 4) % 7],
    )
    return user, program


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.clock.install()
    yield context, page
    context.close()


def current_step(page):
    return page.locator("section[data-step]:visible")


def tap(step, field: str, value: str) -> None:
    step.locator(f"label[for$='-{field}-{value}']").click()


def do_every_set(page, step) -> None:
    """Go through every set with the counter and the timers, the clock moved on by the test."""
    sets = int(step.get_attribute("data-sets"))
    rest = int(step.get_attribute("data-rest"))
    hold = step.get_attribute("data-hold")
    reps = step.get_attribute("data-reps")
    per_side = step.get_attribute("data-per-side") == "1"
    clock = step.locator("[data-clock]")
    for number in range(1, sets + 1):
        expect(step.locator("[data-set-line]")).to_contain_text(f"Set {number} of {sets}")
        if reps:
            step.get_by_role("button", name="Set done").click()
        else:
            for side in ("Start the hold", "Start the other side")[: 2 if per_side else 1]:
                step.get_by_role("button", name=side).click()
                expect(clock).to_have_text(f"0:{int(hold):02d}")
                page.clock.run_for(int(hold) * 1000 // 2)
                expect(clock).to_have_text(f"0:{int(hold) - int(hold) // 2:02d}")
                shoot(page, "hold")
                page.clock.run_for(int(hold) * 1000 // 2 + 500)
        if number < sets:
            expect(clock).to_be_visible()
            shoot(page, "rest")
            expect(step.locator("[data-set-line]")).to_contain_text(f"Rest, then set {number + 1}")
            page.clock.run_for(rest * 1000 + 500)
            expect(page.locator("[data-announce]")).to_have_text(
                f"Rest over. Set {number + 1} of {sets}."
            )
    expect(step.locator("[data-set-line]")).to_have_text(f"All {sets} sets done")
    expect(clock).to_be_hidden()


def test_a_whole_guided_session_with_a_reload_and_a_lost_connection(
    live_server, phone, strength_day_client
):
    context, page = phone
    user, program = strength_day_client
    due = list(program.exercises.filter(active=True))  # today is a strength day: every exercise
    log_in(page, live_server, user)

    page.get_by_role("link", name="Start today's session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today's session")
    expect(page.locator("[data-guided-fallback]")).to_be_hidden()
    assert_no_axe_violation(page)

    steps = page.locator("section[data-step]")
    assert steps.count() == len(due)
    codes = [steps.nth(index).get_attribute("data-code") for index in range(len(due))]

    # 1. Every set with the timers, then "Done as prescribed" without a pain score: refused
    # next to the field, then given.
    step = current_step(page)
    expect(page.locator("[data-progress]")).to_have_text(f"Exercise 1 of {len(due)}")
    assert step.locator("svg[role=img]").count() == 1
    do_every_set(page, step)
    step.get_by_role("button", name="Done as prescribed").click()
    expect(step.locator("[data-error=pain_during]")).to_have_text(
        "Tap your pain during this exercise, 0 to 10."
    )
    tap(step, "pain", "1")
    tap(step, "difficulty", "easy")
    step.get_by_role("button", name="Done as prescribed").click()

    # 2. Half-way through the second exercise the page is reloaded: nothing is lost.
    step = current_step(page)
    expect(step).to_have_attribute("data-code", codes[1])
    tap(step, "pain", "2")
    page.reload()
    step = current_step(page)
    expect(step).to_have_attribute("data-code", codes[1])
    expect(page.get_by_text("Picked up where you left off.")).to_be_visible()
    expect(step.locator(f"#{codes[1]}-pain-2")).to_be_checked()
    tap(step, "difficulty", "moderate")
    step.get_by_role("button", name="I did something different").click()
    step.get_by_label("Sets done").fill("1")
    step.get_by_role("button", name="Save what I did").click()

    # 3. The rest: the hold exercises with their timer, one exercise skipped.
    skipped = codes[-1]
    for index in range(2, len(codes)):
        step = current_step(page)
        expect(step).to_have_attribute("data-code", codes[index])
        if codes[index] == skipped:
            step.get_by_role("button", name="Skip this exercise").click()
            continue
        if step.get_attribute("data-hold") and not step.get_attribute("data-reps"):
            do_every_set(page, step)
        tap(step, "pain", "0")
        tap(step, "difficulty", "easy")
        step.get_by_role("button", name="Done as prescribed").click()

    summary = page.locator("section[data-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("skipped")
    expect(summary).to_contain_text("pain 2/10, moderate")
    shoot(page, "summary")

    # 4. The connection drops; the save waits in the browser and the page says so.
    context.set_offline(True)
    summary.get_by_role("button", name="Save session").click()
    expect(page.get_by_role("heading", name="Kept in this browser")).to_be_visible()
    expect(page.locator("[data-outbox-status]").first).to_contain_text("waiting for a connection")
    assert ExerciseLog.objects.filter(session__program=program).count() == 0
    shoot(page, "waiting")

    # 5. Back online: it is sent by itself, and "Next time" is shown at once.
    context.set_offline(False)
    expect(page.get_by_role("heading", name="Saved", exact=True)).to_be_visible()
    expect(page.locator("[data-next-time] li")).to_have_count(len(codes) - 1)
    expect(page.locator("[data-next-time]")).to_contain_text("Next time: level")
    expect(page.locator("[data-outbox-status]").first).to_be_hidden()
    assert_no_axe_violation(page)
    shoot(page, "saved")

    logs = {
        log.program_exercise.code: log
        for log in ExerciseLog.objects.filter(session__program=program).select_related(
            "program_exercise"
        )
    }
    assert set(logs) == set(codes) - {skipped}
    assert logs[codes[0]].pain_during == 1 and logs[codes[0]].difficulty == "easy"
    assert logs[codes[0]].sets_done == logs[codes[0]].prescribed_sets
    assert logs[codes[1]].sets_done == 1 and logs[codes[1]].pain_during == 2
    assert logs[codes[1]].difficulty == "moderate"

    # Sent again (a lost answer, a second tab): still one log per exercise, the same values.
    first = logs[codes[0]]
    body = {
        "entries": [
            {
                "code": codes[0],
                "sets_done": first.sets_done,
                "reps_done": first.reps_done,
                "hold_seconds_done": first.hold_seconds_done,
                "pain_during": 1,
                "difficulty": "easy",
            }
        ]
    }
    url = page.locator("[data-guided]").get_attribute("data-save-url")
    status = page.evaluate(
        "([url, body]) => window.valgusOutbox.post(url, body).then((r) => r.status)", [url, body]
    )
    assert status == 200
    assert ExerciseLog.objects.filter(session__program=program).count() == len(codes) - 1
    first.refresh_from_db()
    assert (first.sets_done, first.pain_during) == (first.prescribed_sets, 1)

    # Today says it is done; the guided state is gone from the browser.
    page.get_by_role("link", name="Back to Today").click()
    expect(page.get_by_role("link", name="Change today's log")).to_be_visible()
    kept = page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('valgus:'))")
    assert [key for key in kept if not key.endswith(":sound")] == []


def test_without_javascript_the_guided_page_sends_to_the_form(
    live_server, browser, strength_day_client
):
    user, program = strength_day_client
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, user)
    today = timezone.localdate().isoformat()
    page.goto(f"{live_server.url}/program/day/{today}/guided/")
    link = page.get_by_role("link", name="Log the session with the form")
    expect(link).to_be_visible()
    link.click()
    expect(page).to_have_url(re.compile(rf"/program/day/{today}/$"))
    expect(page.get_by_role("button", name="Save session")).to_be_visible()
    context.close()


def test_reps_with_a_hold_are_timed_one_by_one(live_server, phone, strength_day_client):
    """Short foot is reps of 5-second holds on each side: each hold has its countdown, the
    counter moves rep by rep, then to the other side."""
    context, page = phone
    user, program = strength_day_client
    log_in(page, live_server, user)
    page.get_by_role("link", name="Start today's session").click()
    while current_step(page).get_attribute("data-code") != "short_foot":
        current_step(page).get_by_role("button", name="Skip this exercise").click()
    step = current_step(page)
    reps, hold = int(step.get_attribute("data-reps")), int(step.get_attribute("data-hold"))
    sets = int(step.get_attribute("data-sets"))
    line = step.locator("[data-set-line]")
    expect(line).to_have_text(f"Set 1 of {sets}: rep 1 of {reps}, first side")
    for rep in range(1, reps + 1):
        expect(line).to_contain_text(f"rep {rep} of {reps}, first side")
        step.get_by_role("button", name=f"Hold {hold} s").click()
        expect(step.locator("[data-clock]")).to_have_text(f"0:{hold:02d}")
        page.clock.run_for(hold * 1000 + 300)
    expect(line).to_have_text(f"Set 1 of {sets}: rep 1 of {reps}, other side")
    expect(page.locator("[data-announce]")).to_have_text("Now the other side.")
    step.get_by_role("button", name="Set done").click()
    expect(line).to_contain_text(f"Rest, then set 2 of {sets}")
