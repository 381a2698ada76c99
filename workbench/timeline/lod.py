"""Level of detail: which events are visible in an x range, and per-lane density.

Both questions are answered with ``np.searchsorted`` on arrays sorted once per lane, so
their cost depends on the number of lanes and bins, not on the number of events:

* visible items in ``[xa, xb)`` of a lane are those with ``x0 < xb`` and ``x1 > xa``. In a
  lane slice sorted by x0, the running maximum of x1 is monotone, so the first candidate
  is found by bisection on it and the last by bisection on x0;
* the number of events touching bin ``[e_j, e_j+1)`` is
  ``#(x0 < e_j+1) - #(x1 <= e_j)``, two bisections per bin edge on x0 and on sorted x1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from workbench.timeline.layout import TimelineLayout

ITEM_LIMIT = 5000
"""Above this many visible events a view draws per-lane density instead of items."""

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, eq=False)
class LodIndex:
    """Per-lane sorted arrays of a layout, or of a subset of its events."""

    layout: TimelineLayout
    index: IntArray
    """Positions in the layout's arrays, sorted by lane then x0."""
    x0: FloatArray
    x1: FloatArray
    x1_cummax: FloatArray
    x1_sorted: FloatArray
    """x1 sorted inside each lane slice."""
    offsets: IntArray

    @classmethod
    def build(cls, layout: TimelineLayout, subset: npt.NDArray[np.int64] | None = None) -> LodIndex:
        """Index all events of ``layout``, or only those at positions ``subset``."""
        n_lanes = len(layout.lanes)
        if subset is None:
            index = np.arange(len(layout), dtype=np.int64)
            x0 = layout.x0
            x1_cummax = layout.x1_cummax
            offsets = layout.lane_offsets
        else:
            index = np.unique(np.asarray(subset, dtype=np.int64))  # sorted = layout order
            x0 = layout.x0[index]
            offsets = np.searchsorted(layout.lane[index], np.arange(n_lanes + 1)).astype(np.int64)
            x1_cummax = np.empty(index.size)
            x1 = layout.x1[index]
            for lane in range(n_lanes):
                lo, hi = int(offsets[lane]), int(offsets[lane + 1])
                if hi > lo:
                    x1_cummax[lo:hi] = np.maximum.accumulate(x1[lo:hi])
        x1_all = layout.x1[index]
        lane_of = layout.lane[index]
        x1_sorted = x1_all[np.lexsort((x1_all, lane_of))] if index.size else x1_all
        return cls(layout, index, x0, x1_all, x1_cummax, x1_sorted, offsets)

    @property
    def n_lanes(self) -> int:
        return int(self.offsets.size - 1)

    def candidate_range(self, lane: int, xa: float, xb: float) -> tuple[int, int]:
        """Bounds ``[lo, hi)`` (into this index) holding every event of ``lane`` touching
        ``[xa, xb)``; events inside may still end before ``xa``."""
        lo_l, hi_l = int(self.offsets[lane]), int(self.offsets[lane + 1])
        if hi_l == lo_l:
            return lo_l, lo_l
        lo = lo_l + int(np.searchsorted(self.x1_cummax[lo_l:hi_l], xa, side="right"))
        hi = lo_l + int(np.searchsorted(self.x0[lo_l:hi_l], xb, side="left"))
        return lo, max(lo, hi)

    def count_visible(
        self,
        xa: float,
        xb: float,
        lanes: Iterable[int] | None = None,
        stop_above: int | None = None,
    ) -> int:
        """How many events touch ``[xa, xb)`` in ``lanes`` (all by default).

        With ``stop_above``, counting stops as soon as the total exceeds it, so deciding
        the level of detail costs at most about ``stop_above`` comparisons per lane.
        """
        total = 0
        for lane in lanes if lanes is not None else range(self.n_lanes):
            lo, hi = self.candidate_range(lane, xa, xb)
            if stop_above is not None:
                # Events starting inside the window are certainly visible.
                lo_in = int(self.offsets[lane]) + int(
                    np.searchsorted(self.x0[self.offsets[lane] : hi], xa, side="left")
                )
                if total + (hi - lo_in) > stop_above:
                    return total + (hi - lo_in)
            total += int(np.count_nonzero(self.x1[lo:hi] > xa))
            if stop_above is not None and total > stop_above:
                return total
        return total

    def visible(self, lane: int, xa: float, xb: float) -> IntArray:
        """Layout positions of the events of ``lane`` touching ``[xa, xb)``, by x0."""
        lo, hi = self.candidate_range(lane, xa, xb)
        return self.index[lo:hi][self.x1[lo:hi] > xa]

    def density(self, xa: float, xb: float, nbins: int) -> npt.NDArray[np.int64]:
        """Events touching each of ``nbins`` equal bins of ``[xa, xb)``, per lane.

        Returns an array of shape ``(n_lanes, nbins)``.
        """
        nbins = max(1, int(nbins))
        edges = np.linspace(xa, xb, nbins + 1)
        out = np.zeros((self.n_lanes, nbins), dtype=np.int64)
        for lane in range(self.n_lanes):
            lo, hi = int(self.offsets[lane]), int(self.offsets[lane + 1])
            if hi == lo:
                continue
            started = np.searchsorted(self.x0[lo:hi], edges[1:], side="left")
            ended = np.searchsorted(self.x1_sorted[lo:hi], edges[:-1], side="right")
            out[lane] = started - ended
        return out


def density_reference(counts: npt.NDArray[np.int64]) -> float:
    """The count drawn at full height: the 99th percentile of the non-empty bins, so one
    burst does not flatten everything else."""
    nonzero = counts[counts > 0]
    if nonzero.size == 0:
        return 1.0
    return max(float(np.percentile(nonzero, 99)), 1.0)


def density_heights(counts: npt.NDArray[np.int64], reference: float | None = None) -> FloatArray:
    """Bar heights in [0, 1] for density counts: the square root of the count relative to
    ``reference`` (default: ``density_reference(counts)``), at least 0.08 when not empty."""
    out = np.zeros(counts.shape, dtype=np.float64)
    if not np.any(counts > 0):
        return out
    ref = density_reference(counts) if reference is None else max(reference, 1.0)
    out = np.sqrt(np.minimum(counts / ref, 1.0))
    out[counts > 0] = np.maximum(out[counts > 0], 0.08)  # one event stays visible
    return out


def choose_mode(visible: int, limit: int = ITEM_LIMIT) -> str:
    """ "items" when few enough events are visible to draw one by one, else "density"."""
    return "items" if visible <= limit else "density"


def hit_test(
    index: LodIndex,
    x: float,
    y: float,
    tolerance_days: float,
) -> int | None:
    """Layout position of the event drawn nearest to ``(x, y)``, or None.

    A point is hit within ``tolerance_days`` of its centre, a span anywhere between its
    ends (with the same tolerance); the row must be the one containing ``y``.
    """
    layout = index.layout
    lane = layout.lane_at(y)
    if lane is None:
        return None
    row = int(y - layout.lanes[lane].y0)
    cand = index.visible(lane, x - tolerance_days, x + tolerance_days)
    cand = cand[layout.row[cand] == row]
    if cand.size == 0:
        return None
    x0, x1, span = layout.x0[cand], layout.x1[cand], layout.is_span[cand]
    outside = np.maximum(np.maximum(x0 - x, x - x1), 0.0)
    # Points win over a span under them: they are drawn on top.
    dist = np.where(span, outside + tolerance_days * 0.01, np.abs(x0 + 0.5 - x))
    best = int(np.argmin(dist))
    if dist[best] > tolerance_days * 1.01:
        return None
    return int(cand[best])
