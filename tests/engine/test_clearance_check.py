"""A clinician's clearance records who and when (spec section 8, version 2)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from programs.engine import CLEARANCE_ROLES, check_clearance

RAISED = date(2026, 3, 2)
TODAY = date(2026, 3, 10)


def check(**fields):
    values = {"name": "Dr Amara Patel", "role": "doctor", "seen_on": date(2026, 3, 5)}
    return check_clearance(**{**values, **fields}, raised_on=RAISED, today=TODAY)


def test_the_roles_are_those_of_the_spec():
    assert CLEARANCE_ROLES == (
        "doctor",
        "physiotherapist",
        "orthopedic_specialist",
        "emergency_department",
        "other",
    )


@pytest.mark.parametrize("role", CLEARANCE_ROLES)
def test_a_complete_clearance_is_accepted(role):
    result = check(role=role, name="  Dr   Amara Patel ")
    assert result.ok and result.problems == {}
    assert (result.clearance.name, result.clearance.role) == ("Dr Amara Patel", role)


@pytest.mark.parametrize("seen_on", [RAISED, TODAY])
def test_the_day_it_was_raised_and_today_are_both_possible(seen_on):
    assert check(seen_on=seen_on).ok


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the name of the clinician who saw you."),
        ({"name": None}, "name", "Enter the name of the clinician who saw you."),
        (
            {"name": "x"},
            "name",
            "Enter the clinician's name: 2 to 100 characters, with letters.",
        ),
        (
            {"name": "1234"},
            "name",
            "Enter the clinician's name: 2 to 100 characters, with letters.",
        ),
        (
            {"name": "A" * 101},
            "name",
            "Enter the clinician's name: 2 to 100 characters, with letters.",
        ),
        (
            {"role": "nurse"},
            "role",
            "Choose who saw you: doctor, physiotherapist, orthopaedic specialist, emergency "
            "department or other.",
        ),
        ({"role": None}, "role", None),
        ({"seen_on": None}, "seen_on", "Enter the date you were seen."),
        (
            {"seen_on": RAISED - timedelta(days=1)},
            "seen_on",
            "The date you were seen cannot be before Monday 2 March 2026, when the referral was "
            "raised.",
        ),
        (
            {"seen_on": TODAY + timedelta(days=1)},
            "seen_on",
            "The date you were seen cannot be in the future (today is Tuesday 10 March 2026).",
        ),
    ],
)
def test_each_problem_is_named_with_a_clear_message(fields, field, message):
    result = check(**fields)
    assert not result.ok and result.clearance is None
    assert list(result.problems) == [field]
    if message:
        assert result.problems[field] == message


def test_a_flag_is_named_as_a_flag_and_every_problem_is_reported_at_once():
    result = check_clearance(
        name="",
        role="",
        seen_on=RAISED,
        raised_on=RAISED + timedelta(1),
        today=TODAY,
        raised="flag",
    )
    assert sorted(result.problems) == ["name", "role", "seen_on"]
    assert result.problems["seen_on"].endswith("when the flag was raised.")
