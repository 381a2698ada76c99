"""Presentation mode for panel meetings: the timeline full screen, one episode at a time.

``PresentationWindow`` shows an overview of the whole chronology, then steps through the
key practice episodes: the timeline zooms to each episode (with some context either side),
its evidence is highlighted, and its title and summary are shown in large type.

Keys: Right, Space, Page Down or Down for the next step; Left, Backspace, Page Up or Up
for the previous one; Home and End for the first and last; F toggles full screen; Esc
closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench.gui.timeline_view import TimelineView
from workbench.timeline.layout import Episode, TimelineLayout
from workbench.timeline.ticks import format_day

NEXT_KEYS = {
    Qt.Key.Key_Right,
    Qt.Key.Key_Space,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Down,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
}
PREVIOUS_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Backspace, Qt.Key.Key_PageUp, Qt.Key.Key_Up}

HINT = "\u2192 / Space: next    \u2190: previous    F: full screen    Esc: close"
STYLE = """
QWidget#presentation { background: #ffffff; }
QLabel { color: #111111; }
QLabel#counter_label, QLabel#hint_label { color: #555555; }
QFrame#summary_frame { background: #f4f4f6; border-top: 3px solid #d69614; }
"""


def _as_episode(item: Episode | Sequence[Any]) -> Episode:
    if isinstance(item, Episode):
        return item
    title, summary, start, end, *rest = item
    return Episode(str(title), str(summary), start, end, *rest)


_W = TypeVar("_W", bound=QWidget)


def _named(widget: _W, name: str) -> _W:
    widget.setObjectName(name)
    return widget


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


class PresentationWindow(QWidget):
    """The timeline and the key practice episodes, large, keyboard driven.

    ``episodes`` are ``Episode`` objects or (title, summary, start, end) tuples, shown in
    the order given after an overview step.
    """

    def __init__(
        self,
        layout: TimelineLayout,
        episodes: Sequence[Episode | Sequence[Any]],
        parent: QWidget | None = None,
        *,
        fullscreen: bool = True,
        font_scale: float = 1.7,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("presentation")
        self.setWindowTitle("Presentation: key practice episodes")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self._fullscreen = fullscreen
        self._shown_once = False
        self._layout = layout
        self.episodes = [_as_episode(e) for e in episodes]
        self._step = 0

        self.counter_label = _named(QLabel(), "counter_label")
        self.counter_label.setFont(_font(16))
        self.title_label = _named(QLabel(), "title_label")
        self.title_label.setFont(_font(30, bold=True))
        self.title_label.setWordWrap(True)
        self.timeline = TimelineView(font_scale=font_scale, show_toolbar=False)
        self.timeline.set_layout(layout)
        self.summary_label = _named(QLabel(), "summary_label")
        self.summary_label.setFont(_font(22))
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label = _named(QLabel(HINT), "hint_label")
        self.hint_label.setFont(_font(13))

        header = QHBoxLayout()
        header.addWidget(self.title_label, 1)
        header.addWidget(self.counter_label, 0, Qt.AlignmentFlag.AlignTop)
        summary_frame = _named(QFrame(), "summary_frame")
        summary_box = QVBoxLayout(summary_frame)
        summary_box.setContentsMargins(24, 14, 24, 14)
        summary_box.addWidget(self.summary_label)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 20, 28, 12)
        outer.setSpacing(12)
        outer.addLayout(header)
        outer.addWidget(self.timeline, 1)
        outer.addWidget(summary_frame)
        outer.addWidget(self.hint_label, 0, Qt.AlignmentFlag.AlignRight)

        # Keys belong to the window, not to the plot inside it.
        for child in self.findChildren(QWidget):
            child.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.show_step(0)

    # -- steps ---------------------------------------------------------------------------

    @property
    def step(self) -> int:
        """0 is the overview; 1..n are the episodes."""
        return self._step

    @property
    def step_count(self) -> int:
        return len(self.episodes) + 1

    def show_step(self, step: int) -> None:
        step = max(0, min(step, self.step_count - 1))
        self._step = step
        total = len(self.episodes)
        if step == 0:
            layout = self._layout
            self.title_label.setText(
                f"Overview: {format_day(layout.start)} to {format_day(layout.end)}"
            )
            agencies = sum(1 for lane in layout.lanes if lane.count)
            self.summary_label.setText(
                f"{len(layout)} events from {agencies} agencies. "
                + (
                    f"{total} key practice episode{'s' if total != 1 else ''} follow."
                    if total
                    else "No key practice episodes have been identified yet."
                )
            )
            self.counter_label.setText(f"Overview \u00b7 {total} episodes")
            self.timeline.highlight(None)
            if self.timeline.timeline_layout is not None and (
                self.timeline.timeline_layout.window is not None
            ):
                self.timeline.set_layout(self._layout)
            self.timeline.fit_all()
            return
        episode = self.episodes[step - 1]
        self.title_label.setText(f"Episode {step}: {episode.title}")
        self.summary_label.setText(episode.summary or "(No summary written yet.)")
        self.counter_label.setText(f"{step} / {total}")
        start, end = self._with_context(episode.start, episode.end)
        # Only this period and the lanes with events in it: fewer, taller rows that leave
        # room for the events' labels on a projector.
        period = self._layout.restricted(window=(start, end))
        busy = [lane.key for lane in period.lanes if lane.count]
        if busy and len(busy) < len(period.lanes):
            period = period.restricted(lane_keys=busy)
        self.timeline.set_layout(period)
        self.timeline.zoom_to(start, end)
        self.timeline.highlight(
            list(episode.event_ids) if episode.event_ids else None, title=episode.title
        )

    @staticmethod
    def _with_context(start: date, end: date) -> tuple[date, date]:
        days = (end - start).days + 1
        pad = timedelta(days=max(3, round(days * 0.15)))
        return start - pad, end + pad

    def next_step(self) -> None:
        self.show_step(self._step + 1)

    def previous_step(self) -> None:
        self.show_step(self._step - 1)

    # -- window --------------------------------------------------------------------------

    def present(self) -> None:
        """Show the window (full screen unless constructed with ``fullscreen=False``)."""
        if self._fullscreen:
            screen = self.screen()
            if screen is not None:  # also right without a window manager
                self.setGeometry(screen.geometry())
            self.showFullScreen()
        else:
            self.show()
        self.activateWindow()
        self.setFocus()

    def showEvent(self, event: QShowEvent) -> None:
        # Plain show() also opens full screen (once: F switches back and forth later).
        if self._fullscreen and not self._shown_once:
            self._shown_once = True
            screen = self.screen()
            if screen is not None:
                self.setGeometry(screen.geometry())
            self.setWindowState(self.windowState() | Qt.WindowState.WindowFullScreen)
            self.activateWindow()
            self.setFocus()
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in NEXT_KEYS:
            self.next_step()
        elif key in PREVIOUS_KEYS:
            self.previous_step()
        elif key == Qt.Key.Key_Home:
            self.show_step(0)
        elif key == Qt.Key.Key_End:
            self.show_step(self.step_count - 1)
        elif key == Qt.Key.Key_F:
            if self.isFullScreen():
                self.showNormal()
            else:
                self.showFullScreen()
        elif key == Qt.Key.Key_Escape:
            self.close()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timeline.highlight(None)
        super().closeEvent(event)
