"""The swimlane timeline widget: lanes, events, bands and milestones drawn with level of detail.

``TimelineView`` draws a ``TimelineLayout`` (see ``workbench.timeline.layout``) in a
pyqtgraph plot. One ``TimelineItem`` paints everything inside the plot with QPainter from
arrays cached when the layout is set:

* zoomed out (more than ``lod.ITEM_LIMIT`` events visible), each lane shows its density:
  one bar per two pixel columns, counted with ``np.searchsorted`` on sorted arrays;
* zoomed in, only the visible events are drawn, in a few batched QPainter calls (points as
  round pen dots, spans as translucent bars with end caps), with labels when rows are tall
  enough.

Signals:
    eventClicked(int): the id of the event the user clicked.
    selectionChanged(list): ids of the events the user selected (click, Ctrl+click).
        ``select_events`` (called by other views) does not emit it.

Mouse: wheel zooms time, Ctrl+wheel zooms lanes, drag pans, Shift+drag or right-drag
zooms to a box. Keys: Home or F fits all, + and - zoom, arrows pan.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QCursor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QRegion,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from workbench.timeline.layout import TimelineLayout, from_x, to_x
from workbench.timeline.lod import (
    ITEM_LIMIT,
    LodIndex,
    choose_mode,
    density_heights,
    density_reference,
    hit_test,
)
from workbench.timeline.ticks import TickSet, date_ticks, describe_days, format_period

LABEL_LIMIT = 600
"""Labels are drawn only when at most this many events are visible."""
SELECTION_LIMIT = 3000
MARKER_PX = 10.0
"""Nominal marker diameter, used to pack small layouts for the fitted view."""

SCOPE_COLOUR = QColor(214, 228, 243, 120)
EPISODE_COLOUR = QColor(255, 196, 60, 60)
EPISODE_EDGE = QColor(214, 150, 20)
EPISODE_TEXT = QColor(150, 95, 0)
MILESTONE_COLOUR = QColor(204, 13, 26)
MILESTONE_BAND = QColor(204, 13, 26, 28)
GAP_COLOUR = QColor(110, 110, 120, 110)
GRID_COLOUR = QColor(0, 0, 0, 28)
TEXT_COLOUR = QColor(26, 26, 31)
MUTED_COLOUR = QColor(100, 100, 112)
SELECTION_COLOUR = QColor(20, 20, 20)
LANE_SHADE = QColor(0, 0, 0, 10)
DIM_ALPHA = 40


_W = TypeVar("_W", bound=QWidget)


def _named(widget: _W, name: str, text: str | None = None) -> _W:
    widget.setObjectName(name)
    if text is not None:
        widget.setText(text)  # type: ignore[attr-defined]
    return widget


def _tinted(colour: QColor, amount: float) -> QColor:
    """``colour`` mixed with white, opaque (``amount`` 1 is the colour, 0 is white)."""
    return QColor(
        round(255 - amount * (255 - colour.red())),
        round(255 - amount * (255 - colour.green())),
        round(255 - amount * (255 - colour.blue())),
    )


def _qcolour(hex_colour: str, alpha: int = 255) -> QColor:
    c = QColor(hex_colour)
    if not c.isValid():
        c = QColor(127, 127, 127)
    c.setAlpha(alpha)
    return c


class _Batch:
    """Numpy-filled arrays of QPointF / QRectF / QLineF / pixmap fragments for batched
    QPainter calls (one call draws thousands of marks)."""

    def __init__(self) -> None:
        self.points = PrimitiveArray(QPointF, 2)
        self.rects = PrimitiveArray(QRectF, 4)
        self.lines = PrimitiveArray(QLineF, 4)
        self.fragments = PrimitiveArray(QPainter.PixmapFragment, 10)

    def draw_pixmap_at(
        self, p: QPainter, x: np.ndarray, y: np.ndarray, pixmap: QPixmap, dpr: float
    ) -> None:
        """Draw ``pixmap`` centred on every (x, y)."""
        if x.size == 0:
            return
        self.fragments.resize(x.size)
        frags = self.fragments.ndarray()
        frags[:, 0] = x
        frags[:, 1] = y
        frags[:, 2:6] = (0.0, 0.0, pixmap.width(), pixmap.height())
        frags[:, 6:10] = (1.0 / dpr, 1.0 / dpr, 0.0, 1.0)
        p.drawPixmapFragments(*self.fragments.drawargs(), pixmap)  # type: ignore[call-arg]

    def draw_points(self, p: QPainter, x: np.ndarray, y: np.ndarray) -> None:
        if x.size == 0:
            return
        self.points.resize(x.size)
        arr = self.points.ndarray()
        arr[:, 0] = x
        arr[:, 1] = y
        p.drawPoints(*self.points.drawargs())

    def draw_rects(
        self, p: QPainter, x: np.ndarray, y: np.ndarray, w: np.ndarray, h: np.ndarray | float
    ) -> None:
        if x.size == 0:
            return
        self.rects.resize(x.size)
        arr = self.rects.ndarray()
        arr[:, 0] = x
        arr[:, 1] = y
        arr[:, 2] = w
        arr[:, 3] = h
        p.drawRects(*self.rects.drawargs())

    def draw_lines(
        self, p: QPainter, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray, y1: np.ndarray
    ) -> None:
        if x0.size == 0:
            return
        self.lines.resize(x0.size)
        arr = self.lines.ndarray()
        arr[:, 0] = x0
        arr[:, 1] = y0
        arr[:, 2] = x1
        arr[:, 3] = y1
        p.drawLines(*self.lines.drawargs())


class DateAxis(pg.AxisItem):  # type: ignore[misc]
    """Bottom axis with calendar ticks (years, months, weeks or days by zoom).

    Painted directly from ``date_ticks`` (batched lines, one text per label), which is
    several times cheaper per pan than the generic axis drawing.
    """

    def __init__(self, font_scale: float = 1.0) -> None:
        super().__init__("bottom")
        self._scale = font_scale
        self._font = QFont()
        self._font.setPointSizeF(self._font.pointSizeF() * font_scale)
        self._batch = _Batch()
        self.setStyle(tickFont=self._font)
        self.enableAutoSIPrefix(False)  # no unit label to update on every pan
        self.setHeight(int(QFontMetricsF(self._font).height() + 14 * font_scale))
        # Ticks of a window three views wide at the current scale, reused while panning.
        self._tick_key: tuple[float, float, float] = (0.0, 0.0, 0.0)
        self._tick_window: tuple[str, np.ndarray, list[str], np.ndarray] | None = None
        self._full_labels: dict[float, str] = {}

    def ticks_for(self, x_min: float, x_max: float, width: float) -> TickSet:
        margin = (x_max - x_min) * 45 * self._scale / max(width, 1.0)
        return date_ticks(
            x_min,
            x_max,
            width,
            min_label_spacing=84 * self._scale,
            full_label_from=x_min + margin,
        )

    def _window_ticks(
        self, xa: float, xb: float, width: float
    ) -> tuple[np.ndarray, list[str], np.ndarray, int | None]:
        """Major x, their labels, minor x in ``[xa, xb]`` and the index of the major tick
        that carries the full label (as ``ticks_for`` gives them), from a cached window."""
        per_day = width / (xb - xa)
        a, b, cached_per_day = self._tick_key
        window = self._tick_window
        if window is None or xa < a or xb > b or abs(per_day / cached_per_day - 1) > 1e-9:
            span = xb - xa
            a, b = xa - span, xb + span
            ticks = date_ticks(
                a, b, per_day * (b - a), min_label_spacing=84 * self._scale, limit=5000
            )
            window = (
                ticks.major_step[0],
                np.array([t.x for t in ticks.major]),
                [t.label for t in ticks.major],
                np.array([t.x for t in ticks.minor]),
            )
            self._tick_key, self._tick_window = (a, b, per_day), window
            self._full_labels.clear()
        unit, major, labels, minor = window
        # The same bounds as date_ticks: months and years from the day containing xa.
        lo = math.floor(xa) if unit in ("month", "year") else xa
        i0, i1 = np.searchsorted(major, [lo, xb], side="left")
        if unit not in ("month", "year") and i1 < major.size and major[i1] == xb:
            i1 += 1
        j0, j1 = np.searchsorted(minor, [xa - 1.0, xb + 1.0]) if minor.size else (0, 0)
        minor_x = minor[j0:j1]
        if minor_x.size:
            minor_x = minor_x[(minor_x >= math.floor(xa)) & (minor_x <= xb)]
        major_x = major[i0:i1]
        start = xa + (xb - xa) * 45 * self._scale / max(width, 1.0)
        k = int(np.searchsorted(major_x, start, side="left")) if major_x.size else None
        if k is not None and k >= major_x.size:
            k = 0
        return major_x, labels[i0:i1], minor_x, k

    def _full_label(self, x: float, per_day: float) -> str:
        label = self._full_labels.get(x)
        if label is None:
            one = date_ticks(
                x - 0.5, x + 0.5, per_day, min_label_spacing=84 * self._scale, minor=False
            )
            label = one.major[0].label if one.major else ""
            self._full_labels[x] = label
        return label

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[Any]:
        ticks = self.ticks_for(minVal, maxVal, size)
        return [
            (ticks.major_spacing_days, [t.x for t in ticks.major]),
            (ticks.major_spacing_days / 4, [t.x for t in ticks.minor]),
        ]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        labels = {t.x: t.label for t in self.ticks_for(min(values), max(values), 1000).major}
        return [labels.get(v, "") for v in values] if values else []

    def paint(self, p: QPainter, opt: Any, widget: Any) -> None:
        view = self.linkedView()
        if view is None:
            return
        rect = self.boundingRect()
        (xa, xb), _ = view.viewRange()
        left = self.mapFromScene(view.mapViewToScene(QPointF(xa, 0))).x()
        right = self.mapFromScene(view.mapViewToScene(QPointF(xb, 0))).x()
        if right <= left or xb <= xa:
            return
        scale = (right - left) / (xb - xa)
        major, labels, minor, full = self._window_ticks(xa, xb, right - left)
        if full is not None:
            labels = list(labels)
            labels[full] = self._full_label(float(major[full]), scale)
        top = rect.top()
        p.save()
        try:
            p.setClipRect(rect)
            p.setPen(QPen(MUTED_COLOUR, 1))
            p.drawLine(QPointF(left, top + 0.5), QPointF(right, top + 0.5))
            if minor.size:
                mx = left + (minor - xa) * scale
                self._batch.draw_lines(p, mx, np.full(mx.size, top), mx, np.full(mx.size, top + 3))
            if major.size:
                px = left + (major - xa) * scale
                p.setPen(QPen(TEXT_COLOUR, 1))
                self._batch.draw_lines(p, px, np.full(px.size, top), px, np.full(px.size, top + 6))
                p.setFont(self._font)
                metrics = QFontMetricsF(self._font)
                baseline = top + 7 * self._scale + metrics.ascent()
                for label, x in zip(labels, px.tolist(), strict=True):
                    w = metrics.horizontalAdvance(label)
                    if x - w / 2 < rect.left() or x + w / 2 > rect.right():
                        continue
                    p.drawText(QPointF(x - w / 2, baseline), label)
        finally:
            p.restore()


class LaneAxis(pg.AxisItem):  # type: ignore[misc]
    """Left axis showing the lane titles and colours; stays put while the plot pans."""

    def __init__(self, owner: TimelineView, font_scale: float = 1.0) -> None:
        super().__init__("left")
        self.enableAutoSIPrefix(False)
        self._owner = owner
        self._font = QFont()
        self._font.setPointSizeF(self._font.pointSizeF() * font_scale)
        self._font.setBold(True)
        self._small = QFont()
        self._small.setPointSizeF(self._small.pointSizeF() * font_scale * 0.85)
        self._scale = font_scale
        self._cache: QPixmap | None = None
        self._cache_key: tuple[object, ...] = ()

    def fit_width(self, titles: Sequence[str]) -> None:
        metrics = QFontMetricsF(self._font)
        widest = max((metrics.horizontalAdvance(t) for t in titles), default=60.0)
        limit = min(240 * self._scale, 340)
        self.setWidth(int(min(max(widest + 22 * self._scale, 90 * self._scale), limit)))

    def paint(self, p: QPainter, opt: Any, widget: Any) -> None:
        layout = self._owner.timeline_layout
        view = self.linkedView()
        if layout is None or view is None:
            return
        rect = self.boundingRect()
        # Panning in time leaves the lanes where they are: reuse the last rendering.
        dpr = widget.devicePixelRatioF() if widget is not None else 1.0
        key = (id(layout), tuple(view.viewRange()[1]), rect.width(), rect.height(), dpr)
        if self._cache is None or key != self._cache_key:
            pixmap = QPixmap(max(1, round(rect.width() * dpr)), max(1, round(rect.height() * dpr)))
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(QColor(250, 250, 252))
            q = QPainter(pixmap)
            try:
                q.translate(-rect.left(), -rect.top())
                self._draw(q, rect, view, layout)
            finally:
                q.end()
            self._cache, self._cache_key = pixmap, key
        p.drawPixmap(rect.topLeft(), self._cache)

    def _draw(self, p: QPainter, rect: QRectF, view: Any, layout: TimelineLayout) -> None:
        p.save()
        try:
            p.setClipRect(rect)
            metrics = QFontMetricsF(self._font)
            small = QFontMetricsF(self._small)
            for lane in layout.lanes:
                top = self.mapFromScene(view.mapViewToScene(QPointF(0, lane.y0))).y()
                bottom = self.mapFromScene(view.mapViewToScene(QPointF(0, lane.y1))).y()
                top, bottom = min(top, bottom), max(top, bottom)
                if bottom < rect.top() or top > rect.bottom():
                    continue
                vis_top, vis_bottom = max(top, rect.top()), min(bottom, rect.bottom())
                p.fillRect(
                    QRectF(rect.left() + 2, top, 4 * self._scale, bottom - top),
                    _qcolour(lane.colour),
                )
                text_w = rect.width() - 12 * self._scale
                font, fm = self._font, metrics
                room = vis_bottom - vis_top
                if room < metrics.height():
                    # A thin lane: a smaller title, or none rather than overlapping ones.
                    if room < 7:
                        continue
                    font = QFont(self._font)
                    font.setPixelSize(max(6, int(room * 0.9)))
                    fm = QFontMetricsF(font)
                title = fm.elidedText(lane.title, Qt.TextElideMode.ElideRight, text_w)
                mid = (vis_top + vis_bottom) / 2
                p.setPen(TEXT_COLOUR)
                p.setFont(font)
                show_count = vis_bottom - vis_top > metrics.height() + small.height()
                y = mid + (fm.ascent() - fm.descent()) / 2
                if show_count:
                    y -= small.height() / 2
                p.drawText(QPointF(rect.left() + 10 * self._scale, y), title)
                if show_count:
                    p.setFont(self._small)
                    p.setPen(MUTED_COLOUR)
                    count = f"{lane.count:,} event{'s' if lane.count != 1 else ''}"
                    p.drawText(QPointF(rect.left() + 10 * self._scale, y + small.height()), count)
            p.setPen(QPen(MUTED_COLOUR, 1))
            p.drawLine(rect.topRight(), rect.bottomRight())
        finally:
            p.restore()


class BandAxis(pg.AxisItem):  # type: ignore[misc]
    """Top strip naming the key practice episodes and milestones above the lanes."""

    def __init__(self, owner: TimelineView, font_scale: float = 1.0) -> None:
        super().__init__("top")
        self.enableAutoSIPrefix(False)
        self._owner = owner
        self._font = QFont()
        self._font.setPointSizeF(self._font.pointSizeF() * font_scale)
        self._font.setBold(True)
        metrics = QFontMetricsF(self._font)
        self.setHeight(int(2 * metrics.height() + 6))

    def paint(self, p: QPainter, opt: Any, widget: Any) -> None:
        layout = self._owner.timeline_layout
        view = self.linkedView()
        if layout is None or view is None:
            return
        rect = self.boundingRect()
        p.save()
        try:
            p.setClipRect(rect)
            p.fillRect(rect, QColor(255, 255, 255))
            p.setFont(self._font)
            metrics = QFontMetricsF(self._font)

            (xa, xb), _ = view.viewRange()
            left = self.mapFromScene(view.mapViewToScene(QPointF(xa, 0))).x()
            right = self.mapFromScene(view.mapViewToScene(QPointF(xb, 0))).x()
            per_day = (right - left) / max(xb - xa, 1e-9)

            def to_local(x: float) -> float:
                return float(left + (x - xa) * per_day)

            episodes = sorted((b for b in layout.bands if b.kind != "scope"), key=lambda b: b.x0)
            line1 = rect.top() + metrics.ascent() + 2
            for k, band in enumerate(episodes):
                x0, x1 = to_local(band.x0), to_local(band.x1)
                if x1 < rect.left() or x0 > rect.right():
                    continue
                tx = max(x0, rect.left()) + 2
                # Up to where the next title starts (episodes may overlap).
                if k + 1 < len(episodes):
                    nxt = max(to_local(episodes[k + 1].x0), rect.left()) + 2
                else:
                    nxt = rect.right()
                room = min(nxt, rect.right()) - tx - 6
                title = metrics.elidedText(band.title, Qt.TextElideMode.ElideRight, room)
                p.fillRect(QRectF(x0, rect.bottom() - 3, max(x1 - x0, 2.0), 3), EPISODE_EDGE)
                if len(title) > 3:
                    p.setPen(EPISODE_TEXT)
                    p.drawText(QPointF(tx, line1), title)
            line2 = line1 + metrics.height()
            for m in layout.milestones:
                x = to_local(m.x)
                if not rect.left() <= x <= rect.right():
                    continue
                w = metrics.horizontalAdvance(m.title)
                tx = x + 4 if x + 4 + w < rect.right() else x - 4 - w
                p.setPen(QPen(MILESTONE_COLOUR, 2))
                p.drawLine(QPointF(x, line2 - metrics.ascent()), QPointF(x, rect.bottom()))
                p.drawText(QPointF(tx, line2), m.title)
        finally:
            p.restore()


class _TimelineViewBox(pg.ViewBox):  # type: ignore[misc]
    """Wheel zooms time (Ctrl: lanes); Shift+drag or right-drag zooms to a box."""

    def __init__(self, on_key: Callable[[QKeyEvent], bool]) -> None:
        super().__init__(invertY=True, enableMenu=False, defaultPadding=0.0)
        self._on_key = on_key

    def wheelEvent(self, ev: Any, axis: int | None = None) -> None:
        if axis is None:
            axis = 1 if ev.modifiers() & Qt.KeyboardModifier.ControlModifier else 0
        super().wheelEvent(ev, axis)

    def mouseDragEvent(self, ev: Any, axis: int | None = None) -> None:
        button = ev.button()
        box = button == Qt.MouseButton.RightButton or (
            button == Qt.MouseButton.LeftButton
            and bool(ev.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        )
        if not box or axis is not None:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        if ev.isFinish():
            self.rbScaleBox.hide()
            rect = QRectF(pg.Point(ev.buttonDownPos(button)), pg.Point(ev.pos()))
            rect = self.childGroup.mapRectFromParent(rect).normalized()
            if rect.width() > 0 and rect.height() > 0:
                self.showAxRect(rect)
        else:
            self.updateScaleBox(ev.buttonDownPos(button), ev.pos())

    def keyPressEvent(self, ev: QKeyEvent) -> None:
        if self._on_key(ev):
            ev.accept()
        else:
            ev.ignore()


class TimelineItem(pg.GraphicsObject):  # type: ignore[misc]
    """Paints the lanes, bands, gaps, events and milestones of the owner's layout."""

    def __init__(self, owner: TimelineView) -> None:
        super().__init__()
        self._owner = owner
        self._batch = _Batch()
        self._markers: dict[tuple[str, int, int, float], QPixmap] = {}
        self._dpr = 1.0
        self._density_refs: dict[float, float] = {}
        self.last_mode = "items"
        self.last_drawn = 0
        # Opaque rendering of a window three views wide at the current scale, blitted
        # while the view pans inside it: everything when zoomed out (density), the
        # background (lanes, bands, gaps, grid) when zoomed in, where the few visible
        # events are drawn over it on every paint.
        self._version = 0
        self._cache: QPixmap | None = None
        self._cache_key: tuple[object, ...] = ()
        self._cache_window = (0.0, 0.0, 0.0)  # x0, x1 and px per day
        self._cache_origin = (0, 0, 0.0)  # device x of the top left less dx, y, dx % 1

    def refresh(self) -> None:
        """Repaint after a change of selection or highlight (drops the cached rendering)."""
        self._version += 1
        self._cache = None
        self.update()

    def invalidate(self) -> None:
        """Drop the cached rendering (after a change of data or of the level of detail)."""
        self._density_refs.clear()
        self.refresh()

    def _marker(self, hex_colour: str, alpha: int, size: int, kind: str = "point") -> QPixmap:
        """A pre-rendered round marker (or selection ring) of ``size`` pixels."""
        key = (hex_colour + kind, alpha, size, self._dpr)
        pixmap = self._markers.get(key)
        if pixmap is not None:
            return pixmap
        if len(self._markers) > 512:
            self._markers.clear()
        full = size + 10 if kind == "halo" else size + 2
        pixmap = QPixmap(round(full * self._dpr), round(full * self._dpr))
        pixmap.fill(Qt.GlobalColor.transparent)
        q = QPainter(pixmap)
        try:
            q.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            q.scale(self._dpr, self._dpr)
            if kind == "halo":
                q.setPen(QPen(SELECTION_COLOUR, 3))
                q.setBrush(QColor(255, 255, 255))
                q.drawEllipse(QRectF(1.5, 1.5, full - 3, full - 3))
            else:
                colour = _qcolour(hex_colour, alpha)
                q.setPen(QPen(colour.darker(170), 1))
                q.setBrush(colour)
                q.drawEllipse(QRectF(0.5, 0.5, size + 1, size + 1))
        finally:
            q.end()
        self._markers[key] = pixmap
        return pixmap

    def boundingRect(self) -> QRectF:
        layout = self._owner.timeline_layout
        if layout is None:
            return QRectF()
        span = layout.x_max - layout.x_min
        return QRectF(layout.x_min - span, -layout.height, 3 * span, 3 * layout.height)

    def mouseClickEvent(self, ev: Any) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        ev.accept()
        pos = ev.pos()
        toggle = bool(ev.modifiers() & Qt.KeyboardModifier.ControlModifier)
        self._owner._clicked_at(pos.x(), pos.y(), toggle)

    def paint(self, p: QPainter, opt: Any, widget: Any) -> None:
        owner = self._owner
        layout = owner.timeline_layout
        vb = self.getViewBox()
        if layout is None or vb is None or owner.lod_index is None:
            return
        self._dpr = widget.devicePixelRatioF() if widget is not None else 1.0
        t = p.transform()
        sx, dx, sy, dy = t.m11(), t.dx(), t.m22(), t.dy()
        if sx == 0 or sy == 0:
            return
        (xa, xb), (ya, yb) = vb.viewRange()
        if xb <= xa or yb <= ya:
            return
        mode = owner.current_mode
        self.last_mode = mode
        simple = not t.isRotating() and not t.m13() and not t.m23() and sx > 0
        p.save()
        try:
            p.resetTransform()
            geo = _Geometry(sx, dx, sy, dy, xa, xb, ya, yb, owner.font_scale)
            lanes = [lane.index for lane in layout.lanes if lane.y1 > ya and lane.y0 < yb]
            if widget is None or not simple:
                # Rendered elsewhere (an export): everything, directly.
                y0, y1 = sorted((geo.py(ya), geo.py(yb)))
                p.setClipRect(
                    QRectF(geo.px(xa), y0, geo.px(xb) - geo.px(xa), y1 - y0),
                    Qt.ClipOperation.IntersectClip,
                )
                self._paint_background(p, layout, geo, lanes)
                self._paint_gap_labels(p, layout, geo, lanes)
                self._paint_episodes(p, layout, geo)
                self._paint_content(p, layout, geo, lanes, mode)
                self._paint_milestones(p, layout, geo)
                return
            self._blit_cache(p, layout, geo, lanes, mode)
            if mode != "density":
                boxes = self._paint_gap_labels(p, layout, geo, lanes)
                if boxes:
                    # The episode tint over the labels, as when drawn in one go.
                    p.save()
                    region = QRegion()
                    for box in boxes:
                        region += box.toAlignedRect()
                    p.setClipRegion(region, Qt.ClipOperation.IntersectClip)
                    self._paint_episodes(p, layout, geo)
                    p.restore()
                self.last_drawn = self._paint_items(p, layout, geo, lanes)
                self._paint_milestones(p, layout, geo)
        finally:
            p.restore()

    def _paint_content(
        self, p: QPainter, layout: TimelineLayout, geo: _Geometry, lanes: list[int], mode: str
    ) -> None:
        if mode == "density":
            self.last_drawn = self._paint_density(p, layout, geo, lanes)
        else:
            self.last_drawn = self._paint_items(p, layout, geo, lanes)

    def _blit_cache(
        self, p: QPainter, layout: TimelineLayout, geo: _Geometry, lanes: list[int], mode: str
    ) -> None:
        """Draw the cached rendering of the view, rendering a new window when needed."""
        xa, xb = geo.xa, geo.xb
        top, bottom = sorted((geo.py(geo.ya), geo.py(geo.yb)))
        # A pixel beyond the view on each side: the view box's clip lets the edge pixels
        # through.
        oy = math.floor(top) - 1
        height = max(1, math.ceil(bottom) - oy + 2)
        brush = self._owner.plot_widget.backgroundBrush()
        fill = (
            brush.color()
            if brush.style() != Qt.BrushStyle.NoBrush
            else QColor(Qt.GlobalColor.transparent)
        )
        key = (
            id(layout),
            self._version,
            mode,
            round(geo.sy * 1e6),
            round(geo.dy * 1e3),
            oy,
            height,
            self._dpr,
            fill.rgba(),
            len(lanes),
        )
        x0, x1, sx = self._cache_window
        if (
            self._cache is None
            or key != self._cache_key
            or xa < x0
            or xb > x1
            or abs(geo.sx / sx - 1) > 1e-9
        ):
            span = xb - xa
            x0, x1 = xa - span, xb + span
            ox = math.floor(x0 * geo.sx)
            frac = geo.dx - math.floor(geo.dx)
            width = max(1, math.ceil(x1 * geo.sx) - ox + 1)
            dpr = self._dpr
            pixmap = QPixmap(max(1, round(width * dpr)), max(1, round(height * dpr)))
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(fill)
            q = QPainter(pixmap)
            try:
                pad = 2.0 / abs(geo.sy)
                cache_geo = _Geometry(
                    geo.sx,
                    frac - ox,
                    geo.sy,
                    geo.dy - oy,
                    x0,
                    x1,
                    geo.ya - pad,
                    geo.yb + pad,
                    geo.scale,
                )
                cache_geo.view_span = (xa, xb)
                cache_geo.pinned = False
                cache_geo.origin_y = oy
                self._paint_background(q, layout, cache_geo, lanes)
                if mode == "density":
                    self._paint_gap_labels(q, layout, cache_geo, lanes)
                    self._paint_episodes(q, layout, cache_geo)
                    self.last_drawn = self._paint_density(q, layout, cache_geo, lanes)
                    self._paint_milestones(q, layout, cache_geo)
                else:
                    self._paint_episodes(q, layout, cache_geo)
            finally:
                q.end()
            self._cache, self._cache_key = pixmap, key
            self._cache_window = (x0, x1, geo.sx)
            self._cache_origin = (ox, oy, frac)
        pixmap = self._cache
        assert pixmap is not None
        ox, oy, frac = self._cache_origin
        left = ox + round(geo.dx - frac)  # device x of the cache's first column
        a = max(math.floor(geo.px(xa)) - 1, left)
        b = min(math.ceil(geo.px(xb)) + 1, left + round(pixmap.width() / self._dpr))
        if b <= a:
            return
        dpr = self._dpr
        # The view box clips the rest, as it does a direct rendering.
        p.drawPixmap(
            QPointF(a, oy), pixmap, QRectF((a - left) * dpr, 0, (b - a) * dpr, height * dpr)
        )

    # -- background ---------------------------------------------------------------------

    def _paint_background(
        self, p: QPainter, layout: TimelineLayout, geo: _Geometry, lanes: list[int]
    ) -> None:
        """Lane shading, scope bands, the grid and the hatched gaps."""
        left, right = geo.px(geo.xa), geo.px(geo.xb)
        top, bottom = geo.py(geo.ya), geo.py(geo.yb)
        top, bottom = min(top, bottom), max(top, bottom)
        for i in lanes:
            lane = layout.lanes[i]
            if i % 2 == 0:
                y0, y1 = geo.py(lane.y0 - 0.3), geo.py(lane.y1 + 0.3)
                p.fillRect(QRectF(left, y0, right - left, y1 - y0), LANE_SHADE)
        for band in layout.bands:
            if band.kind == "scope" and band.x1 > geo.xa and band.x0 < geo.xb:
                x0, x1 = geo.px(band.x0), geo.px(band.x1)
                p.fillRect(QRectF(x0, top, x1 - x0, bottom - top), SCOPE_COLOUR)
                p.setPen(QPen(MUTED_COLOUR, 1, Qt.PenStyle.DashLine))
                for xe in (x0, x1):
                    p.drawLine(QPointF(xe, top), QPointF(xe, bottom))
        # Grid at the major ticks of the date axis (their spacing depends on the scale
        # only, so a window wider than the view gets the view's grid).
        ticks = date_ticks(
            geo.xa - 1,
            geo.xb + 1,
            (geo.xb - geo.xa + 2) * geo.sx,
            min_label_spacing=84 * geo.scale,
            minor=False,
            limit=5000,
        )
        p.setPen(QPen(GRID_COLOUR, 1))
        xs = np.array([t.x for t in ticks.major])
        if xs.size:
            px = xs * geo.sx + geo.dx
            self._batch.draw_lines(p, px, np.full(px.size, top), px, np.full(px.size, bottom))
        # Gaps: hatched (their length is written by _paint_gap_labels).
        for gap in layout.gaps:
            if gap.lane not in lanes or gap.x1 <= geo.xa or gap.x0 >= geo.xb:
                continue
            lane = layout.lanes[gap.lane]
            p.setBrushOrigin(QPointF(geo.px(0.0) % 16, -geo.origin_y % 16))
            x0, x1 = max(geo.px(gap.x0), left), min(geo.px(gap.x1), right)
            y0, y1 = sorted((geo.py(lane.y0), geo.py(lane.y1)))
            p.fillRect(
                QRectF(x0, y0, x1 - x0, y1 - y0), QBrush(GAP_COLOUR, Qt.BrushStyle.BDiagPattern)
            )

    def _paint_gap_labels(
        self, p: QPainter, layout: TimelineLayout, geo: _Geometry, lanes: list[int]
    ) -> list[QRectF]:
        """The length of each gap where there is room; returns the label boxes."""
        boxes: list[QRectF] = []
        font = QFont(self._owner.base_font)
        font.setItalic(True)
        metrics = QFontMetricsF(font)
        for gap in layout.gaps:
            if gap.lane not in lanes or gap.x1 <= geo.xa or gap.x0 >= geo.xb:
                continue
            lane = layout.lanes[gap.lane]
            y0, y1 = sorted((geo.py(lane.y0), geo.py(lane.y1)))
            if y1 - y0 <= metrics.height():
                continue
            label = f"no contact for {describe_days(gap.days)}"
            w = metrics.horizontalAdvance(label) + 8
            # Centred on the part in view, or on the whole gap for a cached rendering.
            if geo.pinned:
                lx0 = max(geo.px(gap.x0), geo.px(geo.view_span[0]))
                lx1 = min(geo.px(gap.x1), geo.px(geo.view_span[1]))
            else:
                lx0, lx1 = geo.px(gap.x0), geo.px(gap.x1)
            if w < lx1 - lx0:
                box = QRectF(
                    (lx0 + lx1 - w) / 2, (y0 + y1 - metrics.height()) / 2, w, metrics.height()
                )
                if not boxes:
                    p.setFont(font)
                    p.setPen(MUTED_COLOUR)
                p.fillRect(box, QColor(255, 255, 255, 220))
                p.drawText(box, Qt.AlignmentFlag.AlignCenter, label)
                boxes.append(box)
        return boxes

    def _paint_episodes(self, p: QPainter, layout: TimelineLayout, geo: _Geometry) -> None:
        """Amber bands over the key practice episodes (their titles are in the band axis)."""
        top, bottom = sorted((geo.py(geo.ya), geo.py(geo.yb)))
        for band in layout.bands:
            if band.kind == "scope":
                continue
            if band.x1 <= geo.xa or band.x0 >= geo.xb:
                continue
            x0, x1 = geo.px(band.x0), geo.px(band.x1)
            if x1 - x0 < 2:
                x0, x1 = x0 - 1, x0 + 1
            p.fillRect(QRectF(x0, top, x1 - x0, bottom - top), EPISODE_COLOUR)
            p.setPen(QPen(EPISODE_EDGE, 1))
            p.drawLine(QPointF(x0, top), QPointF(x0, bottom))
            p.drawLine(QPointF(x1, top), QPointF(x1, bottom))

    def _paint_milestones(self, p: QPainter, layout: TimelineLayout, geo: _Geometry) -> None:
        top, bottom = sorted((geo.py(geo.ya), geo.py(geo.yb)))
        for m in layout.milestones:
            x_end = m.x_end
            if x_end is not None and x_end > geo.xa and m.x < geo.xb:
                x0, x1 = geo.px(m.x), geo.px(x_end)
                p.fillRect(QRectF(x0, top, x1 - x0, bottom - top), MILESTONE_BAND)
            if geo.xa <= m.x <= geo.xb:
                x = geo.px(m.x)
                p.setPen(QPen(MILESTONE_COLOUR, 2 * geo.scale))
                p.drawLine(QPointF(x, top), QPointF(x, bottom))
                if x_end is not None:
                    p.setPen(QPen(MILESTONE_COLOUR, 1, Qt.PenStyle.DashLine))
                    x1 = geo.px(x_end)
                    p.drawLine(QPointF(x1, top), QPointF(x1, bottom))

    # -- density ------------------------------------------------------------------------

    def _density_grid(self, geo: _Geometry) -> tuple[float, float, float, int]:
        """Bins anchored in data space (so that strips painted later line up): returns
        (bin width in days, first edge, last edge, number of bins) covering the strip."""
        bin_days = float(2.0 ** round(math.log2(3.0 / geo.sx)))
        k0 = math.floor(geo.xa / bin_days)
        k1 = math.ceil(geo.xb / bin_days)
        return bin_days, k0 * bin_days, k1 * bin_days, max(1, k1 - k0)

    def _density_ref(
        self, index: LodIndex, layout: TimelineLayout, bin_days: float, geo: _Geometry
    ) -> float:
        """The count that fills a lane, for this bin width: fixed while panning."""
        ref = self._density_refs.get(bin_days)
        if ref is None:
            a, b = layout.x_min, layout.x_max
            if (b - a) / bin_days > 200_000:  # very deep zoom: judge from the view
                a, b = geo.view_span
            k0, k1 = math.floor(a / bin_days), math.ceil(b / bin_days)
            counts = index.density(k0 * bin_days, k1 * bin_days, max(1, k1 - k0))
            ref = density_reference(counts)
            self._density_refs[bin_days] = ref
        return ref

    def _paint_density(
        self, p: QPainter, layout: TimelineLayout, geo: _Geometry, lanes: list[int]
    ) -> int:
        owner = self._owner
        index = owner.lod_index
        assert index is not None
        bin_days, e0, e1, nbins = self._density_grid(geo)
        counts = index.density(e0, e1, nbins)
        heights = density_heights(counts, self._density_ref(index, layout, bin_days, geo))
        hl_index = owner.highlight_index
        dim = hl_index is not None
        edges = np.round((e0 + np.arange(nbins + 1) * bin_days) * geo.sx + geo.dx)
        xs = edges[:-1]
        widths = np.diff(edges)
        p.setPen(Qt.PenStyle.NoPen)

        def bars(i: int, h_frac: np.ndarray, colour: QColor) -> None:
            lane = layout.lanes[i]
            y_top, y_bottom = sorted((geo.py(lane.y0), geo.py(lane.y1)))
            usable = (y_bottom - y_top) * 0.92
            nz = np.flatnonzero(h_frac > 0)
            h = np.maximum(np.round(h_frac[nz] * usable), 1.0)
            bottom = round(y_bottom)
            p.setBrush(colour)
            self._batch.draw_rects(p, xs[nz], bottom - h, widths[nz], h)

        for i in lanes:
            base = _qcolour(layout.lanes[i].colour)
            bars(i, heights[i], _tinted(base, 0.18 if dim else 0.78))
        drawn = int(np.count_nonzero(counts))
        if hl_index is not None:
            va, vb_ = geo.view_span
            n_hl = hl_index.count_visible(va, vb_, lanes, stop_above=ITEM_LIMIT)
            if n_hl <= ITEM_LIMIT:
                drawn += self._paint_items(p, layout, geo, lanes, only=hl_index)
            else:
                hl_counts = hl_index.density(e0, e1, nbins)
                ratio = np.divide(hl_counts, np.maximum(counts, 1))
                for i in lanes:
                    bars(i, heights[i] * ratio[i], _qcolour(layout.lanes[i].colour))
        sel = owner.selected_positions
        if sel.size and sel.size <= SELECTION_LIMIT:
            self._paint_events(p, layout, geo, sel, dimmed=None, labels=False)
        return drawn

    # -- items --------------------------------------------------------------------------

    def _paint_items(
        self,
        p: QPainter,
        layout: TimelineLayout,
        geo: _Geometry,
        lanes: list[int],
        only: LodIndex | None = None,
    ) -> int:
        owner = self._owner
        index = only if only is not None else owner.lod_index
        assert index is not None
        parts = [index.visible(i, geo.xa, geo.xb) for i in lanes]
        idx = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
        if idx.size:
            y = layout.y[idx]
            idx = idx[(y > geo.ya - 1) & (y < geo.yb + 1)]
        dimmed = None
        if only is None and owner.highlight_mask is not None:
            dimmed = ~owner.highlight_mask[idx]
        labels = abs(geo.sy) >= 13 * geo.scale and idx.size <= LABEL_LIMIT
        self._paint_events(p, layout, geo, idx, dimmed=dimmed, labels=labels)
        return int(idx.size)

    def _paint_events(
        self,
        p: QPainter,
        layout: TimelineLayout,
        geo: _Geometry,
        idx: np.ndarray,
        *,
        dimmed: np.ndarray | None,
        labels: bool,
    ) -> None:
        if idx.size == 0:
            return
        owner = self._owner
        batch = self._batch
        row_px = abs(geo.sy)
        marker = float(np.clip(row_px * 0.72, 3.0, 11.0 * geo.scale))
        bar = float(np.clip(row_px * 0.42, 2.0, 7.0 * geo.scale))
        cap = min(bar + 5.0, row_px * 0.9)
        # Clipped: the raster engine misbehaves with coordinates far outside the device.
        px0 = np.clip(layout.x0[idx] * geo.sx + geo.dx, -1e6, 1e6)
        px1 = np.clip(layout.x1[idx] * geo.sx + geo.dx, -1e6, 1e6)
        py = layout.y[idx] * geo.sy + geo.dy
        span = layout.is_span[idx]
        colour = layout.colour[idx]
        selected = owner.selected_mask[idx] if owner.selected_mask is not None else None

        # Selection halo under everything else.
        if selected is not None and selected.any():
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            s_span = selected & span
            s_point = selected & ~span
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.setPen(QPen(SELECTION_COLOUR, 3))
            w = np.maximum(px1[s_span] - px0[s_span], 2.0)
            batch.draw_rects(p, px0[s_span] - 3, py[s_span] - cap / 2 - 2, w + 6, cap + 4)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            halo = self._marker("", 255, round(marker), "halo")
            batch.draw_pixmap_at(p, (px0[s_point] + px1[s_point]) / 2, py[s_point], halo, self._dpr)

        groups: list[tuple[np.ndarray, bool]] = []
        if dimmed is None:
            groups.append((np.ones(idx.size, dtype=bool), False))
        else:
            groups.append((dimmed, True))
            groups.append((~dimmed, False))
        for mask, is_dim in groups:
            for c in np.unique(colour[mask]):
                m = mask & (colour == c)
                hex_colour = layout.palette[int(c)]
                ms = m & span
                if ms.any():
                    w = np.maximum(px1[ms] - px0[ms], 2.0)
                    # With labels, the bar runs under the label in the lower part of the row.
                    by = py[ms] + (row_px * 0.3 if labels else 0.0)
                    bh = min(bar, row_px * 0.2) if labels else bar
                    ch = min(cap, row_px * 0.32) if labels else cap
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(_qcolour(hex_colour, 25 if is_dim else 95))
                    batch.draw_rects(p, px0[ms], by - bh / 2, w, bh)
                    edge = _qcolour(hex_colour, DIM_ALPHA if is_dim else 255).darker(130)
                    p.setPen(QPen(edge, max(1.0, geo.scale * 1.5)))
                    right = px0[ms] + w
                    batch.draw_lines(p, px0[ms], by, right, by)
                    batch.draw_lines(p, px0[ms], by - ch / 2, px0[ms], by + ch / 2)
                    batch.draw_lines(p, right, by - ch / 2, right, by + ch / 2)
                mp = m & ~span
                if mp.any():
                    pixmap = self._marker(hex_colour, DIM_ALPHA if is_dim else 255, round(marker))
                    batch.draw_pixmap_at(p, (px0[mp] + px1[mp]) / 2, py[mp], pixmap, self._dpr)

        if labels:
            self._paint_labels(p, layout, geo, idx, px0, px1, py, span, marker, dimmed)

    def _paint_labels(
        self,
        p: QPainter,
        layout: TimelineLayout,
        geo: _Geometry,
        idx: np.ndarray,
        px0: np.ndarray,
        px1: np.ndarray,
        py: np.ndarray,
        span: np.ndarray,
        marker: float,
        dimmed: np.ndarray | None,
    ) -> None:
        font = self._owner.base_font
        metrics = QFontMetricsF(font)
        p.setFont(font)
        room = np.minimum(layout.room[idx], layout.x_max + 1.0) * geo.sx + geo.dx
        # A span's label stays in view when its start is off to the left (not for a
        # cached rendering, where everything must stay anchored to the data).
        start = np.maximum(px0, geo.px(geo.view_span[0])) if geo.pinned else px0
        text_x = np.where(span, start + 4, (px0 + px1) / 2 + marker / 2 + 3)
        available = room - text_x - 6
        baseline = py + (metrics.ascent() - metrics.descent()) / 2 - np.where(span, 2.0, 0.0)
        normal, faint = TEXT_COLOUR, QColor(26, 26, 31, 70)
        for k in np.flatnonzero(available > 24).tolist():
            event = layout.events[int(idx[k])]
            text = event.label.strip().splitlines()[0] if event.label.strip() else ""
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, float(available[k]))
            if not text:
                continue
            p.setPen(faint if dimmed is not None and dimmed[k] else normal)
            p.drawText(QPointF(float(text_x[k]), float(baseline[k])), text)


