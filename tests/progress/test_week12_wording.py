"""Week 12 says "still no improvement" only when week 6 was not improved either (spec section 8)."""

from __future__ import annotations

import pytest

from programs.models import Flag
from programs.services import reassessment_submit
from tests.dates import END_OF_WEEK_6, END_OF_WEEK_12, START
from tests.factories import ProgramFactory

pytestmark = pytest.mark.django_db

SAME = {
    "pain_now": 2,
    "pain_worst_week": 4,
    "single_leg_squat_left": "slight",
    "single_leg_squat_right": "none",
    "squat_knees_cave": "none",
    "hip_drop_left": False,
    "hip_drop_right": False,
    "global_rating_of_change": "same",
}
BETTER = {**SAME, "global_rating_of_change": "better"}


@pytest.mark.parametrize(("week6", "still"), [(SAME, True), (BETTER, False)])
def test_still_only_after_a_week_6_that_was_not_improved(client_user, week6, still):
    program = ProgramFactory(client=client_user, start_date=START)
    first = reassessment_submit(
        client=client_user, program=program, answers=week6, week=6, today=END_OF_WEEK_6
    )
    assert first.evaluation["comparison"]["improved"] is (week6 is BETTER)
    assert first.rules_version
    reassessment_submit(
        client=client_user, program=program, answers=SAME, week=12, today=END_OF_WEEK_12
    )
    flag = Flag.objects.get(client=client_user, rule="FLG-WEEK12")
    assert flag.reason.startswith("Still no noticeable improvement") is still
    assert flag.rules_version
