"""Shared pieces of the analysis workspace: the event drag format, icons, colours, a thin
table-model base over core snapshots, and editors that commit through core commands."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QTextBrowser,
    QToolButton,
    QWidget,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from workbench.core.commands import Command, UpdateItem
from workbench.core.errors import WorkbenchError
from workbench.gui.context import ReviewContext

#: The drag format for events: a JSON list of event ids, e.g. ``[12, 40, 41]``.
EVENT_IDS_MIME = "application/x-workbench-event-ids"

ID_ROLE = int(Qt.ItemDataRole.UserRole) + 1
KIND_ROLE = int(Qt.ItemDataRole.UserRole) + 2
GAP_ROLE = int(Qt.ItemDataRole.UserRole) + 3

AnyIndex = QModelIndex | QPersistentModelIndex


def encode_event_ids(ids: Sequence[int]) -> QMimeData:
    """Mime data carrying event ids (what the chronology and the timeline drag)."""
    mime = QMimeData()
    mime.setData(EVENT_IDS_MIME, QByteArray(json.dumps([int(i) for i in ids]).encode()))
    mime.setText(", ".join(f"event {int(i)}" for i in ids))
    return mime


def decode_event_ids(mime: QMimeData | None) -> list[int]:
    """The event ids in ``mime`` ([] when it carries none or is malformed)."""
    if mime is None or not mime.hasFormat(EVENT_IDS_MIME):
        return []
    try:
        raw = json.loads(bytes(mime.data(EVENT_IDS_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return []
    if not isinstance(raw, list):
        return []
    out: list[int] = []
    for value in raw:
        if isinstance(value, int) and not isinstance(value, bool) and value not in out:
            out.append(value)
    return out


# -- icons and colours ----------------------------------------------------------------------

_ICONS = {
    "add": "mdi6.plus",
    "delete": "mdi6.delete-outline",
    "up": "mdi6.arrow-up",
    "down": "mdi6.arrow-down",
    "link": "mdi6.link-plus",
    "unlink": "mdi6.link-variant-off",
    "pick": "mdi6.text-box-search-outline",
    "filter": "mdi6.filter-outline",
    "warning": "mdi6.alert",
    "overdue": "mdi6.clock-alert-outline",
    "ok": "mdi6.check-circle",
    "status": "mdi6.circle",
    "complete": "mdi6.check-circle",
    "questions": "mdi6.message-question-outline",
    "episodes": "mdi6.timeline-text-outline",
    "findings": "mdi6.lightbulb-on-outline",
    "finding": "mdi6.lightbulb-on-outline",
    "missed_opportunity": "mdi6.alert-octagon-outline",
    "good_practice": "mdi6.thumb-up-outline",
    "lessons": "mdi6.school-outline",
    "recommendations": "mdi6.clipboard-check-outline",
    "sections": "mdi6.file-document-edit-outline",
    "people": "mdi6.account-multiple",
    "glossary": "mdi6.book-alphabet",
    "matrix": "mdi6.table-network",
    "episode_new": "mdi6.shape-plus",
}

#: Action status colours (RAG), chosen to be told apart with their labels and icons.
STATUS_COLOURS = {
    "red": "#c42b1c",
    "amber": "#c87800",
    "green": "#2e7d32",
    "complete": "#1d5fa8",
}
WARNING_COLOUR = "#9a4d00"  # 5.5:1 on WARNING_BACKGROUND (WCAG AA)
WARNING_TEXT = "#3d2600"
WARNING_BACKGROUND = "#fff1d6"
MUTED_COLOUR = "#6b6b6b"


#: Semantic names the shared registry (:mod:`workbench.gui.icons`) already knows.
_SHARED = {
    "add": "add",
    "delete": "delete",
    "link": "link",
    "filter": "filter",
    "finding": "finding",
    "findings": "finding",
    "missed_opportunity": "missed_opportunity",
    "good_practice": "good_practice",
    "episodes": "episode",
    "questions": "question",
}


def _text_colour() -> str:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app.palette().color(QPalette.ColorRole.WindowText).name()
    return "#202124"


def icon(name: str, colour: str | None = None) -> QIcon:
    """The icon for a semantic name, from the shared registry where it has one, else the
    glyph here, drawn in ``colour`` or the theme's text colour; an empty icon if none."""
    try:
        if name in _SHARED:
            from workbench.gui.icons import icon as shared_icon

            return shared_icon(_SHARED[name], colour)
        import qtawesome as qta

        glyph = _ICONS.get(name, name)
        result: QIcon = qta.icon(glyph, color=colour or _text_colour())
        return result
    except Exception:
        return QIcon()