class _Geometry:
    """Mapping from layout coordinates to device pixels for one paint."""

    __slots__ = (
        "dx",
        "dy",
        "origin_y",
        "pinned",
        "scale",
        "sx",
        "sy",
        "view_span",
        "xa",
        "xb",
        "ya",
        "yb",
    )

    def __init__(
        self,
        sx: float,
        dx: float,
        sy: float,
        dy: float,
        xa: float,
        xb: float,
        ya: float,
        yb: float,
        scale: float,
    ) -> None:
        self.sx, self.dx, self.sy, self.dy = sx, dx, sy, dy
        self.xa, self.xb, self.ya, self.yb = xa, xb, ya, yb
        self.scale = scale
        self.view_span = (xa, xb)
        self.pinned = True
        self.origin_y = 0.0
        """Device y of this painter's origin (patterns line up across renderings)."""

    def px(self, x: float) -> float:
        return x * self.sx + self.dx

    def py(self, y: float) -> float:
        return y * self.sy + self.dy


class TimelineLegend(QWidget):
    """What the marks mean: exact date, uncertain span, episode, scope, milestone, gap."""

    ENTRIES = (
        ("point", "Exact date"),
        ("span", "Uncertain date"),
        ("episode", "Key practice episode"),
        ("scope", "Review scope"),
        ("milestone", "Milestone"),
        ("gap", "No contact"),
        ("density", "Events per period"),
    )

    def __init__(self, parent: QWidget | None = None, font_scale: float = 1.0) -> None:
        super().__init__(parent)
        self._scale = font_scale
        # Kept apart from self.font(): a style sheet on a parent may reset that one.
        self._font = QFont(self.font())
        self._font.setPointSizeF(self._font.pointSizeF() * font_scale)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._cache: QPixmap | None = None
        self._cache_key: tuple[float, ...] = ()
        self.setToolTip(
            "Exact date: a dot on the day. Uncertain date (e.g. 'Nov 2015', 'spring 2015'):"
            " a bar from the earliest to the latest possible day. Zoomed out, each lane"
            " shows how many events fall in each period instead of the events."
        )

    def sizeHint(self) -> QSize:
        metrics = QFontMetricsF(self._font)
        width = sum(metrics.horizontalAdvance(t) + 39 * self._scale for _, t in self.ENTRIES)
        return QSize(int(width + 8), int(max(metrics.height(), 12 * self._scale) + 8))

    def minimumSizeHint(self) -> QSize:
        return QSize(100, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        # Drawn once per size: the legend is repainted with the widget on every pan.
        dpr = self.devicePixelRatioF()
        key = (float(self.width()), float(self.height()), dpr)
        if self._cache is None or self._cache_key != key:
            pixmap = QPixmap(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr)))
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(Qt.GlobalColor.transparent)
            q = QPainter(pixmap)
            try:
                self._draw(q)
            finally:
                q.end()
            self._cache, self._cache_key = pixmap, key
        p = QPainter(self)
        try:
            p.drawPixmap(0, 0, self._cache)
        finally:
            p.end()

    def _draw(self, p: QPainter) -> None:
        p.setFont(self._font)
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        metrics = QFontMetricsF(self._font)
        s = self._scale
        x = 4.0
        y = self.height() / 2
        grey = QColor(85, 85, 95)
        for kind, text in self.ENTRIES:
            glyph = QRectF(x, y - 6 * s, 20 * s, 12 * s)
            if kind == "point":
                p.setPen(QPen(grey.darker(160), 1))
                p.setBrush(grey)
                p.drawEllipse(QPointF(glyph.center()), 4.5 * s, 4.5 * s)
            elif kind == "span":
                p.fillRect(
                    QRectF(glyph.left(), y - 3 * s, glyph.width(), 6 * s),
                    QColor(85, 85, 95, 95),
                )
                p.setPen(QPen(grey.darker(130), 1.5 * s))
                p.drawLine(QPointF(glyph.left(), y), QPointF(glyph.right(), y))
                p.drawLine(QPointF(glyph.left(), y - 5 * s), QPointF(glyph.left(), y + 5 * s))
                p.drawLine(QPointF(glyph.right(), y - 5 * s), QPointF(glyph.right(), y + 5 * s))
            elif kind == "episode":
                p.fillRect(glyph, EPISODE_COLOUR)
                p.setPen(QPen(EPISODE_EDGE, 1))
                p.setBrush(Qt.BrushStyle.NoBrush)
                p.drawRect(glyph)
            elif kind == "scope":
                p.fillRect(glyph, SCOPE_COLOUR.darker(108))
            elif kind == "milestone":
                p.setPen(QPen(MILESTONE_COLOUR, 2 * s))
                p.drawLine(
                    QPointF(glyph.center().x(), glyph.top()),
                    QPointF(glyph.center().x(), glyph.bottom()),
                )
            elif kind == "gap":
                p.fillRect(glyph, QBrush(GAP_COLOUR, Qt.BrushStyle.BDiagPattern))
            else:
                for j, h in enumerate((0.4, 0.9, 0.6, 1.0, 0.3)):
                    bar_h = glyph.height() * h
                    p.fillRect(
                        QRectF(glyph.left() + j * 4 * s, glyph.bottom() - bar_h, 3 * s, bar_h),
                        QColor(85, 85, 95, 200),
                    )
            x = glyph.right() + 5 * s
            p.setPen(TEXT_COLOUR)
            p.drawText(QPointF(x, y + (metrics.ascent() - metrics.descent()) / 2), text)
            x += metrics.horizontalAdvance(text) + 14 * s


