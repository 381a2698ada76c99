"""The swimlane timeline widget and presentation mode, driven through qtbot."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date, timedelta

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage

from workbench.gui.presentation import PresentationWindow
from workbench.gui.timeline_view import TimelineView
from workbench.timeline.layout import (
    Band,
    Episode,
    Lane,
    Milestone,
    TimelineEvent,
    build_layout,
    to_x,
)
from workbench.timeline.synthetic import generate_case

LANES = [
    Lane("police", "Police", "#d62728"),
    Lane("csc", "Children's Services", "#1f77b4"),
    Lane("housing", "District Council", "#2ca02c"),
]


def _events() -> list[TimelineEvent]:
    base = date(2016, 5, 2)
    events = []
    for k in range(30):
        day = base + timedelta(days=2 * k)
        lane = LANES[k % 3].key
        events.append(
            TimelineEvent(
                k + 1,
                lane,
                day,
                day,
                "day",
                f"Contact {k + 1}\nmore text",
                day.strftime("%d/%m/%Y"),
                "Child Z; Mother",
            )
        )
    events.append(
        TimelineEvent(
            100,
            "police",
            date(2016, 6, 10),
            date(2016, 6, 24),
            "range",
            "Police attempt to move YPA",
            "June 10-24 2016",
            "YPA",
        )
    )
    return events


BANDS = [
    Band(date(2016, 5, 1), date(2016, 7, 31), "Review scope", "scope", "scope"),
    Band(date(2016, 6, 10), date(2016, 6, 24), "Attempts to move YPA", "episode", "kpe-5"),
]
MILESTONES = [Milestone(date(2016, 6, 16), "Incident", date(2016, 6, 19))]


@pytest.fixture
def layout():
    return build_layout(_events(), LANES, BANDS, MILESTONES)


@pytest.fixture
def view(qtbot, layout) -> TimelineView:
    w = TimelineView()
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    w.set_layout(layout)
    qtbot.waitUntil(lambda: w.view_box.width() > 500)
    w.fit_all()
    return w


def _viewport_pos(view: TimelineView, x: float, y: float) -> QPoint:
    scene = view.view_box.mapViewToScene(QPointF(x, y))
    return view.plot_widget.mapFromScene(scene)


def _point_position(view: TimelineView, event_id: int) -> tuple[int, QPoint]:
    layout = view.timeline_layout
    k = int(np.flatnonzero(layout.ids == event_id)[0])
    return k, _viewport_pos(view, float(layout.x0[k]) + 0.5, float(layout.y[k]))


def _grab(view: TimelineView) -> QImage:
    return view.plot_widget.grab().toImage()


def _darkness(img: QImage, centre: QPoint, radius: int = 4) -> float:
    total = 0.0
    for dx in range(-radius, radius + 1):
        for dy in range(-radius, radius + 1):
            c = img.pixelColor(centre.x() + dx, centre.y() + dy)
            total += 765 - (c.red() + c.green() + c.blue())
    return total


def test_click_selects_and_emits(qtbot, view: TimelineView) -> None:
    assert view.render_mode == "items"
    _, pos = _point_position(view, 7)
    clicked: list[int] = []
    selections: list[list[int]] = []
    view.eventClicked.connect(clicked.append)
    view.selectionChanged.connect(selections.append)
    qtbot.mouseClick(view.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert clicked == [7]
    assert selections == [[7]]
    assert view.selected_ids() == [7]
    # Ctrl+click adds another; a click on empty space clears the selection.
    _, pos2 = _point_position(view, 8)
    with qtbot.waitSignal(view.selectionChanged) as blocker:
        qtbot.mouseClick(
            view.plot_widget.viewport(),
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.ControlModifier,
            pos=pos2,
        )
    assert blocker.args == [[7, 8]]
    empty = _viewport_pos(view, to_x(date(2016, 7, 28)), view.timeline_layout.lanes[2].y0 + 0.5)
    with qtbot.waitSignal(view.selectionChanged) as blocker:
        qtbot.mouseClick(view.plot_widget.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert blocker.args == [[]]


def test_select_events_marks_items_without_emitting(qtbot, view: TimelineView) -> None:
    _, pos = _point_position(view, 10)
    _, far = _point_position(view, 25)
    before = _grab(view)
    with qtbot.assertNotEmitted(view.selectionChanged):
        view.select_events([10])
    after = _grab(view)
    assert view.selected_ids() == [10]
    # A dark selection ring appears around the event, nothing changes elsewhere.
    assert _darkness(after, pos, 9) > _darkness(before, pos, 9) + 1000
    assert _darkness(after, far, 4) == _darkness(before, far, 4)


def test_select_events_pans_to_an_event_out_of_view(view: TimelineView) -> None:
    view.zoom_to(date(2016, 5, 1), date(2016, 5, 10))
    view.select_events([30])  # 59 days after 2 May
    xa, xb = view.visible_x_range()
    layout = view.timeline_layout
    k = int(np.flatnonzero(layout.ids == 30)[0])
    assert xa <= layout.x0[k] <= xb
    assert xb - xa == pytest.approx(10.0, rel=0.05)  # the zoom level is kept


def test_highlight_dims_the_rest(view: TimelineView) -> None:
    _, kept = _point_position(view, 4)
    _, other = _point_position(view, 5)
    before = _grab(view)
    view.highlight([4, 100], title="Finding 2")
    during = _grab(view)
    assert view.highlighted_ids() == [4, 100]
    assert view.highlight_label.text() == "Finding 2: 2 events"
    assert _darkness(during, other) < _darkness(before, other) * 0.7
    assert _darkness(during, kept) == pytest.approx(_darkness(before, kept), rel=0.05)
    view.highlight(None)
    assert view.highlighted_ids() is None
    assert _darkness(_grab(view), other) == pytest.approx(_darkness(before, other), rel=0.01)


def test_fit_all_zoom_to_and_jump_to_band(view: TimelineView) -> None:
    layout = view.timeline_layout
    view.zoom_to(date(2016, 6, 1), date(2016, 6, 30))
    xa, xb = view.visible_x_range()
    assert xa == pytest.approx(to_x(date(2016, 6, 1)), abs=0.5)
    assert xb == pytest.approx(to_x(date(2016, 6, 30)) + 1, abs=0.5)
    view.fit_all()
    xa, xb = view.visible_x_range()
    assert xa <= layout.x_min and xb >= layout.x_max
    view.jump_to_band("kpe-5")
    xa, xb = view.visible_x_range()
    assert xa < to_x(date(2016, 6, 10)) and xb > to_x(date(2016, 6, 25))
    assert xb - xa < 40
    with pytest.raises(KeyError):
        view.jump_to_band("nope")
    # The toolbar's episode list does the same.
    view.fit_all()
    view.episode_combo.activated.emit(1)
    assert view.visible_x_range()[1] - view.visible_x_range()[0] < 40


def test_tooltip_shows_date_agency_subjects_and_first_line(view: TimelineView) -> None:
    layout = view.timeline_layout
    k = int(np.flatnonzero(layout.ids == 100)[0])
    text = view.tooltip_for(k)
    assert "June 10-24 2016" in text and "uncertain" in text
    assert "Police" in text and "YPA" in text and "Police attempt to move YPA" in text
    k = int(np.flatnonzero(layout.ids == 1)[0])
    text = view.tooltip_for(k)
    assert "Contact 1" in text and "more text" not in text
    assert view.event_at(float(layout.x0[k]) + 0.5, float(layout.y[k])) == k


def test_level_of_detail_switches(qtbot) -> None:
    case = generate_case(20_000, 6, seed=5)
    big = build_layout(case.events, case.lanes, case.bands, case.milestones)
    w = TimelineView()
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    w.set_layout(big)
    qtbot.waitUntil(lambda: w.view_box.width() > 500)
    w.fit_all()
    w.grab()
    assert w.render_mode == "density" and w.item.last_mode == "density"
    assert w.density_tooltip(to_x(date(2012, 6, 1)), big.lanes[0].y0 + 0.5) is not None
    w.zoom_to(date(2012, 6, 1), date(2012, 6, 14))
    w.grab()
    assert w.render_mode == "items" and w.item.last_mode == "items"
    assert 0 < w.item.last_drawn < 5000


def test_keyboard_zoom_and_fit(qtbot, view: TimelineView) -> None:
    full = view.visible_x_range()
    view.view_box.setFocus()
    qtbot.keyClick(view.plot_widget.viewport(), Qt.Key.Key_Plus)
    narrowed = view.visible_x_range()
    assert narrowed[1] - narrowed[0] < (full[1] - full[0]) * 0.8
    qtbot.keyClick(view.plot_widget.viewport(), Qt.Key.Key_Home)
    assert view.visible_x_range() == pytest.approx(full, abs=0.5)


def test_presentation_steps_through_episodes(qtbot, layout) -> None:
    episodes = [
        Episode(
            "Presenting as homeless",
            "YPA presents at the District Council.",
            date(2016, 5, 10),
            date(2016, 5, 20),
            "kpe-4",
            (5, 6),
        ),
        Episode(
            "Attempts to move YPA",
            "Police and the Care Leaving Team try to move YPA.",
            date(2016, 6, 10),
            date(2016, 6, 24),
            "kpe-5",
            (100,),
        ),
    ]
    window = PresentationWindow(layout, episodes, fullscreen=False)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    assert window.step == 0 and "Overview" in window.title_label.text()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert window.step == 1
    assert window.title_label.text().endswith("Presenting as homeless")
    assert "District Council" in window.summary_label.text()
    xa, xb = window.timeline.visible_x_range()
    assert xa < to_x(date(2016, 5, 10)) and xb > to_x(date(2016, 5, 21)) and xb - xa < 30
    assert window.timeline.highlighted_ids() == [5, 6]
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.step == 2 and window.timeline.highlighted_ids() == [100]
    qtbot.keyClick(window, Qt.Key.Key_Space)  # stays on the last episode
    assert window.step == 2
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert window.step == 1
    assert window.title_label.font().pointSizeF() >= 24
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_panning_a_cached_density_view_matches_a_fresh_render(qtbot) -> None:
    case = generate_case(20_000, 6, seed=9)
    big = build_layout(case.events, case.lanes, case.bands, case.milestones)
    w = TimelineView()
    qtbot.addWidget(w)
    w.resize(1000, 600)
    w.show()
    w.set_layout(big)
    qtbot.waitUntil(lambda: w.view_box.width() > 400)
    w.fit_all()
    w.grab()
    span = big.x_max - big.x_min
    for k in range(1, 8):
        w.view_box.setXRange(big.x_min + k * span * 0.041, big.x_max + k * span * 0.041, padding=0)
        w.grab()
    assert w.current_mode == "density"
    panned = _grab(w)
    w.item.invalidate()
    fresh = _grab(w)

    # Qt scrolls a cached rendering by whole pixels: allow a shift of one pixel.
    def close(x: int, y: int) -> bool:
        a = panned.pixelColor(x, y)
        for dx in (-1, 0, 1):
            b = fresh.pixelColor(min(max(x + dx, 0), fresh.width() - 1), y)
            if abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= 30:
                return True
        return False

    samples = [(x, y) for y in range(0, panned.height(), 3) for x in range(0, panned.width(), 3)]
    differing = sum(1 for x, y in samples if not close(x, y))
    assert differing < 0.002 * len(samples)
