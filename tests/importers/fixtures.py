"""Builders of chronology files for the importer tests.

Every test file is generated at test time into a temporary folder: xlsx with openpyxl,
xls with xlwt, ods by writing the OpenDocument zip by hand, docx with python-docx, CSV
with the csv module in any encoding. No binary fixture is committed.
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

Cell = Any
Rows = Sequence[Sequence[Cell]]

HEADER: list[Any] = [
    "Ref",
    "Date",
    "Time",
    "Source record",
    "Practitioner",
    "Subject(s)",
    "Event",
    "Action / outcome",
    "Agency analysis",
]

# A varied header, as one agency might send it.
AGENCY_HEADER: list[Any] = [
    "Entry No.",
    "Date of contact",
    "Start time",
    "Case note ID",
    "Worker",
    "Family member",
    "Details of contact",
    "Action taken",
    "Significance / impact",
]


def sample_rows() -> list[list[Cell]]:
    """Five chronology rows with typed values (dates, a time, a decimal ref)."""
    return [
        [
            1,
            date(2015, 3, 2),
            time(9, 30),
            "CN-101",
            "Social worker",
            "Child Z",
            "Home visit. Child Z seen alone.",
            "Referral to CAMHS",
            "Good practice",
        ],
        [
            1.5,
            date(2015, 3, 2),
            None,
            "CN-102",
            "PA",
            "Child Z; Mother",
            "Phone call with Mother:\nshe said the flat was cold.",
            "Housing contacted",
            None,
        ],
        [
            2,
            "spring 2015",
            None,
            "Email",
            "Housing Options officer",
            "Mother",
            "Housing application received",
            None,
            "Delay of 6 weeks",
        ],
        [
            3,
            "?22/05/2016",
            time(14, 0),
            "CN-140",
            "GP",
            "Child Z",
            "Seen at surgery, £5 prescription, café visit noted",
            "Follow-up booked",
            "Missed opportunity",
        ],
        [
            4,
            datetime(2016, 6, 10, 16, 45),
            None,
            "MASH log",
            "Police officer",
            "Child Z",
            "Strategy discussion",
            "S.47 started",
            None,
        ],
    ]


# ---------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------

_BOMS = {
    "utf-8": codecs.BOM_UTF8,
    "utf-16-le": codecs.BOM_UTF16_LE,
    "utf-16-be": codecs.BOM_UTF16_BE,
}


def csv_text(rows: Rows, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


def write_csv(
    path: Path, rows: Rows, *, encoding: str = "utf-8", delimiter: str = ",", bom: bool = False
) -> Path:
    data = csv_text(rows, delimiter).encode(encoding)
    if bom:
        data = _BOMS[encoding] + data
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------------------------
# xlsx (openpyxl)
# ---------------------------------------------------------------------------------------


def write_xlsx(
    path: Path,
    sheets: Mapping[str, Rows],
    *,
    merges: Mapping[str, Sequence[str]] | None = None,
    hidden: Sequence[str] = (),
    date_format: str = "dd/mm/yyyy",
) -> Path:
    """One sheet per entry, rows written from A1; dates get ``date_format``."""
    from openpyxl import Workbook

    book = Workbook()
    first = True
    for name, rows in sheets.items():
        if first:
            sheet = book.active
            assert sheet is not None
            sheet.title = name
            first = False
        else:
            sheet = book.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, value in enumerate(row, 1):
                if value is None:
                    continue
                cell = sheet.cell(r, c, value)
                if isinstance(value, datetime):
                    cell.number_format = date_format + " hh:mm"
                elif isinstance(value, date):
                    cell.number_format = date_format
                elif isinstance(value, time):
                    cell.number_format = "hh:mm"
        for ref in (merges or {}).get(name, ()):
            sheet.merge_cells(ref)
        if name in hidden:
            sheet.sheet_state = "hidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


_XLSX_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XLSX_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def write_raw_xlsx(
    path: Path, strings: Sequence[str], rows: Sequence[Sequence[int]], *, prolog: str = ""
) -> Path:
    """A minimal xlsx written by hand: cells refer to the shared strings by index, and
    ``prolog`` (e.g. a DOCTYPE) goes before the shared-string table; ``strings`` are raw
    XML text (entity references allowed)."""
    sst = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<sst xmlns="{_XLSX_MAIN}" count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{text}</t></si>" for text in strings)
        + "</sst>"
    )
    cells = "".join(
        f'<row r="{r}">'
        + "".join(
            f'<c r="{chr(65 + c)}{r}" t="s"><v>{index}</v></c>' for c, index in enumerate(row)
        )
        + "</row>"
        for r, row in enumerate(rows, 1)
    )
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_XLSX_CT}.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{_XLSX_CT}.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            f'ContentType="{_XLSX_CT}.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_XLSX_REL}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_XLSX_MAIN}" '
            f'xmlns:r="{_XLSX_REL}"><sheets><sheet name="Chronology" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_XLSX_REL}/worksheet" '
            'Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_XLSX_REL}/sharedStrings" '
            'Target="sharedStrings.xml"/></Relationships>'
        ),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_XLSX_MAIN}">'
            f"<sheetData>{cells}</sheetData></worksheet>"
        ),
        "xl/sharedStrings.xml": sst,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text)
    return path


# ---------------------------------------------------------------------------------------
# xls (xlwt)
# ---------------------------------------------------------------------------------------


def write_xls(path: Path, sheets: Mapping[str, Rows]) -> Path:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    styles = {
        date: xlwt.easyxf(num_format_str="DD/MM/YYYY"),
        datetime: xlwt.easyxf(num_format_str="DD/MM/YYYY HH:MM"),
        time: xlwt.easyxf(num_format_str="HH:MM"),
    }
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                style = styles.get(type(value))
                if style is not None:
                    sheet.write(r, c, value, style)
                else:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


# ---------------------------------------------------------------------------------------
# ods (hand-written OpenDocument zip)
# ---------------------------------------------------------------------------------------

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods_cell(value: Cell) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, bool):
        flag = "true" if value else "false"
        return (
            f'<table:table-cell office:value-type="boolean" office:boolean-value="{flag}">'
            f"<text:p>{flag.upper()}</text:p></table:table-cell>"
        )
    if isinstance(value, int | float):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, datetime):
        return (
            f'<table:table-cell office:value-type="date" '
            f'office:date-value="{value.isoformat(timespec="seconds")}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>"
        )
    if isinstance(value, time):
        return (
            f'<table:table-cell office:value-type="time" '
            f'office:time-value="PT{value.hour:02d}H{value.minute:02d}M{value.second:02d}S">'
            f"<text:p>{value:%H:%M}</text:p></table:table-cell>"
        )
    paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'


def write_ods(path: Path, sheets: Mapping[str, Rows]) -> Path:
    tables = []
    for name, rows in sheets.items():
        body = "".join(
            "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
        tables.append(f'<table:table table:name="{escape(name)}">{body}</table:table>')
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {_ODS_NS} office:version="1.2">'
        "<office:body><office:spreadsheet>" + "".join(tables) + "</office:spreadsheet>"
        "</office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


# ---------------------------------------------------------------------------------------
# docx (python-docx)
# ---------------------------------------------------------------------------------------


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return str(value)


def mark_header_row(row: Any) -> None:
    """Mark a python-docx table row to repeat as a header row on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def fill_cell(cell: Any, value: Cell) -> None:
    """Write a value into a python-docx cell, one paragraph per line."""
    lines = _text(value).split("\n")
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def add_table(document: Any, rows: Rows, *, mark_header: bool = False) -> Any:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                fill_cell(table.cell(r, c), value)
    if mark_header:
        mark_header_row(table.rows[0])
    return table


