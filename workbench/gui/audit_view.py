"""The audit trail, read-only: who changed which item, when, and the values before and after.

:class:`AuditModel` is a thin table model over the ``audit_entry`` table: the filter and
the sort order go into the SQL query, and rows are fetched in pages as the view scrolls
(``canFetchMore``/``fetchMore``), so a trail of any length opens at once. Nothing here
can change an entry: the model has no ``setData`` and no editable flags.

:class:`AuditDialog` shows the model with filters (panel member, action, kind of item,
free text), the full before/after values of the selected entry, and "Export CSV".
"""

from __future__ import annotations

import contextlib
import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from workbench.core.model import AuditEntry
from workbench.gui.context import ReviewContext
from workbench.gui.table_model import ReadOnlyTableModel

ModelIndex = QModelIndex | QPersistentModelIndex

#: Keys that name an item for a person, in order of preference.
_NAME_KEYS = (
    "title",
    "name",
    "abbreviation",
    "number",
    "key",
    "date_text",
    "text",
    "description",
    "file_name",
)


# -- the query (headless) ---------------------------------------------------------------------
@dataclass(frozen=True)
class AuditFilter:
    """What to show; empty fields mean "any"."""

    user: str = ""
    action: str = ""
    item_type: str = ""
    text: str = ""

    def apply(self, stmt: Select[Any]) -> Select[Any]:
        if self.user:
            stmt = stmt.where(AuditEntry.user == self.user)
        if self.action:
            stmt = stmt.where(AuditEntry.action == self.action)
        if self.item_type:
            stmt = stmt.where(AuditEntry.item_type == self.item_type)
        for word in self.text.split():
            pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(
                or_(
                    AuditEntry.label.ilike(pattern, escape="\\"),
                    AuditEntry.before_json.ilike(pattern, escape="\\"),
                    AuditEntry.after_json.ilike(pattern, escape="\\"),
                    AuditEntry.item_uuid.ilike(pattern, escape="\\"),
                    AuditEntry.user.ilike(pattern, escape="\\"),
                )
            )
        return stmt


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    user: str
    action: str
    item_type: str
    item_uuid: str
    label: str
    before: dict[str, Any]
    after: dict[str, Any]

    @property
    def local_time(self) -> datetime:
        """The entry's time on this computer's clock (entries are kept in UTC)."""
        return self.at.replace(tzinfo=UTC).astimezone()

    @property
    def item(self) -> str:
        """The item as a person would name it ("Finding: Missed opportunities")."""
        for values in (self.after, self.before):
            for key in _NAME_KEYS:
                value = values.get(key)
                if value not in (None, ""):
                    return _short(str(value), 60)
        return self.item_uuid[:8]

    def changes(self) -> str:
        """One line: "text: 'old' → 'new'; outcome: …" (created/deleted items: the values)."""
        keys = sorted(set(self.before) | set(self.after))
        if self.before and self.after:
            return "; ".join(
                f"{k}: {_short(_value(self.before.get(k)), 40)} → "
                f"{_short(_value(self.after.get(k)), 40)}"
                for k in keys
            )
        values = self.after or self.before
        return "; ".join(
            f"{k}: {_short(_value(values[k]), 40)}"
            for k in keys
            if values[k] not in (None, "", [], False)
        )

    def details(self) -> str:
        """Every value before and after, one per line."""
        lines = [
            f"{self.local_time:%d %b %Y %H:%M:%S}  {self.user or 'unknown'}  {self.action}  "
            f"{self.item_type.replace('_', ' ')}  {self.item_uuid}",
        ]
        if self.label:
            lines.append(self.label)
        for key in sorted(set(self.before) | set(self.after)):
            before, after = self.before.get(key), self.after.get(key)
            if self.before and self.after:
                lines.append(f"\n{key}\n  before: {_value(before)}\n  after:  {_value(after)}")
            else:
                lines.append(f"\n{key}: {_value(after if self.after else before)}")
        return "\n".join(lines)


def _value(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, str):
        return repr(value) if value else "(empty)"
    return json.dumps(value, ensure_ascii=False)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _loads(raw: str) -> dict[str, Any]:
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError:
        return {"value": raw}
    return value if isinstance(value, dict) else {"value": value}