def status_icon(status: str) -> QIcon:
    return icon("complete" if status == "complete" else "status", STATUS_COLOURS.get(status))


def warning_icon() -> QIcon:
    return icon("warning", WARNING_COLOUR)


def fmt_date(value: date | None) -> str:
    return value.strftime("%d %b %Y").lstrip("0") if value else ""


_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y")


def parse_date(text: str) -> date | None:
    """A date typed by the reviewer (day first); "" clears. Raises ValueError."""
    text = " ".join(text.split())
    if not text:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{text}” is not a date (type it as 31/03/2018)")


def short(text: str, limit: int = 80) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-") + "…"


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable[[], Any],
    *,
    icon_name: str | None = None,
    shortcuts: Sequence[QKeySequence | str] = (),
    tip: str = "",
    name: str = "",
) -> QAction:
    """An action with its icon, shortcuts (active while focus is inside ``parent``) and a
    tooltip that names the shortcut."""
    action = QAction(text, parent)
    if icon_name:
        action.setIcon(icon(icon_name))
    keys = [QKeySequence(s) for s in shortcuts]
    if keys:
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    hint = keys[0].toString(QKeySequence.SequenceFormat.NativeText) if keys else ""
    action.setToolTip(f"{tip or text} ({hint})" if hint else (tip or text))
    action.setStatusTip(tip or text)
    if name:
        action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())
    parent.addAction(action)
    return action


def tool_button(action: QAction, *, text_beside: bool = True) -> QToolButton:
    button = QToolButton()
    button.setDefaultAction(action)
    button.setToolButtonStyle(
        Qt.ToolButtonStyle.ToolButtonTextBesideIcon
        if text_beside
        else Qt.ToolButtonStyle.ToolButtonIconOnly
    )
    button.setAutoRaise(True)
    if action.objectName():
        button.setObjectName(action.objectName() + "_button")
    button.setAccessibleName(action.text().replace("&", "").rstrip("…"))
    return button


