"""The chronology's filter bar: a search field, one drop-down per kind of criterion, and
the active filter shown as removable chips with a one-click "Clear filter".

It owns the current :class:`ChronologyFilter` and emits :attr:`FilterBar.filterChanged`
whenever it changes. Names for the drop-downs are read from the review (a few small
queries) when it opens and after every change.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)
from sqlalchemy import select

from workbench.core.chronology import FLAG_LABELS, ChronologyFilter, Flag
from workbench.core.dates import DateParseError, parse_date
from workbench.core.model import (
    Agency,
    Finding,
    KeyPracticeEpisode,
    Person,
    ResearchQuestion,
    Tag,
)
from workbench.gui import icons
from workbench.gui.context import ReviewContext

ItemKey = tuple[str, int]


@dataclass
class FilterOptions:
    """Names of everything a filter can refer to, by id."""

    agencies: list[tuple[int, str, str]]
    people: list[tuple[int, str]]
    tags: list[tuple[int, str, str]]
    questions: list[tuple[int, str]]
    findings: list[tuple[int, str]]
    episodes: list[tuple[int, str]]

    @classmethod
    def load(cls, ctx: ReviewContext) -> FilterOptions:
        with ctx.store.session() as s:
            return cls(
                agencies=[
                    (a.id, a.short_name or a.name, a.colour)
                    for a in s.scalars(select(Agency).order_by(Agency.sort_order, Agency.name))
                ],
                people=[
                    (p.id, p.display_name) for p in s.scalars(select(Person).order_by(Person.id))
                ],
                tags=[(t.id, t.name, t.colour) for t in s.scalars(select(Tag).order_by(Tag.name))],
                questions=[
                    (q.id, f"Q{q.number}. {q.title or q.text}")
                    for q in s.scalars(select(ResearchQuestion).order_by(ResearchQuestion.number))
                ],
                findings=[
                    (f.id, f.title)
                    for f in s.scalars(select(Finding).order_by(Finding.sort_order, Finding.id))
                ],
                episodes=[
                    (e.id, e.title)
                    for e in s.scalars(
                        select(KeyPracticeEpisode).order_by(
                            KeyPracticeEpisode.sort_order, KeyPracticeEpisode.id
                        )
                    )
                ],
            )


def colour_icon(colour: str, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class ChecklistAction(QWidgetAction):
    """A list of checkable items inside a drop-down menu (it stays open while ticking)."""

    def __init__(self, parent: QMenu, accessible_name: str) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setAccessibleName(accessible_name)
        self.list.setMinimumWidth(self.list.fontMetrics().averageCharWidth() * 38)
        self.list.setUniformItemSizes(True)
        self.list.setFrameShape(QListWidget.Shape.NoFrame)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setDefaultWidget(self.list)

    def fill(self, entries: Iterable[tuple[object, str, QIcon | None, bool, bool]]) -> None:
        """(key, text, icon, checked, is_heading) rows."""
        self.list.blockSignals(True)
        self.list.clear()
        for key, text, icon, checked, heading in entries:
            item = QListWidgetItem(text)
            if heading:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            else:
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemIsSelectable
                )
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            if icon is not None:
                item.setIcon(icon)
            self.list.addItem(item)
        rows = min(self.list.count(), 14)
        height = max(1, rows) * (self.list.sizeHintForRow(0) if self.list.count() else 20) + 6
        self.list.setFixedHeight(height)
        self.list.blockSignals(False)

    def checked(self) -> list[object]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            if (
                item.flags() & Qt.ItemFlag.ItemIsUserCheckable
                and item.checkState() == Qt.CheckState.Checked
            ):
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out


class DateRangeWidget(QWidget):
    """ "From" and "To" typed as a reviewer writes dates ("spring 2015", "2016")."""

    applied = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        self.from_edit = QLineEdit(self)
        self.from_edit.setPlaceholderText("e.g. 1/1/2015, spring 2015")
        self.from_edit.setAccessibleName("Events from")
        self.to_edit = QLineEdit(self)
        self.to_edit.setPlaceholderText("e.g. 2016, 31/07/2016")
        self.to_edit.setAccessibleName("Events to")
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setObjectName("feedback")
        buttons = QHBoxLayout()
        self.apply_button = QPushButton("Apply", self)
        self.clear_button = QPushButton("Any date", self)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.apply_button)
        form.addRow("&From:", self.from_edit)
        form.addRow("&To:", self.to_edit)
        form.addRow(self.feedback)
        form.addRow(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 44)
        self.from_edit.textChanged.connect(self._check)
        self.to_edit.textChanged.connect(self._check)
        self.from_edit.returnPressed.connect(self._apply)
        self.to_edit.returnPressed.connect(self._apply)
        self.apply_button.clicked.connect(self._apply)
        self.clear_button.clicked.connect(self._clear)

    def set_range(self, start: date | None, end: date | None) -> None:
        self.from_edit.setText(start.strftime("%d/%m/%Y") if start else "")
        self.to_edit.setText(end.strftime("%d/%m/%Y") if end else "")

    def _read(self) -> tuple[date | None, date | None, str]:
        start = end = None
        problems = []
        notes = []
        for edit, which in ((self.from_edit, "from"), (self.to_edit, "to")):
            text = edit.text().strip()
            if not text:
                continue
            try:
                parsed = parse_date(text)
            except DateParseError as exc:
                problems.append(f"{which.capitalize()}: {exc.reason}")
                continue
            if which == "from":
                start = parsed.earliest
                if start:
                    notes.append(f"from {start:%d %b %Y}")
            else:
                end = parsed.latest
                if end:
                    notes.append(f"to {end:%d %b %Y}")
        if start and end and end < start:
            problems.append("The end is before the start.")
        message = (
            " ".join(problems)
            if problems
            else ("Events " + " ".join(notes) if notes else "Any date")
        )
        return (None, None, message) if problems else (start, end, message)

    def _check(self) -> None:
        _start, _end, message = self._read()
        self.feedback.setText(message)

    def _apply(self) -> None:
        start, end, message = self._read()
        self.feedback.setText(message)
        if "The end" in message or ":" in message:
            return
        self.applied.emit(start, end)

    def _clear(self) -> None:
        self.from_edit.clear()
        self.to_edit.clear()
        self.applied.emit(None, None)


class FilterBar(QWidget):
    filterChanged = Signal(object)

    def __init__(self, ctx: ReviewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filter_bar")
        self.ctx = ctx
        self._filter = ChronologyFilter()
        self._options: FilterOptions | None = None

        self.search = QLineEdit(self)
        self.search.setObjectName("search_edit")
        self.search.setPlaceholderText("Search the chronology  (Ctrl+F)")
        self.search.setAccessibleName("Search events")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(220)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._apply_search)

        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 8, 4)
        top.setSpacing(6)
        top.addWidget(self.search, 3)
        self.buttons: dict[str, QToolButton] = {}
        self.checklists: dict[str, ChecklistAction] = {}
        for key, title, icon in (
            ("agencies", "Agencies", "agency"),
            ("subjects", "Subjects", "subjects"),
            ("tags", "Tags", "tag"),
            ("linked", "Linked to", "link"),
            ("flags", "Flags", "filter"),
        ):
            button = self._drop_button(title, icon)
            menu = QMenu(button)
            checklist = ChecklistAction(menu, f"{title} to show")
            checklist.list.itemChanged.connect(self._checklist_changed)
            menu.addAction(checklist)
            menu.aboutToShow.connect(lambda k=key: self._fill(k))
            button.setMenu(menu)
            self.buttons[key] = button
            self.checklists[key] = checklist
            top.addWidget(button)
        dates_button = self._drop_button("Dates", "dates")
        dates_menu = QMenu(dates_button)
        self.dates = DateRangeWidget(dates_menu)
        dates_action = QWidgetAction(dates_menu)
        dates_action.setDefaultWidget(self.dates)
        dates_menu.addAction(dates_action)
        dates_menu.aboutToShow.connect(
            lambda: self.dates.set_range(self._filter.date_from, self._filter.date_to)
        )

        def dates_applied(start: date | None, end: date | None) -> None:
            self._set_dates(start, end)
            dates_menu.close()

        self.dates.applied.connect(dates_applied)
        dates_button.setMenu(dates_menu)
        self.buttons["dates"] = dates_button
        top.insertWidget(4, dates_button)

        self.chips_row = QWidget(self)
        self.chips_row.setObjectName("active_filter")
        self.chips = QHBoxLayout(self.chips_row)
        self.chips.setContentsMargins(8, 0, 8, 6)
        self.chips.setSpacing(6)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("clear_filter_button")
        self.clear_button.setText("Clear filter")
        self.clear_button.setIcon(icons.icon("clear_filter"))
        self.clear_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.clear_button.setAccessibleName("Clear the whole filter")
        self.clear_button.clicked.connect(self.clear)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(top)
        outer.addWidget(self.chips_row)
        chain = [self.search] + [
            self.buttons[k] for k in ("agencies", "subjects", "tags", "dates", "linked", "flags")
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)
        ctx.changed.connect(self._data_changed)
        self._rebuild_chips()

    def _drop_button(self, title: str, icon: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(title)
        button.setObjectName(f"filter_{title.lower().replace(' ', '_')}_button")
        button.setIcon(icons.icon(icon))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setAccessibleName(f"Filter by {title.lower()}")
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return button

    # -- public API -------------------------------------------------------------------
    @property
    def filter(self) -> ChronologyFilter:
        return self._filter

    def set_filter(self, flt: ChronologyFilter) -> None:
        if flt.text != self.search.text():
            self.search.blockSignals(True)
            self.search.setText(flt.text)
            self.search.blockSignals(False)
            self._search_timer.stop()
        self._set(flt)

    def clear(self) -> None:
        self.set_filter(ChronologyFilter())

    def set_search_text(self, text: str, immediate: bool = False) -> None:
        self.search.setText(text)
        if immediate:
            self._apply_search()

    def describe(self) -> str:
        """The active filter in one line, "" when there is none."""
        return " · ".join(label for _part, label in self._parts())

    # -- internals --------------------------------------------------------------------
    def _set(self, flt: ChronologyFilter) -> None:
        if flt == self._filter:
            return
        self._filter = flt
        self._rebuild_chips()
        self.filterChanged.emit(flt)

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self._set(replace(self._filter, text=self.search.text().strip()))

    def _set_dates(self, start: date | None, end: date | None) -> None:
        self._set(replace(self._filter, date_from=start, date_to=end))

    @property
    def options(self) -> FilterOptions:
        """Names for the drop-downs and chips, read when first needed after a change."""
        if self._options is None:
            self._options = FilterOptions.load(self.ctx)
        return self._options

    def _data_changed(self, _kind: str) -> None:
        self._options = None
        if not self._filter.is_empty():
            self._rebuild_chips()

    def _fill(self, key: str) -> None:
        flt, opts = self._filter, self.options
        checklist = self.checklists[key]
        if key == "agencies":
            checklist.fill(
                (("agency", i), label, colour_icon(colour), i in flt.agency_ids, False)
                for i, label, colour in opts.agencies
            )
        elif key == "subjects":
            checklist.fill(
                (("person", i), name, None, i in flt.subject_ids, False) for i, name in opts.people
            )
        elif key == "tags":
            checklist.fill(
                (("tag", i), name, colour_icon(colour), i in flt.tag_ids, False)
                for i, name, colour in opts.tags
            )
        elif key == "flags":
            checklist.fill(
                (("flag", f.value), FLAG_LABELS[f], icons.icon(f.value), f in flt.flags, False)
                for f in Flag
            )
        elif key == "linked":
            rows: list[tuple[object, str, QIcon | None, bool, bool]] = []
            for heading, kind, items, chosen in (
                ("Research questions", "question", opts.questions, flt.question_ids),
                ("Findings", "finding", opts.findings, flt.finding_ids),
                ("Key practice episodes", "episode", opts.episodes, flt.episode_ids),
            ):
                if not items:
                    continue
                rows.append((None, heading, None, False, True))
                rows.extend(
                    ((kind, i), title, icons.icon(kind), i in chosen, False) for i, title in items
                )
            if not rows:
                rows.append((None, "Nothing to link to yet", None, False, True))
            checklist.fill(rows)

    def _checklist_changed(self, _item: QListWidgetItem) -> None:
        chosen: dict[str, set[object]] = {}
        for checklist in self.checklists.values():
            for key in checklist.checked():
                if isinstance(key, tuple) and len(key) == 2:
                    chosen.setdefault(str(key[0]), set()).add(key[1])
        sender = self.sender()
        flt = self._filter
        lists = {k: c.list for k, c in self.checklists.items()}
        if sender is lists["agencies"]:
            flt = replace(flt, agency_ids=frozenset(int(v) for v in chosen.get("agency", ())))  # type: ignore[call-overload]
        elif sender is lists["subjects"]:
            flt = replace(flt, subject_ids=frozenset(int(v) for v in chosen.get("person", ())))  # type: ignore[call-overload]
        elif sender is lists["tags"]:
            flt = replace(flt, tag_ids=frozenset(int(v) for v in chosen.get("tag", ())))  # type: ignore[call-overload]
        elif sender is lists["flags"]:
            flt = replace(flt, flags=frozenset(Flag(str(v)) for v in chosen.get("flag", ())))
        elif sender is lists["linked"]:
            flt = replace(
                flt,
                question_ids=frozenset(int(v) for v in chosen.get("question", ())),  # type: ignore[call-overload]
                finding_ids=frozenset(int(v) for v in chosen.get("finding", ())),  # type: ignore[call-overload]
                episode_ids=frozenset(int(v) for v in chosen.get("episode", ())),  # type: ignore[call-overload]
            )
        self._set(flt)

    def _parts(self) -> list[tuple[str, str]]:
        if self._filter.is_empty():
            return []
        flt, opts = self._filter, self.options

        def names(pairs: Iterable[tuple[int, str]], ids: frozenset[int]) -> str:
            found = [name for i, name in pairs if i in ids]
            missing = len(ids) - len(found)
            if missing > 0:
                found.append(f"{missing} removed")
            if len(found) > 3:
                return ", ".join(found[:3]) + f" +{len(found) - 3}"
            return ", ".join(found)

        parts: list[tuple[str, str]] = []
        if flt.event_ids is not None:
            label = flt.event_ids_label or "Chosen events"
            parts.append(("event_ids", f"{label} ({len(flt.event_ids)})"))
        if flt.text:
            parts.append(("text", f"Text: “{flt.text}”"))
        if flt.agency_ids:
            parts.append(
                (
                    "agency_ids",
                    "Agency: "
                    + names([(i, label) for i, label, _c in opts.agencies], flt.agency_ids),
                )
            )
        if flt.subject_ids:
            parts.append(("subject_ids", "Subject: " + names(opts.people, flt.subject_ids)))
        if flt.tag_ids:
            parts.append(
                ("tag_ids", "Tag: " + names([(i, n) for i, n, _c in opts.tags], flt.tag_ids))
            )
        if flt.date_from or flt.date_to:
            start = f"{flt.date_from:%d %b %Y}" if flt.date_from else "…"
            end = f"{flt.date_to:%d %b %Y}" if flt.date_to else "…"
            parts.append(("dates", f"Dates: {start} – {end}"))
        if flt.question_ids:
            parts.append(
                (
                    "question_ids",
                    "Question: "
                    + names([(i, t.split(".")[0]) for i, t in opts.questions], flt.question_ids),
                )
            )
        if flt.finding_ids:
            parts.append(("finding_ids", "Finding: " + names(opts.findings, flt.finding_ids)))
        if flt.episode_ids:
            parts.append(("episode_ids", "Episode: " + names(opts.episodes, flt.episode_ids)))
        if flt.flags:
            parts.append(
                ("flags", "Flags: " + ", ".join(FLAG_LABELS[f] for f in Flag if f in flt.flags))
            )
        return parts

    def _rebuild_chips(self) -> None:
        while self.chips.count():
            item = self.chips.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.clear_button:
                widget.deleteLater()
        label = QLabel("Showing only:", self.chips_row)
        label.setObjectName("filter_caption")
        self.chips.addWidget(label)
        parts = self._parts()
        for part, text in parts:
            chip = QToolButton(self.chips_row)
            chip.setObjectName("filter_chip")
            chip.setProperty("chip", True)
            chip.setText(text)
            chip.setIcon(icons.icon("cancel"))
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
            chip.setToolTip(f"Remove “{text}” from the filter")
            chip.setAccessibleName(f"Remove filter {text}")
            chip.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
            chip.clicked.connect(self._remover(part))
            self.chips.addWidget(chip)
        self.chips.addStretch(1)
        self.chips.addWidget(self.clear_button)
        self.chips_row.setVisible(bool(parts))
        counts = {
            "agencies": len(self._filter.agency_ids),
            "subjects": len(self._filter.subject_ids),
            "tags": len(self._filter.tag_ids),
            "linked": len(self._filter.question_ids)
            + len(self._filter.finding_ids)
            + len(self._filter.episode_ids),
            "flags": len(self._filter.flags),
            "dates": int(bool(self._filter.date_from or self._filter.date_to)),
        }
        for key, button in self.buttons.items():
            base = button.text().split(" (")[0]
            count = counts[key]
            button.setText(f"{base} ({count})" if count and key != "dates" else base)
            if bool(button.property("active")) != bool(count):
                button.setProperty("active", bool(count))
                button.style().unpolish(button)
                button.style().polish(button)

    def _remover(self, part: str) -> Callable[[], None]:
        def remove() -> None:
            flt = self._filter.without(part)
            if part == "text":
                self.search.blockSignals(True)
                self.search.clear()
                self.search.blockSignals(False)
            self._set(flt)

        return remove
