"""Rows waiting in quarantine: see why, fix them, release them into the chronology.

An import keeps every row it could not accept (no date, a date that cannot be read, no
event text) with its raw cells and the reasons. This dialog lists them; for the selected
row it shows the cells as the agency wrote them and a small form prefilled from them
(through the column mapping the file was imported with). The date is read as it is typed,
with the parser's own description ("spring 2015 -> 1 Mar 2015 - 31 May 2015, season") or
the reason it cannot be read. Release creates the event with the row's provenance (file,
sheet, row); dismiss marks the row as not an event. Both are undoable commands
(:class:`~workbench.core.quarantine.ReleaseQuarantinedRow`,
:class:`~workbench.core.quarantine.DismissQuarantinedRow`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from workbench.core.dates import DateParseError, parse_date
from workbench.core.errors import WorkbenchError
from workbench.core.model import Agency, Person, QuarantinedRow, QuarantineStatus
from workbench.core.quarantine import DismissQuarantinedRow, ReleaseQuarantinedRow
from workbench.gui.context import ReviewContext
from workbench.importers.headers import Field
from workbench.importers.pipeline import SubjectMatcher, parse_time

_ERROR = "color: #b71c1c;"
_OK = "color: #1b5e20;"


@dataclass
class WaitingRow:
    id: int
    agency_id: int | None
    agency: str
    agency_label: str
    file: str
    location: str
    row: int
    status: str
    cells: dict[str, str]
    reasons: list[str]
    fields: dict[Field, str]


def _fields(cells: dict[str, str], mapping_json: str) -> dict[Field, str]:
    """The row's cells by field, through the mapping its file was imported with."""
    try:
        data = json.loads(mapping_json or "{}")
    except ValueError:
        return {}
    columns = data.get("columns", {})
    headers = data.get("headers", [])
    out: dict[Field, list[str]] = {}
    names = list(cells)
    for key, value in columns.items():
        try:
            index, fld = int(key), Field(value)
        except ValueError:
            continue
        if fld is Field.IGNORE:
            continue
        name = headers[index] if index < len(headers) and headers[index] else ""
        text = cells.get(name or f"Column {index + 1}")
        if text is None and index < len(names):
            text = cells[names[index]]
        if text:
            out.setdefault(fld, []).append(text)
    return {f: "\n".join(v) for f, v in out.items()}


def load_rows(ctx: ReviewContext, include_done: bool = False) -> list[WaitingRow]:
    with ctx.store.session() as s:
        stmt = select(QuarantinedRow).order_by(QuarantinedRow.id)
        if not include_done:
            stmt = stmt.where(QuarantinedRow.status == QuarantineStatus.WAITING.value)
        out = []
        for q in s.scalars(stmt):
            cells = json.loads(q.cells_json or "{}")
            source = q.source_file
            out.append(
                WaitingRow(
                    id=q.id,
                    agency_id=q.agency_id,
                    agency=q.agency.name if q.agency else "",
                    agency_label=q.agency.label if q.agency else "",
                    file=source.file_name if source else "",
                    location=q.location,
                    row=q.row_number,
                    status=q.status,
                    cells={str(k): str(v) for k, v in cells.items()},
                    reasons=list(json.loads(q.reasons_json or "[]")),
                    fields=_fields(cells, source.mapping_json if source else "{}"),
                )
            )
    return out


