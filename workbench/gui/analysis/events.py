"""Events in the analysis workspace: the evidence list of a finding or an episode, and the
searchable :class:`EventPicker` that links events to one.

Both take events dropped from the chronology or the timeline (mime type
``application/x-workbench-event-ids``, a JSON list of event ids) and the evidence list
can itself be dragged onto another finding or episode.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.analysis import EventSummary, event_summaries, link_events, unlink_events
from workbench.gui.analysis.common import (
    EVENT_IDS_MIME,
    ID_ROLE,
    MUTED_COLOUR,
    AnyIndex,
    decode_event_ids,
    encode_event_ids,
    fmt_date,
    heading,
    make_action,
    push,
    short,
    tool_button,
)
from workbench.gui.context import ReviewContext


def used_in(e: EventSummary) -> str:
    parts = []
    if e.findings:
        parts.append(f"{e.findings} finding{'s' if e.findings != 1 else ''}")
    if e.episodes:
        parts.append(f"{e.episodes} episode{'s' if e.episodes != 1 else ''}")
    return ", ".join(parts)


class EventListModel(QAbstractTableModel):
    """Events as rows: date (as written), agency, text, and where they are used.

    ``checkable``: the first column carries a check box (the picker); ``locked`` ids are
    shown ticked and cannot be changed (already linked). With ``owner`` set to
    ("finding" | "episode", id), dropped events are linked to that item.
    """

    DATE, AGENCY, TEXT, USED = range(4)
    HEADERS = ("Date", "Agency", "Event", "Used in")

    refused = Signal(str)
    checkedChanged = Signal()

    def __init__(self, ctx: ReviewContext, *, checkable: bool = False, parent: Any = None):
        super().__init__(parent)
        self.ctx = ctx
        self.checkable = checkable
        self.owner: tuple[str, int] | None = None
        self._events: list[EventSummary] = []
        self._checked: set[int] = set()
        self.locked: set[int] = set()
        #: Events that count as evidence through an episode (shown, not unlinkable here).
        self.indirect: set[int] = set()

    def set_events(self, events: Sequence[EventSummary]) -> None:
        self.beginResetModel()
        self._events = list(events)
        self.endResetModel()

    def events(self) -> list[EventSummary]:
        return list(self._events)

    def event_at(self, row: int) -> EventSummary | None:
        return self._events[row] if 0 <= row < len(self._events) else None

    def row_of(self, event_id: int) -> int:
        return next((i for i, e in enumerate(self._events) if e.id == event_id), -1)

    # checks (picker)
    def checked_ids(self) -> list[int]:
        return [e.id for e in self._events if e.id in self._checked]

    def set_checked(self, ids: Sequence[int], checked: bool = True) -> None:
        changed = False
        for i in ids:
            if i in self.locked:
                continue
            if checked and i not in self._checked:
                self._checked.add(i)
                changed = True
            elif not checked and i in self._checked:
                self._checked.discard(i)
                changed = True
        if changed and self._events:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._events) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )
            self.checkedChanged.emit()

    # the Qt model
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._events):
            return None
        e = self._events[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.DATE:
                return e.date_text
            if col == self.AGENCY:
                return e.agency
            if col == self.TEXT:
                return short(e.text, 160)
            return used_in(e)
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.TEXT:
                return e.text
            if col == self.DATE and e.earliest:
                return f"{e.date_text} (from {fmt_date(e.earliest)})"
            if e.id in self.locked:
                return "Already linked"
            if e.id in self.indirect:
                return "Evidence through a linked episode"
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == self.AGENCY:
            return QColor(e.agency_colour)
        if role == Qt.ItemDataRole.ForegroundRole and (
            e.id in self.locked or e.id in self.indirect
        ):
            return QColor(MUTED_COLOUR)
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable and col == self.DATE:
            ticked = e.id in self._checked or e.id in self.locked
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return e.id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.owner else Qt.ItemFlag.NoItemFlags
        e = self._events[index.row()]
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        flags |= Qt.ItemFlag.ItemIsDragEnabled
        if self.owner:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        if self.checkable and index.column() == self.DATE and e.id not in self.locked:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not (self.checkable and role == Qt.ItemDataRole.CheckStateRole and index.isValid()):
            return False
        e = self._events[index.row()]
        if e.id in self.locked:
            return False
        ticked = (
            value if isinstance(value, bool) else (Qt.CheckState(value) == Qt.CheckState.Checked)
        )
        self.set_checked([e.id], ticked)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    # drag and drop
    def mimeTypes(self) -> list[str]:
        return [EVENT_IDS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids: list[int] = []
        for index in indexes:
            e = self.event_at(index.row())
            if e is not None and e.id not in ids:
                ids.append(e.id)
        return encode_event_ids(ids)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if self.owner is None:
            return False
        current = {e.id for e in self._events if e.id not in self.indirect}
        return any(i not in current for i in decode_event_ids(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        assert self.owner is not None
        kind, item_id = self.owner
        return push(self.ctx, link_events(kind, item_id, decode_event_ids(data)), self.refused.emit)


class _EventFilter(QSortFilterProxyModel):
    """Every word typed must appear in the event's date, agency or text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self.agency = ""
        self.unlinked_only = False

    def set_query(self, text: str, agency: str, unlinked_only: bool) -> None:
        self.beginFilterChange()
        self.words = text.casefold().split()
        self.agency = agency
        self.unlinked_only = unlinked_only
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, EventListModel)
        e = model.event_at(source_row)
        if e is None:
            return False
        if self.agency and e.agency != self.agency:
            return False
        if self.unlinked_only and (e.id in model.locked or e.findings or e.episodes):
            return False
        hay = f"{e.date_text} {e.agency} {e.text}".casefold()
        return all(w in hay for w in self.words)


