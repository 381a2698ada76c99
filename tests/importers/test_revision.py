"""A revised submission from the same agency: the difference shown, then applied without
losing what the panel attached to the events that did not change."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.importers.fixtures import write_csv
from workbench.core.model import (
    Annotation,
    Corroboration,
    Event,
    Finding,
    Person,
    QuarantinedRow,
    SourceFile,
    Tag,
    event_tag,
    finding_event,
)
from workbench.core.search import search_event_ids
from workbench.core.store import ReviewStore
from workbench.importers.errors import ImportFileError
from workbench.importers.pipeline import import_file, prepare_import
from workbench.importers.revision import apply_revision, diff_revision

HEADER = ["Ref", "Date", "Subject(s)", "Event", "Outcome"]
FIRST = [
    HEADER,
    [1, "01/03/2016", "Child Z", "Home visit, Child Z seen alone", "No action"],
    [2, "02/03/2016", "Child Z", "School reported lateness", "Letter"],
    [3, "03/03/2016", "Mother", "Mother phoned about rent arrears", "Advice"],
    [4, "04/03/2016", "Child Z", "Strategy discussion held", "S.47"],
    [5, "05/03/2016", "Child Z", "GP appointment missed", ""],
    [6, "06/03/2016", "Mother", "Housing officer visit", ""],
    [7, "31/02/2016", "Child Z", "Row with an impossible date", ""],
]
REVISED = [
    HEADER,
    [1, "01/03/2016", "Child Z", "Home visit, Child Z seen alone", "No action"],
    # Ref 2: the agency corrected the text (no reviewer edit): updated in place.
    [2, "02/03/2016", "Child Z", "School reported lateness on three days", "Letter"],
    # Ref 3: the agency changed the text the reviewer had edited: a conflict.
    [3, "03/03/2016", "Mother", "Mother phoned about rent arrears of £400", "Advice"],
    [4, "04/03/2016", "Child Z; Mother", "Strategy discussion held", "S.47"],
    # Ref 5 (no attachments) and Ref 6 (annotated) withdrawn.
    [7, "29/02/2016", "Child Z", "Row with an impossible date", ""],
    [8, "07/03/2016", "Child Z", "Child protection conference", "CP plan"],
]


@pytest.fixture
def review(store: ReviewStore, tmp_path: Path) -> ReviewStore:
    with store.transaction() as s:
        s.add(Person(real_name="Callum Reyes", pseudonym="Child Z"))
        s.add(Person(real_name="Dana Reyes", pseudonym="Mother"))
    import_file(store, write_csv(tmp_path / "v1.csv", FIRST), "Children's Services")
    return store


def _ids(store: ReviewStore) -> dict[str, int]:
    with store.session() as s:
        return {e.source_ref: e.id for e in s.scalars(select(Event))}


def _panel_work(store: ReviewStore) -> dict[str, int]:
    """Annotate, tag, link and edit some events as a reviewer would."""
    ids = _ids(store)
    with store.transaction() as s:
        s.add(Annotation(event_id=ids["1"], body="Good practice: seen alone"))
        s.add(Annotation(event_id=ids["6"], body="Why no follow-up?"))
        tag = Tag(name="missed opportunity")
        s.add(tag)
        s.flush()
        s.execute(event_tag.insert().values(event_id=ids["4"], tag_id=tag.id))
        finding = Finding(title="Late strategy discussions")
        s.add(finding)
        s.flush()
        s.execute(finding_event.insert().values(finding_id=finding.id, event_id=ids["4"]))
        s.get(Event, ids["3"]).text = "Mother phoned about rent arrears (reviewer's wording)"
    return ids


def test_the_difference_is_shown_before_anything_changes(
    review: ReviewStore, tmp_path: Path
) -> None:
    _panel_work(review)
    prepared = prepare_import(
        review, write_csv(tmp_path / "v2.csv", REVISED), "Children's Services", revises=True
    )
    assert prepared.previous_file == "v1.csv"
    # The old events are not counted as duplicates of the revised rows.
    assert not any("duplicate" in w for r in prepared.rows for w in r.warnings)
    diff = diff_revision(review, prepared)
    kinds = {(i.kind, i.row.values.source_ref if i.row else i.old["ref"]) for i in diff.items}
    assert kinds == {
        ("unchanged", "1"),
        ("changed", "2"),
        ("changed", "3"),
        ("changed", "4"),
        ("removed", "5"),
        ("removed", "6"),
        ("added", "7"),  # its earlier row was quarantined, never an event
        ("added", "8"),
    }
    changed = {i.old["ref"]: i for i in diff.changed}
    assert set(changed["2"].changes) == {"text"} and changed["2"].conflicts == []
    assert changed["3"].conflicts == ["text"]
    assert set(changed["4"].changes) == {"subjects_text"}
    summary = diff.summary()
    assert (summary["added"], summary["changed"], summary["unchanged"]) == (2, 3, 1)
    with review.session() as s:
        assert len(s.scalars(select(Event)).all()) == 6  # nothing applied yet


def test_applying_keeps_annotations_links_and_tags(review: ReviewStore, tmp_path: Path) -> None:
    ids = _panel_work(review)
    with review.session() as s:
        first_source = s.scalars(select(SourceFile)).one().id
    prepared = prepare_import(
        review, write_csv(tmp_path / "v2.csv", REVISED), "Children's Services", revises=True
    )
    summary = apply_revision(review, prepared)
    revision = summary["revision"]
    assert (revision["added"], revision["changed"], revision["unchanged"]) == (2, 3, 1)
    assert (revision["removed"], revision["kept"], revision["conflicts"]) == (1, 1, 1)
    kept = [i for i in revision["items"] if i.get("kept")]
    assert kept[0]["event_id"] == ids["6"] and kept[0]["kept"] == "1 annotation"
    with review.session() as s:
        new_source = s.scalars(select(SourceFile).where(SourceFile.id != first_source)).one()
        assert new_source.supersedes_id == first_source
        events = {e.id: e for e in s.scalars(select(Event))}
        # Unchanged: same id, annotation kept, provenance from the new file.
        e1 = events[ids["1"]]
        assert e1.annotations[0].body == "Good practice: seen alone"
        assert (e1.source_file_id, e1.source_row) == (new_source.id, 2)
        # Changed without a reviewer edit: the agency's new text.
        e2 = events[ids["2"]]
        assert e2.text == e2.submitted_text == "School reported lateness on three days"
        # Changed after a reviewer edit: the reviewer's text stays, the agency's is submitted.
        e3 = events[ids["3"]]
        assert e3.text == "Mother phoned about rent arrears (reviewer's wording)"
        assert e3.submitted_text == "Mother phoned about rent arrears of £400"
        assert e3.agency_text_edited
        # Changed subjects: tag and finding kept, both people linked.
        e4 = events[ids["4"]]
        assert [t.name for t in e4.tags] == ["missed opportunity"]
        assert [f.title for f in e4.findings] == ["Late strategy discussions"]
        assert sorted(p.display_name for p in e4.subjects) == ["Child Z", "Mother"]
        # Removed: deleted when nothing is attached, kept (old provenance) when annotated.
        assert ids["5"] not in events
        assert events[ids["6"]].source_file_id == first_source
        added = [e for e in events.values() if e.source_ref in ("7", "8")]
        assert sorted(e.date_text for e in added) == ["07/03/2016", "29/02/2016"]
        # The earlier file's waiting quarantine row is replaced by the revision.
        old_row = s.scalars(select(QuarantinedRow)).one()
        assert old_row.status == "dismissed" and "v2.csv" in old_row.reasons_json
        stored = json.loads(new_source.summary_json)
        assert stored["revision"]["added"] == 2
    with review.session() as s:
        assert search_event_ids(s, "conference")  # added rows are searchable
        assert search_event_ids(s, "three days")  # changed text re-indexed
        assert not search_event_ids(s, "GP appointment")  # deleted


def test_rows_without_refs_are_matched_by_date_and_similar_text(
    review: ReviewStore, tmp_path: Path
) -> None:
    first = [
        ["Date", "Event"],
        ["01/04/2016", "Police attended the address after a 999 call"],
        ["02/04/2016", "Neighbour reported shouting"],
        ["03/04/2016", "Letter to mother"],
    ]
    import_file(review, write_csv(tmp_path / "p1.csv", first), "Police")
    with review.session() as s:
        attended = s.scalars(select(Event).where(Event.date_text == "01/04/2016")).one().id
    with review.transaction() as s:
        s.add(Annotation(event_id=attended, body="Seen by two officers"))
    second = [
        ["Date", "Event"],
        ["01/04/2016", "Police attended the address after a 999 call from a neighbour"],
        ["02/04/2016", "Neighbour reported shouting"],
        ["05/04/2016", "Letter to mother"],
    ]  # a corrected date
    prepared = prepare_import(
        review, write_csv(tmp_path / "p2.csv", second), "Police", revises=True
    )
    diff = diff_revision(review, prepared)
    assert sorted(i.kind for i in diff.items) == ["changed", "changed", "unchanged"]
    apply_revision(review, prepared)
    with review.session() as s:
        event = s.get(Event, attended)
        assert event.text.endswith("from a neighbour") and event.annotations
        assert s.scalars(select(Event).where(Event.date_text == "05/04/2016")).one()


def _digest(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        rows = [
            con.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall()
            for t in (
                "event",
                "source_file",
                "quarantined_row",
                "annotation",
                "event_fts",
                "event_subject",
            )
        ]
        rows.append(con.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall())
        return hashlib.sha256(repr(rows).encode()).hexdigest()
    finally:
        con.close()


def test_a_failed_revision_changes_nothing(review: ReviewStore, tmp_path: Path) -> None:
    _panel_work(review)
    before = _digest(review.path)
    rows = REVISED + [[100 + n, "08/03/2016", "Child Z", f"Extra {n}", ""] for n in range(6000)]
    prepared = prepare_import(
        review, write_csv(tmp_path / "v2.csv", rows), "Children's Services", revises=True
    )

    def fail(done: int, total: int) -> None:
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError, match="power cut"):
        apply_revision(review, prepared, progress=fail, snapshot=False)
    assert _digest(review.path) == before


def test_a_revision_needs_an_earlier_submission(store: ReviewStore, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="no earlier submission"):
        prepare_import(store, write_csv(tmp_path / "x.csv", FIRST), "Police", revises=True)


def test_a_confirmed_corroboration_keeps_a_withdrawn_event(
    review: ReviewStore, tmp_path: Path
) -> None:
    ids = _ids(review)
    import_file(
        review,
        write_csv(
            tmp_path / "pol.csv",
            [["Date", "Event"], ["05/03/2016", "GP appointment missed, police told"]],
        ),
        "Police",
    )
    with review.session() as s:
        police = (
            s.scalars(select(Event).where(Event.date_text == "05/03/2016", Event.id != ids["5"]))
            .one()
            .id
        )
    with review.transaction() as s:
        s.add(
            Corroboration(
                event_a_id=min(ids["5"], police),
                event_b_id=max(ids["5"], police),
                status="confirmed",
                score=0.9,
            )
        )
    prepared = prepare_import(
        review, write_csv(tmp_path / "v2.csv", REVISED), "Children's Services", revises=True
    )
    summary = apply_revision(review, prepared)
    kept = {i["event_id"]: i["kept"] for i in summary["revision"]["items"] if i.get("kept")}
    assert kept[ids["5"]] == "1 corroboration"
