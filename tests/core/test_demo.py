"""The Case Z demo review, built through the import pipeline and the model."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from workbench.core.model import Event, Finding, Recommendation, ResearchQuestion, SourceFile
from workbench.core.queries import review_info
from workbench.core.store import ReviewStore
from workbench.demo import demo_dir


def test_demo_counts(demo_file: Path) -> None:
    with ReviewStore.open(demo_file, read_only=True) as store, store.session() as s:
        info = review_info(s)
    assert info["research_questions"] == 4
    assert info["lessons"] == 6
    assert info["recommendations"] == 11
    assert info["quarantined"] == 0
    assert info["sources"] == 7
    assert info["events"] >= 140


def test_every_seed_event_is_in_the_demo(demo_file: Path) -> None:
    """One event for each dated event of the seed's narrative (listed in seed_events.json)."""
    seed = json.loads((demo_dir() / "seed_events.json").read_text(encoding="utf-8"))
    with ReviewStore.open(demo_file, read_only=True) as store, store.session() as s:
        events = [
            (e.agency.short_name, e.date_text, e.text.casefold()) for e in s.scalars(select(Event))
        ]
    missing = [
        (agency, date_text, keyword)
        for agency, date_text, keyword in seed
        if not any(
            (agency is None or a == agency) and d == date_text and keyword.casefold() in t
            for a, d, t in events
        )
    ]
    assert missing == []
    assert len(seed) >= 30


def test_demo_nothing_lost(demo_file: Path) -> None:
    """Every row of every agency file is accounted for: imported, quarantined or skipped."""
    with ReviewStore.open(demo_file, read_only=True) as store, store.session() as s:
        for source in s.scalars(select(SourceFile)):
            summary = json.loads(source.summary_json)
            assert summary["accounted"] is True
            assert (
                summary["imported"] + summary["quarantined"] + summary["skipped"]
                == summary["rows_read"]
            )
            assert source.content == (demo_dir() / source.file_name).read_bytes()


def test_demo_dates_as_written(demo_file: Path) -> None:
    with ReviewStore.open(demo_file, read_only=True) as store, store.session() as s:
        by_text = {e.date_text: e for e in s.scalars(select(Event))}
    spring = by_text["spring 2015"]
    assert (spring.date_precision, str(spring.date_earliest), str(spring.date_latest)) == (
        "season",
        "2015-03-01",
        "2015-05-31",
    )
    june = by_text["June 10-24 2016"]
    assert (str(june.date_earliest), str(june.date_latest)) == ("2016-06-10", "2016-06-24")
    assert by_text["?22/05/2016"].date_doubtful
    assert by_text["c. 2005"].date_approximate
    age = by_text["aged 7 and a half"]
    assert age.date_earliest is not None and age.date_earliest.year == 2004


def test_demo_analysis_is_linked(demo_file: Path) -> None:
    with ReviewStore.open(demo_file, read_only=True) as store, store.session() as s:
        for q in s.scalars(select(ResearchQuestion)):
            assert q.findings, f"research question {q.number} has findings"
        for f in s.scalars(select(Finding)):
            assert f.events, f"finding {f.title!r} has evidence"
        recs = list(s.scalars(select(Recommendation)))
        assert {r.scope for r in recs} == {"multi_agency", "single_agency"}
        for r in recs:
            assert r.findings and r.targets and r.actions
        assert any(e.is_milestone for e in s.scalars(select(Event)))
