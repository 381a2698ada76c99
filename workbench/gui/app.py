"""Starting the application: ``workbench`` / ``workbench-gui`` [FILE] [--demo].

:func:`create_application` sets up the QApplication once (names for the settings, the
theme, high-DPI rounding, an error hook that shows a message instead of a traceback);
:func:`run` shows the main window and opens the review asked for. Heavy modules (the
exporters, pyqtgraph, the importers) are imported only when first used, so the window is
up quickly.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFileOpenEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from workbench import APP_NAME, __version__
from workbench.gui.settings import APPLICATION, ORGANISATION, Settings

log = logging.getLogger("workbench")


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once), themed and named for QSettings."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("case-review-workbench")
    from workbench.gui import icons
    from workbench.gui.theme import ThemeManager

    ThemeManager(app, Settings().theme)
    app.setWindowIcon(icons.icon("app"))
    sys.excepthook = _excepthook
    return app


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """An error nobody caught: logged in full, shown to the user as one sentence."""
    if issubclass(kind, KeyboardInterrupt):
        QApplication.quit()
        return
    log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
    app = QApplication.instance()
    if app is None:
        return
    from workbench.gui.dialogs import error_text

    headline, detail = error_text(exc)
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    box.setText(f"<b>{headline}</b>")
    box.setInformativeText(
        f"{detail}\n\nYour review is saved after every change, so nothing already done is "
        "lost. If this keeps happening, please report it with what you were doing."
    )
    box.exec()


class FileOpenFilter(QObject):
    """Opens a review double-clicked in the macOS Finder (it arrives as a FileOpen event,
    not on the command line)."""

    def __init__(self, window: QObject) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = event.file()
            if path:
                QTimer.singleShot(0, self.window, lambda: self.window.open_review(path))  # type: ignore[attr-defined]
                return True
        return super().eventFilter(watched, event)


def run(file: str | None = None, demo: bool = False) -> int:
    """Show the main window (with ``file`` or the demo review open); the exit status."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app = create_application()
    from workbench.gui.main_window import MainWindow

    window = MainWindow()
    app.installEventFilter(FileOpenFilter(window))
    if window.settings.window_value("geometry") is None:
        screen = window.screen().availableGeometry()
        window.resize(screen.width() * 9 // 10, screen.height() * 9 // 10)
        window.showMaximized()
    else:
        window.show()
    if demo:
        QTimer.singleShot(0, window.open_demo)
    elif file:
        QTimer.singleShot(0, lambda: window.open_review(file))
    return int(app.exec())


def main(argv: Sequence[str] | None = None) -> int:
    """``workbench-gui [FILE] [--demo]``."""
    parser = argparse.ArgumentParser(prog="workbench-gui", description=f"Open {APP_NAME}.")
    parser.add_argument("file", nargs="?", help="a review file (.cwr) to open")
    parser.add_argument("--demo", action="store_true", help="open the Case Z demo review")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    ns = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    return run(file=ns.file, demo=ns.demo)


if __name__ == "__main__":
    raise SystemExit(main())
