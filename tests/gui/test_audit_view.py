"""The audit trail dialog: a read-only, filterable model over the core, exported to CSV."""

from __future__ import annotations

import csv
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from sqlalchemy import func, select

from workbench.core.commands import UpdateItem
from workbench.core.model import AuditEntry, Event
from workbench.core.store import ReviewStore
from workbench.gui.audit_view import AuditDialog, AuditFilter, AuditModel, AuditRow
from workbench.gui.context import ReviewContext


@pytest.fixture
def ctx(demo_copy: Path, qapp: object) -> Iterator[ReviewContext]:
    context = ReviewContext(ReviewStore.open(demo_copy))
    yield context
    context.close()


def _entries(ctx: ReviewContext, **where: str) -> int:
    with ctx.store.session() as s:
        stmt = select(func.count()).select_from(AuditEntry)
        for key, value in where.items():
            stmt = stmt.where(getattr(AuditEntry, key) == value)
        return int(s.scalar(stmt) or 0)


def _edit_event(ctx: ReviewContext, user: str, text: str) -> int:
    with ctx.store.session() as s:
        event_id = s.scalars(select(Event.id).order_by(Event.id)).first()
    assert event_id is not None
    ctx.store.user = user
    ctx.push(UpdateItem("event", event_id, {"text": text}, label="Edit the event text"))
    return event_id


def test_model_passes_the_model_tester(ctx: ReviewContext, qtmodeltester: object) -> None:
    _edit_event(ctx, "Jo Panel", "Strategy discussion held (corrected)")
    model = AuditModel(ctx)
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    model.set_filter(AuditFilter(user="Jo Panel"))
    qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_pages_cover_every_entry(ctx: ReviewContext) -> None:
    model = AuditModel(ctx)
    model.PAGE_SIZE = 40  # type: ignore[misc]
    model.reload()
    total = _entries(ctx)
    assert total > 100 and model.total == total
    assert model.rowCount() == 40 and model.canFetchMore(QModelIndex())
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == total
    ids = [model.row_at(r).id for r in range(total)]
    assert len(set(ids)) == total  # no entry twice, none missing


def test_entries_are_read_only(ctx: ReviewContext) -> None:
    model = AuditModel(ctx)
    index = model.index(0, 5)
    before = index.data()
    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(index, "tampered", Qt.ItemDataRole.EditRole) is False
    assert index.data() == before
    dialog = AuditDialog(ctx)
    assert dialog.table.editTriggers() == dialog.table.EditTrigger.NoEditTriggers


def test_edit_shows_who_what_and_the_values(ctx: ReviewContext, qtbot: object) -> None:
    dialog = AuditDialog(ctx)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    _edit_event(ctx, "Jo Panel", "Corrected text of the first event")
    # The dialog follows changes to the review, newest first.
    newest = dialog.model.row_at(0)
    assert isinstance(newest, AuditRow)
    row = next(
        dialog.model.row_at(r)
        for r in range(dialog.model.rowCount())
        if dialog.model.row_at(r).action == "update"
    )
    assert row.user == "Jo Panel" and row.item_type == "event"
    assert row.after == {"text": "Corrected text of the first event"}
    assert row.before["text"] != row.after["text"]
    r = next(r for r in range(dialog.model.rowCount()) if dialog.model.row_at(r) is row)
    shown = [dialog.model.index(r, c).data() for c in range(dialog.model.columnCount())]
    assert shown[1] == "Jo Panel" and shown[2] == "update" and shown[3] == "event"
    assert "→" in shown[6] and "Corrected text" in shown[6]
    dialog.table.selectRow(r)
    assert "before:" in dialog.details.toPlainText()
    assert "Corrected text of the first event" in dialog.details.toPlainText()


def test_filters(ctx: ReviewContext, qtbot: object) -> None:
    _edit_event(ctx, "Jo Panel", "Wording agreed at the panel meeting")
    _edit_event(ctx, "Sam Chair", "Wording agreed again, by the chair")
    dialog = AuditDialog(ctx)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    total = dialog.model.total

    dialog.user_combo.setCurrentIndex(dialog.user_combo.findData("Sam Chair"))
    assert dialog.model.total == _entries(ctx, user="Sam Chair") > 0
    assert {dialog.model.row_at(r).user for r in range(dialog.model.rowCount())} == {"Sam Chair"}

    dialog.user_combo.setCurrentIndex(0)
    dialog.action_combo.setCurrentIndex(dialog.action_combo.findData("import"))
    assert dialog.model.total == _entries(ctx, action="import") == 7

    dialog.action_combo.setCurrentIndex(0)
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData("finding"))
    assert dialog.model.total == _entries(ctx, item_type="finding") > 0

    dialog.type_combo.setCurrentIndex(0)
    dialog.text_edit.setText("panel meeting")
    qtbot.waitUntil(lambda: dialog.model.total < total)  # type: ignore[attr-defined]
    assert dialog.model.total >= 1
    assert all(
        "panel" in (dialog.model.row_at(r).details().lower())
        for r in range(dialog.model.rowCount())
    )
    assert "entr" in dialog.count_label.text()

    dialog.text_edit.setText("100%_no_such_thing")
    dialog.apply_filter()
    assert dialog.model.total == 0


def test_export_csv(ctx: ReviewContext, tmp_path: Path, qtbot: object) -> None:
    _edit_event(ctx, "Jo Panel", "Exported change")
    dialog = AuditDialog(ctx)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    everything = tmp_path / "all.csv"
    assert dialog.export_csv(everything) == _entries(ctx)
    dialog.user_combo.setCurrentIndex(dialog.user_combo.findData("Jo Panel"))
    mine = tmp_path / "mine.csv"
    count = dialog.export_csv(mine)
    with mine.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == count == _entries(ctx, user="Jo Panel")
    assert {r["user"] for r in rows} == {"Jo Panel"}
    update = next(r for r in rows if r["action"] == "update")
    assert "Exported change" in update["after"] and update["before"]
    assert update["at_utc"].endswith("+00:00")
