"""The chronology table model: a thin adapter over :mod:`workbench.core.chronology`.

The model never holds the event table. For the current filter and sort order it keeps
only the ordered event ids (an ``array`` of 8-byte ints, computed on a worker thread) and
fetches the rows themselves in pages of :attr:`ChronologyModel.PAGE_SIZE` when a view asks
for them, keeping the last :attr:`ChronologyModel.CACHE_PAGES` pages (least recently used
first out). Sorting and filtering happen in the database; a search only needs the set of
matching ids, kept in the order already known.

After a change to the review (:attr:`ReviewContext.changed`) the ids are computed again;
when they are the same the visible rows are simply refreshed, a moved row is a layout
change (selection kept), a single block added or removed is an insert or removal, and
anything else resets the model.
"""

from __future__ import annotations

import contextlib
import logging
from array import array
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from sqlalchemy import select

from workbench.core.chronology import (
    ChronologyFilter,
    ChronologyRow,
    Gap,
    SortKey,
    agency_gaps,
    fetch_rows,
    matching_ids,
    ordered_ids,
)
from workbench.core.dates import FuzzyDate, Precision
from workbench.core.model import Agency, Review
from workbench.gui.context import ReviewContext
from workbench.gui.workers import Task

log = logging.getLogger(__name__)

ModelIndex = QModelIndex | QPersistentModelIndex


class Column(NamedTuple):
    key: str
    title: str
    sort: SortKey
    #: A sensible starting width, in average characters.
    chars: int
    tip: str


