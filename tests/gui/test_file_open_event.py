"""A review double-clicked in the macOS Finder arrives as a FileOpen event."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from workbench.gui.app import FileOpenFilter


def test_file_open_event_opens_the_review(qtbot, window, demo_copy: Path) -> None:
    app = QApplication.instance()
    filt = FileOpenFilter(window)
    app.installEventFilter(filt)
    try:
        QApplication.sendEvent(app, QFileOpenEvent(str(demo_copy)))
        qtbot.waitUntil(lambda: window.ctx is not None, timeout=10_000)
        assert window.ctx.store.path == demo_copy
    finally:
        app.removeEventFilter(filt)
