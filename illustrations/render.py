"""One renderer for every figure: a figure's data in, inline SVG markup out.

Pure and deterministic: no Django, no clock, no randomness, numbers written with one decimal, so the
same data always gives byte-identical SVG (and it can be cached for the life of the process).

The SVG works under the site's strict Content-Security-Policy: no ``style`` attribute or element,
no script, no ids (several figures can share a page). Colours come from presentation attributes
that a stylesheet (``illustrations/static/illustrations/figures.css``) overrides by class: the
figure follows the page's text colour (``currentColor``) and Bootstrap's variables, and prints in
black and white.

Layout: the frames sit side by side (or one under the other when they are wide, such as a figure
lying down), each with its label and caption underneath, the cue along the bottom. Text and arrow
sizes are set in ``u``, 1/300 of the figure's width, so they read the same at phone width
(about 300 px) whatever the figure shows.
"""

from __future__ import annotations

import math
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from illustrations import details
from illustrations.book import (
    AnchoredBand,
    Band,
    Block,
    Camera,
    Dumbbell,
    Figure,
    Floor,
    Frame,
    Furniture,
    Guide,
    Measure,
    Move,
    Push,
    Ring,
    Trail,
    Turn,
)
from illustrations.pose import (
    LIMBS,
    Body,
    Pose,
    Skeleton,
    Vec,
    add,
    blend,
    cross,
    dot,
    lerp,
    norm,
    scale,
    solve,
    sub,
    unit,
)

SVG_NS = "http://www.w3.org/2000/svg"
Point = tuple[float, float]

# Line widths of the figure, in centimetres of body (they scale with the figure).
TORSO = 5.0
THIGH = 10.0
SHIN = 8.5
UPPER_ARM = 7.5
FOREARM = 6.5
NECK = 7.0
HALO = 3.0
BAND = 3.6

INK = "currentColor"
PAPER = "#fff"
TWEENS = 6
FAR_OPACITY = "0.42"
NUMBER_WORDS = {1: "One drawing", 2: "Two drawings", 3: "Three drawings", 4: "Four drawings"}


def fmt(value: float) -> str:
    """One decimal, no trailing ``.0``, never ``-0``: the same number always prints the same."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text in ("-0", "-0.0") else text


def points_attr(points: Iterable[Point]) -> str:
    return " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)


# --- camera --------------------------------------------------------------------------------------


class Projection:
    """Orthographic camera: world centimetres -> picture centimetres (y down) and depth."""

    def __init__(self, camera: Camera) -> None:
        az, el = math.radians(camera.azimuth), math.radians(camera.elevation)
        horizontal = (math.cos(az), 0.0, math.sin(az))
        self.right: Vec = (-math.sin(az), 0.0, math.cos(az))
        self.toward: Vec = add(scale(horizontal, math.cos(el)), (0.0, math.sin(el), 0.0))
        self.up: Vec = add(scale(horizontal, -math.sin(el)), (0.0, math.cos(el), 0.0))

    def __call__(self, p: Vec) -> Point:
        return (dot(p, self.right), -dot(p, self.up))

    def depth(self, p: Vec) -> float:
        return dot(p, self.toward)


# --- an SVG element tree built in order ----------------------------------------------------------


@dataclass
class Bounds:
    left: float = math.inf
    top: float = math.inf
    right: float = -math.inf
    bottom: float = -math.inf

    def add(self, point: Point, pad: float = 0.0) -> None:
        x, y = point
        self.left = min(self.left, x - pad)
        self.right = max(self.right, x + pad)
        self.top = min(self.top, y - pad)
        self.bottom = max(self.bottom, y + pad)

    def merge(self, other: Bounds) -> None:
        if other.empty:
            return
        self.add((other.left, other.top))
        self.add((other.right, other.bottom))

    @property
    def empty(self) -> bool:
        return self.left > self.right

    @property
    def width(self) -> float:
        return 0.0 if self.empty else self.right - self.left

    @property
    def height(self) -> float:
        return 0.0 if self.empty else self.bottom - self.top


@dataclass
class Canvas:
    """Elements of one frame in picture centimetres, and how far they reach."""

    elements: list[ET.Element] = field(default_factory=list)
    bounds: Bounds = field(default_factory=Bounds)

    def el(
        self,
        tag: str,
        attrs: dict[str, str],
        reach: Iterable[Point] = (),
        pad: float = 0.0,
        parent: ET.Element | None = None,
    ) -> ET.Element:
        element = ET.Element(tag, attrs)
        if parent is not None:
            parent.append(element)
        else:
            self.elements.append(element)
        for point in reach:
            self.bounds.add(point, pad)
        return element

    def line(
        self,
        a: Point,
        b: Point,
        width: float,
        cls: str,
        stroke: str = INK,
        parent: ET.Element | None = None,
    ) -> None:
        attrs = {
            "class": cls,
            "x1": fmt(a[0]),
            "y1": fmt(a[1]),
            "x2": fmt(b[0]),
            "y2": fmt(b[1]),
            "stroke": stroke,
            "stroke-width": fmt(width),
            "stroke-linecap": "round",
        }
        self.el("line", attrs, (a, b), width / 2, parent)

    def poly(
        self,
        points: Sequence[Point],
        cls: str,
        fill: str,
        stroke: str,
        width: float,
        parent: ET.Element | None = None,
    ) -> None:
        self.el(
            "polygon",
            {
                "class": cls,
                "points": points_attr(points),
                "fill": fill,
                "stroke": stroke,
                "stroke-width": fmt(width),
                "stroke-linejoin": "round",
            },
            points,
            width / 2,
            parent,
        )

    def circle(
        self,
        c: Point,
        r: float,
        cls: str,
        fill: str,
        stroke: str = "none",
        width: float = 0.0,
        parent: ET.Element | None = None,
    ) -> None:
        attrs = {"class": cls, "cx": fmt(c[0]), "cy": fmt(c[1]), "r": fmt(r), "fill": fill}
        if stroke != "none":
            attrs.update({"stroke": stroke, "stroke-width": fmt(width)})
        self.el("circle", attrs, (c,), r + width / 2, parent)

    def path(
        self,
        points: Sequence[Point],
        cls: str,
        stroke: str,
        width: float,
        dash: str | None = None,
        parent: ET.Element | None = None,
    ) -> None:
        d = "M" + " L".join(f"{fmt(x)} {fmt(y)}" for x, y in points)
        attrs = {
            "class": cls,
            "d": d,
            "fill": "none",
            "stroke": stroke,
            "stroke-width": fmt(width),
            "stroke-linecap": "round",
            "stroke-linejoin": "round",
        }
        if dash:
            attrs["stroke-dasharray"] = dash
        self.el("path", attrs, points, width / 2, parent)

    def group(self, cls: str, extra: dict[str, str] | None = None) -> ET.Element:
        return self.el("g", {"class": cls, **(extra or {})})


# --- drawing one frame ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Style:
    """Sizes that depend on the finished figure's width (``u`` = 1/300 of it)."""

    u: float

    @property
    def arrow(self) -> float:
        return 2.6 * self.u

    @property
    def guide(self) -> float:
        return 1.8 * self.u


