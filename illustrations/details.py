"""Close-ups the whole figure is too small to show: the inner arch of a bare foot, a wet footprint,
the heel seen from behind. Each is drawn from a few numbers (arch height, heel tilt), so the same
drawing shows an ordinary arch, a flat one and a lifted one.

Coordinates are centimetres with y up from the floor; arrows in a close-up use points ``[x, y, 0]``
in the same units.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from illustrations.book import (
    Detail,
    FootDetail,
    FootprintDetail,
    HeelDetail,
    Move,
    Push,
    Turn,
    WalkDetail,
)
from illustrations.svg import GUIDE, Canvas, Point, Style, arrow_path, fmt

OUTLINE = 0.55
FILL = "#f1f3f5"


def draw(canvas: Canvas, detail: Detail, arrows: Sequence[object], style: Style) -> None:
    if isinstance(detail, FootDetail):
        _foot(canvas, detail, style)
    elif isinstance(detail, FootprintDetail):
        _footprint(canvas, detail)
    elif isinstance(detail, HeelDetail):
        _heel(canvas, detail, style)
    elif isinstance(detail, WalkDetail):
        _walk(canvas, detail, style)
    for arrow in arrows:
        if isinstance(arrow, Move):
            points = [_flat(arrow.start.point), _flat(arrow.end.point)]
        elif isinstance(arrow, Push):
            start = _flat(arrow.at.point)
            length = math.hypot(arrow.towards[0], arrow.towards[1]) or 1.0
            ux, uy = arrow.towards[0] / length, -arrow.towards[1] / length
            points = [start, (start[0] + ux * arrow.length, start[1] + uy * arrow.length)]
        elif isinstance(arrow, Turn):
            cx, cy = _flat(arrow.at.point)
            points = [
                (
                    cx + arrow.radius * math.cos(math.radians(arrow.start + arrow.sweep * i / 16)),
                    cy + arrow.radius * math.sin(math.radians(arrow.start + arrow.sweep * i / 16)),
                )
                for i in range(17)
            ]
        else:
            continue
        arrow_path(canvas, points, style)


def _flat(point: tuple[float, float, float] | None) -> Point:
    assert point is not None, "arrows in a close-up use points, not joints"
    return (point[0], -point[1])


def _d(points: Sequence[Point], close: bool = True) -> str:
    text = "M" + " L".join(f"{fmt(x)} {fmt(y)}" for x, y in points)
    return text + (" Z" if close else "")


def _smooth(points: Sequence[Point], close: bool = True) -> str:
    """A smooth outline through ``points`` (quadratic curves between midpoints)."""
    pts = list(points)
    if close:
        pts = pts + pts[:2]
    mid = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in zip(pts, pts[1:], strict=False)]
    d = f"M{fmt(mid[0][0])} {fmt(mid[0][1])}"
    for control, end in zip(pts[1:], mid[1:], strict=False):
        d += f" Q{fmt(control[0])} {fmt(control[1])} {fmt(end[0])} {fmt(end[1])}"
    return d + (" Z" if close else "")


def _outline(
    canvas: Canvas,
    d: str,
    points: Sequence[Point],
    cls: str,
    fill: str = FILL,
    width: float = OUTLINE,
) -> None:
    canvas.el(
        "path",
        {
            "class": cls,
            "d": d,
            "fill": fill,
            "stroke": "currentColor",
            "stroke-width": f"{width:g}",
            "stroke-linejoin": "round",
        },
        points,
        width,
    )


def _floor(canvas: Canvas, left: float, right: float) -> None:
    canvas.el(
        "line",
        {
            "class": "fig-floor",
            "x1": f"{left:g}",
            "y1": "0",
            "x2": f"{right:g}",
            "y2": "0",
            "stroke": "#6c757d",
            "stroke-width": "0.5",
            "stroke-linecap": "round",
        },
        [(left, 0.0), (right, 0.0)],
    )


def _foot(canvas: Canvas, foot: FootDetail, style: Style) -> None:
    """The inner side of a right foot, heel on the left, toes on the right. The space under the
    arch is shaded, so a lifted arch shows as a clear gap and a flat one as none."""
    arch = 0.1 + foot.arch * 2.1 + foot.shorten * 0.5
    ball = 18.0 - foot.shorten * 1.4
    toes = 24.5 - foot.shorten * 1.4
    curl = 1.5 if foot.toes_curled else 0.0
    sole = [
        (1.0, 0.0),
        (5.5, 0.0),
        (8.0, -arch * 0.55),
        (11.5, -arch),
        (14.5, -arch * 0.75),
        (ball - 1.0, -arch * 0.1),
        (ball, 0.0),
    ]
    points = sole + [
        (ball + 2.0, 0.0),
        (toes - 2.4 - curl, -curl * 0.4),
        (toes - curl * 0.7, -0.6 - curl * 0.6),  # big toe: long and flat, or curled
        (toes - 0.4 - curl * 0.7, -1.9 - curl * 0.5),
        (ball + 1.6, -3.0),
        (14.0, -5.0),  # top of the foot
        (10.0, -7.4),
        (8.2, -10.0),  # front of the ankle
        (8.0, -15.0),  # shin
        (1.6, -15.0),
        (2.0, -10.5),  # Achilles tendon
        (0.2, -4.5),
        (-0.2, -1.6),  # back of the heel
    ]
    _floor(canvas, -2.0, 27.0)
    if arch > 0.4:
        gap = sole[1:-1] + [(ball - 1.0, 0.0), (5.5, 0.0)]
        canvas.el(
            "polygon",
            {
                "class": "fig-arch",
                "points": " ".join(f"{x:.2f},{y:.2f}" for x, y in gap),
                "fill": "#9ec5fe",
                "stroke": "none",
            },
            gap,
        )
    _outline(canvas, _smooth(points), points, "fig-detail fig-foot")
    # The inner ankle bone, and the navicular: the bump whose height the arch carries.
    canvas.circle((4.8, -9.2), 1.1, "fig-detail-mark", "none", "currentColor", OUTLINE)
    canvas.circle((10.6, -arch - 2.3), 0.6, "fig-detail-mark", "currentColor")


def _footprint(canvas: Canvas, print_: FootprintDetail) -> None:
    """A right footprint seen from above, toes at the top; the arch decides the middle's width."""
    inner = 1.0 + print_.arch * 3.2  # how far the inner edge cuts in at the middle
    outer = 4.2
    points = [
        (0.4, -1.0),
        (2.6, -0.4),
        (3.9, -2.5),
        (3.8, -6.0),  # heel
        (outer, -9.0),
        (outer + 0.4, -13.0),  # outer edge
        (4.6, -17.0),
        (3.4, -19.6),
        (0.0, -20.2),
        (-3.4, -19.2),  # ball of the foot
        (-4.0, -16.6),
        (-3.4 + inner, -13.0),
        (-2.4 + inner * 0.9, -9.5),  # inner edge (arch)
        (-3.2, -5.5),
        (-3.2, -2.4),
        (-1.6, -0.6),
    ]
    _outline(canvas, _smooth(points), points, "fig-detail fig-print", "currentColor", 0.2)
    toes = [
        (-2.6, -22.6, 1.35),
        (-0.2, -23.0, 0.95),
        (1.5, -22.6, 0.85),
        (2.9, -21.9, 0.75),
        (4.0, -20.9, 0.65),
    ]
    for x, y, r in toes:
        canvas.circle((x, y), r, "fig-print", "currentColor")


