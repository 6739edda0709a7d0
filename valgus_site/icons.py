"""The app's home-screen icons, drawn from the favicon's shape (``static/favicon.svg``): two
legs whose knees drift inwards, white on the app's blue.

Pure Python (zlib only), deterministic: ``manage.py make_icons`` writes the PNG files the web
app manifest names, and a test checks the committed files are what this draws.
"""

from __future__ import annotations

import math
import struct
import zlib
from dataclasses import dataclass

BLUE = (10, 88, 202)  # #0a58ca, the favicon's and the navigation bar's blue
WHITE = (255, 255, 255)
# The favicon's two strokes on its 32-unit grid: hip, knee, ankle.
LEGS = (((9, 6), (14, 16), (11, 26)), ((23, 6), (18, 16), (21, 26)))
STROKE = 3.0
CORNER = 7.0


@dataclass(frozen=True)
class Icon:
    name: str
    size: int
    maskable: bool = False  # full-bleed background, the drawing inside the safe zone


ICONS = (
    Icon("icon-192.png", 192),
    Icon("icon-512.png", 512),
    Icon("icon-maskable-512.png", 512, maskable=True),
    Icon("apple-touch-icon.png", 180, maskable=True),
)


def _segment_distance(
    px: float, py: float, a: tuple[float, float], b: tuple[float, float]
) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - ax - t * dx, py - ay - t * dy)


def _rounded_square_distance(px: float, py: float, corner: float) -> float:
    """Signed distance to the 32-unit square with rounded corners (negative inside)."""
    qx = abs(px - 16) - (16 - corner)
    qy = abs(py - 16) - (16 - corner)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - corner


def _coverage(distance: float, pixel: float) -> float:
    """How much of a pixel a shape covers, from the signed distance to its edge."""
    return max(0.0, min(1.0, 0.5 - distance / pixel))


def draw(icon: Icon) -> bytes:
    """The icon as PNG bytes (RGBA)."""
    size = icon.size
    # A maskable icon keeps its drawing within the central 80%; the background fills the square.
    scale = 0.72 if icon.maskable else 1.0
    unit = 32 / size  # one pixel in favicon units
    segments = [(leg[0], leg[1]) for leg in LEGS] + [(leg[1], leg[2]) for leg in LEGS]
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter type: none
        for x in range(size):
            ux, uy = (x + 0.5) * unit, (y + 0.5) * unit
            if icon.maskable:
                background = 1.0
            else:
                background = _coverage(_rounded_square_distance(ux, uy, CORNER), unit)
            # The drawing, scaled about the centre.
            dx, dy = 16 + (ux - 16) / scale, 16 + (uy - 16) / scale
            distance = min(_segment_distance(dx, dy, a, b) for a, b in segments) - STROKE / 2
            leg = _coverage(distance * scale, unit) if background else 0.0
            colour = [round(c0 * (1 - leg) + c1 * leg) for c0, c1 in zip(BLUE, WHITE, strict=True)]
            row += bytes([*colour, round(255 * background)])
        rows.append(bytes(row))
    return _png(size, b"".join(rows))


def _png(size: int, raw: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
