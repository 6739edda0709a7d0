"""The figure book: every illustration as data (``illustrations/data/figures.toml``), validated.

A figure is a few frames side by side (start and end of an exercise level; "none", "slight",
"marked" for a graded self-test; normal and positive for a yes/no one). Each frame is a pose, or a
close-up of the foot, plus arrows for the movement and marks for the cue (a dashed line from hip to
second toe, a level line across the hips). Props (band, dumbbell, chair, wall, bed, floor) belong
to the whole figure.

Poses are named and composed: a pose names a ``base`` and overrides a few angles, and a frame may
use a named pose or an inline one built the same way. A figure may say ``like = "<key>"`` to start
from another figure and change a few fields, so a new exercise level is a few lines of data.

A bad edit raises :class:`FigureDataError` with every problem found, named by its place in the
file; the system check (``illustrations/checks.py``) reports them at start-up.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from illustrations.pose import JOINTS, Body, Pose, Ref, Vec, can_blend, deep_merge, expand_pairs

FIGURES_PATH = Path(__file__).resolve().parent / "data" / "figures.toml"

_STRICT = ConfigDict(extra="forbid", frozen=True)


class FigureDataError(Exception):
    """The figure data file is broken; ``problems`` lists every problem with its place."""

    def __init__(self, file: Path, problems: list[str]) -> None:
        self.file = file
        self.problems = problems
        super().__init__(f"{file.name}: " + "; ".join(problems))


class Camera(BaseModel):
    """Where the figure is seen from: azimuth 0 = from its right side (it faces right), 90 = from
    the front, -90 = from behind; elevation raises the camera to look down (lying figures)."""

    model_config = _STRICT

    azimuth: float = 0
    elevation: float = Field(default=0, ge=-30, le=90)


# --- props: things drawn with the figure --------------------------------------------------------


class Floor(BaseModel):
    model_config = _STRICT
    kind: Literal["floor"]


class Block(BaseModel):
    """A box in the world: ``at`` is the centre of its bottom face, ``size`` its width (x),
    height (y) and depth (z). Steps, boxes, a couch, a wall, a cushion, a mat, a mirror."""

    model_config = _STRICT
    kind: Literal["box", "wall", "cushion", "mat", "mirror"]
    at: Vec
    size: Vec


class Furniture(BaseModel):
    """A chair or a bed; ``at`` is the centre of the seat's front edge on the floor, ``facing``
    the way a person sitting on it would look (+1 forwards, -1 backwards)."""

    model_config = _STRICT
    kind: Literal["chair", "bed"]
    at: Vec
    width: float = 44
    depth: float = 42
    height: float = 45
    facing: Literal[1, -1] = 1


BandPlace = Literal["thighs", "ankles", "forefeet"]


class Band(BaseModel):
    """A resistance band looped round both legs: above the knees, at the ankles or round the
    forefeet (across the balls of the feet)."""

    model_config = _STRICT
    kind: Literal["band"]
    on: BandPlace


class AnchoredBand(BaseModel):
    """A band from something solid (``anchor``) to one knee, pulling the knee inwards."""

    model_config = _STRICT
    kind: Literal["anchored_band"]
    knee: Literal["right_knee", "left_knee"]
    anchor: Vec


class Dumbbell(BaseModel):
    """A dumbbell held at ``at`` (usually a hand), its handle along ``axis`` (world)."""

    model_config = _STRICT
    kind: Literal["dumbbell"]
    at: Ref
    axis: Vec = (1.0, 0.0, 0.0)


Prop = Annotated[
    Floor | Block | Furniture | Band | AnchoredBand | Dumbbell, Field(discriminator="kind")
]


# --- arrows and marks: what moves, and the cue ---------------------------------------------------


class Trail(BaseModel):
    """The path a joint travels from the first pose to the second, as a curved arrow."""

    model_config = _STRICT
    kind: Literal["trail"]
    joint: str
    offset: Vec = (0.0, 0.0, 0.0)
    back: bool = Field(default=False, description="from the second pose back to the first")

    @model_validator(mode="after")
    def _known_joint(self) -> Trail:
        if self.joint not in JOINTS:
            raise ValueError(f"unknown joint {self.joint!r}")
        return self


class Push(BaseModel):
    """A short straight arrow at a place, in a world direction (knees pushed out)."""

    model_config = _STRICT
    kind: Literal["push"]
    at: Ref
    towards: Vec
    length: float = 14


class Move(BaseModel):
    """A straight arrow between two places (a step to the side)."""

    model_config = _STRICT
    kind: Literal["move"]
    start: Ref
    end: Ref


class Turn(BaseModel):
    """A curved arrow round a place, in the picture's plane (the pelvis tucking under).
    Angles in degrees on the picture, 0 = to the right, 90 = down; ``sweep`` > 0 is clockwise."""

    model_config = _STRICT
    kind: Literal["turn"]
    at: Ref
    radius: float = 14
    start: float = 0
    sweep: float = 90


Arrow = Annotated[Trail | Push | Move | Turn, Field(discriminator="kind")]


class Guide(BaseModel):
    """A dashed reference line between two places (hip to second toe; across the hips)."""

    model_config = _STRICT
    kind: Literal["line"]
    start: Ref
    end: Ref
    extend: float = 0


class Ring(BaseModel):
    """A circle drawing the eye to a place (the knee touching the wall)."""

    model_config = _STRICT
    kind: Literal["ring"]
    at: Ref
    radius: float = 9


class Measure(BaseModel):
    """A dimension line with end ticks and a short label (toe to wall)."""

    model_config = _STRICT
    kind: Literal["measure"]
    start: Ref
    end: Ref
    label: str = Field(min_length=1, max_length=24)
    below: float = 8


Mark = Annotated[Guide | Ring | Measure, Field(discriminator="kind")]


# --- close-ups of the foot ------------------------------------------------------------------------


class FootDetail(BaseModel):
    """The inner side of a bare right foot. ``arch`` 0 = flat on the floor, 0.5 = an ordinary arch,
    1 = lifted; ``shorten`` draws the ball of the foot towards the heel (short foot)."""

    model_config = _STRICT
    kind: Literal["foot"]
    arch: float = Field(ge=0, le=1)
    shorten: float = Field(default=0, ge=0, le=1)
    toes_curled: bool = False


class FootprintDetail(BaseModel):
    """A wet footprint; ``arch`` 0 = flat (whole sole), 0.5 = normal, 1 = high (thin middle)."""

    model_config = _STRICT
    kind: Literal["footprint"]
    arch: float = Field(ge=0, le=1)


class HeelDetail(BaseModel):
    """The lower leg and heel seen from behind; ``tilt`` in degrees, > 0 = heel tilts inwards."""

    model_config = _STRICT
    kind: Literal["heel"]
    tilt: float = Field(ge=-15, le=20)


class WalkDetail(BaseModel):
    """Seen from above, where the feet go: footprint pairs at each point of ``path`` ([x, y] in
    centimetres, y forwards), joined by arrows (a zig-zag walk)."""

    model_config = _STRICT
    kind: Literal["walk"]
    path: list[tuple[float, float]] = Field(min_length=2, max_length=8)


Detail = Annotated[
    FootDetail | FootprintDetail | HeelDetail | WalkDetail, Field(discriminator="kind")
]


# --- frames and figures -------------------------------------------------------------------------


class Frame(BaseModel):
    """One drawing in a figure. ``says`` is what it shows in words (the text alternative)."""

    model_config = _STRICT

    label: str = Field(min_length=1, max_length=20)
    caption: str = Field(default="", max_length=60)
    says: str = Field(min_length=1)
    pose: Pose | None = None
    detail: Detail | None = None
    camera: Camera | None = None
    zoom: float = Field(default=1, gt=0, le=10)
    arrows: list[Arrow] = []
    marks: list[Mark] = []

    @model_validator(mode="after")
    def _pose_or_detail(self) -> Frame:
        if (self.pose is None) == (self.detail is None):
            raise ValueError("a frame shows either a pose or a detail")
        if self.detail is not None and any(isinstance(a, Trail) for a in self.arrows):
            raise ValueError("a trail arrow follows a joint; a close-up has none")
        if self.detail is not None and self.marks:
            raise ValueError("marks point at joints; a close-up has none")
        return self


class Figure(BaseModel):
    """An exercise level's figure (``exercise`` + ``level``) or a self-test's (``test`` + the
    questionnaire ``items`` it illustrates)."""

    model_config = _STRICT

    exercise: str | None = None
    level: int | None = None
    test: str | None = None
    title: str | None = None
    items: list[str] = []
    camera: Camera = Camera()
    props: list[Prop] = []
    marks: list[Mark] = Field(default=[], description="drawn in every body frame")
    frames: list[Frame] = Field(min_length=1, max_length=4)
    cue: str = Field(min_length=1, max_length=70)
    animate: bool = Field(default=True, description="offer a start-to-end animation")

    @model_validator(mode="after")
    def _identity(self) -> Figure:
        if self.test is None:
            if self.exercise is None or self.level is None:
                raise ValueError("a figure names an exercise and level, or a self-test")
            if self.items or self.title:
                raise ValueError("items and title belong to self-test figures")
        else:
            if self.exercise is not None or self.level is not None:
                raise ValueError("a self-test figure names no exercise or level")
            if not self.items or not self.title:
                raise ValueError("a self-test figure lists its questionnaire items and a title")
        if self.animated:
            first, second = self.frames[0], self.frames[1] if len(self.frames) > 1 else None
            if second is None or first.pose is None or second.pose is None:
                raise ValueError(
                    "an animated figure moves between its first two frames, which must be poses "
                    "(or say animate = false)"
                )
            if second.camera is not None and second.camera != first.camera:
                raise ValueError("an animated figure's first two frames share one camera")
            reason = can_blend(first.pose, second.pose)
            if reason:
                raise ValueError(f"cannot animate between the first two poses: {reason}")
        trails = any(isinstance(arrow, Trail) for frame in self.frames for arrow in frame.arrows)
        if trails and (
            len(self.frames) < 2 or self.frames[0].pose is None or self.frames[1].pose is None
        ):
            raise ValueError("a trail arrow follows a joint from the first pose to the second")
        return self

    @property
    def key(self) -> str:
        return self.test if self.test is not None else f"{self.exercise}/{self.level}"

    @property
    def animated(self) -> bool:
        return self.animate and self.exercise is not None


class FigureBook(BaseModel):
    model_config = _STRICT

    body: Body
    figures: list[Figure]

    @model_validator(mode="after")
    def _unique_keys(self) -> FigureBook:
        keys = [figure.key for figure in self.figures]
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise ValueError(f"figures listed twice: {', '.join(twice)}")
        items = [item for figure in self.figures for item in figure.items]
        twice = sorted({item for item in items if items.count(item) > 1})
        if twice:
            raise ValueError(f"items illustrated by two figures: {', '.join(twice)}")
        return self

    def exercise_figure(self, code: str, level: int) -> Figure:
        return self._by_key()[f"{code}/{level}"]

    def self_test_figure(self, test_or_item: str) -> Figure:
        """The figure of a self-test, by its name or by one of its questionnaire items."""
        by_key = self._by_key()
        if test_or_item in by_key and by_key[test_or_item].test is not None:
            return by_key[test_or_item]
        for figure in self.figures:
            if test_or_item in figure.items:
                return figure
        raise KeyError(f"no self-test figure for {test_or_item!r}")

    def _by_key(self) -> dict[str, Figure]:
        return {figure.key: figure for figure in self.figures}


# --- loading ------------------------------------------------------------------------------------


@cache
def load_figures(path: Path = FIGURES_PATH) -> FigureBook:
    """The validated figure book (cached per path; a broken file raises FigureDataError)."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FigureDataError(path, ["file not found"]) from None
    except tomllib.TOMLDecodeError as error:
        raise FigureDataError(path, [f"invalid TOML: {error}"]) from None
    problems: list[str] = []
    book = _build(raw, problems)
    if problems or book is None:
        raise FigureDataError(path, problems)
    return book


