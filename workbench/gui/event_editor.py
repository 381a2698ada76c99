"""The event details dock: every field of the selected event, editable.

Each finished edit of one field is one undoable command with a readable label ("Edit
event text"), pushed through :meth:`ReviewContext.push`. The date field reads the text
as it is typed and says how it was understood ("spring 2015 -> 1 Mar 2015 - 31 May 2015,
season"); a date that cannot be read is never saved. The agency's own text is kept as
submitted: when the panel changed it, the editor says so, shows the submitted text and
offers to restore it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from workbench.core.commands import Command, CreateItem, DeleteItem, Link, Unlink, UpdateItem
from workbench.core.dates import DateParseError, FuzzyDate, parse_date
from workbench.core.errors import WorkbenchError
from workbench.core.model import (
    Agency,
    Annotation,
    Event,
    Finding,
    KeyPracticeEpisode,
    Person,
    Tag,
)
from workbench.gui import icons
from workbench.gui.colours import AGENCY_PALETTE
from workbench.gui.context import ReviewContext
from workbench.gui.dialogs import show_error
from workbench.gui.filter_bar import colour_icon
from workbench.gui.forms.ui_event_editor import Ui_EventEditor

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")

AGENCY_TEXT_FIELDS = {
    "text": ("submitted_text", "event text"),
    "outcome": ("submitted_outcome", "outcome"),
    "analysis": ("submitted_analysis", "agency analysis"),
}


def short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class _CreateTagAndLink(Command):
    """A new tag, added to one event, as one undo step."""

    def __init__(self, name: str, colour: str, event_id: int) -> None:
        self.label = f"Add new tag “{name}” to event"
        self.create = CreateItem(Tag, {"name": name, "colour": colour})
        self.event_id = event_id
        self.link: Link | None = None

    def do(self, session: Session) -> None:
        self.create.do(session)
        assert self.create.item_id is not None
        self.link = Link("event_tag", [(self.event_id, self.create.item_id)])
        self.link.do(session)

    def undo(self, session: Session) -> None:
        assert self.link is not None
        self.link.undo(session)
        session.flush()
        self.create.undo(session)

    def redo(self, session: Session) -> None:
        self.create.redo(session)
        assert self.link is not None
        self.link.redo(session)


class EventEditor(QWidget):
    """Shows and edits the event selected in :class:`ReviewContext`."""

    def __init__(self, ctx: ReviewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ui = Ui_EventEditor()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        self.event_id: int | None = None
        self._loaded: dict[str, Any] = {}
        self._loading = False
        self._date_of_birth: date | None = None
        ui = self.ui
        self._groups = [
            ui.date_group,
            ui.record_group,
            ui.people_group,
            ui.notes_group,
            ui.links_group,
            ui.header_label,
        ]
        ui.date_feedback.setProperty("feedback", "ok")
        ui.header_label.setTextFormat(Qt.TextFormat.RichText)
        for label in (ui.text_status, ui.outcome_status, ui.analysis_status):
            label.setProperty("feedback", "edited")
            label.linkActivated.connect(self._restore)
        ui.provenance_label.setProperty("feedback", "ok")
        ui.agency_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        ui.agency_combo.setMinimumContentsLength(14)
        for line_edit in (ui.date_edit, ui.end_date_edit, ui.sequence_edit):
            line_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 12)

        ui.date_edit.textChanged.connect(self._date_typed)
        ui.date_edit.editingFinished.connect(self._commit_date)
        ui.end_date_edit.editingFinished.connect(self._commit_end_date)
        ui.time_edit.editingFinished.connect(self._commit_time)
        ui.sequence_edit.editingFinished.connect(self._commit_sequence)
        for line_edit, field, words in (
            (ui.practitioner_edit, "practitioner", "Edit practitioner"),
            (ui.source_reference_edit, "source_reference", "Edit source record"),
            (ui.subjects_text_edit, "subjects_text", "Edit subjects as written"),
        ):
            line_edit.editingFinished.connect(self._line_committer(line_edit, field, words))
        for text_edit in (ui.text_edit, ui.outcome_edit, ui.analysis_edit):
            text_edit.installEventFilter(self)
        ui.agency_combo.activated.connect(self._commit_agency)
        ui.milestone_check.clicked.connect(self._commit_milestone)
        ui.subjects_list.itemChanged.connect(self._subject_ticked)
        ui.tags_list.itemChanged.connect(self._tag_ticked)
        ui.new_tag_button.clicked.connect(self._new_tag)
        ui.add_annotation_button.clicked.connect(self._add_annotation)
        ui.delete_annotation_button.clicked.connect(self._delete_annotation)
        ui.annotations_list.currentRowChanged.connect(self._update_buttons)
        ui.findings_list.currentRowChanged.connect(self._update_buttons)
        ui.episodes_list.currentRowChanged.connect(self._update_buttons)
        ui.findings_list.itemActivated.connect(lambda item: self._request("finding", item))
        ui.episodes_list.itemActivated.connect(lambda item: self._request("episode", item))
        self._link_menu(ui.link_finding_button, "finding")
        self._link_menu(ui.link_episode_button, "episode")
        ui.unlink_finding_button.clicked.connect(lambda: self._unlink("finding"))
        ui.unlink_episode_button.clicked.connect(lambda: self._unlink("episode"))
        for button, icon in (
            (ui.add_annotation_button, "add"),
            (ui.delete_annotation_button, "delete"),
            (ui.new_tag_button, "tag"),
            (ui.link_finding_button, "link"),
            (ui.unlink_finding_button, "delete"),
            (ui.link_episode_button, "link"),
            (ui.unlink_episode_button, "delete"),
        ):
            button.setIcon(icons.icon(icon))
            if isinstance(button, QToolButton):
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        # A change is shown once control is back in the event loop: never while a list
        # is still delivering the tick that caused it.
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(0)
        self._reload_timer.timeout.connect(self._reload)
        ctx.eventsSelected.connect(self._selection_changed)
        ctx.changed.connect(self._data_changed)
        self.show_event(None)

    # -- showing ----------------------------------------------------------------------
    def _selection_changed(self, ids: list[int], _source: object) -> None:
        self.commit_pending()
        self._reload_timer.stop()
        if len(ids) == 1:
            self.show_event(ids[0])
        else:
            self.show_event(None, count=len(ids))

    def _data_changed(self, _kind: str) -> None:
        if self.event_id is not None:
            self._reload_timer.start()

    def _reload(self) -> None:
        if self.event_id is not None:
            self.show_event(self.event_id, keep_focus=True)

    def show_event(self, event_id: int | None, count: int = 0, keep_focus: bool = False) -> None:
        ui = self.ui
        event = None
        if event_id is not None:
            with self.ctx.store.session() as s:
                event = s.scalars(
                    select(Event)
                    .where(Event.id == event_id)
                    .options(
                        selectinload(Event.subjects),
                        selectinload(Event.tags),
                        selectinload(Event.annotations),
                        selectinload(Event.findings),
                        selectinload(Event.episodes),
                        selectinload(Event.source_file),
                        selectinload(Event.agency),
                    )
                ).first()
                if event is not None:
                    self._fill(s, event, keep_focus)
        self.event_id = event.id if event is not None else None
        for widget in self._groups:
            widget.setVisible(event is not None)
        ui.empty_label.setVisible(event is None)
        if event is None:
            ui.empty_label.setText(
                f"{count} events are selected. Select one to see all of it here and edit it."
                if count > 1
                else "Select an event in the chronology to see all of it here and edit it."
            )
        self._apply_read_only()

    def _fill(self, s: Session, event: Event, keep_focus: bool) -> None:
        ui = self.ui
        self._loading = True
        try:
            same = keep_focus and self.event_id == event.id
            values = {
                "date_text": event.date_text,
                "time": event.time or "",
                "end_date_text": event.end_date_text or "",
                "sequence": "" if event.sequence is None else f"{event.sequence:g}",
                "practitioner": event.practitioner,
                "source_reference": event.source_reference,
                "subjects_text": event.subjects_text,
                "text": event.text,
                "outcome": event.outcome,
                "analysis": event.analysis,
            }
            for key, widget in (
                ("date_text", ui.date_edit),
                ("time", ui.time_edit),
                ("end_date_text", ui.end_date_edit),
                ("sequence", ui.sequence_edit),
                ("practitioner", ui.practitioner_edit),
                ("source_reference", ui.source_reference_edit),
                ("subjects_text", ui.subjects_text_edit),
                ("text", ui.text_edit),
                ("outcome", ui.outcome_edit),
                ("analysis", ui.analysis_edit),
            ):
                self._set_value(widget, values[key], self._loaded.get(key) if same else None)
            self._loaded = values
            self._date_of_birth = next(
                (p.date_of_birth for p in event.subjects if p.date_of_birth), None
            )
            self._date_typed(ui.date_edit.text())
            agency = event.agency
            ui.header_label.setText(
                f"{html.escape(event.date_text)}"
                f"<span style='font-weight:normal'> · {html.escape(agency.name)}</span>"
            )
            ui.agency_combo.clear()
            for a in s.scalars(select(Agency).order_by(Agency.sort_order, Agency.name)):
                ui.agency_combo.addItem(colour_icon(a.colour), a.name, a.id)
            ui.agency_combo.setCurrentIndex(ui.agency_combo.findData(event.agency_id))
            ui.milestone_check.setChecked(event.is_milestone)
            for field, (submitted_attr, words) in AGENCY_TEXT_FIELDS.items():
                label: QLabel = getattr(ui, f"{field}_status")
                submitted = getattr(event, submitted_attr)
                current = getattr(event, field)
                if submitted is not None and submitted != current:
                    label.setText(
                        f"✎ Edited by the panel. The agency submitted: "
                        f"“{html.escape(short(submitted, 400)) or '(nothing)'}” "
                        f"<a href='restore:{field}'>Restore the agency's {words}</a>"
                    )
                    label.setToolTip(submitted)
                    label.show()
                else:
                    label.clear()
                    label.hide()
            ui.provenance_label.setText(self._provenance(event))

            linked_people = {p.id for p in event.subjects}
            self._fill_checklist(
                ui.subjects_list,
                [
                    (
                        p.id,
                        p.display_name + (f" ({p.role})" if p.role else ""),
                        p.id in linked_people,
                        None,
                    )
                    for p in s.scalars(select(Person).order_by(Person.id))
                ],
            )
            linked_tags = {t.id for t in event.tags}
            self._fill_checklist(
                ui.tags_list,
                [
                    (t.id, t.name, t.id in linked_tags, t.colour)
                    for t in s.scalars(select(Tag).order_by(Tag.name))
                ],
            )
            ui.annotations_list.clear()
            for note in event.annotations:
                stamp = note.created_at.strftime("%d %b %Y") if note.created_at else ""
                item = QListWidgetItem(f"{short(note.body, 90)} — {note.author or '?'}, {stamp}")
                item.setToolTip(note.body)
                item.setData(Qt.ItemDataRole.UserRole, note.id)
                ui.annotations_list.addItem(item)
            ui.findings_list.clear()
            for f in sorted(event.findings, key=lambda f: (f.sort_order, f.id)):
                item = QListWidgetItem(
                    icons.icon(f.kind if f.kind != "finding" else "finding"), f.title
                )
                item.setToolTip(f"{f.title}\nPress Enter to open it in the analysis")
                item.setData(Qt.ItemDataRole.UserRole, f.id)
                ui.findings_list.addItem(item)
            ui.episodes_list.clear()
            for e in sorted(event.episodes, key=lambda e: (e.sort_order, e.id)):
                item = QListWidgetItem(icons.icon("episode"), e.title)
                item.setData(Qt.ItemDataRole.UserRole, e.id)
                ui.episodes_list.addItem(item)
        finally:
            self._loading = False
        self._update_buttons()

    @staticmethod
    def _provenance(event: Event) -> str:
        parts = []
        if event.source_file is not None:
            parts.append(html.escape(event.source_file.file_name))
        if event.source_location:
            parts.append(f"sheet {html.escape(event.source_location)}")
        if event.source_row is not None:
            parts.append(f"row {event.source_row}")
        if event.source_ref:
            parts.append(f"ref {html.escape(event.source_ref)}")
        if not parts:
            return "Added in the workbench (not imported)."
        text = ", ".join(parts)
        if event.source_file is not None and event.source_file.imported_at:
            who = event.source_file.imported_by
            text += f"; imported {event.source_file.imported_at:%d %b %Y}" + (
                f" by {html.escape(who)}" if who else ""
            )
        return text + "."

    @staticmethod
    def _set_value(widget: QLineEdit | QPlainTextEdit, value: str, before: str | None) -> None:
        current = widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()
        if before is not None and widget.hasFocus() and current != before:
            return  # the user is typing here: keep what they typed
        if current == value:
            return
        if isinstance(widget, QLineEdit):
            widget.setText(value)
            widget.setCursorPosition(0)
        else:
            widget.setPlainText(value)

    @staticmethod
    def _fill_checklist(widget: QListWidget, rows: list[tuple[int, str, bool, str | None]]) -> None:
        widget.blockSignals(True)
        widget.clear()
        for item_id, text, checked, colour in rows:
            item = QListWidgetItem(text)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsSelectable
            )
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            if colour:
                item.setIcon(colour_icon(colour))
            widget.addItem(item)
        widget.blockSignals(False)

    def _apply_read_only(self) -> None:
        read_only = self.ctx.read_only
        ui = self.ui
        for line_edit in (
            ui.date_edit,
            ui.time_edit,
            ui.end_date_edit,
            ui.sequence_edit,
            ui.practitioner_edit,
            ui.source_reference_edit,
            ui.subjects_text_edit,
        ):
            line_edit.setReadOnly(read_only)
        for text_edit in (ui.text_edit, ui.outcome_edit, ui.analysis_edit, ui.annotation_edit):
            text_edit.setReadOnly(read_only)
        for widget in (
            ui.agency_combo,
            ui.milestone_check,
            ui.subjects_list,
            ui.tags_list,
            ui.new_tag_button,
            ui.add_annotation_button,
            ui.link_finding_button,
            ui.link_episode_button,
        ):
            widget.setEnabled(not read_only)
        self._update_buttons()

    def _update_buttons(self, *_args: object) -> None:
        ui = self.ui
        editable = not self.ctx.read_only
        ui.delete_annotation_button.setEnabled(editable and ui.annotations_list.currentRow() >= 0)
        ui.unlink_finding_button.setEnabled(editable and ui.findings_list.currentRow() >= 0)
        ui.unlink_episode_button.setEnabled(editable and ui.episodes_list.currentRow() >= 0)

    # -- committing -------------------------------------------------------------------
    def push(self, command: Command) -> bool:
        try:
            return self.ctx.push(command)
        except (WorkbenchError, OSError) as exc:
            show_error(self, exc)
        return False

    def _update(self, changes: dict[str, Any], label: str) -> bool:
        if self.event_id is None or self._loading or self.ctx.read_only:
            return False
        return self.push(UpdateItem(Event, self.event_id, changes, label))

    def commit_pending(self) -> None:
        """Save a field whose edit is not finished yet (before showing another event)."""
        if self.event_id is None or self.ctx.read_only:
            return
        for field in AGENCY_TEXT_FIELDS:
            self._commit_text(field)
        ui = self.ui
        if ui.date_edit.text().strip() != self._loaded.get("date_text", ""):
            self._commit_date()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            for field in AGENCY_TEXT_FIELDS:
                if watched is getattr(self.ui, f"{field}_edit"):
                    self._commit_text(field)
        return super().eventFilter(watched, event)

    def _commit_text(self, field: str) -> None:
        edit: QPlainTextEdit = getattr(self.ui, f"{field}_edit")
        value = edit.toPlainText()
        if self.event_id is None or value == self._loaded.get(field, value):
            return
        words = AGENCY_TEXT_FIELDS[field][1]
        if self._update(
            {field: value},
            f"Edit {words}" if field == "analysis" else f"Edit event {words.split()[-1]}",
        ):
            self._loaded[field] = value

    def _line_committer(self, edit: QLineEdit, field: str, label: str) -> Callable[[], None]:
        def commit() -> None:
            value = edit.text().strip()
            if self.event_id is None or value == self._loaded.get(field, value):
                return
            if self._update({field: value}, label):
                self._loaded[field] = value

        return commit

    def _parse(self, text: str) -> FuzzyDate:
        return parse_date(text, date_of_birth=self._date_of_birth)

    def _date_typed(self, text: str) -> None:
        label = self.ui.date_feedback
        if not text.strip():
            label.setText("A date is needed: write “unknown” when it is not known.")
            state = "error"
        else:
            try:
                label.setText(self._parse(text).describe())
                state = "ok"
            except DateParseError as exc:
                label.setText(f"Not saved: {exc.reason}")
                state = "error"
        if label.property("feedback") != state:
            label.setProperty("feedback", state)
            label.style().unpolish(label)
            label.style().polish(label)

    def _commit_date(self) -> None:
        text = self.ui.date_edit.text().strip()
        if self.event_id is None or text == self._loaded.get("date_text") or not text:
            return
        try:
            fuzzy = self._parse(text)
        except DateParseError:
            return  # the feedback says why; nothing is saved
        changes = {
            "date_text": fuzzy.text,
            "date_earliest": fuzzy.earliest,
            "date_latest": fuzzy.latest,
            "date_precision": fuzzy.precision.value,
            "date_approximate": fuzzy.approximate,
            "date_doubtful": fuzzy.doubtful,
        }
        if self._update(changes, "Edit event date"):
            self._loaded["date_text"] = fuzzy.text

    def _commit_end_date(self) -> None:
        text = self.ui.end_date_edit.text().strip()
        if self.event_id is None or text == self._loaded.get("end_date_text"):
            return
        if text:
            try:
                self._parse(text)
            except DateParseError as exc:
                self.ui.date_feedback.setText(f"End date not saved: {exc.reason}")
                return
        if self._update({"end_date_text": text}, "Edit event end date"):
            self._loaded["end_date_text"] = text

    def _commit_time(self) -> None:
        text = self.ui.time_edit.text().strip()
        if self.event_id is None or text == self._loaded.get("time"):
            return
        value = None
        if text:
            m = _TIME.match(text)
            if not m:
                self.ui.date_feedback.setText(f"Time not saved: “{text}” is not a time (hh:mm).")
                return
            value = f"{int(m.group(1)):02d}:{m.group(2)}"
        if self._update({"time": value}, "Edit event time"):
            self._loaded["time"] = value or ""

    def _commit_sequence(self) -> None:
        text = self.ui.sequence_edit.text().strip()
        if self.event_id is None or text == self._loaded.get("sequence"):
            return
        value = None
        if text:
            try:
                value = float(text.replace(",", "."))
            except ValueError:
                self.ui.date_feedback.setText(f"Sequence not saved: “{text}” is not a number.")
                return
        if self._update({"sequence": value}, "Edit event sequence"):
            self._loaded["sequence"] = text

    def _commit_agency(self, _index: int) -> None:
        agency_id = self.ui.agency_combo.currentData()
        if agency_id is None:
            return
        self._update(
            {"agency_id": int(agency_id)}, f"Move event to {self.ui.agency_combo.currentText()}"
        )

    def _commit_milestone(self, checked: bool) -> None:
        self._update(
            {"is_milestone": bool(checked)},
            "Mark event as a milestone" if checked else "Unmark milestone",
        )

    def _restore(self, href: str) -> None:
        field = href.split(":", 1)[-1]
        if field not in AGENCY_TEXT_FIELDS or self.event_id is None:
            return
        with self.ctx.store.session() as s:
            event = s.get(Event, self.event_id)
            submitted = getattr(event, AGENCY_TEXT_FIELDS[field][0]) if event else None
        if submitted is not None:
            self._update({field: submitted}, f"Restore the agency's {AGENCY_TEXT_FIELDS[field][1]}")

    def _subject_ticked(self, item: QListWidgetItem) -> None:
        if self.event_id is None or self._loading:
            return
        person_id = int(item.data(Qt.ItemDataRole.UserRole))
        name = item.text().split(" (")[0]
        pair = [(self.event_id, person_id)]
        if item.checkState() == Qt.CheckState.Checked:
            self.push(Link("event_subject", pair, f"Add {name} to the event's subjects"))
        else:
            self.push(Unlink("event_subject", pair, f"Remove {name} from the event's subjects"))

    def _tag_ticked(self, item: QListWidgetItem) -> None:
        if self.event_id is None or self._loading:
            return
        tag_id = int(item.data(Qt.ItemDataRole.UserRole))
        pair = [(self.event_id, tag_id)]
        if item.checkState() == Qt.CheckState.Checked:
            self.push(Link("event_tag", pair, f"Tag event “{item.text()}”"))
        else:
            self.push(Unlink("event_tag", pair, f"Remove tag “{item.text()}”"))

    def _new_tag(self) -> None:
        if self.event_id is None:
            return
        name, ok = QInputDialog.getText(self, "New Tag", "Name of the new tag:")
        name = name.strip()
        if not ok or not name:
            return
        with self.ctx.store.session() as s:
            existing = s.scalars(select(Tag).where(Tag.name == name)).first()
            count = len(s.scalars(select(Tag.id)).all())
        if existing is not None:
            self.push(Link("event_tag", [(self.event_id, existing.id)], f"Tag event “{name}”"))
            return
        colour = AGENCY_PALETTE[count % len(AGENCY_PALETTE)]
        self.push(_CreateTagAndLink(name, colour, self.event_id))

    def _add_annotation(self) -> None:
        body = self.ui.annotation_edit.toPlainText().strip()
        if self.event_id is None or not body:
            return
        if self.push(
            CreateItem(
                Annotation,
                {"event_id": self.event_id, "body": body, "author": self.ctx.store.user},
                "Add a note to the event",
            )
        ):
            self.ui.annotation_edit.clear()

    def _delete_annotation(self) -> None:
        item = self.ui.annotations_list.currentItem()
        if item is None:
            return
        self.push(DeleteItem(Annotation, int(item.data(Qt.ItemDataRole.UserRole)), "Delete a note"))

    def _link_menu(self, button: QToolButton, kind: str) -> None:
        menu = QMenu(button)
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu.aboutToShow.connect(lambda: self._fill_link_menu(menu, kind))

    def _fill_link_menu(self, menu: QMenu, kind: str) -> None:
        menu.clear()
        if self.event_id is None:
            return
        model: Any = Finding if kind == "finding" else KeyPracticeEpisode
        with self.ctx.store.session() as s:
            event = s.get(Event, self.event_id)
            linked = (
                {x.id for x in (event.findings if kind == "finding" else event.episodes)}
                if event
                else set()
            )
            items = [
                (x.id, x.title)
                for x in s.scalars(select(model).order_by(model.sort_order, model.id))
                if x.id not in linked
            ]
        if not items:
            action = menu.addAction(f"No {kind}s to link to (add them in the analysis)")
            action.setEnabled(False)
            return
        for item_id, title in items:
            action = menu.addAction(icons.icon(kind), short(title, 70))
            action.setToolTip(title)
            action.triggered.connect(lambda _c=False, i=item_id, t=title: self._link(kind, i, t))

    def _link(self, kind: str, item_id: int, title: str) -> None:
        if self.event_id is None:
            return
        if kind == "finding":
            self.push(
                Link(
                    "finding_event",
                    [(item_id, self.event_id)],
                    f"Cite the event in finding “{short(title)}”",
                )
            )
        else:
            self.push(
                Link(
                    "episode_event",
                    [(item_id, self.event_id)],
                    f"Add the event to episode “{short(title)}”",
                )
            )

    def _unlink(self, kind: str) -> None:
        widget = self.ui.findings_list if kind == "finding" else self.ui.episodes_list
        item = widget.currentItem()
        if item is None or self.event_id is None:
            return
        item_id = int(item.data(Qt.ItemDataRole.UserRole))
        if kind == "finding":
            self.push(
                Unlink(
                    "finding_event",
                    [(item_id, self.event_id)],
                    f"Stop citing the event in finding “{short(item.text())}”",
                )
            )
        else:
            self.push(
                Unlink(
                    "episode_event",
                    [(item_id, self.event_id)],
                    f"Remove the event from episode “{short(item.text())}”",
                )
            )

    def _request(self, kind: str, item: QListWidgetItem) -> None:
        self.ctx.itemRequested.emit(kind, int(item.data(Qt.ItemDataRole.UserRole)))

    def focus_first_field(self) -> None:
        if self.event_id is not None:
            self.ui.date_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