def _setup_events_table(view: QTableView) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    header = view.horizontalHeader()
    header.setSectionResizeMode(EventListModel.DATE, QHeaderView.ResizeMode.Interactive)
    header.setSectionResizeMode(EventListModel.AGENCY, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(EventListModel.TEXT, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(EventListModel.USED, QHeaderView.ResizeMode.ResizeToContents)
    view.setColumnWidth(EventListModel.DATE, 150)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)


class EventPicker(QDialog):
    """Choose events to link to a finding or an episode: search, tick, link.

    Open it with :meth:`open` (never ``exec``): ``accepted`` fires with the choice in
    :meth:`selected_ids`. Events already linked are shown ticked and greyed.
    """

    def __init__(
        self,
        ctx: ReviewContext,
        title: str,
        linked_ids: Sequence[int] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("event_picker")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(980, 620)

        self.model = EventListModel(ctx, checkable=True, parent=self)
        self.model.locked = set(linked_ids)
        with ctx.store.session() as session:
            self.model.set_events(event_summaries(session))
        self.proxy = _EventFilter(self)
        self.proxy.setSourceModel(self.model)

        intro = heading(title)
        self.search = QLineEdit()
        self.search.setObjectName("event_picker_search")
        self.search.setAccessibleName("Search events")
        self.search.setPlaceholderText("Search date, agency or text (every word must match)")
        self.search.setClearButtonEnabled(True)
        self.agency = QComboBox()
        self.agency.setObjectName("event_picker_agency")
        self.agency.setAccessibleName("Agency")
        self.agency.addItem("All agencies", "")
        for name in sorted({e.agency for e in self.model.events()}):
            self.agency.addItem(name, name)
        self.unlinked = QCheckBox("Only events not used yet")
        self.unlinked.setObjectName("event_picker_unlinked")
        self.unlinked.setToolTip("Hide events already linked to a finding or an episode")

        self.table = QTableView()
        self.table.setObjectName("event_picker_table")
        self.table.setAccessibleName("Events")
        self.table.setModel(self.proxy)
        _setup_events_table(self.table)
        self.table.doubleClicked.connect(self._toggle_index)

        tick = make_action(
            self,
            "Tick selected",
            self.tick_selected,
            shortcuts=["Ctrl+T"],
            tip="Tick every selected row",
            name="event_picker_tick",
        )
        untick = make_action(
            self, "Untick all", self.untick_all, tip="Clear every tick", name="event_picker_untick"
        )
        self.count = QLabel()
        self.count.setObjectName("event_picker_count")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("event_picker_ok")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.agency, 1)
        filters.addWidget(self.unlinked)
        footer = QHBoxLayout()
        for action in (tick, untick):
            b = QPushButton(action.text())
            b.setObjectName(action.objectName() + "_button")
            b.setToolTip(action.toolTip())
            b.clicked.connect(action.trigger)
            footer.addWidget(b)
        footer.addWidget(self.count, 1)
        footer.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(footer)

        self.search.textChanged.connect(self._refilter)
        self.agency.currentIndexChanged.connect(self._refilter)
        self.unlinked.toggled.connect(self._refilter)
        self.model.checkedChanged.connect(self._update_count)
        self.search.setFocus()
        self._refilter()

    def _refilter(self) -> None:
        self.proxy.set_query(
            self.search.text(), str(self.agency.currentData() or ""), self.unlinked.isChecked()
        )
        self._update_count()

    def _update_count(self) -> None:
        n = len(self.model.checked_ids())
        shown = self.proxy.rowCount()
        self.count.setText(f"{shown} of {self.model.rowCount()} events shown · {n} ticked")
        self.ok_button.setText(f"Link {n} event{'s' if n != 1 else ''}")
        self.ok_button.setEnabled(n > 0)

    def _toggle_index(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        e = self.model.event_at(source.row())
        if e is not None and e.id not in self.model.locked:
            self.model.set_checked([e.id], e.id not in self.model.checked_ids())

    def visible_ids(self) -> list[int]:
        return [int(self.proxy.index(r, 0).data(ID_ROLE)) for r in range(self.proxy.rowCount())]

    def tick_selected(self) -> None:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        self.model.set_checked([int(self.proxy.index(r, 0).data(ID_ROLE)) for r in sorted(rows)])

    def untick_all(self) -> None:
        self.model.set_checked(self.model.checked_ids(), False)

    def selected_ids(self) -> list[int]:
        """The ticked events (not counting those already linked), in chronology order."""
        return self.model.checked_ids()


class EvidencePanel(QWidget):
    """The events behind a finding or an episode, with the ways to change them.

    Events are linked from the chronology's selection, through the :class:`EventPicker`,
    or by dropping them here; "Show in chronology" filters the chronology to them.
    """

    #: The panel opened a picker (tests drive it; the workspace does not wait on it).
    pickerOpened = Signal(object)

    def __init__(
        self, ctx: ReviewContext, kind: str, report: Callable[[str], None], name: str
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.kind = kind
        self.report = report
        self.setObjectName(name)
        self.item_id: int | None = None
        self.item_title = ""
        self.picker: EventPicker | None = None

        self.model = EventListModel(ctx, parent=self)
        self.model.refused.connect(report)
        self.title = heading("Evidence")
        self.title.setObjectName(f"{name}_title")
        self.table = QTableView()
        self.table.setObjectName(f"{name}_table")
        self.table.setAccessibleName(f"Events linked to the {kind}")
        self.table.setModel(self.model)
        _setup_events_table(self.table)
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.viewport().setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.table.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.table.setToolTip(f"Drop events from the chronology here to link them to the {kind}")
        self.table.doubleClicked.connect(self._select_in_chronology)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())

        self.link_selected_action = make_action(
            self,
            "Link selected events",
            self.link_selected,
            icon_name="link",
            shortcuts=["Ctrl+L"],
            name=f"{name}_link_selected",
            tip=f"Link the events selected in the chronology to this {kind}",
        )
        self.pick_action = make_action(
            self,
            "Link events…",
            self.open_picker,
            icon_name="pick",
            shortcuts=["Ctrl+Shift+L"],
            name=f"{name}_pick",
            tip=f"Search the chronology for events to link to this {kind}",
        )
        self.unlink_action = make_action(
            self,
            "Unlink",
            self.unlink_selected,
            icon_name="unlink",
            shortcuts=[QKeySequence(QKeySequence.StandardKey.Delete).toString() or "Del"],
            name=f"{name}_unlink",
            tip="Remove the selected events from the evidence",
        )
        self.unlink_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.unlink_action)
        self.show_action = make_action(
            self,
            "Show in chronology",
            self.show_in_chronology,
            icon_name="filter",
            shortcuts=["Ctrl+E"],
            name=f"{name}_show",
            tip="Filter the chronology to these events",
        )

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.title, 1)
        for action in (
            self.link_selected_action,
            self.pick_action,
            self.unlink_action,
            self.show_action,
        ):
            bar.addWidget(tool_button(action))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        ctx.eventsSelected.connect(lambda *_: self._update())
        self._update()

    def set_item(
        self, item_id: int | None, title: str, direct: Sequence[int], indirect: Sequence[int] = ()
    ) -> None:
        """Show ``direct`` events (linked to the item) and ``indirect`` ones (through its
        episodes)."""
        self.item_id = item_id
        self.item_title = title
        self.model.owner = (self.kind, item_id) if item_id is not None else None
        extra = [i for i in indirect if i not in set(direct)]
        self.model.indirect = set(extra)
        with self.ctx.store.session() as session:
            events = event_summaries(session, [*direct, *extra])
        self.model.set_events(events)
        n = len(direct)
        text = f"Evidence: {n} event{'s' if n != 1 else ''}"
        if extra:
            text += f" (and {len(extra)} through episodes)"
        self.title.setText(text)
        self._update()

    def all_ids(self) -> list[int]:
        return [e.id for e in self.model.events()]

    def direct_ids(self) -> list[int]:
        return [e.id for e in self.model.events() if e.id not in self.model.indirect]

    def _update(self) -> None:
        has = self.item_id is not None
        selected = len(self.ctx.selected_event_ids)
        self.link_selected_action.setEnabled(has and selected > 0)
        self.link_selected_action.setText(
            f"Link {selected} selected event{'s' if selected != 1 else ''}"
            if selected
            else "Link selected events"
        )
        self.pick_action.setEnabled(has)
        rows = self._selected_direct()
        self.unlink_action.setEnabled(has and bool(rows))
        self.show_action.setEnabled(has and self.model.rowCount() > 0)
        self.setEnabled(True)

    def _selected_direct(self) -> list[int]:
        out = []
        sel = self.table.selectionModel()
        for index in sel.selectedRows() if sel else []:
            e = self.model.event_at(index.row())
            if e is not None and e.id not in self.model.indirect:
                out.append(e.id)
        return out

    def link_selected(self) -> None:
        ids = list(self.ctx.selected_event_ids)
        if self.item_id is None or not ids:
            return
        push(
            self.ctx,
            link_events(
                self.kind,
                self.item_id,
                ids,
                label=f"Link {len(ids)} event(s) to {self.kind} “{short(self.item_title, 40)}”",
            ),
            self.report,
        )

    def unlink_selected(self) -> None:
        ids = self._selected_direct()
        if self.item_id is None or not ids:
            return
        push(
            self.ctx,
            unlink_events(
                self.kind,
                self.item_id,
                ids,
                label=f"Unlink {len(ids)} event(s) from {self.kind} “{short(self.item_title, 40)}”",
            ),
            self.report,
        )

    def show_in_chronology(self) -> None:
        if self.item_id is None:
            return
        noun = "Evidence for finding" if self.kind == "finding" else "Events of episode"
        self.ctx.filterRequested.emit(f"{noun} “{self.item_title}”", self.all_ids())

    def open_picker(self) -> EventPicker | None:
        if self.item_id is None:
            return None
        item_id, title = self.item_id, self.item_title
        picker = EventPicker(
            self.ctx, f"Link events to {self.kind} “{short(title, 60)}”", self.direct_ids(), self
        )
        picker.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def done() -> None:
            ids = picker.selected_ids()
            if ids:
                push(
                    self.ctx,
                    link_events(
                        self.kind,
                        item_id,
                        ids,
                        label=f"Link {len(ids)} event(s) to {self.kind} “{short(title, 40)}”",
                    ),
                    self.report,
                )

        picker.accepted.connect(done)
        picker.finished.connect(lambda _r: setattr(self, "picker", None))
        self.picker = picker
        picker.open()
        self.pickerOpened.emit(picker)
        return picker

    def _select_in_chronology(self, index: QModelIndex) -> None:
        e = self.model.event_at(index.row())
        if e is not None:
            self.ctx.select_events([e.id], self)
