"""The exercise library as the physiotherapist browses it: every exercise and level with its
dose, cue and what it needs, searchable; and, for a linked client, where each one stands in
their current program."""

from __future__ import annotations

from dataclasses import dataclass, field

from accounts.models import User
from assessments.presentation import dose
from care.access import physio_check
from programs.engine import library as exercise_library
from programs.models import Program

GEAR_WORDS = {"band": "a resistance band", "dumbbell": "a dumbbell or kettlebell"}


@dataclass
class LibraryLevel:
    number: int
    title: str
    dose: str
    cue: str
    needs: str
    # For a client: can they do it with their equipment, and is it their level now?
    open_to_client: bool = True
    current: bool = False


@dataclass
class LibraryExercise:
    code: str
    name: str
    frequency: str
    targets: str
    why: str
    levels: list[LibraryLevel] = field(default_factory=list)
    # For a client: the program's exercise, when it is in their program now.
    in_program_id: int | None = None
    in_program_level: int | None = None


def _needs(level) -> str:
    if not level.equipment:
        return "Body weight"
    words = [GEAR_WORDS[item] for item in level.equipment]
    if level.band:
        words = [
            f"a {level.band} band or stronger" if w == GEAR_WORDS["band"] else w for w in words
        ]
    text = " and ".join(words)
    if level.without_band is not None:
        text += " (or without a band)"
    return text[0].upper() + text[1:]


def _matches(exercise, query: str) -> bool:
    words = query.lower().split()
    texts = [exercise.code.replace("_", " "), exercise.name, exercise.targets, exercise.why]
    for level in exercise.levels:
        texts += [level.title, level.cue]
    haystack = " ".join(texts).lower()
    return all(word in haystack for word in words)


def library_browse(
    physio: User, *, query: str = "", program: Program | None = None
) -> list[LibraryExercise]:
    """Every exercise whose name, target, levels or cues contain all the words of ``query``.

    With ``program`` (a linked client's current one, found by the caller through the care
    link), each entry says whether it is in the program and which levels the client's
    equipment opens.
    """
    physio_check(physio)
    in_program = {}
    if program is not None:
        in_program = {item.code: item for item in program.exercises.filter(active=True)}
    entries = []
    for exercise in exercise_library.exercises:
        if query and not _matches(exercise, query):
            continue
        current = in_program.get(exercise.code)
        allowed = (
            set(exercise_library.allowed_levels(exercise.code, program.equipment))
            if program is not None
            else None
        )
        entries.append(
            LibraryExercise(
                code=exercise.code,
                name=exercise.name,
                frequency=exercise.frequency,
                targets=exercise.targets,
                why=exercise.why,
                levels=[
                    LibraryLevel(
                        number=level.level,
                        title=level.title,
                        dose=dose(level),
                        cue=level.cue,
                        needs=_needs(level),
                        open_to_client=allowed is None or level.level in allowed,
                        current=current is not None and current.level == level.level,
                    )
                    for level in exercise.levels
                ],
                in_program_id=current.pk if current is not None else None,
                in_program_level=current.level if current is not None else None,
            )
        )
    return entries
