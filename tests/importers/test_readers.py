"""Readers: CSV, xlsx/xlsm/xls/ods through calamine, docx tables, and unreadable files."""

from __future__ import annotations

import time as clock
from datetime import date, datetime, time
from pathlib import Path

import pytest
from docx import Document

from tests.importers.fixtures import (
    AGENCY_HEADER,
    HEADER,
    add_table,
    csv_text,
    docx_with_body,
    fill_cell,
    mark_header_row,
    sample_rows,
    write_csv,
    write_docx,
    write_encrypted_ooxml,
    write_ods,
    write_ole2,
    write_xls,
    write_xlsx,
)
from workbench.importers.errors import ImportFileError
from workbench.importers.headers import Field, detect_header, is_heading_row
from workbench.importers.readers import (
    SUPPORTED_SUFFIXES,
    RawTable,
    open_workbook,
    read_rows,
    read_table,
)
from workbench.importers.safety import Limits

TEXTS = ["Mum’s café visit", "cost £5", "Zoë said “no”"]


# ---------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "bom", "reported"),
    [
        ("utf-8", False, "utf-8"),
        ("utf-8", True, "utf-8-sig"),
        ("utf-16-le", True, "utf-16"),
        ("utf-16-be", True, "utf-16"),
        ("cp1252", False, "cp1252"),
    ],
)
def test_csv_encodings_keep_special_characters(
    tmp_path: Path, encoding: str, bom: bool, reported: str
) -> None:
    rows = [["Date", "Event", "Outcome"], ["22/05/2016", *TEXTS[:2]], ["23/05/2016", TEXTS[2], ""]]
    path = write_csv(tmp_path / "chron.csv", rows, encoding=encoding, bom=bom)

    table = read_table(path)

    assert table.rows[1] == ["22/05/2016", "Mum’s café visit", "cost £5"]
    assert table.rows[2] == ["23/05/2016", "Zoë said “no”", None]
    assert table.location is None
    assert table.source_name == "chron.csv"
    book = open_workbook(path)
    assert (book.kind, book.locations, book.encoding) == ("csv", ["CSV"], reported)


