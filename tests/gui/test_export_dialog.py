"""The export dialog, driven through qtbot: export on a worker thread, the leak list,
cancel, and opening the result."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from workbench.core.model import Agency, Event
from workbench.core.store import ReviewStore
from workbench.gui.context import ReviewContext
from workbench.gui.export_dialog import ExportDialog


@pytest.fixture
def ctx(demo_copy: Path) -> Iterator[ReviewContext]:
    context = ReviewContext(ReviewStore.open(demo_copy))
    yield context
    context.close()


@pytest.fixture
def dialog(qtbot, ctx: ReviewContext) -> ExportDialog:
    d = ExportDialog(ctx)
    qtbot.addWidget(d)
    opened: list[str] = []
    d.open_url = lambda url: opened.append(url.toLocalFile()) or True  # type: ignore[assignment]
    d.opened = opened  # type: ignore[attr-defined]
    return d


def test_export_a_deck_and_open_it(qtbot, dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.set_product("deck", ".pptx")
    assert dialog.format_combo.count() == 2
    assert dialog.path_edit.text().endswith("-deck.pptx")
    out = tmp_path / "deck.pptx"
    dialog.path_edit.setText(str(out))
    with qtbot.waitSignal(dialog.exported, timeout=30_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
        assert not dialog.export_button.isEnabled()
        assert dialog.cancel_button.text() == "Cancel"
    assert blocker.args == [str(out)]
    assert out.exists()
    assert dialog.progress_bar.value() == 100
    assert "slides" in dialog.status_label.text()
    assert dialog.opened == [str(out)]  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: dialog.cancel_button.text() == "Close")
    assert dialog.export_button.isEnabled()


def _add_leak(store: ReviewStore) -> None:
    with store.transaction() as s:
        agency = s.scalars(select(Agency).where(Agency.short_name == "CS")).one()
        s.add(
            Event(
                agency_id=agency.id,
                date_text="03/03/2016",
                date_earliest=date(2016, 3, 3),
                date_latest=date(2016, 3, 3),
                text="Child Z, born 9 February 2002",
            )
        )


def test_publication_shows_the_leaks_before_export(
    qtbot, ctx: ReviewContext, dialog: ExportDialog
) -> None:
    _add_leak(ctx.store)
    dialog.set_product("chronology", ".csv")
    dialog.publication_check.setChecked(True)
    assert not dialog.export_button.isEnabled()  # until the check has run
    qtbot.waitUntil(lambda: dialog.leak_list.count() > 0, timeout=20_000)
    assert "leak" in dialog.leak_label.text()
    item = dialog.leak_list.item(0).text()
    assert "date of birth of Child Z" in item and "9 February 2002" in item
    assert "Chronology entry" in item
    assert not dialog.export_button.isEnabled()
    # Without the leak the check passes and export is allowed.
    dialog.publication_check.setChecked(False)
    assert dialog.export_button.isEnabled()


def test_publication_without_leaks_exports(qtbot, dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.set_product("briefing", ".pdf")
    dialog.publication_check.setChecked(True)
    assert dialog.path_edit.text().endswith("-briefing-publication.pdf")
    qtbot.waitUntil(lambda: "No real name" in dialog.leak_label.text(), timeout=20_000)
    assert dialog.export_button.isEnabled()
    out = tmp_path / "b.pdf"
    dialog.path_edit.setText(str(out))
    dialog.open_check.setChecked(False)
    with qtbot.waitSignal(dialog.exported, timeout=30_000):
        dialog.start_export()
    assert out.exists() and dialog.opened == []  # type: ignore[attr-defined]


def test_cancel_leaves_no_file(qtbot, dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.set_product("report", ".pdf")
    out = tmp_path / "r.pdf"
    dialog.path_edit.setText(str(out))
    task = dialog.start_export()
    assert task is not None
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    # Either cancelled in time, or finished just before the click.
    if "cancelled" in dialog.status_label.text():
        assert not out.exists()
        assert not [p for p in tmp_path.iterdir() if ".part-" in p.name]
    else:
        assert out.exists()


def test_errors_are_messages(qtbot, dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.set_product("report", ".pdf")
    dialog.path_edit.setText(str(tmp_path / "missing" / "r.pdf"))
    task = dialog.start_export()
    assert task is not None
    qtbot.waitUntil(lambda: task.done, timeout=30_000)
    assert "folder does not exist" in dialog.status_label.text()
