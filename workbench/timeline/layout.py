"""Swimlane layout of a chronology: plain arrays that the widget and the exporters draw.

The x axis is measured in days since 1970-01-01 (``to_x``); an event on day *d* covers
``[d, d + 1)``, so an exact-day event is drawn at ``d + 0.5`` and an uncertain date from
its earliest day to the end of its latest day. The y axis is measured in rows from the top:
lane *i* starts at ``lanes[i].y0`` and owns ``lanes[i].rows`` rows; an event sits at the
centre of its row (``y``).

Inside a lane, events are packed greedily into rows (lowest free row first) so that two
events whose packing intervals overlap never share a row. A point's packing interval is at
least ``min_width_days`` long, so events on the same day stack rather than hide each other.

All per-event arrays are ordered by lane, then by start (``x0``), then longest first; the
slice of lane *i* is ``lane_offsets[i]:lane_offsets[i + 1]``.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import numpy.typing as npt

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
LANE_PADDING = 0.6
"""Empty space between two lanes, in rows."""
DEFAULT_LANE_COLOUR = "#7f7f7f"
DEFAULT_GAP_DAYS = 90.0

PRECISIONS = ("day", "week", "month", "season", "year", "range")

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def to_x(day: date) -> float:
    """The x coordinate of the start of ``day``."""
    return float(day.toordinal() - EPOCH_ORDINAL)


def from_x(x: float) -> date:
    """The day that contains the x coordinate ``x``."""
    return date.fromordinal(math.floor(x) + EPOCH_ORDINAL)


@dataclass(frozen=True)
class TimelineEvent:
    """One chronology entry placed on the timeline.

    ``earliest``/``latest`` are the bounds of the date as written (``date_text``); an
    event is a point when ``precision == "day"`` and both bounds are the same day, and a
    span otherwise.
    """

    id: int
    lane: str
    earliest: date
    latest: date
    precision: str
    label: str
    date_text: str
    subjects: str = ""
    colour: str | None = None
    agency: str = ""
    """The recording agency, when the lanes are not agencies (e.g. one lane per subject)."""

    @property
    def is_span(self) -> bool:
        return self.precision != "day" or self.latest > self.earliest


@dataclass(frozen=True)
class Lane:
    key: str
    title: str
    colour: str


@dataclass(frozen=True)
class Band:
    """A background period across all lanes: the review's scope or a key practice episode."""

    start: date
    end: date
    title: str
    kind: str  # "scope" | "episode"
    key: str = ""

    @property
    def x0(self) -> float:
        return to_x(self.start)

    @property
    def x1(self) -> float:
        return to_x(self.end) + 1.0


@dataclass(frozen=True)
class Milestone:
    """A marked moment (the incident). With ``end``, a period drawn from ``day`` to it."""

    day: date
    title: str
    end: date | None = None

    @property
    def x(self) -> float:
        """Where the line is drawn: the middle of the day (the start of a period)."""
        return to_x(self.day) + (0.0 if self.end else 0.5)

    @property
    def x_end(self) -> float | None:
        return to_x(self.end) + 1.0 if self.end else None


@dataclass(frozen=True)
class Episode:
    """A key practice episode as shown in presentation mode."""

    title: str
    summary: str
    start: date
    end: date
    key: str = ""
    event_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class LaneRows:
    """A lane as laid out: its place on the y axis and how many events it holds."""

    index: int
    key: str
    title: str
    colour: str
    rows: int
    y0: float
    count: int

    @property
    def y1(self) -> float:
        return self.y0 + self.rows


@dataclass(frozen=True)
class Gap:
    """A period of at least the gap threshold in which a lane has no event."""

    lane: int
    x0: float
    x1: float

    @property
    def days(self) -> float:
        return self.x1 - self.x0

    @property
    def start(self) -> date:
        return from_x(self.x0)

    @property
    def end(self) -> date:
        """The last day without an event."""
        return from_x(self.x1 - 1.0)


