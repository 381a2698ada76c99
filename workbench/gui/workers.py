"""Long work off the GUI thread: a task with progress, cancel and one result.

``runner.start(fn, label)`` runs ``fn(task)`` on a worker thread and returns the
:class:`Task`; ``fn`` reports with ``task.report(percent, message)`` (percent -1 when
unknown), calls ``task.check()`` between steps (it raises :class:`Cancelled` once the user
cancelled), and returns its result. The task's signals arrive on the GUI thread:
``succeeded(result)``, ``failed(exception)``, ``cancelled()``, then ``finished()``.

Every review has its own :class:`TaskRunner`; closing the review cancels its tasks and
waits for them, so no worker still reads a file that is being closed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class Cancelled(Exception):
    """Raised inside a task when the user cancelled it."""


class Task(QObject):
    """One piece of work. Its public signals are emitted on the GUI thread, so plain
    functions and lambdas connected to them run there too."""

    progress = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    finished = Signal()
    # Emitted by the worker thread; queued to the slots below, which live in the GUI thread.
    _worker_progress = Signal(int, str)
    _worker_done = Signal(str, object)

    def __init__(self, label: str, *, visible: bool = True, parent: QObject | None = None):
        super().__init__(parent)
        self.label = label
        #: Shown in the status bar with a progress bar and a cancel button.
        self.visible = visible
        self._cancel = threading.Event()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self._worker_progress.connect(self._on_progress)
        self._worker_done.connect(self._on_done)

    def _on_progress(self, percent: int, message: str) -> None:
        self.progress.emit(percent, message)

    def _on_done(self, outcome: str, payload: object) -> None:
        self.done = True
        if outcome == "ok":
            self.succeeded.emit(payload)
        elif outcome == "cancelled":
            self.cancelled.emit()
        else:
            self.failed.emit(payload)
        self.finished.emit()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def report(self, percent: int, message: str = "") -> None:
        self.check()
        self._worker_progress.emit(int(percent), message)


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[[Task], Any]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self.task = task
        self.fn = fn

    def run(self) -> None:
        task = self.task
        try:
            result = self.fn(task)
        except Cancelled:
            task._worker_done.emit("cancelled", None)
        except BaseException as exc:  # reported to the GUI thread, never lost
            log.debug("task %s failed", task.label, exc_info=True)
            task.error = exc
            task._worker_done.emit("failed", exc)
        else:
            task.result = result
            task._worker_done.emit("cancelled" if task.is_cancelled else "ok", result)


class TaskRunner(QObject):
    """Runs tasks on its own small thread pool."""

    #: A visible task started (the window shows progress for it).
    started = Signal(object)

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self.tasks: list[Task] = []

    def start(self, fn: Callable[[Task], Any], label: str, *, visible: bool = True) -> Task:
        task = Task(label, visible=visible, parent=self)
        self.tasks.append(task)
        task.finished.connect(self._forget_sender)
        self.pool.start(_Runnable(task, fn))
        if visible:
            self.started.emit(task)
        return task

    def _forget_sender(self) -> None:
        task = self.sender()
        if isinstance(task, Task):
            if task in self.tasks:
                self.tasks.remove(task)
            task.deleteLater()

    def busy(self) -> bool:
        return bool(self.tasks)

    def cancel_all(self) -> None:
        for task in list(self.tasks):
            task.cancel()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel every task and wait for the threads (True when all stopped)."""
        self.cancel_all()
        return bool(self.pool.waitForDone(timeout_ms))
