"""Fixtures for the workspace GUI: a review context over a copy of the demo, a main window
with its own settings file, and a helper that answers modal dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from workbench.core.store import ReviewStore
from workbench.gui.chronology_model import ChronologyModel
from workbench.gui.context import ReviewContext
from workbench.gui.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    s.backups_to_keep = 0
    return s


@pytest.fixture
def ctx(qtbot, demo_copy: Path) -> Iterator[ReviewContext]:
    context = ReviewContext(ReviewStore.open(demo_copy))
    yield context
    context.close()


def _wait_loaded(qtbot, model: ChronologyModel, timeout: int = 10_000) -> None:
    """Until the model has applied the newest load."""
    qtbot.waitUntil(lambda: model.ever_loaded and not model.loading, timeout=timeout)


@pytest.fixture
def wait_loaded(qtbot) -> Callable[[ChronologyModel], None]:
    return lambda model, timeout=10_000: _wait_loaded(qtbot, model, timeout)


@pytest.fixture
def window(qtbot, settings: Settings) -> Iterator:
    from workbench.gui.main_window import MainWindow

    win = MainWindow(settings, restore_layout=False)
    qtbot.addWidget(win)
    win.resize(1400, 900)
    win.show()
    yield win
    win.close_review(snapshot=False)
    win.runner.shutdown(10_000)


class DialogAnswerer:
    """Answers the next modal dialogs with ``handlers`` (one each, in order) and records
    what each one said."""

    def __init__(self, handlers: list[Callable[[QWidget], None]]) -> None:
        self.handlers = list(handlers)
        self.seen: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if widget is None or not self.handlers:
            return
        texts = [widget.windowTitle()]
        for attr in ("text", "informativeText"):
            fn = getattr(widget, attr, None)
            if callable(fn):
                texts.append(str(fn()))
        self.seen.append(" | ".join(texts))
        handler = self.handlers.pop(0)
        handler(widget)
        if not self.handlers:
            self.timer.stop()

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def answer_dialogs() -> Iterator[Callable[..., DialogAnswerer]]:
    made: list[DialogAnswerer] = []

    def start(*handlers: Callable[[QWidget], None]) -> DialogAnswerer:
        answerer = DialogAnswerer(list(handlers))
        made.append(answerer)
        return answerer

    yield start
    for answerer in made:
        answerer.stop()
