"""The printed program fits one A4 page for a usual program (six exercises), whatever their
levels, and the page passes axe at phone size."""

from __future__ import annotations

import re

import pytest

from demo.management.commands.load_demo import BASE_ANSWERS
from programs.engine import library
from tests.browser.helpers import assert_no_axe_violation, log_in
from tests.factories import ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


@pytest.mark.parametrize("levels", ["first", "demo", "top"])
def test_the_demo_program_prints_on_one_a4_page(live_server, page, levels):
    user = UserFactory(first_name="Alex", last_name="Morgan")
    program = ProgramFactory(client=user, answers=BASE_ANSWERS)
    demo_levels = {"banded_squat_knee_cue": 4, "half_kneeling_hip_flexor_stretch": 4}
    for exercise in program.exercises.all():
        top = library.get(exercise.code).top_level
        exercise.level = {"first": 1, "top": top}.get(levels, demo_levels.get(exercise.code, 3))
        exercise.level = min(exercise.level, top)
        exercise.save()
    assert program.exercises.filter(active=True).count() == 6

    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/program/print/")
    assert page.locator("article.printable-exercise svg").count() == 6

    pdf = page.pdf(format="A4")
    assert len(PDF_PAGE.findall(pdf)) == 1


def test_print_page_at_phone_size_is_accessible(live_server, browser):
    user = UserFactory()
    ProgramFactory(client=user, answers=BASE_ANSWERS)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/program/print/")
    page.get_by_role("button", name="Print").wait_for()
    assert page.get_by_role("heading", level=1).count() == 1
    assert_no_axe_violation(page)
    context.close()