def draw_pose(
    canvas: Canvas,
    figure: Figure,
    frame: Frame,
    pose: Pose,
    body: Body,
    camera: Camera,
    style: Style,
    *,
    band: bool,
    overlay: bool = True,
    parent: ET.Element | None = None,
) -> Skeleton:
    """Props behind, the figure (far limbs faded), band and dumbbell, then marks and arrows."""
    view = Projection(camera)
    sk = solve(pose, body)
    target = parent if parent is not None else canvas.group("fig-pose")
    _draw_props(canvas, figure, view, target)
    _draw_body(canvas, figure, sk, body, view, target, band=band)
    if overlay:
        for mark in list(figure.marks) + list(frame.marks):
            _draw_mark(canvas, mark, sk, view, style)
        for arrow in frame.arrows:
            _draw_arrow(canvas, arrow, figure, sk, body, view, style)
    return sk


def _draw_props(canvas: Canvas, figure: Figure, view: Projection, parent: ET.Element) -> None:
    faces: list[tuple[float, int, list[Point], str]] = []
    order = 0
    for prop in figure.props:
        if isinstance(prop, Block):
            for depth, points in _box_faces(prop.at, prop.size, view):
                faces.append((depth, order, points, f"fig-prop fig-{prop.kind}"))
                order += 1
        elif isinstance(prop, Furniture):
            for at, size in _furniture_parts(prop):
                for depth, points in _box_faces(at, size, view):
                    faces.append((depth, order, points, f"fig-prop fig-{prop.kind}"))
                    order += 1
        elif isinstance(prop, AnchoredBand):
            base = (prop.anchor[0], 0.0, prop.anchor[2])
            top = add(prop.anchor, (0.0, 8.0, 0.0))
            for depth, points in _box_faces(base, (4.0, top[1], 4.0), view):
                faces.append((depth, order, points, "fig-prop fig-post"))
                order += 1
    for _depth, _order, points, cls in sorted(faces, key=lambda face: (face[0], face[1])):
        canvas.poly(points, cls, "#e9ecef", "#6c757d", 0.8, parent)


