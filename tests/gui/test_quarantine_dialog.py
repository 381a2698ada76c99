"""The quarantine dialog: rows with their raw cells and reasons, live date feedback,
release and dismiss as undoable commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from tests.importers.fixtures import write_csv
from workbench.core.model import Event, QuarantinedRow
from workbench.gui.context import ReviewContext
from workbench.gui.quarantine_dialog import QuarantineDialog
from workbench.importers.pipeline import import_file


@pytest.fixture
def dialog(qtbot, ctx: ReviewContext, tmp_path: Path) -> QuarantineDialog:
    rows = [
        ["Ref", "Date", "Time", "Subject(s)", "Event", "Outcome"],
        [1, "01/06/2016", "", "Child Z", "Welfare check", ""],
        [2, "31/06/2016", "10:15", "Child Z", "Visit to the temporary accommodation", "Log 7"],
        [3, "", "", "Mother", "Mother phoned the duty desk", ""],
    ]
    import_file(ctx.store, write_csv(tmp_path / "ppu.csv", rows), "Norfolk Constabulary")
    d = QuarantineDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    return d


def test_rows_are_listed_with_their_cells_and_reasons(dialog: QuarantineDialog) -> None:
    assert dialog.model.rowCount() == 2
    assert dialog.count_label.text() == "2 rows waiting in quarantine"
    assert dialog.current().row == 3
    assert "31/06/2016" in dialog.reasons_label.text()
    cells = {
        dialog.cells_table.item(r, 0).text(): dialog.cells_table.item(r, 1).text()
        for r in range(dialog.cells_table.rowCount())
    }
    assert cells["Date"] == "31/06/2016" and cells["Outcome"] == "Log 7"
    # The form is prefilled through the file's column mapping.
    assert dialog.date_edit.text() == "31/06/2016"
    assert dialog.time_edit.text() == "10:15"
    assert dialog.text_edit.toPlainText() == "Visit to the temporary accommodation"
    assert dialog.outcome_edit.toPlainText() == "Log 7"
    assert dialog.agency_combo.currentText() == "Norfolk Constabulary"


def test_live_date_feedback_and_release_then_undo(
    qtbot, ctx: ReviewContext, dialog: QuarantineDialog
) -> None:
    assert not dialog.release_button.isEnabled()
    assert "June 2016 has 30 days" in dialog.date_feedback.text()
    dialog.date_edit.setText("spring 2016")
    assert dialog.date_feedback.text() == "spring 2016 -> 1 Mar 2016 - 31 May 2016, season"
    dialog.date_edit.setText("30/06/2016")
    assert dialog.date_feedback.text() == "30/06/2016 -> 30 Jun 2016 (exact day)"
    assert dialog.release_button.isEnabled()
    row_id = dialog.current().id
    qtbot.mouseClick(dialog.release_button, Qt.MouseButton.LeftButton)
    assert "now an event dated 30/06/2016" in dialog.message_label.text()
    assert dialog.model.rowCount() == 1
    with ctx.store.session() as s:
        row = s.get(QuarantinedRow, row_id)
        event = s.get(Event, row.released_event_id)
        assert row.status == "released"
        assert (event.date_text, event.time, event.source_row) == ("30/06/2016", "10:15", 3)
        assert event.outcome == "Log 7" and [p.display_name for p in event.subjects] == ["Child Z"]
    ctx.undo_stack.undo()
    dialog.reload()
    assert dialog.model.rowCount() == 2
    with ctx.store.session() as s:
        assert s.get(QuarantinedRow, row_id).status == "waiting"


def test_a_row_without_text_or_with_a_bad_time_cannot_be_released(
    dialog: QuarantineDialog,
) -> None:
    dialog.date_edit.setText("30/06/2016")
    dialog.text_edit.setPlainText("   ")
    assert not dialog.release_button.isEnabled()
    dialog.text_edit.setPlainText("Visit")
    dialog.time_edit.setText("25:61")
    assert not dialog.release_button.isEnabled()
    assert "25:61" in dialog.message_label.text()


def test_dismiss_keeps_the_row(qtbot, ctx: ReviewContext, dialog: QuarantineDialog) -> None:
    dialog.view.selectRow(1)
    assert dialog.current().row == 4
    assert "no date" in dialog.reasons_label.text()
    assert dialog.date_feedback.text().startswith("The event needs a date")
    dialog.dismiss_reason_edit.setText("duplicate of the log entry")
    qtbot.mouseClick(dialog.dismiss_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 1
    dialog.show_done_check.setChecked(True)
    assert dialog.model.rowCount() == 2
    with ctx.store.session() as s:
        dismissed = s.scalars(
            select(QuarantinedRow).where(QuarantinedRow.status == "dismissed")
        ).one()
        assert "duplicate of the log entry" in dismissed.reasons_json
