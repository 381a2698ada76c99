"""The import wizard: an agency's chronology into the review, one step at a time.

1. **File**: choose the file (or drop it on the wizard) and the agency that sent it; the
   sheet or Word table; whether the file revises the agency's earlier submission.
2. **Preview**: the first 100 rows as read, with the detected header row marked; another
   row can be chosen as the header.
3. **Columns**: what each column holds, suggested from its name (or the agency's saved
   profile) and changeable; the mapping can be saved as a named profile for the agency.
4. **Check**: every row validated on a worker thread (progress, cancel): the accounting
   (rows read = imported + quarantined + skipped), the errors and warnings by row, subject
   names not in the register (tick to add them), and for a revision what was added,
   changed and removed.
5. **Import**: written in one transaction on a worker thread, with a progress bar and a
   cancel button; a cancelled or failed import leaves the review as it was.
6. **Summary**: what was imported, what waits in quarantine, and how many events other
   agencies seem to have recorded too.

All the work is :mod:`workbench.importers.pipeline`, the same code the command line uses.

Signals:
    imported(dict): the import's summary, once it is committed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from sqlalchemy import select

from workbench.core.errors import WorkbenchError
from workbench.core.model import Agency
from workbench.gui.context import ReviewContext
from workbench.gui.workers import Cancelled, Task
from workbench.importers.errors import ImportFileError
from workbench.importers.headers import Field, HeaderGuess, detect_header
from workbench.importers.pipeline import (
    ImportCancelled,
    PreparedImport,
    RowResult,
    cell_text,
    commit_import,
    find_profile,
    header_for_row,
    latest_submission,
    list_profiles,
    mapping_from_profile,
    prepare_import,
)
from workbench.importers.readers import SUPPORTED_SUFFIXES, RawTable, open_workbook, read_table

PREVIEW_ROWS = 100
BEST_LOCATION = "(the one that looks most like a chronology)"
FIELD_LABELS: dict[Field, str] = {
    Field.IGNORE: "(not imported)",
    Field.DATE: "Date",
    Field.TIME: "Time",
    Field.END_DATE: "End date",
    Field.END_TIME: "End time",
    Field.SEQUENCE: "Ref / sequence",
    Field.AGENCY: "Agency / source of information",
    Field.SOURCE_RECORD: "Source record",
    Field.PRACTITIONER: "Practitioner",
    Field.SUBJECTS: "Subject(s)",
    Field.EVENT: "Event text",
    Field.OUTCOME: "Action / outcome",
    Field.ANALYSIS: "Agency analysis",
}
FILE_FILTER = "Chronologies (" + " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES) + ");;All files (*)"
_ERROR = "color: #b71c1c;"
_OK = "color: #1b5e20;"
ROLE_KIND = Qt.ItemDataRole.UserRole + 1


def _named(widget: Any, name: str) -> Any:
    widget.setObjectName(name)
    return widget


def _wrap(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


# ---------------------------------------------------------------------------------------
# Models
# ---------------------------------------------------------------------------------------


class PreviewModel(QAbstractTableModel):
    """The first rows of the table as read; the header row in bold, rows above it grey."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table: RawTable | None = None
        self.header_index = -1

    def set_table(self, table: RawTable | None, header_index: int) -> None:
        self.beginResetModel()
        self.table = table
        self.header_index = header_index
        self.endResetModel()

    def set_header_index(self, index: int) -> None:
        self.header_index = index
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, 0))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return min(PREVIEW_ROWS, len(self.table.rows))

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return self.table.width

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or self.table is None:
            return None
        row = self.table.rows[index.row()]
        value = row[index.column()] if index.column() < len(row) else None
        if role == Qt.ItemDataRole.DisplayRole:
            text = cell_text(value)
            return text if len(text) <= 200 else text[:200] + "…"
        if role == Qt.ItemDataRole.ToolTipRole:
            return cell_text(value) or None
        if role == Qt.ItemDataRole.FontRole and index.row() == self.header_index:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == self.header_index:
            return QBrush(QColor(0x1F, 0x5F, 0xA8, 60))
        if role == Qt.ItemDataRole.ForegroundRole and index.row() < self.header_index:
            return QBrush(QColor("#808080"))
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self.table is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return _column_letters(section)
        number = self.table.row_numbers[section]
        return f"{number} (header)" if section == self.header_index else str(number)


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class ValidationModel(QAbstractTableModel):
    """The rows with something to say (errors, warnings, skips), by row number."""

    COLUMNS = ("Row", "Outcome", "Date", "Event", "Why")
    FILTERS = {
        "problems": "Errors and warnings",
        "quarantined": "Errors (quarantined)",
        "warnings": "Warnings (imported)",
        "skipped": "Skipped (not events)",
        "all": "Every row",
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prepared: PreparedImport | None = None
        self.rows: list[RowResult] = []
        self.kind = "problems"

    def set_prepared(self, prepared: PreparedImport | None) -> None:
        self.prepared = prepared
        self._refilter()

    def set_filter(self, kind: str) -> None:
        self.kind = kind
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        rows = self.prepared.rows if self.prepared is not None else []
        if self.kind == "problems":
            self.rows = [r for r in rows if r.status == "quarantined" or r.warnings]
        elif self.kind == "quarantined":
            self.rows = [r for r in rows if r.status == "quarantined"]
        elif self.kind == "warnings":
            self.rows = [r for r in rows if r.warnings]
        elif self.kind == "skipped":
            self.rows = [r for r in rows if r.status == "skipped"]
        else:
            self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def _date_and_text(self, r: RowResult) -> tuple[str, str]:
        if r.status == "event":
            return r.values.fuzzy.text, r.values.text
        assert self.prepared is not None
        mapping = self.prepared.mapping
        raw = r._raw or ()
        date_text = event = ""
        for col, fld in sorted(mapping.items()):
            if col >= len(raw):
                continue
            if fld is Field.DATE and not date_text:
                date_text = cell_text(raw[col])
            elif fld is Field.EVENT and not event:
                event = cell_text(raw[col])
        if not event:
            event = " | ".join(t for t in (cell_text(v) for v in raw) if t)
        return date_text, event

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return r.row
            if column == 1:
                return {"event": "imported", "quarantined": "quarantined"}.get(r.status, "skipped")
            date_text, event = self._date_and_text(r)
            if column == 2:
                return date_text
            if column == 3:
                return event.replace("\n", " ")[:160]
            return "; ".join(r.reasons + r.warnings)
        if role == Qt.ItemDataRole.ForegroundRole and column in (1, 4):
            if r.status == "quarantined":
                return QBrush(QColor("#b71c1c"))
            if r.warnings:
                return QBrush(QColor("#8a5a00"))
        if role == Qt.ItemDataRole.ToolTipRole and column >= 3:
            return "; ".join(r.reasons + r.warnings) or None
        if role == ROLE_KIND:
            return r.status
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None


# ---------------------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------------------


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Choose the chronology")
        self.setSubTitle(
            "An agency's chronology as it was sent: Excel (.xlsx, .xls), OpenDocument "
            "(.ods), Word (.docx) or CSV. You can also drop the file on this window."
        )
        self.path_edit = _named(QLineEdit(), "path_edit")
        self.path_edit.setPlaceholderText("The file the agency sent")
        self.browse_button = _named(QPushButton("Choose…"), "browse_button")
        self.agency_combo = _named(QComboBox(), "agency_combo")
        self.agency_combo.setEditable(True)
        self.agency_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.agency_combo.lineEdit().setPlaceholderText("The agency that sent it")
        self.location_combo = _named(QComboBox(), "location_combo")
        self.revision_check = _named(QCheckBox(), "revision_check")
        self.status_label = _wrap(_named(QLabel(), "file_status_label"))

        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("File", path_row)
        form.addRow("Agency", self.agency_combo)
        form.addRow("Sheet or table", self.location_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.revision_check)
        layout.addWidget(self.status_label)
        layout.addStretch(1)

        with wizard.ctx.store.session() as s:
            names = list(s.scalars(select(Agency.name).order_by(Agency.sort_order, Agency.name)))
        self.agency_combo.addItems(names)
        self.agency_combo.setCurrentIndex(-1)
        self.agency_combo.setEditText("")
        self._kind: str | None = None
        self._error = ""
        self._looked_at: str | None = None

        self.browse_button.clicked.connect(self._browse)
        self.path_edit.editingFinished.connect(self._path_changed)
        self.path_edit.textChanged.connect(self._path_edited)
        self.agency_combo.currentTextChanged.connect(self._agency_changed)
        self.location_combo.currentIndexChanged.connect(lambda _i: self._invalidate())
        self._agency_changed("")

    # -- state ----------------------------------------------------------------------------
    @property
    def path(self) -> Path | None:
        text = self.path_edit.text().strip()
        return Path(text) if text else None

    @property
    def agency(self) -> str:
        return str(self.agency_combo.currentText()).strip()

    @property
    def location(self) -> str | None:
        data = self.location_combo.currentData()
        return str(data) if data else None

    def set_path(self, path: str | Path) -> None:
        self.path_edit.setText(str(path))
        self._path_changed()

    def _path_edited(self, text: str) -> None:
        if text.strip() != self._looked_at:
            self._kind = None  # until the new path is looked at
        self._invalidate()

    def _invalidate(self) -> None:
        self.wiz.table = None
        self.completeChanged.emit()

    def _browse(self) -> None:
        start = str(self.path.parent) if self.path else str(self.wiz.ctx.store.path.parent)
        chosen, _filter = QFileDialog.getOpenFileName(
            self, "Import a chronology", start, FILE_FILTER
        )
        if chosen:
            self.set_path(chosen)

    def _path_changed(self) -> None:
        text = self.path_edit.text().strip()
        if text == self._looked_at:
            return  # focus left the field without a change
        self._looked_at = text
        self.location_combo.blockSignals(True)
        self.location_combo.clear()
        self.location_combo.addItem(BEST_LOCATION, None)
        self.location_combo.blockSignals(False)
        self._error = ""
        self._kind = None
        path = self.path
        if path is None:
            self._show("")
            return
        try:
            book = open_workbook(path)
        except ImportFileError as exc:
            self._error = str(exc)
            self._show(self._error, error=True)
        else:
            self._kind = book.kind
            if book.kind != "csv":
                for name in book.locations:
                    self.location_combo.addItem(name, name)
            self.location_combo.setEnabled(book.kind != "csv")
            what = {"docx": "tables", "csv": ""}.get(book.kind, "sheets")
            detail = f" with {len(book.locations)} {what}" if what else ""
            encoding = f", {book.encoding} text" if book.encoding else ""
            self._show(f"{path.name}: {book.kind.upper()} file{detail}{encoding}.")
        self._invalidate()

    def _agency_changed(self, name: str) -> None:
        previous = None
        if name.strip():
            with self.wiz.ctx.store.session() as s:
                latest = latest_submission(s, name.strip())
                previous = latest.file_name if latest is not None else None
        self.wiz.previous_file = previous
        if previous:
            self.revision_check.setText(
                f"This file is a revised version of {previous}: show and apply what was "
                "added, changed and removed (annotations, tags and links are kept)"
            )
            self.revision_check.setEnabled(True)
        else:
            self.revision_check.setText("This file revises the agency's earlier submission")
            self.revision_check.setChecked(False)
            self.revision_check.setEnabled(False)
        self._invalidate()

    def _show(self, text: str, *, error: bool = False) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(_ERROR if error else "")

    def isComplete(self) -> bool:
        path = self.path
        return bool(path is not None and self.agency and not self._error and self._kind is not None)

    def validatePage(self) -> bool:
        return self.isComplete()


class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Preview")
        self.model = PreviewModel(self)
        self.view = _named(QTableView(), "preview_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setDefaultSectionSize(140)
        self.header_spin = _named(QSpinBox(), "header_spin")
        self.info_label = _wrap(_named(QLabel(), "preview_info_label"))
        self.progress = _named(QProgressBar(), "read_progress")
        self.progress.setRange(0, 3)
        row = QHBoxLayout()
        row.addWidget(QLabel("The column names are in row"))
        row.addWidget(self.header_spin)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.info_label)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        self.header_spin.valueChanged.connect(self._header_chosen)
        self.view.clicked.connect(self._row_clicked)
        self.task: Task | None = None

    def initializePage(self) -> None:
        """Read the file on the worker thread (the table stays read while the user goes
        back and forth, unless the file, agency or sheet change)."""
        if self.wiz.table is not None and self.wiz.header is not None:
            self._show_table()
            return
        self.model.set_table(None, -1)
        self.header_spin.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setValue(0)
        page = self.wiz.file_page
        path, location = page.path, page.location
        assert path is not None
        self.setSubTitle(f"Reading {path.name}…")
        self.info_label.setStyleSheet("")
        self.info_label.setText("")

        def work(task: Task) -> RawTable:
            return read_table(path, location, progress=lambda done, total: task.report(done))

        self.task = self.wiz.ctx.runner.start(work, f"Reading {path.name}", visible=False)
        self.task.progress.connect(lambda done, _m: self.progress.setValue(done))
        self.task.succeeded.connect(self._read)
        self.task.failed.connect(self._failed)
        self.completeChanged.emit()

    def cleanupPage(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel()

    def _read(self, table: RawTable) -> None:
        if self.wiz.currentPage() is not self:
            return
        self.wiz.table = table
        try:
            self.wiz.header = detect_header(table)
            self.wiz.header_problem = ""
            self.wiz.header_chosen = False
        except ImportFileError as exc:
            # The user chooses the header row and says what the columns hold.
            self.wiz.header = header_for_row(table, 0)
            self.wiz.header_problem = exc.reason
            self.wiz.header_chosen = True
        self._show_table()
        self.completeChanged.emit()

    def _failed(self, exc: object) -> None:
        self.progress.setVisible(False)
        self.setSubTitle("The file could not be read.")
        self.info_label.setStyleSheet(_ERROR)
        self.info_label.setText(str(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.wiz.table is not None and self.wiz.header is not None

    def _show_table(self) -> None:
        table = self.wiz.table
        assert table is not None and self.wiz.header is not None
        self.progress.setVisible(False)
        self.header_spin.setEnabled(True)
        shown = min(PREVIEW_ROWS, len(table.rows))
        self.setSubTitle(
            f"The first {shown} of {len(table.rows)} rows of {table.source_name}"
            + (f" ({table.location})" if table.location else "")
            + ". The header row is in bold; rows above it are titles and are not imported."
        )
        self.model.set_table(table, self.wiz.header.header_index)
        self.header_spin.blockSignals(True)
        self.header_spin.setRange(1, max(1, shown))
        self.header_spin.setValue(self.wiz.header.header_index + 1)
        self.header_spin.blockSignals(False)
        self._describe()

    def _describe(self) -> None:
        table, header = self.wiz.table, self.wiz.header
        assert table is not None and header is not None
        lines = []
        if self.wiz.header_problem:
            lines.append(
                f"<span style='{_ERROR}'>No header row was recognised "
                f"({self.wiz.header_problem}): choose the row that names the columns, then "
                "say what each column holds.</span>"
            )
        else:
            lines.append(
                f"Header found in row {table.row_numbers[header.header_index]} "
                f"(confidence {header.confidence:.0%})."
            )
        lines += [f"Note: {n}." for n in table.notes]
        self.info_label.setText("<br>".join(lines))

    def _row_clicked(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() != self.header_spin.value() - 1:
            self.header_spin.setValue(index.row() + 1)

    def _header_chosen(self, value: int) -> None:
        table = self.wiz.table
        assert table is not None
        index = value - 1
        detected: HeaderGuess | None
        try:
            detected = detect_header(table)
        except ImportFileError:
            detected = None
        if detected is not None and detected.header_index == index:
            self.wiz.header = detected
            self.wiz.header_chosen = False
        else:
            self.wiz.header = header_for_row(table, index)
            self.wiz.header_chosen = True
        self.wiz.header_problem = ""
        self.model.set_header_index(index)
        self._describe()


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Columns")
        self.setSubTitle(
            "What each column holds, suggested from its name. A date column and an event "
            "column are needed; several columns may feed the event text."
        )
        self.profile_combo = _named(QComboBox(), "profile_combo")
        self.save_check = _named(
            QCheckBox("Save this mapping for the agency's next file as"), "save_profile_check"
        )
        self.save_edit = _named(QLineEdit(), "save_profile_edit")
        self.problem_label = _wrap(_named(QLabel(), "mapping_problem_label"))
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.combos: list[QComboBox] = []
        top = QHBoxLayout()
        top.addWidget(QLabel("Start from"))
        top.addWidget(self.profile_combo, 1)
        save = QHBoxLayout()
        save.addWidget(self.save_check)
        save.addWidget(self.save_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem_label)
        layout.addLayout(save)
        self.profile_combo.currentIndexChanged.connect(self._profile_chosen)
        self.save_check.toggled.connect(self.save_edit.setEnabled)

    def initializePage(self) -> None:
        header = self.wiz.header
        table = self.wiz.table
        assert header is not None and table is not None
        agency = self.wiz.file_page.agency
        with self.wiz.ctx.store.session() as s:
            profiles = list_profiles(s, agency)
        self.profile_combo.blockSignals(True)
        self.profile_combo.clear()
        self.profile_combo.addItem("the suggestion from the column names", None)
        for name in profiles:
            self.profile_combo.addItem(f"the saved profile “{name}”", name)
        self.profile_combo.setCurrentIndex(1 if profiles and not self.wiz.header_chosen else 0)
        self.profile_combo.blockSignals(False)
        self.save_edit.setText(profiles[0] if profiles else f"{agency} columns")
        self.save_check.setChecked(not profiles or self.wiz.header_chosen)
        self.save_edit.setEnabled(self.save_check.isChecked())
        self._build_rows(table, header)
        self._profile_chosen()

    def _build_rows(self, table: RawTable, header: HeaderGuess) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.combos = []
        for col, title in enumerate(("Column", "Examples", "Holds")):
            label = QLabel(f"<b>{title}</b>")
            self.grid.addWidget(label, 0, col)
        below = table.rows[header.header_index + 1 : header.header_index + 40]
        for index in range(table.width):
            name = header.columns[index] if index < len(header.columns) else ""
            shown = name or f"Column {_column_letters(index)}"
            examples: list[str] = []
            for row in below:
                text = cell_text(row[index]) if index < len(row) else ""
                if text and text not in examples:
                    examples.append(text.replace("\n", " ")[:40])
                if len(examples) == 3:
                    break
            combo = _named(QComboBox(), f"field_combo_{index}")
            for fld, label_text in FIELD_LABELS.items():
                combo.addItem(label_text, fld.value)
            combo.currentIndexChanged.connect(lambda _i: self._mapping_changed())
            sample = QLabel(" · ".join(examples) or "(empty)")
            sample.setStyleSheet("color: palette(mid);" if not examples else "")
            self.grid.addWidget(QLabel(shown), index + 1, 0)
            self.grid.addWidget(sample, index + 1, 1)
            self.grid.addWidget(combo, index + 1, 2)
            self.combos.append(combo)
        for grid_row in range(self.grid.rowCount()):
            self.grid.setRowStretch(grid_row, 0)
        self.grid.setRowStretch(table.width + 1, 1)

    def _profile_chosen(self) -> None:
        header = self.wiz.header
        assert header is not None
        name = self.profile_combo.currentData()
        mapping = dict(header.mapping)
        if name:
            with self.wiz.ctx.store.session() as s:
                profile = find_profile(s, self.wiz.file_page.agency, str(name))
                if profile is not None:
                    mapping = mapping_from_profile(profile.mapping_json, header)
        self.set_mapping(mapping)
        self.wiz.mapping_source = f"profile {name!r}" if name else "detected"

    def set_mapping(self, mapping: dict[int, Field]) -> None:
        for index, combo in enumerate(self.combos):
            fld = mapping.get(index, Field.IGNORE)
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(Field(fld).value))
            combo.blockSignals(False)
        self._mapping_changed()

    def set_field(self, column: int, fld: Field) -> None:
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(fld.value))

    def mapping(self) -> dict[int, Field]:
        return {i: Field(c.currentData()) for i, c in enumerate(self.combos)}

    def _mapping_changed(self) -> None:
        fields = set(self.mapping().values())
        missing = [
            label
            for fld, label in ((Field.DATE, "a date"), (Field.EVENT, "an event"))
            if fld not in fields
        ]
        single = [
            FIELD_LABELS[f]
            for f in (Field.DATE, Field.TIME, Field.SEQUENCE)
            if list(self.mapping().values()).count(f) > 1
        ]
        problems = []
        if missing:
            problems.append("Choose " + " and ".join(missing) + " column.")
        if single:
            problems.append(
                "Only the first non-empty cell is used of the columns marked "
                + ", ".join(single)
                + "."
            )
        self.problem_label.setText(" ".join(problems))
        self.problem_label.setStyleSheet(_ERROR if missing else "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        fields = set(self.mapping().values())
        return Field.DATE in fields and Field.EVENT in fields

    def validatePage(self) -> bool:
        self.wiz.mapping = self.mapping()
        self.wiz.save_profile = (
            self.save_edit.text().strip() if self.save_check.isChecked() else None
        ) or None
        return True


class CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Check")
        self.setSubTitle("Every row is checked before anything is written to the review.")
        self.progress = _named(QProgressBar(), "check_progress")
        self.summary_label = _wrap(_named(QLabel(), "check_summary_label"))
        self.filter_combo = _named(QComboBox(), "check_filter_combo")
        for key, label in ValidationModel.FILTERS.items():
            self.filter_combo.addItem(label, key)
        self.model = ValidationModel(self)
        self.view = _named(QTableView(), "check_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.subjects_label = _wrap(_named(QLabel(), "subjects_label"))
        self.subjects_list = _named(QListWidget(), "subjects_list")
        self.subjects_list.setMaximumHeight(90)
        self.revision_label = _wrap(_named(QLabel(), "revision_label"))
        self.revision_list = _named(QListWidget(), "revision_list")
        self.revision_list.setMaximumHeight(120)
        show = QHBoxLayout()
        show.addWidget(QLabel("Show"))
        show.addWidget(self.filter_combo)
        show.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.revision_label)
        layout.addWidget(self.revision_list)
        layout.addLayout(show)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.subjects_label)
        layout.addWidget(self.subjects_list)
        self.filter_combo.currentIndexChanged.connect(
            lambda _i: self.model.set_filter(str(self.filter_combo.currentData()))
        )
        self.task: Task | None = None

    def initializePage(self) -> None:
        self.wiz.prepared = None
        self.wiz.diff = None
        self.model.set_prepared(None)
        self.subjects_list.clear()
        self.revision_list.clear()
        for widget in (
            self.subjects_label,
            self.subjects_list,
            self.revision_label,
            self.revision_list,
        ):
            widget.setVisible(False)
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.summary_label.setText("Checking the rows…")
        self.summary_label.setStyleSheet("")
        self.task = self.wiz.start_check()
        self.task.progress.connect(self._progress)
        self.task.succeeded.connect(self._checked)
        self.task.failed.connect(self._failed)
        self.completeChanged.emit()

    def cleanupPage(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel()

    def _progress(self, percent: int, message: str) -> None:
        if percent >= 0:
            self.progress.setValue(percent)
        if message:
            self.summary_label.setText(message)

    def _checked(self, result: Any) -> None:
        prepared, diff = result
        self.wiz.prepared = prepared
        self.wiz.diff = diff
        self.progress.setVisible(False)
        summary = prepared.summary()
        counts = prepared.counts
        text = (
            f"<b>{summary['accounting']}.</b> "
            f"{summary['warnings']} warning{'s' if summary['warnings'] != 1 else ''}."
        )
        if counts["quarantined"]:
            text += (
                f" The {counts['quarantined']} row{'s' if counts['quarantined'] != 1 else ''} "
                "with errors will wait in quarantine with their cells and reasons, to be "
                "fixed and released later."
            )
        if not counts["imported"] and not counts["quarantined"]:
            text += " There is nothing to import."
        self.summary_label.setText(text)
        self.model.set_prepared(prepared)
        unknown = prepared.unknown_subjects
        if unknown:
            self.subjects_label.setText(
                "These names in the subject column are not in the register of people. Tick "
                "the ones to add to it (the others stay as text on the events):"
            )
            for name in unknown:
                item = QListWidgetItem(name)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.subjects_list.addItem(item)
        self.subjects_label.setVisible(bool(unknown))
        self.subjects_list.setVisible(bool(unknown))
        if diff is not None:
            s = diff.summary()
            self.revision_label.setText(
                f"<b>Compared with {s['previous_file']}:</b> {s['added']} added, "
                f"{s['changed']} changed, {s['removed'] + s['kept']} no longer in the file "
                f"({s['kept']} of them kept because the panel has worked on them), "
                f"{s['unchanged']} unchanged"
                + (f"; {s['conflicts']} reviewer's edits kept" if s["conflicts"] else "")
                + "."
            )
            for item in s["items"]:
                where = f"row {item['row']}" if "row" in item else "earlier event"
                detail = ""
                if item.get("changes"):
                    detail = " — " + ", ".join(item["changes"]) + " changed"
                if item.get("kept"):
                    detail += f" — kept: {item['kept']}"
                self.revision_list.addItem(
                    f"{item['kind']}: {where}, {item['date']}: {item['text'][:80]}{detail}"
                )
            self.revision_label.setVisible(True)
            self.revision_list.setVisible(bool(s["items"]))
        self.completeChanged.emit()

    def _failed(self, exc: object) -> None:
        self.progress.setVisible(False)
        self.summary_label.setText(
            str(exc) if isinstance(exc, WorkbenchError) else f"The file could not be checked: {exc}"
        )
        self.summary_label.setStyleSheet(_ERROR)
        self.completeChanged.emit()

    def subjects_to_add(self) -> list[str]:
        return [
            self.subjects_list.item(i).text()
            for i in range(self.subjects_list.count())
            if self.subjects_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def isComplete(self) -> bool:
        prepared = self.wiz.prepared
        if prepared is None:
            return False
        counts = prepared.counts
        return bool(counts["imported"] or counts["quarantined"] or self.wiz.diff is not None)


class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Import")
        self.setSubTitle("The rows are written in one step: a cancel leaves the review as it was.")
        self.progress = _named(QProgressBar(), "import_progress")
        self.status_label = _wrap(_named(QLabel(), "import_status_label"))
        self.cancel_button = _named(QPushButton("Cancel the import"), "cancel_import_button")
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.status_label)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        layout.addStretch(1)
        self.cancel_button.clicked.connect(self.cancel)
        self.task: Task | None = None
        self.done = False

    def initializePage(self) -> None:
        self.done = False
        self.progress.setValue(0)
        self.status_label.setStyleSheet("")
        self.status_label.setText("Writing the events…")
        self.cancel_button.setEnabled(True)
        self.task = self.wiz.start_import()
        self.task.progress.connect(self._progress)
        self.task.succeeded.connect(self._succeeded)
        self.task.failed.connect(self._failed)
        self.task.cancelled.connect(self._cancelled)
        self.completeChanged.emit()

    def cancel(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel()
            self.status_label.setText("Cancelling…")
            self.cancel_button.setEnabled(False)

    def _progress(self, percent: int, message: str) -> None:
        if percent >= 0:
            self.progress.setValue(percent)
        if message:
            self.status_label.setText(message)

    def _succeeded(self, summary: dict[str, Any]) -> None:
        self.done = True
        self.progress.setValue(100)
        self.cancel_button.setEnabled(False)
        self.wiz.summary = summary
        self.status_label.setText("Imported.")
        self.completeChanged.emit()
        self.wiz.imported.emit(summary)
        self.wiz.ctx.store.notify("data")
        self.wiz.next()

    def _failed(self, exc: object) -> None:
        self.cancel_button.setEnabled(False)
        self.status_label.setStyleSheet(_ERROR)
        self.status_label.setText(f"The import failed and the review was left as it was: {exc}")

    def _cancelled(self) -> None:
        self.cancel_button.setEnabled(False)
        self.status_label.setText("The import was cancelled: the review was left as it was.")
        if self.wiz.closing:
            self.wiz.finish_reject()

    def isComplete(self) -> bool:
        return self.done


class SummaryPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Imported")
        self.text_label = _wrap(_named(QLabel(), "summary_label"))
        self.text_label.setTextFormat(Qt.TextFormat.RichText)
        self.quarantine_button = _named(
            QPushButton("Fix the quarantined rows…"), "open_quarantine_button"
        )
        self.corroboration_button = _named(
            QPushButton("Review the possible pairs…"), "open_corroboration_button"
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.quarantine_button)
        buttons.addWidget(self.corroboration_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_label)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.quarantine_button.clicked.connect(self._open_quarantine)
        self.corroboration_button.clicked.connect(self._open_corroboration)

    def initializePage(self) -> None:
        s = self.wiz.summary or {}
        lines = [
            f"<b>{s.get('imported', 0)} events</b> from {s.get('file', '')}"
            + (f" ({s['location']})" if s.get("location") else "")
            + f" are in the chronology of {s.get('agency', '')}.",
            f"{s.get('accounting', '')}.",
        ]
        warned = len({w["row"] for w in s.get("warning_list", [])})
        if warned:
            lines.append(
                f"{warned} row{' was' if warned == 1 else 's were'} imported with a warning."
            )
        revision = s.get("revision")
        if revision:
            lines.append(
                f"Revision of {revision['previous_file']}: {revision['added']} added, "
                f"{revision['changed']} changed, {revision['removed']} removed, "
                f"{revision['kept']} kept, {revision['unchanged']} unchanged."
            )
        if s.get("quarantined"):
            n = s["quarantined"]
            lines.append(
                f"{n} row{' waits' if n == 1 else 's wait'} in quarantine, to be fixed and "
                "released into the chronology."
            )
        pairs = s.get("corroboration_suggestions", 0)
        if pairs:
            lines.append(
                f"{pairs} events look like contacts another agency recorded too: "
                "confirm or dismiss the pairs."
            )
        if s.get("people_added"):
            lines.append(f"Added to the register: {', '.join(s['people_added'])}.")
        self.text_label.setText("<br><br>".join(lines))
        self.quarantine_button.setVisible(bool(s.get("quarantined")))
        self.corroboration_button.setVisible(bool(pairs))

    def _open_quarantine(self) -> None:
        from workbench.gui.quarantine_dialog import QuarantineDialog

        dialog = QuarantineDialog(self.wiz.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.show()

    def _open_corroboration(self) -> None:
        from workbench.gui.corroboration_dialog import CorroborationDialog

        dialog = CorroborationDialog(self.wiz.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.show()


# ---------------------------------------------------------------------------------------
# The wizard
# ---------------------------------------------------------------------------------------


class ImportWizard(QWizard):
    """Import one agency chronology into the review of ``ctx``.

    ``path`` (a file chosen or dropped on the main window) fills in the first page.
    """

    imported = Signal(dict)

    def __init__(
        self, ctx: ReviewContext, path: str | Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("import_wizard")
        self.setWindowTitle("Import a chronology")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setAcceptDrops(True)
        self.table: RawTable | None = None
        self.header: HeaderGuess | None = None
        self.header_problem = ""
        self.header_chosen = False
        self.mapping: dict[int, Field] = {}
        self.mapping_source = "detected"
        self.save_profile: str | None = None
        self.previous_file: str | None = None
        self.prepared: PreparedImport | None = None
        self.diff: Any = None
        self.summary: dict[str, Any] | None = None
        self.closing = False

        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        self.summary_page = SummaryPage(self)
        for page in (
            self.file_page,
            self.preview_page,
            self.mapping_page,
            self.check_page,
            self.import_page,
            self.summary_page,
        ):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Import")
        self.check_page.setCommitPage(True)
        self.resize(980, 680)
        if path:
            self.file_page.set_path(path)

    # -- drag and drop -----------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped(event) is not None and self.currentId() == 0:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped(event)
        if path is None or self.currentId() != 0:
            event.ignore()
            return
        event.acceptProposedAction()
        self.file_page.set_path(path)

    @staticmethod
    def _dropped(event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        urls = [u for u in mime.urls() if u.isLocalFile()] if mime.hasUrls() else []
        if len(urls) != 1:
            return None
        path = Path(urls[0].toLocalFile())
        return path if path.suffix.lower() in SUPPORTED_SUFFIXES else None

    # -- work on the worker thread -------------------------------------------------------
    def start_check(self) -> Task:
        store = self.ctx.store
        page = self.file_page
        path, agency, location = page.path, page.agency, page.location
        assert path is not None
        table = self.table
        header_row = self.header.header_index if self.header_chosen and self.header else None
        mapping = dict(self.mapping)
        revises = True if page.revision_check.isChecked() else None

        def work(task: Task) -> tuple[PreparedImport, Any]:
            def progress(done: int, total: int) -> None:
                task.report(done * 100 // max(total, 1), f"Checking row {done:,} of {total:,}…")

            try:
                prepared = prepare_import(
                    store,
                    path,
                    agency,
                    location=location,
                    mapping=mapping,
                    header_row=header_row,
                    revises=revises,
                    table=table,
                    progress=progress,
                    cancelled=lambda: task.is_cancelled,
                )
            except ImportCancelled:
                raise Cancelled() from None
            prepared.mapping_source = self.mapping_source
            diff = None
            if prepared.revises is not None:
                from workbench.importers.revision import diff_revision

                diff = diff_revision(store, prepared)
            return prepared, diff

        return self.ctx.runner.start(work, f"Checking {path.name}", visible=False)

    def start_import(self) -> Task:
        store = self.ctx.store
        prepared = self.prepared
        assert prepared is not None
        diff = self.diff
        save_profile = self.save_profile
        add_subjects = self.check_page.subjects_to_add()

        rows = len(diff.added) if diff is not None else prepared.counts["imported"]

        def work(task: Task) -> dict[str, Any]:
            def progress(done: int, total: int) -> None:
                if done < rows:
                    message = f"Writing {done:,} of {rows:,} events…"
                elif done < total:
                    message = "Indexing the events for search…"
                else:
                    message = "Saving…"
                task.report(done * 100 // max(total, 1), message)

            try:
                if diff is not None:
                    from workbench.importers.revision import apply_revision

                    summary = apply_revision(
                        store,
                        prepared,
                        diff=diff,
                        save_profile=save_profile,
                        add_subjects=add_subjects,
                        progress=progress,
                        cancelled=lambda: task.is_cancelled,
                    )
                else:
                    summary = commit_import(
                        store,
                        prepared,
                        save_profile=save_profile,
                        add_subjects=add_subjects,
                        progress=progress,
                        cancelled=lambda: task.is_cancelled,
                    )
            except ImportCancelled:
                raise Cancelled() from None
            summary["people_added"] = list(add_subjects)
            summary["corroboration_suggestions"] = _suggest_pairs(store, summary)
            return summary

        return self.ctx.runner.start(work, f"Importing {prepared.path.name}", visible=False)

    # -- closing ------------------------------------------------------------------------
    def _running(self) -> Task | None:
        for task in (self.check_page.task, self.import_page.task):
            if task is not None and not task.done:
                return task
        return None

    def reject(self) -> None:
        task = self._running()
        if task is None:
            super().reject()
            return
        # Close once the worker has stopped (a cancelled import writes nothing).
        self.closing = True
        task.cancel()
        self.import_page.status_label.setText("Cancelling…")
        task.finished.connect(self.finish_reject)

    def finish_reject(self) -> None:
        if self.isVisible() or self.closing:
            self.closing = False
            super().reject()


def _suggest_pairs(store: Any, summary: dict[str, Any]) -> int:
    """Store same-contact suggestions for the new events; their number (0 on a problem:
    the import itself is done)."""
    from sqlalchemy import select as sql_select

    from workbench.core.model import Event
    from workbench.importers.corroboration import store_suggestions

    source_id = summary.get("source_id")
    if source_id is None:
        return 0
    try:
        with store.session() as s:
            ids = list(s.scalars(sql_select(Event.id).where(Event.source_file_id == source_id)))
        return len(store_suggestions(store, event_ids=ids)) if ids else 0
    except WorkbenchError:
        return 0
