"""The start page: new review, open, the demo, and the recent reviews."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidgetItem, QWidget

from workbench import APP_NAME, __version__
from workbench.gui import icons
from workbench.gui.forms.ui_welcome_page import Ui_WelcomePage


class WelcomePage(QWidget):
    newRequested = Signal()
    openRequested = Signal()
    demoRequested = Signal()
    recentRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_WelcomePage()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        ui = self.ui
        ui.title_label.setText(APP_NAME)
        ui.version_label.setText(f"Version {__version__}")
        ui.new_button.clicked.connect(self.newRequested)
        ui.open_button.clicked.connect(self.openRequested)
        ui.demo_button.clicked.connect(self.demoRequested)
        ui.recent_list.itemActivated.connect(self._activated)
        self.refresh_icons()

    def refresh_icons(self) -> None:
        self.ui.new_button.setIcon(icons.icon("new"))
        self.ui.open_button.setIcon(icons.icon("open"))
        self.ui.demo_button.setIcon(icons.icon("demo"))

    def set_recent(self, files: list[str]) -> None:
        recent = self.ui.recent_list
        recent.clear()
        for file in files:
            path = Path(file)
            item = QListWidgetItem(icons.icon("report"), f"{path.name}   —   {path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, file)
            item.setToolTip(file)
            if not path.exists():
                item.setText(f"{path.name}   —   missing: {path.parent}")
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            recent.addItem(item)
        if not files:
            item = QListWidgetItem("No reviews opened yet.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            recent.addItem(item)
        else:
            recent.setCurrentRow(0)

    def _activated(self, item: QListWidgetItem) -> None:
        file = item.data(Qt.ItemDataRole.UserRole)
        if file:
            self.recentRequested.emit(str(file))
