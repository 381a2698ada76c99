"""The main window: opening and closing reviews (errors, passphrase, lock), undo through
the Edit menu, adding and deleting events, layout kept between runs, keyboard access."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)
from sqlalchemy import func, select

from workbench.core.model import Event
from workbench.core.store import ReviewStore


def _open(qtbot, window, path: Path, **kw) -> None:
    assert window.open_review(path, **kw)
    model = window.chronology.model
    qtbot.waitUntil(lambda: model.ever_loaded and not model.loading, timeout=10_000)


def _count_on_disk(path: Path) -> int:
    fresh = ReviewStore.open(path, read_only=True)
    try:
        with fresh.session() as s:
            return int(s.scalar(select(func.count()).select_from(Event)) or 0)
    finally:
        fresh.engine.dispose()


def _ok(widget: QWidget) -> None:
    assert isinstance(widget, QMessageBox), f"expected a message, got {widget!r}"
    widget.accept()


def _click(text: str):
    def handler(widget: QWidget) -> None:
        for button in widget.findChildren(QPushButton):
            if button.text().replace("&", "") == text:
                button.click()
                return
        raise AssertionError(f"no button {text!r}")

    return handler


def _type_passphrase(phrase: str):
    def handler(widget: QWidget) -> None:
        edit = widget.findChild(QLineEdit, "passphrase_edit")
        edit.setText(phrase)
        widget.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    return handler


def test_start_page_then_open_and_close(qtbot, window, demo_copy) -> None:
    assert window.stack.currentWidget() is window.welcome
    assert not window.registry["close_review"].isEnabled()
    _open(qtbot, window, demo_copy)
    assert window.stack.currentWidget() is window.workspaces
    assert "Case Z" in window.windowTitle() and "[read-only]" not in window.windowTitle()
    assert window.status_count.text() == "147 events"
    assert [window.workspaces.tabText(i) for i in range(4)] == [
        "Chronology",
        "Timeline",
        "Analysis",
        "Report",
    ]
    assert window.details_dock.isVisible()
    assert window.settings.recent_files()[0] == str(demo_copy.resolve())
    assert window.close_review()
    assert window.stack.currentWidget() is window.welcome
    assert window.welcome.ui.recent_list.item(0).data(Qt.ItemDataRole.UserRole) == str(
        demo_copy.resolve()
    )


def test_a_damaged_file_shows_an_error_and_the_app_stays(
    qtbot, window, tmp_path, answer_dialogs
) -> None:
    bad = tmp_path / "damaged.cwr"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200 + b"garbage" * 500)
    answers = answer_dialogs(_ok)
    assert not window.open_review(bad)
    assert answers.seen and "damaged.cwr" in answers.seen[0]
    assert "Traceback" not in answers.seen[0]
    assert window.ctx is None and window.isVisible()
    # A file that is not SQLite may be an encrypted review: the passphrase is asked for.
    not_review = tmp_path / "notes.cwr"
    not_review.write_text("just some text, not a database at all" * 20)
    said: list[str] = []

    def cancel(dialog: QWidget) -> None:
        said.append(dialog.ui.message_label.text())
        dialog.reject()

    answer_dialogs(cancel)
    assert not window.open_review(not_review)
    assert "not a review file" in said[0]
    missing = tmp_path / "missing.cwr"
    answers = answer_dialogs(_ok)
    assert not window.open_review(missing)
    assert "file not found" in answers.seen[0].lower()


def test_encrypted_review_asks_again_for_a_wrong_passphrase(
    qtbot, window, tmp_path, answer_dialogs
) -> None:
    path = tmp_path / "secret.cwr"
    ReviewStore.create(path, title="Secret review", passphrase="correct horse").close()
    answers = answer_dialogs(_type_passphrase("wrong one"), _type_passphrase("correct horse"))
    _open(qtbot, window, path)
    assert len(answers.seen) == 2
    assert window.ctx is not None and window.ctx.store.encrypted
    assert "Secret review" in window.windowTitle()
    # Cancelling the dialog opens nothing.
    window.close_review()
    answer_dialogs(lambda w: w.reject())
    assert not window.open_review(path)


def test_a_review_open_elsewhere_can_be_opened_read_only(
    qtbot, window, demo_copy, answer_dialogs
) -> None:
    other = ReviewStore.open(demo_copy)
    other._lock.path.write_text(  # as if another computer held it
        '{"pid": 1, "host": "other-laptop", "user": "Someone", "since": "today"}'
    )
    try:
        answers = answer_dialogs(_click("Open Read-Only"))
        _open(qtbot, window, demo_copy)
        assert "already open" in answers.seen[0]
        assert window.ctx.read_only
        assert "[read-only]" in window.windowTitle()
        assert not window.registry["add_event"].isEnabled()
        window.close_review()
        answer_dialogs(lambda w: w.reject())
        assert not window.open_review(demo_copy)
    finally:
        other.close()


def test_add_delete_undo_redo_through_the_window(qtbot, window, demo_copy) -> None:
    _open(qtbot, window, demo_copy)
    model = window.chronology.model
    first = model.event_id(0)
    window.ctx.select_events([first])
    window.registry["add_event"].trigger()
    qtbot.waitUntil(lambda: model.rowCount() == 148, timeout=10_000)
    assert _count_on_disk(demo_copy) == 148
    assert window.registry["undo"].text() == "&Undo Add event"
    new_id = window.ctx.selected_event_ids[0]
    assert window.editor.event_id == new_id

    window.registry["delete_event"].trigger()
    qtbot.waitUntil(lambda: model.rowCount() == 147, timeout=10_000)
    assert _count_on_disk(demo_copy) == 147
    assert window.registry["undo"].text().startswith("&Undo Delete event")
    window.registry["undo"].trigger()
    qtbot.waitUntil(lambda: model.rowCount() == 148, timeout=10_000)
    assert model.row_of(new_id) >= 0
    assert window.registry["redo"].isEnabled()
    window.registry["redo"].trigger()
    qtbot.waitUntil(lambda: model.rowCount() == 147, timeout=10_000)
    assert window.undo_view.stack() is window.ctx.undo_stack
    assert window.ctx.undo_stack.count() == 2


def test_filter_is_visible_and_cleared_in_one_click(qtbot, window, demo_copy) -> None:
    _open(qtbot, window, demo_copy)
    chronology = window.chronology
    chronology.set_search_text("bail", immediate=True)
    model = chronology.model
    qtbot.waitUntil(lambda: not model.loading and 0 < model.rowCount() < 147, timeout=10_000)
    assert "bail" in window.status_filter.text()
    assert chronology.filter_bar.chips_row.isVisibleTo(chronology)
    chronology.filter_bar.clear_button.click()
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 147, timeout=10_000)
    assert window.status_filter.text() == "No filter"
    assert chronology.filter_bar.search.text() == ""


def test_layout_is_kept_between_runs(qtbot, settings, demo_copy) -> None:
    from workbench.gui.main_window import MainWindow

    first = MainWindow(settings, restore_layout=True)
    qtbot.addWidget(first)
    first.resize(700, 560)  # fits the offscreen screen (800 x 800)
    first.show()
    _open(qtbot, first, demo_copy)
    first.history_dock.hide()
    size = first.size()
    geometry = first.saveGeometry()
    first.close()
    assert settings.window_value("state") is not None
    second = MainWindow(settings, restore_layout=True)
    qtbot.addWidget(second)
    second.show()
    assert settings.window_value("geometry") == geometry
    assert second.size().height() == size.height()  # (the offscreen screen limits widths)
    _open(qtbot, second, demo_copy)
    assert second.details_dock.isVisible()
    assert not second.history_dock.isVisible()
    second.close()


def test_dropping_a_review_file_opens_it(qtbot, window, demo_copy) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(demo_copy))])
    event = QDropEvent(
        QPointF(50, 50),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.ctx is not None, timeout=5_000)
    assert window.ctx.store.path == demo_copy


def test_every_action_is_reachable_by_keyboard(qtbot, window) -> None:
    in_menus = set()
    for menu in window.menus.values():
        for action in menu.actions():
            in_menus.add(action.objectName())
            if action.menu():
                in_menus.update(a.objectName() for a in action.menu().actions())
    for key, action in window.registry.actions.items():
        assert action.objectName() in in_menus, f"{key} is in no menu"
        assert "&" in action.text(), f"{key} has no mnemonic"
    for title in window.menus:
        assert window.menus[title].title().startswith("&")
    keys = [seq.toString() for a in window.registry.actions.values() for seq in a.shortcuts()]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert not duplicates


def test_controls_have_accessible_names(qtbot, window, demo_copy) -> None:
    from PySide6.QtWidgets import (
        QAbstractItemView,
        QComboBox,
        QHeaderView,
        QLabel,
        QPlainTextEdit,
        QSpinBox,
    )

    _open(qtbot, window, demo_copy)
    window.ctx.select_events([window.chronology.model.event_id(3)])
    buddies = {label.buddy() for label in window.findChildren(QLabel) if label.buddy()}
    missing = []
    for kind in (QLineEdit, QPlainTextEdit, QComboBox, QAbstractItemView, QSpinBox):
        for widget in window.findChildren(kind):
            if not widget.isVisibleTo(window) or isinstance(widget.parent(), QComboBox):
                continue
            if isinstance(widget, QHeaderView):
                continue  # part of its table
            if widget.objectName().startswith("qt_") or widget.parent().objectName().startswith(
                "qt_"
            ):
                continue
            if not widget.accessibleName() and widget not in buddies:
                missing.append(f"{type(widget).__name__} {widget.objectName()}")
    assert not missing, missing


def test_new_review_dialog_creates_and_opens(qtbot, window, tmp_path, answer_dialogs) -> None:
    target = tmp_path / "child-y.cwr"

    def fill(dialog: QDialog) -> None:
        ui = dialog.ui
        ui.title_edit.setText("CSPR: Child Y")
        ui.file_edit.setText(str(target))
        ui.passphrase_edit.setText("short")
        ui.repeat_edit.setText("short")
        assert "at least" in dialog.problem()
        ui.encrypt_check.setChecked(False)
        assert dialog.problem() == ""
        ui.button_box.button(QDialogButtonBox.StandardButton.Ok).click()

    answer_dialogs(fill)
    window.new_review()
    assert target.exists()
    assert "CSPR: Child Y" in window.windowTitle()
    assert window.chronology is not None


def test_opening_a_copy_elsewhere_is_refused_by_a_second_window(
    qtbot, settings, demo_copy, tmp_path, answer_dialogs
) -> None:
    """Two windows of this application on one file: the second one only reads it."""
    from workbench.gui.main_window import MainWindow

    copy = tmp_path / "copy.cwr"
    shutil.copy2(demo_copy, copy)
    first = MainWindow(settings, restore_layout=False)
    qtbot.addWidget(first)
    _open(qtbot, first, copy)
    # Our own lock does not block ourselves; the same review opens again without a question.
    second = MainWindow(settings, restore_layout=False)
    qtbot.addWidget(second)
    _open(qtbot, second, copy)
    assert not second.ctx.read_only
    second.close_review(snapshot=False)
    first.close_review(snapshot=False)


def test_the_demo_is_built_on_first_use_then_opened(qtbot, window) -> None:
    from workbench.demo import default_demo_path

    path = default_demo_path()  # in the test's own home folder
    assert not path.exists()
    window.open_demo()
    assert window.progress.isVisibleTo(window)  # built on a worker, with progress
    qtbot.waitUntil(lambda: window.ctx is not None, timeout=60_000)
    assert window.ctx.store.path == path
    assert "Case Z" in window.windowTitle()
    window.close_review(snapshot=False)
    window.open_demo()  # the second time it is simply opened
    assert window.ctx is not None and not window.runner.busy()


def test_event_docks_make_room_for_the_analysis(qtbot, window, demo_copy) -> None:
    _open(qtbot, window, demo_copy)
    assert window.details_dock.isVisible()
    window.workspaces.setCurrentIndex(2)  # Analysis
    assert not window.details_dock.isVisible() and not window.gaps_dock.isVisible()
    window.workspaces.setCurrentIndex(0)  # Chronology
    assert window.details_dock.isVisible() and window.gaps_dock.isVisible()
    window.workspaces.setCurrentIndex(3)  # Report
    assert not window.details_dock.isVisible()
    window.workspaces.setCurrentIndex(1)  # Timeline
    assert window.details_dock.isVisible()