class TimelineView(QWidget):
    """Swimlane timeline of a review's chronology. See the module docstring."""

    eventClicked = Signal(int)
    selectionChanged = Signal(list)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        font_scale: float = 1.0,
        show_toolbar: bool = True,
    ) -> None:
        super().__init__(parent)
        self.font_scale = font_scale
        self.base_font = QFont(self.font())
        self.base_font.setPointSizeF(self.base_font.pointSizeF() * font_scale)
        self.timeline_layout: TimelineLayout | None = None
        self.lod_index: LodIndex | None = None
        self.highlight_index: LodIndex | None = None
        self.highlight_mask: np.ndarray | None = None
        self.selected_mask: np.ndarray | None = None
        self.selected_positions = np.empty(0, dtype=np.int64)
        self._selected_ids: list[int] = []
        self.current_mode = "items"
        """The level of detail drawn now: "items" or "density"."""

        self.view_box = _TimelineViewBox(self._key_pressed)
        self.date_axis = DateAxis(font_scale)
        self.lane_axis = LaneAxis(self, font_scale)
        self.band_axis = BandAxis(self, font_scale)
        self.plot_widget = pg.PlotWidget(
            viewBox=self.view_box,
            axisItems={"bottom": self.date_axis, "left": self.lane_axis, "top": self.band_axis},
        )
        self.plot_widget.setObjectName("timeline_plot")
        self.plot_widget.setBackground("w")
        plot_item = self.plot_widget.getPlotItem()
        plot_item.hideButtons()
        plot_item.showAxis("top")
        plot_item.setMenuEnabled(False)
        plot_item.layout.setContentsMargins(0, 4, 8, 0)
        self.view_box.disableAutoRange()
        self.item = TimelineItem(self)
        self.view_box.addItem(self.item)
        self.plot_widget.scene().sigMouseMoved.connect(self._mouse_moved)
        self.view_box.sigRangeChanged.connect(self._range_changed)

        self.fit_button = _named(QToolButton(), "fit_button", "Fit all")
        self.fit_button.setToolTip("Show the whole chronology (Home)")
        self.fit_button.clicked.connect(self.fit_all)
        self.zoom_in_button = _named(QToolButton(), "zoom_in_button", "+")
        self.zoom_in_button.setToolTip("Zoom in (+)")
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(0.5))
        self.zoom_out_button = _named(QToolButton(), "zoom_out_button", "\u2212")
        self.zoom_out_button.setToolTip("Zoom out (-)")
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(2.0))
        self.episode_combo = _named(QComboBox(), "episode_combo")
        self.episode_combo.setToolTip("Jump to a key practice episode")
        self.episode_combo.setMinimumContentsLength(22)
        self.episode_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.episode_combo.activated.connect(self._episode_chosen)
        self.highlight_label = _named(QLabel(), "highlight_label")
        self.highlight_label.setVisible(False)
        self.clear_highlight_button = _named(QToolButton(), "clear_highlight_button", "Clear")
        self.clear_highlight_button.setVisible(False)
        self.clear_highlight_button.clicked.connect(lambda: self.highlight(None))
        self.legend = TimelineLegend(self, font_scale)

        self.toolbar = _named(QWidget(), "timeline_toolbar")
        bar = QHBoxLayout(self.toolbar)
        bar.setContentsMargins(4, 2, 4, 2)
        for w in (
            self.fit_button,
            self.zoom_in_button,
            self.zoom_out_button,
            self.episode_combo,
            self.highlight_label,
            self.clear_highlight_button,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.legend)
        self.toolbar.setVisible(show_toolbar)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.toolbar)
        if not show_toolbar:
            outer.addWidget(self.legend)
        outer.addWidget(self.plot_widget, 1)

    # -- data ---------------------------------------------------------------------------

    def set_layout(self, layout: TimelineLayout, *, repack: bool = True) -> None:
        """Show ``layout``; keeps the selection and highlight ids that are still present.

        With ``repack``, a layout small enough to be drawn event by event when fitted is
        packed again so that markers do not overlap at that scale (events a few days
        apart then stack instead of touching).
        """
        if repack and 0 < len(layout) <= ITEM_LIMIT:
            width = self.view_box.width()
            if width < 200:
                width = max(self.width() - self.lane_axis.width() - 10, 800)
            per_day = width / max(layout.x_max - layout.x_min, 1.0)
            min_days = (MARKER_PX * self.font_scale + 3.0) / per_day
            if min_days > layout.min_width_days * 1.05:
                layout = layout.repacked(min_days)
        self.timeline_layout = layout
        self.lod_index = LodIndex.build(layout)
        self.item.prepareGeometryChange()
        self.lane_axis.fit_width([lane.title for lane in layout.lanes])
        span = max(layout.x_max - layout.x_min, 1.0)
        self.view_box.setLimits(
            xMin=layout.x_min - span * 0.5,
            xMax=layout.x_max + span * 0.5,
            yMin=-1.0,
            yMax=layout.height + 1.0,
            minXRange=2.0,
            maxXRange=span * 2.0,
            minYRange=min(3.0, layout.height),
            maxYRange=layout.height + 2.0,
        )
        self.episode_combo.clear()
        self.episode_combo.addItem("Jump to episode\u2026", "")
        for band in layout.bands:
            if band.kind == "episode":
                self.episode_combo.addItem(band.title, band.key or band.title)
        self.episode_combo.setVisible(self.episode_combo.count() > 1)
        self._apply_selection(self._selected_ids)
        hl = self.highlighted_ids()
        self._apply_highlight(hl)
        self.fit_all()
        self.current_mode = self.render_mode
        self.item.invalidate()

    # -- public slots -------------------------------------------------------------------

    def select_events(self, ids: Sequence[int], *, ensure_visible: bool = True) -> None:
        """Mark these events as selected (e.g. rows selected in the chronology table).

        Does not emit ``selectionChanged``. With ``ensure_visible``, pans to the first one
        when none of them is in view.
        """
        self._apply_selection(list(ids))
        layout = self.timeline_layout
        if ensure_visible and layout is not None and self.selected_positions.size:
            (xa, xb), _ = self.view_box.viewRange()
            pos = self.selected_positions
            in_view = (layout.x1[pos] > xa) & (layout.x0[pos] < xb)
            if not in_view.any():
                first = int(pos[np.argmin(layout.x0[pos])])
                centre = (layout.x0[first] + layout.x1[first]) / 2
                half = (xb - xa) / 2
                self.view_box.setXRange(centre - half, centre + half, padding=0)
        self.item.refresh()

    def highlight(self, ids: Sequence[int] | None, *, title: str | None = None) -> None:
        """Show these events at full strength and dim everything else; None clears."""
        self._apply_highlight(None if ids is None else list(ids))
        if ids is None:
            self.highlight_label.setVisible(False)
            self.clear_highlight_button.setVisible(False)
        else:
            n = len(self.highlighted_positions())
            what = f"{title}: " if title else "Highlighted: "
            self.highlight_label.setText(f"{what}{n} event{'s' if n != 1 else ''}")
            self.highlight_label.setVisible(True)
            self.clear_highlight_button.setVisible(True)
        self.item.refresh()

    def fit_all(self) -> None:
        layout = self.timeline_layout
        if layout is None:
            return
        self.view_box.setRange(
            xRange=(layout.x_min, layout.x_max), yRange=(0.0, layout.height), padding=0.01
        )

    def zoom_to(self, start: date, end: date, *, fit_lanes: bool = True) -> None:
        """Show the days from ``start`` to ``end`` inclusive (all lanes by default)."""
        if end < start:
            start, end = end, start
        x0, x1 = to_x(start), to_x(end) + 1.0
        if fit_lanes and self.timeline_layout is not None:
            self.view_box.setRange(
                xRange=(x0, x1), yRange=(0.0, self.timeline_layout.height), padding=0.0
            )
        else:
            self.view_box.setXRange(x0, x1, padding=0.0)

    def jump_to_band(self, key: str, *, margin: float = 0.15) -> None:
        """Zoom to the key practice episode ``key`` with some context either side.

        Raises KeyError if the layout has no such band.
        """
        layout = self.timeline_layout
        band = layout.episode_band(key) if layout is not None else None
        if band is None:
            raise KeyError(f"no key practice episode {key!r} on the timeline")
        pad = max((band.x1 - band.x0) * margin, 3.0)
        self.view_box.setRange(
            xRange=(band.x0 - pad, band.x1 + pad),
            yRange=(0.0, layout.height if layout else 1.0),
            padding=0.0,
        )

    def zoom_by(self, factor: float) -> None:
        """Scale the visible time span by ``factor`` (< 1 zooms in) around its centre."""
        self.view_box.scaleBy(x=factor, y=None)

    def pan_by(self, fraction: float) -> None:
        (xa, xb), _ = self.view_box.viewRange()
        self.view_box.translateBy(x=(xb - xa) * fraction)

    # -- queries ------------------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        return list(self._selected_ids)

    def highlighted_ids(self) -> list[int] | None:
        return None if self._highlight_ids is None else list(self._highlight_ids)

    def highlighted_positions(self) -> np.ndarray:
        if self.highlight_mask is None:
            return np.empty(0, dtype=np.int64)
        return np.flatnonzero(self.highlight_mask)

    def visible_window(self) -> tuple[date, date]:
        (xa, xb), _ = self.view_box.viewRange()
        return from_x(xa), from_x(xb - 1e-6)

    def visible_x_range(self) -> tuple[float, float]:
        (xa, xb), _ = self.view_box.viewRange()
        return float(xa), float(xb)

    def mode_for(self, xa: float, xb: float, lanes: Sequence[int] | None = None) -> str:
        """ "items" or "density" for this x range (the level of detail drawn)."""
        if self.lod_index is None:
            return "items"
        rng = range(self.lod_index.n_lanes) if lanes is None else lanes
        return choose_mode(self.lod_index.count_visible(xa, xb, rng, stop_above=ITEM_LIMIT))

    @property
    def render_mode(self) -> str:
        """The level of detail for the current view: "items" or "density"."""
        layout = self.timeline_layout
        if layout is None:
            return "items"
        (xa, xb), (ya, yb) = self.view_box.viewRange()
        lanes = [lane.index for lane in layout.lanes if lane.y1 > ya and lane.y0 < yb]
        return self.mode_for(xa, xb, lanes)

    def event_at(self, x: float, y: float) -> int | None:
        """Layout position of the event drawn at view coordinates (x, y), or None."""
        layout = self.timeline_layout
        if layout is None or self.lod_index is None or self.render_mode == "density":
            return None
        (xa, xb), _ = self.view_box.viewRange()
        width = max(self.view_box.width(), 1.0)
        px_per_day = width / max(xb - xa, 1e-9)
        row_px = self.view_box.height() / max(
            abs(self.view_box.viewRange()[1][1] - self.view_box.viewRange()[1][0]), 1e-9
        )
        marker_px = float(np.clip(row_px * 0.72, 3.0, 11.0 * self.font_scale))
        tolerance = max(marker_px / 2 + 2, 3.0) / px_per_day
        return hit_test(self.lod_index, x, y, tolerance)

    def tooltip_for(self, position: int) -> str:
        """Rich text describing the event at layout ``position``."""
        layout = self.timeline_layout
        assert layout is not None
        event = layout.events[position]
        lane = layout.lanes[int(layout.lane[position])]
        agency = event.agency or lane.title
        lines = event.label.strip().splitlines()
        first = lines[0] if lines else ""
        if len(first) > 160:
            first = first[:159] + "\u2026"
        kind = "" if not layout.is_span[position] else f" <i>(uncertain: {event.precision})</i>"
        parts = [f"<b>{html.escape(event.date_text)}</b>{kind}", html.escape(agency)]
        if event.subjects:
            parts.append(f"Subjects: {html.escape(event.subjects)}")
        if first:
            parts.append(html.escape(first))
        return "<br>".join(parts)

    def density_tooltip(self, x: float, y: float) -> str | None:
        layout = self.timeline_layout
        if layout is None or self.lod_index is None:
            return None
        lane = layout.lane_at(y)
        if lane is None:
            return None
        (xa, xb), _ = self.view_box.viewRange()
        bin_days = (xb - xa) / max(self.view_box.width() / 2, 1.0)
        a, b = x - bin_days * 4, x + bin_days * 4
        n = int(self.lod_index.visible(lane, a, b).size)
        title = html.escape(layout.lanes[lane].title)
        return (
            f"<b>{title}</b><br>{n:,} event{'s' if n != 1 else ''}, "
            f"{format_period(a, b)}<br><i>Zoom in to see them</i>"
        )

    # -- internals ----------------------------------------------------------------------

    _highlight_ids: list[int] | None = None

    def _apply_selection(self, ids: list[int]) -> None:
        self._selected_ids = sorted(set(ids))
        layout = self.timeline_layout
        if layout is None:
            self.selected_positions = np.empty(0, dtype=np.int64)
            self.selected_mask = None
            return
        self.selected_positions = layout.indices_of(self._selected_ids)
        mask = np.zeros(len(layout), dtype=bool)
        mask[self.selected_positions] = True
        self.selected_mask = mask

    def _apply_highlight(self, ids: list[int] | None) -> None:
        self._highlight_ids = None if ids is None else sorted(set(ids))
        layout = self.timeline_layout
        if layout is None or self._highlight_ids is None:
            self.highlight_mask = None
            self.highlight_index = None
            return
        positions = layout.indices_of(self._highlight_ids)
        mask = np.zeros(len(layout), dtype=bool)
        mask[positions] = True
        self.highlight_mask = mask
        self.highlight_index = LodIndex.build(layout, positions)

    def _clicked_at(self, x: float, y: float, toggle: bool) -> None:
        position = self.event_at(x, y)
        layout = self.timeline_layout
        if position is None or layout is None:
            if not toggle and self._selected_ids:
                self._apply_selection([])
                self.item.refresh()
                self.selectionChanged.emit([])
            return
        event_id = int(layout.ids[position])
        ids = set(self._selected_ids) ^ {event_id} if toggle else {event_id}
        self._apply_selection(list(ids))
        self.item.refresh()
        self.eventClicked.emit(event_id)
        self.selectionChanged.emit(list(self._selected_ids))

    def _mouse_moved(self, scene_pos: QPointF) -> None:
        if self.timeline_layout is None:
            return
        if not self.view_box.sceneBoundingRect().contains(scene_pos):
            QToolTip.hideText()
            return
        pos = self.view_box.mapSceneToView(scene_pos)
        if self.render_mode == "density":
            text = self.density_tooltip(pos.x(), pos.y())
        else:
            position = self.event_at(pos.x(), pos.y())
            text = None if position is None else self.tooltip_for(position)
        if text:
            QToolTip.showText(QCursor.pos(), text, self.plot_widget)
        else:
            QToolTip.hideText()

    def _range_changed(self, *_args: object) -> None:
        mode = self.render_mode
        if mode != self.current_mode:
            # Parts rendered at the other level of detail must not be reused.
            self.current_mode = mode
            self.item.invalidate()

    def _episode_chosen(self, row: int) -> None:
        key = self.episode_combo.itemData(row)
        if key:
            self.jump_to_band(str(key))

    def _key_pressed(self, ev: QKeyEvent) -> bool:
        key = ev.key()
        if key in (Qt.Key.Key_Home, Qt.Key.Key_F):
            self.fit_all()
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(0.5)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(2.0)
        elif key == Qt.Key.Key_Left:
            self.pan_by(-0.2)
        elif key == Qt.Key.Key_Right:
            self.pan_by(0.2)
        else:
            return False
        return True

    def keyPressEvent(self, ev: QKeyEvent) -> None:
        if not self._key_pressed(ev):
            super().keyPressEvent(ev)
