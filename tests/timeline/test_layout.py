"""Swimlane layout, ticks and level of detail, without Qt."""

from __future__ import annotations

import time
from datetime import date

import numpy as np
import pytest

from workbench.timeline.layout import (
    Band,
    Lane,
    Milestone,
    TimelineEvent,
    build_layout,
    from_x,
    pack_rows,
    to_x,
)
from workbench.timeline.lod import ITEM_LIMIT, LodIndex, choose_mode, hit_test
from workbench.timeline.synthetic import generate_case
from workbench.timeline.ticks import date_ticks, describe_days

LANES = [Lane("police", "Police", "#d62728"), Lane("csc", "Children's Services", "#1f77b4")]


def ev(
    id_: int,
    lane: str,
    earliest: date,
    latest: date | None = None,
    precision: str = "day",
    label: str = "",
) -> TimelineEvent:
    latest = latest or earliest
    return TimelineEvent(
        id_, lane, earliest, latest, precision, label or f"event {id_}", f"{earliest}", "Child Z"
    )


def assert_no_overlap(layout, min_width: float) -> None:
    ends = np.maximum(layout.x1, layout.x0 + min_width)
    for lane in range(len(layout.lanes)):
        sl = layout.lane_slice(lane)
        for row in np.unique(layout.row[sl]):
            idx = np.flatnonzero((layout.lane == lane) & (layout.row == row))
            order = idx[np.argsort(layout.x0[idx])]
            assert np.all(layout.x0[order][1:] >= ends[order][:-1]), (lane, row)


def test_same_day_events_stack_in_rows() -> None:
    day = date(2016, 6, 24)
    events = [ev(i, "police", day) for i in range(4)] + [ev(9, "police", date(2016, 6, 25))]
    layout = build_layout(events, LANES)
    rows = {e.id: int(r) for e, r in zip(layout.events, layout.row, strict=True)}
    assert sorted(rows[i] for i in range(4)) == [0, 1, 2, 3]
    assert rows[9] == 0  # the next day is free again in the first row
    assert layout.lanes[0].rows == 4
    assert layout.lanes[1].rows == 1  # an empty lane keeps one row
    assert_no_overlap(layout, 1.0)


def test_packing_never_overlaps_in_a_lane_random() -> None:
    case = generate_case(3000, 4, seed=7)
    for width in (1.0, 9.5, 40.0):
        layout = build_layout(case.events, case.lanes, min_width_days=width)
        assert_no_overlap(layout, width)
        # Greedy lowest-row-first never needs more rows than the maximum overlap depth.
        lane0 = layout.lane_slice(0)
        x0 = layout.x0[lane0]
        ends = np.maximum(layout.x1[lane0], x0 + width)
        depth = max(int(np.sum((x0 <= t) & (ends > t))) for t in x0)
        assert layout.lanes[0].rows == depth


def test_pack_rows_with_label_room() -> None:
    x0 = np.array([0.0, 2.0, 4.0])
    x1 = x0 + 1.0
    offsets = np.array([0, 3])
    assert pack_rows(x0, x1, offsets, 1.0).tolist() == [0, 0, 0]
    assert pack_rows(x0, x1, offsets, 1.0, np.full(3, 2.5)).tolist() == [0, 1, 0]


def test_spans_and_points() -> None:
    events = [
        ev(1, "police", date(2016, 6, 10), date(2016, 6, 24), "range"),
        ev(2, "police", date(2016, 6, 16)),
        ev(3, "csc", date(2015, 11, 1), date(2015, 11, 30), "month"),
        ev(4, "csc", date(2016, 5, 22), precision="month"),  # uncertain even if one day
    ]
    layout = build_layout(events, LANES)
    by_id = {e.id: k for k, e in enumerate(layout.events)}
    assert bool(layout.is_span[by_id[1]]) and not bool(layout.is_span[by_id[2]])
    assert bool(layout.is_span[by_id[4]])
    assert np.all(layout.x0 <= layout.x1)
    assert layout.x1[by_id[1]] - layout.x0[by_id[1]] == 15  # 10..24 June inclusive
    assert layout.x1[by_id[2]] - layout.x0[by_id[2]] == 1
    assert from_x(layout.x0[by_id[3]]) == date(2015, 11, 1)
    assert layout.row[by_id[1]] != layout.row[by_id[2]]  # the point inside the span stacks


