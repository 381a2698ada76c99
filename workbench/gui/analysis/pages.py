"""Pages of the analysis workspace: research questions, key practice episodes, findings,
lessons and report sections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workbench.core.analysis import (
    BRIEFING_PREFIX,
    add_in_order,
    canonical_category,
    category_choices,
    create_episode_from_events,
    delete_in_order,
)
from workbench.core.commands import Command, DeleteItem, UpdateItem
from workbench.core.model import (
    Finding,
    FindingKind,
    KeyPracticeEpisode,
    Lesson,
    ReportSection,
    ResearchQuestion,
)
from workbench.gui.analysis.base import ListPage
from workbench.gui.analysis.common import (
    WARNING_BACKGROUND,
    Candidate,
    Column,
    LineField,
    LinkChecklistModel,
    LinksLabel,
    MarkdownEditor,
    SnapshotModel,
    TextField,
    checklist_view,
    fmt_date,
    heading,
    hint_label,
    icon,
    make_action,
    short,
    tool_button,
    warning_icon,
)
from workbench.gui.analysis.events import EvidencePanel


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _warn_if(condition: bool) -> str | None:
    return WARNING_BACKGROUND if condition else None


def _icon_if(condition: bool) -> Any:
    return warning_icon() if condition else None


def _form() -> tuple[QWidget, QFormLayout]:
    box = QWidget()
    form = QFormLayout(box)
    form.setContentsMargins(0, 0, 0, 0)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return box, form


# -- research questions ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionRow:
    id: int
    number: int
    title: str
    text: str
    findings: tuple[tuple[int, str], ...]


class QuestionsModel(SnapshotModel):
    kind = "research_question"

    def make_columns(self) -> list[Column]:
        return [
            Column("No.", lambda r: str(r.number), align_right=True),
            Column(
                "Title",
                lambda r: r.title or short(r.text, 60),
                field="title",
                edit_value=lambda r: r.title,
                tip=lambda r: r.text,
            ),
            Column(
                "Findings",
                lambda r: str(len(r.findings)) if r.findings else "none",
                decoration=lambda r: _icon_if(not r.findings),
                background=lambda r: _warn_if(not r.findings),
                tip=lambda r: (
                    "\n".join(t for _, t in r.findings)
                    or "No finding answers this research question yet"
                ),
            ),
        ]

    def fetch(self, session: Session) -> list[QuestionRow]:
        return [
            QuestionRow(q.id, q.number, q.title, q.text, tuple((f.id, f.title) for f in q.findings))
            for q in session.scalars(
                select(ResearchQuestion)
                .options(selectinload(ResearchQuestion.findings))
                .order_by(ResearchQuestion.number, ResearchQuestion.id)
            )
        ]


class QuestionsPage(ListPage):
    key = "questions"
    title = "Research questions"
    icon_name = "questions"
    kinds = ("research_question",)
    noun = "research question"
    list_share = 0.45
    list_hint = "The terms of reference: every finding answers one of them."

    def make_model(self) -> SnapshotModel:
        return QuestionsModel(self.ctx, self)

    def build_detail(self) -> QWidget:
        box, form = _form()
        self.heading = heading("")
        self.title_field = LineField(
            lambda i, v: self.push(
                UpdateItem(
                    "research_question", i, {"title": v}, label="Edit research question title"
                )
            ),
            "question_title",
            "Short title",
        )
        self.title_field.setPlaceholderText("A short title, e.g. care leaver planning")
        self.text_field = TextField(
            lambda i, v: self.push(
                UpdateItem("research_question", i, {"text": v}, label="Edit research question")
            ),
            "question_text",
            "Research question",
        )
        self.findings_links = LinksLabel(
            self.ctx, "question_findings", "No finding answers this question yet"
        )
        form.addRow(self.heading)
        form.addRow("&Title:", self.title_field)
        form.addRow("&Question:", self.text_field)
        form.addRow("Answered by:", self.findings_links)
        self.text_field.setMinimumHeight(90)
        self.text_field.setMaximumHeight(180)
        outer = QWidget()
        lay = QVBoxLayout(outer)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(box)
        lay.addStretch(1)
        return outer

    def after_build(self) -> None:
        self.setup_columns(1, {0: 44, 2: 90})

    def load_detail(self, item_id: int | None) -> None:
        row = self.model.item(self.model.row_of(item_id)) if item_id is not None else None
        self.heading.setText(f"Research question {row.number}" if row else "No research question")
        self.title_field.set_value(item_id, row.title if row else "")
        self.text_field.set_value(item_id, row.text if row else "")
        self.findings_links.set_links(
            [("finding", fid, t) for fid, t in row.findings] if row else [],
            warn_if_empty=row is not None,
        )

    def new_item_command(self) -> Command | None:
        return add_in_order(
            "research_question", {"title": "", "text": ""}, label="Add research question"
        )

    def delete_command(self, item_id: int) -> Command:
        return delete_in_order("research_question", item_id)

    def focus_new_item(self) -> None:
        self.text_field.setFocus()


# -- key practice episodes -----------------------------------------------------------------------


@dataclass(frozen=True)
class EpisodeRow:
    id: int
    title: str
    summary: str
    span: tuple[date, date] | None
    event_ids: tuple[int, ...]
    findings: tuple[tuple[int, str], ...]

    @property
    def period(self) -> str:
        if self.span is None:
            return ""
        start, end = self.span
        return fmt_date(start) if start == end else f"{fmt_date(start)} – {fmt_date(end)}"


class EpisodesModel(SnapshotModel):
    kind = "episode"
    drop_kind = "episode"

    def make_columns(self) -> list[Column]:
        return [
            Column("Episode", lambda r: r.title, field="title", tip=lambda r: r.summary or r.title),
            Column(
                "Period",
                lambda r: r.period or "no events",
                tip=lambda r: "Derived from the episode's events",
            ),
            Column(
                "Events",
                lambda r: str(len(r.event_ids)),
                align_right=True,
                decoration=lambda r: _icon_if(not r.event_ids),
                background=lambda r: _warn_if(not r.event_ids),
            ),
            Column(
                "Findings",
                lambda r: str(len(r.findings)),
                align_right=True,
                tip=lambda r: "\n".join(t for _, t in r.findings),
            ),
        ]

    def fetch(self, session: Session) -> list[EpisodeRow]:
        out = []
        stmt = (
            select(KeyPracticeEpisode)
            .options(selectinload(KeyPracticeEpisode.events))
            .order_by(KeyPracticeEpisode.sort_order, KeyPracticeEpisode.id)
        )
        users: dict[int, list[tuple[int, str]]] = {}
        for f in session.scalars(
            select(Finding)
            .options(selectinload(Finding.episodes))
            .order_by(Finding.sort_order, Finding.id)
        ):
            for ep in f.episodes:
                users.setdefault(ep.id, []).append((f.id, f.title))
        for ep in session.scalars(stmt):
            out.append(
                EpisodeRow(
                    ep.id,
                    ep.title,
                    ep.summary,
                    ep.span(),
                    tuple(e.id for e in ep.events),
                    tuple(users.get(ep.id, [])),
                )
            )
        return out


class EpisodesPage(ListPage):
    key = "episodes"
    title = "Key practice episodes"
    icon_name = "episodes"
    kinds = ("episode",)
    noun = "episode"
    list_share = 0.42
    takes_event_drops = True
    list_hint = (
        "Select events in the chronology and choose “New from selected events”, or "
        "drop events on an episode to add them."
    )

    def extra_tools(self, bar: QHBoxLayout) -> None:
        self.from_events_action = make_action(
            self,
            "New from selected events",
            self.new_from_selected,
            icon_name="episode_new",
            shortcuts=["Ctrl+Shift+E"],
            name="episodes_from_events",
            tip="Create an episode from the events selected in the chronology",
        )
        bar.addWidget(tool_button(self.from_events_action))
        self.ctx.eventsSelected.connect(lambda *_: self._update_from_events())
        self._update_from_events()

    def _update_from_events(self) -> None:
        n = len(self.ctx.selected_event_ids)
        self.from_events_action.setEnabled(n > 0)
        self.from_events_action.setText(
            f"New from {n} selected event{'s' if n != 1 else ''}"
            if n
            else "New from selected events"
        )

    def make_model(self) -> SnapshotModel:
        return EpisodesModel(self.ctx, self)

    def build_detail(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        top, form = _form()
        self.title_field = LineField(
            lambda i, v: self.push(
                UpdateItem("episode", i, {"title": v}, label="Edit episode title")
            ),
            "episode_title",
            "Episode title",
        )
        self.period = QLabel()
        self.period.setObjectName("episode_period")
        self.summary_field = TextField(
            lambda i, v: self.push(
                UpdateItem("episode", i, {"summary": v}, label="Edit episode summary")
            ),
            "episode_summary",
            "Summary",
        )
        self.summary_field.setPlaceholderText("What happened, and why it matters to the review")
        self.summary_field.setMaximumHeight(110)
        self.findings_links = LinksLabel(self.ctx, "episode_findings", "No finding uses it yet")
        form.addRow("&Title:", self.title_field)
        form.addRow("Period:", self.period)
        form.addRow("&Summary:", self.summary_field)
        form.addRow("Used by:", self.findings_links)
        self.evidence = EvidencePanel(self.ctx, "episode", self.report, "episode_evidence")
        for action in self.evidence.actions():
            self.addAction(action)
        lay.addWidget(top)
        lay.addWidget(self.evidence, 1)
        return box

    def after_build(self) -> None:
        self.setup_columns(0, {1: 170, 2: 60, 3: 70})

    def load_detail(self, item_id: int | None) -> None:
        row = self.model.item(self.model.row_of(item_id)) if item_id is not None else None
        self.title_field.set_value(item_id, row.title if row else "")
        self.period.setText((row.period or "no events yet") if row else "")
        self.summary_field.set_value(item_id, row.summary if row else "")
        self.findings_links.set_links([("finding", i, t) for i, t in row.findings] if row else [])
        self.evidence.set_item(item_id, row.title if row else "", row.event_ids if row else ())

    def new_item_command(self) -> Command | None:
        return add_in_order("episode", {"title": "New episode"}, label="Add episode")

    def new_from_selected(self) -> None:
        ids = list(self.ctx.selected_event_ids)
        if not ids:
            return
        command = create_episode_from_events("New episode", ids)
        if self.push(command):
            self._want_id = command.item_id
            self.host.refresh()
            self.focus_new_item()

    def delete_command(self, item_id: int) -> Command:
        return DeleteItem("episode", item_id, label="Delete episode")

    def focus_new_item(self) -> None:
        self.title_field.setFocus()
        self.title_field.selectAll()


# -- findings ------------------------------------------------------------------------------------

KIND_LABELS = {k.value: k.label for k in FindingKind}


@dataclass(frozen=True)
class FindingRow:
    id: int
    title: str
    body: str
    kind: str
    category: str
    questions: tuple[tuple[int, int], ...]  # (id, number)
    event_ids: tuple[int, ...]
    episodes: tuple[tuple[int, str, tuple[int, ...]], ...]  # (id, title, event ids)
    recommendations: tuple[tuple[int, int], ...]  # (id, number)

    @property
    def evidence_text(self) -> str:
        parts = [_plural(len(self.event_ids), "event")]
        if self.episodes:
            parts.append(_plural(len(self.episodes), "episode"))
        return ", ".join(parts)

    @property
    def without_evidence(self) -> bool:
        return not self.event_ids and not self.episodes

    @property
    def without_recommendation(self) -> bool:
        return not self.recommendations and self.kind != FindingKind.GOOD_PRACTICE.value


class FindingsModel(SnapshotModel):
    kind = "finding"
    drop_kind = "finding"

    def make_columns(self) -> list[Column]:
        return [
            Column(
                "Finding",
                lambda r: r.title,
                field="title",
                decoration=lambda r: icon(r.kind),
                tip=lambda r: f"{KIND_LABELS.get(r.kind, r.kind)}: {r.title}",
            ),
            Column(
                "Answers",
                lambda r: ", ".join(f"RQ{n}" for _, n in r.questions) or "none",
                decoration=lambda r: _icon_if(not r.questions),
                background=lambda r: _warn_if(not r.questions),
                tip=lambda r: "" if r.questions else "Answers no research question",
            ),
            Column(
                "Evidence",
                lambda r: r.evidence_text,
                decoration=lambda r: _icon_if(r.without_evidence),
                background=lambda r: _warn_if(r.without_evidence),
                tip=lambda r: (
                    "No evidence linked"
                    if r.without_evidence
                    else "Drop events here to add evidence"
                ),
            ),
            Column(
                "Recommendations",
                lambda r: (
                    ", ".join(f"R{n}" for _, n in r.recommendations)
                    or ("not needed" if r.kind == FindingKind.GOOD_PRACTICE.value else "none")
                ),
                decoration=lambda r: _icon_if(r.without_recommendation),
                background=lambda r: _warn_if(r.without_recommendation),
                tip=lambda r: (
                    "No recommendation answers this finding" if r.without_recommendation else ""
                ),
            ),
        ]

    def fetch(self, session: Session) -> list[FindingRow]:
        stmt = (
            select(Finding)
            .options(
                selectinload(Finding.questions),
                selectinload(Finding.events),
                selectinload(Finding.episodes).selectinload(KeyPracticeEpisode.events),
                selectinload(Finding.recommendations),
            )
            .order_by(Finding.sort_order, Finding.id)
        )
        return [
            FindingRow(
                f.id,
                f.title,
                f.body,
                f.kind,
                f.category,
                tuple((q.id, q.number) for q in f.questions),
                tuple(e.id for e in f.events),
                tuple((ep.id, ep.title, tuple(e.id for e in ep.events)) for ep in f.episodes),
                tuple(sorted(((r.id, r.number) for r in f.recommendations), key=lambda x: x[1])),
            )
            for f in session.scalars(stmt)
        ]


class FindingsPage(ListPage):
    key = "findings"
    title = "Findings"
    icon_name = "findings"
    kinds = ("finding",)
    noun = "finding"
    list_share = 0.38
    takes_event_drops = True
    list_hint = "Drop events from the chronology on a finding to add them to its evidence."

    def make_model(self) -> SnapshotModel:
        return FindingsModel(self.ctx, self)

    def build_detail(self) -> QWidget:
        top, form = _form()
        self.title_field = LineField(
            lambda i, v: self.push(
                UpdateItem("finding", i, {"title": v}, label="Edit finding title")
            ),
            "finding_title",
            "Finding title",
        )
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("finding_kind")
        self.kind_combo.setAccessibleName("Kind of finding")
        for k in FindingKind:
            self.kind_combo.addItem(icon(k.value), k.label, k.value)
        self.kind_combo.activated.connect(self._kind_chosen)
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("finding_category")
        self.category_combo.setAccessibleName("Category (SCIE typology)")
        self.category_combo.setToolTip(
            "The SCIE Learning Together typology of underlying "
            "patterns; type another category if none fits"
        )
        self.category_combo.setEditable(True)
        self.category_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category_combo.activated.connect(lambda _i: self._category_chosen())
        line_edit = self.category_combo.lineEdit()
        assert line_edit is not None
        line_edit.editingFinished.connect(self._category_chosen)
        kinds = QHBoxLayout()
        kinds.addWidget(self.kind_combo)
        kinds.addWidget(QLabel("Category:"))
        kinds.addWidget(self.category_combo, 1)
        self.questions_model = LinkChecklistModel(
            self.ctx, "finding_question", "research question", self
        )
        self.questions_model.refused.connect(self.report)
        self.questions_view = checklist_view(
            self.questions_model, "finding_questions", flow=True, rows=1
        )
        self.questions_view.setAccessibleName("Research questions this finding answers")
        self.recs_links = LinksLabel(
            self.ctx, "finding_recommendations", "No recommendation answers this finding yet"
        )
        form.addRow("&Title:", self.title_field)
        form.addRow("Kind:", kinds)
        form.addRow("Answers:", self.questions_view)
        form.addRow("Answered by:", self.recs_links)

        self.body = MarkdownEditor(
            lambda i, v: self.push(
                UpdateItem("finding", i, {"body": v}, label="Edit finding text")
            ),
            "finding_body",
            "Finding text",
            Qt.Orientation.Horizontal,
        )

        self.evidence = EvidencePanel(self.ctx, "finding", self.report, "finding_evidence")
        for action in self.evidence.actions():
            self.addAction(action)
        self.episodes_model = LinkChecklistModel(self.ctx, "finding_episode", "episode", self)
        self.episodes_model.refused.connect(self.report)
        self.episodes_view = checklist_view(self.episodes_model, "finding_episodes", rows=6)
        self.episodes_view.setAccessibleName("Key practice episodes behind this finding")
        evidence_box = QWidget()
        ev_lay = QVBoxLayout(evidence_box)
        ev_lay.setContentsMargins(0, 0, 0, 0)
        ev_lay.addWidget(self.evidence, 1)
        ev_lay.addWidget(QLabel("Episodes behind this finding:"))
        ev_lay.addWidget(self.episodes_view)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("finding_detail_splitter")
        split.addWidget(top)
        split.addWidget(self.body)
        split.addWidget(evidence_box)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 3)
        split.setChildrenCollapsible(False)
        return split

    def after_build(self) -> None:
        self.setup_columns(0, {1: 90, 2: 120, 3: 120})

    def _row(self, item_id: int | None) -> FindingRow | None:
        if item_id is None:
            return None
        row: FindingRow | None = self.model.item(self.model.row_of(item_id))
        return row

    def load_detail(self, item_id: int | None) -> None:
        row = self._row(item_id)
        self.title_field.set_value(item_id, row.title if row else "")
        self.kind_combo.setEnabled(row is not None)
        self.category_combo.setEnabled(row is not None)
        with self.ctx.store.session() as session:
            choices = category_choices(session)
            questions = list(
                session.scalars(select(ResearchQuestion).order_by(ResearchQuestion.number))
            )
            q_candidates = [
                Candidate(q.id, f"RQ{q.number}", f"{q.number}. {q.title}\n{q.text}")
                for q in questions
            ]
            episodes = [
                Candidate(e.id, e.title, e.summary)
                for e in session.scalars(
                    select(KeyPracticeEpisode).order_by(KeyPracticeEpisode.sort_order)
                )
            ]
        if row is not None:
            self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(row.kind)))
            self.category_combo.blockSignals(True)
            self.category_combo.clear()
            self.category_combo.addItems(choices)
            self.category_combo.setCurrentText(canonical_category(row.category))
            self.category_combo.blockSignals(False)
        self.questions_model.set_state(
            item_id, q_candidates, [i for i, _ in row.questions] if row else []
        )
        self.episodes_model.set_state(
            item_id, episodes, [e[0] for e in row.episodes] if row else []
        )
        self.recs_links.set_links(
            [("recommendation", i, f"Recommendation {n}") for i, n in row.recommendations]
            if row
            else [],
            warn_if_empty=row is not None and row.without_recommendation,
        )
        self.body.set_value(item_id, row.body if row else "")
        indirect = [e for ep in row.episodes for e in ep[2]] if row else []
        self.evidence.set_item(
            item_id, row.title if row else "", row.event_ids if row else (), indirect
        )

    def _kind_chosen(self, index: int) -> None:
        row = self._row(self.current_id())
        value = self.kind_combo.itemData(index)
        if row is not None and value != row.kind:
            self.push(UpdateItem("finding", row.id, {"kind": value}, label="Change finding kind"))

    def _category_chosen(self) -> None:
        row = self._row(self.current_id())
        value = canonical_category(self.category_combo.currentText())
        if row is not None and value != row.category and value != canonical_category(row.category):
            self.push(
                UpdateItem("finding", row.id, {"category": value}, label="Change finding category")
            )

    def new_item_command(self) -> Command | None:
        return add_in_order("finding", {"title": "New finding"}, label="Add finding")

    def delete_command(self, item_id: int) -> Command:
        return DeleteItem("finding", item_id, label="Delete finding")

    def focus_new_item(self) -> None:
        self.title_field.setFocus()
        self.title_field.selectAll()


# -- lessons ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonRow:
    id: int
    number: int
    text: str
    recommendations: tuple[tuple[int, int], ...]


class LessonsModel(SnapshotModel):
    kind = "lesson"

    def make_columns(self) -> list[Column]:
        return [
            Column("No.", lambda r: str(r.number), align_right=True),
            Column("Lesson", lambda r: short(r.text, 140) or "(empty)", tip=lambda r: r.text),
            Column(
                "Recommendations",
                lambda r: ", ".join(f"R{n}" for _, n in r.recommendations) or "none",
            ),
        ]

    def fetch(self, session: Session) -> list[LessonRow]:
        from workbench.core.model import Recommendation

        users: dict[int, list[tuple[int, int]]] = {}
        for rec in session.scalars(
            select(Recommendation)
            .options(selectinload(Recommendation.lessons))
            .order_by(Recommendation.number)
        ):
            for le in rec.lessons:
                users.setdefault(le.id, []).append((rec.id, rec.number))
        return [
            LessonRow(le.id, le.number, le.text, tuple(users.get(le.id, [])))
            for le in session.scalars(select(Lesson).order_by(Lesson.number, Lesson.id))
        ]


class LessonsPage(ListPage):
    key = "lessons"
    title = "Lessons"
    icon_name = "lessons"
    kinds = ("lesson",)
    noun = "lesson"
    list_share = 0.45

    def make_model(self) -> SnapshotModel:
        return LessonsModel(self.ctx, self)

    def build_detail(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.heading = heading("")
        self.text = MarkdownEditor(
            lambda i, v: self.push(UpdateItem("lesson", i, {"text": v}, label="Edit lesson")),
            "lesson_text",
            "Lesson",
            Qt.Orientation.Vertical,
        )
        self.recs_links = LinksLabel(
            self.ctx, "lesson_recommendations", "No recommendation takes it up yet"
        )
        row = QHBoxLayout()
        row.addWidget(QLabel("Taken up by:"))
        row.addWidget(self.recs_links, 1)
        lay.addWidget(self.heading)
        lay.addWidget(self.text, 1)
        lay.addLayout(row)
        return box

    def after_build(self) -> None:
        self.setup_columns(1, {0: 44, 2: 130})

    def load_detail(self, item_id: int | None) -> None:
        row = self.model.item(self.model.row_of(item_id)) if item_id is not None else None
        self.heading.setText(f"Lesson {row.number}" if row else "No lesson")
        self.text.set_value(item_id, row.text if row else "")
        self.recs_links.set_links(
            [("recommendation", i, f"Recommendation {n}") for i, n in row.recommendations]
            if row
            else []
        )

    def new_item_command(self) -> Command | None:
        return add_in_order("lesson", {"text": ""}, label="Add lesson")

    def delete_command(self, item_id: int) -> Command:
        return delete_in_order("lesson", item_id)

    def focus_new_item(self) -> None:
        self.text.editor.setFocus()


# -- report sections -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionRow:
    id: int
    key: str
    title: str
    body: str

    @property
    def words(self) -> int:
        return len(self.body.split())


class SectionsModel(SnapshotModel):
    kind = "report_section"

    def make_columns(self) -> list[Column]:
        return [
            Column("Section", lambda r: r.title, field="title", tip=lambda r: f"Key: {r.key}"),
            Column("Words", lambda r: str(r.words), align_right=True),
        ]

    def fetch(self, session: Session) -> list[SectionRow]:
        return [
            SectionRow(s.id, s.key, s.title, s.body)
            for s in session.scalars(
                select(ReportSection)
                .where(~ReportSection.key.startswith(BRIEFING_PREFIX))
                .order_by(ReportSection.sort_order, ReportSection.id)
            )
        ]


class SectionsPage(ListPage):
    key = "sections"
    title = "Report sections"
    icon_name = "sections"
    kinds = ("report_section",)
    noun = "section"
    list_share = 0.28
    list_hint = "Sections of the overview report and the learning presentation, in order."

    def make_model(self) -> SnapshotModel:
        return SectionsModel(self.ctx, self)

    def build_detail(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title_field = LineField(
            lambda i, v: self.push(
                UpdateItem("report_section", i, {"title": v}, label="Edit section title")
            ),
            "section_title",
            "Section title",
        )
        self.body = MarkdownEditor(
            lambda i, v: self.push(
                UpdateItem("report_section", i, {"body": v}, label="Edit section")
            ),
            "section_body",
            "Section text",
            Qt.Orientation.Horizontal,
        )
        row = QHBoxLayout()
        title_label = QLabel("&Title:")
        title_label.setBuddy(self.title_field)
        row.addWidget(title_label)
        row.addWidget(self.title_field, 1)
        lay.addLayout(row)
        lay.addWidget(self.body, 1)
        lay.addWidget(
            hint_label(
                "Markdown: **bold**, *italic*, “- ” for a bullet, “1. ” for a "
                "numbered list, “## ” for a heading. The preview shows the "
                "result."
            )
        )
        return box

    def after_build(self) -> None:
        self.setup_columns(0, {1: 60})

    def load_detail(self, item_id: int | None) -> None:
        row = self.model.item(self.model.row_of(item_id)) if item_id is not None else None
        self.title_field.set_value(item_id, row.title if row else "")
        self.body.set_value(item_id, row.body if row else "")

    def new_item_command(self) -> Command | None:
        used = {r.key for r in self.model.rows()}
        with self.ctx.store.session() as session:
            used |= set(session.scalars(select(ReportSection.key)))
        n = 1
        while f"section-{n}" in used:
            n += 1
        return add_in_order(
            "report_section",
            {"key": f"section-{n}", "title": "New section"},
            label="Add report section",
        )

    def delete_command(self, item_id: int) -> Command:
        return DeleteItem("report_section", item_id, label="Delete report section")

    def focus_new_item(self) -> None:
        self.title_field.setFocus()
        self.title_field.selectAll()