def test_csv_short_windows_1252_file(tmp_path: Path) -> None:
    # Short Windows-1252 files are where automatic detection guesses wrong most often.
    path = tmp_path / "c.csv"
    path.write_bytes("Ref|Date|Event\n1|2015|£ é ’\n".encode("cp1252"))
    assert read_table(path).rows[1] == ["1", "2015", "£ é ’"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_csv_delimiters_are_sniffed(tmp_path: Path, delimiter: str) -> None:
    rows = [
        ["Date", "Event", "Outcome"],
        ["22/05/2016", "Visit, child seen; notes made | filed", "None"],
        ["23/05/2016", "Call", "Referral"],
        ["24/05/2016", "Letter", ""],
    ]
    path = write_csv(tmp_path / "chron.csv", rows, delimiter=delimiter)
    table = read_table(path)
    assert table.rows[1] == ["22/05/2016", "Visit, child seen; notes made | filed", "None"]
    assert table.rows[3] == ["24/05/2016", "Letter", None]
    assert all(len(r) == 3 for r in table.rows)


def test_csv_quoted_cells_with_commas_and_line_breaks(tmp_path: Path) -> None:
    text = (
        "Agency chronology: Police\r\n"
        "\r\n"
        "Date,Event,Outcome\r\n"
        '22/05/2016,"Visit, with ""quotes""\r\nand a second line",Done\r\n'
        "23/05/2016,Call,\r\n"
    )
    path = tmp_path / "chron.csv"
    path.write_text(text, encoding="utf-8", newline="")

    table = read_table(path)

    assert table.rows[3] == ["22/05/2016", 'Visit, with "quotes"\nand a second line', "Done"]
    # Record numbers, not line numbers: the quoted line break does not count.
    assert table.row_numbers == [1, 2, 3, 4, 5]
    assert table.rows[1] == [None, None, None]  # blank row kept, padded
    assert table.rows[0] == ["Agency chronology: Police", None, None]
    assert detect_header(table).header_index == 2


def test_csv_field_size_limit_names_the_row(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(f"Date,Event\n1/1/2015,ok\n2/1/2015,{'x' * 5000}\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as info:
        read_table(path, limits=Limits(max_csv_field=1000))
    assert "row 3" in str(info.value)
    assert str(info.value).startswith("long.csv: ")
    # The process-wide csv limit is restored afterwards.
    import csv

    assert csv.field_size_limit() != 1000


def test_csv_row_limit(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["Date", "Event"]] + [["1/1/2015", "x"]] * 20)
    with pytest.raises(ImportFileError, match="more than 10 rows"):
        read_table(path, limits=Limits(max_rows=10))


def test_text_file_named_xls_is_read_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text(csv_text([["Date", "Event"], ["1/1/2015", "Visit"]]), encoding="utf-8")
    table = read_table(path)
    assert table.rows == [["Date", "Event"], ["1/1/2015", "Visit"]]
    assert any("named .xls" in n for n in table.notes)


# ---------------------------------------------------------------------------------------
# Spreadsheets
# ---------------------------------------------------------------------------------------


def _typed_sheet() -> list[list[object]]:
    return [
        ["Chronology of Police contacts"],
        [],
        HEADER,
        [
            1,
            date(2015, 3, 2),
            time(9, 30),
            "CN-1  ",
            "PA",
            "Child Z",
            "Line one\nline two  ",
            None,
            None,
        ],
        [1.5, datetime(2015, 3, 2, 0, 0), None, None, None, None, "Midnight datetime", None, None],
        [3.0, datetime(2015, 3, 4, 16, 45), time(0, 0), None, None, None, "With time", None, None],
        [4, 42512, None, None, None, None, "Serial without a date format", None, None],
    ]


def test_xlsx_cells_are_typed(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "police.xlsx", {"Chronology": _typed_sheet()})
    table = read_table(path)

    assert table.location == "Chronology"
    assert table.row_numbers[:4] == [1, 2, 3, 4]
    assert table.rows[0][0] == "Chronology of Police contacts"
    assert table.rows[1] == [None] * 9
    first = table.rows[3]
    assert first[:7] == [
        1,
        date(2015, 3, 2),
        time(9, 30),
        "CN-1",
        "PA",
        "Child Z",
        "Line one\nline two",
    ]
    assert type(first[0]) is int
    assert table.rows[4][0] == 1.5
    assert table.rows[4][1] == date(2015, 3, 2) and type(table.rows[4][1]) is date
    assert table.rows[5][0] == 3 and type(table.rows[5][0]) is int
    assert table.rows[5][1] == datetime(2015, 3, 4, 16, 45)
    assert table.rows[5][2] == time(0, 0)
    # A date typed without a date format is a number: kept for the date parser.
    assert table.rows[6][1] == 42512
    assert detect_header(table).header_index == 2


def test_xlsx_picks_the_chronology_sheet(tmp_path: Path) -> None:
    sheets = {
        "Cover": [["Agency chronology"], ["Agency", "Police"], ["Date", "01/02/2020"]],
        "Chronology": [HEADER, *sample_rows()],
        "Glossary": [["Abbreviation", "Meaning"], ["PA", "Personal adviser"]],
    }
    path = write_xlsx(tmp_path / "book.xlsx", sheets)

    table = read_table(path)

    assert table.location == "Chronology"
    assert any("3 sheets" in n and "'Chronology'" in n for n in table.notes)
    assert open_workbook(path).locations == ["Cover", "Chronology", "Glossary"]
    assert read_table(path, "Glossary").rows[1] == ["PA", "Personal adviser"]


def test_xlsx_prefers_visible_sheet_on_equal_score(tmp_path: Path) -> None:
    rows = [HEADER, *sample_rows()]
    path = write_xlsx(tmp_path / "b.xlsx", {"Old": rows, "Current": rows}, hidden=["Old"])
    assert read_table(path).location == "Current"


def test_missing_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "b.xlsx", {"One": [["a"]], "Two": [["b"]]})
    with pytest.raises(ImportFileError) as info:
        read_table(path, "Three")
    assert str(info.value) == (
        "b.xlsx: there is no sheet named 'Three' (the sheets are: 'One', 'Two')"
    )


def test_xlsx_merged_heading_and_repeated_header(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        HEADER,
        *sample_rows()[:2],
        ["2016"],
        *sample_rows()[2:],
        HEADER,
        [9, date(2017, 1, 1), None, None, None, None, "Later", None, None],
    ]
    path = write_xlsx(tmp_path / "m.xlsx", {"Chronology": rows}, merges={"Chronology": ["A4:I4"]})

    table = read_table(path)

    assert table.rows[3] == ["2016"] * 9
    assert is_heading_row(table.rows[3], 9)
    assert any("merged cells expanded" in n for n in table.notes)
    assert table.repeated_header_rows == [7]
    assert "repeated header row at row 8 marked" in table.notes


def test_header_without_rows_is_not_an_error(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "empty.xlsx", {"Chronology": [HEADER]})
    table = read_table(path)
    assert table.rows == [HEADER]
    assert detect_header(table).header_index == 0


def test_xlsm_kind(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "macro.xlsm", {"Chronology": [HEADER, *sample_rows()]})
    assert open_workbook(path).kind == "xlsm"
    assert read_table(path).rows[1][6] == "Home visit. Child Z seen alone."


def test_xls_cells_are_typed(tmp_path: Path) -> None:
    rows = [AGENCY_HEADER, *sample_rows()]
    path = write_xls(tmp_path / "old.xls", {"Notes": [["Read me"]], "Chron": rows})

    table = read_table(path)

    assert table.location == "Chron"
    assert table.rows[1][:3] == [1, date(2015, 3, 2), time(9, 30)]
    assert table.rows[2][0] == 1.5
    assert table.rows[2][6] == "Phone call with Mother:\nshe said the flat was cold."
    assert table.rows[4][6] == "Seen at surgery, £5 prescription, café visit noted"
    assert table.rows[5][1] == datetime(2016, 6, 10, 16, 45)
    assert open_workbook(path).kind == "xls"


def test_ods_cells_are_typed(tmp_path: Path) -> None:
    rows = [["Police chronology"], HEADER, *sample_rows()]
    path = write_ods(tmp_path / "c.ods", {"Info": [["Nothing here"]], "Chronology": rows})

    table = read_table(path)

    assert table.location == "Chronology"
    assert table.rows[2][:3] == [1, date(2015, 3, 2), time(9, 30)]
    assert table.rows[3][6] == "Phone call with Mother:\nshe said the flat was cold."
    assert table.rows[6][1] == datetime(2016, 6, 10, 16, 45)
    assert detect_header(table).header_index == 1
    book = open_workbook(path)
    assert (book.kind, book.locations) == ("ods", ["Info", "Chronology"])


def test_content_wins_over_the_name(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "really-xls.xlsx", {"Chron": [HEADER, *sample_rows()]})
    table = read_table(path)
    assert table.rows[1][1] == date(2015, 3, 2)
    assert any("is an Excel 97-2003 .xls workbook" in n for n in table.notes)
    assert open_workbook(path).kind == "xls"


# ---------------------------------------------------------------------------------------
# Word
# ---------------------------------------------------------------------------------------


def test_docx_table_cells_and_paragraphs(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "c.docx", [[HEADER, *sample_rows()]])

    table = read_table(path)

    assert table.location == "Table 1"
    assert table.rows[0] == HEADER
    assert table.rows[2][6] == "Phone call with Mother:\nshe said the flat was cold."
    assert table.rows[1][1] == "02/03/2015"
    assert table.row_numbers == list(range(1, 7))
    assert table.repeated_header_rows == []
    assert open_workbook(path).locations == ["Table 1"]


def test_docx_merged_cells_are_expanded(tmp_path: Path) -> None:
    document = Document()
    rows = [HEADER, ["2015"], *sample_rows()[:3]]
    table = add_table(document, rows, mark_header=True)
    heading = table.cell(1, 0).merge(table.cell(1, 8))  # heading across the table
    heading.text = "Period 1: 2015"
    shared = table.cell(2, 4).merge(table.cell(3, 4))  # one practitioner for two rows
    shared.text = "Social worker"
    document.save(str(tmp_path / "m.docx"))

    raw = read_table(tmp_path / "m.docx")

    assert raw.rows[1] == ["Period 1: 2015"] * 9
    assert is_heading_row(raw.rows[1], 9)
    assert raw.rows[2][4] == raw.rows[3][4] == "Social worker"
    assert raw.rows[3][6] == "Phone call with Mother:\nshe said the flat was cold."
    assert any("merged cells expanded" in n for n in raw.notes)


def test_docx_repeated_header_rows_are_kept_and_noted(tmp_path: Path) -> None:
    document = Document()
    rows = [HEADER, *sample_rows()[:2], HEADER, *sample_rows()[2:]]
    table = add_table(document, rows, mark_header=True)
    mark_header_row(table.rows[3])
    document.save(str(tmp_path / "r.docx"))

    raw = read_table(tmp_path / "r.docx")

    assert len(raw.rows) == 7  # nothing dropped
    assert raw.repeated_header_rows == [3]
    assert "repeated header row at row 4 marked" in raw.notes


def test_docx_tables_sharing_a_header_are_joined(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("Agency chronology")
    add_table(document, [["Agency", "Police"], ["Author", "DS Smith"]])
    add_table(document, [HEADER, *sample_rows()[:2]], mark_header=True)
    document.add_paragraph("2016")
    document.add_section()
    add_table(document, [HEADER, *sample_rows()[2:]], mark_header=True)
    document.save(str(tmp_path / "split.docx"))

    raw = read_table(tmp_path / "split.docx")

    assert raw.location == "Tables 2, 3"
    assert len(raw.rows) == 3 + 4
    assert raw.row_numbers == list(range(1, 8))
    assert raw.rows[3] == HEADER
    assert raw.repeated_header_rows == [3]
    assert any("Tables 2 and 3 have the same header" in n and "row 4" in n for n in raw.notes)
    assert raw.rows[6][6] == "Strategy discussion"
    # Tables can also be asked for by name.
    assert read_table(tmp_path / "split.docx", "Table 1").rows == [
        ["Agency", "Police"],
        ["Author", "DS Smith"],
    ]
    assert read_table(tmp_path / "split.docx", "Tables 2, 3").rows == raw.rows
    with pytest.raises(ImportFileError, match="no 'Table 9'"):
        read_table(tmp_path / "split.docx", "Table 9")


def test_docx_picks_the_chronology_table(tmp_path: Path) -> None:
    path = write_docx(
        tmp_path / "two.docx",
        [[["Agency", "Police"], ["Date", "1/2/2020"]], [AGENCY_HEADER, *sample_rows()]],
    )
    raw = read_table(path)
    assert raw.location == "Table 2"
    assert detect_header(raw).mapping[6] is Field.EVENT
    assert any("2 tables" in n for n in raw.notes)


def test_docx_text_runs_revisions_and_breaks(tmp_path: Path) -> None:
    cell = (
        "<w:tc><w:p><w:r><w:t>Seen</w:t></w:r><w:r><w:tab/><w:t>at home</w:t></w:r>"
        "<w:del><w:r><w:delText>DELETED</w:delText></w:r></w:del>"
        '<w:ins><w:r><w:t xml:space="preserve"> (inserted)</w:t></w:r></w:ins>'
        "<w:r><w:br/><w:t>second line</w:t></w:r></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>in a content control</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt></w:tc>"
    )
    table = (
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Date</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Event</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:p><w:r><w:t>1/2/2015</w:t></w:r></w:p></w:tc>" + cell + "</w:tr></w:tbl>"
    )
    path = docx_with_body(tmp_path / "x.docx", table)
    raw = read_table(path)
    assert raw.rows[1][1] == "Seen\tat home (inserted)\nsecond line\nin a content control"


def test_docx_grid_before_and_legacy_vmerge(tmp_path: Path) -> None:
    body = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:tr><w:tc><w:p><w:r><w:t>Ref</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Date</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Event</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
        "<w:p><w:r><w:t>7</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>1/2/2015</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc></w:tr>"
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
        "<w:tc><w:p><w:r><w:t>2/2/2015</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc></w:tr>"
        '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>'
        '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Note</w:t></w:r></w:p>'
        "</w:tc></w:tr></w:tbl>"
    )
    raw = read_table(docx_with_body(tmp_path / "g.docx", body))
    assert raw.rows[1:] == [
        ["7", "1/2/2015", "A"],
        ["7", "2/2/2015", "B"],
        [None, "Note", "Note"],
    ]


def test_docx_without_table(tmp_path: Path) -> None:
    document = Document()
    document.add_paragraph("22/05/2016 Visit to the family.")
    document.save(str(tmp_path / "prose.docx"))
    with pytest.raises(ImportFileError, match=r"^prose\.docx: the document contains no table"):
        read_table(tmp_path / "prose.docx")


def test_docx_nested_table_is_text_of_its_cell(tmp_path: Path) -> None:
    document = Document()
    table = add_table(document, [["Date", "Event"], ["1/2/2015", None]])
    inner = table.cell(1, 1).add_table(rows=1, cols=2)
    fill_cell(inner.cell(0, 0), "GP")
    fill_cell(inner.cell(0, 1), "seen")
    document.save(str(tmp_path / "n.docx"))
    raw = read_table(tmp_path / "n.docx")
    assert open_workbook(tmp_path / "n.docx").locations == ["Table 1"]
    assert raw.rows[1][1] == "GP | seen"


# ---------------------------------------------------------------------------------------
# Files that cannot be read
# ---------------------------------------------------------------------------------------


def _reason(path: Path, **kwargs: object) -> str:
    with pytest.raises(ImportFileError) as info:
        read_table(path, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path.name}: ")
    assert info.value.reason == message.split(": ", 1)[1]
    return info.value.reason


def test_empty_file(tmp_path: Path) -> None:
    (tmp_path / "c.xlsx").write_bytes(b"")
    assert _reason(tmp_path / "c.xlsx") == "the file is empty"


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert _reason(tmp_path / "gone.xlsx") == "file not found"
    (tmp_path / "folder.csv").mkdir()
    assert _reason(tmp_path / "folder.csv") == "this is a folder, not a file"


def test_random_bytes_named_xlsx(tmp_path: Path) -> None:
    import random

    path = tmp_path / "noise.xlsx"
    path.write_bytes(random.Random(7).randbytes(4096))
    assert "is not an Excel .xlsx workbook" in _reason(path)


def test_truncated_zip(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "cut.xlsx", {"Chronology": [HEADER, *sample_rows()]})
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert _reason(path) == "the file is damaged (not a complete zip archive)"


def test_password_protected_xlsx_and_docx(tmp_path: Path) -> None:
    expected = "the file is password-protected: remove the password in Excel/Word and save it again"
    assert _reason(write_encrypted_ooxml(tmp_path / "locked.xlsx")) == expected
    assert _reason(write_encrypted_ooxml(tmp_path / "locked.docx")) == expected


def test_pdf_and_legacy_doc(tmp_path: Path) -> None:
    pdf = tmp_path / "chronology.pdf"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    assert _reason(pdf) == (
        "PDF files cannot be imported: ask the agency for the Word or Excel original"
    )
    renamed = tmp_path / "scan.pdf"
    renamed.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    assert _reason(renamed).startswith("PDF files cannot be imported")
    doc = write_ole2(tmp_path / "old.doc", ("WordDocument", "1Table"))
    expected_doc = "Word 97-2003 .doc files cannot be read: open it in Word and save as .docx"
    assert _reason(doc) == expected_doc
    assert _reason(write_ole2(tmp_path / "other.doc", ("Something",))) == expected_doc


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "photo.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert _reason(path) == (
        "the file type .png cannot be imported: use .xlsx, .xls, .ods, .csv or .docx"
    )
    assert ".png" not in SUPPORTED_SUFFIXES and ".docx" in SUPPORTED_SUFFIXES


