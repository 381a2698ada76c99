"""The chronology table model: Qt's model contract, windowed fetching, filters, search,
sorting, and how it follows changes to the review."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import insert, select

from workbench.core.chronology import ChronologyFilter, Flag, SortKey, ordered_ids
from workbench.core.commands import CreateItem, DeleteItem, UpdateItem
from workbench.core.model import Agency, Event, Tag, event_tag
from workbench.core.store import ReviewStore
from workbench.gui.chronology_model import (
    COLUMN_KEYS,
    AgencyRole,
    ChronologyModel,
    EventIdRole,
    GapRole,
    RowRole,
)
from workbench.gui.context import ReviewContext
from workbench.gui.gaps_panel import GapsModel


def _model(qtbot, ctx: ReviewContext) -> ChronologyModel:
    model = ChronologyModel(ctx)
    qtbot.waitUntil(lambda: model.ever_loaded and not model.loading, timeout=10_000)
    qtbot.waitUntil(lambda: bool(model.gaps), timeout=10_000)
    return model


def _shown_ids(model: ChronologyModel) -> list[int]:
    return [model.data(model.index(r, 0), EventIdRole) for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtbot, wait_loaded, qtmodeltester, ctx) -> None:
    model = _model(qtbot, ctx)
    assert model.rowCount() == 147
    qtmodeltester.check(model)
    model.set_filter(ChronologyFilter(text="police"))
    wait_loaded(model)
    qtmodeltester.check(model)
    gaps = GapsModel(model)
    assert gaps.rowCount() == len(model.gaps) > 0
    qtmodeltester.check(gaps)


def test_rows_in_chronology_order_with_columns(qtbot, wait_loaded, ctx) -> None:
    model = _model(qtbot, ctx)
    with ctx.store.session() as s:
        expected = ordered_ids(s)
    assert _shown_ids(model) == expected
    first = model.data(model.index(0, 0), RowRole)
    assert model.data(model.index(0, COLUMN_KEYS.index("date"))) == first.date_text
    agency = model.data(model.index(0, COLUMN_KEYS.index("agency")), AgencyRole)
    assert model.data(model.index(0, COLUMN_KEYS.index("agency"))) == agency.label
    assert model.headerData(4, Qt.Orientation.Horizontal) == "Event"
    # Tooltips say how the date was read.
    tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "->" in tip or "exact day" in tip


def test_rows_are_fetched_in_pages_not_all_at_once(qtbot, wait_loaded, ctx) -> None:
    with ctx.store.transaction() as s:
        agency_id = s.scalar(select(Agency.id).limit(1))
        s.execute(
            insert(Event),
            [
                {
                    "agency_id": agency_id,
                    "date_text": "2019",
                    "date_earliest": date(2019, 1, 1),
                    "date_latest": date(2019, 12, 31),
                    "date_precision": "year",
                    "text": f"bulk {i}",
                    "sequence": float(i),
                }
                for i in range(3000)
            ],
        )
    model = _model(qtbot, ctx)
    assert model.rowCount() == 3147
    # Only the first page was read (on the worker thread, with the ids).
    assert model.is_row_loaded(0)
    assert not any(model.is_row_loaded(r) for r in range(model.PAGE_SIZE, 3147, 100))
    last = model.rowCount() - 1
    assert model.data(model.index(last, 0)) is not None
    assert model.is_row_loaded(last) and not model.is_row_loaded(model.PAGE_SIZE)
    for row in range(0, 3147, model.PAGE_SIZE):
        model.data(model.index(row, 4))
    assert len(model._pages) <= model.CACHE_PAGES


def test_filters_and_search_give_the_right_rows(qtbot, wait_loaded, ctx) -> None:
    model = _model(qtbot, ctx)
    with ctx.store.session() as s:
        police = s.scalar(select(Agency).where(Agency.short_name == "POL"))
        assert police is not None
        expected_police = [
            e.id for e in s.scalars(select(Event).where(Event.agency_id == police.id))
        ]
    model.set_filter(ChronologyFilter(agency_ids=frozenset({police.id})))
    wait_loaded(model)
    assert sorted(_shown_ids(model)) == sorted(expected_police)
    labels = {model.data(model.index(r, 2)) for r in range(model.rowCount())}
    assert labels == {"POL"}

    model.set_filter(ChronologyFilter(text="MASH"))
    wait_loaded(model)
    assert model.rowCount() > 0
    for r in range(model.rowCount()):
        row = model.data(model.index(r, 0), RowRole)
        words = " ".join([row.text, row.outcome, row.analysis, row.subjects_text]).lower()
        assert "mash" in words
    assert model.highlight_query == "MASH"

    model.set_filter(ChronologyFilter(flags=frozenset({Flag.MISSED_OPPORTUNITY})))
    wait_loaded(model)
    assert model.rowCount() > 0
    assert all(
        Flag.MISSED_OPPORTUNITY in model.data(model.index(r, 0), RowRole).flags
        for r in range(model.rowCount())
    )

    model.set_filter(ChronologyFilter(text="zzzznotaword"))
    wait_loaded(model)
    assert model.rowCount() == 0
    assert model.total == 147


def test_sorting_by_another_column_keeps_the_selection(qtbot, wait_loaded, ctx) -> None:
    from PySide6.QtCore import QPersistentModelIndex

    model = _model(qtbot, ctx)
    keep = QPersistentModelIndex(model.index(10, 0))
    kept_id = model.data(keep, EventIdRole)
    model.sort(COLUMN_KEYS.index("agency"), Qt.SortOrder.AscendingOrder)
    wait_loaded(model)
    assert model.sort_key == (SortKey.AGENCY, False)
    sort_orders = []
    for r in range(model.rowCount()):
        agency = model.data(model.index(r, 2), AgencyRole)
        sort_orders.append(agency.id)
    with ctx.store.session() as s:
        order = {a.id: (a.sort_order, a.name.lower()) for a in s.scalars(select(Agency))}
    keys = [order[a] for a in sort_orders]
    assert keys == sorted(keys)
    assert keep.isValid() and model.data(keep, EventIdRole) == kept_id
    model.sort(0, Qt.SortOrder.DescendingOrder)
    wait_loaded(model)
    with ctx.store.session() as s:
        assert _shown_ids(model) == ordered_ids(s, descending=True)


def test_changes_refresh_rows_in_place_and_add_remove_rows(qtbot, wait_loaded, ctx) -> None:
    model = _model(qtbot, ctx)
    event_id = model.data(model.index(5, 0), EventIdRole)
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        ctx.push(UpdateItem(Event, event_id, {"text": "Changed text"}, "Edit event text"))
    assert model.data(model.index(5, COLUMN_KEYS.index("event"))) == "Changed text"
    assert model.data(model.index(5, 0), EventIdRole) == event_id  # refreshed in place

    with ctx.store.session() as s:
        agency_id = s.scalar(select(Agency.id).limit(1))
    create = CreateItem(
        Event,
        {
            "agency_id": agency_id,
            "date_text": "1999",
            "date_earliest": date(1999, 1, 1),
            "date_latest": date(1999, 12, 31),
            "date_precision": "year",
            "text": "Earliest of all",
        },
    )
    with qtbot.waitSignal(model.rowsInserted, timeout=10_000):
        ctx.push(create)
    assert model.rowCount() == 148
    assert model.data(model.index(0, 0), EventIdRole) == create.item_id

    with qtbot.waitSignal(model.rowsRemoved, timeout=10_000):
        ctx.push(DeleteItem(Event, create.item_id))
    assert model.rowCount() == 147
    with qtbot.waitSignal(model.rowsInserted, timeout=10_000):
        ctx.undo_stack.undo()
    assert model.data(model.index(0, COLUMN_KEYS.index("event"))) == "Earliest of all"


def test_tags_and_gap_markers_are_in_the_rows(qtbot, wait_loaded, ctx) -> None:
    model = _model(qtbot, ctx)
    with ctx.store.transaction() as s:
        tag = s.scalar(select(Tag).limit(1))
        assert tag is not None
        s.execute(insert(event_tag), [{"event_id": model.event_id(0), "tag_id": tag.id}])
    qtbot.waitUntil(lambda: tag.name in str(model.data(model.index(0, 7))), timeout=10_000)
    marked = [
        r for r in range(model.rowCount()) if model.data(model.index(r, 0), GapRole) is not None
    ]
    assert marked, "the demo has gaps of 90 days and more"
    gap = model.data(model.index(marked[0], 0), GapRole)
    assert gap.days >= model.gap_threshold
    assert "gap" in model.data(model.index(marked[0], COLUMN_KEYS.index("flags")))


def test_a_bigger_threshold_finds_fewer_gaps(qtbot, wait_loaded, ctx) -> None:
    model = _model(qtbot, ctx)
    before = len(model.gaps)
    from workbench.core.model import Review

    with ctx.store.session() as s:
        review_id = s.scalar(select(Review.id))
    with qtbot.waitSignal(model.gapsChanged, timeout=10_000):
        ctx.push(UpdateItem(Review, review_id, {"gap_threshold_days": 300}))
    assert model.gap_threshold == 300
    assert len(model.gaps) < before
    assert all(g.days >= 300 for g in model.gaps)


def test_read_only_review_loads(qtbot, wait_loaded, demo_copy) -> None:
    context = ReviewContext(ReviewStore.open(demo_copy, read_only=True))
    try:
        model = _model(qtbot, context)
        assert model.rowCount() == 147
    finally:
        context.close()