def _build(raw: Mapping[str, Any], problems: list[str]) -> FigureBook | None:
    unknown = set(raw) - {"body", "cameras", "poses", "figures"}
    if unknown:
        problems.append(f"unknown top-level tables: {', '.join(sorted(unknown))}")
    cameras: dict[str, Any] = dict(raw.get("cameras", {}))
    poses = _PoseResolver(raw.get("poses", {}), problems)
    figures_raw = _with_likes(list(raw.get("figures", [])), problems)
    figures: list[dict[str, Any]] = []
    for index, figure in enumerate(figures_raw):
        place = f"figures[{_figure_name(figure, index)}]"
        figure = dict(figure)
        figure.pop("like", None)
        figure["camera"] = _camera(figure.get("camera", "side"), cameras, place, problems)
        frames = []
        for number, frame in enumerate(figure.get("frames", [])):
            frame = dict(frame)
            if "pose" in frame:
                frame["pose"] = poses.resolve(frame["pose"], f"{place}.frames[{number}].pose")
            if "camera" in frame:
                frame["camera"] = _camera(frame["camera"], cameras, place, problems)
            frames.append(frame)
        figure["frames"] = frames
        figures.append(figure)
    if problems:
        return None
    try:
        return FigureBook.model_validate({"body": raw.get("body", {}), "figures": figures})
    except ValidationError as error:
        for item in error.errors():
            problems.append(f"{_location(figures, item['loc'])}: {item['msg']}")
        return None