def test_html_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>Date</td></tr></table></body></html>")
    assert "web page (HTML)" in _reason(path)


def test_bad_csv_location(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["Date", "Event"]])
    assert read_table(path, "CSV").rows == [["Date", "Event"]]
    assert "one table" in _reason(path, location="Sheet1")


def test_open_workbook_errors_like_read_table(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="file not found"):
        open_workbook(tmp_path / "nothing.csv")


# ---------------------------------------------------------------------------------------
# Slicing and speed
# ---------------------------------------------------------------------------------------


def test_read_rows_slices_cover_the_table(tmp_path: Path) -> None:
    rows = [HEADER, *(sample_rows() * 5), HEADER, *sample_rows()]
    path = write_xlsx(tmp_path / "s.xlsx", {"Chronology": rows})
    whole = read_table(path)
    parts = list(read_rows(path, chunk=7))
    assert all(isinstance(p, RawTable) for p in parts)
    assert [r for p in parts for r in p.rows] == whole.rows
    assert [n for p in parts for n in p.row_numbers] == whole.row_numbers
    marked = [p.row_numbers[i] for p in parts for i in p.repeated_header_rows]
    assert marked == [whole.row_numbers[i] for i in whole.repeated_header_rows] == [27]


@pytest.mark.slow
def test_large_xlsx_reads_close_to_calamine_speed(tmp_path: Path) -> None:
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Chronology")
    sheet.append(HEADER)
    base = sample_rows()
    for n in range(50_000):
        row = list(base[n % len(base)])
        row[0] = n + 1
        sheet.append(row)
    path = tmp_path / "big.xlsx"
    book.save(path)

    start = clock.perf_counter()
    with CalamineWorkbook.from_path(str(path)) as raw_book:
        raw_book.get_sheet_by_name("Chronology").to_python(skip_empty_area=False)
    calamine_seconds = clock.perf_counter() - start

    start = clock.perf_counter()
    table = read_table(path)
    ours = clock.perf_counter() - start

    assert len(table.rows) == 50_001
    assert table.rows[-1][0] == 50_000
    assert ours < calamine_seconds + 1.0, (ours, calamine_seconds)
