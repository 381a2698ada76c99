"""The other workspaces and docks in the window: gaps, history, report, timeline,
analysis, and the preferences and theme."""

from __future__ import annotations

from PySide6.QtCore import QSettings, QUrl
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from workbench.gui.settings import Settings


def _open(qtbot, window, path) -> None:
    assert window.open_review(path)
    model = window.chronology.model
    qtbot.waitUntil(lambda: model.ever_loaded and not model.loading, timeout=10_000)


def test_gaps_panel_lists_and_jumps(qtbot, window, demo_copy) -> None:
    _open(qtbot, window, demo_copy)
    panel = window.gaps
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10_000)
    assert "90 days or more" in panel.summary.text()
    gap = panel.model.gaps[0]
    target = gap.next_event_id or gap.previous_event_id
    panel.table.activated.emit(panel.model.index(0, 0))
    assert window.ctx.selected_event_ids == [target]
    assert window.editor.event_id == target
    before = panel.model.rowCount()
    panel.threshold.setValue(200)
    qtbot.waitUntil(lambda: window.chronology.model.gap_threshold == 200, timeout=10_000)
    assert panel.model.rowCount() < before
    assert window.ctx.undo_stack.undoText() == "Set the gap threshold to 200 days"


def test_report_preview_shows_the_assembled_report(qtbot, window, demo_copy) -> None:
    _open(qtbot, window, demo_copy)
    window.show_workspace(3)
    report = window.report
    qtbot.waitUntil(lambda: report.outline.count() > 3, timeout=20_000)
    text = report.browser.toPlainText()
    assert "Case Z" in text
    titles = [report.outline.item(i).text().strip() for i in range(report.outline.count())]
    assert "Recommendations" in titles and "Key lessons" in titles
    report.outline.setCurrentRow(titles.index("Recommendations"))
    seen: list[int] = []
    report.eventRequested.connect(seen.append)
    report._link(QUrl("event:5"))
    assert seen == [5]


def test_timeline_and_analysis_tabs_are_built_when_shown(qtbot, window, demo_copy) -> None:
    _open(qtbot, window, demo_copy)
    timeline = window._lazy["timeline"]
    assert timeline.content is None
    window.show_workspace(1)
    assert timeline.content is not None
    analysis = window._lazy["analysis"]
    window.show_workspace(2)
    assert analysis.content is not None
    assert analysis.content.objectName() in ("analysis_workspace", "empty_state")


def test_history_view_shows_readable_labels(qtbot, window, demo_copy) -> None:
    _open(qtbot, window, demo_copy)
    event_id = window.chronology.model.event_id(0)
    window.ctx.select_events([event_id])
    window.editor.ui.practitioner_edit.setText("Team Manager")
    window.editor.ui.practitioner_edit.editingFinished.emit()
    stack = window.undo_view.stack()
    assert stack.text(0) == "Edit practitioner"
    window.undo_view.setCurrentIndex(window.undo_view.model().index(0, 0))
    assert stack.index() == 0  # choosing "Opened" in the history undoes back to it


def test_preferences_and_theme(qtbot, tmp_path, answer_dialogs) -> None:
    from workbench.gui.dialogs import PreferencesDialog
    from workbench.gui.theme import ThemeManager, palette_for

    settings = Settings(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    dialog = PreferencesDialog(settings)
    qtbot.addWidget(dialog)
    dialog.ui.name_edit.setText("Jane Reviewer")
    dialog.ui.theme_combo.setCurrentIndex(2)
    dialog.ui.gap_spin.setValue(120)
    dialog.ui.backups_spin.setValue(3)
    dialog.save()
    again = Settings(QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat))
    assert (again.user_name, again.theme, again.gap_threshold_days, again.backups_to_keep) == (
        "Jane Reviewer",
        "dark",
        120,
        3,
    )
    dark, light = palette_for(True), palette_for(False)
    assert dark.color(QPalette.ColorRole.Window).lightness() < 80
    assert light.color(QPalette.ColorRole.Window).lightness() > 200
    app = QApplication.instance()
    original = app.palette()
    manager = ThemeManager(app, "dark")
    try:
        assert manager.dark
        assert app.palette().color(QPalette.ColorRole.Base) == dark.color(QPalette.ColorRole.Base)
        manager.apply("light")
        assert not manager.dark
    finally:
        app.setPalette(original)
        app.setStyleSheet("")
        manager.deleteLater()


def test_recent_list(tmp_path) -> None:
    settings = Settings(QSettings(str(tmp_path / "r.ini"), QSettings.Format.IniFormat))
    for i in range(12):
        settings.add_recent(tmp_path / f"r{i}.cwr")
    files = settings.recent_files()
    assert len(files) == 10 and files[0].endswith("r11.cwr")
    settings.add_recent(tmp_path / "r5.cwr")
    assert settings.recent_files()[0].endswith("r5.cwr")
    assert len(settings.recent_files()) == 10
    settings.remove_recent(tmp_path / "r5.cwr")
    assert not any(f.endswith("r5.cwr") for f in settings.recent_files())


def test_row_height_follows_the_font(qtbot, window, demo_copy) -> None:
    """At 200% the fonts are twice as large: rows grow with them (no clipped text)."""
    _open(qtbot, window, demo_copy)
    view = window.chronology.view
    normal = view.verticalHeader().defaultSectionSize()
    font = view.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    view.setFont(font)
    assert view.verticalHeader().defaultSectionSize() >= normal * 1.8
    window.registry["compact_rows"].setChecked(True)
    assert view.verticalHeader().defaultSectionSize() < normal
    assert window.settings.compact_rows
    window.registry["compact_rows"].setChecked(False)


def test_timeline_opens_on_the_review_scope(qtbot, window, demo_copy) -> None:
    from datetime import date

    _open(qtbot, window, demo_copy)
    window.show_workspace(1)
    host = window._lazy["timeline"].content
    qtbot.waitUntil(lambda: host.layout_data is not None, timeout=10_000)
    start, end = host.view.visible_window()
    # The demo's scope is 1 Jan 2015 - 31 Jul 2016: June 2016 is in view, 2004 is not.
    assert date(2014, 11, 1) <= start <= date(2015, 1, 1)
    assert date(2016, 7, 31) <= end <= date(2016, 10, 1)