class QuarantineModel(QAbstractTableModel):
    COLUMNS = ("Agency", "File", "Row", "Why", "Status")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[WaitingRow] = []

    def set_rows(self, rows: list[WaitingRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                r.agency_label,
                r.file + (f" ({r.location})" if r.location else ""),
                r.row,
                "; ".join(r.reasons),
                r.status,
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 3:
            return "\n".join(r.reasons)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return r.agency
        if role == Qt.ItemDataRole.ForegroundRole and r.status != "waiting":
            return QBrush(QColor("#808080"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None


class QuarantineDialog(QDialog):
    """The rows waiting in quarantine of the review in ``ctx``."""

    def __init__(self, ctx: ReviewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("quarantine_dialog")
        self.setWindowTitle("Quarantine: rows to fix")
        self.model = QuarantineModel(self)
        self.view = QTableView()
        self.view.setObjectName("quarantine_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        for column in range(len(QuarantineModel.COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.show_done_check = QCheckBox("Show released and dismissed rows")
        self.show_done_check.setObjectName("show_done_check")
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")

        self.reasons_label = QLabel()
        self.reasons_label.setObjectName("reasons_label")
        self.reasons_label.setWordWrap(True)
        self.reasons_label.setStyleSheet(_ERROR)
        self.cells_table = QTableWidget(0, 2)  # the raw cells of one row, read-only
        self.cells_table.setObjectName("cells_table")
        self.cells_table.setHorizontalHeaderLabels(["Column", "As written"])
        self.cells_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.cells_table.verticalHeader().hide()
        self.cells_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.cells_table.setWordWrap(True)
        self.cells_table.setMinimumHeight(150)

        self.date_edit = QLineEdit()
        self.date_edit.setObjectName("date_edit")
        self.date_edit.setPlaceholderText("e.g. 22/05/2016, May 2016, spring 2015")
        self.date_feedback = QLabel()
        self.date_feedback.setObjectName("date_feedback")
        self.date_feedback.setWordWrap(True)
        self.time_edit = QLineEdit()
        self.time_edit.setObjectName("time_edit")
        self.time_edit.setPlaceholderText("hh:mm (optional)")
        self.agency_combo = QComboBox()
        self.agency_combo.setObjectName("agency_combo")
        self.subjects_edit = QLineEdit()
        self.subjects_edit.setObjectName("subjects_edit")
        self.practitioner_edit = QLineEdit()
        self.practitioner_edit.setObjectName("practitioner_edit")
        self.text_edit = QPlainTextEdit()
        self.text_edit.setObjectName("text_edit")
        self.outcome_edit = QPlainTextEdit()
        self.outcome_edit.setObjectName("outcome_edit")
        self.outcome_edit.setMaximumHeight(70)
        self.text_edit.setMaximumHeight(120)
        self.release_button = QPushButton("Release into the chronology")
        self.release_button.setObjectName("release_button")
        self.dismiss_reason_edit = QLineEdit("not an event")
        self.dismiss_reason_edit.setObjectName("dismiss_reason_edit")
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setObjectName("dismiss_button")
        self.message_label = QLabel()
        self.message_label.setObjectName("message_label")
        self.message_label.setWordWrap(True)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)

        form = QFormLayout()
        form.addRow("Date", self.date_edit)
        form.addRow("", self.date_feedback)
        form.addRow("Time", self.time_edit)
        form.addRow("Agency", self.agency_combo)
        form.addRow("Subject(s)", self.subjects_edit)
        form.addRow("Practitioner", self.practitioner_edit)
        form.addRow("Event", self.text_edit)
        form.addRow("Action / outcome", self.outcome_edit)
        dismiss_row = QHBoxLayout()
        dismiss_row.addWidget(QLabel("or, if it is not an event,"))
        dismiss_row.addWidget(self.dismiss_reason_edit, 1)
        dismiss_row.addWidget(self.dismiss_button)
        self.detail = QWidget()
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.addWidget(QLabel("<b>Why it was quarantined</b>"))
        detail.addWidget(self.reasons_label)
        detail.addWidget(QLabel("<b>The row as the agency wrote it</b>"))
        detail.addWidget(self.cells_table, 1)
        detail.addWidget(QLabel("<b>The event</b>"))
        detail.addLayout(form)
        release_row = QHBoxLayout()
        release_row.addStretch(1)
        release_row.addWidget(self.release_button)
        detail.addLayout(release_row)
        detail.addLayout(dismiss_row)
        detail.addWidget(self.message_label)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.count_label)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.show_done_check)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([500, 680])
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.resize(1180, 720)

        self._people: list[Person] = []
        self._matcher: SubjectMatcher | None = None
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.date_edit.textChanged.connect(self._update_form)
        self.time_edit.textChanged.connect(self._update_form)
        self.text_edit.textChanged.connect(self._update_form)
        self.release_button.clicked.connect(self.release)
        self.dismiss_button.clicked.connect(self.dismiss)
        self.show_done_check.toggled.connect(lambda _on: self.reload())
        ctx.changed.connect(self._store_changed)
        self.reload()

    # -- loading --------------------------------------------------------------------------
    def _store_changed(self, _kind: str) -> None:
        if self.isVisible():
            self.reload()

    def reload(self, select_id: int | None = None) -> None:
        current = self.current()
        keep = select_id if select_id is not None else (current.id if current else None)
        rows = load_rows(self.ctx, self.show_done_check.isChecked())
        with self.ctx.store.session() as s:
            agencies = list(s.scalars(select(Agency).order_by(Agency.sort_order, Agency.name)))
            self._people = list(s.scalars(select(Person)))
        self._matcher = SubjectMatcher(self._people)
        self.agency_combo.blockSignals(True)
        self.agency_combo.clear()
        for agency in agencies:
            self.agency_combo.addItem(agency.name, agency.id)
        self.agency_combo.blockSignals(False)
        self.model.set_rows(rows)
        self.view.resizeRowsToContents()
        waiting = sum(1 for r in rows if r.status == "waiting")
        self.count_label.setText(
            f"{waiting} row{'s' if waiting != 1 else ''} waiting in quarantine"
        )
        index = next((i for i, r in enumerate(rows) if r.id == keep), 0 if rows else -1)
        if index >= 0:
            self.view.selectRow(index)
            self.view.setCurrentIndex(self.model.index(index, 0))
        self._row_changed()

    def current(self) -> WaitingRow | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.rows):
            return None
        return self.model.rows[index.row()]

    def _row_changed(self, *_args: object) -> None:
        row = self.current()
        self.detail.setEnabled(row is not None and row.status == "waiting")
        self.message_label.setText("")
        if row is None:
            self.reasons_label.setText("Nothing waits in quarantine.")
            self.cells_table.setRowCount(0)
            for edit in (
                self.date_edit,
                self.time_edit,
                self.subjects_edit,
                self.practitioner_edit,
            ):
                edit.clear()
            self.text_edit.clear()
            self.outcome_edit.clear()
            self._update_form()
            return
        self.reasons_label.setText("\n".join(row.reasons))
        self.cells_table.setRowCount(len(row.cells))
        for i, (name, value) in enumerate(row.cells.items()):
            self.cells_table.setItem(i, 0, QTableWidgetItem(name))
            self.cells_table.setItem(i, 1, QTableWidgetItem(value))
        self.cells_table.resizeRowsToContents()
        f = row.fields
        self.date_edit.setText(f.get(Field.DATE, ""))
        self.time_edit.setText(f.get(Field.TIME, ""))
        self.subjects_edit.setText(f.get(Field.SUBJECTS, ""))
        self.practitioner_edit.setText(f.get(Field.PRACTITIONER, ""))
        self.text_edit.setPlainText(f.get(Field.EVENT, ""))
        self.outcome_edit.setPlainText(f.get(Field.OUTCOME, ""))
        position = self.agency_combo.findData(row.agency_id)
        self.agency_combo.setCurrentIndex(max(position, 0))
        self._update_form()

    # -- the form -------------------------------------------------------------------------
    def date_problem(self) -> str | None:
        """Why the typed date cannot be used (None when it can); shows the parser's view."""
        text = self.date_edit.text().strip()
        if not text:
            self.date_feedback.setText("The event needs a date (as exact as it is known).")
            self.date_feedback.setStyleSheet(_ERROR)
            return "no date"
        try:
            value = parse_date(text)
        except DateParseError as exc:
            self.date_feedback.setText(exc.reason)
            self.date_feedback.setStyleSheet(_ERROR)
            return exc.reason
        if value.earliest is None:
            self.date_feedback.setText(
                f"{value.describe()}: a date at least partly known is needed"
            )
            self.date_feedback.setStyleSheet(_ERROR)
            return "unknown date"
        self.date_feedback.setText(value.describe())
        self.date_feedback.setStyleSheet(_OK)
        return None

    def _update_form(self) -> None:
        row = self.current()
        date_problem = self.date_problem()
        _time, time_problem = parse_time(self.time_edit.text().strip() or None)
        if time_problem:
            self.message_label.setText(time_problem.capitalize())
        ok = (
            row is not None
            and row.status == "waiting"
            and date_problem is None
            and not time_problem
            and bool(self.text_edit.toPlainText().strip())
        )
        self.release_button.setEnabled(ok)
        self.dismiss_button.setEnabled(row is not None and row.status == "waiting")

    # -- actions --------------------------------------------------------------------------
    def release(self) -> bool:
        row = self.current()
        if row is None or not self.release_button.isEnabled():
            return False
        time_value, _problem = parse_time(self.time_edit.text().strip() or None)
        subjects = self.subjects_edit.text().strip()
        ids = self._matcher.match(subjects) if self._matcher and subjects else []
        try:
            command = ReleaseQuarantinedRow(
                row.id,
                date_text=self.date_edit.text().strip(),
                text=self.text_edit.toPlainText(),
                agency_id=self.agency_combo.currentData(),
                outcome=self.outcome_edit.toPlainText().strip(),
                time=time_value,
                practitioner=self.practitioner_edit.text().strip(),
                subjects_text=subjects,
                subject_ids=ids,
            )
            self.ctx.push(command)
        except WorkbenchError as exc:
            self.message_label.setText(str(exc))
            self.message_label.setStyleSheet(_ERROR)
            return False
        self.reload()
        self.message_label.setStyleSheet(_OK)
        self.message_label.setText(
            f"Row {row.row} of {row.file} is now an event dated {command.date.text}."
        )
        return True

    def dismiss(self) -> bool:
        row = self.current()
        if row is None or row.status != "waiting":
            return False
        reason = self.dismiss_reason_edit.text().strip() or "not an event"
        try:
            self.ctx.push(DismissQuarantinedRow(row.id, reason))
        except WorkbenchError as exc:
            self.message_label.setText(str(exc))
            self.message_label.setStyleSheet(_ERROR)
            return False
        self.reload()
        self.message_label.setStyleSheet("")
        self.message_label.setText(f"Row {row.row} of {row.file} was dismissed ({reason}).")
        return True
