"""Qt's undo stack over the core commands: Qt only records, the core does the work."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from workbench.core.commands import Command, apply
from workbench.core.store import ReviewStore

log = logging.getLogger(__name__)


class CoreUndoCommand(QUndoCommand):
    """A ``QUndoCommand`` that runs a core :class:`Command` against the review.

    ``QUndoStack.push`` calls :meth:`redo` at once: the first call is the command's
    ``do``, later ones its ``redo``. An error in ``do`` propagates to the caller of
    ``push`` and marks the command obsolete, so it never sits on the stack. An error in a
    later undo or redo (the file became read-only, a disk error) is passed to
    ``on_error`` instead of escaping into Qt.
    """

    def __init__(
        self,
        store: ReviewStore,
        command: Command,
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        super().__init__(command.label)
        self.store = store
        self.command = command
        self.on_error = on_error
        self._done_once = False
        self.error: Exception | None = None

    def redo(self) -> None:
        phase = "redo" if self._done_once else "do"
        try:
            apply(self.store, self.command, phase)
        except Exception as exc:
            if not self._done_once:  # reported by ReviewContext.push
                self.error = exc
                self.setObsolete(True)
                return
            self._report(exc)
            return
        self._done_once = True

    def undo(self) -> None:
        try:
            apply(self.store, self.command, "undo")
        except Exception as exc:
            self._report(exc)

    def _report(self, exc: Exception) -> None:
        log.warning("%s failed: %s", self.command.label, exc)
        if self.on_error is not None:
            self.on_error(exc)
