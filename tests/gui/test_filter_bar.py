"""The filter bar: each drop-down builds its part of the filter, the active filter shows
as chips that remove one criterion each, and "Clear filter" removes all of it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from workbench.core.chronology import ChronologyFilter, Flag
from workbench.gui.filter_bar import FilterBar


def _bar(qtbot, ctx) -> FilterBar:
    bar = FilterBar(ctx)
    qtbot.addWidget(bar)
    bar.show()
    return bar


def _tick(bar: FilterBar, key: str, rows: list[int]) -> None:
    bar._fill(key)
    widget = bar.checklists[key].list
    for row in rows:
        widget.item(row).setCheckState(Qt.CheckState.Checked)


def test_checklists_build_the_filter(qtbot, ctx) -> None:
    bar = _bar(qtbot, ctx)
    emitted: list[ChronologyFilter] = []
    bar.filterChanged.connect(emitted.append)
    _tick(bar, "agencies", [0, 1])
    agency_ids = {a[0] for a in bar.options.agencies[:2]}
    assert bar.filter.agency_ids == agency_ids
    _tick(bar, "flags", [0])
    assert bar.filter.flags == {Flag.MISSED_OPPORTUNITY}
    bar._fill("linked")
    linked = bar.checklists["linked"].list
    assert linked.item(0).text() == "Research questions"
    assert not linked.item(0).flags() & Qt.ItemFlag.ItemIsUserCheckable
    linked.item(1).setCheckState(Qt.CheckState.Checked)
    assert bar.filter.question_ids == {bar.options.questions[0][0]}
    assert emitted[-1] == bar.filter
    assert bar.buttons["agencies"].text() == "Agencies (2)"
    assert "Agency:" in bar.describe() and "Flags: Missed opportunity" in bar.describe()


def test_dates_are_typed_as_written(qtbot, ctx) -> None:
    bar = _bar(qtbot, ctx)
    bar.dates.from_edit.setText("spring 2015")
    bar.dates.to_edit.setText("2016")
    assert "from 01 Mar 2015" in bar.dates.feedback.text()
    bar.dates.apply_button.click()
    assert (bar.filter.date_from, bar.filter.date_to) == (date(2015, 3, 1), date(2016, 12, 31))
    bar.dates.to_edit.setText("31/02/2016")
    assert "February" in bar.dates.feedback.text()
    bar.dates.apply_button.click()
    assert bar.filter.date_to == date(2016, 12, 31)  # unchanged: the end could not be read


def test_chips_remove_one_part_and_clear_removes_all(qtbot, ctx) -> None:
    bar = _bar(qtbot, ctx)
    agency = bar.options.agencies[0][0]
    bar.set_filter(
        ChronologyFilter(
            text="bail", agency_ids=frozenset({agency}), flags=frozenset({Flag.ANNOTATED})
        )
    )
    assert bar.search.text() == "bail"
    assert bar.chips_row.isVisibleTo(bar)
    chips = [
        c for c in bar.chips_row.findChildren(QToolButton, "filter_chip") if c.isVisibleTo(bar)
    ]
    assert len(chips) == 3
    text_chip = next(c for c in chips if c.text().startswith("Text:"))
    text_chip.click()
    assert bar.filter.text == "" and bar.search.text() == ""
    assert bar.filter.agency_ids == {agency}
    bar.clear_button.click()
    assert bar.filter.is_empty()
    assert not bar.chips_row.isVisibleTo(bar)


def test_typing_searches_after_a_pause(qtbot, ctx) -> None:
    bar = _bar(qtbot, ctx)
    with qtbot.waitSignal(bar.filterChanged, timeout=2_000) as blocker:
        qtbot.keyClicks(bar.search, "MASH")
    assert blocker.args[0].text == "MASH"


def test_a_requested_filter_names_its_events(qtbot, window, demo_copy) -> None:
    assert window.open_review(demo_copy)
    model = window.chronology.model
    qtbot.waitUntil(lambda: model.ever_loaded and not model.loading, timeout=10_000)
    ids = [model.event_id(r) for r in (3, 7, 9)]
    window.ctx.filterRequested.emit("Evidence for finding 2", ids)
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 3, timeout=10_000)
    assert sorted(model.event_id(r) for r in range(3)) == sorted(ids)
    assert "Evidence for finding 2 (3)" in window.status_filter.text()
