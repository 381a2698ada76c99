"""The integrated chronology as a spreadsheet (xlsx or CSV) for agencies to check.

Every cell that begins with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is
prefixed with an apostrophe, so that a spreadsheet program shows it as text instead of
running it as a formula (CSV/formula injection). CSV is written as UTF-8 with a byte-order
mark so that Excel reads names in any script correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from workbench.export.document import ChronologyRow, ExportDocument
from workbench.export.errors import ExportCancelled

Progress = Callable[[int, str], None]

COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("Entry", "entry", 7),
    ("Date (as written)", "date_text", 16),
    ("Time", "time", 7),
    ("Earliest", "earliest", 11),
    ("Latest", "latest", 11),
    ("Precision", "precision", 9),
    ("Agency", "agency", 24),
    ("Subjects", "subjects", 18),
    ("Practitioner", "practitioner", 16),
    ("Event", "text", 60),
    ("Action / outcome", "outcome", 40),
    ("Agency analysis", "analysis", 40),
    ("Source", "source", 26),
)
DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """A cell value that a spreadsheet program cannot run as a formula."""
    return "'" + value if value.startswith(DANGEROUS_STARTS) else value


def row_values(row: ChronologyRow) -> list[str]:
    out = []
    for _title, field, _width in COLUMNS:
        value = getattr(row, field)
        if value is None:
            text = ""
        elif hasattr(value, "isoformat"):
            text = value.isoformat()
        else:
            text = str(value)
        out.append(neutralise(text))
    return out


def _rows(doc: ExportDocument, cancelled: Callable[[], bool] | None) -> list[list[str]]:
    out = []
    for i, row in enumerate(doc.chronology):
        if cancelled is not None and i % 1000 == 0 and cancelled():
            raise ExportCancelled()
        out.append(row_values(row))
    return out


def write_chronology_csv(
    doc: ExportDocument,
    out: Path | io.StringIO,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    rows = _rows(doc, cancelled)
    header = [neutralise(t) for t, _f, _w in COLUMNS]
    if isinstance(out, Path):
        with out.open("w", newline="", encoding="utf-8-sig") as fh:
            _write_csv(fh, header, rows)
    else:
        _write_csv(out, header, rows)
    if progress:
        progress(100, "Chronology written")
    return len(rows)


def _write_csv(
    fh: io.TextIOBase | io.StringIO, header: Sequence[str], rows: Sequence[Sequence[str]]
) -> None:
    writer = csv.writer(fh, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)


def write_chronology_xlsx(
    doc: ExportDocument,
    out: Path | io.BytesIO,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    rows = _rows(doc, cancelled)
    meta = doc.meta
    wb = Workbook(write_only=True)
    wb.properties.title = f"{meta.title}: integrated chronology"
    wb.properties.creator = meta.board
    if not meta.publication and meta.marking:
        wb.properties.keywords = meta.marking
    ws = wb.create_sheet("Chronology")
    ws.freeze_panes = "A2"
    for i, (_title, _field, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    head_font = Font(bold=True, color="FFFFFF")
    head_fill = PatternFill("solid", fgColor="1F4E79")
    header = []
    for title, _f, _w in COLUMNS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = head_font
        cell.fill = head_fill
        header.append(cell)
    ws.append(header)
    wrap = Alignment(wrap_text=True, vertical="top")
    wrap_columns = {
        i
        for i, (_t, f, _w) in enumerate(COLUMNS)
        if f in ("text", "outcome", "analysis", "subjects")
    }
    for n, values in enumerate(rows):
        if cancelled is not None and n % 1000 == 0 and cancelled():
            raise ExportCancelled()
        cells = []
        for i, value in enumerate(values):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"  # never a formula, whatever it starts with
            if i in wrap_columns:
                cell.alignment = wrap
            cells.append(cell)
        ws.append(cells)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    if not meta.publication and meta.marking:
        notes = wb.create_sheet("About")
        notes.append([meta.title])
        notes.append([f"Protective marking: {meta.marking}"])
        notes.append(["Working copy with the agencies' text as submitted; not for publication."])
    wb.save(str(out) if isinstance(out, Path) else out)
    if progress:
        progress(100, "Chronology written")
    return len(rows)
