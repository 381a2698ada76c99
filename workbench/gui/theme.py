"""Light and dark themes: the Fusion style, a palette, and one style sheet.

``apply_theme(app, "system")`` follows the desktop's colour scheme and changes with it;
"light" and "dark" force one. The style sheet (``workbench.qss``, compiled from
``ui/workbench.qss``) refers to palette roles only, so it serves both themes.
"""

from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from workbench.gui import icons

STYLE_SHEET = Path(__file__).with_name("workbench.qss")

_LIGHT = {
    "Window": "#f3f4f6",
    "WindowText": "#1f2328",
    "Base": "#ffffff",
    "AlternateBase": "#f6f8fa",
    "ToolTipBase": "#ffffff",
    "ToolTipText": "#1f2328",
    "PlaceholderText": "#6b7280",
    "Text": "#1f2328",
    "Button": "#f6f7f9",
    "ButtonText": "#1f2328",
    "BrightText": "#b3261e",
    "Light": "#ffffff",
    "Midlight": "#e5e7eb",
    "Mid": "#c4c8cf",
    "Dark": "#9aa0a6",
    "Shadow": "#6b7280",
    "Highlight": "#cfe0fc",
    "HighlightedText": "#0b1f3a",
    "Link": "#0b57d0",
    "LinkVisited": "#6a1b9a",
    "Accent": "#0b57d0",
}
_DARK = {
    "Window": "#202226",
    "WindowText": "#e6e7e9",
    "Base": "#16171a",
    "AlternateBase": "#1c1e21",
    "ToolTipBase": "#2b2e33",
    "ToolTipText": "#e6e7e9",
    "PlaceholderText": "#9aa0a6",
    "Text": "#e6e7e9",
    "Button": "#2b2e33",
    "ButtonText": "#e6e7e9",
    "BrightText": "#ff8a80",
    "Light": "#3a3d43",
    "Midlight": "#32353a",
    "Mid": "#4a4e55",
    "Dark": "#101113",
    "Shadow": "#000000",
    "Highlight": "#2c4a7c",
    "HighlightedText": "#ffffff",
    "Link": "#8ab4f8",
    "LinkVisited": "#c58af9",
    "Accent": "#8ab4f8",
}


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def palette_for(dark: bool) -> QPalette:
    palette = QPalette()
    for role_name, value in (_DARK if dark else _LIGHT).items():
        role = getattr(QPalette.ColorRole, role_name)
        palette.setColor(role, QColor(value))
    disabled = QColor(_DARK["PlaceholderText"] if dark else "#9aa0a6")
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    # A selection keeps its colour when the table loses focus (the details dock has it).
    for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
        palette.setColor(
            QPalette.ColorGroup.Inactive, role, palette.color(QPalette.ColorGroup.Active, role)
        )
    return palette


class ThemeManager(QObject):
    """Keeps the application's look in line with the preference and the system."""

    #: The effective theme changed; the argument is True for dark.
    changed = Signal(bool)

    def __init__(self, app: QApplication, mode: str = "system") -> None:
        super().__init__(app)
        self.app = app
        self.mode = mode
        self.dark = False
        global _current
        _current = self
        app.setStyle("Fusion")
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)
        self.apply(mode)

    def apply(self, mode: str) -> None:
        self.mode = mode if mode in ("system", "light", "dark") else "system"
        dark = system_is_dark() if self.mode == "system" else self.mode == "dark"
        self.dark = dark
        self.app.setPalette(palette_for(dark))
        try:
            sheet = STYLE_SHEET.read_text(encoding="utf-8")
        except OSError:
            sheet = ""
        self.app.setStyleSheet(sheet)
        icons.clear_cache()
        self.changed.emit(dark)

    def _system_changed(self, _scheme: Qt.ColorScheme) -> None:
        if self.mode == "system":
            self.apply("system")


_current: ThemeManager | None = None


def current() -> ThemeManager | None:
    """The application's theme manager (None before :func:`create_application`)."""
    if _current is not None and shiboken6.isValid(_current):
        return _current
    return None


def is_dark() -> bool:
    manager = current()
    return bool(manager is not None and manager.dark)