COLUMNS: tuple[Column, ...] = (
    Column(
        "date",
        "Date",
        SortKey.DATE,
        16,
        "The date as the agency wrote it; sorted by its earliest and latest day",
    ),
    Column("time", "Time", SortKey.TIME, 6, "Time of day, when recorded"),
    Column("agency", "Agency", SortKey.AGENCY, 8, "The agency that recorded the event"),
    Column("subjects", "Subjects", SortKey.SUBJECTS, 12, "Who the event concerns"),
    Column("event", "Event", SortKey.TEXT, 46, "What happened, in the agency's words"),
    Column("outcome", "Outcome", SortKey.OUTCOME, 24, "Action or outcome"),
    Column(
        "analysis", "Agency analysis", SortKey.ANALYSIS, 24, "The agency's own comment on the event"
    ),
    Column("tags", "Tags", SortKey.TAGS, 11, "The panel's tags"),
    Column("links", "Links", SortKey.LINKS, 8, "Findings and key practice episodes citing it"),
    Column(
        "flags",
        "Flags",
        SortKey.FLAGS,
        8,
        "Missed opportunity, good practice, corroborated, annotated, edited, milestone",
    ),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
TEXT_COLUMNS = ("event", "outcome", "analysis")

EventIdRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2
AgencyRole = Qt.ItemDataRole.UserRole + 3
GapRole = Qt.ItemDataRole.UserRole + 4


@dataclass(frozen=True, slots=True)
class AgencyInfo:
    id: int
    name: str
    label: str
    colour: str


@dataclass
class _Loaded:
    generation: int
    reason: str
    base_key: tuple[SortKey, bool]
    base: array[int]
    ids: array[int]
    old_ids: array[int]
    change: tuple[Any, ...]
    agencies: dict[int, AgencyInfo]
    #: Pages read on the worker thread already (the first one, the selected event's).
    pages: dict[int, list[ChronologyRow | None]]


def _change(old: array[int], new: array[int]) -> tuple[Any, ...]:
    """How ``new`` differs from ``old``: same, layout (same ids moved), one inserted or
    removed block, or anything else (reset)."""
    if old == new:
        return ("same",)
    n_old, n_new = len(old), len(new)
    if n_old == n_new and set(old) == set(new):
        return ("layout",)
    shortest = min(n_old, n_new)
    prefix = 0
    while prefix < shortest and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < shortest - prefix and old[n_old - 1 - suffix] == new[n_new - 1 - suffix]:
        suffix += 1
    removed, inserted = n_old - prefix - suffix, n_new - prefix - suffix
    if removed == 0 and inserted > 0:
        return ("insert", prefix, inserted)
    if inserted == 0 and removed > 0:
        return ("remove", prefix, removed)
    return ("reset",)


def date_tooltip(row: ChronologyRow) -> str:
    try:
        fuzzy = FuzzyDate(
            row.date_text,
            row.earliest,
            row.latest,
            Precision(row.precision),
            row.approximate,
            row.doubtful,
        )
    except ValueError:
        return row.date_text
    return fuzzy.describe()


def date_bounds_text(row: ChronologyRow) -> str:
    """ "1 Mar – 31 May 2015" for an uncertain date; "" for an exact day."""
    e, la = row.earliest, row.latest
    if e is None or la is None:
        return "date not known" if row.precision == Precision.UNKNOWN.value else ""
    if e == la:
        return ""
    plain = not (row.approximate or row.doubtful)
    if plain and row.precision in (Precision.MONTH.value, Precision.YEAR.value):
        return ""  # "May 2016" and "2016" say their bounds already
    if e.year == la.year:
        return f"{e.day} {e:%b} – {_day(la)}"
    return f"{_day(e)} – {_day(la)}"


def _day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


class ChronologyModel(QAbstractTableModel):
    """Rows of the chronology for the current :attr:`filter` and sort order."""

    PAGE_SIZE = 200
    CACHE_PAGES = 12

    #: The rows for the current filter and order are in (after every load).
    loaded = Signal()
    loadingChanged = Signal(bool)
    #: The gaps were computed again (:attr:`gaps`).
    gapsChanged = Signal()
    #: (rows shown, events in the review)
    countsChanged = Signal(int, int)
    #: A load failed; the message is for the user.
    loadFailed = Signal(str)

    def __init__(self, ctx: ReviewContext, parent: Any = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._filter = ChronologyFilter()
        self._sort = SortKey.DATE
        self._descending = False
        self._ids: array[int] = array("q")
        self._base: array[int] | None = None
        self._base_key: tuple[SortKey, bool] | None = None
        self._pages: OrderedDict[int, list[ChronologyRow | None]] = OrderedDict()
        self._generation = 0
        self._gap_generation = 0
        self._loading = False
        self._pending_reason: str | None = None
        self.agencies: dict[int, AgencyInfo] = {}
        self.gaps: list[Gap] = []
        self.gap_before: dict[int, Gap] = {}
        self.gap_threshold = 90
        self.total = 0
        self.ever_loaded = False
        ctx.changed.connect(self._on_changed)
        self.reload("data")
        self.reload_gaps()

    # -- state ------------------------------------------------------------------------
    @property
    def filter(self) -> ChronologyFilter:
        return self._filter

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def highlight_query(self) -> str:
        return self._filter.text

    @property
    def sort_key(self) -> tuple[SortKey, bool]:
        return self._sort, self._descending

    def set_filter(self, flt: ChronologyFilter) -> None:
        if flt == self._filter:
            return
        self._filter = flt
        self.reload("filter")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key, descending = COLUMNS[column].sort, order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort, self._descending):
            return
        self._sort, self._descending = key, descending
        self.reload("sort")

    def column_index(self, key: str) -> int:
        return COLUMN_KEYS.index(key)

    def event_id(self, row: int) -> int:
        return int(self._ids[row])

    def event_ids(self) -> array[int]:
        return self._ids

    def row_of(self, event_id: int) -> int:
        """The row of ``event_id``, or -1 when it is not shown."""
        try:
            return self._ids.index(event_id)
        except ValueError:
            return -1

    def is_row_loaded(self, row: int) -> bool:
        return 0 <= row < len(self._ids) and row // self.PAGE_SIZE in self._pages

    # -- loading ----------------------------------------------------------------------
    def _on_changed(self, _kind: str) -> None:
        self._base = None
        self.reload("data")
        self.reload_gaps()

    def reload(self, reason: str = "data") -> None:
        """Compute the ids again on a worker thread; the view keeps its rows meanwhile."""
        self._generation += 1
        generation = self._generation
        flt, sort, descending = self._filter, self._sort, self._descending
        base = self._base if self._base_key == (sort, descending) else None
        old_ids = self._ids
        store = self.ctx.store
        page_size = self.PAGE_SIZE
        wanted = list(self.ctx.selected_event_ids[:1])
        known_agencies = self.agencies if reason != "data" else None

        def work(task: Task) -> _Loaded:
            with store.session() as s:
                ordered = base
                if ordered is None:
                    ordered = array("q", ordered_ids(s, None, sort, descending))
                task.check()
                matches = matching_ids(s, flt)
                ids = (
                    ordered
                    if matches is None
                    else array("q", filter(matches.__contains__, ordered))
                )
                agencies = known_agencies or {
                    a.id: AgencyInfo(a.id, a.name, a.short_name or a.name, a.colour)
                    for a in s.scalars(select(Agency))
                }
                task.check()
                pages = {0}
                for event_id in wanted:
                    with contextlib.suppress(ValueError):
                        pages.add(ids.index(event_id) // page_size)
                fetched: dict[int, list[ChronologyRow | None]] = {}
                for page_no in sorted(pages):
                    chunk = list(ids[page_no * page_size : (page_no + 1) * page_size])
                    if chunk:
                        rows = {r.id: r for r in fetch_rows(s, chunk)}
                        fetched[page_no] = [rows.get(i) for i in chunk]
            task.check()
            return _Loaded(
                generation,
                reason,
                (sort, descending),
                ordered,
                ids,
                old_ids,
                _change(old_ids, ids),
                agencies,
                fetched,
            )

        self._set_loading(True)
        task = self.ctx.runner.start(work, "Loading the chronology", visible=False)
        task.succeeded.connect(self._apply)
        task.failed.connect(self._failed)

    def _set_loading(self, value: bool) -> None:
        if value != self._loading:
            self._loading = value
            self.loadingChanged.emit(value)

    def _failed(self, exc: object) -> None:
        self._set_loading(False)
        log.warning("loading the chronology failed: %s", exc)
        self.loadFailed.emit(f"The chronology could not be read: {exc}")

    def _apply(self, result: _Loaded) -> None:
        if result.base_key == (self._sort, self._descending):
            self._base, self._base_key = result.base, result.base_key
        if result.generation != self._generation:
            return  # a newer load is on its way
        self.agencies = result.agencies
        self.total = len(result.base)
        change = result.change if result.old_ids is self._ids else ("reset",)
        kind = change[0]
        if result.reason in ("filter",) and kind not in ("same",):
            kind = "reset"
        if kind == "same":
            self._ids = result.ids
            self._pages.clear()
            self._pages.update(result.pages)
            if self._ids:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
                )
        elif kind == "layout":
            self._relayout(result.ids)
        elif kind == "insert":
            _, first, count = change
            self.beginInsertRows(QModelIndex(), first, first + count - 1)
            self._ids = result.ids
            self._pages.clear()
            self.endInsertRows()
        elif kind == "remove":
            _, first, count = change
            self.beginRemoveRows(QModelIndex(), first, first + count - 1)
            self._ids = result.ids
            self._pages.clear()
            self.endRemoveRows()
        else:
            self.beginResetModel()
            self._ids = result.ids
            self._pages.clear()
            self.endResetModel()
        if self._ids is result.ids:
            for page_no, page in result.pages.items():
                self._pages[page_no] = page
        self.ever_loaded = True
        self._set_loading(False)
        self.countsChanged.emit(len(self._ids), self.total)
        self.loaded.emit()

    def _relayout(self, new_ids: array[int]) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old = [self._ids[i.row()] if 0 <= i.row() < len(self._ids) else None for i in persistent]
        self._ids = new_ids
        self._pages.clear()
        position: dict[int, int] | None = None
        if len(persistent) > 16:
            position = {event_id: row for row, event_id in enumerate(new_ids)}
        moved = []
        for index, event_id in zip(persistent, old, strict=True):
            if event_id is None:
                moved.append(QModelIndex())
                continue
            row = position.get(event_id, -1) if position is not None else self.row_of(event_id)
            moved.append(self.index(row, index.column()) if row >= 0 else QModelIndex())
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def reload_gaps(self) -> None:
        """Compute the agencies' gaps again (threshold and scope from the review)."""
        self._gap_generation += 1
        generation = self._gap_generation
        store = self.ctx.store

        def work(_task: Task) -> tuple[int, int, list[Gap]]:
            with store.session() as s:
                review = s.scalars(select(Review).limit(1)).first()
                threshold = review.gap_threshold_days if review else 90
                period = None
                if review and review.scope_start and review.scope_end:
                    period = (review.scope_start, review.scope_end)
                return generation, threshold, agency_gaps(s, threshold, period=period)

        task = self.ctx.runner.start(work, "Finding gaps", visible=False)
        task.succeeded.connect(self._apply_gaps)

    def _apply_gaps(self, result: tuple[int, int, list[Gap]]) -> None:
        generation, threshold, gaps = result
        if generation != self._gap_generation:
            return
        self.gap_threshold = threshold
        self.gaps = gaps
        self.gap_before = {g.next_event_id: g for g in gaps if g.next_event_id is not None}
        if self._ids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1)
            )
        self.gapsChanged.emit()

    # -- pages ------------------------------------------------------------------------
    def row_data(self, row: int) -> ChronologyRow | None:
        if not 0 <= row < len(self._ids):
            return None
        page_no = row // self.PAGE_SIZE
        page = self._pages.get(page_no)
        if page is None:
            page = self._fetch_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page[row - page_no * self.PAGE_SIZE]

    def _fetch_page(self, page_no: int) -> list[ChronologyRow | None]:
        start = page_no * self.PAGE_SIZE
        ids = list(self._ids[start : start + self.PAGE_SIZE])
        try:
            with self.ctx.store.session() as s:
                rows = {r.id: r for r in fetch_rows(s, ids)}
        except Exception as exc:  # a damaged page must not take the window down
            log.warning("reading rows %d-%d failed: %s", start, start + len(ids), exc)
            rows = {}
        page: list[ChronologyRow | None] = [rows.get(i) for i in ids]
        self._pages[page_no] = page
        while len(self._pages) > self.CACHE_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- Qt model API -----------------------------------------------------------------
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return COLUMNS[section].title
            if role == Qt.ItemDataRole.ToolTipRole:
                return COLUMNS[section].tip
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == EventIdRole:
            return int(self._ids[index.row()])
        if role not in _ROLES:
            return None
        row = self.row_data(index.row())
        if row is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole else None
        key = COLUMN_KEYS[index.column()]
        if role == RowRole:
            return row
        if role == AgencyRole:
            return self.agencies.get(row.agency_id)
        if role == GapRole:
            return self.gap_before.get(row.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(row, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, key)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def display_text(self, row: ChronologyRow, key: str) -> str:
        """What column ``key`` shows for ``row`` (as text)."""
        return self._display(row, key)

    def _display(self, row: ChronologyRow, key: str) -> str:
        if key == "date":
            return row.date_text
        if key == "time":
            return row.time or ""
        if key == "agency":
            agency = self.agencies.get(row.agency_id)
            return agency.label if agency else ""
        if key == "subjects":
            return ", ".join(row.subjects) or row.subjects_text
        if key == "event":
            return row.text
        if key == "outcome":
            return row.outcome
        if key == "analysis":
            return row.analysis
        if key == "tags":
            return ", ".join(name for name, _colour in row.tags)
        if key == "links":
            parts = []
            if row.finding_count:
                parts.append(f"{row.finding_count} finding{'s' if row.finding_count > 1 else ''}")
            if row.episode_count:
                parts.append(f"{row.episode_count} episode{'s' if row.episode_count > 1 else ''}")
            return ", ".join(parts)
        if key == "flags":
            labels = [f.label for f in sorted(row.flags)]
            gap = self.gap_before.get(row.id)
            if gap is not None:
                labels.append(f"after a {gap.days}-day gap")
            return ", ".join(labels)
        return ""

    def _tooltip(self, row: ChronologyRow, key: str) -> str:
        if key == "date":
            tip = date_tooltip(row)
            gap = self.gap_before.get(row.id)
            if gap is not None:
                tip += (
                    f"\nNo contact from {gap.agency_name} for {gap.days} days before this "
                    f"({_day(gap.start)} – {_day(gap.end)})"
                )
            return tip
        if key == "agency":
            agency = self.agencies.get(row.agency_id)
            return agency.name if agency else ""
        text = self._display(row, key)
        if len(text) > 1200:
            text = text[:1200] + "…"
        return text


_ROLES = {
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.TextAlignmentRole,
    RowRole,
    AgencyRole,
    GapRole,
}
