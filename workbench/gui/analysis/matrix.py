"""The traceability matrix: research questions -> findings (with their evidence) ->
recommendations -> actions, every broken link marked with an icon, a colour and words.
Clicking a cell shows that item in its page."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QDate, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.analysis import (
    ACTION_STATUS_LABELS,
    GAP_KINDS,
    Gap,
    Matrix,
    MatrixRow,
    check_review,
    traceability,
)
from workbench.core.model import FindingKind
from workbench.gui.analysis.base import Host, Page
from workbench.gui.analysis.common import (
    GAP_ROLE,
    ID_ROLE,
    KIND_ROLE,
    MUTED_COLOUR,
    WARNING_BACKGROUND,
    WARNING_COLOUR,
    AnyIndex,
    WrapDelegate,
    fit_rows_to_text,
    fmt_date,
    heading,
    icon,
    short,
    status_icon,
    warning_icon,
)
from workbench.gui.context import ReviewContext

QUESTION, FINDING, EVIDENCE, RECOMMENDATION, ACTION, DUE, STATUS = range(7)
HEADERS = ("Research question", "Finding", "Evidence", "Recommendation", "Action", "Due", "Status")


class _Cell:
    """What one cell shows: text, where a click goes, and whether it marks a gap."""

    __slots__ = ("gap", "icon", "item", "muted", "text", "tip")

    def __init__(
        self,
        text: str,
        item: tuple[str, int] | None = None,
        *,
        gap: str = "",
        tip: str = "",
        muted: bool = False,
        icon: Any = None,
    ) -> None:
        self.text = text
        self.item = item
        self.gap = gap
        self.tip = tip
        self.muted = muted
        self.icon = icon


def _cells(row: MatrixRow) -> list[_Cell]:
    q, f, r, a = row.question, row.finding, row.recommendation, row.action
    out: list[_Cell] = []
    # Research question
    if q is not None:
        out.append(
            _Cell(
                f"RQ{q.number}" + (f": {q.title}" if q.title else ""),
                ("research_question", q.id),
                tip=q.text,
            )
        )
    elif f is not None:
        out.append(
            _Cell(
                "Answers no research question",
                ("finding", f.id),
                gap="finding_without_question",
                tip="Tick the research question this finding answers",
            )
        )
    else:
        out.append(_Cell("—", None, muted=True))
    # Finding and its evidence
    if f is not None:
        kind_label = (
            FindingKind(f.kind).label if f.kind in FindingKind._value2member_map_ else f.kind
        )
        out.append(
            _Cell(
                f.title,
                ("finding", f.id),
                icon=icon(f.kind),
                tip=f"{kind_label}: {f.title}" + (f"\n{f.category}" if f.category else ""),
            )
        )
        if f.without_evidence:
            out.append(
                _Cell(
                    "No evidence",
                    ("finding", f.id),
                    gap="finding_without_evidence",
                    tip="Link events or episodes to this finding",
                )
            )
        else:
            out.append(
                _Cell(
                    f.evidence_text,
                    ("finding", f.id),
                    tip=f"{f.evidence_event_count} distinct events behind it",
                )
            )
    elif q is not None:
        out.append(
            _Cell(
                "No finding answers this question",
                ("research_question", q.id),
                gap="question_without_finding",
            )
        )
        out.append(_Cell("", ("research_question", q.id), muted=True))
    elif r is not None:
        out.append(
            _Cell(
                "Traced to no finding",
                ("recommendation", r.id),
                gap="recommendation_without_finding",
            )
        )
        out.append(_Cell("", ("recommendation", r.id), muted=True))
    else:
        out.extend([_Cell("", None, muted=True), _Cell("", None, muted=True)])
    # Recommendation
    if r is not None:
        to = ", ".join(r.targets)
        out.append(
            _Cell(f"R{r.number}" + (f" · {to}" if to else ""), ("recommendation", r.id), tip=r.text)
        )
    elif f is not None and f.kind == FindingKind.GOOD_PRACTICE.value:
        out.append(_Cell("Good practice: none needed", ("finding", f.id), muted=True))
    elif f is not None:
        out.append(
            _Cell(
                "No recommendation",
                ("finding", f.id),
                gap="finding_without_recommendation",
                tip="No recommendation answers this finding",
            )
        )
    else:
        out.append(_Cell("", None, muted=True))
    # Action
    if a is not None:
        number = ""
        if r is not None:
            ids = [x.id for x in r.actions]
            number = f"{r.number}.{ids.index(a.id) + 1} " if a.id in ids else ""
        out.append(
            _Cell(
                f"{number}{short(a.description, 110)}",
                ("action", a.id),
                tip=a.description + (f"\nOwner: {a.owner}" if a.owner else ""),
            )
        )
        if a.due_date is None:
            out.append(_Cell("no date", ("action", a.id), muted=True))
        elif a.overdue:
            out.append(
                _Cell(
                    f"{fmt_date(a.due_date)} · overdue",
                    ("action", a.id),
                    gap="action_overdue",
                    icon=icon("overdue", WARNING_COLOUR),
                    tip=f"Overdue: due {fmt_date(a.due_date)}, not complete",
                )
            )
        else:
            out.append(_Cell(fmt_date(a.due_date), ("action", a.id)))
        out.append(
            _Cell(
                ACTION_STATUS_LABELS.get(a.status, a.status),
                ("action", a.id),
                icon=status_icon(a.status),
            )
        )
    elif r is not None:
        out.append(
            _Cell(
                "No action",
                ("recommendation", r.id),
                gap="recommendation_without_action",
                tip="The action plan has no action for this recommendation",
            )
        )
        out.extend(
            [
                _Cell("", ("recommendation", r.id), muted=True),
                _Cell("", ("recommendation", r.id), muted=True),
            ]
        )
    else:
        out.extend([_Cell("", None, muted=True) for _ in range(3)])
    return out


class MatrixModel(QAbstractTableModel):
    """The matrix as a read-only table, one row per path (see :meth:`Matrix.rows`)."""

    def __init__(self, ctx: ReviewContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.today = date.today()
        self.gaps_only = False
        self.matrix: Matrix | None = None
        self._rows: list[MatrixRow] = []
        self._cells: list[list[_Cell]] = []

    def reload(self) -> None:
        with self.ctx.store.session() as session:
            matrix = traceability(session, self.today)
        rows = matrix.rows()
        cells = [_cells(r) for r in rows]
        if self.gaps_only:
            keep = [i for i, c in enumerate(cells) if any(x.gap for x in c)]
            rows = [rows[i] for i in keep]
            cells = [cells[i] for i in keep]
        self.beginResetModel()
        self.matrix = matrix
        self._rows = rows
        self._cells = cells
        self.endResetModel()

    def matrix_rows(self) -> list[MatrixRow]:
        return list(self._rows)

    def target(self, index: AnyIndex) -> tuple[str, int] | None:
        if not index.isValid():
            return None
        return self._cells[index.row()][index.column()].item

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(HEADERS)
        ):
            return HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cells):
            return None
        cell = self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.ToolTipRole:
            heading_ = GAP_KINDS.get(cell.gap, "")
            parts = [p for p in (heading_, cell.tip) if p]
            if cell.item is not None:
                parts.append("Click to open it")
            return "\n".join(parts) or None
        if role == Qt.ItemDataRole.DecorationRole:
            if cell.gap and cell.icon is None:
                return warning_icon()
            return cell.icon
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.BackgroundRole and cell.gap:
            return QColor(WARNING_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole:
            if cell.gap:
                return QColor(WARNING_COLOUR)
            if cell.muted:
                return QColor(MUTED_COLOUR)
            return None
        if role == Qt.ItemDataRole.FontRole and (cell.gap or cell.muted) and cell.text:
            font = QFont()
            font.setItalic(cell.muted)
            font.setBold(bool(cell.gap))
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{GAP_KINDS[cell.gap]}: {cell.text}" if cell.gap else cell.text
        if role == KIND_ROLE:
            return cell.item[0] if cell.item else None
        if role == ID_ROLE:
            return cell.item[1] if cell.item else None
        if role == GAP_ROLE:
            return cell.gap or None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def spans(self) -> list[tuple[int, int, int, int]]:
        """(row, column, rows, columns) of cells repeated down consecutive rows."""
        out: list[tuple[int, int, int, int]] = []

        def key(r: MatrixRow, level: int) -> Any:
            q, f, rec = r.question, r.finding, r.recommendation
            k0: Any = q.id if q else (("f", f.id) if f else ("r", rec.id if rec else None))
            k1: Any = (k0, f.id if f else ("r", rec.id if rec else None))
            return (k0, k1, (k1, rec.id if rec else None))[level]

        for level, columns in ((0, (QUESTION,)), (1, (FINDING, EVIDENCE)), (2, (RECOMMENDATION,))):
            start = 0
            for i in range(1, len(self._rows) + 1):
                if i == len(self._rows) or key(self._rows[i], level) != key(
                    self._rows[start], level
                ):
                    if i - start > 1:
                        out.extend((start, c, i - start, 1) for c in columns)
                    start = i
        return out


class GapsModel(QAbstractListModel):
    """The review check's gaps, one line each."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._gaps: list[Gap] = []

    def set_gaps(self, gaps: list[Gap]) -> None:
        self.beginResetModel()
        self._gaps = list(gaps)
        self.endResetModel()

    def gaps(self) -> list[Gap]:
        return list(self._gaps)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._gaps)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._gaps):
            return None
        g = self._gaps[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{g.item}: {g.message}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return GAP_KINDS.get(g.kind, g.kind)
        if role == Qt.ItemDataRole.DecorationRole:
            if g.kind == "action_overdue":
                return icon("overdue", WARNING_COLOUR)
            return warning_icon()
        if role == KIND_ROLE:
            return g.item_kind
        if role == ID_ROLE:
            return g.item_id
        if role == GAP_ROLE:
            return g.kind
        return None


class MatrixPage(Page):
    key = "matrix"
    title = "Traceability matrix"
    icon_name = "matrix"

    def __init__(self, ctx: ReviewContext, host: Host) -> None:
        super().__init__(ctx, host)
        self.model = MatrixModel(ctx, self)
        self.gaps_model = GapsModel(self)

        self.summary = QLabel()
        self.summary.setObjectName("matrix_summary")
        self.summary.setWordWrap(True)
        self.as_at = QDateEdit()
        self.as_at.setObjectName("matrix_as_at")
        self.as_at.setAccessibleName("Overdue as at")
        self.as_at.setCalendarPopup(True)
        self.as_at.setDisplayFormat("d MMM yyyy")
        self.as_at.setDate(QDate.currentDate())
        self.as_at.setToolTip("Actions due before this date and not complete are overdue")
        self.as_at.dateChanged.connect(self._as_at_changed)
        self.gaps_only = QCheckBox("Only rows with gaps")
        self.gaps_only.setObjectName("matrix_gaps_only")
        self.gaps_only.toggled.connect(self._gaps_only_changed)
        bar = QHBoxLayout()
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.gaps_only)
        bar.addWidget(QLabel("Overdue as at:"))
        bar.addWidget(self.as_at)

        self.view = QTableView()
        self.view.setObjectName("matrix_table")
        self.view.setAccessibleName("Traceability matrix")
        self.view.setModel(self.model)
        self.view.setItemDelegate(WrapDelegate(self.view))
        fit_rows_to_text(self.view)
        self.view.setWordWrap(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.setShowGrid(True)
        self.view.setMouseTracking(True)
        header = self.view.horizontalHeader()
        header.setHighlightSections(False)
        widths = {QUESTION: 190, EVIDENCE: 140, RECOMMENDATION: 165, DUE: 140, STATUS: 100}
        for col in range(len(HEADERS)):
            if col in (FINDING, ACTION):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
            else:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                self.view.setColumnWidth(col, widths[col])
        self.view.clicked.connect(self._cell_clicked)
        self.view.activated.connect(self._cell_clicked)

        self.gaps_title = heading("Gaps")
        self.gaps_view = QListView()
        self.gaps_view.setObjectName("matrix_gaps")
        self.gaps_view.setAccessibleName("Gaps in the analysis")
        self.gaps_view.setModel(self.gaps_model)
        self.gaps_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.gaps_view.setWordWrap(True)
        self.gaps_view.clicked.connect(self._gap_clicked)
        self.gaps_view.activated.connect(self._gap_clicked)
        gaps_box = QWidget()
        gl = QVBoxLayout(gaps_box)
        gl.setContentsMargins(0, 0, 0, 0)
        gl.addWidget(self.gaps_title)
        gl.addWidget(self.gaps_view, 1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("matrix_splitter")
        split.addWidget(self.view)
        split.addWidget(gaps_box)
        split.setStretchFactor(0, 5)
        split.setStretchFactor(1, 1)
        split.setSizes([760, 150])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

    def set_today(self, today: date) -> None:
        """Judge overdue actions as at ``today``."""
        self.as_at.setDate(QDate(today.year, today.month, today.day))

    def _as_at_changed(self, value: QDate) -> None:
        self.model.today = date(value.year(), value.month(), value.day())
        self.reload()

    def _gaps_only_changed(self, on: bool) -> None:
        self.model.gaps_only = on
        self.reload()

    def reload(self) -> None:
        self.model.reload()
        self.view.clearSpans()
        for row, col, rows, cols in self.model.spans():
            self.view.setSpan(row, col, rows, cols)
        self.view.resizeRowsToContents()
        with self.ctx.store.session() as session:
            gaps = check_review(session, self.model.today)
        self.gaps_model.set_gaps(gaps)
        m = self.model.matrix
        if m is not None:
            findings = m.findings()
            recs = m.recommendations()
            actions = sum(len(r.actions) for r in recs)
            self.summary.setText(
                f"{len(m.questions)} research questions · {len(findings)} findings · "
                f"{len(recs)} recommendations · {actions} actions — "
                + (f"⚠ {len(gaps)} gap{'s' if len(gaps) != 1 else ''}" if gaps else "✓ no gaps")
            )
        self.gaps_title.setText(f"Gaps ({len(gaps)})" if gaps else "Gaps: none")
        super().reload()

    def count(self) -> int | None:
        return self.gaps_model.rowCount()

    def _cell_clicked(self, index: QModelIndex) -> None:
        target = self.model.target(index)
        if target is not None:
            self.ctx.itemRequested.emit(target[0], target[1])

    def _gap_clicked(self, index: QModelIndex) -> None:
        kind = index.data(KIND_ROLE)
        item_id = index.data(ID_ROLE)
        if kind is not None and item_id is not None:
            self.ctx.itemRequested.emit(str(kind), int(item_id))