def _camera(value: Any, cameras: Mapping[str, Any], place: str, problems: list[str]) -> Any:
    if isinstance(value, str):
        if value not in cameras:
            problems.append(f"{place}: unknown camera {value!r}")
            return {}
        return cameras[value]
    return value


def _figure_name(figure: Mapping[str, Any], index: int) -> str:
    if "test" in figure:
        return str(figure["test"])
    if "exercise" in figure:
        return f"{figure['exercise']}/{figure.get('level', '?')}"
    return str(index)


def _with_likes(figures: list[Mapping[str, Any]], problems: list[str]) -> list[dict[str, Any]]:
    """Resolve ``like = "<key>"``: start from that figure and replace the fields given."""
    by_name = {_figure_name(figure, index): figure for index, figure in enumerate(figures)}
    resolved: list[dict[str, Any]] = []
    for index, figure in enumerate(figures):
        seen = [_figure_name(figure, index)]
        merged = dict(figure)
        while "like" in merged:
            like = merged["like"]
            if like not in by_name:
                problems.append(f"figures[{seen[0]}]: like {like!r} names no figure")
                break
            if like in seen:
                problems.append(f"figures[{seen[0]}]: like goes round in a circle ({like})")
                break
            seen.append(like)
            own = {key: value for key, value in merged.items() if key != "like"}
            merged = {**by_name[like], **own}
        merged.pop("like", None)
        resolved.append(merged)
    return resolved