def test_earliest_after_latest_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"event 5 .*after latest"):
        build_layout([ev(5, "police", date(2016, 6, 2), date(2016, 6, 1), "range")], LANES)


def test_unknown_lane_gets_its_own_lane_and_colours_follow_lanes() -> None:
    events = [ev(1, "police", date(2016, 1, 1)), ev(2, "gp", date(2016, 1, 2))]
    layout = build_layout(events, LANES)
    assert [lane.key for lane in layout.lanes] == ["police", "csc", "gp"]
    k = int(np.flatnonzero(layout.ids == 1)[0])
    assert layout.palette[layout.colour[k]] == "#d62728"
    coloured = TimelineEvent(
        3, "police", date(2016, 1, 3), date(2016, 1, 3), "day", "x", "x", colour="#000000"
    )
    layout = build_layout([coloured], LANES)
    assert layout.palette[layout.colour[0]] == "#000000"


def test_bands_milestones_bounds_and_lane_geometry() -> None:
    events = [ev(1, "police", date(2016, 1, 5)), ev(2, "csc", date(2016, 3, 1))]
    bands = [
        Band(date(2015, 1, 1), date(2016, 7, 31), "Review scope", "scope", "scope"),
        Band(date(2016, 6, 10), date(2016, 6, 24), "KPE 4", "episode", "kpe-4"),
    ]
    milestones = [Milestone(date(2016, 6, 16), "Incident")]
    layout = build_layout(events, LANES, bands, milestones)
    assert layout.x_min == to_x(date(2015, 1, 1))
    assert layout.x_max == to_x(date(2016, 7, 31)) + 1
    assert layout.episode_band("kpe-4") == bands[1]
    assert layout.milestones[0].x == to_x(date(2016, 6, 16)) + 0.5
    lanes = layout.lanes
    assert lanes[0].y0 < lanes[0].y1 < lanes[1].y0 < lanes[1].y1 <= layout.height
    assert np.all((layout.y > lanes[0].y0) & (layout.y < lanes[-1].y1))
    assert layout.lane_at(lanes[1].y0 + 0.5) == 1
    assert layout.lane_at(lanes[0].y1 + 0.01) is None  # padding between lanes


def test_window_filters_events_and_clips_bands() -> None:
    events = [
        ev(1, "police", date(2016, 5, 31)),
        ev(2, "police", date(2016, 6, 1)),
        ev(3, "police", date(2016, 6, 30)),
        ev(4, "police", date(2016, 7, 1)),
        ev(5, "csc", date(2016, 1, 1), date(2016, 12, 31), "year"),  # spans the window
    ]
    bands = [Band(date(2015, 1, 1), date(2016, 12, 31), "Review scope", "scope")]
    window = (date(2016, 6, 1), date(2016, 6, 30))
    layout = build_layout(
        events, LANES, bands, [Milestone(date(2016, 7, 2), "later")], window=window
    )
    assert sorted(layout.ids.tolist()) == [2, 3, 5]
    assert layout.bounds[:2] == (to_x(date(2016, 6, 1)), to_x(date(2016, 6, 30)) + 1)
    assert layout.bands[0].start == date(2016, 6, 1) and layout.bands[0].end == date(2016, 6, 30)
    assert layout.milestones == ()
    # The same restriction from a full layout gives the same events.
    full = build_layout(events, LANES, bands)
    again = full.restricted(window=window)
    assert sorted(again.ids.tolist()) == [2, 3, 5]
    only_csc = full.restricted(lane_keys=["csc"])
    assert [lane.key for lane in only_csc.lanes] == ["csc"] and only_csc.ids.tolist() == [5]
    with pytest.raises(ValueError, match="unknown lane"):
        full.restricted(lane_keys=["nope"])


def test_gaps_per_lane() -> None:
    events = [
        ev(1, "police", date(2015, 1, 10)),
        ev(2, "police", date(2015, 2, 1)),
        ev(3, "police", date(2015, 9, 1)),  # 7 months without police contact before this
        ev(4, "csc", date(2015, 1, 1), date(2015, 12, 31), "year"),  # covers the year
    ]
    bands = [Band(date(2015, 1, 1), date(2015, 12, 31), "Review scope", "scope")]
    layout = build_layout(events, LANES, bands, gap_threshold_days=90)
    police = [g for g in layout.gaps if g.lane == 0]
    assert [(g.start, g.end) for g in police] == [
        (date(2015, 2, 2), date(2015, 8, 31)),
        (date(2015, 9, 2), date(2015, 12, 31)),  # until the end of the scope
    ]
    assert all(g.days >= 90 for g in layout.gaps)
    assert not [g for g in layout.gaps if g.lane == 1]
    empty = build_layout(events[:3], LANES, bands, gap_threshold_days=90)
    assert [(g.start, g.end) for g in empty.gaps if g.lane == 1] == [
        (date(2015, 1, 1), date(2015, 12, 31))
    ]


