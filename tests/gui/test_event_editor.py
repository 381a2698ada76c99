"""The event details dock: every edit is one undoable command that reaches the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from workbench.core.model import Annotation, Event, Person, Tag, event_subject, event_tag
from workbench.core.store import ReviewStore
from workbench.gui.context import ReviewContext
from workbench.gui.event_editor import EventEditor


def _on_disk(path: Path, event_id: int) -> Event:
    """The event as a fresh reader of the file sees it."""
    fresh = ReviewStore.open(path, read_only=True)
    try:
        with fresh.session() as s:
            event = s.get(Event, event_id)
            assert event is not None
            s.expunge(event)
            return event
    finally:
        fresh.engine.dispose()


def _first_event(ctx: ReviewContext, **where) -> int:
    with ctx.store.session() as s:
        stmt = select(Event.id).order_by(Event.id)
        for key, value in where.items():
            stmt = stmt.where(getattr(Event, key) == value)
        event_id = s.scalar(stmt.limit(1))
    assert event_id is not None
    return event_id


def _editor(qtbot, ctx: ReviewContext, event_id: int) -> EventEditor:
    editor = EventEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    ctx.select_events([event_id])
    assert editor.event_id == event_id
    return editor


def _focus_out(widget) -> None:
    QApplication.sendEvent(widget, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))


def _settle(qtbot) -> None:
    """Let the editor show the change (it does so once back in the event loop)."""
    qtbot.wait(10)


def test_edit_undo_redo_round_trip_to_the_file(qtbot, ctx) -> None:
    event_id = _first_event(ctx)
    editor = _editor(qtbot, ctx, event_id)
    original = editor.ui.text_edit.toPlainText()
    editor.ui.text_edit.setPlainText("The panel's corrected wording")
    _focus_out(editor.ui.text_edit)
    assert ctx.undo_stack.count() == 1
    assert ctx.undo_stack.undoText() == "Edit event text"
    assert _on_disk(ctx.store.path, event_id).text == "The panel's corrected wording"
    ctx.undo_stack.undo()
    _settle(qtbot)
    assert _on_disk(ctx.store.path, event_id).text == original
    assert editor.ui.text_edit.toPlainText() == original
    ctx.undo_stack.redo()
    assert _on_disk(ctx.store.path, event_id).text == "The panel's corrected wording"


def test_a_changed_agency_text_is_shown_and_can_be_restored(qtbot, ctx) -> None:
    event_id = _first_event(ctx)
    editor = _editor(qtbot, ctx, event_id)
    assert editor.ui.text_status.isHidden()
    submitted = _on_disk(ctx.store.path, event_id).submitted_text
    assert submitted, "imported events keep the agency's text as submitted"
    editor.ui.text_edit.setPlainText("Reworded")
    editor.commit_pending()
    _settle(qtbot)
    assert not editor.ui.text_status.isHidden()
    assert "Edited by the panel" in editor.ui.text_status.text()
    assert submitted[:20] in editor.ui.text_status.text()
    on_disk = _on_disk(ctx.store.path, event_id)
    assert on_disk.agency_text_edited and on_disk.submitted_text == submitted
    editor.ui.text_status.linkActivated.emit("restore:text")
    assert ctx.undo_stack.undoText() == "Restore the agency's event text"
    assert _on_disk(ctx.store.path, event_id).text == submitted
    _settle(qtbot)
    assert editor.ui.text_status.isHidden()


def test_date_feedback_is_live_and_a_bad_date_is_never_saved(qtbot, ctx) -> None:
    event_id = _first_event(ctx)
    editor = _editor(qtbot, ctx, event_id)
    before = _on_disk(ctx.store.path, event_id)
    editor.ui.date_edit.setText("spring 2015")
    assert editor.ui.date_feedback.text() == "spring 2015 -> 1 Mar 2015 - 31 May 2015, season"
    editor.ui.date_edit.setText("31/02/2016")
    assert editor.ui.date_feedback.text().startswith("Not saved:")
    assert "February" in editor.ui.date_feedback.text()
    editor.ui.date_edit.editingFinished.emit()
    assert ctx.undo_stack.count() == 0
    assert _on_disk(ctx.store.path, event_id).date_text == before.date_text
    editor.ui.date_edit.setText("w/c 10/06/2016")
    editor.ui.date_edit.editingFinished.emit()
    after = _on_disk(ctx.store.path, event_id)
    assert after.date_text == "w/c 10/06/2016"
    assert (after.date_earliest.isoformat(), after.date_latest.isoformat()) == (
        "2016-06-10",
        "2016-06-16",
    )
    assert after.date_precision == "week"
    assert ctx.undo_stack.undoText() == "Edit event date"


def test_other_fields_each_one_command(qtbot, ctx) -> None:
    event_id = _first_event(ctx)
    editor = _editor(qtbot, ctx, event_id)
    editor.ui.time_edit.setText("9.05")
    editor.ui.time_edit.editingFinished.emit()
    editor.ui.sequence_edit.setText("2.5")
    editor.ui.sequence_edit.editingFinished.emit()
    editor.ui.practitioner_edit.setText("Duty Social Worker")
    editor.ui.practitioner_edit.editingFinished.emit()
    editor.ui.milestone_check.click()
    labels = [ctx.undo_stack.text(i) for i in range(ctx.undo_stack.count())]
    assert labels == [
        "Edit event time",
        "Edit event sequence",
        "Edit practitioner",
        "Mark event as a milestone",
    ]
    on_disk = _on_disk(ctx.store.path, event_id)
    assert (on_disk.time, on_disk.sequence, on_disk.practitioner, on_disk.is_milestone) == (
        "09:05",
        2.5,
        "Duty Social Worker",
        True,
    )
    editor.ui.time_edit.setText("25:99")
    editor.ui.time_edit.editingFinished.emit()
    assert ctx.undo_stack.count() == 4
    assert "not a time" in editor.ui.date_feedback.text()


def test_provenance_is_shown(qtbot, ctx) -> None:
    event_id = _first_event(ctx)
    editor = _editor(qtbot, ctx, event_id)
    event = _on_disk(ctx.store.path, event_id)
    with ctx.store.session() as s:
        file_name = s.get(Event, event_id).source_file.file_name
    text = editor.ui.provenance_label.text()
    assert file_name in text and f"row {event.source_row}" in text


def test_annotations_tags_and_subjects(qtbot, ctx) -> None:
    event_id = _first_event(ctx)
    editor = _editor(qtbot, ctx, event_id)
    editor.ui.annotation_edit.setPlainText("Ask the GP for the full record")
    editor.ui.add_annotation_button.click()
    _settle(qtbot)
    with ctx.store.session() as s:
        notes = list(s.scalars(select(Annotation).where(Annotation.event_id == event_id)))
    assert [n.body for n in notes] == ["Ask the GP for the full record"]
    assert notes[0].author == ctx.store.user
    assert editor.ui.annotations_list.count() == 1
    editor.ui.annotations_list.setCurrentRow(0)
    editor.ui.delete_annotation_button.click()
    with ctx.store.session() as s:
        assert not list(s.scalars(select(Annotation).where(Annotation.event_id == event_id)))
    ctx.undo_stack.undo()
    _settle(qtbot)
    assert editor.ui.annotations_list.count() == 1

    tags = editor.ui.tags_list
    assert tags.count() > 0
    name = tags.item(0).text()
    tags.item(0).setCheckState(Qt.CheckState.Checked)
    _settle(qtbot)
    with ctx.store.session() as s:
        tag_id = s.scalar(select(Tag.id).where(Tag.name == name))
        linked = s.execute(select(event_tag).where(event_tag.c.event_id == event_id)).all()
    assert (event_id, tag_id) in [tuple(r) for r in linked]
    assert ctx.undo_stack.undoText() == f"Tag event “{name}”"
    assert tags.item(0).checkState() == Qt.CheckState.Checked
    tags.item(0).setCheckState(Qt.CheckState.Unchecked)
    _settle(qtbot)
    with ctx.store.session() as s:
        assert not s.execute(select(event_tag).where(event_tag.c.event_id == event_id)).all()

    subjects = editor.ui.subjects_list
    ticked = [
        subjects.item(i)
        for i in range(subjects.count())
        if subjects.item(i).checkState() == Qt.CheckState.Checked
    ]
    unticked = [
        subjects.item(i)
        for i in range(subjects.count())
        if subjects.item(i).checkState() != Qt.CheckState.Checked
    ]
    assert unticked
    person_id = unticked[0].data(Qt.ItemDataRole.UserRole)
    unticked[0].setCheckState(Qt.CheckState.Checked)
    _settle(qtbot)
    with ctx.store.session() as s:
        pairs = s.execute(select(event_subject).where(event_subject.c.event_id == event_id))
        assert (event_id, person_id) in [tuple(r) for r in pairs]
        assert s.get(Person, person_id) is not None
    assert len(ticked) + 1 == sum(
        subjects.item(i).checkState() == Qt.CheckState.Checked for i in range(subjects.count())
    )


def test_read_only_review_cannot_be_edited(qtbot, demo_copy) -> None:
    ctx = ReviewContext(ReviewStore.open(demo_copy, read_only=True))
    try:
        event_id = _first_event(ctx)
        editor = _editor(qtbot, ctx, event_id)
        assert editor.ui.text_edit.isReadOnly()
        assert not editor.ui.tags_list.isEnabled()
        editor.ui.text_edit.setPlainText("x")
        editor.commit_pending()
        assert ctx.undo_stack.count() == 0
    finally:
        ctx.close()


def test_several_selected_events_show_a_message(qtbot, ctx) -> None:
    editor = EventEditor(ctx)
    qtbot.addWidget(editor)
    editor.show()
    with ctx.store.session() as s:
        ids = list(s.scalars(select(Event.id).limit(3)))
    ctx.select_events(ids)
    assert editor.event_id is None
    assert "3 events are selected" in editor.ui.empty_label.text()
    assert editor.ui.record_group.isHidden()