def _heel(canvas: Canvas, heel: HeelDetail, style: Style) -> None:
    """The right lower leg and heel from behind: the heel's line against the leg's line."""
    # Seen from behind, the right heel's inner side is on the picture's left. A heel tilting in
    # (valgus) leans its top inwards: its bottom swings outwards, to the right, about the ankle.
    angle = -math.radians(heel.tilt)
    pivot = (0.0, -9.0)

    def tilted(x: float, y: float) -> Point:
        dx, dy = x - pivot[0], y - pivot[1]
        return (
            pivot[0] + dx * math.cos(angle) - dy * math.sin(angle),
            pivot[1] + dx * math.sin(angle) + dy * math.cos(angle),
        )

    heel_shape = [
        tilted(x, y)
        for x, y in [
            (-3.2, -9.5),
            (-4.0, -5.5),
            (-4.0, -1.8),
            (-2.6, -0.2),
            (2.6, -0.2),
            (4.0, -1.8),
            (4.0, -5.5),
            (3.2, -9.5),
        ]
    ]
    drop = -max(y for _, y in heel_shape)  # the heel pad stays on the floor
    heel_shape = [(x, y + drop) for x, y in heel_shape]
    inner_bulge = heel.tilt * 0.08  # the inner ankle bulges as the heel tips in
    leg_left = [(-6.5, -36.0), (-6.8, -28.0), (-4.6, -19.0), (-3.4 - inner_bulge, -12.0)]
    leg_right = [(3.4, -12.0), (4.4, -19.0), (6.6, -28.0), (6.3, -36.0)]
    outline = leg_left + heel_shape + leg_right
    _floor(canvas, -10.0, 10.0)
    _outline(canvas, _smooth(outline, close=False) + " Z", outline, "fig-detail fig-heel")
    canvas.circle(
        (-3.9 - inner_bulge, -11.0 + heel.tilt * 0.05),
        1.1,
        "fig-detail-mark",
        "none",
        "currentColor",
        OUTLINE,
    )
    dash = f"{fmt(1.4)} {fmt(1.0)}"
    canvas.path([(0.0, -34.0), (0.0, -9.0)], "fig-guide", GUIDE, 0.5, dash)
    top, bottom = tilted(0.0, -12.0), tilted(0.0, 0.0)
    canvas.path(
        [(top[0], top[1] + drop), (bottom[0], bottom[1] + drop)], "fig-guide", GUIDE, 0.5, dash
    )


def _walk(canvas: Canvas, walk: WalkDetail, style: Style) -> None:
    """Seen from above: where the feet go, as pairs of footprints joined by arrows."""

    def pair(x: float, y: float, faint: bool) -> None:
        for side in (-1.0, 1.0):
            cx = x + side * 11.0
            sole = [
                (cx - 4.0 * side * 0.2, -y + 12.0),
                (cx + 4.0, -y + 6.0),
                (cx + 4.2, -y - 6.0),
                (cx, -y - 12.0),
                (cx - 4.2, -y - 6.0),
                (cx - 3.6, -y + 6.0),
            ]
            canvas.el(
                "path",
                {
                    "class": "fig-print" + (" fig-print-faint" if faint else ""),
                    "d": _smooth(sole),
                    "fill": "currentColor",
                    "opacity": "0.35" if faint else "1",
                },
                sole,
            )

    for index, (x, y) in enumerate(walk.path):
        pair(x, y, faint=index > 0)
    for (x0, y0), (x1, y1) in zip(walk.path, walk.path[1:], strict=False):
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        start = (x0 + ux * 16.0, -(y0 + uy * 16.0))
        end = (x1 - ux * 16.0, -(y1 - uy * 16.0))
        arrow_path(canvas, [start, end], style)
