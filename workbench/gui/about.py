"""The About dialog: the version, the application's licence, and the licences of
everything the application ships with (the libraries and the fonts).

The libraries' versions and licences are read from the installed package metadata (also
inside a frozen bundle, which carries the metadata); a library whose metadata is missing
shows the licence it is known to be under. The font licences are the ``LICENSE*`` files
in ``resources/fonts/``, shown as they are.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QGuiApplication, QIcon, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME, __version__

APP_LICENCE = "GPL-3.0-or-later"
APP_LICENCE_TEXT = (
    f"{APP_NAME} is free software: you can redistribute it and/or modify it under the "
    "terms of the GNU General Public License as published by the Free Software "
    "Foundation, either version 3 of the License, or (at your option) any later "
    "version.\n\n"
    "It is distributed in the hope that it will be useful, but WITHOUT ANY WARRANTY; "
    "without even the implied warranty of MERCHANTABILITY or FITNESS FOR A PARTICULAR "
    "PURPOSE. See the GNU General Public License for more details: "
    "https://www.gnu.org/licenses/gpl-3.0.html\n\n"
    "The application is built with Qt for Python (PySide6) and Qt, used under the GNU "
    "Lesser General Public License, version 3: the Qt libraries are separate files in "
    "the installed program and may be replaced by compatible versions. The sources of Qt "
    "are at https://download.qt.io/official_releases/qt/ and of Qt for Python at "
    "https://code.qt.io/cgit/pyside/pyside-setup.git/."
)
ICON_NAME = "case-review-workbench"


@dataclass(frozen=True)
class Library:
    """A bundled library: its distribution name, what it is used for, and the licence it is
    known to be under (used when the installed metadata does not say)."""

    name: str
    distribution: str | None
    purpose: str
    known_licence: str


LIBRARIES: tuple[Library, ...] = (
    Library("Python", None, "the language and its standard library", "PSF-2.0"),
    Library("Qt", None, "the user interface toolkit", "LGPL-3.0-only"),
    Library("PySide6 (Qt for Python)", "PySide6-Essentials", "Qt for Python", "LGPL-3.0-only"),
    Library("shiboken6", "shiboken6", "the bindings' runtime", "LGPL-3.0-only"),
    Library("SQLAlchemy", "SQLAlchemy", "the review file's data model", "MIT"),
    Library("Alembic", "alembic", "upgrading review files", "MIT"),
    Library("Mako", "Mako", "templates for Alembic", "MIT"),
    Library("sqlcipher3", "sqlcipher3", "encrypted review files (with SQLCipher)", "Zlib"),
    Library("SQLCipher", None, "encryption of the review file at rest", "BSD-3-Clause"),
    Library("ReportLab", "reportlab", "PDF reports and the timeline figure", "BSD-3-Clause"),
    Library("python-pptx", "python-pptx", "the PowerPoint learning deck", "MIT"),
    Library("python-docx", "python-docx", "Word reports and chronologies", "MIT"),
    Library("openpyxl", "openpyxl", "reading and writing Excel workbooks", "MIT"),
    Library("python-calamine", "python-calamine", "reading spreadsheets quickly", "MIT"),
    Library("pyqtgraph", "pyqtgraph", "the swimlane timeline view", "MIT"),
    Library("QtAwesome", "QtAwesome", "the interface's icons", "MIT"),
    Library("Material Design Icons", None, "the icon font shipped with QtAwesome", "Apache-2.0"),
    Library("NumPy", "numpy", "the timeline's arrays", "BSD-3-Clause"),
    Library("lxml", "lxml", "Word and PowerPoint files", "BSD-3-Clause"),
    Library("Pillow", "pillow", "images in reports", "MIT-CMU"),
    Library("RapidFuzz", "rapidfuzz", "matching column names and people", "MIT"),
    Library("charset-normalizer", "charset-normalizer", "reading CSV files in any encoding", "MIT"),
    Library("defusedxml", "defusedxml", "reading untrusted XML safely", "PSF-2.0"),
    Library("markdown-it-py", "markdown-it-py", "formatted text in findings", "MIT"),
)


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    purpose: str


def licence_from_metadata(distribution: str) -> str | None:
    """The licence an installed distribution declares (SPDX expression, short licence field
    or licence classifier), or None when it is not installed or declares none."""
    try:
        meta = metadata.metadata(distribution)
    except metadata.PackageNotFoundError:
        return None
    expression = _first(meta.get_all("License-Expression"))
    if expression:
        return expression
    field = _first(meta.get_all("License"))
    if field and "\n" not in field and len(field) <= 60:
        return field
    for classifier in meta.get_all("Classifier") or []:
        if str(classifier).startswith("License :: OSI Approved :: "):
            return str(classifier).rsplit(" :: ", 1)[1]
    return None


def _first(values: list[Any] | None) -> str:
    return str(values[0]).strip() if values else ""


def _version(library: Library) -> str:
    if library.name == "Python":
        return platform.python_version()
    if library.name == "Qt":
        return str(qVersion())
    if library.distribution is None:
        return ""
    try:
        return metadata.version(library.distribution)
    except metadata.PackageNotFoundError:
        return ""


def bundled_components() -> list[Component]:
    """Every library the application ships with: version and licence, from the installed
    metadata where it says, else the licence the library is known to be under."""
    out = []
    for library in LIBRARIES:
        licence = None
        if library.distribution is not None:
            licence = licence_from_metadata(library.distribution)
        out.append(
            Component(
                library.name, _version(library), licence or library.known_licence, library.purpose
            )
        )
    return out


def fonts_dir() -> Path:
    from workbench.export.fonts import fonts_dir as export_fonts_dir

    return export_fonts_dir()


def font_licences(folder: Path | None = None) -> list[tuple[str, str]]:
    """(file name, text) of every ``LICENSE*`` file among the bundled fonts."""
    folder = folder or fonts_dir()
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.glob("LICENSE*")):
        try:
            out.append((path.name, path.read_text(encoding="utf-8", errors="replace")))
        except OSError:
            continue
    return out


def icons_dir() -> Path:
    from workbench.demo import resources_dir

    return resources_dir() / "icons"


def application_icon() -> QIcon:
    """The application's own icon (resources/icons) at every size there is."""
    icon = QIcon()
    folder = icons_dir()
    for path in sorted(folder.glob(f"{ICON_NAME}-*.png")):
        icon.addFile(str(path))
    return icon