@dataclass(frozen=True, eq=False)
class TimelineLayout:
    """The laid-out timeline. Every per-event array has one entry per event in ``events``."""

    events: tuple[TimelineEvent, ...]
    x0: FloatArray
    x1: FloatArray
    lane: IntArray
    row: IntArray
    y: FloatArray
    is_span: npt.NDArray[np.bool_]
    ids: IntArray
    colour: IntArray
    """Index into ``palette``."""
    room: FloatArray
    """x0 of the next event in the same lane and row (inf if none): room for a label."""
    x1_cummax: FloatArray
    """Running maximum of x1 inside each lane (monotone in each lane slice)."""
    palette: tuple[str, ...]
    lanes: tuple[LaneRows, ...]
    lane_offsets: IntArray
    bands: tuple[Band, ...]
    milestones: tuple[Milestone, ...]
    gaps: tuple[Gap, ...]
    x_min: float
    x_max: float
    height: float
    window: tuple[date, date] | None
    min_width_days: float
    gap_threshold_days: float
    source_lanes: tuple[Lane, ...] = field(repr=False, default=())
    source_events: tuple[TimelineEvent, ...] = field(repr=False, default=())
    source_bands: tuple[Band, ...] = field(repr=False, default=())
    source_milestones: tuple[Milestone, ...] = field(repr=False, default=())

    def __len__(self) -> int:
        return len(self.events)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(x_min, x_max, y_min, y_max) of everything drawn."""
        return (self.x_min, self.x_max, 0.0, self.height)

    @property
    def start(self) -> date:
        return from_x(self.x_min)

    @property
    def end(self) -> date:
        return from_x(self.x_max - 1.0)

    def lane_slice(self, lane: int) -> slice:
        return slice(int(self.lane_offsets[lane]), int(self.lane_offsets[lane + 1]))

    def indices_of(self, ids: Iterable[int]) -> IntArray:
        """Positions of the events with these ids (an id may appear in several lanes)."""
        wanted = np.fromiter(ids, dtype=np.int64)
        if wanted.size == 0 or self.ids.size == 0:
            return np.empty(0, dtype=np.int64)
        return np.flatnonzero(np.isin(self.ids, wanted)).astype(np.int64)

    def lane_at(self, y: float) -> int | None:
        """The lane whose rows contain ``y``, or None between lanes and outside."""
        for lane in self.lanes:
            if lane.y0 <= y < lane.y1:
                return lane.index
        return None

    def episode_band(self, key: str) -> Band | None:
        for band in self.bands:
            if band.key == key or (not band.key and band.title == key):
                return band
        return None

    def repacked(
        self, min_width_days: float, extra_width_days: FloatArray | None = None
    ) -> TimelineLayout:
        """The same events packed again with another minimum width, e.g. for a page.

        ``extra_width_days`` (one value per event) reserves room after each event, such
        as the width of its label at the scale it will be drawn.
        """
        rows = pack_rows(self.x0, self.x1, self.lane_offsets, min_width_days, extra_width_days)
        return _with_rows(self, rows, min_width_days)

    def with_rows(self, rows: IntArray, min_width_days: float | None = None) -> TimelineLayout:
        """The same events in other rows (from ``pack_rows`` or ``pack_intervals``)."""
        if rows.shape != self.x0.shape:
            raise ValueError("one row per event is needed")
        return _with_rows(
            self, rows, self.min_width_days if min_width_days is None else min_width_days
        )

    def restricted(
        self,
        *,
        window: tuple[date, date] | None = None,
        lane_keys: Sequence[str] | None = None,
    ) -> TimelineLayout:
        """The layout of the same input limited to a date window and/or some lanes."""
        lanes = self.source_lanes
        events: Iterable[TimelineEvent] = self.source_events
        if lane_keys is not None:
            keep = set(lane_keys)
            unknown = keep - {lane.key for lane in lanes}
            if unknown:
                raise ValueError(f"unknown lane(s): {', '.join(sorted(unknown))}")
            lanes = tuple(lane for lane in lanes if lane.key in keep)
            events = [e for e in self.source_events if e.lane in keep]
        return build_layout(
            events,
            lanes,
            self.source_bands,
            self.source_milestones,
            window=window if window is not None else self.window,
            min_width_days=self.min_width_days,
            gap_threshold_days=self.gap_threshold_days,
        )


def pack_rows(
    x0: FloatArray,
    x1: FloatArray,
    lane_offsets: IntArray,
    min_width_days: float,
    extra_width_days: FloatArray | None = None,
) -> IntArray:
    """Greedy interval packing, lowest free row first, in O(n log n) per lane.

    Arrays must be sorted by lane (slices given by ``lane_offsets``) and by x0 inside each
    lane. An event occupies ``[x0, max(x1, x0 + min_width_days) + extra)``.
    """
    ends = np.maximum(x1, x0 + max(min_width_days, 1e-6))
    if extra_width_days is not None:
        ends = ends + np.maximum(extra_width_days, 0.0)
    return _pack_sorted(x0, ends, lane_offsets)


def pack_intervals(starts: FloatArray, ends: FloatArray, lane_offsets: IntArray) -> IntArray:
    """Rows for intervals ``[starts, ends)`` grouped by lane but in any order inside a lane."""
    lane = np.repeat(np.arange(lane_offsets.size - 1), np.diff(lane_offsets))
    order = np.lexsort((starts, lane))
    rows = np.empty(starts.size, dtype=np.int64)
    rows[order] = _pack_sorted(starts[order], ends[order], lane_offsets)
    return rows


def _pack_sorted(starts: FloatArray, ends: FloatArray, lane_offsets: IntArray) -> IntArray:
    """The packing loop. Ends are rounded up and starts down to 1/64 day so that heap keys
    are plain integers (end * 2**24 + row)."""
    n = starts.size
    rows = np.zeros(n, dtype=np.int64)
    if n == 0:
        return rows
    scale = 64.0
    shift = 1 << 24
    base = math.floor(float(np.min(starts)) * scale)
    start_q = np.floor(starts * scale).astype(np.int64) - base
    end_q = np.ceil(ends * scale).astype(np.int64) - base
    # A row is free for an interval starting at s when its end <= s, i.e. key < (s+1)*shift.
    limit_key = ((start_q + 1) * shift).tolist()
    end_key = (end_q * shift).tolist()
    out = [0] * n
    heappush, heappop = heapq.heappush, heapq.heappop
    for lane in range(lane_offsets.size - 1):
        lo, hi = int(lane_offsets[lane]), int(lane_offsets[lane + 1])
        busy: list[int] = []
        free: list[int] = []
        nrows = 0
        for i in range(lo, hi):
            limit = limit_key[i]
            while busy and busy[0] < limit:
                heappush(free, heappop(busy) % shift)
            if free:
                r = heappop(free)
            else:
                r = nrows
                nrows += 1
            heappush(busy, end_key[i] + r)
            out[i] = r
    rows[:] = out
    return rows


def _lane_cummax(values: FloatArray, lane: IntArray) -> FloatArray:
    """Running maximum of ``values`` restarting at each lane (arrays sorted by lane)."""
    if values.size == 0:
        return values.copy()
    lo = float(np.min(values))
    span = float(np.max(values)) - lo + 1.0
    shifted = (values - lo) + lane.astype(np.float64) * span
    return np.maximum.accumulate(shifted) - lane.astype(np.float64) * span + lo


def _room(x0: FloatArray, lane: IntArray, row: IntArray) -> FloatArray:
    room = np.full(x0.size, np.inf)
    if x0.size < 2:
        return room
    order = np.lexsort((x0, row, lane))
    same = (lane[order[1:]] == lane[order[:-1]]) & (row[order[1:]] == row[order[:-1]])
    room[order[:-1][same]] = x0[order[1:]][same]
    return room


def _with_rows(layout: TimelineLayout, rows: IntArray, min_width_days: float) -> TimelineLayout:
    lanes, y = _lane_geometry(layout.lanes, layout.lane, rows, layout.lane_offsets)
    height = lanes[-1].y1 + LANE_PADDING / 2 if lanes else 1.0
    return replace(
        layout,
        row=rows,
        y=y,
        lanes=lanes,
        room=_room(layout.x0, layout.lane, rows),
        height=height,
        min_width_days=min_width_days,
    )


def _lane_geometry(
    lanes: Sequence[LaneRows | Lane],
    lane_index: IntArray,
    rows: IntArray,
    lane_offsets: IntArray,
) -> tuple[tuple[LaneRows, ...], FloatArray]:
    out: list[LaneRows] = []
    y0 = LANE_PADDING / 2
    for i, lane in enumerate(lanes):
        lo, hi = int(lane_offsets[i]), int(lane_offsets[i + 1])
        nrows = int(rows[lo:hi].max()) + 1 if hi > lo else 1
        out.append(LaneRows(i, lane.key, lane.title, lane.colour, nrows, y0, hi - lo))
        y0 += nrows + LANE_PADDING
    lane_y0 = np.array([lane.y0 for lane in out], dtype=np.float64)
    y = lane_y0[lane_index] + rows + 0.5 if lane_index.size else np.empty(0)
    return tuple(out), y


def _gaps(
    x0: FloatArray,
    x1_cummax: FloatArray,
    lane_offsets: IntArray,
    period: tuple[float, float] | None,
    threshold: float,
) -> tuple[Gap, ...]:
    gaps: list[Gap] = []
    for lane in range(lane_offsets.size - 1):
        lo, hi = int(lane_offsets[lane]), int(lane_offsets[lane + 1])
        starts = x0[lo:hi]
        cover_end = x1_cummax[lo:hi]
        if hi > lo:
            inner = np.flatnonzero(starts[1:] - cover_end[:-1] >= threshold)
            found = [(float(cover_end[k]), float(starts[k + 1])) for k in inner]
            if period is not None:
                if starts[0] - period[0] >= threshold:
                    found.insert(0, (period[0], float(starts[0])))
                if period[1] - cover_end[-1] >= threshold:
                    found.append((float(cover_end[-1]), period[1]))
        elif period is not None and period[1] - period[0] >= threshold:
            found = [period]
        else:
            found = []
        for a, b in found:
            if period is not None:
                a, b = max(a, period[0]), min(b, period[1])
            if b - a >= threshold:
                gaps.append(Gap(lane, a, b))
    return tuple(gaps)


def build_layout(
    events: Iterable[TimelineEvent],
    lanes: Sequence[Lane],
    bands: Iterable[Band] = (),
    milestones: Iterable[Milestone] = (),
    *,
    window: tuple[date, date] | None = None,
    min_width_days: float = 1.0,
    gap_threshold_days: float = DEFAULT_GAP_DAYS,
) -> TimelineLayout:
    """Lay out ``events`` in ``lanes`` (in the order given).

    Events whose lane is not among ``lanes`` get a grey lane of their own at the end.
    With ``window`` (inclusive days), only events, bands and milestones touching the
    window are kept, bands are clipped to it and the bounds are the window.

    Raises ValueError when an event's earliest date is after its latest date.
    """
    all_events = tuple(events)
    all_bands = tuple(bands)
    all_milestones = tuple(milestones)
    lane_list = list(lanes)
    lane_pos = {lane.key: i for i, lane in enumerate(lane_list)}
    if len(lane_pos) != len(lane_list):
        raise ValueError("two lanes have the same key")
    for ev in all_events:
        if ev.lane not in lane_pos:
            lane_pos[ev.lane] = len(lane_list)
            lane_list.append(Lane(ev.lane, ev.lane or "(no lane)", DEFAULT_LANE_COLOUR))

    n = len(all_events)
    early = np.fromiter((e.earliest.toordinal() for e in all_events), np.int64, n)
    late = np.fromiter((e.latest.toordinal() for e in all_events), np.int64, n)
    bad = np.flatnonzero(early > late)
    if bad.size:
        ev = all_events[int(bad[0])]
        raise ValueError(
            f"event {ev.id} ({ev.date_text!r}): earliest date {ev.earliest} "
            f"is after latest date {ev.latest}"
        )
    x0 = (early - EPOCH_ORDINAL).astype(np.float64)
    x1 = (late - EPOCH_ORDINAL).astype(np.float64) + 1.0
    lane = np.fromiter((lane_pos[e.lane] for e in all_events), np.int64, n)
    # Attributes are read in input order (reading them in sorted order is much slower).
    ids = np.fromiter((e.id for e in all_events), np.int64, n)
    precision_day = np.fromiter((e.precision == "day" for e in all_events), np.bool_, n)
    palette: list[str] = [lane.colour for lane in lane_list]
    palette_pos = {c: i for i, c in enumerate(palette)}
    colour = lane.copy()
    for k, e in enumerate(all_events):
        if e.colour:
            if e.colour not in palette_pos:
                palette_pos[e.colour] = len(palette)
                palette.append(e.colour)
            colour[k] = palette_pos[e.colour]

    if window is not None:
        w0, w1 = window
        if w0 > w1:
            raise ValueError(f"the window starts ({w0}) after it ends ({w1})")
        wx0, wx1 = to_x(w0), to_x(w1) + 1.0
        keep = np.flatnonzero((x1 > wx0) & (x0 < wx1))
        all_bands_kept = [
            replace(b, start=max(b.start, w0), end=min(b.end, w1))
            for b in all_bands
            if b.x1 > wx0 and b.x0 < wx1
        ]
        milestones_kept = [m for m in all_milestones if m.day <= w1 and (m.end or m.day) >= w0]
    else:
        keep = np.arange(n)
        all_bands_kept = list(all_bands)
        milestones_kept = list(all_milestones)

    x0, x1, lane = x0[keep], x1[keep], lane[keep]
    order = np.lexsort((x0 - x1, x0, lane))
    keep = keep[order]
    x0, x1, lane = x0[order], x1[order], lane[order]
    ids, precision_day, colour = ids[keep], precision_day[keep], colour[keep]
    kept = tuple(all_events[i] for i in keep.tolist())

    lane_offsets = np.searchsorted(lane, np.arange(len(lane_list) + 1)).astype(np.int64)
    rows = pack_rows(x0, x1, lane_offsets, min_width_days)
    lane_rows, y = _lane_geometry(lane_list, lane, rows, lane_offsets)
    height = lane_rows[-1].y1 + LANE_PADDING / 2 if lane_rows else 1.0

    is_span = (~precision_day) | (x1 - x0 > 1.0)

    x1_cummax = _lane_cummax(x1, lane)
    if window is not None:
        x_min, x_max = to_x(window[0]), to_x(window[1]) + 1.0
    else:
        xs = [float(x0.min()), float(x1.max())] if x0.size else []
        xs += [b.x0 for b in all_bands_kept] + [b.x1 for b in all_bands_kept]
        xs += [m.x for m in milestones_kept] + [m.x_end for m in milestones_kept if m.x_end]
        if xs:
            x_min, x_max = math.floor(min(xs)), math.ceil(max(xs))
            x_max = max(x_max, x_min + 1.0)
        else:
            x_min, x_max = to_x(date(2000, 1, 1)), to_x(date(2001, 1, 1))

    scope = next((b for b in all_bands_kept if b.kind == "scope"), None)
    if scope is not None:
        period: tuple[float, float] | None = (scope.x0, scope.x1)
    elif window is not None:
        period = (x_min, x_max)
    else:
        period = None
    gaps = _gaps(x0, x1_cummax, lane_offsets, period, gap_threshold_days)

    return TimelineLayout(
        events=kept,
        x0=x0,
        x1=x1,
        lane=lane,
        row=rows,
        y=y,
        is_span=is_span,
        ids=ids,
        colour=colour,
        room=_room(x0, lane, rows),
        x1_cummax=x1_cummax,
        palette=tuple(palette),
        lanes=lane_rows,
        lane_offsets=lane_offsets,
        bands=tuple(all_bands_kept),
        milestones=tuple(milestones_kept),
        gaps=gaps,
        x_min=float(x_min),
        x_max=float(x_max),
        height=float(height),
        window=window,
        min_width_days=min_width_days,
        gap_threshold_days=gap_threshold_days,
        source_lanes=tuple(lane_list),
        source_events=all_events,
        source_bands=all_bands,
        source_milestones=all_milestones,
    )
