"""The same contact seen by two agencies: suggested pairs, side by side, to confirm or
dismiss.

Suggestions come from :func:`workbench.importers.corroboration.store_suggestions` (events
of different agencies on the same or an adjacent day, about the same people, with similar
text). The reviewer reads both records next to each other and confirms the pair (the two
events are then shown as corroborating each other) or dismisses it (it is not suggested
again). Nothing is merged. Both decisions are undoable commands.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.gui.context import ReviewContext
from workbench.gui.workers import Task
from workbench.importers.corroboration import (
    ConfirmCorroboration,
    CorroborationView,
    DismissCorroboration,
    list_corroborations,
    store_suggestions,
)

STATUSES = {
    "suggested": "Suggested pairs",
    "confirmed": "Confirmed (corroborating)",
    "dismissed": "Dismissed",
    "all": "All pairs",
}


class PairModel(QAbstractTableModel):
    COLUMNS = ("Score", "Date", "Agency", "Date", "Agency", "Status", "What")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pairs: list[CorroborationView] = []

    def set_pairs(self, pairs: list[CorroborationView]) -> None:
        self.beginResetModel()
        self.pairs = pairs
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.pairs)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        pair = self.pairs[index.row()]
        a, b = pair.events
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                f"{pair.score:.2f}",
                a["date_text"],
                a["agency_short"],
                b["date_text"],
                b["agency_short"],
                pair.status,
                _short(a["text"]),
            )[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (2, 4):
            return (a if index.column() == 2 else b)["agency"]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.COLUMNS[section]
        return None


def _short(text: str, limit: int = 140) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def event_html(event: dict[str, Any]) -> str:
    """One agency's record of the contact, for the side-by-side panes."""
    colour = escape(str(event.get("colour") or "#888888"))
    rows = [
        ("Date", event["date_text"] + (f" {event['time']}" if event.get("time") else "")),
        ("Subject(s)", event.get("subjects", "")),
        ("Practitioner", event.get("practitioner", "")),
        ("Source", event.get("source", "")),
    ]
    table = "".join(
        f"<tr><td style='color:gray;padding-right:8px'>{escape(k)}</td>"
        f"<td>{escape(str(v))}</td></tr>"
        for k, v in rows
        if v
    )
    text = escape(event.get("text", "")).replace("\n", "<br>")
    outcome = escape(event.get("outcome", "")).replace("\n", "<br>")
    return (
        f"<div style='background:{colour};color:white;padding:4px'>"
        f"<b>{escape(event['agency'])}</b></div>"
        f"<table>{table}</table><p>{text}</p>"
        + (f"<p><i>Outcome:</i> {outcome}</p>" if outcome else "")
    )


