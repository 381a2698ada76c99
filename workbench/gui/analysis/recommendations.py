"""The recommendations page: each recommendation, what it is traced to, its SMART
checklist and its action plan (overdue actions marked with an icon, a colour and words)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workbench.core.analysis import (
    ACTION_STATUS_LABELS,
    SMART_CRITERIA,
    add_in_order,
    delete_in_order,
    set_smart,
    smart_state,
)
from workbench.core.commands import Command, CreateItem, DeleteItem, UpdateItem
from workbench.core.model import (
    Action,
    Agency,
    Finding,
    Lesson,
    Recommendation,
    RecommendationScope,
)
from workbench.gui.analysis.base import ListPage
from workbench.gui.analysis.common import (
    ID_ROLE,
    WARNING_BACKGROUND,
    WARNING_COLOUR,
    Candidate,
    Column,
    LineField,
    LinkChecklistModel,
    LinksLabel,
    SnapshotModel,
    TextField,
    WrapDelegate,
    checklist_view,
    fit_rows_to_text,
    fmt_date,
    heading,
    icon,
    make_action,
    parse_date,
    push,
    short,
    status_icon,
    table_view,
    tool_button,
    warning_icon,
)
from workbench.gui.context import ReviewContext

SCOPE_LABELS = {s.value: s.label for s in RecommendationScope}


@dataclass(frozen=True)
class RecommendationRow:
    id: int
    number: int
    scope: str
    text: str
    targets: tuple[str, ...]
    findings: tuple[tuple[int, str, tuple[int, ...]], ...]  # (id, title, question numbers)
    actions: int
    overdue: int
    smart_ticked: int


class RecommendationsModel(SnapshotModel):
    kind = "recommendation"

    def __init__(self, ctx: ReviewContext, parent: Any = None) -> None:
        super().__init__(ctx, parent)
        self.today = date.today()

    def make_columns(self) -> list[Column]:
        return [
            Column("No.", lambda r: str(r.number), align_right=True),
            Column(
                "To",
                lambda r: (
                    ", ".join(r.targets)
                    or (
                        "the board" if r.scope == RecommendationScope.MULTI_AGENCY.value else "none"
                    )
                ),
                tip=lambda r: SCOPE_LABELS.get(r.scope, r.scope),
            ),
            Column("Recommendation", lambda r: short(r.text, 120), tip=lambda r: r.text),
            Column(
                "Findings",
                lambda r: str(len(r.findings)) if r.findings else "none",
                align_right=True,
                decoration=lambda r: None if r.findings else warning_icon(),
                background=lambda r: None if r.findings else WARNING_BACKGROUND,
                tip=lambda r: "\n".join(t for _, t, _ in r.findings) or "Traced to no finding",
            ),
            Column(
                "Actions",
                _actions_text,
                decoration=lambda r: (
                    icon("overdue", WARNING_COLOUR)
                    if r.overdue
                    else (None if r.actions else warning_icon())
                ),
                background=lambda r: WARNING_BACKGROUND if r.overdue or not r.actions else None,
                tip=lambda r: (
                    f"{r.overdue} overdue"
                    if r.overdue
                    else ("" if r.actions else "No action in the action plan")
                ),
            ),
        ]

    def fetch(self, session: Session) -> list[RecommendationRow]:
        stmt = (
            select(Recommendation)
            .options(
                selectinload(Recommendation.targets),
                selectinload(Recommendation.findings).selectinload(Finding.questions),
                selectinload(Recommendation.actions),
            )
            .order_by(Recommendation.number, Recommendation.id)
        )
        return [
            RecommendationRow(
                r.id,
                r.number,
                r.scope,
                r.text,
                tuple(a.label for a in r.targets),
                tuple(
                    (f.id, f.title, tuple(q.number for q in f.questions))
                    for f in sorted(r.findings, key=lambda f: (f.sort_order, f.id))
                ),
                len(r.actions),
                sum(1 for a in r.actions if a.is_overdue(self.today)),
                sum(1 for v in smart_state(r.smart_json).values() if v.ticked),
            )
            for r in session.scalars(stmt)
        ]


def _actions_text(r: RecommendationRow) -> str:
    if not r.actions:
        return "none"
    return f"{r.actions} ({r.overdue} overdue)" if r.overdue else str(r.actions)


# -- the action plan -------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionRow:
    id: int
    number: str
    description: str
    owner: str
    due_date: date | None
    status: str
    evidence_of_impact: str
    last_reviewed: date | None
    overdue: bool


def _date_text(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def _due_text(r: ActionRow) -> str:
    if r.due_date is None:
        return "no date"
    return f"{fmt_date(r.due_date)} · overdue" if r.overdue else fmt_date(r.due_date)


class ActionsModel(SnapshotModel):
    """The actions of one recommendation, every cell editable."""

    kind = "action"
    DESCRIPTION, OWNER, DUE, STATUS, EVIDENCE, REVIEWED = range(1, 7)

    def __init__(self, ctx: ReviewContext, parent: Any = None) -> None:
        super().__init__(ctx, parent)
        self.recommendation_id: int | None = None
        self.recommendation_number = 0
        self.today = date.today()

    def make_columns(self) -> list[Column]:
        return [
            Column("No.", lambda r: r.number),
            Column(
                "Action", lambda r: r.description, field="description", tip=lambda r: r.description
            ),
            Column("Owner", lambda r: r.owner, field="owner"),
            Column(
                "Due",
                _due_text,
                field="due_date",
                edit_value=lambda r: _date_text(r.due_date),
                parse=parse_date,
                decoration=lambda r: icon("overdue", WARNING_COLOUR) if r.overdue else None,
                background=lambda r: WARNING_BACKGROUND if r.overdue else None,
                foreground=lambda r: WARNING_COLOUR if r.overdue else None,
                tip=lambda r: (
                    f"Overdue: due {fmt_date(r.due_date)} and not complete"
                    if r.overdue
                    else "Type a date as 31/03/2018"
                ),
            ),
            Column(
                "Status",
                lambda r: ACTION_STATUS_LABELS.get(r.status, r.status),
                field="status",
                edit_value=lambda r: r.status,
                decoration=lambda r: status_icon(r.status),
                tip=lambda r: (
                    "Red / amber / green, or complete. Complete is not the same "
                    "as achieved: record the evidence of impact."
                ),
            ),
            Column(
                "Evidence of impact",
                lambda r: r.evidence_of_impact,
                field="evidence_of_impact",
                tip=lambda r: r.evidence_of_impact,
            ),
            Column(
                "Last reviewed",
                lambda r: fmt_date(r.last_reviewed),
                field="last_reviewed",
                edit_value=lambda r: _date_text(r.last_reviewed),
                parse=parse_date,
            ),
        ]

    def fetch(self, session: Session) -> list[ActionRow]:
        if self.recommendation_id is None:
            return []
        rec = session.get(Recommendation, self.recommendation_id)
        if rec is None:
            return []
        self.recommendation_number = rec.number
        return [
            ActionRow(
                a.id,
                f"{rec.number}.{i}",
                a.description,
                a.owner,
                a.due_date,
                a.status,
                a.evidence_of_impact,
                a.last_reviewed,
                a.is_overdue(self.today),
            )
            for i, a in enumerate(rec.actions, start=1)
        ]

    def overdue_count(self) -> int:
        return sum(1 for r in self.rows() if r.overdue)


class StatusDelegate(QStyledItemDelegate):
    """Edits an action's status with a list of the four statuses."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("action_status_editor")
        for value, label in ACTION_STATUS_LABELS.items():
            combo.addItem(status_icon(value), label, value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


# -- the page ----------------------------------------------------------------------------------


class RecommendationsPage(ListPage):
    key = "recommendations"
    title = "Recommendations & actions"
    icon_name = "recommendations"
    kinds = ("recommendation", "action")
    noun = "recommendation"
    list_share = 0.4

    def key_kind(self) -> str:
        return "recommendation"

    def make_model(self) -> SnapshotModel:
        return RecommendationsModel(self.ctx, self)

    def build_detail(self) -> QWidget:
        # What it says and who it is for.
        about = QWidget()
        about_lay = QVBoxLayout(about)
        about_lay.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        about_lay.addLayout(form)
        about_lay.addStretch(1)
        self.heading = heading("")
        self.scope_combo = QComboBox()
        self.scope_combo.setObjectName("recommendation_scope")
        self.scope_combo.setAccessibleName("Scope")
        for s in RecommendationScope:
            self.scope_combo.addItem(s.label, s.value)
        self.scope_combo.activated.connect(self._scope_chosen)
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel("Scope:"))
        top.addWidget(self.scope_combo)
        self.targets_model = LinkChecklistModel(self.ctx, "recommendation_agency", "agency", self)
        self.targets_model.refused.connect(self.report)
        self.targets_view = checklist_view(
            self.targets_model, "recommendation_targets", flow=True, rows=2
        )
        self.targets_view.setAccessibleName("Agencies the recommendation is addressed to")
        self.text_field = TextField(
            lambda i, v: self.push(
                UpdateItem("recommendation", i, {"text": v}, label="Edit recommendation")
            ),
            "recommendation_text",
            "Recommendation text",
        )
        self.text_field.setMaximumHeight(96)
        self.trace = LinksLabel(
            self.ctx, "recommendation_trace", "Traced to no finding: tick the findings it answers"
        )
        self.trace.setToolTip(
            "The findings behind this recommendation and the research "
            "questions they answer: follow a link to see its evidence"
        )
        form.addRow(top)
        form.addRow("&Text:", self.text_field)
        form.addRow("To:", self.targets_view)
        form.addRow("Traced to:", self.trace)

        # Links and SMART.
        self.tabs = QTabWidget()
        self.tabs.setObjectName("recommendation_tabs")
        self.tabs.setUsesScrollButtons(False)
        self.tabs.setDocumentMode(True)
        self.findings_model = LinkChecklistModel(
            self.ctx, "recommendation_finding", "finding", self
        )
        self.findings_model.refused.connect(self.report)
        self.findings_view = checklist_view(self.findings_model, "recommendation_findings", rows=12)
        self.findings_view.setMaximumHeight(16777215)
        self.findings_view.setAccessibleName("Findings this recommendation answers")
        self.lessons_model = LinkChecklistModel(self.ctx, "recommendation_lesson", "lesson", self)
        self.lessons_model.refused.connect(self.report)
        self.lessons_view = checklist_view(self.lessons_model, "recommendation_lessons", rows=12)
        self.lessons_view.setMaximumHeight(16777215)
        self.lessons_view.setAccessibleName("Lessons this recommendation takes up")
        self.tabs.addTab(self.findings_view, "Findings")
        self.tabs.addTab(self.lessons_view, "Lessons")
        self.tabs.addTab(self._build_smart(), "SMART")
        self.tabs.setTabToolTip(0, "The findings this recommendation answers")
        self.tabs.setTabToolTip(1, "The lessons this recommendation takes up")
        self.tabs.setTabToolTip(
            2, "The SMART checklist: specific, measurable, achievable, relevant, time-bound"
        )

        # The action plan.
        plan = QWidget()
        plan_lay = QVBoxLayout(plan)
        plan_lay.setContentsMargins(0, 0, 0, 0)
        self.actions_model = ActionsModel(self.ctx, self)
        self.actions_model.refused.connect(self.report)
        self.actions_view: QTableView = table_view("actions_table", "Action plan")
        self.actions_view.setModel(self.actions_model)
        self.actions_view.setItemDelegate(WrapDelegate(self.actions_view))
        fit_rows_to_text(self.actions_view)
        self.actions_view.setItemDelegateForColumn(
            ActionsModel.STATUS, StatusDelegate(self.actions_view)
        )
        header = self.actions_view.horizontalHeader()
        for col, width in ((0, 44), (2, 150), (3, 130), (4, 100), (6, 100)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.actions_view.setColumnWidth(col, width)
        header.setSectionResizeMode(ActionsModel.DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ActionsModel.EVIDENCE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.plan_title = heading("Action plan")
        self.overdue_note = QLabel()
        self.overdue_note.setObjectName("actions_overdue_note")
        self.add_action_action = make_action(
            self.actions_view,
            "Add action",
            self.add_plan_action,
            icon_name="add",
            shortcuts=["Ctrl+Alt+N"],
            name="actions_add",
            tip="Add an action to this recommendation's plan",
        )
        self.delete_action_action = make_action(
            self.actions_view,
            "Delete action",
            self.delete_plan_action,
            icon_name="delete",
            shortcuts=["Del"],
            name="actions_delete",
            tip="Delete the selected action",
        )
        for a in (self.add_action_action, self.delete_action_action):
            a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        bar = QHBoxLayout()
        bar.addWidget(self.plan_title)
        bar.addWidget(self.overdue_note, 1)
        bar.addWidget(tool_button(self.add_action_action))
        bar.addWidget(tool_button(self.delete_action_action))
        plan_lay.addLayout(bar)
        plan_lay.addWidget(self.actions_view, 1)

        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(about)
        upper.addWidget(self.tabs)
        upper.setStretchFactor(0, 1)
        upper.setStretchFactor(1, 1)
        upper.setChildrenCollapsible(False)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("recommendation_detail_splitter")
        split.addWidget(upper)
        split.addWidget(plan)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        return split

    def _build_smart(self) -> QWidget:
        box = QWidget()
        box.setObjectName("recommendation_smart")
        grid = QGridLayout(box)
        self.smart_boxes: dict[str, QCheckBox] = {}
        self.smart_notes: dict[str, LineField] = {}
        for row, c in enumerate(SMART_CRITERIA):
            check = QCheckBox(c.label)
            check.setObjectName(f"smart_{c.key}")
            check.setToolTip(c.question)
            check.setAccessibleDescription(c.question)
            check.clicked.connect(self._smart_slot(c.key))
            note = LineField(
                partial(self._smart_note_for, c.key),
                f"smart_{c.key}_note",
                f"{c.label}: note",
            )
            note.setPlaceholderText(c.question)
            self.smart_boxes[c.key] = check
            self.smart_notes[c.key] = note
            grid.addWidget(check, row, 0)
            grid.addWidget(note, row, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(SMART_CRITERIA), 1)
        return box

    def after_build(self) -> None:
        self.setup_columns(2, {0: 36, 1: 80, 3: 62, 4: 100})

    def _row(self, item_id: int | None) -> RecommendationRow | None:
        if item_id is None:
            return None
        row: RecommendationRow | None = self.model.item(self.model.row_of(item_id))
        return row

    def load_detail(self, item_id: int | None) -> None:
        row = self._row(item_id)
        self.heading.setText(f"Recommendation {row.number}" if row else "No recommendation")
        self.scope_combo.setEnabled(row is not None)
        if row is not None:
            self.scope_combo.setCurrentIndex(max(0, self.scope_combo.findData(row.scope)))
        self.text_field.set_value(item_id, row.text if row else "")
        with self.ctx.store.session() as session:
            rec = session.get(Recommendation, item_id) if item_id is not None else None
            agencies = [
                Candidate(a.id, a.label, a.name)
                for a in session.scalars(select(Agency).order_by(Agency.sort_order, Agency.name))
            ]
            findings = [
                Candidate(f.id, short(f.title, 70), f.title)
                for f in session.scalars(select(Finding).order_by(Finding.sort_order, Finding.id))
            ]
            lessons = [
                Candidate(le.id, f"{le.number}. {short(le.text, 70)}", le.text)
                for le in session.scalars(select(Lesson).order_by(Lesson.number))
            ]
            target_ids = [a.id for a in rec.targets] if rec else []
            finding_ids = [f.id for f in rec.findings] if rec else []
            lesson_ids = [le.id for le in rec.lessons] if rec else []
            smart = smart_state(rec.smart_json) if rec else {}
        self.targets_model.set_state(item_id, agencies, target_ids)
        self.findings_model.set_state(item_id, findings, finding_ids)
        self.lessons_model.set_state(item_id, lessons, lesson_ids)
        self.tabs.setTabText(0, f"Findings ({len(finding_ids)})")
        self.tabs.setTabText(1, f"Lessons ({len(lesson_ids)})")
        ticked = sum(1 for c in SMART_CRITERIA if smart.get(c.key) and smart[c.key].ticked)
        self.tabs.setTabText(2, f"SMART ({ticked}/{len(SMART_CRITERIA)})")
        links: list[tuple[str, int, str]] = []
        for fid, title, numbers in row.findings if row else ():
            rqs = ", ".join(f"RQ{n}" for n in numbers)
            links.append(("finding", fid, f"{short(title, 60)}" + (f" ({rqs})" if rqs else "")))
        self.trace.set_links(links, warn_if_empty=row is not None)
        for c in SMART_CRITERIA:
            item = smart.get(c.key)
            self.smart_boxes[c.key].setEnabled(row is not None)
            self.smart_boxes[c.key].setChecked(bool(item and item.ticked))
            self.smart_notes[c.key].set_value(item_id, item.note if item else "")
        self._load_actions(item_id)

    def _load_actions(self, item_id: int | None) -> None:
        keep = self.actions_view.currentIndex()
        keep_id = keep.siblingAtColumn(0).data(ID_ROLE) if keep.isValid() else None
        self.actions_model.recommendation_id = item_id
        self.actions_model.reload()
        if keep_id is not None and self.actions_model.row_of(keep_id) >= 0:
            self.actions_view.selectRow(self.actions_model.row_of(keep_id))
        self.actions_view.resizeRowsToContents()
        n = self.actions_model.rowCount()
        late = self.actions_model.overdue_count()
        self.plan_title.setText(f"Action plan ({n} action{'s' if n != 1 else ''})")
        self.overdue_note.setText(f"⚠ {late} overdue" if late else "")
        self.overdue_note.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: bold;")
        self.add_action_action.setEnabled(item_id is not None)
        self.delete_action_action.setEnabled(n > 0)

    def _scope_chosen(self, index: int) -> None:
        row = self._row(self.current_id())
        value = self.scope_combo.itemData(index)
        if row is not None and value != row.scope:
            self.push(
                UpdateItem(
                    "recommendation", row.id, {"scope": value}, label="Change recommendation scope"
                )
            )

    def _smart_slot(self, key: str) -> Callable[[bool], None]:
        def ticked(checked: bool) -> None:
            self._smart_ticked(key, checked)

        return ticked

    def _smart_ticked(self, key: str, ticked: bool) -> None:
        item_id = self.current_id()
        if item_id is not None:
            self.push(set_smart(item_id, key, ticked))

    def _smart_note_for(self, key: str, item_id: int, note: str) -> None:
        self.push(set_smart(item_id, key, self.smart_boxes[key].isChecked(), note))

    # the action plan
    def add_plan_action(self) -> None:
        rec_id = self.current_id()
        if rec_id is None:
            return
        command = CreateItem(
            "action",
            {"recommendation_id": rec_id, "description": "New action", "status": "red"},
            label="Add action",
        )
        if push(self.ctx, command, self.report):
            self.host.refresh()
            row = self.actions_model.row_of(command.item_id or -1)
            if row >= 0:
                index = self.actions_model.index(row, ActionsModel.DESCRIPTION)
                self.actions_view.setCurrentIndex(index)
                self.actions_view.edit(index)

    def delete_plan_action(self) -> None:
        index = self.actions_view.currentIndex()
        row = self.actions_model.item(index.row()) if index.isValid() else None
        if row is None:
            return
        if push(
            self.ctx, DeleteItem("action", row.id, label=f"Delete action {row.number}"), self.report
        ):
            self.host.refresh()

    def show_item(self, kind: str, item_id: int) -> bool:
        if kind == "action":
            with self.ctx.store.session() as session:
                action = session.get(Action, item_id)
                rec_id = action.recommendation_id if action else None
            if rec_id is None or not super().show_item("recommendation", rec_id):
                return False
            row = self.actions_model.row_of(item_id)
            if row >= 0:
                self.actions_view.selectRow(row)
                self.actions_view.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().show_item(kind, item_id)

    def new_item_command(self) -> Command | None:
        return add_in_order(
            "recommendation", {"text": "", "scope": "multi_agency"}, label="Add recommendation"
        )

    def delete_command(self, item_id: int) -> Command:
        return delete_in_order("recommendation", item_id)

    def focus_new_item(self) -> None:
        self.text_field.setFocus()
