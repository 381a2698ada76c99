"""Drawing a timeline layout for print: one reportlab ``Drawing``, rendered to PDF, SVG or PNG.

``timeline_drawing`` builds the drawing once (it is also a vector flowable for a reportlab
report); ``export_timeline`` writes it to a file chosen by suffix. The drawing applies the
same level of detail as the widget: when too many events fall in the window to draw one by
one, each lane shows its density instead.

Events are packed again for the page: when there is room, each event's label is drawn to
the right of its marker and packing reserves the label's width, so nothing overlaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from workbench.timeline.layout import LANE_PADDING, TimelineLayout, pack_intervals
from workbench.timeline.lod import LodIndex, density_heights
from workbench.timeline.ticks import date_ticks, describe_days, format_period

PAGE_SIZES: dict[str, tuple[float, float]] = {
    "a4-landscape": (841.89, 595.28),
    "a4-portrait": (595.28, 841.89),
    "a3-landscape": (1190.55, 841.89),
    "slide-16:9": (960.0, 540.0),
}
MAX_PNG_PIXELS = 3508 * 2480
"""An A4 landscape page at 300 dpi."""
EXPORT_ITEM_LIMIT = 3000
"""Above this many events in the window, lanes show density instead of events."""

FONT = "Vera"
FONT_BOLD = "VeraBd"
FONT_ITALIC = "VeraIt"

# Opaque colours only: the PNG renderer ignores transparency, and the same look in every
# format matters more than blending.
SCOPE_FILL = Color(0.92, 0.95, 0.98)
EPISODE_FILL = Color(1.0, 0.93, 0.78)
EPISODE_EDGE = Color(0.85, 0.60, 0.05)
MILESTONE = Color(0.80, 0.05, 0.10)
MILESTONE_BAND = Color(0.98, 0.86, 0.87)
HATCH = Color(0.62, 0.62, 0.66)
GRID = Color(0.84, 0.84, 0.86)
TEXT = Color(0.1, 0.1, 0.12)
MUTED = Color(0.40, 0.40, 0.45)


def _register_fonts() -> None:
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, filename in (
        (FONT, "Vera.ttf"),
        (FONT_BOLD, "VeraBd.ttf"),
        (FONT_ITALIC, "VeraIt.ttf"),
    ):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, filename))


def _colour(hex_colour: str, alpha: float = 1.0) -> Color:
    c = colors.HexColor(hex_colour)
    return Color(c.red, c.green, c.blue, alpha=alpha)


def _darker(c: Color, factor: float = 0.6) -> Color:
    return Color(c.red * factor, c.green * factor, c.blue * factor)


def _tint(c: Color, amount: float) -> Color:
    """``c`` mixed with white: ``amount`` 1 is ``c``, 0 is white."""
    return Color(*(1.0 - amount * (1.0 - v) for v in (c.red, c.green, c.blue)))


def _elide(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` points ('' if nothing fits)."""
    text = " ".join(text.split())
    if stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid] + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…" if lo > 0 else ""