def _box_faces(at: Vec, size: Vec, view: Projection) -> list[tuple[float, list[Point]]]:
    """The faces of a box seen by the camera, each with its depth (farthest first when sorted)."""
    x, y, z = at
    w, h, d = size[0] / 2, size[1], size[2] / 2
    corners = {
        (i, j, k): (x + i * w, y + j * h, z + k * d)
        for i in (-1, 1)
        for j in (0, 1)
        for k in (-1, 1)
    }
    faces = [
        ((1.0, 0.0, 0.0), [(1, 0, -1), (1, 0, 1), (1, 1, 1), (1, 1, -1)]),
        ((-1.0, 0.0, 0.0), [(-1, 0, -1), (-1, 1, -1), (-1, 1, 1), (-1, 0, 1)]),
        ((0.0, 1.0, 0.0), [(-1, 1, -1), (1, 1, -1), (1, 1, 1), (-1, 1, 1)]),
        ((0.0, -1.0, 0.0), [(-1, 0, -1), (-1, 0, 1), (1, 0, 1), (1, 0, -1)]),
        ((0.0, 0.0, 1.0), [(-1, 0, 1), (-1, 1, 1), (1, 1, 1), (1, 0, 1)]),
        ((0.0, 0.0, -1.0), [(-1, 0, -1), (1, 0, -1), (1, 1, -1), (-1, 1, -1)]),
    ]
    seen = []
    for normal, keys in faces:
        facing = dot(normal, view.toward)
        if facing > 1e-6:
            world = [corners[key] for key in keys]
            centre = scale(add(add(world[0], world[1]), add(world[2], world[3])), 0.25)
            seen.append((view.depth(centre), [view(p) for p in world]))
        elif abs(facing) <= 1e-6 and normal[1] != 0.0 and view.toward[1] == 0.0:
            # Seen edge-on from a level camera the top is a line: draw it so a thin board shows.
            world = [corners[key] for key in keys]
            seen.append((view.depth(world[0]) - 1000, [view(p) for p in world]))
    return seen


def _furniture_parts(prop: Furniture) -> list[tuple[Vec, Vec]]:
    """A chair (seat, legs, backrest) or a bed (mattress on legs) as boxes."""
    x, _, z = prop.at
    back = -prop.facing
    seat_centre = z + back * prop.depth / 2
    seat = 4.0 if prop.kind == "chair" else 18.0
    parts: list[tuple[Vec, Vec]] = [
        ((x, prop.height - seat, seat_centre), (prop.width, seat, prop.depth)),
    ]
    leg = 3.0
    for dx in (-1, 1):
        for dz in (0, 1):
            leg_z = z + back * (leg / 2 + dz * (prop.depth - leg))
            parts.append(
                ((x + dx * (prop.width / 2 - leg / 2), 0.0, leg_z), (leg, prop.height - seat, leg))
            )
    if prop.kind == "chair":
        parts.append(((x, prop.height, z + back * (prop.depth - 1.5)), (prop.width, 42.0, 3.0)))
    return parts


@dataclass
class _Item:
    depth: float
    order: int
    draw: list[tuple[str, tuple[Point, ...], float]]  # kind, points, width
    far: bool = False
    name: str = ""


