"""The timeline workspace: the swimlane :class:`TimelineView` kept in step with the review.

The layout is read and packed on a worker thread (``load_timeline`` + ``build_layout``)
when the tab is first shown and again after changes (only while it is visible; otherwise
when it is next shown). Selection is shared with the chronology through the context, and
the chronology's active filter is highlighted on the timeline.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget
from sqlalchemy import select

from workbench.core.model import Review
from workbench.gui.context import ReviewContext
from workbench.gui.workers import Task


class TimelineHost(QWidget):
    def __init__(self, ctx: ReviewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from workbench.gui.timeline_view import TimelineView

        self.setObjectName("timeline_workspace")
        self.ctx = ctx
        self.view = TimelineView(self)
        self.view.setAccessibleName("Timeline")
        self.layout_data: Any = None
        self.episodes: list[Any] = []
        self.message = QLabel("Laying out the timeline…", self)
        self.message.setObjectName("empty_state")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.message)
        self._stack.addWidget(self.view)
        self.setFocusProxy(self.view)
        self._dirty = True
        self._generation = 0
        self._shown_scope = False
        self._highlight: tuple[list[int] | None, str] = (None, "")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self.reload)
        self.view.eventClicked.connect(self._clicked)
        self.view.selectionChanged.connect(self._selected_here)
        ctx.eventsSelected.connect(self._selected_elsewhere)
        ctx.changed.connect(self._changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._timer.start(0)

    def _changed(self, _kind: str) -> None:
        self._dirty = True
        if self.isVisible():
            self._timer.start()

    def reload(self) -> None:
        self._dirty = False
        self._generation += 1
        generation = self._generation
        store = self.ctx.store

        def work(task: Task) -> tuple[int, Any, list[Any], Any]:
            from workbench.timeline.layout import build_layout
            from workbench.timeline.source import load_episodes, load_timeline

            with store.session() as s:
                events, lanes, bands, milestones = load_timeline(s, lanes="agency")
                episodes = load_episodes(s)
                review = s.scalars(select(Review).limit(1)).first()
                threshold = review.gap_threshold_days if review is not None else 90
            task.check()
            layout = build_layout(
                events, lanes, bands, milestones, gap_threshold_days=float(threshold)
            )
            scope = next(((b.start, b.end) for b in bands if b.kind == "scope"), None)
            return generation, layout, episodes, scope

        task = self.ctx.runner.start(work, "Laying out the timeline", visible=False)
        task.succeeded.connect(self._loaded)
        task.failed.connect(self._failed)

    def _loaded(self, result: tuple[int, Any, list[Any], Any]) -> None:
        generation, layout, episodes, scope = result
        if generation != self._generation:
            return
        self.layout_data, self.episodes = layout, episodes
        if len(layout) == 0:
            self.message.setText("No event has a known date yet, so the timeline is empty.")
            self._stack.setCurrentWidget(self.message)
            return
        self.view.set_layout(layout)
        if scope is not None and not self._shown_scope:
            # The first view is the review's scope period (a month either side), where the
            # panel's questions are; "Fit all" shows the history before it.
            self._shown_scope = True
            self.view.zoom_to(scope[0] - timedelta(days=31), scope[1] + timedelta(days=31))
        self.view.select_events(self.ctx.selected_event_ids, ensure_visible=False)
        ids, title = self._highlight
        if ids is not None:
            self.view.highlight(ids, title=title)
        self._stack.setCurrentWidget(self.view)

    def _failed(self, exc: object) -> None:
        self.message.setText(f"The timeline could not be laid out: {exc}")
        self._stack.setCurrentWidget(self.message)

    def _clicked(self, event_id: int) -> None:
        self.ctx.select_events([event_id], self.view)

    def _selected_here(self, ids: list[int]) -> None:
        self.ctx.select_events(ids, self.view)

    def _selected_elsewhere(self, ids: list[int], source: object) -> None:
        if source is not self.view and self.layout_data is not None:
            self.view.select_events(ids, ensure_visible=self.isVisible())

    def highlight(self, ids: Sequence[int] | None, title: str = "") -> None:
        """Highlight the events the chronology's filter shows (None: no filter)."""
        self._highlight = (None if ids is None else list(ids), title)
        if self.layout_data is not None:
            self.view.highlight(self._highlight[0], title=title or None)
