"""How a benchmark round visits its targets: a floor and its pages are measured the same way,
and a sliced group alternates them. Nothing here measures a speed."""

from __future__ import annotations

import pytest

from bench.schedule import SLICE_WARMUP, visits


def targets(slices: int) -> list[dict]:
    return [
        {"group": "client", "slices": 1},
        {"group": "client", "slices": 1},
        {"group": "api", "slices": slices},
        {"group": "api", "slices": slices},
    ]


def test_an_unsliced_group_is_visited_once_per_round_in_order_then_in_reverse():
    first = visits(targets(1), 0, seconds=5, warmup=1)
    second = visits(targets(1), 1, seconds=5, warmup=1)
    assert [visit.position for visit in first] == [0, 1, 2, 3]
    assert [visit.position for visit in second] == [1, 0, 3, 2]
    assert {(visit.seconds, visit.warmup) for visit in first + second} == {(5, 1)}


def test_a_sliced_group_alternates_its_floor_and_pages_and_records_as_long_in_all():
    planned = [visit for visit in visits(targets(5), 0, seconds=5, warmup=3) if visit.position > 1]
    assert [visit.position for visit in planned] == [2, 3, 3, 2, 2, 3, 3, 2, 2, 3]
    for position in (2, 3):
        own = [visit for visit in planned if visit.position == position]
        assert sum(visit.seconds for visit in own) == pytest.approx(5)
        # The same warm-ups for the floor and the API: the round's before the first slice.
        assert [visit.warmup for visit in own] == [3] + [SLICE_WARMUP] * 4


def test_a_sliced_group_starts_with_its_api_every_other_round():
    planned = [visit.position for visit in visits(targets(5), 1, seconds=5, warmup=1)]
    assert planned[2:6] == [3, 2, 2, 3]
