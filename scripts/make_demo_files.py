#!/usr/bin/env python3
"""Write the Case Z demo's agency files in the formats agencies really send.

The chronologies are kept as plain CSV in ``scripts/demo_sources/case-z/`` (easy to edit
and review); this script turns three of them into the files the demo imports:

* ``norfolk-constabulary.xlsx``: a police system export. A "Read me" sheet first; on the
  "Chronology" sheet two merged title rows and a blank row above the header, the police's
  own column names, exact dates as real Excel date cells shown as dd.mm.yy (one archived
  entry typed by hand as text), times as time cells, a year typed as a number, the other
  uncertain dates as text.
* ``childrens-services.docx``: a Word table in a landscape section, the header row set to
  repeat on each page, a merged heading row for each period ("Historic information",
  "Scoping period"), several paragraphs in the longer cells.
* ``ccg-health.csv``: saved by Excel on Windows (Windows-1252) with typographic quotes.

The other agencies' chronologies are UTF-8 CSV files kept in the demo folder itself. The
output is the same bytes every time (fixed timestamps inside the zip packages).

    .venv/bin/python scripts/make_demo_files.py [--out DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import zipfile
from datetime import date, datetime, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "scripts" / "demo_sources" / "case-z"
DEMO = ROOT / "resources" / "demo" / "case-z"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workbench.core.dates import DateParseError, parse_date  # noqa: E402

STAMP = datetime(2016, 9, 12, 9, 0, 0)
POLICE_HEADER = [
    "Ref",
    "Date",
    "Time",
    "Source record",
    "Officer",
    "Subject(s)",
    "Details",
    "Action taken",
    "Police comment",
]
HAND_TYPED = {"3"}  # police refs whose date an analyst typed as text (an archived record)


def read_source(name: str) -> tuple[list[str], list[list[str]]]:
    with open(SOURCES / name, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def normalise_zip(path: Path) -> None:
    """Rewrite a zip package with fixed timestamps, so the same input gives the same bytes."""
    with zipfile.ZipFile(path) as zf:
        parts = [(info, zf.read(info.filename)) for info in zf.infolist()]
    fixed_time = STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(path, "w") as zf:
        for info, data in parts:
            if info.filename == "docProps/core.xml":
                data = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>" + fixed_time + rb"\g<2>",
                    data,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=STAMP.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            zf.writestr(fixed, data)


# -- police: xlsx ------------------------------------------------------------------------


def _police_date(ref: str, text: str) -> object:
    if re.fullmatch(r"\d{4}", text):
        return int(text)  # a year typed into a General cell is a number
    match = re.fullmatch(r"(\d{2})\.(\d{2})\.(\d{2})", text)
    if match and ref not in HAND_TYPED:
        day, month, year = (int(g) for g in match.groups())
        return date(2000 + year, month, day)
    return text


def write_police(out: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    _header, rows = read_source("norfolk-constabulary.csv")
    book = Workbook()
    notes = book.active
    assert notes is not None
    notes.title = "Read me"
    notes["A1"] = "Norfolk Constabulary: chronology extract"
    notes["A1"].font = Font(bold=True, size=13)
    for n, line in enumerate(
        [
            "Produced by the Safeguarding Review Unit from the crime, custody and "
            "intelligence systems for the Serious Case Review 'Case Z'.",
            "The chronology is on the sheet 'Chronology'. Exact dates are Excel dates; "
            "dates the records give only approximately are written as recorded.",
            "Officers are identified by collar number or role only.",
            "OFFICIAL-SENSITIVE",
        ],
        start=3,
    ):
        notes.cell(n, 1, line)
    notes.column_dimensions["A"].width = 110

    sheet = book.create_sheet("Chronology")
    last = chr(ord("A") + len(POLICE_HEADER) - 1)
    sheet["A1"] = "NORFOLK CONSTABULARY"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells(f"A1:{last}1")
    sheet["A2"] = (
        "Chronology extract for Serious Case Review: Case Z. Produced 12/09/2016. "
        "OFFICIAL-SENSITIVE"
    )
    sheet["A2"].font = Font(italic=True)
    sheet.merge_cells(f"A2:{last}2")
    header_row = 4
    fill = PatternFill("solid", fgColor="1A237E")
    thin = Side(style="thin", color="9E9E9E")
    for col, name in enumerate(POLICE_HEADER, 1):
        cell = sheet.cell(header_row, col, name)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = fill
        cell.border = Border(bottom=thin)
    widths = [6, 11, 7, 26, 14, 16, 60, 40, 40]
    for col, width in enumerate(widths, 1):
        sheet.column_dimensions[chr(ord("A") + col - 1)].width = width
    for r, row in enumerate(rows, start=header_row + 1):
        ref, when, clock, *rest = row
        values: list[object] = [
            float(ref) if "." in ref else int(ref) if ref else None,
            _police_date(ref, when) if when else None,
            time.fromisoformat(clock) if clock else None,
            *[v or None for v in rest],
        ]
        for col, value in enumerate(values, 1):
            if value is None:
                continue
            cell = sheet.cell(r, col, value)
            cell.alignment = Alignment(wrap_text=col >= 4, vertical="top")
            if isinstance(value, date):
                cell.number_format = "dd.mm.yy"
            elif isinstance(value, time):
                cell.number_format = "hh:mm"
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + len(rows)}"
    book.active = 1
    book.properties.creator = "Safeguarding Review Unit"
    book.properties.created = book.properties.modified = STAMP
    path = out / "norfolk-constabulary.xlsx"
    book.save(path)
    normalise_zip(path)
    return path


# -- children's services: docx -----------------------------------------------------------


def _paragraphs(text: str) -> list[str]:
    """A long entry as a worker types it: in two paragraphs, split between sentences."""
    if len(text) < 220:
        return [text]
    cuts = [m.end() for m in re.finditer(r"[.;] (?=[A-Z])", text)]
    if not cuts:
        return [text]
    middle = min(cuts, key=lambda c: abs(c - len(text) / 2))
    return [text[:middle].strip(), text[middle:].strip()]


def _fill(cell: object, text: str) -> None:
    parts = _paragraphs(text) if text else [""]
    cell.text = parts[0]  # type: ignore[attr-defined]
    for part in parts[1:]:
        cell.add_paragraph(part)  # type: ignore[attr-defined]


def write_childrens_services(out: Path, scope_start: date, birth: date) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, RGBColor

    header, rows = read_source("childrens-services.csv")
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.core_properties.author = "Children's Services"
    document.core_properties.created = document.core_properties.modified = STAMP
    document.add_heading("Norfolk County Council Children's Services", level=1)
    document.add_paragraph("Chronology for the Serious Case Review: Case Z")
    document.add_paragraph(
        "Compiled from the case records of the Children's Services departments involved "
        "with YPA and Child Z. Practitioners are identified by role. Entries before the "
        "review's scoping period summarise the historic information."
    )

    periods: list[tuple[str, list[list[str]]]] = [
        ("Historic information (before January 2015)", []),
        ("Scoping period: January 2015 to July 2016, and after", []),
    ]
    for row in rows:
        when = row[1]
        historic = False
        if when:
            try:
                parsed = parse_date(when, date_of_birth=birth)
            except DateParseError:
                parsed = None
            historic = (
                parsed is not None
                and parsed.earliest is not None
                and (parsed.earliest < scope_start)
            )
        target = periods[0][1] if historic and not periods[1][1] else periods[1][1]
        target.append(row)

    widths = [1.1, 2.3, 1.2, 2.6, 2.4, 2.4, 6.7, 4.0, 4.0]
    total_rows = 1 + sum(1 + len(p[1]) for p in periods)
    table = document.add_table(rows=total_rows, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for col, name in enumerate(header):
        cell = table.cell(0, col)
        cell.text = ""
        run = cell.paragraphs[0].add_run(name)
        run.bold = True
    index = 1
    for title, period_rows in periods:
        heading = table.cell(index, 0).merge(table.cell(index, len(header) - 1))
        heading.text = ""
        run = heading.paragraphs[0].add_run(title)
        run.bold = True
        run.font.color.rgb = RGBColor(0x0B, 0x53, 0x94)
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:fill"), "DCE6F2")
        heading._tc.get_or_add_tcPr().append(shading)
        index += 1
        for row in period_rows:
            for col, value in enumerate(row):
                _fill(table.cell(index, col), value)
            index += 1
    for col, width in enumerate(widths):
        table.columns[col].width = Cm(width)
        for row in table.rows:
            row.cells[col].width = Cm(width)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    path = out / "childrens-services.docx"
    document.save(str(path))
    normalise_zip(path)
    return path


# -- health: Windows-1252 CSV ------------------------------------------------------------

_CURLY = (
    (re.compile(r"(?<=\w)'(?=\w)"), "\u2019"),  # YPA's -> YPA’s
    (re.compile(r"(?<![\w])'"), "\u2018"),  # opening quote
    (re.compile(r"'"), "\u2019"),  # closing quote
)
_TEXT_COLUMNS = ("Event", "Action / outcome", "Agency analysis")


def write_health(out: Path) -> Path:
    header, rows = read_source("ccg-health.csv")
    text_columns = [header.index(name) for name in _TEXT_COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        row = list(row)
        for col in text_columns:
            for pattern, replacement in _CURLY:
                row[col] = pattern.sub(replacement, row[col])
        writer.writerow(row)
    path = out / "ccg-health.csv"
    path.write_bytes(buffer.getvalue().encode("cp1252"))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEMO, help="the demo folder to write")
    ns = parser.parse_args()
    out: Path = ns.out
    out.mkdir(parents=True, exist_ok=True)
    spec = json.loads((DEMO / "review.json").read_text(encoding="utf-8"))
    scope_start = date.fromisoformat(spec["review"]["scope_start"])
    ypa = next(p for p in spec["people"] if p["key"] == "ypa")
    birth = date.fromisoformat(ypa["date_of_birth"])
    written = [
        write_police(out),
        write_childrens_services(out, scope_start, birth),
        write_health(out),
    ]
    for path in written:
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