def _draw_body(
    canvas: Canvas,
    figure: Figure,
    sk: Skeleton,
    body: Body,
    view: Projection,
    parent: ET.Element,
    *,
    band: bool,
) -> None:
    j = sk.joints
    p = {name: view(point) for name, point in j.items()}
    torso_depth = view.depth(lerp(j["pelvis"], j["chest"], 0.5))
    items: list[_Item] = [
        _Item(
            torso_depth,
            0,
            [
                ("torso", tuple(_hull([view(q) for q in sk.outline])), TORSO),
                ("line", (p["chest"], p["neck"]), NECK),
                ("head", (p["head"],), body.head_radius),
            ],
            name="torso",
        )
    ]
    for order, limb in enumerate(LIMBS, start=1):
        side, kind = limb.split("_")
        if kind == "leg":
            names = [f"{side}_{n}" for n in ("hip", "knee", "ankle")]
            parts = [
                ("line", (p[names[0]], p[names[1]]), THIGH),
                ("line", (p[names[1]], p[names[2]]), SHIN),
                (
                    "foot",
                    tuple(
                        p[f"{side}_{n}"] for n in ("ankle", "heel", "little_toe", "toe", "big_toe")
                    ),
                    3.5,
                ),
                ("joint", (p[names[1]],), 0.0),
            ]
            world = [j[name] for name in names]
        else:
            names = [f"{side}_{n}" for n in ("shoulder", "elbow", "hand")]
            parts = [
                ("line", (p[names[0]], p[names[1]]), UPPER_ARM),
                ("line", (p[names[1]], p[names[2]]), FOREARM),
                ("hand", (p[names[2]],), 4.6),
                ("joint", (p[names[1]],), 0.0),
            ]
            world = [j[name] for name in names]
        depth = sum(view.depth(q) for q in world) / len(world)
        # A limb is behind the body when its hip or shoulder is: seen from the side, not from the
        # front or at three-quarters, however far the foot steps.
        far = view.depth(world[0]) < view.depth(j["pelvis" if kind == "leg" else "chest"]) - 6.0
        items.append(_Item(depth, order, parts, far=far, name=limb))
    for order, prop in enumerate(figure.props, start=10):
        if isinstance(prop, Dumbbell):
            items.append(_dumbbell(prop, sk, view, order))

    for item in sorted(items, key=lambda it: (round(it.depth, 3), it.order)):
        if item.name == "dumbbell":
            group = canvas.el("g", {"class": "fig-weight"}, parent=parent)
            for _kind, points, width in item.draw:
                canvas.poly(points, "fig-weight-part", "#495057", PAPER, width, group)
            continue
        attrs = {"class": "fig-far", "opacity": FAR_OPACITY} if item.far else {"class": "fig-near"}
        group = canvas.el("g", attrs, parent=parent)
        for kind, points, width in item.draw:  # a paper-coloured halo separates overlapping parts
            if kind in ("line", "torso"):
                if kind == "line":
                    canvas.line(points[0], points[1], width + HALO, "fig-halo", PAPER, group)
                else:
                    canvas.poly(points, "fig-halo", PAPER, PAPER, width + HALO, group)
            elif kind in ("head", "hand"):
                canvas.circle(points[0], width + HALO / 2, "fig-halo", PAPER, parent=group)
        for kind, points, width in item.draw:
            if kind == "line":
                canvas.line(points[0], points[1], width, "fig-body", INK, group)
            elif kind == "torso":
                canvas.poly(points, "fig-body", INK, INK, width, group)
            elif kind == "foot":
                canvas.poly(points, "fig-body", INK, INK, width, group)
            elif kind in ("head", "hand"):
                canvas.circle(points[0], width, "fig-body", INK, parent=group)
        for kind, points, _width in item.draw:
            if kind == "joint":
                canvas.circle(points[0], 1.7, "fig-joint", PAPER, parent=group)
    if band:
        for prop in figure.props:
            if isinstance(prop, Band):
                _draw_band(canvas, prop, sk, view, parent)
            elif isinstance(prop, AnchoredBand):
                _draw_anchored_band(canvas, prop, sk, view, parent)


def _dumbbell(prop: Dumbbell, sk: Skeleton, view: Projection, order: int) -> _Item:
    centre = prop.at.locate(sk.joints)
    axis = unit(prop.axis)
    helper = (0.0, 1.0, 0.0) if abs(axis[1]) < 0.9 else (1.0, 0.0, 0.0)
    side = unit(cross(axis, helper))
    other = unit(cross(axis, side))
    parts: list[tuple[str, tuple[Point, ...], float]] = []
    handle = [add(centre, scale(axis, -7.0)), add(centre, scale(axis, 7.0))]
    width = 2.4
    parts.append(("bar", _quad(handle[0], handle[1], side, other, width / 2, view), 0.6))
    for end in (-1.0, 1.0):
        a = add(centre, scale(axis, end * 6.5))
        b = add(centre, scale(axis, end * 10.5))
        parts.append(("plate", _quad(a, b, side, other, 6.5, view), 0.8))
    depth = view.depth(centre)
    return _Item(depth, order, parts, name="dumbbell")


def _quad(
    a: Vec, b: Vec, side: Vec, other: Vec, half: float, view: Projection
) -> tuple[Point, ...]:
    """The outline of a square bar from ``a`` to ``b`` as seen by the camera (convex hull)."""
    corners = []
    for end in (a, b):
        for s in (-1.0, 1.0):
            for o in (-1.0, 1.0):
                corners.append(view(add(end, add(scale(side, s * half), scale(other, o * half)))))
    return tuple(_hull(corners))


