"""A blank agency chronology template to send to the agencies of a review.

The template uses the canonical column names, so a returned template is recognised
without any mapping by :func:`workbench.importers.headers.detect_header` (every column
mapped, confidence 1.0). Two forms:

* .xlsx: a "Chronology" sheet (title rows, the header row frozen and filtered, the date
  column formatted dd/mm/yyyy and accepting dates or text, a drop-down list of the
  subjects that still allows free text) and an "Instructions" sheet explaining how to
  fill it in, which also holds the list of subjects the drop-down uses.
* .docx: the instructions, then a landscape section with the table, its header row
  marked to repeat on each page.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from workbench.importers.headers import Field

__all__ = ["TEMPLATE_COLUMNS", "TEMPLATE_HEADERS", "write_template"]

# (header text, field, Excel column width, Word column width in cm)
TEMPLATE_COLUMNS: tuple[tuple[str, Field, float, float], ...] = (
    ("Ref", Field.SEQUENCE, 7, 1.2),
    ("Date", Field.DATE, 13, 2.2),
    ("Time", Field.TIME, 8, 1.5),
    ("Source record", Field.SOURCE_RECORD, 18, 2.4),
    ("Practitioner", Field.PRACTITIONER, 20, 2.8),
    ("Subject(s)", Field.SUBJECTS, 20, 2.6),
    ("Event", Field.EVENT, 60, 6.0),
    ("Action / outcome", Field.OUTCOME, 40, 3.9),
    ("Agency analysis", Field.ANALYSIS, 40, 4.1),
)
TEMPLATE_HEADERS: tuple[str, ...] = tuple(c[0] for c in TEMPLATE_COLUMNS)

_TEMPLATE_ROWS_XLSX = 2000  # rows covered by the formats and validations
_TEMPLATE_ROWS_DOCX = 12  # blank rows in the Word table (agencies add more with Tab)

_INSTRUCTIONS: tuple[str, ...] = (
    "Write one row per contact or event, in date order.",
    "Date: write the date as dd/mm/yyyy (e.g. 22/05/2016). If the date is not known "
    'exactly, write it as it is known, e.g. "spring 2015", "Nov 2015", "2013" or '
    '"?22/05/2016" (a leading ? marks an uncertain date). Do not invent a precise date.',
    "Time: the time of the contact (hh:mm), if known; otherwise leave it blank.",
    "Ref: a number for the row. To put an entry between two others on the same day, use "
    "a decimal (e.g. 1.5 between 1 and 2).",
    "Source record: where the information comes from (case note id, document, system).",
    'Practitioner: the role of the person involved (e.g. "Social worker", "PA", '
    '"Housing Options officer"), not their name.',
    "Subject(s): who the entry is about; choose from the list of subjects below. For "
    "several people, separate the names with a semicolon.",
    "Event: what happened, in plain words; say if the child was seen and what they said.",
    "Action / outcome: what was done as a result, and any decision or referral made.",
    "Agency analysis: your agency's comment on the significance of the event, with hindsight.",
    "Periods in which your agency had no contact do not need a row; a short note in the "
    'Event column ("no contact between ... and ...") helps the review panel.',
    "Do not change the column headings, add columns or merge cells.",
)


def _title(agency: str | None) -> str:
    return f"Agency chronology: {agency}" if agency else "Agency chronology"


def write_template(
    path: Path,
    *,
    subjects: Sequence[str],
    agency: str | None = None,
    review_title: str | None = None,
) -> None:
    """Write a blank agency chronology template to ``path`` (.xlsx or .docx).

    Args:
        path: where to write; the suffix chooses the form.
        subjects: the people the review concerns (as the agency should name them),
            offered as a drop-down list (xlsx) and listed in the instructions.
        agency: the agency the template is for, shown in the title.
        review_title: the review's name, shown under the title.

    Raises:
        ValueError: the suffix is neither .xlsx nor .docx.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    subject_list = [s.strip() for s in subjects if s and s.strip()]
    if suffix == ".xlsx":
        _write_xlsx(path, subject_list, agency, review_title)
    elif suffix == ".docx":
        _write_docx(path, subject_list, agency, review_title)
    else:
        raise ValueError(f"a template can be written as .xlsx or .docx, not {suffix or path.name}")