def _row(entry: AuditEntry) -> AuditRow:
    return AuditRow(
        entry.id,
        entry.at,
        entry.user,
        entry.action,
        entry.item_type,
        entry.item_uuid,
        entry.label,
        _loads(entry.before_json),
        _loads(entry.after_json),
    )


#: Sortable columns: column number -> ORM attribute.
_SORT: dict[int, InstrumentedAttribute[Any]] = {
    0: AuditEntry.at,
    1: AuditEntry.user,
    2: AuditEntry.action,
    3: AuditEntry.item_type,
    5: AuditEntry.label,
}


def query_rows(
    session: Session,
    flt: AuditFilter,
    *,
    column: int = 0,
    descending: bool = True,
    offset: int = 0,
    limit: int | None = None,
) -> list[AuditRow]:
    key = _SORT.get(column, AuditEntry.at)
    if descending:
        stmt = flt.apply(select(AuditEntry)).order_by(key.desc(), AuditEntry.id.desc())
    else:
        stmt = flt.apply(select(AuditEntry)).order_by(key.asc(), AuditEntry.id.asc())
    stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [_row(e) for e in session.scalars(stmt)]


def count_rows(session: Session, flt: AuditFilter) -> int:
    stmt = flt.apply(select(func.count()).select_from(AuditEntry))
    return int(session.scalar(stmt) or 0)


def distinct_values(session: Session, column: Any) -> list[str]:
    return [str(v) for v in session.scalars(select(column).distinct().order_by(column)) if v]


CSV_FIELDS = (
    "at_utc",
    "user",
    "action",
    "item_type",
    "item_uuid",
    "item",
    "label",
    "before",
    "after",
)


def write_csv(rows: Iterable[AuditRow], path: Path | str) -> int:
    """Write rows to a CSV file (UTF-8 with BOM, so Excel reads it); return the count."""
    count = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        writer = csv.writer(fh)
        writer.writerow(CSV_FIELDS)
        for r in rows:
            writer.writerow(
                [
                    r.at.replace(tzinfo=UTC).isoformat(timespec="seconds"),
                    r.user,
                    r.action,
                    r.item_type,
                    r.item_uuid,
                    r.item,
                    r.label,
                    json.dumps(r.before, ensure_ascii=False, sort_keys=True) if r.before else "",
                    json.dumps(r.after, ensure_ascii=False, sort_keys=True) if r.after else "",
                ]
            )
            count += 1
    return count


# -- the model ------------------------------------------------------------------------------
class AuditModel(ReadOnlyTableModel):
    """A read-only table over the audit trail, fetched page by page."""

    PAGE_SIZE = 500
    COLUMNS: Sequence[str] = (
        "When",
        "Who",
        "Action",
        "Kind of item",
        "Item",
        "Description",
        "Changes",
    )
    #: The row's :class:`AuditRow` (for the details pane).
    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, ctx: ReviewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filter = AuditFilter()
        self._sort = (0, True)
        self._rows: list[AuditRow] = []
        self._total = 0
        self.reload()

    # -- loading ----------------------------------------------------------------------------
    def set_filter(self, flt: AuditFilter) -> None:
        if flt != self.filter:
            self.filter = flt
            self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        with self.ctx.store.session() as s:
            self._total = count_rows(s, self.filter)
            self._rows = query_rows(
                s, self.filter, column=self._sort[0], descending=self._sort[1], limit=self.PAGE_SIZE
            )
        self.endResetModel()

    @property
    def total(self) -> int:
        """Entries matching the filter (the view may hold fewer until it scrolls)."""
        return self._total

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or len(self._rows) >= self._total:
            return
        with self.ctx.store.session() as s:
            more = query_rows(
                s,
                self.filter,
                column=self._sort[0],
                descending=self._sort[1],
                offset=len(self._rows),
                limit=self.PAGE_SIZE,
            )
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def all_rows(self) -> list[AuditRow]:
        """Every entry matching the filter, in the current order (for an export)."""
        with self.ctx.store.session() as s:
            return query_rows(s, self.filter, column=self._sort[0], descending=self._sort[1])

    def row_at(self, row: int) -> AuditRow:
        return self._rows[row]

    # -- Qt model interface ----------------------------------------------------------------
    def rows(self) -> Sequence[Any]:
        return self._rows

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return f"{r.local_time:%A %d %B %Y, %H:%M:%S}"
            if col in (4, 6):
                return _short(r.details(), 2000)
            return None
        if role == self.RowRole:
            return r
        return None

    @staticmethod
    def _display(r: AuditRow, col: int) -> str | None:
        if col == 0:
            return f"{r.local_time:%d %b %Y %H:%M}"
        if col == 1:
            return r.user or "unknown"
        if col == 2:
            return r.action
        if col == 3:
            return r.item_type.replace("_", " ")
        if col == 4:
            return r.item
        if col == 5:
            return r.label
        if col == 6:
            return _short(r.changes(), 200)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in _SORT:
            return
        self._sort = (column, order == Qt.SortOrder.DescendingOrder)
        self.reload()


