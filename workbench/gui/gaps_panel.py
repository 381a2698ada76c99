"""The gaps panel: every agency's periods without contact, at least the review's
threshold long (set here, kept in the review, undoable).

Activating a gap selects the agency's first event after it, which the chronology marks
with a dashed rule and "after N days' gap".
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from workbench.core.chronology import Gap
from workbench.core.commands import UpdateItem
from workbench.core.errors import WorkbenchError
from workbench.core.model import Review
from workbench.gui.chronology_model import ChronologyModel
from workbench.gui.context import ReviewContext
from workbench.gui.dialogs import show_error

ModelIndex = QModelIndex | QPersistentModelIndex
GAP_HEADERS = ("Agency", "From", "To", "Days")


class GapsModel(QAbstractTableModel):
    def __init__(self, chronology: ChronologyModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.chronology = chronology
        self.gaps: list[Gap] = list(chronology.gaps)
        chronology.gapsChanged.connect(self._reload)

    def _reload(self) -> None:
        self.beginResetModel()
        self.gaps = list(self.chronology.gaps)
        self.endResetModel()

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.gaps)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(GAP_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(GAP_HEADERS)
        ):
            return GAP_HEADERS[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.gaps):
            return None
        gap = self.gaps[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == 0:
                agency = self.chronology.agencies.get(gap.agency_id)
                return agency.label if agency else gap.agency_name
            if column == 1:
                return f"{gap.start.day} {gap.start:%b %Y}"
            if column == 2:
                return f"{gap.end.day} {gap.end:%b %Y}"
            if column == 3:
                return str(gap.days)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = (
                "before the first contact"
                if gap.previous_event_id is None
                else "after the last contact"
                if gap.next_event_id is None
                else "between two contacts"
            )
            return f"{gap.agency_name}: no contact for {gap.days} days, {where}"
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            agency = self.chronology.agencies.get(gap.agency_id)
            return QColor(agency.colour) if agency else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return gap
        return None


class GapsPanel(QWidget):
    def __init__(
        self, ctx: ReviewContext, chronology: ChronologyModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("gaps_panel")
        self.ctx = ctx
        self.chronology = chronology
        self.model = GapsModel(chronology, self)
        self.threshold = QSpinBox(self)
        self.threshold.setRange(1, 3650)
        self.threshold.setSuffix(" days")
        self.threshold.setAccessibleName("Gap threshold in days")
        self.threshold.setToolTip("Show periods without contact at least this long")
        self.threshold.setKeyboardTracking(False)
        label = QLabel("&Threshold:", self)
        label.setBuddy(self.threshold)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setObjectName("gaps_table")
        self.table.setAccessibleName("Gaps in contact")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(self._activated)
        self.table.doubleClicked.connect(self._activated)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.threshold)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(600)
        self._timer.timeout.connect(self._commit_threshold)
        self.threshold.valueChanged.connect(lambda _v: self._timer.start())
        chronology.gapsChanged.connect(self._update)
        self.threshold.setEnabled(not ctx.read_only)
        self._update()

    def _update(self) -> None:
        self.threshold.blockSignals(True)
        self.threshold.setValue(self.chronology.gap_threshold)
        self.threshold.blockSignals(False)
        n = len(self.model.gaps)
        days = self.chronology.gap_threshold
        self.summary.setText(
            f"{n} period{'s' if n != 1 else ''} of {days} days or more with no contact from an "
            "agency. Press Enter on one to go to the agency's next contact."
            if n
            else f"No agency went {days} days or more without contact."
        )

    def _commit_threshold(self) -> None:
        value = self.threshold.value()
        if value == self.chronology.gap_threshold or self.ctx.read_only:
            return
        with self.ctx.store.session() as s:
            review = s.scalars(select(Review).limit(1)).first()
            review_id = review.id if review else None
        if review_id is None:
            return
        try:
            self.ctx.push(
                UpdateItem(
                    Review,
                    review_id,
                    {"gap_threshold_days": value},
                    f"Set the gap threshold to {value} days",
                )
            )
        except (WorkbenchError, OSError) as exc:
            show_error(self, exc)

    def _activated(self, index: QModelIndex) -> None:
        gap = index.data(Qt.ItemDataRole.UserRole)
        if not isinstance(gap, Gap):
            return
        target = gap.next_event_id or gap.previous_event_id
        if target is not None:
            self.ctx.select_events([target], self)
