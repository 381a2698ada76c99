"""Files an agency might plausibly send, built the way their software writes them (not
the way the importer would like them): every date right, every row accounted for."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select

from tests.importers.fixtures import add_table, fill_cell, mark_header_row, write_ods, write_xls
from workbench.core.model import Event, Person, QuarantinedRow
from workbench.core.store import ReviewStore
from workbench.importers.pipeline import import_file


@pytest.fixture
def review(store: ReviewStore) -> ReviewStore:
    with store.transaction() as s:
        s.add(Person(real_name="Callum Reyes", pseudonym="Child Z", aliases="CZ"))
        s.add(Person(real_name="Dana Reyes", pseudonym="Mother", aliases="M; Mum"))
    return store


def _by_row(store: ReviewStore) -> dict[int, Event]:
    with store.session() as s:
        return {e.source_row: e for e in s.scalars(select(Event))}


def _check_accounting(summary: dict, rows_read: int) -> None:
    assert summary["rows_read"] == rows_read
    assert summary["imported"] + summary["quarantined"] + summary["skipped"] == rows_read
    assert summary["accounted"] is True


def test_police_workbook_with_mixed_dates_titles_notes_and_totals(
    review: ReviewStore, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "PPU extract"
    sheet["A1"] = "Northshire Police - Public Protection Unit"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:G1")
    sheet["A2"] = "Chronology prepared for the review panel, 14/09/2016. OFFICIAL-SENSITIVE"
    sheet.merge_cells("A2:G2")
    header = [
        "Entry No.",
        "Date of contact",
        "Time",
        "Officer",
        "Persons involved",
        "Details",
        "Notes",
    ]
    sheet.append([])
    sheet.append(header)  # row 4
    rows = [
        [1, datetime(2016, 6, 1), time(10, 30), "PC 1187", "Child Z", "Welfare check", None],
        [2, "14.06.16", "1430hrs", "DC 4471", "Mother", "Call from Mother", "see log 88"],
        [3, "3rd June 2016", None, "PC 1187", "Child Z; Mum", "Visit to the home", None],
        [4, 42534, None, "PC 2290", "CZ", "Serial number in a General cell", None],
        [5, "w/c 13/06/2016", None, "PC 1187", "Child Z", "Patrol passes", None],
        [None, None, None, None, None, None, None],
        [6, "June 2016", None, "Analyst", "Child Z", "Intelligence report", None],
        [7, "12/6/16", "9.15", "PC 1187", "Child Z", "Short date", None],
        [8, "?20/06/2016", None, "PC 1187", "Child Z", "Doubtful date", None],
        [None, None, None, None, None, "No contact 21/06/2016 - 30/06/2016", None],
        [9, "31/06/2016", None, "PC 1187", "Child Z", "A date that does not exist", None],
        ["Total entries", None, None, None, None, None, 9],
    ]
    for row in rows:
        sheet.append(row)
    sheet["B5"].number_format = "dd/mm/yyyy"
    path = tmp_path / "PPU chronology FINAL v2.xlsx"
    book.save(path)

    summary = import_file(review, path, "Northshire Police")
    _check_accounting(summary, 16)
    assert summary["imported"] == 8 and summary["quarantined"] == 1
    events = _by_row(review)
    expected = {
        5: ("2016-06-01", "2016-06-01", "10:30"),
        6: ("2016-06-14", "2016-06-14", "14:30"),
        7: ("2016-06-03", "2016-06-03", None),
        8: ("2016-06-13", "2016-06-13", None),
        9: ("2016-06-13", "2016-06-19", None),
        11: ("2016-06-01", "2016-06-30", None),
        12: ("2016-06-12", "2016-06-12", "09:15"),
        13: ("2016-06-20", "2016-06-20", None),
    }
    for row, (earliest, latest, clock) in expected.items():
        e = events[row]
        assert (str(e.date_earliest), str(e.date_latest), e.time) == (earliest, latest, clock), row
    assert events[13].date_doubtful
    assert events[6].text == "Call from Mother\nsee log 88"  # the notes column is kept
    with review.session() as s:
        subjects = s.get(Event, events[7].id).subjects
        assert [p.display_name for p in subjects] == ["Child Z", "Mother"]
    skipped = {s["row"]: s["reason"] for s in summary["skipped_rows"]}
    assert skipped[1].startswith("title") and skipped[4] == "header row"
    assert skipped[10] == "blank row"
    assert skipped[14] == "author's note, not an event"
    assert skipped[16] == "totals row, not an event"
    assert summary["quarantine"] == [
        {
            "row": 15,
            "reason": "date '31/06/2016' could not be read: 31/06/2016 is not a real "
            "date: June 2016 has 30 days",
        }
    ]


def test_word_document_with_a_table_per_year(review: ReviewStore, tmp_path: Path) -> None:
    from docx import Document

    header = ["Date", "Source", "Subject", "Contact / event", "Outcome"]
    document = Document()
    document.add_heading("Children's Services chronology: Child Z", level=1)
    document.add_paragraph("Prepared by the Head of Service. Entries are in date order.")
    years = {
        "2015": [
            [
                "3rd March 2015",
                "Case note",
                "Child Z",
                "Referral received from school.\nConcerns about attendance and hunger.",
                "Allocated",
            ],
            ["12.05.15", "Case note", "Mother", "Home visit; Mother not in.", "Letter left"],
            ["summer 2015", "Archive", "Child Z", "Summer holiday scheme place offered.", ""],
        ],
        "2016": [
            ["Jan 2016", "Case note", "Child Z", "Case closed to early help.", ""],
            ["22/05/2016", "Case note", "Child Z", "Strategy discussion.\n\nS.47 agreed.", "S.47"],
        ],
    }
    for year, rows in years.items():
        document.add_heading(year, level=2)
        table = add_table(document, [header, *rows])
        mark_header_row(table.rows[0])
        document.add_paragraph("")
    path = tmp_path / "CSC chronology.docx"
    document.save(str(path))

    summary = import_file(review, path, "Children's Services")
    _check_accounting(summary, 7)
    assert summary["location"] == "Tables 1, 2"
    assert (summary["imported"], summary["quarantined"], summary["skipped"]) == (5, 0, 2)
    assert {s["reason"] for s in summary["skipped_rows"]} == {"header row", "header row repeated"}
    events = sorted(_by_row(review).values(), key=lambda e: e.source_row)
    assert [e.date_text for e in events] == [
        "3rd March 2015",
        "12.05.15",
        "summer 2015",
        "Jan 2016",
        "22/05/2016",
    ]
    assert [str(e.date_earliest) for e in events] == [
        "2015-03-03",
        "2015-05-12",
        "2015-06-01",
        "2016-01-01",
        "2016-05-22",
    ]
    assert events[0].text == "Referral received from school.\nConcerns about attendance and hunger."
    assert events[4].outcome == "S.47"
    assert {e.source_location for e in events} == {"Tables 1, 2"}


def test_semicolon_csv_with_a_bom_from_a_european_locale(
    review: ReviewStore, tmp_path: Path
) -> None:
    lines = [
        "Date;Time;Client;Description of contact;Worker",
        '22.05.2016;09:00;Child Z;"Seen at clinic; weight 38,5 kg";Nurse',
        '23.05.2016;;Mother;"Phoned: ""can\'t cope""\r\nReferred to £50 hardship fund";Nurse',
        ";;;;",
        "24.05.2016;;Child Z;Letter sent;",
    ]
    path = tmp_path / "health visiting export.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    summary = import_file(review, path, "Health")
    _check_accounting(summary, 5)
    events = _by_row(review)
    assert sorted(events) == [2, 3, 5]
    assert events[2].text == "Seen at clinic; weight 38,5 kg" and events[2].time == "09:00"
    assert events[3].text == 'Phoned: "can\'t cope"\nReferred to £50 hardship fund'
    assert str(events[5].date_earliest) == "2016-05-24"
    assert any("semicolons" in n for n in summary["notes"])


def test_windows_1252_csv_saved_by_excel(review: ReviewStore, tmp_path: Path) -> None:
    text = (
        "Date,Who,What happened\r\n"
        "3/6/2016,Mum,Mum’s benefit sanction – £73 a week lost\r\n"
        "4/6/2016,Child Z,Child Z’s school place confirmed\r\n"
    )
    path = tmp_path / "housing.csv"
    path.write_bytes(text.encode("cp1252"))
    summary = import_file(review, path, "Housing")
    _check_accounting(summary, 3)
    events = _by_row(review)
    assert str(events[2].date_earliest) == "2016-06-03"  # day first: 3 June
    assert events[2].text == "Mum’s benefit sanction – £73 a week lost"


def test_old_xls_and_an_ods_with_typed_dates(review: ReviewStore, tmp_path: Path) -> None:
    rows = [
        ["Date", "Time", "Subject", "Event"],
        [date(2016, 2, 1), time(8, 0), "Child Z", "Typed date"],
        [datetime(2016, 2, 2, 17, 45), None, "Mother", "Typed date and time"],
        ["Feb 2016", None, "Mother", "Month as text"],
    ]
    xls = import_file(review, write_xls(tmp_path / "edu.xls", {"Sheet1": rows}), "Education")
    ods = import_file(review, write_ods(tmp_path / "edu.ods", {"Sheet1": rows}), "School nurse")
    for summary in (xls, ods):
        _check_accounting(summary, 4)
        assert summary["imported"] == 3
    with review.session() as s:
        got = sorted(
            (e.agency.name, str(e.date_earliest), e.time or "", e.date_precision)
            for e in s.scalars(select(Event))
        )
    for agency in ("Education", "School nurse"):
        assert (agency, "2016-02-01", "08:00", "day") in got
        assert (agency, "2016-02-02", "17:45", "day") in got
        assert (agency, "2016-02-01", "", "month") in got


def test_a_file_of_notes_and_headings_only_is_fully_accounted_for(
    review: ReviewStore, tmp_path: Path
) -> None:
    from docx import Document

    document = Document()
    table = document.add_table(rows=4, cols=3)
    for c, name in enumerate(["Date", "Event", "Outcome"]):
        fill_cell(table.cell(0, c), name)
    fill_cell(table.cell(1, 0), "Historic information")
    table.cell(1, 0).merge(table.cell(1, 2))
    fill_cell(table.cell(2, 1), "Note: no involvement with the family before 2016.")
    fill_cell(table.cell(3, 1), "Date unknown: a letter is on file")
    path = tmp_path / "notes.docx"
    document.save(str(path))
    summary = import_file(review, path, "GP")
    _check_accounting(summary, 4)
    assert summary["quarantined"] == 1 and summary["imported"] == 0
    with review.session() as s:
        row = s.scalars(select(QuarantinedRow)).one()
        assert row.row_number == 4 and "no date" in row.reasons_json
