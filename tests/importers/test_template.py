"""The blank chronology template: written, filled in by an agency, read back."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.importers.fixtures import fill_cell
from workbench.importers.headers import Field, detect_header
from workbench.importers.readers import read_table
from workbench.importers.template import TEMPLATE_COLUMNS, TEMPLATE_HEADERS, write_template

SUBJECTS = ["Child Z", "Mother (YPA)", "Stepfather, Mr B"]
FILLED = [
    [
        1,
        date(2015, 3, 2),
        time(9, 30),
        "CN-101",
        "Social worker",
        "Child Z",
        "Home visit, child seen alone",
        "Referral to CAMHS",
        "Good practice",
    ],
    [
        1.5,
        "spring 2015",
        None,
        "Email",
        "PA",
        "Child Z; Mother (YPA)",
        "Call about housing",
        "Housing contacted",
        "Delay",
    ],
    [
        2,
        "?22/05/2016",
        time(14, 0),
        "CN-140",
        "GP",
        "Mother (YPA)",
        "Seen at surgery",
        "Follow-up booked",
        "Missed opportunity",
    ],
]
EXPECTED_FIELDS = [
    Field.SEQUENCE,
    Field.DATE,
    Field.TIME,
    Field.SOURCE_RECORD,
    Field.PRACTITIONER,
    Field.SUBJECTS,
    Field.EVENT,
    Field.OUTCOME,
    Field.ANALYSIS,
]


def test_canonical_headers() -> None:
    assert TEMPLATE_HEADERS == (
        "Ref",
        "Date",
        "Time",
        "Source record",
        "Practitioner",
        "Subject(s)",
        "Event",
        "Action / outcome",
        "Agency analysis",
    )
    assert [c[1] for c in TEMPLATE_COLUMNS] == EXPECTED_FIELDS


def test_xlsx_template_layout(tmp_path: Path) -> None:
    path = tmp_path / "police.xlsx"
    write_template(path, subjects=SUBJECTS, agency="Police", review_title="Case Z")

    book = load_workbook(path)
    assert book.sheetnames == ["Chronology", "Instructions"]
    sheet = book["Chronology"]
    assert sheet["A1"].value == "Agency chronology: Police"
    assert sheet["A2"].value == "Review: Case Z"
    assert [c.value for c in sheet[4]] == list(TEMPLATE_HEADERS)
    assert sheet.freeze_panes == "A5"
    assert sheet.column_dimensions["B"].number_format == "dd/mm/yyyy"
    assert sheet.column_dimensions["G"].width == 60

    rules = {dv.type: dv for dv in sheet.data_validations.dataValidation}
    assert set(rules) == {"custom", "list"}
    assert "ISTEXT" in (rules["custom"].formula1 or "")
    assert "B5" in str(rules["custom"].sqref)
    assert rules["list"].formula1 == "=Subjects"
    assert "F5" in str(rules["list"].sqref)
    assert not rules["list"].showErrorMessage  # free text allowed

    names = book.defined_names["Subjects"]
    target_sheet, cells = next(iter(names.destinations))
    assert target_sheet == "Instructions"
    listed = [c.value for row in book["Instructions"][cells.replace("$", "")] for c in row]
    assert listed == SUBJECTS

    instructions = " ".join(
        str(c.value) for row in book["Instructions"].iter_rows() for c in row if c.value
    )
    assert "one row per contact" in instructions.lower()
    assert "spring 2015" in instructions and "?22/05/2016" in instructions


def test_filled_xlsx_template_reads_back_fully_mapped(tmp_path: Path) -> None:
    path = tmp_path / "police.xlsx"
    write_template(path, subjects=SUBJECTS, agency="Police")
    book = load_workbook(path)
    sheet = book["Chronology"]
    for r, row in enumerate(FILLED, 5):
        for c, value in enumerate(row, 1):
            if value is not None:
                sheet.cell(r, c, value)
    book.save(path)

    table = read_table(path)
    guess = detect_header(table)

    assert table.location == "Chronology"
    assert guess.confidence == 1.0
    assert [guess.mapping[i] for i in range(len(TEMPLATE_HEADERS))] == EXPECTED_FIELDS
    data = table.rows[guess.header_index + 1 :]
    assert data == FILLED
    assert table.row_numbers[guess.header_index + 1] == 5


def test_filled_docx_template_reads_back_fully_mapped(tmp_path: Path) -> None:
    path = tmp_path / "health.docx"
    write_template(path, subjects=SUBJECTS, agency="Health", review_title="Case Z")
    document = Document(str(path))
    assert len(document.tables) == 1
    table = document.tables[0]
    header_tr = table.rows[0]._tr
    assert header_tr.trPr is not None
    assert header_tr.trPr.xpath("./w:tblHeader")  # repeats on each page
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Agency chronology: Health" in text
    assert "Stepfather, Mr B" in text and "spring 2015" in text

    for r, row in enumerate(FILLED, 1):
        for c, value in enumerate(row):
            if value is not None:
                fill_cell(table.cell(r, c), value)
    document.save(str(path))

    raw = read_table(path)
    guess = detect_header(raw)

    assert guess.confidence == 1.0
    assert [guess.mapping[i] for i in range(len(TEMPLATE_HEADERS))] == EXPECTED_FIELDS
    assert raw.rows[1][:3] == ["1", "02/03/2015", "09:30"]
    assert raw.rows[2][1] == "spring 2015"
    assert raw.rows[3][5] == "Mother (YPA)"
    assert raw.repeated_header_rows == []


def test_template_without_subjects_or_titles(tmp_path: Path) -> None:
    write_template(tmp_path / "t.xlsx", subjects=[])
    book = load_workbook(tmp_path / "t.xlsx")
    assert book["Chronology"]["A1"].value == "Agency chronology"
    assert [dv.type for dv in book["Chronology"].data_validations.dataValidation] == ["custom"]
    write_template(tmp_path / "t.docx", subjects=[])
    assert detect_header(read_table(tmp_path / "t.docx")).confidence == 1.0


def test_template_rejects_other_formats(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.xlsx or \.docx"):
        write_template(tmp_path / "t.csv", subjects=["Child Z"])
