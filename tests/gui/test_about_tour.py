"""The About dialog, the keyboard shortcuts sheet and the guided tour, on a real main window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMainWindow, QTreeWidgetItem

from workbench import APP_NAME, __version__
from workbench.gui.about import (
    LIBRARIES,
    AboutDialog,
    application_icon,
    bundled_components,
    font_licences,
    licence_from_metadata,
)
from workbench.gui.actions import SPECS, ActionRegistry, key_sequences
from workbench.gui.shortcuts_sheet import ShortcutsDialog, sheet_text, shortcut_rows, typeable
from workbench.gui.tour import (
    TOUR_STEPS,
    WORKSPACE_ORDER,
    GuidedTour,
    show_tour,
    start_tour_if_first_run,
    tour_seen,
)

ROOT = Path(__file__).resolve().parents[2]


def _items(tree) -> list[QTreeWidgetItem]:
    out = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        out.append(top)
        out += [top.child(c) for c in range(top.childCount())]
    return out


# -- About --------------------------------------------------------------------------------
def test_about_shows_version_libraries_and_font_licence(qtbot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    assert __version__ in dialog.version_label.text()
    assert APP_NAME in dialog.windowTitle()
    rows = {item.text(0): item for item in _items(dialog.library_tree)}
    assert set(rows) == {lib.name for lib in LIBRARIES}
    # Versions and licences come from the installed metadata.
    assert rows["SQLAlchemy"].text(2) == "MIT"
    assert rows["python-pptx"].text(2) == "MIT"
    assert rows["PySide6 (Qt for Python)"].text(2).startswith("LGPL-3.0")
    import sqlalchemy

    assert rows["SQLAlchemy"].text(1) == sqlalchemy.__version__
    fonts = dialog.font_text.toPlainText()
    dejavu = (ROOT / "resources" / "fonts" / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "LICENSE-DejaVu.txt" in fonts
    assert dejavu.strip().splitlines()[-1].strip() in fonts
    assert "GNU General Public License" in dialog.licence_text.toPlainText()


def test_licences_fall_back_when_metadata_is_missing(tmp_path: Path) -> None:
    assert licence_from_metadata("no-such-distribution-for-the-about-dialog") is None
    components = {c.name: c for c in bundled_components()}
    assert components["SQLCipher"].licence == "BSD-3-Clause"  # no metadata: the known one
    assert components["Qt"].version.count(".") >= 1
    assert font_licences(tmp_path) == []
    (tmp_path / "LICENSE-Test.txt").write_text("Test font licence\n", encoding="utf-8")
    assert font_licences(tmp_path) == [("LICENSE-Test.txt", "Test font licence\n")]


def test_about_copies_version_details(qtbot) -> None:
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    assert f"{APP_NAME} {__version__}" in copied
    assert "Qt " in copied


def test_application_icon_has_every_size(qtbot) -> None:
    icon = application_icon()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes


# -- the shortcuts sheet ------------------------------------------------------------------
@pytest.fixture
def registry(qtbot) -> ActionRegistry:
    window = QMainWindow()
    qtbot.addWidget(window)
    return ActionRegistry(window)


def test_sheet_lists_every_action_with_keys(qtbot, registry: ActionRegistry) -> None:
    dialog = ShortcutsDialog(registry)
    qtbot.addWidget(dialog)
    listed = {row.command for row in dialog.rows}
    expected = {
        spec.text.replace("&", "").rstrip("…")
        for spec in SPECS
        if any(typeable(seq) for seq in key_sequences(spec.shortcuts))
    }
    assert listed == expected
    by_command = {row.command: row for row in dialog.rows}
    assert by_command["Export"].group == "File"
    assert "Ctrl+Shift+E" in by_command["Export"].keys
    assert by_command["Timeline"].keys == "Ctrl+2"
    assert by_command["Present Episodes"].group == "View"
    # The tree shows what the rows say.
    commands = [item.text(0) for item in _items(dialog.tree) if item.parent() is not None]
    assert sorted(commands) == sorted(row.command for row in dialog.rows)


def test_sheet_search_and_extra_groups(qtbot, registry: ActionRegistry) -> None:
    toggle = registry.window.addAction("Event Details")
    toggle.setShortcut(QKeySequence("Ctrl+Shift+1"))
    dialog = ShortcutsDialog(registry, extra={"Panels": [toggle]})
    qtbot.addWidget(dialog)
    assert dialog.rows[-1].group == "Panels"
    qtbot.keyClicks(dialog.search, "timeline")
    assert dialog.visible_commands() == ["Timeline"]
    dialog.search.clear()
    dialog.search.setText("ctrl+shift+1")
    assert dialog.visible_commands() == ["Event Details"]
    dialog.search.clear()
    assert len(dialog.visible_commands()) == len(dialog.rows)
    text = sheet_text(dialog.rows)
    assert text.startswith("File\n") and "Panels\n" in text


def test_keys_of_special_keyboards_are_left_out() -> None:
    assert not typeable(QKeySequence(Qt.Key.Key_Open))
    assert not typeable(QKeySequence(Qt.Key.Key_F14))
    assert not typeable(QKeySequence())
    assert typeable(QKeySequence("F5"))
    assert typeable(QKeySequence("Ctrl+Z"))


def test_rows_from_plain_actions(qtbot, registry: ActionRegistry) -> None:
    rows = shortcut_rows([registry["undo"], registry["about"]])
    assert [r.command for r in rows] == ["Undo"]  # About has no keys


# -- the guided tour ----------------------------------------------------------------------
def test_tour_walks_the_workspaces(qtbot, window, demo_copy: Path) -> None:
    assert window.open_review(demo_copy)
    tour = GuidedTour(window)
    qtbot.addWidget(tour)
    tour.start()
    assert tour.isVisible() and tour.index == 0
    assert not tour.back_button.isEnabled()
    assert tour_seen(window.settings)
    visited = []
    while tour.isVisible():
        step = tour.step
        if step.workspace is not None:
            assert window.workspaces.currentIndex() == WORKSPACE_ORDER.index(step.workspace)
            visited.append(step.workspace)
            # The workspace's tab is outlined.
            bar = window.workspaces.tabBar()
            tab = bar.tabRect(window.workspaces.currentIndex())
            assert tour.outline.isVisible()
            assert tour.outline.target is not None
            assert tour.outline.target.contains(bar.mapTo(window, tab.center()))
        assert tour.counter.text() == f"Step {tour.index + 1} of {len(TOUR_STEPS)}"
        qtbot.mouseClick(tour.next_button, Qt.MouseButton.LeftButton)
    assert visited == list(WORKSPACE_ORDER)
    assert not tour.outline.isVisible()


def test_tour_keys_back_and_export_outline(qtbot, window, demo_copy: Path) -> None:
    assert window.open_review(demo_copy)
    tour = show_tour(window)
    qtbot.addWidget(tour)
    qtbot.keyClick(tour, Qt.Key.Key_Right)
    qtbot.keyClick(tour, Qt.Key.Key_Right)
    assert tour.index == 2 and window.workspaces.currentIndex() == 1
    qtbot.keyClick(tour, Qt.Key.Key_Left)
    assert tour.index == 1 and window.workspaces.currentIndex() == 0
    export_step = next(i for i, s in enumerate(TOUR_STEPS) if s.target == "export")
    tour.go_to(export_step)
    button = window.toolbar.widgetForAction(window.registry["export"])
    assert tour.outline.target is not None
    assert tour.outline.target.contains(button.mapTo(window, button.rect().center()))
    assert tour.next_button.text() != "&Finish"
    tour.go_to(len(TOUR_STEPS) - 1)
    assert tour.next_button.text() == "&Finish"
    qtbot.keyClick(tour, Qt.Key.Key_Escape)
    assert not tour.isVisible()
    # Help shows the same tour again, from the start.
    assert show_tour(window) is tour and tour.index == 0 and tour.isVisible()
    tour.close()


def test_tour_is_offered_once_and_works_without_a_review(qtbot, window) -> None:
    assert not tour_seen(window.settings)
    tour = start_tour_if_first_run(window)
    assert tour is not None
    qtbot.addWidget(tour)
    for _ in TOUR_STEPS:
        tour.next()  # no review open: nothing to switch to or outline, and no error
        if tour.isVisible():
            assert not tour.outline.isVisible()
    assert not tour.isVisible()
    assert start_tour_if_first_run(window) is None