def heading(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def hint_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {MUTED_COLOUR};")
    return label


def push(ctx: ReviewContext, command: Command, report: Callable[[str], None]) -> bool:
    """Run ``command`` through the undo stack; report a refusal instead of raising."""
    try:
        ctx.push(command)
    except WorkbenchError as exc:
        report(str(exc))
        return False
    except IntegrityError as exc:
        if "FOREIGN KEY" in str(exc.orig).upper():
            report(f"{command.label}: an item it refers to no longer exists")
        else:
            report(f"{command.label}: that value is already used by another item")
        return False
    return True


# -- a thin table model over snapshots of the core ------------------------------------------


@dataclass
class Column:
    """One column of a :class:`SnapshotModel`. ``field`` makes it editable: the edit is
    ``parse``d and written to that column of the row's table through ``UpdateItem``."""

    title: str
    text: Callable[[Any], str]
    field: str | None = None
    tip: Callable[[Any], str] | None = None
    decoration: Callable[[Any], QIcon | None] | None = None
    background: Callable[[Any], str | None] | None = None
    foreground: Callable[[Any], str | None] | None = None
    edit_value: Callable[[Any], Any] | None = None
    parse: Callable[[Any], Any] | None = None
    align_right: bool = False


class SnapshotModel(QAbstractTableModel):
    """A table of plain rows read from the review (each with an ``id``).

    Subclasses set ``kind`` (the table name edits go to) and ``columns``, and implement
    :meth:`fetch`. Edits become ``UpdateItem`` commands pushed through the context; the
    model is re-read when the review changes. With ``drop_kind`` set ("finding" or
    "episode"), events dropped on a row are linked to that row's item.
    """

    #: An edit or a drop was refused: the message for the reviewer.
    refused = Signal(str)

    kind = ""
    drop_kind: str | None = None

    def __init__(self, ctx: ReviewContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.columns: list[Column] = self.make_columns()
        self._rows: list[Any] = []

    # to implement
    def make_columns(self) -> list[Column]:
        raise NotImplementedError

    def fetch(self, session: Session) -> list[Any]:
        raise NotImplementedError

    # reading
    def reload(self) -> None:
        with self.ctx.store.session() as session:
            rows = self.fetch(session)
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def ids(self) -> list[int]:
        return [int(r.id) for r in self._rows]

    def item(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, item_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == item_id:
                return i
        return -1

    # the Qt model
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].title
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(row)
        if role == Qt.ItemDataRole.EditRole:
            return col.edit_value(row) if col.edit_value else col.text(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tip(row) if col.tip else None
        if role == Qt.ItemDataRole.DecorationRole:
            return col.decoration(row) if col.decoration else None
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = col.background(row) if col.background else None
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = col.foreground(row) if col.foreground else None
            if colour is None and col.background and col.background(row):
                colour = WARNING_TEXT  # dark text on the light warning colour, in any theme
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.columns[index.column()].field:
            flags |= Qt.ItemFlag.ItemIsEditable
        if self.drop_kind:
            flags |= Qt.ItemFlag.ItemIsDropEnabled
        return flags

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self._rows[index.row()]
        col = self.columns[index.column()]
        if not col.field:
            return False
        try:
            new = col.parse(value) if col.parse else value
        except ValueError as exc:
            self.refused.emit(str(exc))
            return False
        old = col.edit_value(row) if col.edit_value else col.text(row)
        if col.parse is not None:
            try:
                old = col.parse(old)
            except ValueError:
                old = None
        if new == old:
            return True
        return push(
            self.ctx,
            UpdateItem(self.kind, row.id, {col.field: new}, label=f"Edit {col.title.lower()}"),
            self.refused.emit,
        )

    # dropping events on a row
    def mimeTypes(self) -> list[str]:
        return [EVENT_IDS_MIME] if self.drop_kind else []

    def supportedDropActions(self) -> Qt.DropAction:
        if self.drop_kind:
            return Qt.DropAction.CopyAction | Qt.DropAction.LinkAction
        return Qt.DropAction.IgnoreAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        return bool(self.drop_kind and parent.isValid() and decode_event_ids(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        from workbench.core.analysis import link_events

        assert self.drop_kind is not None
        target = self._rows[parent.row()]
        return push(
            self.ctx,
            link_events(self.drop_kind, target.id, decode_event_ids(data)),
            self.refused.emit,
        )


# -- checklists of links ---------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    id: int
    label: str
    tip: str = ""


class LinkChecklistModel(QAbstractListModel):
    """The items that may be linked to one owner, ticked when linked. Ticking or
    unticking pushes one :class:`~workbench.core.analysis.SetLinks` command."""

    refused = Signal(str)

    def __init__(self, ctx: ReviewContext, link: str, noun: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.link = link
        self.noun = noun
        self.owner_id: int | None = None
        self._candidates: list[Candidate] = []
        self._checked: list[int] = []

    def set_state(
        self, owner_id: int | None, candidates: list[Candidate], checked: list[int]
    ) -> None:
        self.beginResetModel()
        self.owner_id = owner_id
        self._candidates = list(candidates) if owner_id is not None else []
        self._checked = list(checked)
        self.endResetModel()

    def checked_ids(self) -> list[int]:
        return list(self._checked)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._candidates)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._candidates):
            return None
        c = self._candidates[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return c.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.tip or c.label
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if c.id in self._checked else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return c.id
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or self.owner_id is None:
            return False
        from workbench.core.analysis import set_links

        c = self._candidates[index.row()]
        ticked = (
            Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        )
        wanted = [i for i in self._checked if i != c.id] + ([c.id] if ticked else [])
        if set(wanted) == set(self._checked):
            return True
        verb = "Link" if ticked else "Unlink"
        if not push(
            self.ctx,
            set_links(self.link, self.owner_id, wanted, label=f"{verb} {self.noun} {c.label}"),
            self.refused.emit,
        ):
            return False
        self._checked = wanted
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


def checklist_view(
    model: LinkChecklistModel, name: str, *, flow: bool = False, rows: int = 4
) -> QListView:
    """A list of check boxes (``flow``: laid out left to right, wrapping)."""
    view = QListView()
    view.setModel(model)
    view.setObjectName(name)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setUniformItemSizes(not flow)
    if flow:
        view.setFlow(QListView.Flow.LeftToRight)
        view.setWrapping(True)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setSpacing(2)
    line = view.fontMetrics().height() + 8
    view.setMaximumHeight(line * rows + 6)
    view.setMinimumHeight(line + 6)
    return view


# -- editors that commit as commands -----------------------------------------------------------


class LineField(QLineEdit):
    """A one-line field bound to one column of the item it was loaded for. The edit is
    committed when editing finishes; a refresh never overwrites an edit in progress."""

    def __init__(self, commit: Callable[[int, str], object], name: str, accessible: str) -> None:
        super().__init__()
        self._commit = commit
        self.item_id: int | None = None
        self._loaded = ""
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.editingFinished.connect(self.flush)

    def set_value(self, item_id: int | None, value: str) -> None:
        if item_id == self.item_id and self.is_dirty() and self.hasFocus():
            return
        if item_id != self.item_id:
            self.flush()
        self.item_id = item_id
        self._loaded = value
        if self.text() != value:
            self.setText(value)
        self.setEnabled(item_id is not None)

    def is_dirty(self) -> bool:
        return self.text() != self._loaded

    def flush(self) -> None:
        if self.item_id is not None and self.is_dirty():
            self._loaded = self.text()
            self._commit(self.item_id, self.text())


class TextField(QPlainTextEdit):
    """A multi-line field committed after a pause in typing or when focus leaves."""

    IDLE_MS = 1200

    def __init__(self, commit: Callable[[int, str], object], name: str, accessible: str) -> None:
        super().__init__()
        self._commit = commit
        self.item_id: int | None = None
        self._loaded = ""
        self.setObjectName(name)
        self.setAccessibleName(accessible)
        self.setTabChangesFocus(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.IDLE_MS)
        self._timer.timeout.connect(self.flush)
        self.textChanged.connect(self._typed)

    def _typed(self) -> None:
        if self.item_id is not None and self.is_dirty():
            self._timer.start()

    def set_value(self, item_id: int | None, value: str) -> None:
        if item_id == self.item_id and self.is_dirty() and self.hasFocus():
            return
        if item_id != self.item_id:
            self.flush()
        self.item_id = item_id
        self._loaded = value
        if self.toPlainText() != value:
            self.blockSignals(True)
            self.setPlainText(value)
            self.blockSignals(False)
            self.textChanged.emit()  # the preview follows
        self._timer.stop()
        self.setEnabled(item_id is not None)

    def is_dirty(self) -> bool:
        return self.toPlainText() != self._loaded

    def flush(self) -> None:
        self._timer.stop()
        if self.item_id is not None and self.is_dirty():
            self._loaded = self.toPlainText()
            self._commit(self.item_id, self._loaded)

    def focusOutEvent(self, event: Any) -> None:
        self.flush()
        super().focusOutEvent(event)


class MarkdownEditor(QSplitter):
    """A Markdown :class:`TextField` beside (or above) a live preview."""

    def __init__(
        self,
        commit: Callable[[int, str], object],
        name: str,
        accessible: str,
        orientation: Qt.Orientation = Qt.Orientation.Horizontal,
    ) -> None:
        super().__init__(orientation)
        self.setObjectName(name + "_splitter")
        self.editor = TextField(commit, name, accessible)
        self.editor.setPlaceholderText("Write in Markdown: **bold**, *italic*, - lists, # headings")
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.editor.setFont(mono)
        self.preview = QTextBrowser()
        self.preview.setObjectName(name + "_preview")
        self.preview.setAccessibleName(accessible + " preview")
        self.preview.setOpenExternalLinks(False)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setStyleSheet("QTextBrowser { background: palette(base); }")
        self.addWidget(self.editor)
        self.addWidget(self.preview)
        self.setChildrenCollapsible(False)
        self.editor.textChanged.connect(self._render)

    def _render(self) -> None:
        self.preview.setMarkdown(self.editor.toPlainText())

    def set_value(self, item_id: int | None, value: str) -> None:
        self.editor.set_value(item_id, value)
        self._render()


class LinksLabel(QLabel):
    """A line of links to items ("Recommendation 3, Recommendation 7"); following one asks
    the workspace to show that item."""

    def __init__(self, ctx: ReviewContext, name: str, empty: str = "none") -> None:
        super().__init__()
        self.ctx = ctx
        self.empty = empty
        self.setObjectName(name)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.linkActivated.connect(self._follow)
        self.targets: list[tuple[str, int]] = []

    def set_links(
        self, links: Sequence[tuple[str, int, str]], *, warn_if_empty: bool = False
    ) -> None:
        """``links``: (kind, id, text) triples."""
        from html import escape

        self.targets = [(k, i) for k, i, _ in links]
        if not links:
            colour = WARNING_COLOUR if warn_if_empty else MUTED_COLOUR
            prefix = "⚠ " if warn_if_empty else ""
            self.setText(f'<span style="color:{colour}">{prefix}{escape(self.empty)}</span>')
            return
        self.setText(", ".join(f'<a href="{k}:{i}">{escape(t)}</a>' for k, i, t in links))

    def _follow(self, href: str) -> None:
        kind, _, item = href.partition(":")
        if item.isdigit():
            self.ctx.itemRequested.emit(kind, int(item))


class WrapDelegate(QStyledItemDelegate):
    """Shows long text wrapped (row heights follow ``resizeRowsToContents``)."""

    def initStyleOption(self, option: Any, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.features |= option.ViewItemFeature.WrapText
        if option.displayAlignment & Qt.AlignmentFlag.AlignTop:
            option.decorationAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop


def fit_rows_to_text(view: QTableView) -> None:
    """Keep ``view``'s row heights fitted to wrapped text when columns are resized or the
    model is re-read (once per burst of changes)."""
    timer = QTimer(view)
    timer.setSingleShot(True)
    timer.setInterval(30)
    timer.timeout.connect(view.resizeRowsToContents)
    view.horizontalHeader().sectionResized.connect(lambda *_: timer.start())
    model = view.model()
    if model is not None:
        model.modelReset.connect(timer.start)
        model.layoutChanged.connect(timer.start)


def table_view(name: str, accessible: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setAccessibleName(accessible)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setEditTriggers(
        QAbstractItemView.EditTrigger.DoubleClicked
        | QAbstractItemView.EditTrigger.EditKeyPressed
        | QAbstractItemView.EditTrigger.AnyKeyPressed
    )
    return view


def accept_event_drops(view: QAbstractItemView) -> None:
    """Let ``view`` take events dropped from the chronology or the timeline."""
    view.setAcceptDrops(True)
    view.viewport().setAcceptDrops(True)
    view.setDropIndicatorShown(True)
    view.setDragDropOverwriteMode(True)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
    view.setDefaultDropAction(Qt.DropAction.CopyAction)


class Banner(QFrame):
    """A warning line with an icon (never colour alone), hidden when there is nothing."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.setStyleSheet(
            f"#{name} {{ background: {WARNING_BACKGROUND}; border: 1px solid {WARNING_COLOUR};"
            f" border-radius: 4px; }} #{name} QLabel {{ color: {WARNING_TEXT}; }}"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.icon = QLabel()
        self.icon.setPixmap(warning_icon().pixmap(18, 18))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1)
        self.hide()

    def show_message(self, text: str) -> None:
        self.text.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))