def details_text() -> str:
    """The version details as plain text (for a support request)."""
    lines = [
        f"{APP_NAME} {__version__}",
        f"Python {platform.python_version()}, Qt {qVersion()}, PySide6 {pyside_version}",
        f"{platform.system()} {platform.release()} ({platform.machine()})",
    ]
    return "\n".join(lines)


class AboutDialog(QDialog):
    """Version, the application's licence, and the bundled libraries and fonts."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(f"About {APP_NAME}")
        self.setWindowIcon(application_icon())

        icon_label = QLabel(self)
        icon_label.setObjectName("about_icon")
        pixmap = QPixmap(str(icons_dir() / f"{ICON_NAME}-128.png"))
        if not pixmap.isNull():
            icon_label.setPixmap(
                pixmap.scaled(
                    96,
                    96,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        icon_label.setAccessibleName(f"{APP_NAME} icon")
        self.title_label = QLabel(f"<h2>{APP_NAME}</h2>", self)
        self.title_label.setObjectName("about_title")
        self.version_label = QLabel(f"Version {__version__}", self)
        self.version_label.setObjectName("about_version")
        self.version_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.version_label.setToolTip("The version of this program")
        summary = QLabel(
            "Integrated chronologies, analysis and learning products for multi-agency "
            "safeguarding case reviews.<br>"
            f"Licensed under the GNU General Public License, version 3 or later "
            f"({APP_LICENCE}).",
            self,
        )
        summary.setWordWrap(True)
        runtime = QLabel(
            f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version}",
            self,
        )
        runtime.setObjectName("about_runtime")
        runtime.setToolTip("The versions of the language and toolkit this program runs on")
        header_text = QVBoxLayout()
        for widget in (self.title_label, self.version_label, summary, runtime):
            header_text.addWidget(widget)
        header = QHBoxLayout()
        header.addWidget(icon_label, 0, Qt.AlignmentFlag.AlignTop)
        header.addLayout(header_text, 1)

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("about_tabs")
        self.library_tree = self._library_tree()
        self.tabs.addTab(self.library_tree, "Libraries")
        self.tabs.setTabToolTip(0, "The libraries this program is built with, and their licences")
        self.font_text = self._text_view(self._fonts_text(), "Font licences")
        self.tabs.addTab(self.font_text, "Fonts")
        self.tabs.setTabToolTip(1, "The licences of the fonts the exports are set in")
        self.licence_text = self._text_view(APP_LICENCE_TEXT, "Licence")
        self.tabs.addTab(self.licence_text, "Licence")
        self.tabs.setTabToolTip(2, "The licence of this program")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("&Copy Version Details", self)
        self.copy_button.setObjectName("about_copy")
        self.copy_button.setToolTip(
            "Copy the version of the program, Python, Qt and the system, for a support request"
        )
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setToolTip("Close this window (Esc)")
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(860, 600)

    def _library_tree(self) -> QTreeWidget:
        tree = QTreeWidget(self)
        tree.setObjectName("about_libraries")
        tree.setAccessibleName("Bundled libraries and their licences")
        tree.setToolTip("The libraries this program is built with, and their licences")
        tree.setRootIsDecorated(False)
        tree.setUniformRowHeights(True)
        tree.setHeaderLabels(["Library", "Version", "Licence", "Used for"])
        for component in bundled_components():
            item = QTreeWidgetItem(
                tree, [component.name, component.version, component.licence, component.purpose]
            )
            item.setToolTip(2, component.licence)
        header = tree.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return tree

    def _fonts_text(self) -> str:
        licences = font_licences()
        if not licences:
            return "No font licence files are present in this installation."
        parts = [
            "The reports and slides are set in the DejaVu fonts shipped with the program. "
            "Their licence follows.",
        ]
        for name, text in licences:
            parts.append(f"── {name} ──\n\n{text.strip()}")
        return "\n\n".join(parts) + "\n"

    def _text_view(self, text: str, name: str) -> QPlainTextEdit:
        view = QPlainTextEdit(self)
        view.setObjectName("about_" + name.lower().replace(" ", "_"))
        view.setReadOnly(True)
        view.setPlainText(text)
        view.setAccessibleName(name)
        view.setToolTip(name)
        return view

    def copy_details(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(details_text())
        self.copy_button.setText("Copied")
