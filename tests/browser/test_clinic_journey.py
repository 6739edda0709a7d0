"""The physiotherapist assesses a new linked client in clinic, starts the program from the
evaluation and prescribes from the library; the client then does the session on Today. Every
page on the way is checked with axe, and the new pages are photographed at phone and desktop
size (in ``/tmp/clinic-shots``) for a person to look at."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse

from care.models import ProgramTemplate
from programs.models import ExerciseLog, Program
from tests.assessments.helpers import STEP_POSTS
from tests.browser.helpers import assert_accessible, log_in
from tests.dates import aware
from tests.factories import (
    AssessmentFactory,
    CareLinkFactory,
    PhysiotherapistFactory,
    ProgramTemplateFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2026, 3, 23)  # a Monday: a strength day of the default days
SHOTS = Path("/tmp/clinic-shots")


def _fill_step(page, answers: dict) -> None:
    """Answer one questionnaire step as the physiotherapist observed it."""
    for name, value in answers.items():
        values = value if isinstance(value, list) else [value]
        field = page.locator(f"[name='{name}']").first
        kind = field.get_attribute("type")
        if kind in {"radio", "checkbox"}:
            for item in values:
                page.locator(f"input[name='{name}'][value='{item}']").check()
        else:
            field.fill(str(value))


def _log_today(page) -> None:
    page.get_by_role("link", name=re.compile("Log today's session")).click()
    names = page.locator("input[name$='-pain_during'][value='0']").evaluate_all(
        "inputs => inputs.map(input => input.name)"
    )
    for name in names:
        code = name.removesuffix("-pain_during")
        page.locator(f"input[name='{name}'][value='1']").check()
        page.locator(f"input[name='{code}-difficulty'][value='easy']").check()
    page.get_by_role("button", name="Save session").click()
    page.wait_for_load_state()


def test_assess_in_clinic_prescribe_from_the_library_and_the_client_logs(
    browser, live_server, time_machine
):
    time_machine.move_to(aware(TODAY, 10), tick=True)
    physio = PhysiotherapistFactory(first_name="Sam", last_name="Okafor")
    person = UserFactory(first_name="Robin", last_name="Hale")
    CareLinkFactory(physiotherapist=physio, client=person)
    base = live_server.url
    physio_ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    client_ctx = browser.new_context(viewport={"width": 390, "height": 844})
    physio_page, client_page = physio_ctx.new_page(), client_ctx.new_page()
    try:
        log_in(physio_page, live_server, physio)
        physio_page.goto(base + reverse("physio:client", args=[person.pk]))
        assert "has not taken the self-assessment" in physio_page.content()
        physio_page.get_by_role("button", name="Assess in clinic").first.click()

        # The questionnaire's steps, answered with what the physiotherapist observed.
        for number, answers in enumerate(STEP_POSTS.values()):
            physio_page.get_by_role("heading", level=1).wait_for()
            if number in (0, 3):  # the first step and the movement tests
                assert_accessible(physio_page)
            _fill_step(physio_page, answers)
            last = number == len(STEP_POSTS) - 1
            name = "Save and see the evaluation" if last else "Save and continue"
            physio_page.get_by_role("button", name=name).click()
        physio_page.get_by_role("heading", level=1, name="Assessment of Robin Hale").wait_for()
        assert "Assessed in clinic by Sam Okafor" in physio_page.content()
        assert "Banded clamshell" in physio_page.content()
        assert_accessible(physio_page)

        # The program starts from the evaluation.
        physio_page.get_by_role("button", name="Start the program").click()
        assert "Program started." in physio_page.content()
        program = Program.objects.current_for(person)
        assert program.assessment.assessed_by == physio

        # Prescribe from the library: the adductor stretch at level 1, with a reason.
        physio_page.get_by_role("link", name="Prescribe from the library").click()
        physio_page.get_by_role("heading", level=1).wait_for()
        assert_accessible(physio_page)
        physio_page.get_by_role("link", name="Add Adductor stretch at level 1").click()
        physio_page.get_by_label("Reason").fill("your inner thighs are tight")
        physio_page.get_by_role("button", name="Add the exercise").click()
        assert "Exercise added." in physio_page.content()
        assert program.exercises.filter(code="adductor_stretch", active=True).exists()

        # The client reads who assessed them and why the exercise was added, then logs.
        log_in(client_page, live_server, person)
        client_page.goto(base + reverse("programs:today"))
        changes = " ".join(client_page.locator(".program-changes").inner_text().split())
        assert (
            "Your physiotherapist added Adductor stretch at level 1 because your inner thighs "
            "are tight"
        ) in changes
        assert_accessible(client_page)
        _log_today(client_page)
        logged = ExerciseLog.objects.filter(session__program=program, session__date=TODAY)
        assert logged.filter(program_exercise__code="adductor_stretch").exists()
        assert logged.count() == program.exercises.filter(active=True).count()
        assert_accessible(client_page)
        client_page.goto(base + reverse("programs:progress"))
        assert "assessment in clinic by Sam Okafor" in client_page.content()
        client_page.screenshot(path="/tmp/clinic-journey-client-progress.png", full_page=True)
    finally:
        physio_ctx.close()
        client_ctx.close()


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)], ids=["phone", "desktop"])
def test_the_new_workspace_pages_at_phone_and_desktop_size(browser, live_server, size):
    """Each new page of the workspace passes axe; the screenshots are for looking at."""
    from tests.factories import ProgramFactory

    physio = PhysiotherapistFactory(first_name="Sam", last_name="Okafor")
    person = UserFactory(first_name="Robin", last_name="Hale")
    CareLinkFactory(physiotherapist=physio, client=person)
    program = ProgramFactory(client=person)
    template = ProgramTemplateFactory(physiotherapist=physio, name="Hip control, band at home")
    draft = AssessmentFactory(owner=person, assessed_by=physio, draft=True, current_step="movement")
    exercise = program.exercises.first()
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    SHOTS.mkdir(exist_ok=True)
    pages = {
        "review": reverse("physio:client", args=[person.pk]),
        "step": reverse("physio:assessment_step", args=[person.pk, draft.uid, "movement"]),
        "library": reverse("physio:client_library", args=[person.pk]),
        "library-search": reverse("physio:library") + "?q=hip",
        "when": reverse("physio:exercise_frequency", args=[person.pk, exercise.pk]),
        "apply": reverse("physio:template_apply", args=[person.pk]),
        "save": reverse("physio:template_save", args=[person.pk]),
        "templates": reverse("physio:templates"),
        "template": reverse("physio:template_detail", args=[template.pk]),
        "handout": reverse("physio:handout", args=[person.pk]),
        "assessment": reverse("physio:assessment_result", args=[person.pk, program.assessment.uid]),
    }
    try:
        log_in(page, live_server, physio)
        for name, path in pages.items():
            page.goto(live_server.url + path)
            assert page.get_by_role("heading", level=1).count() == 1, name
            assert_accessible(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= size[0], f"{name} is {width}px wide"
            page.screenshot(path=str(SHOTS / f"{name}-{size[0]}.png"), full_page=True)
            page.screenshot(path=str(SHOTS / f"{name}-{size[0]}-top.png"))
        assert ProgramTemplate.objects.count() == 1
    finally:
        context.close()


def test_the_handout_of_a_usual_program_prints_on_one_a4_page(browser, live_server):
    from tests.factories import ProgramFactory

    physio = PhysiotherapistFactory(first_name="Sam", last_name="Okafor")
    person = UserFactory(first_name="Robin", last_name="Hale")
    CareLinkFactory(physiotherapist=physio, client=person)
    program = ProgramFactory(client=person)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        log_in(page, live_server, physio)
        page.goto(live_server.url + reverse("physio:handout", args=[person.pk]))
        cards = page.locator("article.printable-exercise svg")
        assert cards.count() == program.exercises.filter(active=True).count()
        assert "From Sam Okafor, physiotherapist" in page.content()
        pdf = page.pdf(format="A4")
        assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    finally:
        context.close()