class CorroborationDialog(QDialog):
    """Suggested pairs of events that record the same contact, for ``ctx``'s review."""

    def __init__(self, ctx: ReviewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("corroboration_dialog")
        self.setWindowTitle("Contacts recorded by two agencies")
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("status_combo")
        for key, label in STATUSES.items():
            self.status_combo.addItem(label, key)
        self.find_button = QPushButton("Look for new pairs")
        self.find_button.setObjectName("find_button")
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.model = PairModel(self)
        self.view = QTableView()
        self.view.setObjectName("pairs_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.left_pane = QTextBrowser()
        self.left_pane.setObjectName("left_pane")
        self.right_pane = QTextBrowser()
        self.right_pane.setObjectName("right_pane")
        self.reason_label = QLabel()
        self.reason_label.setObjectName("reason_label")
        self.reason_label.setWordWrap(True)
        self.confirm_button = QPushButton("Same contact: confirm")
        self.confirm_button.setObjectName("confirm_button")
        self.dismiss_button = QPushButton("Different contacts: dismiss")
        self.dismiss_button.setObjectName("dismiss_button")
        close = QPushButton("Close")
        close.clicked.connect(self.accept)

        top = QHBoxLayout()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.status_combo)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.find_button)
        panes = QSplitter()
        panes.addWidget(self.left_pane)
        panes.addWidget(self.right_pane)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.reason_label)
        detail_layout.addWidget(panes, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel("The events stay as each agency wrote them: nothing is merged."))
        buttons.addStretch(1)
        buttons.addWidget(self.dismiss_button)
        buttons.addWidget(self.confirm_button)
        detail_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(detail)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.resize(1100, 760)

        self.task: Task | None = None
        self.status_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.view.selectionModel().currentRowChanged.connect(self._pair_changed)
        self.find_button.clicked.connect(self.find_pairs)
        self.confirm_button.clicked.connect(self.confirm)
        self.dismiss_button.clicked.connect(self.dismiss)
        ctx.changed.connect(self._store_changed)
        self.reload()

    @property
    def status(self) -> str | None:
        key = str(self.status_combo.currentData())
        return None if key == "all" else key

    def _store_changed(self, _kind: str) -> None:
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        current = self.current()
        keep = current.id if current is not None else None
        with self.ctx.store.session() as s:
            pairs = list_corroborations(s, self.status)
        self.model.set_pairs(pairs)
        label = STATUSES[str(self.status_combo.currentData())].lower()
        self.count_label.setText(f"{len(pairs)} {label}" if pairs else f"No {label}.")
        index = next((i for i, p in enumerate(pairs) if p.id == keep), 0 if pairs else -1)
        if index >= 0:
            self.view.setCurrentIndex(self.model.index(index, 0))
            self.view.selectRow(index)
        self._pair_changed()

    def current(self) -> CorroborationView | None:
        index = self.view.currentIndex()
        if not index.isValid() or index.row() >= len(self.model.pairs):
            return None
        return self.model.pairs[index.row()]

    def _pair_changed(self, *_args: object) -> None:
        pair = self.current()
        if pair is None:
            self.left_pane.clear()
            self.right_pane.clear()
            self.reason_label.setText("")
        else:
            a, b = pair.events
            self.left_pane.setHtml(event_html(a))
            self.right_pane.setHtml(event_html(b))
            self.reason_label.setText(
                f"Score {pair.score:.2f}: {pair.status}. "
                + (
                    "These events are shown as corroborating each other."
                    if pair.status == "confirmed"
                    else ""
                )
            )
        self.confirm_button.setEnabled(pair is not None and pair.status != "confirmed")
        self.dismiss_button.setEnabled(pair is not None and pair.status != "dismissed")

    def _decide(self, kind: type[ConfirmCorroboration] | type[DismissCorroboration]) -> bool:
        pair = self.current()
        if pair is None:
            return False
        row = self.view.currentIndex().row()
        try:
            self.ctx.push(kind(pair.id))
        except WorkbenchError as exc:
            self.reason_label.setText(str(exc))
            return False
        self.reload()
        if self.status is not None and self.model.pairs:  # move on to the next pair
            row = min(row, len(self.model.pairs) - 1)
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.selectRow(row)
        return True

    def confirm(self) -> bool:
        return self._decide(ConfirmCorroboration)

    def dismiss(self) -> bool:
        return self._decide(DismissCorroboration)

    def find_pairs(self) -> Task:
        """Look for new suggestions on the worker thread."""
        store = self.ctx.store
        self.find_button.setEnabled(False)
        self.count_label.setText("Looking for pairs…")
        task = self.ctx.runner.start(
            lambda _t: len(store_suggestions(store)),
            "Looking for corroborating events",
            visible=False,
        )
        self.task = task
        task.succeeded.connect(self._found)
        task.failed.connect(self._search_failed)
        task.finished.connect(self._search_finished)
        return task

    def _search_failed(self, exc: object) -> None:
        self.count_label.setText(f"The search failed: {exc}")

    def _search_finished(self, *_args: object) -> None:
        self.find_button.setEnabled(True)

    def _found(self, count: int) -> None:
        self.status_combo.setCurrentIndex(self.status_combo.findData("suggested"))
        self.reload()
        self.count_label.setText(
            f"{count} new pair{'s' if count != 1 else ''} found; "
            f"{self.model.rowCount()} suggested in all."
        )
