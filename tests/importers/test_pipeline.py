"""The import pipeline: mapping and profiles, dates, validation, quarantine, provenance,
subjects, accounting and all-or-nothing writing."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select, text

from tests.importers.fixtures import write_csv, write_docx, write_xlsx
from workbench.core.commands import CommandStack
from workbench.core.model import (
    Agency,
    Event,
    MappingProfile,
    Person,
    QuarantinedRow,
    Review,
    SourceFile,
)
from workbench.core.quarantine import ReleaseQuarantinedRow
from workbench.core.search import search_event_ids
from workbench.core.store import ReviewStore
from workbench.importers.errors import ImportFileError
from workbench.importers.headers import Field
from workbench.importers.pipeline import (
    ImportCancelled,
    commit_import,
    find_profile,
    import_file,
    parse_cell_date_time,
    prepare_import,
)

HEADER = ["Ref", "Date", "Time", "Subject(s)", "Event", "Action / outcome"]


@pytest.fixture
def review(store: ReviewStore) -> ReviewStore:
    with store.transaction() as s:
        r = s.scalars(select(Review)).one()
        r.scope_start, r.scope_end = date(2015, 1, 1), date(2016, 12, 31)
        s.add(
            Person(
                real_name="Callum Reyes",
                pseudonym="Child Z",
                aliases="CZ",
                date_of_birth=date(2002, 2, 9),
            )
        )
        s.add(Person(real_name="Dana Reyes", pseudonym="Mother", aliases="M"))
        s.add(Person(real_name="Liam Thorne", pseudonym="YPA", date_of_birth=date(1997, 1, 14)))
    return store


def _events(store: ReviewStore) -> list[Event]:
    with store.session() as s:
        return list(s.scalars(select(Event).order_by(Event.source_row)))


# -- dates --------------------------------------------------------------------------------

DATE_FORMS = [
    ("22/05/2016", "2016-05-22", "2016-05-22", "day"),
    ("22.05.16", "2016-05-22", "2016-05-22", "day"),
    ("22-May-16", "2016-05-22", "2016-05-22", "day"),
    ("22 May 2016", "2016-05-22", "2016-05-22", "day"),
    ("05/06/2016", "2016-06-05", "2016-06-05", "day"),  # day first, always
    ("2013", "2013-01-01", "2013-12-31", "year"),
    ("Nov 2015", "2015-11-01", "2015-11-30", "month"),
    ("spring 2015", "2015-03-01", "2015-05-31", "season"),
    ("June 10-24 2016", "2016-06-10", "2016-06-24", "range"),
    ("w/c 10/06/2016", "2016-06-10", "2016-06-16", "week"),
    ("c. 2005", "2005-01-01", "2005-12-31", "year"),
    ("?22/05/2016", "2016-05-22", "2016-05-22", "day"),
    ("aged 7 and a half", "2004-07-14", "2005-01-13", "range"),
]


def test_every_date_form_of_the_primer_through_a_csv(review: ReviewStore, tmp_path: Path) -> None:
    rows = [HEADER] + [
        [n, form, None, "YPA", f"Event {n}", None] for n, (form, *_rest) in enumerate(DATE_FORMS, 1)
    ]
    summary = import_file(review, write_csv(tmp_path / "dates.csv", rows), "Police")
    assert summary["quarantined"] == 0 and summary["imported"] == len(DATE_FORMS)
    got = {e.date_text: e for e in _events(review)}
    for form, earliest, latest, precision in DATE_FORMS:
        event = got[form]
        assert (str(event.date_earliest), str(event.date_latest), event.date_precision) == (
            earliest,
            latest,
            precision,
        ), form
    assert got["?22/05/2016"].date_doubtful and got["c. 2005"].date_approximate


def test_excel_dates_serials_and_years(review: ReviewStore, tmp_path: Path) -> None:
    path = write_xlsx(
        tmp_path / "typed.xlsx",
        {
            "Chronology": [
                HEADER,
                [1, date(2016, 5, 22), None, "Child Z", "A date cell", None],
                [2, datetime(2016, 5, 23, 14, 30), None, "Child Z", "A date-time cell", None],
                [3, 42514, None, "Child Z", "A serial in a General cell", None],
                [4, 42514.75, None, "Child Z", "A serial with a time", None],
                [5, 2015, None, "Child Z", "A year typed as a number", None],
                [6, 1234, None, "Child Z", "A number that is no date", None],
                [7, date(2016, 5, 25), time(9, 5), "Child Z", "A time cell", None],
            ]
        },
    )
    summary = import_file(review, path, "Police")
    assert (summary["imported"], summary["quarantined"]) == (6, 1)
    by_ref = {e.source_ref: e for e in _events(review)}
    assert str(by_ref["1"].date_earliest) == "2016-05-22" and by_ref["1"].time is None
    assert (str(by_ref["2"].date_earliest), by_ref["2"].time) == ("2016-05-23", "14:30")
    assert str(by_ref["3"].date_earliest) == "2016-05-24" and by_ref["3"].date_precision == "day"
    assert (str(by_ref["4"].date_earliest), by_ref["4"].time) == ("2016-05-24", "18:00")
    assert (by_ref["5"].date_text, by_ref["5"].date_precision) == ("2015", "year")
    assert by_ref["7"].time == "09:05"
    assert "1234" in summary["quarantine"][0]["reason"]


def test_a_serial_written_as_text_is_read_with_a_warning(
    review: ReviewStore, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "s.csv", [HEADER, [1, "42514", None, "", "Visit", None]])
    summary = import_file(review, path, "Police")
    assert summary["imported"] == 1
    assert "Excel date serial" in summary["warning_list"][0]["warning"]
    assert str(_events(review)[0].date_earliest) == "2016-05-24"


@pytest.mark.parametrize("bad", ["31/02/2016", "13/13/2016", "05/22/2016", "May-16", "soon"])
def test_an_unreadable_date_is_never_guessed(review: ReviewStore, tmp_path: Path, bad: str) -> None:
    path = write_csv(tmp_path / "bad.csv", [HEADER, [1, bad, None, "", "Visit", None]])
    summary = import_file(review, path, "Police")
    assert (summary["imported"], summary["quarantined"]) == (0, 1)
    assert bad in summary["quarantine"][0]["reason"]
    assert _events(review) == []


def test_parse_cell_date_time_refuses_times_and_booleans() -> None:
    from workbench.core.dates import DateParseError

    with pytest.raises(DateParseError):
        parse_cell_date_time(time(10, 0))
    with pytest.raises(DateParseError):
        parse_cell_date_time(True)
    fuzzy, clock, _ = parse_cell_date_time("22/05/2016 14:30")
    assert (str(fuzzy.earliest), clock) == ("2016-05-22", "14:30")


# -- validation, quarantine, accounting ---------------------------------------------------


def _messy_rows() -> list[list[object]]:
    return [
        ["Children's Services chronology", None, None, None, None, None],
        [None, None, None, None, None, None],
        HEADER,
        [1, "01/03/2015", "09:00", "Child Z", "Home visit", "None"],
        [None, None, None, None, None, None],
        ["2016", "2016", "2016", "2016", "2016", "2016"],  # a merged heading row
        [2, "", None, "Child Z", "No date on this one", None],
        [3, "31/02/2016", None, "Child Z", "Impossible date", None],
        [4, "02/03/2016", None, "Child Z", "", None],
        [5, "01/03/2016", None, "Child Z", "Earlier than the row above", None],
        [6, "01/03/2016", None, "Child Z", "Earlier than the row above", None],
        [7, "2014", None, "Child Z", "Before the scope", None],
        [8, "01/01/2099", None, "Child Z", "In the future", None],
        [9, "02/03/2016", "25:99", "Child Z", "Bad time", None],
        HEADER,
        [None, None, None, None, "Note: no contact between March and June 2016", None],
    ]


def test_messy_file_every_row_accounted_for(review: ReviewStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "messy.csv", _messy_rows())
    summary = import_file(review, path, "Children's Services")
    assert summary["rows_read"] == 16
    assert summary["accounted"] is True
    assert summary["imported"] + summary["quarantined"] + summary["skipped"] == 16
    assert summary["accounting"] == "16 rows read = 6 imported + 3 quarantined + 7 skipped"
    reasons = {q["row"]: q["reason"] for q in summary["quarantine"]}
    assert reasons[7] == "no date"
    assert "31/02/2016" in reasons[8] and "29 days" in reasons[8]
    assert reasons[9] == "no event text"
    skipped = {s["row"]: s["reason"] for s in summary["skipped_rows"]}
    assert skipped == {
        1: "title or preamble above the header",
        2: "title or preamble above the header",
        3: "header row",
        5: "blank row",
        6: "heading: 2016",
        15: "header row repeated",
        16: "author's note, not an event",
    }
    warnings = {(w["row"], w["warning"]) for w in summary["warning_list"]}
    assert (12, "out of order (earlier than the row above)") in warnings
    assert (11, "exact duplicate of another row") in warnings
    assert (12, "before the review's scope") in warnings
    assert (13, "after the review's scope") in warnings and (13, "in the future") in warnings
    assert any(r == 14 and "25:99" in w for r, w in warnings)
    with review.session() as s:
        rows = list(s.scalars(select(QuarantinedRow).order_by(QuarantinedRow.row_number)))
        assert [q.row_number for q in rows] == [7, 8, 9]
        cells = json.loads(rows[1].cells_json)
        assert cells["Date"] == "31/02/2016" and cells["Event"] == "Impossible date"
        assert "could not be read" in json.loads(rows[1].reasons_json)[0]


def test_released_row_joins_the_chronology_with_its_provenance(
    review: ReviewStore, tmp_path: Path
) -> None:
    import_file(review, write_csv(tmp_path / "messy.csv", _messy_rows()), "Police")
    with review.session() as s:
        row = s.scalars(select(QuarantinedRow).where(QuarantinedRow.row_number == 8)).one()
    CommandStack(review).push(
        ReleaseQuarantinedRow(row.id, date_text="29/02/2016", text="Impossible date")
    )
    with review.session() as s:
        event = s.scalars(select(Event).where(Event.date_text == "29/02/2016")).one()
        assert (event.source_row, event.source_file.file_name) == (8, "messy.csv")


def test_header_with_no_rows_is_an_error(review: ReviewStore, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", {"Sheet1": [HEADER, [None] * 6]})
    with pytest.raises(ImportFileError, match="header but no rows"):
        import_file(review, path, "Police")
    assert _events(review) == []


# -- mapping and profiles -----------------------------------------------------------------


def test_mapping_is_suggested_and_can_be_changed(review: ReviewStore, tmp_path: Path) -> None:
    rows = [
        ["Date", "Synopsis", "Event", "Who"],
        ["01/03/2016", "The real event text", "Internal code 7", "Child Z"],
    ]
    path = write_csv(tmp_path / "odd.csv", rows)
    prepared = prepare_import(review, path, "Police")
    assert prepared.mapping == {0: Field.DATE, 1: Field.IGNORE, 2: Field.EVENT, 3: Field.SUBJECTS}
    assert prepared.mapping_source == "detected"
    changed = {0: Field.DATE, 1: Field.EVENT, 2: Field.SOURCE_RECORD, 3: Field.SUBJECTS}
    prepared = prepare_import(review, path, "Police", mapping=changed)
    commit_import(review, prepared, save_profile="Police export")
    event = _events(review)[0]
    assert (event.text, event.source_reference) == ("The real event text", "Internal code 7")


def test_profile_is_saved_per_agency_and_reused_for_the_next_file(
    review: ReviewStore, tmp_path: Path
) -> None:
    first = write_csv(
        tmp_path / "one.csv",
        [
            ["Date", "Synopsis", "Event", "Who"],
            ["01/03/2016", "First synopsis", "Code 1", "Child Z"],
        ],
    )
    mapping = {0: Field.DATE, 1: Field.EVENT, 2: Field.SOURCE_RECORD, 3: Field.SUBJECTS}
    commit_import(
        review,
        prepare_import(review, first, "Police", mapping=mapping),
        save_profile="Police export",
    )
    with review.session() as s:
        profile = find_profile(s, "Police")
        assert profile is not None and profile.name == "Police export"
        assert find_profile(s, "Health") is None
    # The next file from the same agency: columns in another order, one more column.
    second = write_csv(
        tmp_path / "two.csv",
        [
            ["Who", "Event", "Date", "Synopsis", "Team"],
            ["Mother", "Code 2", "02/03/2016", "Second synopsis", "East"],
        ],
    )
    prepared = prepare_import(review, second, "Police")
    assert prepared.mapping_source == "profile 'Police export'"
    assert prepared.mapping[3] is Field.EVENT and prepared.mapping[1] is Field.SOURCE_RECORD
    assert prepared.mapping[4] is Field.IGNORE
    commit_import(review, prepared)
    assert _events(review)[1].text == "Second synopsis"
    # Another agency's file is not mapped with the police profile.
    other = prepare_import(
        review,
        write_csv(
            tmp_path / "three.csv", [["Date", "Synopsis", "Event"], ["03/03/2016", "x", "Code 3"]]
        ),
        "Health",
    )
    assert other.mapping_source == "detected" and other.mapping[2] is Field.EVENT
    with review.session() as s:
        assert len(s.scalars(select(MappingProfile)).all()) == 1
    with pytest.raises(ImportFileError, match="no mapping profile 'Nope'"):
        prepare_import(review, tmp_path / "three.csv", "Police", profile="Nope")


def test_mapping_without_a_date_column_is_refused(review: ReviewStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "m.csv", [["Date", "Event"], ["01/03/2016", "Visit"]])
    with pytest.raises(ImportFileError, match="no date column"):
        prepare_import(review, path, "Police", mapping={0: Field.IGNORE, 1: Field.EVENT})


def test_header_row_chosen_by_the_user(review: ReviewStore, tmp_path: Path) -> None:
    rows = [["When", "Narrative"], ["Datum", "Text"], ["01/03/2016", "Visit"]]
    path = write_csv(tmp_path / "h.csv", rows)
    prepared = prepare_import(
        review, path, "Police", header_row=1, mapping={0: Field.DATE, 1: Field.EVENT}
    )
    assert prepared.counts == {"imported": 1, "quarantined": 0, "skipped": 2}
    assert prepared.rows[0].reasons == ["title or preamble above the header"]


# -- provenance ---------------------------------------------------------------------------


def test_original_bytes_kept_and_each_event_knows_its_origin(
    review: ReviewStore, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "police.xlsx",
        {
            "Notes": [["Read me"]],
            "Chronology": [
                HEADER,
                [1, date(2016, 5, 1), None, "Child Z", "Visit", None],
                [2, date(2016, 5, 2), None, "Child Z", "Call", None],
            ],
        },
    )
    summary = import_file(review, path, "Police", location="Chronology")
    data = path.read_bytes()
    assert summary["source_sha256"] == hashlib.sha256(data).hexdigest()
    with review.session() as s:
        source = s.scalars(select(SourceFile)).one()
        assert source.content == data and source.sha256 == summary["source_sha256"]
        events = list(s.scalars(select(Event).order_by(Event.id)))
        assert [(e.source_file_id, e.source_location, e.source_row) for e in events] == [
            (source.id, "Chronology", 2),
            (source.id, "Chronology", 3),
        ]
        assert all(e.submitted_text == e.text for e in events)


def test_the_same_bytes_are_refused_with_a_clear_message(
    review: ReviewStore, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", [HEADER, [1, "01/03/2016", None, "", "Visit", None]])
    import_file(review, path, "Police")
    copy = tmp_path / "renamed copy.csv"
    copy.write_bytes(path.read_bytes())
    with pytest.raises(ImportFileError) as info:
        import_file(review, copy, "Health")
    message = str(info.value)
    assert message.startswith("renamed copy.csv: this exact file was already imported for Police")
    assert "'a.csv'" in message and "\n" not in message
    assert len(_events(review)) == 1


def test_word_table_location_recorded(review: ReviewStore, tmp_path: Path) -> None:
    path = write_docx(tmp_path / "cs.docx", [[HEADER, [1, "01/03/2016", "", "", "Visit", ""]]])
    import_file(review, path, "Children's Services")
    assert _events(review)[0].source_location == "Table 1"


# -- subjects -----------------------------------------------------------------------------


def test_subjects_matched_unknown_listed_and_added(review: ReviewStore, tmp_path: Path) -> None:
    rows = [
        HEADER,
        [1, "01/03/2016", None, "Child Z; Mother", "Visit", None],
        [2, "02/03/2016", None, "CZ/M", "Call", None],
        [3, "03/03/2016", None, "YPA & Gran", "Meeting", None],
        [4, "04/03/2016", None, "Uncle Joe, Gran", "Letter", None],
    ]
    path = write_csv(tmp_path / "s.csv", rows)
    prepared = prepare_import(review, path, "Police")
    assert prepared.unknown_subjects == ["Gran", "Uncle Joe"]
    commit_import(review, prepared, add_subjects=["Gran"])
    with review.session() as s:
        names = {
            e.source_ref: sorted(p.display_name for p in e.subjects)
            for e in s.scalars(select(Event))
        }
        gran = s.scalars(select(Person).where(Person.real_name == "Gran")).one()
        assert "agency chronology" in gran.notes
    assert names == {
        "1": ["Child Z", "Mother"],
        "2": ["Child Z", "Mother"],
        "3": ["Gran", "YPA"],
        "4": ["Gran"],
    }


# -- all or nothing -----------------------------------------------------------------------


def _digest(path: Path) -> dict[str, str]:
    con = sqlite3.connect(path)
    try:
        out = {}
        for table in (
            "event",
            "source_file",
            "quarantined_row",
            "event_subject",
            "agency",
            "mapping_profile",
            "event_fts",
        ):
            rows = con.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            out[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
        out["triggers"] = repr(
            con.execute(
                "SELECT name, sql FROM sqlite_master WHERE type='trigger' ORDER BY name"
            ).fetchall()
        )
        return out
    finally:
        con.close()


def test_an_error_while_writing_leaves_the_review_as_it_was(
    review: ReviewStore, tmp_path: Path
) -> None:
    import_file(
        review,
        write_csv(tmp_path / "first.csv", [HEADER, [1, "01/03/2016", None, "", "Visit one", None]]),
        "Police",
    )
    before = _digest(review.path)
    rows = [HEADER] + [
        [n, "02/03/2016", None, "Child Z", f"Row {n}", None] for n in range(1, 12_001)
    ]
    path = write_csv(tmp_path / "big.csv", rows)
    prepared = prepare_import(review, path, "Police")

    def failing(done: int, total: int) -> None:
        if done >= 5000:
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        commit_import(review, prepared, progress=failing, snapshot=False)
    assert _digest(review.path) == before
    # The search trigger is back: an ordinary edit is still indexed.
    with review.transaction() as s:
        agency = s.scalars(select(Agency)).first()
        s.add(Event(agency_id=agency.id, date_text="2016", text="zebra crossing"))
    with review.session() as s:
        assert len(search_event_ids(s, "zebra")) == 1


def test_cancel_before_writing_changes_nothing(review: ReviewStore, tmp_path: Path) -> None:
    before = _digest(review.path)
    path = write_csv(tmp_path / "c.csv", [HEADER, [1, "01/03/2016", None, "", "Visit", None]])
    with pytest.raises(ImportCancelled):
        import_file(review, path, "Police", cancelled=lambda: True)
    assert _digest(review.path) == before


def test_imported_events_are_searchable(review: ReviewStore, tmp_path: Path) -> None:
    rows = [
        HEADER,
        [1, "01/03/2016", None, "", "Strategy discussion held", "Referral"],
        [2, "02/03/2016", None, "", "Home visit", "Nothing"],
    ]
    import_file(review, write_csv(tmp_path / "f.csv", rows), "Police")
    with review.session() as s:
        hits = search_event_ids(s, "strategy")
        assert len(hits) == 1 and s.get(Event, hits[0]).source_ref == "1"
        assert len(search_event_ids(s, "referral")) == 1
        fts_rows = s.execute(text("SELECT count(*) FROM event_fts")).scalar()
        assert fts_rows == 2


def test_progress_is_reported_while_validating_and_writing(
    review: ReviewStore, tmp_path: Path
) -> None:
    rows = [HEADER] + [[n, "02/03/2016", None, "", f"Row {n}", None] for n in range(1, 12_001)]
    calls: list[tuple[int, int]] = []
    import_file(
        review,
        write_csv(tmp_path / "p.csv", rows),
        "Police",
        progress=lambda d, t: calls.append((d, t)),
    )
    reading = [c for c in calls if c[1] == 3]
    validating = [c for c in calls if c[1] == 12_001]
    writing = [c for c in calls if c[1] == 16_000]  # the rows, then their indexing
    assert reading == [(1, 3), (2, 3), (3, 3)]
    assert len(validating) >= 6 and validating[-1] == (12_001, 12_001)
    assert [d for d, _ in writing] == [5000, 10_000, 12_000, 16_000]
    assert calls.index(reading[-1]) < calls.index(validating[0])