def _hull(points: list[Point]) -> list[Point]:
    """Convex hull (monotone chain), deterministic for the same input."""
    pts = sorted({(round(x, 4), round(y, 4)) for x, y in points})
    if len(pts) <= 2:
        return pts

    def turn(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    for q in pts:
        while len(lower) >= 2 and turn(lower[-2], lower[-1], q) <= 0:
            lower.pop()
        lower.append(q)
    upper: list[Point] = []
    for q in reversed(pts):
        while len(upper) >= 2 and turn(upper[-2], upper[-1], q) <= 0:
            upper.pop()
        upper.append(q)
    return lower[:-1] + upper[:-1]


def band_points(on: str, sk: Skeleton) -> tuple[Vec, Vec, Vec, Vec]:
    """Where a band sits on each leg, and the direction of the limb there (for the cuff)."""
    j = sk.joints
    if on == "thighs":
        right = lerp(j["right_hip"], j["right_knee"], 0.8)
        left = lerp(j["left_hip"], j["left_knee"], 0.8)
        return right, sub(j["right_knee"], j["right_hip"]), left, sub(j["left_knee"], j["left_hip"])
    if on == "ankles":
        right = lerp(j["right_knee"], j["right_ankle"], 0.88)
        left = lerp(j["left_knee"], j["left_ankle"], 0.88)
        return (
            right,
            sub(j["right_ankle"], j["right_knee"]),
            left,
            sub(j["left_ankle"], j["left_knee"]),
        )
    right, left = (
        lerp(j["right_ball"], j["right_ankle"], 0.25),
        lerp(j["left_ball"], j["left_ankle"], 0.25),
    )
    return right, sub(j["right_toe"], j["right_heel"]), left, sub(j["left_toe"], j["left_heel"])


def _cuff(
    canvas: Canvas, at: Vec, along: Vec, half: float, view: Projection, parent: ET.Element
) -> None:
    centre = view(at)
    tip = view(add(at, along))
    dx, dy = tip[0] - centre[0], tip[1] - centre[1]
    length = math.hypot(dx, dy)
    nx, ny = (-dy / length, dx / length) if length > 1e-6 else (1.0, 0.0)
    a = (centre[0] + nx * half, centre[1] + ny * half)
    b = (centre[0] - nx * half, centre[1] - ny * half)
    _ribbon(canvas, a, b, parent)


def _ribbon(canvas: Canvas, a: Point, b: Point, parent: ET.Element) -> None:
    """A band: a coloured ribbon with a paper-coloured core, unlike any limb even in print."""
    canvas.line(a, b, BAND, "fig-band", "#c0392b", parent)
    canvas.line(a, b, BAND * 0.3, "fig-band-core", PAPER, parent)


def _draw_band(
    canvas: Canvas, prop: Band, sk: Skeleton, view: Projection, parent: ET.Element
) -> None:
    group = canvas.el("g", {"class": "fig-band-loop"}, parent=parent)
    right, right_along, left, left_along = band_points(prop.on, sk)
    half = {"thighs": THIGH / 2 + 1.6, "ankles": SHIN / 2 + 1.4, "forefeet": 4.0}[prop.on]
    if norm(sub(right, left)) > 1.0:
        _ribbon(canvas, view(right), view(left), group)
    _cuff(canvas, right, right_along, half, view, group)
    _cuff(canvas, left, left_along, half, view, group)


def _draw_anchored_band(
    canvas: Canvas, prop: AnchoredBand, sk: Skeleton, view: Projection, parent: ET.Element
) -> None:
    group = canvas.el("g", {"class": "fig-band-loop"}, parent=parent)
    side = prop.knee.split("_")[0]
    at = lerp(sk.joints[f"{side}_hip"], sk.joints[prop.knee], 0.9)
    _ribbon(canvas, view(at), view(prop.anchor), group)
    _cuff(
        canvas,
        at,
        sub(sk.joints[prop.knee], sk.joints[f"{side}_hip"]),
        THIGH / 2 + 1.6,
        view,
        group,
    )


# --- marks and arrows ----------------------------------------------------------------------------


def _draw_mark(
    canvas: Canvas, mark: Guide | Ring | Measure, sk: Skeleton, view: Projection, style: Style
) -> None:
    dash = f"{fmt(5 * style.u)} {fmt(3.5 * style.u)}"
    if isinstance(mark, Guide):
        a, b = view(mark.start.locate(sk.joints)), view(mark.end.locate(sk.joints))
        a, b = _extended(a, b, mark.extend)
        canvas.path([a, b], "fig-halo", PAPER, style.guide * 2.6)
        canvas.path([a, b], "fig-guide", "#146c43", style.guide, dash)
    elif isinstance(mark, Ring):
        centre = view(mark.at.locate(sk.joints))
        canvas.circle(centre, mark.radius, "fig-ring", "none", "#146c43", style.guide)
    else:
        a, b = view(mark.start.locate(sk.joints)), view(mark.end.locate(sk.joints))
        a, b = (a[0], a[1] + mark.below), (b[0], b[1] + mark.below)
        tick = 3.5 * style.u
        canvas.path([a, b], "fig-guide fig-measure", "#146c43", style.guide)
        for end in (a, b):
            canvas.path(
                [(end[0], end[1] - tick), (end[0], end[1] + tick)],
                "fig-guide",
                "#146c43",
                style.guide,
            )
        size = 10.5 * style.u
        centre = ((a[0] + b[0]) / 2, max(a[1], b[1]) + tick + size)
        text = canvas.el(
            "text",
            {
                "class": "fig-measure-label",
                "x": fmt(centre[0]),
                "y": fmt(centre[1]),
                "font-size": fmt(size),
                "text-anchor": "middle",
                "fill": "#146c43",
            },
            [
                (centre[0] - len(mark.label) * size * 0.28, centre[1] - size),
                (centre[0] + len(mark.label) * size * 0.28, centre[1] + size * 0.3),
            ],
        )
        text.text = mark.label


def _extended(a: Point, b: Point, extra: float) -> tuple[Point, Point]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if extra == 0 or length < 1e-6:
        return a, b
    ux, uy = dx / length, dy / length
    return (a[0] - ux * extra, a[1] - uy * extra), (b[0] + ux * extra, b[1] + uy * extra)


def _draw_arrow(
    canvas: Canvas,
    arrow: Trail | Push | Move | Turn,
    figure: Figure,
    sk: Skeleton,
    body: Body,
    view: Projection,
    style: Style,
) -> None:
    if isinstance(arrow, Trail):
        first, last = figure.frames[0].pose, figure.frames[1].pose
        assert first is not None and last is not None
        steps = 12
        world = [
            add(solve(blend(first, last, i / steps), body).joints[arrow.joint], arrow.offset)
            for i in range(steps + 1)
        ]
        points = [view(p) for p in world]
        if arrow.back:
            points.reverse()
        points = _trimmed(points, 0.12)
    elif isinstance(arrow, Push):
        start_world = arrow.at.locate(sk.joints)
        direction = unit(arrow.towards)
        a = add(start_world, scale(direction, 3.0))
        points = [view(a), view(add(a, scale(direction, arrow.length)))]
    elif isinstance(arrow, Move):
        points = [view(arrow.start.locate(sk.joints)), view(arrow.end.locate(sk.joints))]
    else:
        cx, cy = view(arrow.at.locate(sk.joints))
        points = [
            (
                cx + arrow.radius * math.cos(math.radians(arrow.start + arrow.sweep * i / 16)),
                cy + arrow.radius * math.sin(math.radians(arrow.start + arrow.sweep * i / 16)),
            )
            for i in range(17)
        ]
    _arrow_path(canvas, points, style)


def _trimmed(points: list[Point], fraction: float) -> list[Point]:
    """Drop ``fraction`` of the path's length at each end, so the arrow clears the joint."""
    lengths = [math.dist(a, b) for a, b in zip(points, points[1:], strict=False)]
    total = sum(lengths)
    if total < 1e-6:
        return points
    cut = total * fraction

    def walk(pts: list[Point], segs: list[float]) -> list[Point]:
        remaining = cut
        for i, seg in enumerate(segs):
            if remaining <= seg:
                t = remaining / seg if seg else 0.0
                a, b = pts[i], pts[i + 1]
                return [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)] + pts[i + 1 :]
            remaining -= seg
        return pts[-1:]

    front = walk(points, lengths)
    back = walk(
        front[::-1], [math.dist(a, b) for a, b in zip(front[::-1], front[::-1][1:], strict=False)]
    )
    return back[::-1]


