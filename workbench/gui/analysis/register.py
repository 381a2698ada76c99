"""The people register (real names and the pseudonyms publications use) and the glossary
(with the abbreviations the review uses but does not yet define)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.core.analysis import (
    abbreviation_key,
    duplicate_pseudonyms,
    glossary_usage,
    suggest_meaning,
    undefined_abbreviations,
)
from workbench.core.commands import Command, CreateItem, DeleteItem, UpdateItem
from workbench.core.model import GlossaryTerm, Person
from workbench.gui.analysis.base import ListPage
from workbench.gui.analysis.common import (
    ID_ROLE,
    WARNING_BACKGROUND,
    AnyIndex,
    Banner,
    Column,
    SnapshotModel,
    TextField,
    fmt_date,
    heading,
    hint_label,
    make_action,
    parse_date,
    push,
    tool_button,
    warning_icon,
)

# -- people ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonRow:
    id: int
    real_name: str
    role: str
    pseudonym: str
    date_of_birth: date | None
    aliases: str
    notes: str
    shares_pseudonym: bool

    @property
    def problem(self) -> str:
        if not self.pseudonym.strip():
            return "No pseudonym: publications cannot name this person"
        if self.shares_pseudonym:
            return "Another person has the same pseudonym"
        return ""


class PeopleModel(SnapshotModel):
    kind = "person"

    def make_columns(self) -> list[Column]:
        return [
            Column(
                "Real name",
                lambda r: r.real_name,
                field="real_name",
                tip=lambda r: "Kept in the working file only; never published",
            ),
            Column("Role", lambda r: r.role, field="role"),
            Column(
                "Pseudonym",
                lambda r: r.pseudonym,
                field="pseudonym",
                decoration=lambda r: warning_icon() if r.problem else None,
                background=lambda r: WARNING_BACKGROUND if r.problem else None,
                tip=lambda r: r.problem or "The name publications use",
            ),
            Column(
                "Date of birth",
                lambda r: fmt_date(r.date_of_birth),
                field="date_of_birth",
                edit_value=lambda r: (
                    r.date_of_birth.strftime("%d/%m/%Y") if r.date_of_birth else ""
                ),
                parse=parse_date,
            ),
            Column(
                "Also written as",
                lambda r: r.aliases,
                field="aliases",
                tip=lambda r: (
                    "Other ways agency files write this person, separated by ; "
                    "(used to find them in the text and to check exports for leaks)"
                ),
            ),
        ]

    def fetch(self, session: Session) -> list[PersonRow]:
        shared = {i for ids in duplicate_pseudonyms(session).values() for i in ids}
        return [
            PersonRow(
                p.id,
                p.real_name,
                p.role,
                p.pseudonym,
                p.date_of_birth,
                p.aliases,
                p.notes,
                p.id in shared,
            )
            for p in session.scalars(select(Person).order_by(Person.id))
        ]


class PeoplePage(ListPage):
    key = "people"
    title = "People register"
    icon_name = "people"
    kinds = ("person",)
    noun = "person"
    list_share = 0.75
    list_hint = (
        "Publications (report, learning presentation, briefing) use the pseudonym; "
        "the real name never leaves this file."
    )

    def make_model(self) -> SnapshotModel:
        return PeopleModel(self.ctx, self)

    def build_detail(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.banner = Banner("people_banner")
        self.heading = heading("")
        self.notes = TextField(
            lambda i, v: self.push(
                UpdateItem("person", i, {"notes": v}, label="Edit notes on a person")
            ),
            "person_notes",
            "Notes",
        )
        self.notes.setPlaceholderText("Notes on this person (kept in the working file only)")
        lay.addWidget(self.banner)
        lay.addWidget(self.heading)
        lay.addWidget(QLabel("Notes:"))
        lay.addWidget(self.notes, 1)
        return box

    def after_build(self) -> None:
        self.setup_columns(4, {0: 150, 1: 180, 2: 130, 3: 110})
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)

    def load_detail(self, item_id: int | None) -> None:
        row = self.model.item(self.model.row_of(item_id)) if item_id is not None else None
        self.heading.setText((row.pseudonym or row.real_name) if row else "")
        self.notes.set_value(item_id, row.notes if row else "")
        with self.ctx.store.session() as session:
            dups = duplicate_pseudonyms(session)
        lines = [
            f"{len(ids)} people share the pseudonym “{name}”: give each a different "
            "one, or the publications will not tell them apart."
            for name, ids in dups.items()
        ]
        missing = sum(1 for r in self.model.rows() if not r.pseudonym.strip())
        if missing:
            lines.append(
                f"{missing} {'person has' if missing == 1 else 'people have'} no pseudonym."
            )
        self.banner.show_message("\n".join(lines))

    def new_item_command(self) -> Command | None:
        return CreateItem("person", {"real_name": "New person"}, label="Add person")

    def delete_command(self, item_id: int) -> Command:
        return DeleteItem("person", item_id, label="Delete person")

    def focus_new_item(self) -> None:
        row = self.model.row_of(self.current_id() or -1)
        if row >= 0:
            index = self.model.index(row, 0)
            self.view.setCurrentIndex(index)
            self.view.edit(index)


# -- glossary -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermRow:
    id: int
    abbreviation: str
    meaning: str
    uses: int


class GlossaryModel(SnapshotModel):
    kind = "glossary_term"

    def make_columns(self) -> list[Column]:
        return [
            Column("Abbreviation", lambda r: r.abbreviation, field="abbreviation"),
            Column(
                "Meaning",
                lambda r: r.meaning,
                field="meaning",
                decoration=lambda r: None if r.meaning.strip() else warning_icon(),
                background=lambda r: None if r.meaning.strip() else WARNING_BACKGROUND,
                tip=lambda r: r.meaning or "No meaning yet",
            ),
            Column(
                "Used",
                lambda r: str(r.uses) if r.uses else "not used",
                align_right=True,
                tip=lambda r: "Times it appears in the chronology, the analysis and the report",
            ),
        ]

    def fetch(self, session: Session) -> list[TermRow]:
        uses = glossary_usage(session)
        return [
            TermRow(t.id, t.abbreviation, t.meaning, uses.get(t.abbreviation, 0))
            for t in session.scalars(
                select(GlossaryTerm).order_by(func.lower(GlossaryTerm.abbreviation))
            )
        ]

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if index.isValid() and index.column() == 0 and role == Qt.ItemDataRole.EditRole:
            text = str(value).strip()
            row = self.item(index.row())
            if not text:
                self.refused.emit("An abbreviation cannot be empty")
                return False
            clash = [
                r
                for r in self.rows()
                if r.id != row.id and abbreviation_key(r.abbreviation) == abbreviation_key(text)
            ]
            if clash:
                self.refused.emit(f"“{text}” is already in the glossary")
                return False
            value = text
        return super().setData(index, value, role)


@dataclass(frozen=True)
class Undefined:
    abbreviation: str
    uses: int
    suggestion: str


class UndefinedModel(QAbstractListModel):
    """Abbreviations the review uses that the glossary does not define (most used first)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[Undefined] = []

    def set_items(self, items: list[Undefined]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[Undefined]:
        return list(self._items)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        u = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            times = f"{u.uses} use{'s' if u.uses != 1 else ''}"
            return f"{u.abbreviation}  ({times})" + (f" — {u.suggestion}?" if u.suggestion else "")
        if role == Qt.ItemDataRole.DecorationRole:
            return warning_icon()
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"“{u.abbreviation}” is used {u.uses} times but is not in the glossary"
        if role == ID_ROLE:
            return u.abbreviation
        return None


class GlossaryPage(ListPage):
    key = "glossary"
    title = "Glossary"
    icon_name = "glossary"
    kinds = ("glossary_term",)
    noun = "term"
    list_share = 0.62
    list_hint = "The glossary is printed in the report's appendix and the learning products."

    def make_model(self) -> SnapshotModel:
        return GlossaryModel(self.ctx, self)

    def build_detail(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.undefined_title = heading("Used but not defined")
        self.undefined_model = UndefinedModel(self)
        self.undefined_view = QListView()
        self.undefined_view.setObjectName("glossary_undefined")
        self.undefined_view.setAccessibleName("Abbreviations used but not defined")
        self.undefined_view.setModel(self.undefined_model)
        self.undefined_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.undefined_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.undefined_view.doubleClicked.connect(lambda _i: self.define_selected())
        self.define_action = make_action(
            self.undefined_view,
            "Define",
            self.define_selected,
            icon_name="add",
            shortcuts=["Return"],
            name="glossary_define",
            tip="Add the selected abbreviations to the glossary, with a first guess at "
            "their meaning",
        )
        self.define_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.all_defined = QLabel()
        self.all_defined.setObjectName("glossary_all_defined")
        bar = QHBoxLayout()
        bar.addWidget(self.undefined_title, 1)
        bar.addWidget(tool_button(self.define_action))
        lay.addLayout(bar)
        lay.addWidget(
            hint_label(
                "Capitalised abbreviations found in the events, the analysis "
                "and the report sections that the glossary lacks."
            )
        )
        lay.addWidget(self.undefined_view, 1)
        lay.addWidget(self.all_defined)
        return box

    def after_build(self) -> None:
        self.setup_columns(1, {0: 110, 2: 80})
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)

    def load_detail(self, item_id: int | None) -> None:
        del item_id
        with self.ctx.store.session() as session:
            items = [
                Undefined(a, n, suggest_meaning(session, a))
                for a, n in undefined_abbreviations(session).items()
            ]
        self.undefined_model.set_items(items)
        self.undefined_title.setText(f"Used but not defined ({len(items)})")
        self.all_defined.setText("" if items else "✓ Every abbreviation used is defined.")
        self.define_action.setEnabled(bool(items))

    def define_selected(self) -> None:
        rows = sorted({i.row() for i in self.undefined_view.selectionModel().selectedRows()})
        if not rows and self.undefined_view.currentIndex().isValid():
            rows = [self.undefined_view.currentIndex().row()]
        items = [self.undefined_model.items()[r] for r in rows]
        self.define(items)

    def define(self, items: list[Undefined]) -> None:
        if not items:
            return
        from workbench.core.commands import Macro

        creates = [
            CreateItem("glossary_term", {"abbreviation": u.abbreviation, "meaning": u.suggestion})
            for u in items
        ]
        label = (
            f"Define {items[0].abbreviation}"
            if len(items) == 1
            else f"Define {len(items)} abbreviations"
        )
        if push(self.ctx, Macro(label, creates), self.report):
            self._want_id = creates[0].item_id
            self.host.refresh()
            row = self.model.row_of(creates[0].item_id or -1)
            if row >= 0:
                index = self.model.index(row, 1)
                self.view.setCurrentIndex(index)
                self.view.edit(index)

    def new_item_command(self) -> Command | None:
        used = {abbreviation_key(r.abbreviation) for r in self.model.rows()}
        n = 1
        while abbreviation_key(f"NEW{n}") in used:
            n += 1
        return CreateItem(
            "glossary_term", {"abbreviation": f"NEW{n}", "meaning": ""}, label="Add glossary term"
        )

    def delete_command(self, item_id: int) -> Command:
        return DeleteItem("glossary_term", item_id, label="Delete glossary term")

    def show_item(self, kind: str, item_id: int) -> bool:
        if kind == "glossary_term" and item_id == 0:
            if self.dirty:
                self.reload()
            self.undefined_view.setFocus(Qt.FocusReason.OtherFocusReason)
            if self.undefined_model.rowCount():
                self.undefined_view.setCurrentIndex(self.undefined_model.index(0, 0))
            return True
        return super().show_item(kind, item_id)

    def focus_new_item(self) -> None:
        row = self.model.row_of(self.current_id() or -1)
        if row >= 0:
            index = self.model.index(row, 0)
            self.view.setCurrentIndex(index)
            self.view.edit(index)
