"""Properties of the engine's input boundary, complementing tests/engine/test_properties.py
(which covers evaluation consistency and warning-sign monotonicity): stored answers must
re-validate forever, the engine must be deterministic, and any junk a client or a stale draft
can send must be refused with a validation error, never an exception of another kind."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from programs.engine import RULES_VERSION, Answers, evaluate
from tests.engine.test_properties import OPTIONAL, REQUIRED, answer_dicts

PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=10,
)
ITEM_IDS = sorted({*REQUIRED, *OPTIONAL})


@PROPERTY
@given(answer_dicts)
def test_stored_answers_revalidate_to_the_same_answers(data):
    """Answers are stored as JSON and validated again on submit and on every re-evaluation."""
    answers = Answers.model_validate(data)
    stored = json.loads(json.dumps(answers.model_dump(mode="json", exclude_none=True)))
    assert Answers.model_validate(stored) == answers


@PROPERTY
@given(answer_dicts)
def test_evaluation_is_deterministic_and_versioned(data):
    answers = Answers.model_validate(data)
    first, second = evaluate(answers), evaluate(answers)
    assert first == second
    assert first.rules_version == RULES_VERSION


@PROPERTY
@given(answer_dicts, st.sampled_from(ITEM_IDS), json_values)
def test_any_wrong_value_for_an_item_is_a_validation_error_naming_it(data, item, junk):
    candidate = {**data, item: junk}
    try:
        Answers.model_validate(candidate)
    except ValidationError as error:
        assert all(problem["loc"] and problem["loc"][0] == item for problem in error.errors())
    # Accepted values must still evaluate without error.
    else:
        evaluate(Answers.model_validate(candidate))


@PROPERTY
@given(st.dictionaries(st.text(max_size=30), json_values, max_size=8))
def test_arbitrary_documents_are_refused_cleanly(document):
    try:
        answers = Answers.model_validate(document)
    except ValidationError:
        return
    evaluate(answers)


@PROPERTY
@given(answer_dicts, st.text(min_size=1, max_size=30).filter(lambda k: k not in ITEM_IDS))
def test_unknown_items_are_refused_not_ignored(data, unknown):
    """A typo in an item id must not silently drop an answer (and with it a warning sign)."""
    try:
        Answers.model_validate({**data, unknown: True})
    except ValidationError as error:
        assert any(problem["loc"] == (unknown,) for problem in error.errors())
    else:
        raise AssertionError(f"unknown item {unknown!r} was accepted")
