"""The shape every page of the analysis workspace shares: a list of items on the left
(with add, delete and move actions) and the selected item's details on the right."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.analysis import NUMBERED_KINDS, ORDERED_KINDS, moved, reorder
from workbench.core.commands import Command
from workbench.gui.analysis.common import (
    ID_ROLE,
    SnapshotModel,
    WrapDelegate,
    accept_event_drops,
    fit_rows_to_text,
    hint_label,
    make_action,
    push,
    table_view,
    tool_button,
)
from workbench.gui.context import ReviewContext


class Host(Protocol):
    """What a page needs from the workspace around it."""

    def refresh(self) -> None: ...

    def report(self, message: str) -> None: ...


class Page(QWidget):
    """A page of the workspace. ``key`` names it in :meth:`AnalysisWorkspace.show_page`."""

    key = ""
    title = ""
    icon_name = ""
    #: Table names of the items this page shows (for ``show_item``).
    kinds: tuple[str, ...] = ()

    def __init__(self, ctx: ReviewContext, host: Host) -> None:
        super().__init__()
        self.ctx = ctx
        self.host = host
        self.setObjectName(f"{self.key}_page")
        self.setAccessibleName(self.title)
        self.dirty = True

    def reload(self) -> None:
        self.dirty = False

    def show_item(self, kind: str, item_id: int) -> bool:
        return False

    def count(self) -> int | None:
        return None

    def report(self, message: str) -> None:
        self.host.report(message)

    def push(self, command: Command) -> bool:
        if not push(self.ctx, command, self.report):
            return False
        self.host.refresh()
        return True


class ListPage(Page):
    """A list of items (a :class:`SnapshotModel`) beside the selected item's details."""

    noun = "item"
    #: Events dropped on a row are linked to that row's item.
    takes_event_drops = False
    list_hint = ""
    #: The share of the page's width the list takes when first shown.
    list_share = 0.4

    def __init__(self, ctx: ReviewContext, host: Host) -> None:
        super().__init__(ctx, host)
        self.model = self.make_model()
        self.model.refused.connect(self.report)
        self.view: QTableView = table_view(f"{self.key}_list", f"{self.title} list")
        self.view.setModel(self.model)
        self.view.setItemDelegate(WrapDelegate(self.view))
        fit_rows_to_text(self.view)
        if self.takes_event_drops:
            accept_event_drops(self.view)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self._want_id: int | None = None
        self._loaded_id: int | None = None
        self._sized = False

        movable = self.key_kind() in NUMBERED_KINDS or self.key_kind() in ORDERED_KINDS
        self.add_action = make_action(
            self,
            f"Add {self.noun}",
            self.add_item,
            icon_name="add",
            shortcuts=["Ctrl+Shift+N", "Ins"],
            name=f"{self.key}_add",
            tip=f"Add a new {self.noun}",
        )
        self.delete_action = make_action(
            self.view,
            f"Delete {self.noun}",
            self.delete_item,
            icon_name="delete",
            shortcuts=["Del"],
            name=f"{self.key}_delete",
            tip=f"Delete the selected {self.noun} (Undo brings it back)",
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.up_action = make_action(
            self,
            "Move up",
            lambda: self.move_item(-1),
            icon_name="up",
            shortcuts=["Ctrl+Up"],
            name=f"{self.key}_up",
            tip=f"Move the {self.noun} up",
        )
        self.down_action = make_action(
            self,
            "Move down",
            lambda: self.move_item(1),
            icon_name="down",
            shortcuts=["Ctrl+Down"],
            name=f"{self.key}_down",
            tip=f"Move the {self.noun} down",
        )
        self.up_action.setVisible(movable)
        self.down_action.setVisible(movable)

        self.toolbar = QHBoxLayout()
        self.toolbar.setContentsMargins(0, 0, 0, 0)
        self.toolbar.setSpacing(2)
        for action in (self.add_action, self.delete_action):
            self.toolbar.addWidget(tool_button(action))
        for action in (self.up_action, self.down_action):
            if movable:
                self.toolbar.addWidget(tool_button(action, text_beside=False))
        self.extra_tools(self.toolbar)
        self.toolbar.addStretch(1)

        left = QWidget()
        left.setObjectName(f"{self.key}_list_panel")
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(self.toolbar)
        lay.addWidget(self.view, 1)
        if self.list_hint:
            lay.addWidget(hint_label(self.list_hint))

        self.detail = self.build_detail()
        self.detail.setObjectName(f"{self.key}_detail")
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName(f"{self.key}_splitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.splitter)
        self.after_build()
        self._update_actions()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._sized and self.splitter.width() > 200:
            self._sized = True
            total = self.splitter.width()
            left = int(total * self.list_share)
            self.splitter.setSizes([left, total - left])

    # -- to implement --------------------------------------------------------------------
    def make_model(self) -> SnapshotModel:
        raise NotImplementedError

    def build_detail(self) -> QWidget:
        raise NotImplementedError

    def load_detail(self, item_id: int | None) -> None:
        raise NotImplementedError

    def new_item_command(self) -> Command | None:
        raise NotImplementedError

    def delete_command(self, item_id: int) -> Command:
        raise NotImplementedError

    def after_build(self) -> None:
        """Size the list's columns (the model and the view exist now)."""

    def extra_tools(self, bar: QHBoxLayout) -> None:
        """Add page-specific buttons to the list's toolbar."""

    def focus_new_item(self) -> None:
        """Put the cursor where a new item is written (its title)."""

    def key_kind(self) -> str:
        return self.kinds[0] if self.kinds else ""

    # -- behaviour -----------------------------------------------------------------------
    def count(self) -> int | None:
        return self.model.rowCount()

    def setup_columns(self, stretch: int, widths: dict[int, int] | None = None) -> None:
        header = self.view.horizontalHeader()
        for col in range(self.model.columnCount()):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if col == stretch
                else QHeaderView.ResizeMode.Interactive
            )
            header.setSectionResizeMode(col, mode)
        for col, width in (widths or {}).items():
            self.view.setColumnWidth(col, width)
        header.setStretchLastSection(stretch == self.model.columnCount() - 1)

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        rows = self.view.selectionModel().selectedRows()
        if rows:
            index = rows[0]
        if not index.isValid():
            return None
        value = self.model.index(index.row(), 0).data(ID_ROLE)
        return int(value) if value is not None else None

    def select_id(self, item_id: int | None) -> bool:
        row = -1 if item_id is None else self.model.row_of(item_id)
        if row < 0:
            return False
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.selectRow(row)
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def reload(self) -> None:
        keep = self._want_id if self._want_id is not None else self.current_id()
        old_row = self.view.currentIndex().row()
        self._want_id = None
        self.view.selectionModel().blockSignals(True)
        try:
            self.model.reload()
            if not self.select_id(keep) and self.model.rowCount():
                self.select_id(self.model.item(max(0, min(old_row, self.model.rowCount() - 1))).id)
        finally:
            self.view.selectionModel().blockSignals(False)
        self.view.resizeRowsToContents()
        self._loaded_id = self.current_id()
        self.load_detail(self._loaded_id)
        self._update_actions()
        super().reload()

    def show_item(self, kind: str, item_id: int) -> bool:
        if kind not in self.kinds:
            return False
        if self.dirty:
            self.reload()
        ok = self.select_id(item_id)
        if ok:
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return ok

    def _selection_changed(self, _sel: QItemSelection, _desel: QItemSelection) -> None:
        current = self.current_id()
        if current != self._loaded_id:
            self._loaded_id = current
            self.load_detail(current)
        self._update_actions()

    def _update_actions(self) -> None:
        has = self.current_id() is not None
        self.delete_action.setEnabled(has)
        ids = self.model.ids()
        cur = self.current_id()
        self.up_action.setEnabled(cur is not None and moved(ids, cur, -1) is not None)
        self.down_action.setEnabled(cur is not None and moved(ids, cur, 1) is not None)

    def add_item(self) -> None:
        command = self.new_item_command()
        if command is None:
            return
        if not push(self.ctx, command, self.report):
            return
        self._want_id = getattr(command, "item_id", None)
        self.host.refresh()
        self.focus_new_item()

    def delete_item(self) -> None:
        item_id = self.current_id()
        if item_id is None:
            return
        if push(self.ctx, self.delete_command(item_id), self.report):
            self.host.refresh()
            self.host.report(f"Deleted the {self.noun}. Undo (Ctrl+Z) brings it back.")

    def move_item(self, delta: int) -> None:
        item_id = self.current_id()
        if item_id is None:
            return
        order = moved(self.model.ids(), item_id, delta)
        if order is None:
            return
        if push(
            self.ctx,
            reorder(
                self.key_kind(), order, label=f"Move {self.noun} {'up' if delta < 0 else 'down'}"
            ),
            self.report,
        ):
            self._want_id = item_id
            self.host.refresh()