def write_docx(
    path: Path,
    tables: Sequence[Rows],
    *,
    mark_header: bool = True,
    intro: str | None = "Agency chronology",
) -> Path:
    from docx import Document

    document = Document()
    if intro:
        document.add_paragraph(intro)
    for n, rows in enumerate(tables):
        if n:
            document.add_paragraph("")
        add_table(document, rows, mark_header=mark_header)
    document.save(str(path))
    return path


def replace_zip_member(path: Path, member: str, data: bytes) -> Path:
    """Rewrite one part of a zip-based office file in place."""
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info.filename)) for info in zf.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, content in parts:
            zf.writestr(info.filename, data if info.filename == member else content)
    return path


DOCX_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_body(path: Path, body_xml: str, *, doctype: str = "") -> Path:
    """A docx whose document.xml body is ``body_xml`` (raw WordprocessingML)."""
    from docx import Document

    Document().save(str(path))
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"{doctype}<w:document {DOCX_NS}><w:body>{body_xml}</w:body></w:document>"
    )
    return replace_zip_member(path, "word/document.xml", xml.encode("utf-8"))


def w_table(rows: Sequence[Sequence[str]]) -> str:
    """Raw WordprocessingML for a simple table of texts."""
    body = "".join(
        "<w:tr>"
        + "".join(f"<w:tc><w:p><w:r><w:t>{cell}</w:t></w:r></w:p></w:tc>" for cell in row)
        + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{body}</w:tbl>"


# ---------------------------------------------------------------------------------------
# OLE2 (Office 97-2003 and encrypted OOXML)
# ---------------------------------------------------------------------------------------

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _directory_entry(name: str) -> bytes:
    raw = name.encode("utf-16-le") + b"\x00\x00"
    return raw + b"\x00" * (128 - len(raw))


def write_ole2(path: Path, stream_names: Sequence[str]) -> Path:
    """An OLE2 compound file lookalike: the signature, a header and directory entries
    with the given stream names (what the readers look at to tell the kinds apart)."""
    header = OLE2_SIGNATURE + b"\x00" * (512 - len(OLE2_SIGNATURE))
    junk = bytes((i * 37) % 251 for i in range(1024))
    entries = b"".join(_directory_entry(n) for n in ("Root Entry", *stream_names))
    path.write_bytes(header + junk + entries + junk)
    return path


def write_encrypted_ooxml(path: Path) -> Path:
    """What Excel/Word write for a password-protected xlsx/docx: an OLE2 file holding
    'EncryptionInfo' and 'EncryptedPackage' streams."""
    return write_ole2(path, ("EncryptionInfo", "EncryptedPackage"))
