"""Loading the timeline from a review: the Case Z demo, then its export for June 2016."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest
from defusedxml import ElementTree
from sqlalchemy import func, select

from workbench.core.model import Agency, Event, KeyPracticeEpisode
from workbench.core.store import ReviewStore
from workbench.timeline.layout import build_layout
from workbench.timeline.render import export_timeline
from workbench.timeline.source import (
    count_unplaced,
    export_review_timeline,
    load_episodes,
    load_timeline,
)


def test_agency_lanes_bands_and_incident(demo_file: Path) -> None:
    with ReviewStore.open(demo_file, read_only=True) as store, store.session() as s:
        events, lanes, bands, milestones = load_timeline(s)
        dated = s.scalar(
            select(func.count()).select_from(Event).where(Event.date_earliest.is_not(None))
        )
        agencies = [a for a in s.scalars(select(Agency).order_by(Agency.sort_order)) if a.events]
        n_episodes = s.scalar(select(func.count()).select_from(KeyPracticeEpisode))
        unplaced = count_unplaced(s)
    assert len(events) == dated
    assert unplaced >= 0
    assert [lane.title for lane in lanes] == [a.name for a in agencies]
    assert [lane.colour for lane in lanes] == [a.colour for a in agencies]  # as in the table
    # Agencies with no chronology (the board, SARC) have no empty lane.
    assert "Norfolk Safeguarding Children Board" not in [lane.title for lane in lanes]
    scope = [b for b in bands if b.kind == "scope"]
    assert len(scope) == 1 and scope[0].start <= date(2016, 6, 16) <= scope[0].end
    assert 0 < len([b for b in bands if b.kind == "episode"]) <= n_episodes
    incident = [m for m in milestones if m.title.startswith("Incident")]
    assert incident and incident[0].day == date(2016, 6, 16)
    assert incident[0].end == date(2016, 6, 19)
    assert all(e.earliest <= e.latest for e in events)
    assert any(e.date_text == "Nov 2015" and e.precision != "day" for e in events)


def test_subject_and_finding_lanes(demo_file: Path) -> None:
    with ReviewStore.open(demo_file, read_only=True) as store, store.session() as s:
        by_subject, subject_lanes, _, _ = load_timeline(s, lanes="subject")
        by_finding, finding_lanes, _, _ = load_timeline(s, lanes="finding")
        with pytest.raises(ValueError, match="unknown lane mode"):
            load_timeline(s, lanes="colour")
    keys = {lane.key for lane in subject_lanes}
    assert {e.lane for e in by_subject} <= keys
    assert any(lane.title == "Child Z" for lane in subject_lanes)
    assert all(e.agency for e in by_subject)  # the tooltip still names the agency
    assert finding_lanes and {e.lane for e in by_finding} <= {lane.key for lane in finding_lanes}


def test_window_and_redaction(demo_file: Path) -> None:
    window = (date(2016, 6, 1), date(2016, 6, 30))
    with ReviewStore.open(demo_file, read_only=True) as store, store.session() as s:
        events, *_ = load_timeline(s, window=window)
        shouted, *_ = load_timeline(s, window=window, redact=str.upper)
        episodes = load_episodes(s)
    assert events and all(e.earliest <= window[1] and e.latest >= window[0] for e in events)
    assert all(a.label.upper() == b.label for a, b in zip(events, shouted, strict=True))
    assert episodes and all(ep.start <= ep.end and ep.event_ids for ep in episodes)


def test_june_2016_export_of_the_demo(demo_file: Path, tmp_path: Path) -> None:
    window = (date(2016, 6, 1), date(2016, 6, 30))
    with ReviewStore.open(demo_file, read_only=True) as store, store.session() as s:
        events, lanes, bands, milestones = load_timeline(s)
    layout = build_layout(events, lanes, bands, milestones)
    out = export_timeline(layout, tmp_path / "june.svg", window=window)
    root = ElementTree.parse(out).getroot()
    texts = ["".join(el.itertext()) for el in root.iter() if el.tag.endswith("text")]
    june = [e for e in events if e.earliest <= window[1] and e.latest >= window[0]]
    shown = [e for e in june if any(t and e.label.startswith(t.rstrip("…")) for t in texts)]
    # Every event of June 2016 is labelled on an A4 landscape page.
    assert len(shown) == len(june)
    assert any(t.startswith("Incident") for t in texts)


def test_export_review_timeline(demo_file: Path, tmp_path: Path) -> None:
    out = export_review_timeline(
        demo_file, tmp_path / "z.pdf", start=date(2016, 5, 1), end=date(2016, 7, 31)
    )
    assert out.read_bytes().startswith(b"%PDF")
    png = export_review_timeline(demo_file, tmp_path / "z.png", lanes="subject", dpi=72)
    assert png.stat().st_size > 1000
    with pytest.raises(ValueError, match="after"):
        export_review_timeline(
            demo_file, tmp_path / "x.pdf", start=date(2016, 7, 1), end=date(2016, 6, 1)
        )
    assert np.isfinite(out.stat().st_size)
