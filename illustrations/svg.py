"""SVG primitives shared by every drawing: elements in picture centimetres that remember how far
they reach, and arrows.

Numbers are written with one decimal and no ``-0``, and attributes in a fixed order, so the same
drawing always serialises to the same bytes. Nothing here writes a ``style`` attribute, a script or
an id: colours are presentation attributes (the fallback) that ``figures.css`` overrides by class.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

SVG_NS = "http://www.w3.org/2000/svg"
Point = tuple[float, float]

INK = "currentColor"
PAPER = "#fff"
ARROW = "#0a58ca"
GUIDE = "#146c43"


def fmt(value: float) -> str:
    """One decimal, no trailing ``.0``, never ``-0``: the same number always prints the same."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text in ("-0", "-0.0") else text


def points_attr(points: Iterable[Point]) -> str:
    return " ".join(f"{fmt(x)},{fmt(y)}" for x, y in points)


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


def hull(points: list[Point]) -> list[Point]:
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


def extended(a: Point, b: Point, extra: float) -> tuple[Point, Point]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if extra == 0 or length < 1e-6:
        return a, b
    ux, uy = dx / length, dy / length
    return (a[0] - ux * extra, a[1] - uy * extra), (b[0] + ux * extra, b[1] + uy * extra)


def trimmed(points: list[Point], fraction: float) -> list[Point]:
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


def arrow_path(canvas: Canvas, points: list[Point], style: Style) -> None:
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
    canvas.path(shaft, "fig-arrow-line", ARROW, style.arrow, parent=group)
    wing = head * 0.55
    canvas.poly(
        [
            tip,
            (tip[0] - ux * head - uy * wing, tip[1] - uy * head + ux * wing),
            (tip[0] - ux * head + uy * wing, tip[1] - uy * head - ux * wing),
        ],
        "fig-arrow-head",
        ARROW,
        ARROW,
        style.u,
        group,
    )
