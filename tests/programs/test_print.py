"""Print my program: every exercise with its figure, dose and cue; only one's own program."""

import re

import pytest
import time_machine
from django.urls import reverse

from programs.policy import prescribed_dose
from programs.selectors import exercise_card, printable_program
from tests.dates import START, aware
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db


def test_every_active_exercise_is_printed_with_figure_dose_and_cue(logged_in, client_user):
    program = ProgramFactory(client=client_user)
    removed = program.exercises.filter(frequency="strength").first()
    removed.active = False
    removed.save()

    page = logged_in.get(reverse("programs:print")).content.decode()

    active = list(program.exercises.filter(active=True))
    assert page.count('<article class="printable-exercise"') == len(active)
    assert page.count("<svg") == len(active)
    for exercise in active:
        card = exercise_card(exercise, program.equipment)
        assert card.name in page
        assert str(prescribed_dose(exercise)) in page.replace("&#x27;", "'")
        assert card.cue.replace("'", "&#x27;") in page
    assert exercise_card(removed, program.equipment).name not in page
    assert "On strength days" in page and "Every day" in page
    assert "data-print" in page


def test_strength_exercises_come_before_the_daily_ones(client_user):
    program = ProgramFactory(client=client_user)
    printable = printable_program(program)
    frequencies = [card.exercise.frequency for card in printable.cards]
    assert frequencies == sorted(frequencies, key=lambda value: value != "strength")
    assert printable.strength_cards and printable.daily_cards


def test_today_links_to_the_printable_program(logged_in, client_user):
    ProgramFactory(client=client_user)
    page = logged_in.get(reverse("programs:today")).content.decode()
    assert reverse("programs:print") in page


def test_without_a_program_there_is_nothing_to_print(logged_in):
    assert logged_in.get(reverse("programs:print")).status_code == 404


def visible_cues(html: str) -> int:
    """How many 'Cue:' a person reads: the page's text and the figures' drawn text, not the
    figures' text alternatives (<desc>, for a screen reader)."""
    html = re.sub(r"<desc[^>]*>.*?</desc>", "", html, flags=re.S)
    return len(re.findall(r">\s*Cue:", html))


@time_machine.travel(aware(START), tick=False)
@pytest.mark.parametrize("page_name", ["programs:print", "programs:today"])
def test_each_exercise_cue_is_read_once_beside_its_figure(logged_in, client_user, page_name):
    ProgramFactory(client=client_user, start_date=START)
    html = logged_in.get(reverse(page_name)).content.decode()
    figures = html.count("<svg")
    assert figures
    assert 'class="fig-cue"' not in html
    assert visible_cues(html) == figures  # one written cue per exercise, none drawn again
