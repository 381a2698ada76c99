"""The open review as the GUI sees it: the store, the undo stack and shared selection.

Every workspace (chronology, timeline, analysis, report) receives the same
:class:`ReviewContext`. Views never talk to each other directly: they push commands
through :meth:`ReviewContext.push`, listen to :attr:`changed` to refresh, and share the
selected events through :meth:`select_events` / :attr:`eventsSelected`. Long work runs
on :attr:`runner` (see :mod:`workbench.gui.workers`), which is stopped before the file is
closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from workbench.core.commands import Command
from workbench.core.store import ReviewStore
from workbench.gui.undo import CoreUndoCommand
from workbench.gui.workers import TaskRunner


class ReviewContext(QObject):
    #: Emitted after every committed change (the argument says what kind, e.g. "data").
    changed = Signal(str)
    #: The selected events changed: (event ids, the object that changed them).
    eventsSelected = Signal(list, object)
    #: A view asks the chronology to show only these events (e.g. a finding's evidence):
    #: (description, event ids).
    filterRequested = Signal(str, list)
    #: A view asks to show an item of the analysis: (kind, id), e.g. ("finding", 3).
    itemRequested = Signal(str, int)
    #: An undo or redo could not be carried out (a message for the user).
    errorOccurred = Signal(str)

    def __init__(self, store: ReviewStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.runner = TaskRunner(self)
        self.selected_event_ids: list[int] = []
        store.add_listener(self._on_store_changed)

    @property
    def read_only(self) -> bool:
        return bool(self.store.read_only)

    def _on_store_changed(self, kind: str) -> None:
        self.changed.emit(kind)

    def _on_command_error(self, exc: Exception) -> None:
        self.errorOccurred.emit(str(exc))

    def push(self, command: Command) -> bool:
        """Run ``command`` as one undoable step. Errors are raised to the caller."""
        wrapper = CoreUndoCommand(self.store, command, self._on_command_error)
        self.undo_stack.push(wrapper)
        if wrapper.error is not None:
            raise wrapper.error
        return True

    def select_events(self, ids: Sequence[int], source: Any = None) -> None:
        ids = list(ids)
        if ids == self.selected_event_ids:
            return
        self.selected_event_ids = ids
        self.eventsSelected.emit(ids, source)

    def detach(self) -> None:
        """Stop the review's background work and forget its history (GUI thread)."""
        self.runner.shutdown()
        self.store.remove_listener(self._on_store_changed)
        self.undo_stack.clear()

    def close(self, snapshot_keep: int = 0) -> Path | None:
        """Close the review; with ``snapshot_keep`` > 0, take a rolling snapshot first
        when it changed (keeping that many). Returns the snapshot taken, if any."""
        self.detach()
        return close_store(self.store, snapshot_keep)


def close_store(store: ReviewStore, snapshot_keep: int = 0) -> Path | None:
    """Close ``store`` (on any thread), with an "on-close" snapshot when asked."""
    if snapshot_keep > 0 and not store.read_only:
        from workbench.core.backups import close_with_snapshot

        return close_with_snapshot(store, keep=snapshot_keep)
    store.close()
    return None