def _write_xlsx(
    path: Path, subjects: list[str], agency: str | None, review_title: str | None
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Chronology"
    sheet["A1"] = _title(agency)
    sheet["A1"].font = Font(bold=True, size=14)
    if review_title:
        sheet["A2"] = f"Review: {review_title}"
        sheet["A2"].font = Font(italic=True)
    header_row = 4
    first, last = header_row + 1, header_row + _TEMPLATE_ROWS_XLSX
    header_fill = PatternFill("solid", fgColor="1F3864")
    for col, (text, _field, width, _cm) in enumerate(TEMPLATE_COLUMNS, 1):
        cell = sheet.cell(header_row, col, text)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        letter = get_column_letter(col)
        dimension = sheet.column_dimensions[letter]
        dimension.width = width
        if width >= 18:
            dimension.alignment = Alignment(wrap_text=True, vertical="top")
    date_col, time_col, subjects_col = "B", "C", "F"
    sheet.column_dimensions[date_col].number_format = "dd/mm/yyyy"
    sheet.column_dimensions[time_col].number_format = "hh:mm"
    sheet.freeze_panes = f"A{first}"
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(TEMPLATE_COLUMNS))}{header_row}"

    date_rule = DataValidation(
        type="custom",
        formula1=f"OR(ISNUMBER({date_col}{first}),ISTEXT({date_col}{first}))",
        allow_blank=True,
        showInputMessage=True,
        showErrorMessage=False,
        promptTitle="Date",
        prompt="dd/mm/yyyy, or as known: spring 2015, Nov 2015, ?22/05/2016",
    )
    date_rule.add(f"{date_col}{first}:{date_col}{last}")
    sheet.add_data_validation(date_rule)

    notes = book.create_sheet("Instructions")
    notes.column_dimensions["A"].width = 4
    notes.column_dimensions["B"].width = 110
    notes["A1"] = "How to fill in this chronology"
    notes["A1"].font = Font(bold=True, size=14)
    line = 3
    if review_title:
        notes.cell(line, 1, f"Review: {review_title}")
        line += 1
    if agency:
        notes.cell(line, 1, f"Agency: {agency}")
        line += 1
    line += 1
    for n, text in enumerate(_INSTRUCTIONS, 1):
        notes.cell(line, 1, n)
        cell = notes.cell(line, 2, text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        line += 1
    line += 1
    notes.cell(line, 1, "Subjects of this review").font = Font(bold=True)
    line += 1
    if subjects:
        top = line
        for name in subjects:
            notes.cell(line, 2, name)
            line += 1
        book.defined_names["Subjects"] = DefinedName(
            "Subjects", attr_text=f"Instructions!$B${top}:$B${line - 1}"
        )
        subject_rule = DataValidation(
            type="list",
            formula1="=Subjects",
            allow_blank=True,
            showInputMessage=True,
            showErrorMessage=False,  # free text (several names, someone new) is allowed
            promptTitle="Subject(s)",
            prompt="Choose from the list, or type several names separated by ;",
        )
        subject_rule.add(f"{subjects_col}{first}:{subjects_col}{last}")
        sheet.add_data_validation(subject_rule)
    else:
        notes.cell(line, 2, "(no subjects listed: name the people each entry concerns)")
    book.active = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)


def _write_docx(
    path: Path, subjects: list[str], agency: str | None, review_title: str | None
) -> None:
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    document = Document()
    document.add_heading(_title(agency), level=0)
    if review_title:
        document.add_paragraph(f"Review: {review_title}")
    document.add_heading("How to fill in this chronology", level=1)
    for text in _INSTRUCTIONS:
        document.add_paragraph(text, style="List Number")
    document.add_heading("Subjects of this review", level=2)
    if subjects:
        for name in subjects:
            document.add_paragraph(name, style="List Bullet")
    else:
        document.add_paragraph("(no subjects listed: name the people each entry concerns)")

    first = document.sections[0]
    first.page_width, first.page_height = Cm(21.0), Cm(29.7)  # A4
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    margin = Cm(1.5)  # leaves 26.7 cm, the sum of the column widths
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = margin

    document.add_heading(f"Chronology{': ' + agency if agency else ''}", level=1)
    table = document.add_table(rows=1 + _TEMPLATE_ROWS_DOCX, cols=len(TEMPLATE_COLUMNS))
    table.style = "Table Grid"
    table.autofit = False
    header = table.rows[0]
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for col, (text, _field, _width, cm) in enumerate(TEMPLATE_COLUMNS):
        cell = header.cells[col]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        table.columns[col].width = Cm(cm)  # the grid, used by Word and LibreOffice
        for row in table.rows:
            row.cells[col].width = Cm(cm)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