class _PoseResolver:
    """Named poses with ``base`` chains, merged into full pose tables and validated once each."""

    def __init__(self, raw: Mapping[str, Any], problems: list[str]) -> None:
        self.raw = raw
        self.problems = problems
        self.done: dict[str, dict[str, Any]] = {}

    def table(self, name: str, place: str, chain: tuple[str, ...] = ()) -> dict[str, Any] | None:
        if name in self.done:
            return self.done[name]
        if name not in self.raw:
            self.problems.append(f"{place}: unknown pose {name!r}")
            return None
        if name in chain:
            self.problems.append(f"poses.{name}: base goes round in a circle")
            return None
        return self._merge(self.raw[name], f"poses.{name}", chain + (name,), name)

    def _merge(
        self, own: Mapping[str, Any], place: str, chain: tuple[str, ...], name: str | None
    ) -> dict[str, Any] | None:
        base: dict[str, Any] = {}
        if "base" in own:
            found = self.table(own["base"], place, chain)
            if found is None:
                return None
            base = found
        merged = deep_merge(base, expand_pairs(own))
        if name is not None:
            self.done[name] = merged
        return merged

    def resolve(self, value: Any, place: str) -> Any:
        if isinstance(value, str):
            table = self.table(value, place)
        elif isinstance(value, Mapping):
            table = self._merge(value, place, (), None)
        else:
            self.problems.append(f"{place}: a pose is a pose name or a table")
            return None
        if table is None:
            return None
        try:
            return Pose.model_validate(table)
        except ValidationError as error:
            for item in error.errors():
                loc = ".".join(str(part) for part in item["loc"])
                self.problems.append(f"{place}{'.' + loc if loc else ''}: {item['msg']}")
            return None


def _location(figures: list[dict[str, Any]], loc: tuple[int | str, ...]) -> str:
    """``figures[banded_clamshell/2].frames[0].label`` from pydantic's ('figures', 3, ...)."""
    parts: list[str] = []
    rest = list(loc)
    if rest[:1] == ["figures"] and len(rest) > 1 and isinstance(rest[1], int):
        index = rest[1]
        name = _figure_name(figures[index], index) if index < len(figures) else str(index)
        parts.append(f"figures[{name}]")
        rest = rest[2:]
    for part in rest:
        parts.append(f"[{part}]" if isinstance(part, int) else f".{part}")
    return "".join(parts).lstrip(".") or "(whole file)"