def _first_line(text: str, limit: int = 60) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class _Frame:
    """Where things go on the page, in points (origin bottom left)."""

    left: float
    right: float
    top: float
    bottom: float
    x_min: float
    x_max: float

    def x(self, value: float) -> float:
        return self.left + (value - self.x_min) * self.per_day

    def xs(self, values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return self.left + (values - self.x_min) * self.per_day

    @property
    def per_day(self) -> float:
        return (self.right - self.left) / (self.x_max - self.x_min)


def timeline_drawing(
    layout: TimelineLayout,
    width_pt: float,
    height_pt: float,
    *,
    title: str | None = None,
    font_scale: float | None = None,
) -> Drawing:
    """A vector drawing of ``layout`` over its whole x range, ``width_pt`` x ``height_pt``.

    Lane titles on the left, key practice episodes and the review scope as background
    bands, milestones as red lines, gaps hatched, adaptive date ticks at the bottom and a
    legend at the top.
    """
    _register_fonts()
    s = font_scale if font_scale is not None else max(0.8, min(1.8, width_pt / 842.0))
    d = Drawing(width_pt, height_pt)
    d.add(Rect(0, 0, width_pt, height_pt, fillColor=colors.white, strokeColor=None))
    margin = 16 * s
    top = height_pt - margin
    if title:
        d.add(
            String(margin, top - 12 * s, title, fontName=FONT_BOLD, fontSize=12 * s, fillColor=TEXT)
        )
        top -= 20 * s

    index = LodIndex.build(layout)
    density = len(layout) > EXPORT_ITEM_LIMIT
    legend_h = _draw_legend(d, margin, top, s, density=density)
    top -= legend_h + 4 * s

    label_font = 8 * s
    label_w = max(
        (stringWidth(lane.title, FONT_BOLD, label_font) for lane in layout.lanes), default=40.0
    )
    label_w = min(max(label_w + 14 * s, 60 * s), 170 * s)
    header_h = 26 * s  # two lines: episode titles, milestone titles
    axis_h = 28 * s
    frame = _Frame(
        left=margin + label_w,
        right=width_pt - margin,
        top=top - header_h,
        bottom=margin + axis_h,
        x_min=layout.x_min,
        x_max=layout.x_max,
    )
    event_font = 6.5 * s
    if density:
        placed, row_h, labels, packed = layout, 0.0, None, False
        lane_h = (frame.top - frame.bottom) / max(1, len(layout.lanes)) - 4 * s
        lane_tops = [frame.top - i * (lane_h + 4 * s) - 2 * s for i in range(len(layout.lanes))]
        lane_hs = [lane_h] * len(layout.lanes)
    else:
        placed, row_h, labels, packed = _place_for_page(layout, frame, event_font, s)
        pad = LANE_PADDING * row_h
        lane_tops, lane_hs = [], []
        y = frame.top - pad / 2
        for lane in placed.lanes:
            lane_tops.append(y)
            lane_hs.append(lane.rows * row_h)
            y -= lane.rows * row_h + pad
    plot_bottom = lane_tops[-1] - lane_hs[-1] - 2 * s if lane_tops else frame.bottom
    plot_bottom = max(min(plot_bottom, frame.top - 10 * s), frame.bottom)
    frame = _Frame(frame.left, frame.right, frame.top, plot_bottom, frame.x_min, frame.x_max)

    _draw_lanes(d, placed, frame, lane_tops, lane_hs, label_font, margin, s)
    _draw_bands(d, placed, frame, s)
    _draw_grid_and_axis(d, frame, s)
    _draw_gaps(d, placed, frame, lane_tops, lane_hs, s)
    if density:
        _draw_density(d, index, frame, lane_tops, lane_hs, s)
    else:
        _draw_items(d, placed, frame, lane_tops, row_h, event_font, labels, packed, s)
    _draw_milestones(d, placed, frame, s)
    return d


def _place_for_page(
    layout: TimelineLayout, frame: _Frame, font_size: float, s: float
) -> tuple[TimelineLayout, float, np.ndarray | None, bool]:
    """Pack the events again for this page.

    Returns the layout, the row height, None when no labels are drawn or else a mask of
    the events whose label goes to the left of the marker (near the right edge), and
    whether packing reserved the labels' room (else labels use the room there is).
    """
    per_day = frame.per_day
    plot_h = frame.top - frame.bottom
    marker = 5.0 * s
    max_row = 22.0 * s
    min_days = (marker + 2.0 * s) / per_day

    def row_height(candidate: TimelineLayout) -> float:
        units = sum(lane.rows for lane in candidate.lanes) + LANE_PADDING * len(candidate.lanes)
        return min(max_row, plot_h / max(units, 1.0))

    if len(layout):
        texts = [_first_line(e.label, 64) for e in layout.events]
        widths = np.array([stringWidth(t, FONT, font_size) for t in texts]) + marker + 6 * s
        label_days = widths / per_day
        ends = np.maximum(layout.x1, layout.x0 + min_days)
        # A label that would run off the right edge goes to the left of its event.
        left = (layout.x0 + label_days > frame.x_max) & (layout.x0 - label_days >= frame.x_min)
        starts = np.where(left, layout.x0 - label_days, layout.x0)
        ends = np.where(left, ends, np.maximum(ends, layout.x0 + label_days))
        with_labels = layout.with_rows(pack_intervals(starts, ends, layout.lane_offsets), min_days)
        h = row_height(with_labels)
        if h >= font_size * 1.3:
            return with_labels, h, left, True
    plain = layout.repacked(min_days)
    h = row_height(plain)
    no_flip = np.zeros(len(layout), dtype=bool)
    return plain, h, (no_flip if h >= font_size * 1.2 else None), False


def _draw_legend(d: Drawing, x: float, top: float, s: float, *, density: bool) -> float:
    fs = 7.5 * s
    y = top - 9 * s
    g = Group()
    cx = x

    def text(label: str) -> None:
        nonlocal cx
        g.add(String(cx, y - fs * 0.35, label, fontName=FONT, fontSize=fs, fillColor=TEXT))
        cx += stringWidth(label, FONT, fs) + 14 * s

    grey = _colour("#555555")
    g.add(
        Circle(cx + 3 * s, y, 2.6 * s, fillColor=grey, strokeColor=_darker(grey), strokeWidth=0.4)
    )
    cx += 9 * s
    text("Exact date")
    _span_glyph(g, cx, cx + 22 * s, y, 5 * s, grey)
    cx += 26 * s
    text("Uncertain date (earliest to latest)")
    g.add(
        Rect(
            cx,
            y - 4 * s,
            14 * s,
            8 * s,
            fillColor=EPISODE_FILL,
            strokeColor=EPISODE_EDGE,
            strokeWidth=0.5,
        )
    )
    cx += 18 * s
    text("Key practice episode")
    g.add(Rect(cx, y - 4 * s, 14 * s, 8 * s, fillColor=SCOPE_FILL, strokeColor=None))
    cx += 18 * s
    text("Review scope")
    g.add(
        Line(
            cx + 4 * s, y - 5 * s, cx + 4 * s, y + 5 * s, strokeColor=MILESTONE, strokeWidth=1.4 * s
        )
    )
    cx += 10 * s
    text("Milestone")
    _hatch(g, cx, y - 4 * s, 14 * s, 8 * s, s)
    cx += 18 * s
    text("No contact")
    if density:
        g.add(Rect(cx, y - 4 * s, 14 * s, 8 * s, fillColor=_tint(grey, 0.6), strokeColor=None))
        cx += 18 * s
        text("Events per period (too many to draw one by one)")
    d.add(g)
    return 16 * s


def _span_glyph(g: Group, x0: float, x1: float, y: float, h: float, c: Color) -> None:
    g.add(Rect(x0, y - h / 2, max(x1 - x0, 0.5), h, fillColor=_tint(c, 0.3), strokeColor=None))
    g.add(Line(x0, y, x1, y, strokeColor=c, strokeWidth=0.6))
    cap = h * 0.8
    g.add(Line(x0, y - cap, x0, y + cap, strokeColor=_darker(c, 0.75), strokeWidth=1.1))
    g.add(Line(x1, y - cap, x1, y + cap, strokeColor=_darker(c, 0.75), strokeWidth=1.1))


def _draw_lanes(
    d: Drawing,
    layout: TimelineLayout,
    frame: _Frame,
    tops: Sequence[float],
    heights: Sequence[float],
    font_size: float,
    margin: float,
    s: float,
) -> None:
    g = Group()
    label_w = frame.left - margin - 10 * s
    for lane, top, h in zip(layout.lanes, tops, heights, strict=True):
        fill = Color(0.96, 0.96, 0.97) if lane.index % 2 == 0 else colors.white
        g.add(
            Rect(frame.left, top - h, frame.right - frame.left, h, fillColor=fill, strokeColor=None)
        )
        g.add(Rect(margin, top - h, 4 * s, h, fillColor=_colour(lane.colour), strokeColor=None))
        size = min(font_size, max(h * 0.8, 4.0))
        lines = _wrap(lane.title, FONT_BOLD, size, label_w, max_lines=2 if h > 2.6 * size else 1)
        line_h = size * 1.15
        y = top - h / 2 + (len(lines) - 1) * line_h / 2 - size * 0.35
        for line in lines:
            g.add(
                String(margin + 8 * s, y, line, fontName=FONT_BOLD, fontSize=size, fillColor=TEXT)
            )
            y -= line_h
    g.add(Line(frame.left, frame.top, frame.left, frame.bottom, strokeColor=MUTED, strokeWidth=0.5))
    d.add(g)


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    words = text.split()
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        trial = f"{current} {word}".strip()
        if stringWidth(trial, font, size) <= width or not current:
            current = trial
            continue
        if len(lines) == max_lines - 1:
            current = " ".join([current, *words[i:]])
            break
        lines.append(current)
        current = word
    lines.append(current)
    return [_elide(line, font, size, width) for line in lines[:max_lines]]


def _draw_bands(d: Drawing, layout: TimelineLayout, frame: _Frame, s: float) -> None:
    g = Group()
    fs = 7 * s
    height = frame.top - frame.bottom
    episodes = sorted((b for b in layout.bands if b.kind != "scope"), key=lambda b: b.x0)
    for band in layout.bands:
        if band.kind != "scope":
            continue
        x0, x1 = float(frame.x(band.x0)), float(frame.x(band.x1))
        g.add(Rect(x0, frame.bottom, x1 - x0, height, fillColor=SCOPE_FILL, strokeColor=None))
        for xe, label in ((x0, "scope starts"), (x1, "scope ends")):
            if frame.left + 1 < xe < frame.right - 1:
                g.add(
                    Line(
                        xe,
                        frame.bottom,
                        xe,
                        frame.top,
                        strokeColor=MUTED,
                        strokeWidth=0.6,
                        strokeDashArray=[3, 2],
                    )
                )
                near_right = xe > frame.right - 60 * s
                text_w = stringWidth(label, FONT_ITALIC, 6 * s) + 6 * s
                if label == "scope starts" and x1 - x0 < text_w and x1 < frame.right - 1:
                    continue  # the scope is too narrow for both labels: keep "ends"
                g.add(
                    String(
                        xe + (-2 if near_right else 2) * s,
                        frame.bottom + 3 * s,
                        label,
                        fontName=FONT_ITALIC,
                        fontSize=6 * s,
                        fillColor=MUTED,
                        textAnchor="end" if near_right else "start",
                    )
                )
    for i, band in enumerate(episodes):
        x0, x1 = float(frame.x(band.x0)), float(frame.x(band.x1))
        x0c, x1c = max(x0, frame.left), min(x1, frame.right)
        g.add(
            Rect(
                x0c,
                frame.bottom,
                max(x1c - x0c, 0.8 * s),
                height,
                fillColor=EPISODE_FILL,
                strokeColor=EPISODE_EDGE,
                strokeWidth=0.4,
            )
        )
        # Up to where the next title starts (episodes may overlap).
        nxt = (
            max(float(frame.x(episodes[i + 1].x0)), frame.left)
            if i + 1 < len(episodes)
            else frame.right
        )
        room = nxt - x0c - 4 * s
        label = _elide(band.title, FONT_BOLD, fs, min(room, frame.right - x0c))
        if label:
            g.add(
                String(
                    x0c + 1 * s,
                    frame.top + 15 * s,
                    label,
                    fontName=FONT_BOLD,
                    fontSize=fs,
                    fillColor=_darker(EPISODE_EDGE, 0.8),
                )
            )
    for m in layout.milestones:
        if m.x_end is not None:
            x0 = max(float(frame.x(m.x)), frame.left)
            x1 = min(float(frame.x(m.x_end)), frame.right)
            if x1 > x0:
                g.add(
                    Rect(
                        x0,
                        frame.bottom,
                        x1 - x0,
                        height,
                        fillColor=MILESTONE_BAND,
                        strokeColor=None,
                    )
                )
    d.add(g)


def _draw_grid_and_axis(d: Drawing, frame: _Frame, s: float) -> None:
    g = Group()
    fs = 7 * s
    ticks = date_ticks(
        frame.x_min,
        frame.x_max,
        frame.right - frame.left,
        min_label_spacing=58 * s,
        min_minor_spacing=4 * s,
    )
    g.add(
        Line(frame.left, frame.bottom, frame.right, frame.bottom, strokeColor=TEXT, strokeWidth=0.6)
    )
    for tick in ticks.minor:
        x = float(frame.x(tick.x))
        if frame.left <= x <= frame.right:
            g.add(
                Line(x, frame.bottom, x, frame.bottom - 2.5 * s, strokeColor=MUTED, strokeWidth=0.4)
            )
    for tick in ticks.major:
        x = float(frame.x(tick.x))
        if not frame.left <= x <= frame.right:
            continue
        g.add(Line(x, frame.bottom, x, frame.top, strokeColor=GRID, strokeWidth=0.4))
        g.add(Line(x, frame.bottom, x, frame.bottom - 5 * s, strokeColor=TEXT, strokeWidth=0.6))
        g.add(
            String(
                x,
                frame.bottom - 5 * s - fs,
                tick.label,
                fontName=FONT,
                fontSize=fs,
                fillColor=TEXT,
                textAnchor="middle",
            )
        )
    period = format_period(frame.x_min, frame.x_max)
    g.add(
        String(
            frame.right,
            frame.bottom - 7 * s - 2 * fs,
            period,
            fontName=FONT_ITALIC,
            fontSize=6 * s,
            fillColor=MUTED,
            textAnchor="end",
        )
    )
    d.add(g)


def _draw_gaps(
    d: Drawing,
    layout: TimelineLayout,
    frame: _Frame,
    tops: Sequence[float],
    heights: Sequence[float],
    s: float,
) -> None:
    g = Group()
    fs = 6 * s
    for gap in layout.gaps:
        x0 = max(float(frame.x(gap.x0)), frame.left)
        x1 = min(float(frame.x(gap.x1)), frame.right)
        if x1 - x0 < 1:
            continue
        top, h = tops[gap.lane], heights[gap.lane]
        _hatch(g, x0, top - h, x1 - x0, h, s)
        label = f"no contact for {describe_days(gap.days)}"
        if stringWidth(label, FONT_ITALIC, fs) + 4 * s < x1 - x0 and h >= fs * 1.2:
            w = stringWidth(label, FONT_ITALIC, fs) + 4 * s
            mid = (x0 + x1) / 2
            g.add(
                Rect(
                    mid - w / 2,
                    top - h / 2 - fs * 0.7,
                    w,
                    fs * 1.4,
                    fillColor=colors.white,
                    strokeColor=None,
                )
            )
            g.add(
                String(
                    mid,
                    top - h / 2 - fs * 0.35,
                    label,
                    fontName=FONT_ITALIC,
                    fontSize=fs,
                    fillColor=MUTED,
                    textAnchor="middle",
                )
            )
    d.add(g)


def _hatch(g: Group, x: float, y: float, w: float, h: float, s: float) -> None:
    """Diagonal hatching of the rectangle (x, y, w, h) with a dashed outline."""
    step = 4.0 * s
    g.add(
        Rect(
            x,
            y,
            w,
            h,
            fillColor=None,
            strokeColor=HATCH,
            strokeWidth=0.3,
            strokeDashArray=[1.5, 1.5],
        )
    )
    # Lines x' - x = (y' - y) + c for c in steps, clipped to the rectangle.
    c = -h + step
    while c < w:
        xa, ya = (x + c, y) if c >= 0 else (x, y - c)
        xb_, yb_ = (x + c + h, y + h) if c + h <= w else (x + w, y + w - c)
        g.add(Line(xa, ya, xb_, yb_, strokeColor=HATCH, strokeWidth=0.3))
        c += step


def _draw_density(
    d: Drawing,
    index: LodIndex,
    frame: _Frame,
    tops: Sequence[float],
    heights_pt: Sequence[float],
    s: float,
) -> None:
    g = Group()
    bin_w = 1.5 * s
    nbins = max(1, int((frame.right - frame.left) / bin_w))
    counts = index.density(frame.x_min, frame.x_max, nbins)
    heights = density_heights(counts)
    levels = np.round(heights * 24).astype(np.int64)  # merge neighbouring bins of one height
    width = (frame.right - frame.left) / nbins
    for lane in index.layout.lanes:
        row = levels[lane.index]
        fill = _tint(_colour(lane.colour), 0.8)
        top, h = tops[lane.index], heights_pt[lane.index]
        usable = h - 2 * s
        j = 0
        while j < nbins:
            level = int(row[j])
            k = j
            while k + 1 < nbins and row[k + 1] == level:
                k += 1
            if level > 0:
                bar = usable * level / 24
                g.add(
                    Rect(
                        frame.left + j * width,
                        top - h + 1 * s,
                        (k - j + 1) * width,
                        bar,
                        fillColor=fill,
                        strokeColor=None,
                    )
                )
            j = k + 1
    d.add(g)


def _draw_items(
    d: Drawing,
    layout: TimelineLayout,
    frame: _Frame,
    tops: Sequence[float],
    row_h: float,
    font_size: float,
    labels: np.ndarray | None,
    packed: bool,
    s: float,
) -> None:
    spans, points, texts = Group(), Group(), Group()
    radius = max(0.8, min(2.6 * s, row_h * 0.36))
    bar_h = max(1.0, min(5.0 * s, row_h * 0.5))
    xs0 = frame.xs(layout.x0)
    xs1 = frame.xs(layout.x1)
    room = frame.xs(np.minimum(layout.room, frame.x_max))
    palette = [_colour(c) for c in layout.palette]
    for k, event in enumerate(layout.events):
        lane = layout.lanes[int(layout.lane[k])]
        y = tops[lane.index] - (int(layout.row[k]) + 0.5) * row_h
        c = palette[int(layout.colour[k])]
        x0 = max(float(xs0[k]), frame.left)
        x1 = min(float(xs1[k]), frame.right)
        text_y = y - font_size * 0.35
        if layout.is_span[k] and labels is not None:
            # The bar runs under the label, in the lower part of the row.
            low_bar = max(1.0, min(bar_h, row_h * 0.2))
            _span_glyph(spans, x0, max(x1, x0 + 1.0), y - row_h * 0.33, low_bar, c)
            text_right, text_left = x0 + 3 * s, x0 - 3 * s
            text_y = y - font_size * 0.2
        elif layout.is_span[k]:
            _span_glyph(spans, x0, max(x1, x0 + 1.0), y, bar_h, c)
            text_right, text_left = x0 + 3 * s, x0 - 3 * s
        else:
            cx = float(frame.x(layout.x0[k] + 0.5))
            points.add(Circle(cx, y, radius, fillColor=c, strokeColor=_darker(c), strokeWidth=0.4))
            text_right, text_left = cx + radius + 2 * s, cx - radius - 2 * s
        if labels is None:
            continue
        label = _first_line(event.label, 64)
        if labels[k]:
            text = _elide(label, FONT, font_size, text_left - frame.left)
            if text:
                texts.add(
                    String(
                        text_left,
                        text_y,
                        text,
                        fontName=FONT,
                        fontSize=font_size,
                        fillColor=TEXT,
                        textAnchor="end",
                    )
                )
            continue
        limit = frame.right if packed else float(room[k])
        available = limit - text_right - 2 * s
        text = _elide(label, FONT, font_size, available)
        if text and available > 12 * s:
            texts.add(
                String(text_right, text_y, text, fontName=FONT, fontSize=font_size, fillColor=TEXT)
            )
    d.add(spans)
    d.add(points)
    d.add(texts)


def _draw_milestones(d: Drawing, layout: TimelineLayout, frame: _Frame, s: float) -> None:
    g = Group()
    fs = 7 * s
    for m in layout.milestones:
        x = float(frame.x(m.x))
        if m.x_end is not None:
            x1 = float(frame.x(m.x_end))
            if frame.left < x1 <= frame.right:
                g.add(
                    Line(
                        x1,
                        frame.bottom,
                        x1,
                        frame.top,
                        strokeColor=MILESTONE,
                        strokeWidth=0.6 * s,
                        strokeDashArray=[2, 2],
                    )
                )
        if not frame.left <= x <= frame.right:
            continue
        g.add(
            Line(x, frame.bottom, x, frame.top + 4 * s, strokeColor=MILESTONE, strokeWidth=1.3 * s)
        )
        anchor = "end" if x > frame.right - 80 * s else "start"
        g.add(
            String(
                x + (2 if anchor == "start" else -2) * s,
                frame.top + 4 * s,
                m.title,
                fontName=FONT_BOLD,
                fontSize=fs,
                fillColor=MILESTONE,
                textAnchor=anchor,
            )
        )
    d.add(g)


def page_size(size: str | tuple[float, float]) -> tuple[float, float]:
    if isinstance(size, tuple):
        return size
    try:
        return PAGE_SIZES[size]
    except KeyError:
        raise ValueError(f"unknown size {size!r}; choose one of {', '.join(PAGE_SIZES)}") from None


def export_timeline(
    layout: TimelineLayout,
    path: Path,
    *,
    size: str | tuple[float, float] = "a4-landscape",
    width_px: int | None = None,
    dpi: float | None = None,
    title: str | None = None,
    window: tuple[date, date] | None = None,
    lane_keys: Sequence[str] | None = None,
) -> Path:
    """Write ``layout`` to ``path`` as PNG, SVG or PDF (chosen by the suffix).

    ``size`` is a page name from ``PAGE_SIZES`` or (width, height) in points. For PNG,
    ``width_px`` or ``dpi`` (default 150) sets the resolution, at most an A4 landscape
    page at 300 dpi. ``window`` and ``lane_keys`` restrict what is drawn.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".png", ".svg", ".pdf"):
        raise ValueError(f"{path}: unsupported format {suffix or '(none)'}; use .png, .svg or .pdf")
    if window is not None or lane_keys is not None:
        layout = layout.restricted(window=window, lane_keys=lane_keys)
    width_pt, height_pt = page_size(size)
    drawing = timeline_drawing(layout, width_pt, height_pt, title=title)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".pdf":
        from reportlab.graphics import renderPDF

        renderPDF.drawToFile(drawing, str(path), msg=title or "Timeline")
    elif suffix == ".svg":
        from reportlab.graphics import renderSVG

        renderSVG.drawToFile(drawing, str(path))
    else:
        _write_png(drawing, path, width_pt, height_pt, width_px, dpi)
    return path


def png_dpi(width_pt: float, height_pt: float, width_px: int | None, dpi: float | None) -> float:
    """The resolution for a PNG of this page; raises ValueError past the size limit."""
    if width_px is not None:
        if width_px < 100:
            raise ValueError(f"an image {width_px} pixels wide is too small")
        dpi = width_px * 72.0 / width_pt
    dpi = 150.0 if dpi is None else float(dpi)
    pixels = (width_pt * dpi / 72.0) * (height_pt * dpi / 72.0)
    if dpi <= 0 or pixels > MAX_PNG_PIXELS * 1.001:
        raise ValueError(
            f"{dpi:.0f} dpi at this size would make a {pixels / 1e6:.1f} megapixel image; "
            "the limit is an A4 landscape page at 300 dpi"
        )
    return dpi


def _write_png(
    drawing: Drawing,
    path: Path,
    width_pt: float,
    height_pt: float,
    width_px: int | None,
    dpi: float | None,
) -> None:
    resolution = png_dpi(width_pt, height_pt, width_px, dpi)
    try:
        from reportlab.graphics import renderPM

        renderPM.drawToFile(drawing, str(path), fmt="PNG", dpi=resolution)
    except ImportError as exc:  # rlPyCairo (and pycairo) missing
        raise RuntimeError(
            "PNG export needs the rlPyCairo package (which needs the cairo library); "
            f"install it or export SVG or PDF instead ({exc})"
        ) from exc