# -- the dialog -----------------------------------------------------------------------------
class AuditDialog(QDialog):
    """The review's audit trail: filter it, read an entry's values, export it to CSV."""

    def __init__(self, ctx: ReviewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Audit trail")
        self.resize(1100, 640)
        self.model = AuditModel(ctx, self)

        self.user_combo = QComboBox(self)
        self.action_combo = QComboBox(self)
        self.type_combo = QComboBox(self)
        self.text_edit = QLineEdit(self)
        self.text_edit.setPlaceholderText("Search descriptions and values")
        self.text_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.export_button = QPushButton("Export CSV…", self)

        filters = QHBoxLayout()
        for label, widget in (
            ("Who", self.user_combo),
            ("Action", self.action_combo),
            ("Kind", self.type_combo),
        ):
            caption = QLabel(label + ":", self)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.text_edit, 1)
        filters.addWidget(self.export_button)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for col, chars in enumerate((16, 16, 9, 14, 28, 28)):
            self.table.setColumnWidth(col, self.fontMetrics().averageCharWidth() * chars)

        self.details = QPlainTextEdit(self)
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("Select an entry to see every value before and after.")

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        note = QLabel("The audit trail is kept by the application and cannot be edited.", self)
        note.setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(note, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)

        self._fill_choices()
        for combo in (self.user_combo, self.action_combo, self.type_combo):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.text_edit.textChanged.connect(self._debounce.start)
        self.export_button.clicked.connect(self._ask_export)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        self.model.modelReset.connect(self._update_count)
        self.model.rowsInserted.connect(self._update_count)
        ctx.changed.connect(self._on_changed)
        self._update_count()

    def _fill_choices(self) -> None:
        with self.ctx.store.session() as s:
            choices = (
                (self.user_combo, "Everyone", distinct_values(s, AuditEntry.user)),
                (self.action_combo, "Any action", distinct_values(s, AuditEntry.action)),
                (self.type_combo, "Any item", distinct_values(s, AuditEntry.item_type)),
            )
        for combo, everything, values in choices:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, "")
            for value in values:
                combo.addItem(value.replace("_", " "), value)
            found = combo.findData(current) if current else 0
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def current_filter(self) -> AuditFilter:
        return AuditFilter(
            user=str(self.user_combo.currentData() or ""),
            action=str(self.action_combo.currentData() or ""),
            item_type=str(self.type_combo.currentData() or ""),
            text=self.text_edit.text().strip(),
        )

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.current_filter())
        self.details.clear()

    def _on_changed(self, _kind: str) -> None:
        self._fill_choices()
        self.model.reload()

    def _update_count(self, *_args: object) -> None:
        total = self.model.total
        self.count_label.setText(f"{total} entr{'y' if total == 1 else 'ies'}")

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = current.data(AuditModel.RowRole) if current.isValid() else None
        self.details.setPlainText(row.details() if isinstance(row, AuditRow) else "")

    def export_csv(self, path: Path | str) -> int:
        """Write the entries matching the current filter to ``path``; return the count."""
        return write_csv(self.model.all_rows(), path)

    def _ask_export(self) -> None:
        default = self.ctx.store.path.with_name(self.ctx.store.path.stem + "-audit.csv")
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the audit trail", str(default), "CSV files (*.csv)"
        )
        if not name:
            return
        try:
            count = self.export_csv(name)
        except OSError as exc:
            QMessageBox.warning(
                self,
                "Export the audit trail",
                f"The file could not be written: {exc.strerror or exc}",
            )
            return
        QMessageBox.information(
            self, "Export the audit trail", f"Wrote {count} entries to {Path(name).name}."
        )

    def done(self, result: int) -> None:
        with contextlib.suppress(RuntimeError, TypeError):
            self.ctx.changed.disconnect(self._on_changed)
        super().done(result)
