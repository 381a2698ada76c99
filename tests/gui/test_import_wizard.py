"""The import wizard driven through qtbot: file and agency, preview, mapping, the check on
a worker thread, the import with progress and cancel, the summary."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from sqlalchemy import func, select

from tests.importers.fixtures import replace_zip_member, write_csv
from workbench.core.model import Event, MappingProfile, Person, QuarantinedRow, SourceFile
from workbench.gui.context import ReviewContext
from workbench.gui.import_wizard import ImportWizard
from workbench.importers.headers import Field
from workbench.importers.pipeline import import_file


def _police_xlsx(path: Path, extra_rows: int = 0) -> Path:
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "Northshire Police - Public Protection Unit"
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["Entry No.", "Date of contact", "Time", "Persons involved", "Details", "Team"])
    sheet.append([1, "01/06/2016", "10:30", "Child Z", "Welfare check at the home", "East"])
    sheet.append([2, "14.06.16", "1430hrs", "Mother; Gran", "Call from Mother", "East"])
    sheet.append([3, "31/06/2016", None, "Child Z", "Impossible date", "East"])
    sheet.append([4, None, None, "Child Z", "No date here", "West"])
    for n in range(extra_rows):
        sheet.append([5 + n, "20/06/2016", None, "Child Z", f"Patrol visit {n}", "West"])
    book.save(path)
    return path


def _counts(ctx: ReviewContext) -> tuple[int, int, int]:
    with ctx.store.session() as s:
        return (
            s.scalar(select(func.count()).select_from(Event)) or 0,
            s.scalar(select(func.count()).select_from(QuarantinedRow)) or 0,
            s.scalar(select(func.count()).select_from(SourceFile)) or 0,
        )


@pytest.fixture
def wizard(qtbot, ctx: ReviewContext, tmp_path: Path) -> ImportWizard:
    w = ImportWizard(ctx, str(_police_xlsx(tmp_path / "ppu.xlsx")))
    qtbot.addWidget(w)
    w.show()
    return w


def _to_preview(qtbot, w: ImportWizard) -> None:
    """Next, then wait for the file to be read on the worker thread."""
    w.next()
    assert w.currentPage() is w.preview_page
    qtbot.waitUntil(w.preview_page.isComplete, timeout=20_000)


def _to_check_page(qtbot, w: ImportWizard, agency: str = "Northshire Police") -> None:
    w.file_page.agency_combo.setEditText(agency)
    assert w.file_page.isComplete()
    _to_preview(qtbot, w)
    w.next()
    assert w.currentPage() is w.mapping_page
    w.next()
    assert w.currentPage() is w.check_page
    qtbot.waitUntil(w.check_page.isComplete, timeout=20_000)


def test_the_whole_wizard(qtbot, ctx: ReviewContext, wizard: ImportWizard) -> None:
    events, quarantined, sources = _counts(ctx)
    page = wizard.file_page
    assert not page.isComplete()  # no agency yet
    assert "XLSX file with 1 sheets" in page.status_label.text()
    page.agency_combo.setEditText("Northshire Police")
    assert page.isComplete()
    assert not page.revision_check.isEnabled()  # nothing sent by this agency before
    _to_preview(qtbot, wizard)

    preview = wizard.preview_page
    assert preview.model.rowCount() == 7 and preview.model.header_index == 2
    assert preview.header_spin.value() == 3
    assert "Header found in row 3" in preview.info_label.text()
    assert (
        preview.model.headerData(2, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole)
        == "3 (header)"
    )
    wizard.next()

    mapping = wizard.mapping_page
    assert wizard.currentPage() is mapping, wizard.currentId()
    assert mapping.mapping() == {
        0: Field.SEQUENCE,
        1: Field.DATE,
        2: Field.TIME,
        3: Field.SUBJECTS,
        4: Field.EVENT,
        5: Field.IGNORE,
    }
    mapping.set_field(5, Field.SOURCE_RECORD)  # the user changes a column
    mapping.set_field(1, Field.IGNORE)
    assert not mapping.isComplete() and "date" in mapping.problem_label.text()
    mapping.set_field(1, Field.DATE)
    assert mapping.isComplete()
    assert mapping.save_check.isChecked()
    mapping.save_edit.setText("PPU export")
    wizard.next()

    check = wizard.check_page
    qtbot.waitUntil(check.isComplete, timeout=20_000)
    assert "7 rows read = 2 imported + 2 quarantined + 3 skipped" in check.summary_label.text()
    assert check.model.rowCount() == 2  # the two errors (no warnings)
    reasons = [check.model.index(r, 4).data() for r in range(check.model.rowCount())]
    assert "31/06/2016" in reasons[0] and reasons[1] == "no date"
    check.filter_combo.setCurrentIndex(check.filter_combo.findData("skipped"))
    assert check.model.rowCount() == 3
    assert check.subjects_list.count() == 1 and check.subjects_list.item(0).text() == "Gran"
    check.subjects_list.item(0).setCheckState(Qt.CheckState.Checked)
    assert _counts(ctx) == (events, quarantined, sources)  # nothing written yet

    changes: list[str] = []
    ctx.changed.connect(changes.append)
    with qtbot.waitSignal(wizard.imported, timeout=30_000) as blocker:
        wizard.next()
    summary = blocker.args[0]
    assert (summary["imported"], summary["quarantined"]) == (2, 2)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    assert "data" in changes
    text = wizard.summary_page.text_label.text()
    assert "2 events" in text and "2 rows wait in quarantine" in text
    assert wizard.summary_page.quarantine_button.isVisibleTo(wizard)
    assert _counts(ctx) == (events + 2, quarantined + 2, sources + 1)
    with ctx.store.session() as s:
        call = s.scalars(select(Event).where(Event.text == "Call from Mother")).one()
        assert call.source_reference == "East" and call.time == "14:30"
        assert sorted(p.display_name for p in call.subjects) == ["Gran", "Mother"]
        assert s.scalars(select(Person).where(Person.real_name == "Gran")).one()
        assert s.scalars(select(MappingProfile.name)).all() == ["PPU export"]


def test_preview_shows_at_most_100_rows(qtbot, ctx: ReviewContext, tmp_path: Path) -> None:
    w = ImportWizard(ctx, str(_police_xlsx(tmp_path / "big.xlsx", extra_rows=150)))
    qtbot.addWidget(w)
    w.show()
    w.file_page.agency_combo.setEditText("Police")
    _to_preview(qtbot, w)
    assert w.preview_page.model.rowCount() == 100
    assert "first 100 of 157 rows" in w.preview_page.subTitle()


def test_a_file_dropped_on_the_wizard(qtbot, ctx: ReviewContext, tmp_path: Path) -> None:
    w = ImportWizard(ctx)
    qtbot.addWidget(w)
    w.show()
    path = write_csv(tmp_path / "dropped.csv", [["Date", "Event"], ["01/03/2016", "Visit"]])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    w.dropEvent(event)
    assert w.file_page.path_edit.text() == str(path)
    assert "CSV file" in w.file_page.status_label.text()


def test_a_damaged_sheet_is_explained_on_the_preview_page(
    qtbot, ctx: ReviewContext, tmp_path: Path
) -> None:
    path = _police_xlsx(tmp_path / "damaged.xlsx")
    replace_zip_member(  # the workbook opens; its sheet refers to text that is not there
        path,
        "xl/worksheets/sheet1.xml",
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="s"><v>999</v></c></row></sheetData></worksheet>',
    )
    w = ImportWizard(ctx, str(path))
    qtbot.addWidget(w)
    w.show()
    w.file_page.agency_combo.setEditText("Police")
    assert w.file_page.isComplete()
    w.next()
    qtbot.waitUntil(lambda: w.preview_page.task is not None and w.preview_page.task.done)
    assert not w.preview_page.isComplete()
    assert w.preview_page.info_label.text().startswith("damaged.xlsx: the sheet 'Sheet'")


def test_an_unreadable_file_is_explained_on_the_first_page(
    qtbot, ctx: ReviewContext, tmp_path: Path
) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    w = ImportWizard(ctx, str(path))
    qtbot.addWidget(w)
    w.show()
    w.file_page.agency_combo.setEditText("Police")
    assert not w.file_page.isComplete()
    assert w.file_page.status_label.text().startswith("broken.xlsx: ")


def test_no_recognised_header_the_user_maps_the_columns(
    qtbot, ctx: ReviewContext, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "odd.csv", [["Wann", "Was", "Wer"], ["01/03/2016", "Besuch", "Child Z"]]
    )
    w = ImportWizard(ctx, str(path))
    qtbot.addWidget(w)
    w.show()
    w.file_page.agency_combo.setEditText("Partner agency")
    _to_preview(qtbot, w)
    assert "No header row was recognised" in w.preview_page.info_label.text()
    w.next()
    assert not w.mapping_page.isComplete()
    w.mapping_page.set_field(0, Field.DATE)
    w.mapping_page.set_field(1, Field.EVENT)
    w.mapping_page.set_field(2, Field.SUBJECTS)
    assert w.mapping_page.isComplete()
    w.next()
    qtbot.waitUntil(w.check_page.isComplete, timeout=20_000)
    with qtbot.waitSignal(w.imported, timeout=30_000) as blocker:
        w.next()
    assert blocker.args[0]["imported"] == 1


def _digest(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        rows = [
            con.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
            for t in ("event", "source_file", "quarantined_row", "event_fts")
        ]
        return hashlib.sha256(repr(rows).encode()).hexdigest()
    finally:
        con.close()


def test_cancel_during_the_import_leaves_the_review_as_it_was(
    qtbot, ctx: ReviewContext, tmp_path: Path
) -> None:
    rows = [["Date", "Event"]] + [["01/03/2016", f"Visit {n}"] for n in range(20_000)]
    w = ImportWizard(ctx, str(write_csv(tmp_path / "big.csv", rows)))
    qtbot.addWidget(w)
    w.show()
    _to_check_page(qtbot, w, "Police")
    before = _digest(ctx.store.path)
    w.next()
    task = w.import_page.task
    assert task is not None
    w.import_page.cancel()
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert "cancelled" in w.import_page.status_label.text()
    assert not w.import_page.isComplete()
    assert _digest(ctx.store.path) == before


def test_a_revised_file_shows_what_changed(qtbot, ctx: ReviewContext, tmp_path: Path) -> None:
    first = write_csv(
        tmp_path / "v1.csv",
        [["Ref", "Date", "Event"], [1, "01/03/2016", "Visit"], [2, "02/03/2016", "Call"]],
    )
    import_file(ctx.store, first, "Police")
    second = write_csv(
        tmp_path / "v2.csv",
        [["Ref", "Date", "Event"], [1, "01/03/2016", "Visit at home"], [3, "03/03/2016", "Letter"]],
    )
    w = ImportWizard(ctx, str(second))
    qtbot.addWidget(w)
    w.show()
    w.file_page.agency_combo.setEditText("Police")
    assert w.file_page.revision_check.isEnabled()
    assert "v1.csv" in w.file_page.revision_check.text()
    w.file_page.revision_check.setChecked(True)
    _to_preview(qtbot, w)
    w.next()
    w.next()
    qtbot.waitUntil(w.check_page.isComplete, timeout=20_000)
    label = w.check_page.revision_label.text()
    assert "1 added, 1 changed, 1 no longer in the file" in label
    assert w.check_page.revision_list.count() == 3
    with qtbot.waitSignal(w.imported, timeout=30_000) as blocker:
        w.next()
    assert blocker.args[0]["revision"]["changed"] == 1
    with ctx.store.session() as s:
        texts = set(
            s.scalars(
                select(Event.text)
                .join(Event.agency)
                .where(
                    Event.source_file_id.is_not(None),
                    Event.text.in_(["Visit", "Call", "Letter", "Visit at home"]),
                )
            )
        )
    assert texts == {"Visit at home", "Letter"}
