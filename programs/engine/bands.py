"""The resistance-band advice (clinical spec, sections 3 and 4, version 2).

``get_resistance_band`` names the band that unlocks each banded exercise's next level: at
assessment it is given whenever a banded exercise is prescribed and no band is at hand (as in
version 1: starting levels are at most 2, so band strengths change nothing there); during the
program it is also given when the client's bands are too weak for an exercise's next level.
"""

from __future__ import annotations

from collections.abc import Iterable

from programs.engine.answers import has_band
from programs.engine.library import band_to_unlock
from programs.engine.library import get as get_exercise
from programs.engine.results import Advice, trusted
from programs.engine.wording import band_words, join, lower_first, message


def band_advice(
    exercises: Iterable[tuple[str, int]], equipment: Iterable[str], *, at_assessment: bool = False
) -> Advice | None:
    """``get_resistance_band`` for these (exercise code, current level) pairs, or ``None``.

    Without any band it is given whenever a banded exercise is among them (rule ADV-BAND-1).
    With a band it is given when a band strength blocks an exercise's next level (ADV-BAND-2),
    except ``at_assessment``, where the evaluation keeps its version-1 advice.
    """
    kit = list(equipment)
    if at_assessment and has_band(kit):
        return None
    pairs = [(code, level) for code, level in exercises if get_exercise(code).uses_band]
    if not pairs:
        return None
    unlocks = [
        (code, unlock) for code, level in pairs if (unlock := band_to_unlock(code, level, kit))
    ]
    lines = [
        message(
            "band_unlock",
            exercise=get_exercise(code).name,
            band=band_words(unlock.band),
            level=unlock.level,
        )
        for code, unlock in unlocks
    ]
    if not has_band(kit):
        names = join([lower_first(get_exercise(code).name) for code, _ in pairs])
        return trusted(
            Advice,
            code="get_resistance_band",
            reasons=[message("band_missing", exercises=names), *lines],
            rules=["ADV-BAND-1"],
        )
    if at_assessment or not unlocks:
        return None
    names = join([lower_first(get_exercise(code).name) for code, _ in unlocks])
    return trusted(
        Advice,
        code="get_resistance_band",
        reasons=[message("band_too_weak", exercises=names), *lines],
        rules=["ADV-BAND-2"],
    )
