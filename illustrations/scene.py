"""Drawing one pose: the props behind, the figure (limbs behind the body faded), the band and
dumbbell, then the marks of the cue and the arrows of the movement, as seen by one camera.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from illustrations.book import (
    AnchoredBand,
    Band,
    Block,
    Camera,
    Dumbbell,
    Figure,
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
from illustrations.svg import (
    GUIDE,
    INK,
    PAPER,
    Canvas,
    Point,
    Style,
    arrow_path,
    extended,
    fmt,
    hull,
    trimmed,
)

# Line widths of the figure, in centimetres of body (they scale with the figure).
TORSO = 5.0
THIGH = 10.0
SHIN = 8.5
UPPER_ARM = 7.5
FOREARM = 6.5
NECK = 7.0
HALO = 3.0
BAND = 3.6
FAR_OPACITY = "0.42"


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
                ("torso", tuple(hull([view(q) for q in sk.outline])), TORSO),
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
    return tuple(hull(corners))


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


def _draw_mark(
    canvas: Canvas, mark: Guide | Ring | Measure, sk: Skeleton, view: Projection, style: Style
) -> None:
    dash = f"{fmt(5 * style.u)} {fmt(3.5 * style.u)}"
    if isinstance(mark, Guide):
        a, b = view(mark.start.locate(sk.joints)), view(mark.end.locate(sk.joints))
        a, b = extended(a, b, mark.extend)
        canvas.path([a, b], "fig-halo", PAPER, style.guide * 2.6)
        canvas.path([a, b], "fig-guide", GUIDE, style.guide, dash)
    elif isinstance(mark, Ring):
        centre = view(mark.at.locate(sk.joints))
        canvas.circle(centre, mark.radius, "fig-ring", "none", GUIDE, style.guide)
    else:
        a, b = view(mark.start.locate(sk.joints)), view(mark.end.locate(sk.joints))
        a, b = (a[0], a[1] + mark.below), (b[0], b[1] + mark.below)
        tick = 3.5 * style.u
        canvas.path([a, b], "fig-guide fig-measure", GUIDE, style.guide)
        for end in (a, b):
            canvas.path(
                [(end[0], end[1] - tick), (end[0], end[1] + tick)],
                "fig-guide",
                GUIDE,
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
                "fill": GUIDE,
            },
            [
                (centre[0] - len(mark.label) * size * 0.28, centre[1] - size),
                (centre[0] + len(mark.label) * size * 0.28, centre[1] + size * 0.3),
            ],
        )
        text.text = mark.label


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
        points = trimmed(points, 0.12)
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
    arrow_path(canvas, points, style)
