"""One renderer for every figure: a figure's data in, inline SVG markup out.

Pure and deterministic: no Django, no clock, no randomness, numbers written with one decimal, so the
same data always gives byte-identical SVG (and it can be cached for the life of the process). One
pose seen by a camera is drawn by ``scene.py``; the SVG primitives live in ``svg.py``.

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
from dataclasses import dataclass

from illustrations import details
from illustrations.book import AnchoredBand, Band, Camera, Dumbbell, Figure, Floor, Frame
from illustrations.pose import Body, blend
from illustrations.scene import draw_pose
from illustrations.svg import INK, SVG_NS, Bounds, Canvas, Style, fmt

TWEENS = 6
NUMBER_WORDS = {1: "One drawing", 2: "Two drawings", 3: "Three drawings", 4: "Four drawings"}


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
    figure: Figure,
    body: Body,
    *,
    title: str,
    animated: bool = False,
    band: bool = True,
    cue: bool = True,
) -> Rendered:
    """The SVG markup of ``figure``: its frames side by side, or the animated flip-book.
    ``cue=False`` leaves out the cue along the bottom, for a page that prints the cue beside the
    figure: it is then read once (the text alternative still says it)."""
    # Two passes: the first finds how big the drawings are (so ``u`` is known), the second
    # draws arrows and text at their final size.
    style = Style(1.0)
    for _ in range(2):
        panels = _panels(figure, body, style, animated=animated, band=band)
        layout = _Layout(panels, figure)
        style = Style(layout.width / 300.0)
    stacked = layout.columns == 1 and len(layout.panels) > 1
    description = describe(figure, animated=animated, band=band, stacked=stacked)
    svg = _svg(layout, figure, style, title, description, animated=animated, cue=cue)
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
    cue: bool = True,
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

    cue_lines = _wrap("Cue: " + figure.cue, layout.width, cue_size) if cue else []
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
