"""The chronology workspace: the filter bar above the table of events.

:class:`ChronologyDelegate` paints the cells: long text wrapped to the row's lines with
an ellipsis (the whole text is in the details dock), search matches highlighted, agency
and tag chips whose text meets WCAG AA contrast, icons for links and flags, and a dashed
rule with a note above an event that follows a gap in its agency's contact.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.chronology import ChronologyFilter, ChronologyRow, Flag, Gap
from workbench.core.search import highlight_spans
from workbench.gui import icons, theme
from workbench.gui.chronology_model import (
    COLUMN_KEYS,
    COLUMNS,
    ChronologyModel,
    date_bounds_text,
)
from workbench.gui.colours import chip_colours
from workbench.gui.context import ReviewContext
from workbench.gui.filter_bar import FilterBar

PAD_X = 6
PAD_Y = 4
FLAG_ORDER = (
    Flag.MISSED_OPPORTUNITY,
    Flag.GOOD_PRACTICE,
    Flag.CORROBORATED,
    Flag.ANNOTATED,
    Flag.EDITED,
    Flag.MILESTONE,
)
GAP_COLOUR = "#8d6e63"


def _muted(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.PlaceholderText)


def highlight_colours() -> tuple[QColor, QColor]:
    if theme.is_dark():
        return QColor("#7a5c00"), QColor("#ffffff")
    return QColor("#ffe08a"), QColor("#000000")


def draw_text_block(
    painter: QPainter,
    rect: QRectF,
    text: str,
    font: QFont,
    colour: QColor,
    max_lines: int,
    query: str = "",
) -> int:
    """``text`` wrapped into ``rect`` (at most ``max_lines`` lines, the last one elided
    when more follows), with the words of ``query`` highlighted. Returns the lines used."""
    if not text or rect.width() <= 4 or max_lines <= 0:
        return 0
    flat = text.replace("\r\n", " \u2028").replace("\n", "\u2028").replace("\t", " ")
    spans = highlight_spans(flat, query) if query else []
    fm = QFontMetricsF(font)
    layout = QTextLayout(flat, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    selections = _formats(spans)
    layout.beginLayout()
    lines: list[Any] = []
    y = 0.0
    while len(lines) < max_lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(rect.width())
        line.setPosition(QPointF(0, y))
        y += fm.lineSpacing()
        lines.append(line)
    layout.endLayout()
    if not lines:
        return 0
    last = lines[-1]
    truncated = last.textStart() + last.textLength() < len(flat)
    painter.setPen(colour)
    full_lines = len(lines) - 1 if truncated else len(lines)
    if full_lines:
        height = full_lines * fm.lineSpacing()
        painter.save()
        painter.setClipRect(
            QRectF(rect.left(), rect.top(), rect.width() + 2, height),
            Qt.ClipOperation.IntersectClip,
        )
        layout.draw(
            painter,
            rect.topLeft(),
            selections,
            QRectF(rect.left(), rect.top(), rect.width() + 2, height - 1),
        )
        painter.restore()
    if truncated:
        start = last.textStart()
        rest = flat[start:].replace("\u2028", " ")
        elided = fm.elidedText(rest, Qt.TextElideMode.ElideRight, rect.width())
        tail = QTextLayout(elided, font)
        tail.beginLayout()
        tail_line = tail.createLine()
        tail_line.setLineWidth(rect.width() + fm.averageCharWidth())
        tail_line.setPosition(QPointF(0, 0))
        tail.endLayout()
        shifted = [(a - start, b - start) for a, b in spans if b > start]
        limit = max(0, len(elided) - 1)
        clipped = [(max(0, a), min(b, limit)) for a, b in shifted if max(0, a) < limit]
        tail.draw(painter, QPointF(rect.left(), rect.top() + last.y()), _formats(clipped))
    return len(lines)


def _formats(spans: list[tuple[int, int]]) -> list[QTextLayout.FormatRange]:
    if not spans:
        return []
    background, foreground = highlight_colours()
    fmt = QTextCharFormat()
    fmt.setBackground(background)
    fmt.setForeground(foreground)
    out = []
    for start, end in spans:
        rng = QTextLayout.FormatRange()
        rng.start, rng.length, rng.format = start, end - start, fmt
        out.append(rng)
    return out


def draw_chip(
    painter: QPainter, x: float, y: float, text: str, colour: str, font: QFont, max_width: float
) -> float:
    """A rounded chip at (x, y) in ``colour``; returns its width."""
    fm = QFontMetricsF(font)
    pad = fm.averageCharWidth() * 0.8
    label = fm.elidedText(text, Qt.TextElideMode.ElideRight, max(0.0, max_width - 2 * pad))
    width = min(max_width, fm.horizontalAdvance(label) + 2 * pad)
    height = fm.height() + 2
    background, foreground = chip_colours(colour)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(background))
    painter.drawRoundedRect(QRectF(x, y, width, height), height / 3, height / 3)
    painter.setPen(QColor(foreground))
    painter.setFont(font)
    painter.drawText(
        QRectF(x + pad, y, width - 2 * pad, height),
        int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
        label,
    )
    return width


class ChronologyDelegate(QStyledItemDelegate):
    """Paints chronology cells; rows have a fixed number of text lines."""

    def __init__(self, model: ChronologyModel, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = model
        self.lines = 3

    def row_height(self, font: QFont) -> int:
        return int(QFontMetricsF(font).lineSpacing() * self.lines + 2 * PAD_Y + 1)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        fm = QFontMetricsF(option.font)
        column = COLUMNS[index.column()]
        return QSize(
            int(fm.averageCharWidth() * column.chars + 2 * PAD_X), self.row_height(option.font)
        )

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        # The view's option already carries the state (selected, alternate, focus); asking
        # the model for every role through initStyleOption would cost more than the cell.
        opt = QStyleOptionViewItem(option)
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        try:
            if style is not None:
                style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
            model = self.model
            row = model.row_data(index.row())
            if row is None:
                return
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
            selected = bool(opt.state & QStyle.StateFlag.State_Selected)
            palette = opt.palette
            colour = palette.color(
                QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            )
            rect = QRectF(opt.rect).adjusted(PAD_X, PAD_Y, -PAD_X, -PAD_Y)
            gap = model.gap_before.get(row.id)
            if gap is not None:
                pen = QPen(QColor(GAP_COLOUR), 1.5, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                top = opt.rect.top() + 1
                painter.drawLine(QPointF(opt.rect.left(), top), QPointF(opt.rect.right(), top))
            key = COLUMN_KEYS[index.column()]
            font = QFont(opt.font)
            if key == "date":
                self._paint_date(painter, rect, row, gap, font, colour, palette)
            elif key == "agency":
                agency = model.agencies.get(row.agency_id)
                if agency is not None:
                    draw_chip(
                        painter,
                        rect.left(),
                        rect.top(),
                        agency.label,
                        agency.colour,
                        font,
                        rect.width(),
                    )
            elif key == "tags":
                self._paint_tags(painter, rect, row, font)
            elif key == "links":
                self._paint_links(painter, rect, row, font, colour)
            elif key == "flags":
                self._paint_flags(painter, rect, row, gap, font)
            else:
                text = model.display_text(row, key)
                query = self.model.highlight_query if key in _SEARCHED else ""
                if key == "subjects" and not row.subjects:
                    colour = _muted(palette) if not selected else colour
                    font.setItalic(True)
                draw_text_block(painter, rect, text, font, colour, self.lines, query)
        finally:
            painter.restore()

    def _paint_date(
        self,
        painter: QPainter,
        rect: QRectF,
        row: ChronologyRow,
        gap: Gap | None,
        font: QFont,
        colour: QColor,
        palette: QPalette,
    ) -> None:
        strong = QFont(font)
        if Flag.MILESTONE in row.flags:
            strong.setBold(True)
        budget = self.lines
        used = draw_text_block(
            painter, rect, row.date_text, strong, colour, min(2, budget) if budget > 2 else budget
        )
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.88))
        y = rect.top() + used * QFontMetricsF(strong).lineSpacing()
        sfm = QFontMetricsF(small)
        notes: list[tuple[str, QColor]] = []
        bounds = date_bounds_text(row)
        if bounds:
            notes.append((bounds, _muted(palette)))
        if gap is not None:
            notes.append((f"after a {gap.days}-day gap", QColor(GAP_COLOUR)))
        for text, tint in notes:
            room = int((rect.bottom() - y + 1) // sfm.lineSpacing())
            if room <= 0:
                break
            y += sfm.lineSpacing() * draw_text_block(
                painter,
                QRectF(rect.left(), y, rect.width(), rect.bottom() - y),
                text,
                small,
                tint,
                room,
            )
        if self.lines == 1 and gap is not None:
            painter.setPen(QPen(QColor(GAP_COLOUR), 3))
            painter.drawLine(
                QPointF(rect.left() - PAD_X + 2, rect.top()),
                QPointF(rect.left() - PAD_X + 2, rect.bottom()),
            )

    def _paint_tags(self, painter: QPainter, rect: QRectF, row: ChronologyRow, font: QFont) -> None:
        small = QFont(font)
        small.setPointSizeF(max(6.0, font.pointSizeF() * 0.9))
        fm = QFontMetricsF(small)
        x, y = rect.left(), rect.top()
        height = fm.height() + 2
        line = 0
        for name, colour in row.tags:
            width = min(rect.width(), fm.horizontalAdvance(name) + 2 * fm.averageCharWidth())
            if x > rect.left() and x + width > rect.right():
                line += 1
                x, y = rect.left(), y + height + 3
            if y + height > rect.bottom() + 1 or line >= max(1, self.lines):
                break
            x += draw_chip(painter, x, y, name, colour, small, rect.right() - x) + 4

    def _paint_links(
        self, painter: QPainter, rect: QRectF, row: ChronologyRow, font: QFont, colour: QColor
    ) -> None:
        fm = QFontMetricsF(font)
        size = int(fm.height())
        x = rect.left()
        painter.setFont(font)
        for name, count in (("finding", row.finding_count), ("episode", row.episode_count)):
            if not count:
                continue
            icons.icon(name).paint(painter, int(x), int(rect.top()), size, size)
            x += size + 2
            painter.setPen(colour)
            label = str(count)
            painter.drawText(
                QRectF(x, rect.top(), fm.horizontalAdvance(label) + 2, size),
                int(Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            x += fm.horizontalAdvance(label) + fm.averageCharWidth()

    def _paint_flags(
        self, painter: QPainter, rect: QRectF, row: ChronologyRow, gap: Gap | None, font: QFont
    ) -> None:
        size = int(QFontMetricsF(font).height())
        names = [f.value for f in FLAG_ORDER if f in row.flags]
        if gap is not None:
            names.append("gap")
        x, y = rect.left(), rect.top()
        for name in names:
            if x + size > rect.right() + 1:
                x, y = rect.left(), y + size + 2
                if y + size > rect.bottom() + 1:
                    break
            icons.icon(name).paint(painter, int(x), int(y), size, size)
            x += size + 3


_SEARCHED = {"event", "outcome", "analysis", "subjects"}


class ChronologyView(QTableView):
    """The table of events; selection is shared with the rest of the window through the
    context."""

    def __init__(self, ctx: ReviewContext, model: ChronologyModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("chronology_table")
        self.setAccessibleName("Chronology")
        self.setAccessibleDescription("The review's events, one a row, in date order")
        self.setModel(model)
        self.delegate = ChronologyDelegate(model, self)
        self.setItemDelegate(self.delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setTabKeyNavigation(False)
        self.setCornerButtonEnabled(False)
        self.verticalHeader().hide()
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._syncing = False
        self._top_id: int | None = None
        self._fitting = False
        self.auto_fit = True
        header.sectionResized.connect(self._section_resized)
        self.apply_row_height()
        self.fit_columns()
        self.selectionModel().selectionChanged.connect(self._selection_changed)
        model.modelAboutToBeReset.connect(self._remember_position)
        model.loaded.connect(self._restore_position)
        ctx.eventsSelected.connect(self._events_selected)

    @property
    def chronology(self) -> ChronologyModel:
        model = self.model()
        assert isinstance(model, ChronologyModel)
        return model

    def set_compact(self, compact: bool) -> None:
        self.delegate.lines = 1 if compact else 3
        self.apply_row_height()

    def apply_row_height(self) -> None:
        height = self.delegate.row_height(self.font())
        self.verticalHeader().setMinimumSectionSize(min(height, 16))
        self.verticalHeader().setDefaultSectionSize(height)

    def reset_column_widths(self) -> None:
        """Back to automatic widths (after the user set their own)."""
        self.auto_fit = True
        self.fit_columns()

    def restore_header(self, state: Any) -> bool:
        """The column widths and order a user chose before."""
        self._fitting = True
        try:
            restored = bool(self.horizontalHeader().restoreState(state))
        finally:
            self._fitting = False
        if restored:
            self.auto_fit = False
        return restored

    def fit_columns(self) -> None:
        """Short columns get their natural width; event, outcome and analysis share the
        rest 2:1:1 (never narrower than a readable minimum: the table scrolls instead)."""
        if not self.auto_fit:
            return
        fm = QFontMetricsF(self.font())
        char = fm.averageCharWidth()
        natural = {c.key: int(char * c.chars + 2 * PAD_X + 4) for c in COLUMNS}
        weights = {"event": 2.0, "outcome": 1.0, "analysis": 1.0}
        minimum = {"event": int(char * 26), "outcome": int(char * 14), "analysis": int(char * 14)}
        header = self.horizontalHeader()
        fixed = sum(
            w
            for key, w in natural.items()
            if key not in weights and not header.isSectionHidden(COLUMN_KEYS.index(key))
        )
        room = self.viewport().width() - fixed - 2
        total = sum(weights.values())
        self._fitting = True
        try:
            for i, column in enumerate(COLUMNS):
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Interactive)
                if column.key in weights:
                    width = max(minimum[column.key], int(room * weights[column.key] / total))
                else:
                    width = natural[column.key]
                self.setColumnWidth(i, width)
        finally:
            self._fitting = False

    def _section_resized(self, *_args: object) -> None:
        if not self._fitting and self.horizontalHeader().underMouse():
            self.auto_fit = False

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.apply_row_height()

    # -- selection --------------------------------------------------------------------
    def selected_event_ids(self) -> list[int]:
        model = self.chronology
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [model.event_id(r) for r in rows if 0 <= r < model.rowCount()]

    def _selection_changed(self, *_args: object) -> None:
        if self._syncing:
            return
        ids = self.selected_event_ids()
        self.ctx.select_events(ids, self)

    def _events_selected(self, ids: list[int], source: object) -> None:
        if source is self:
            return
        self.select_events(ids)

    def select_events(self, ids: list[int], scroll: bool = True) -> None:
        model = self.chronology
        rows = [r for r in (model.row_of(i) for i in ids[:2000]) if r >= 0]
        selection = QItemSelection()
        last = model.columnCount() - 1
        for r in rows:
            selection.select(model.index(r, 0), model.index(r, last))
        self._syncing = True
        try:
            flags = (
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows
            )
            self.selectionModel().select(selection, flags)
            if rows:
                self.selectionModel().setCurrentIndex(
                    model.index(rows[0], max(0, self.currentIndex().column())),
                    QItemSelectionModel.SelectionFlag.NoUpdate,
                )
                if scroll:
                    self.scrollTo(
                        model.index(rows[0], 0), QAbstractItemView.ScrollHint.PositionAtCenter
                    )
        finally:
            self._syncing = False

    def _remember_position(self) -> None:
        top = self.rowAt(0)
        self._top_id = self.chronology.event_id(top) if top >= 0 else None

    def _restore_position(self) -> None:
        model = self.chronology
        wanted = self.ctx.selected_event_ids
        if wanted and self.selected_event_ids() != wanted:
            self.select_events(wanted, scroll=False)
        if self._top_id is not None:
            row = model.row_of(self._top_id)
            self._top_id = None
            if row >= 0:
                self.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
                return
        row = model.row_of(wanted[0]) if wanted else -1
        if row >= 0:
            self.scrollTo(model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        else:
            self.scrollToTop()


class ChronologyWorkspace(QWidget):
    """Filter bar, table and an empty-state message."""

    #: (rows shown, events in the review, the filter's description or "")
    statusChanged = Signal(int, int, str)
    contextMenuRequested = Signal(object)

    def __init__(self, ctx: ReviewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chronology_workspace")
        self.ctx = ctx
        self.model = ChronologyModel(ctx, self)
        self.filter_bar = FilterBar(ctx, self)
        self.view = ChronologyView(ctx, self.model, self)
        self.message = QLabel(self)
        self.message.setObjectName("empty_state")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.message.linkActivated.connect(self._link)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message, 1)
        self.setFocusProxy(self.view)
        self.filter_bar.filterChanged.connect(self.model.set_filter)
        self.model.loaded.connect(self._update_state)
        self.model.loadingChanged.connect(self._update_state)
        self.model.countsChanged.connect(self._update_state)
        self.view.customContextMenuRequested.connect(self._context_menu)
        ctx.filterRequested.connect(self._filter_requested)
        self._update_state()

    def set_search_text(self, text: str, immediate: bool = False) -> None:
        self.filter_bar.set_search_text(text, immediate=immediate)

    def set_filter(self, flt: ChronologyFilter) -> None:
        self.filter_bar.set_filter(flt)

    def clear_filter(self) -> None:
        self.filter_bar.set_filter(ChronologyFilter())

    def focus_search(self) -> None:
        self.filter_bar.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_bar.search.selectAll()

    def _filter_requested(self, label: str, ids: list[int]) -> None:
        self.filter_bar.set_filter(
            ChronologyFilter(event_ids=frozenset(int(i) for i in ids), event_ids_label=label)
        )

    def _context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        self.contextMenuRequested.emit(menu)
        if not menu.isEmpty():
            menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def _link(self, href: str) -> None:
        if href == "clear":
            self.clear_filter()

    def _update_state(self, *_args: object) -> None:
        model = self.model
        shown, total = model.rowCount(), model.total
        text = ""
        if not model.ever_loaded:
            text = "Loading the chronology…"
        elif shown == 0 and total == 0:
            text = (
                "<p><b>This review has no events yet.</b></p>"
                "<p>Import an agency's chronology (File ▸ Import Chronology, Ctrl+I) "
                "or add an event (Edit ▸ Add Event, Ins).</p>"
            )
        elif shown == 0 and not model.loading:
            text = (
                "<p><b>No events match the filter.</b></p>"
                "<p><a href='clear'>Clear the filter</a> to see all "
                f"{total:,} events.</p>"
            )
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.view.setVisible(not text)
        self.statusChanged.emit(shown, total, self.filter_bar.describe())
