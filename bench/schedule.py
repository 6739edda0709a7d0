"""The visits of one round of ``bench.load``: which target, for how long, after what warm-up.

Kept apart from ``bench.load`` (which imports locust) so that it can be tested with the app.

A group (a floor and the pages measured against it) is visited target after target. A group
whose targets carry ``slices`` > 1 is visited in that many passes, each recording
``seconds / slices`` per target, so that its floor and pages alternate every second or so
instead of every few seconds: on a shared machine the load of others changes from second to
second, and fast endpoints (the API serves hundreds of calls a second) have requests enough in
a short slice. Every other pass, and every other round, reverses the group's order (floor, page,
page, floor, ...), so a change in load during a round falls on the floor and its pages alike.
Every target of a group is measured in the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

# The warm-up of each pass after a round's first (which has the plan's): the workers are warm,
# only the simulated people's connections are new.
SLICE_WARMUP = 0.5


@dataclass(frozen=True)
class Visit:
    position: int  # the target's index in the plan
    seconds: float  # recorded
    warmup: float  # before recording, not recorded


def visits(targets: list[dict], round_number: int, *, seconds: float, warmup: float) -> list[Visit]:
    """The visits of round ``round_number`` (from 0), in order."""
    planned: list[Visit] = []
    positions = range(len(targets))
    for _, members in groupby(positions, key=lambda position: targets[position]["group"]):
        group = list(members)
        slices = max(1, int(targets[group[0]].get("slices") or 1))
        for number in range(slices):
            order = group if (round_number + number) % 2 == 0 else group[::-1]
            for position in order:
                planned.append(
                    Visit(position, seconds / slices, warmup if number == 0 else SLICE_WARMUP)
                )
    return planned