def _arrow_path(canvas: Canvas, points: list[Point], style: Style) -> None:
    if len(points) < 2 or math.dist(points[0], points[-1]) < 1e-6:
        return
    head = 8.0 * style.u
    tip = points[-1]
    # Aim the head along the last stretch of the path that is at least a head long.
    base = points[-2]
    for candidate in reversed(points[:-1]):
        base = candidate
        if math.dist(candidate, tip) >= head:
            break
    dx, dy = tip[0] - base[0], tip[1] - base[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    neck = (tip[0] - ux * head * 0.8, tip[1] - uy * head * 0.8)
    shaft = [q for q in points[:-1] if math.dist(q, tip) > head * 0.8] + [neck]
    group = canvas.el("g", {"class": "fig-arrow"})
    canvas.path(shaft, "fig-arrow-line", "#0a58ca", style.arrow, parent=group)
    wing = head * 0.55
    canvas.poly(
        [
            tip,
            (tip[0] - ux * head - uy * wing, tip[1] - uy * head + ux * wing),
            (tip[0] - ux * head + uy * wing, tip[1] - uy * head - ux * wing),
        ],
        "fig-arrow-head",
        "#0a58ca",
        "#0a58ca",
        style.u,
        group,
    )


# --- the whole figure ----------------------------------------------------------------------------


@dataclass
class _Panel:
    frame: Frame
    canvas: Canvas
    zoom: float


def _camera_of(figure: Figure, frame: Frame) -> Camera:
    return frame.camera or figure.camera


def _draw_frame(figure: Figure, frame: Frame, body: Body, style: Style, *, band: bool) -> Canvas:
    canvas = Canvas()
    if frame.pose is not None:
        draw_pose(
            canvas, figure, frame, frame.pose, body, _camera_of(figure, frame), style, band=band
        )
    else:
        assert frame.detail is not None
        # A close-up is drawn enlarged (``zoom``): draw its arrows smaller to match the rest.
        details.draw(canvas, frame.detail, frame.arrows, Style(style.u / frame.zoom))
    return canvas


def _draw_tweens(figure: Figure, body: Body, style: Style, *, band: bool) -> Canvas:
    """Every in-between pose, stacked; the stylesheet shows one at a time (a flip-book)."""
    first, last = figure.frames[0], figure.frames[1]
    assert first.pose is not None and last.pose is not None
    canvas = Canvas()
    for k in range(TWEENS):
        t = k / (TWEENS - 1)
        visible = "1" if k == TWEENS - 1 else ("0.3" if k == 0 else "0")
        group = canvas.group(f"fig-tween fig-tween-{k}", {"opacity": visible})
        draw_pose(
            canvas,
            figure,
            last,
            blend(first.pose, last.pose, t),
            body,
            _camera_of(figure, last),
            style,
            band=band,
            overlay=False,
            parent=group,
        )
    return canvas


def _floor_needed(figure: Figure) -> bool:
    return any(isinstance(prop, Floor) for prop in figure.props)


@dataclass(frozen=True)
class Rendered:
    svg: str
    title: str
    description: str


def render_figure(
    figure: Figure, body: Body, *, title: str, animated: bool = False, band: bool = True
) -> Rendered:
    """The SVG markup of ``figure``: its frames side by side, or the animated flip-book."""
    # Two passes: the first finds how big the drawings are (so ``u`` is known), the second
    # draws arrows and text at their final size.
    style = Style(1.0)
    for _ in range(2):
        panels = _panels(figure, body, style, animated=animated, band=band)
        layout = _Layout(panels, figure)
        style = Style(layout.width / 300.0)
    stacked = layout.columns == 1 and len(layout.panels) > 1
    description = describe(figure, animated=animated, band=band, stacked=stacked)
    svg = _svg(layout, figure, style, title, description, animated=animated)
    return Rendered(svg, title, description)


def _panels(
    figure: Figure, body: Body, style: Style, *, animated: bool, band: bool
) -> list[_Panel]:
    if animated:
        return [_Panel(figure.frames[1], _draw_tweens(figure, body, style, band=band), 1.0)]
    return [
        _Panel(frame, _draw_frame(figure, frame, body, style, band=band), frame.zoom)
        for frame in figure.frames
    ]


class _Layout:
    """Panels on a grid: side by side, or stacked when side by side would be a thin strip."""

    PAD = 6.0
    GAP = 10.0

    def __init__(self, panels: list[_Panel], figure: Figure) -> None:
        self.panels = panels
        # Body frames share one scale and one floor; close-ups are centred in the same height.
        body_bounds = Bounds()
        for panel in panels:
            if panel.frame.pose is not None or len(panels) == 1:
                box = panel.canvas.bounds
                body_bounds.add((box.left * panel.zoom, box.top * panel.zoom))
                body_bounds.add((box.right * panel.zoom, box.bottom * panel.zoom))
        if body_bounds.empty:
            body_bounds = Bounds(0, 0, 10, 10)
        height = max(
            [body_bounds.height]
            + [p.canvas.bounds.height * p.zoom for p in panels if p.frame.pose is None]
        )
        width = max(p.canvas.bounds.width * p.zoom for p in panels)
        self.cell_w = width + 2 * self.PAD
        self.cell_h = height + 2 * self.PAD
        self.top = body_bounds.top - (height - body_bounds.height) / 2
        # Side by side unless that makes a strip more than three times wider than tall (two
        # figures lying down): then one above the other, which reads better on a phone.
        flat = len(panels) * self.cell_w > 3 * self.cell_h
        self.columns = 1 if flat and len(panels) > 1 else len(panels)
        self.rows = math.ceil(len(panels) / self.columns)
        self.width = self.columns * self.cell_w + (self.columns - 1) * self.GAP
        self.floor = _floor_needed(figure)


def _wrap(text: str, width: float, size: float) -> list[str]:
    chars = max(8, int(width / (size * 0.6)))
    return textwrap.wrap(text, chars) or [""]


def _svg(
    layout: _Layout,
    figure: Figure,
    style: Style,
    title: str,
    description: str,
    *,
    animated: bool,
) -> str:
    u = style.u
    label_size, caption_size, cue_size = 13.0 * u, 11.5 * u, 12.5 * u
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "class": "fig fig-animated" if animated else "fig",
            "role": "img",
            "focusable": "false",
            "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
        },
    )
    ET.SubElement(root, "title").text = title
    ET.SubElement(root, "desc").text = description

    captions = [
        _wrap(panel.frame.caption, layout.cell_w, caption_size) if panel.frame.caption else []
        for panel in layout.panels
    ]
    show_labels = not (len(layout.panels) == 1)
    text_h = (label_size * 1.3 if show_labels else 0) + max(
        (len(lines) * caption_size * 1.25 for lines in captions), default=0.0
    )
    row_h = layout.cell_h + text_h + 4 * u
    y = 0.0
    for index, panel in enumerate(layout.panels):
        column, row = index % layout.columns, index // layout.columns
        x0 = column * (layout.cell_w + layout.GAP)
        y0 = row * (row_h + 6 * u)
        box = panel.canvas.bounds
        zoom = panel.zoom
        if panel.frame.pose is not None or len(layout.panels) == 1:
            dy = -layout.top + layout.PAD
        else:
            dy = (
                -box.top * zoom
                + layout.PAD
                + (layout.cell_h - 2 * layout.PAD - box.height * zoom) / 2
            )
        dx = -box.left * zoom + (layout.cell_w - box.width * zoom) / 2
        group = ET.SubElement(
            root,
            "g",
            {
                "class": "fig-frame",
                "transform": f"translate({fmt(x0 + dx)} {fmt(y0 + dy)})"
                + (f" scale({fmt(zoom)})" if zoom != 1 else ""),
            },
        )
        if layout.floor and panel.frame.pose is not None:
            floor_y = 0.0
            ET.SubElement(
                group,
                "line",
                {
                    "class": "fig-floor",
                    "x1": fmt(box.left - layout.PAD),
                    "y1": fmt(floor_y),
                    "x2": fmt(box.right + layout.PAD),
                    "y2": fmt(floor_y),
                    "stroke": "#6c757d",
                    "stroke-width": fmt(1.2),
                    "stroke-linecap": "round",
                },
            )
        group.extend(panel.canvas.elements)
        text_y = y0 + layout.cell_h + label_size
        centre = x0 + layout.cell_w / 2
        if show_labels:
            label = ET.SubElement(
                root,
                "text",
                {
                    "class": "fig-label",
                    "x": fmt(centre),
                    "y": fmt(text_y),
                    "font-size": fmt(label_size),
                    "font-weight": "600",
                    "text-anchor": "middle",
                    "fill": INK,
                },
            )
            label.text = panel.frame.label
            text_y += label_size * 0.3
        for line in captions[index]:
            text_y += caption_size * 1.2
            caption = ET.SubElement(
                root,
                "text",
                {
                    "class": "fig-caption",
                    "x": fmt(centre),
                    "y": fmt(text_y),
                    "font-size": fmt(caption_size),
                    "text-anchor": "middle",
                    "fill": INK,
                },
            )
            caption.text = line
        y = max(y, y0 + row_h)

    cue_lines = _wrap("Cue: " + figure.cue, layout.width, cue_size)
    y += cue_size * 0.4
    for number, line in enumerate(cue_lines):
        y += cue_size * 1.25
        text = ET.SubElement(
            root,
            "text",
            {
                "class": "fig-cue",
                "x": fmt(layout.width / 2),
                "y": fmt(y),
                "font-size": fmt(cue_size),
                "text-anchor": "middle",
                "fill": INK,
            },
        )
        if number == 0 and line.startswith("Cue: "):
            strong = ET.SubElement(text, "tspan", {"font-weight": "600"})
            strong.text = "Cue:"
            strong.tail = line[len("Cue:") :]
        else:
            text.text = line
    height = y + cue_size * 0.6
    root.set("viewBox", f"0 0 {fmt(layout.width)} {fmt(height)}")
    # The root's attribute order is fixed for byte-identical output: viewBox last is fine.
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


