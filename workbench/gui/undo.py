"""Qt's undo stack over the core commands: Qt only records, the core does the work."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from workbench.core.commands import Command, apply
from workbench.core.store import ReviewStore


class CoreUndoCommand(QUndoCommand):
    """A ``QUndoCommand`` that runs a core :class:`Command` against the review.

    ``QUndoStack.push`` calls :meth:`redo` at once: the first call is the command's
    ``do``, later ones its ``redo``. An error in ``do`` propagates to the caller of
    ``push`` and marks the command obsolete, so it never sits on the stack.
    """

    def __init__(self, store: ReviewStore, command: Command) -> None:
        super().__init__(command.label)
        self.store = store
        self.command = command
        self._done_once = False
        self.error: Exception | None = None

    def redo(self) -> None:
        phase = "redo" if self._done_once else "do"
        try:
            apply(self.store, self.command, phase)
        except Exception as exc:  # reported by ReviewContext.push
            self.error = exc
            self.setObsolete(True)
            return
        self._done_once = True

    def undo(self) -> None:
        apply(self.store, self.command, "undo")