def test_indices_of_and_repacked() -> None:
    case = generate_case(500, 3, seed=3)
    layout = build_layout(case.events, case.lanes)
    idx = layout.indices_of([5, 7])
    assert sorted(layout.ids[idx].tolist()) == [5, 7]
    wide = layout.repacked(30.0)
    assert wide.lanes[0].rows >= layout.lanes[0].rows
    assert_no_overlap(wide, 30.0)
    assert np.array_equal(wide.ids, layout.ids)


def test_lod_visible_and_density_agree_with_brute_force() -> None:
    case = generate_case(4000, 5, seed=11)
    layout = build_layout(case.events, case.lanes)
    index = LodIndex.build(layout)
    xa, xb = to_x(date(2014, 3, 1)), to_x(date(2014, 9, 1))
    for lane in range(5):
        got = set(index.visible(lane, xa, xb).tolist())
        want = set(
            np.flatnonzero((layout.lane == lane) & (layout.x0 < xb) & (layout.x1 > xa)).tolist()
        )
        assert got == want
    dens = index.density(xa, xb, 12)
    edges = np.linspace(xa, xb, 13)
    for lane in (0, 3):
        for j in range(12):
            m = (layout.lane == lane) & (layout.x0 < edges[j + 1]) & (layout.x1 > edges[j])
            assert dens[lane, j] == int(m.sum())
    sub = LodIndex.build(layout, np.arange(0, len(layout), 2))
    assert sub.density(xa, xb, 12).sum() < dens.sum()
    exact = int(np.count_nonzero((layout.x0 < xb) & (layout.x1 > xa)))
    assert index.count_visible(xa, xb) == exact
    assert index.count_visible(xa, xb, stop_above=10) > 10
    assert choose_mode(index.count_visible(layout.x_min, layout.x_max)) == "items"
    assert choose_mode(ITEM_LIMIT + 1) == "density"


def test_hit_test_finds_points_and_spans() -> None:
    events = [
        ev(1, "police", date(2016, 6, 10), date(2016, 6, 24), "range"),
        ev(2, "police", date(2016, 6, 16)),
    ]
    layout = build_layout(events, LANES)
    index = LodIndex.build(layout)
    k2 = int(np.flatnonzero(layout.ids == 2)[0])
    k1 = int(np.flatnonzero(layout.ids == 1)[0])
    assert hit_test(index, layout.x0[k2] + 0.5, layout.y[k2], 0.6) == k2
    assert hit_test(index, to_x(date(2016, 6, 12)), layout.y[k1], 0.6) == k1
    assert hit_test(index, to_x(date(2016, 7, 30)), layout.y[k1], 0.6) is None


def test_ticks_adapt_from_years_to_days() -> None:
    def step(a: date, b: date) -> str:
        return date_ticks(to_x(a), to_x(b) + 1, 1400).major_step[0]

    assert step(date(2006, 1, 1), date(2017, 12, 31)) == "year"
    assert step(date(2015, 1, 1), date(2016, 12, 31)) == "month"
    assert step(date(2016, 6, 1), date(2016, 6, 30)) == "day"
    ticks = date_ticks(to_x(date(2016, 6, 1)), to_x(date(2016, 7, 1)), 1400)
    assert ticks.major[0].label.endswith("2016")
    assert all(t.x >= to_x(date(2016, 6, 1)) for t in ticks.major)
    assert describe_days(200) == "7 months"


def test_100k_events_lay_out_quickly() -> None:
    case = generate_case(100_000, 12, seed=1)
    start = time.perf_counter()
    layout = build_layout(case.events, case.lanes, case.bands, case.milestones)
    elapsed = time.perf_counter() - start
    assert len(layout) == 100_000 and len(layout.lanes) == 12
    assert elapsed < 1.0  # about 0.1 s on the reference machine; generous for CI
    assert_no_overlap(layout, 1.0)