# --- the text alternative ------------------------------------------------------------------------


def describe(
    figure: Figure, *, animated: bool = False, band: bool = True, stacked: bool = False
) -> str:
    """What the figure shows, in words, from its data (the SVG's <desc>)."""
    frames = figure.frames
    if animated:
        first, last = frames[0], frames[1]
        parts = [
            f"An animation moving between two positions. {first.label}: {_sentence(first.says)} "
            f"{last.label}: {_sentence(last.says)}"
        ]
    else:
        count = NUMBER_WORDS[len(frames)]
        where = "one above the other" if stacked else "side by side"
        parts = [f"{count} {where}."] if len(frames) > 1 else []
        parts += [f"{frame.label}: {_sentence(frame.says)}" for frame in frames]
    parts += _prop_sentences(figure, band=band)
    parts.append(f"Cue: {_sentence(figure.cue)}")
    return " ".join(parts)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


BAND_WORDS = {
    "thighs": "A resistance band loops round both legs just above the knees.",
    "ankles": "A resistance band loops round both ankles.",
    "forefeet": "A resistance band loops round the front of both feet.",
}


def _prop_sentences(figure: Figure, *, band: bool) -> list[str]:
    sentences = []
    for prop in figure.props:
        if isinstance(prop, Band) and band:
            sentences.append(BAND_WORDS[prop.on])
        elif isinstance(prop, AnchoredBand) and band:
            knee = prop.knee.replace("_", " ")
            sentences.append(f"A band tied to a fixed point pulls the {knee} inwards.")
        elif isinstance(prop, Dumbbell):
            holder = prop.at.joint or "the hands"
            where = {"chest": "against the chest"}.get(holder, f"in the {holder.replace('_', ' ')}")
            sentences.append(f"A dumbbell is held {where}.")
    return sentences
