"""The corroboration dialog: pairs found on a worker thread, side by side, confirmed or
dismissed through undoable commands."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from workbench.core.model import Corroboration, Event
from workbench.gui.context import ReviewContext
from workbench.gui.corroboration_dialog import CorroborationDialog
from workbench.importers.corroboration import corroborating_events


@pytest.fixture
def dialog(qtbot, ctx: ReviewContext) -> CorroborationDialog:
    d = CorroborationDialog(ctx)
    qtbot.addWidget(d)
    d.show()
    return d


def test_find_confirm_dismiss_and_undo(
    qtbot, ctx: ReviewContext, dialog: CorroborationDialog
) -> None:
    assert dialog.model.rowCount() == 0 and not dialog.confirm_button.isEnabled()
    with ctx.store.session() as s:
        events_before = s.scalar(select(func.count()).select_from(Event))
    task = dialog.find_pairs()
    qtbot.waitUntil(lambda: task.done, timeout=20_000)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    found = dialog.model.rowCount()
    assert f"{found} new pairs found" in dialog.count_label.text()
    first = dialog.current()
    assert first is not None and first.events[0]["agency"] != first.events[1]["agency"]
    assert first.events[0]["agency"] in dialog.left_pane.toPlainText()
    assert first.events[1]["text"][:30] in dialog.right_pane.toPlainText()

    qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == found - 1  # it left the suggested list
    a, b = (e["id"] for e in first.events)
    with ctx.store.session() as s:
        assert corroborating_events(s, a) == [b]
        assert s.scalar(select(func.count()).select_from(Event)) == events_before
    second = dialog.current()
    qtbot.mouseClick(dialog.dismiss_button, Qt.MouseButton.LeftButton)
    with ctx.store.session() as s:
        assert s.get(Corroboration, second.id).status == "dismissed"

    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData("confirmed"))
    assert [p.id for p in dialog.model.pairs] == [first.id]
    assert "corroborating each other" in dialog.reason_label.text()
    assert not dialog.confirm_button.isEnabled() and dialog.dismiss_button.isEnabled()

    ctx.undo_stack.undo()  # the dismissal
    ctx.undo_stack.undo()  # the confirmation
    with ctx.store.session() as s:
        assert corroborating_events(s, a) == []
        assert s.get(Corroboration, second.id).status == "suggested"
