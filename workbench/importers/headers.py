"""Finding the header row of an agency chronology and suggesting what each column holds.

Agencies name their columns in many ways ("Date of contact", "Source of information",
"Subject(s)", "Agency comment / analysis"); :func:`suggest_field` recognises the usual
names and their variants. :func:`detect_header` scans the first rows of a table (title
and preamble rows are normal above the header) for the row that names at least a date
column and an event column, and proposes a mapping of columns to :class:`Field`.

The suggestion is only a suggestion: the import dialog shows it and the user can change
any column before the rows are validated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING

from workbench.importers.errors import ImportFileError

if TYPE_CHECKING:
    from workbench.importers.readers import CellValue, RawTable

__all__ = [
    "MULTI_COLUMN_FIELDS",
    "NO_HEADER_REASON",
    "Field",
    "HeaderGuess",
    "detect_header",
    "is_heading_row",
    "is_repeated_header",
    "looks_like_date",
    "normalise_header",
    "score_table",
    "suggest_field",
]

NO_HEADER_REASON = "no table with a date column and an event column was found"


class Field(StrEnum):
    """What a chronology column holds."""

    DATE = "date"
    TIME = "time"
    END_DATE = "end_date"
    END_TIME = "end_time"
    SEQUENCE = "sequence"
    AGENCY = "agency"
    SOURCE_RECORD = "source_record"
    PRACTITIONER = "practitioner"
    SUBJECTS = "subjects"
    EVENT = "event"
    OUTCOME = "outcome"
    ANALYSIS = "analysis"
    IGNORE = "ignore"


# Fields that several columns may feed (their texts are joined by the caller); any other
# field is suggested for one column only, the leftmost that names it.
MULTI_COLUMN_FIELDS: frozenset[Field] = frozenset(
    {Field.SUBJECTS, Field.EVENT, Field.OUTCOME, Field.ANALYSIS}
)


@dataclass
class HeaderGuess:
    """The header row found in a table and the suggested meaning of each column.

    Attributes:
        header_index: index into ``RawTable.rows`` of the header row (rows above it are
            titles or preamble).
        columns: header texts as written, one per column of the table ("" where the header
            cell is empty); merged header cells read as their text in every column they
            cover.
        mapping: column index -> suggested field, for every column of the table
            (``Field.IGNORE`` where nothing is recognised).
        confidence: 0..1; 1.0 when every named column is recognised and the date column
            below the header holds dates.
    """

    header_index: int
    columns: list[str]
    mapping: dict[int, Field]
    confidence: float


# ---------------------------------------------------------------------------------------
# Column names
# ---------------------------------------------------------------------------------------

_PUNCT = re.compile(r"[^\w#]+")
_PLURAL_S = re.compile(r"\(s\)", re.IGNORECASE)

# Ordered: the first rule with a phrase found (as whole words) in the normalised header
# decides. The order settles the usual conflicts: "Date of contact" is a date, "Agency
# analysis" an analysis, "Case note id" a source record, "Entry no" a sequence number and
# "Subject of entry" the subjects.
_RULES: tuple[tuple[Field, tuple[str, ...]], ...] = (
    (Field.IGNORE, ("date of birth", "dob", "d o b", "birth date", "age", "aged")),
    (
        Field.END_DATE,
        ("end date", "date end", "date ended", "finish date", "date to", "to date", "until"),
    ),
    (Field.END_TIME, ("end time", "time end", "finish time", "time to")),
    (Field.DATE, ("date", "dates", "dated", "when")),
    (Field.TIME, ("time", "times")),
    (
        Field.ANALYSIS,
        (
            "analysis",
            "comment",
            "comments",
            "commentary",
            "significance",
            "significant",
            "impact",
            "reflection",
            "reflections",
            "relevance",
            "learning",
            "evaluation",
        ),
    ),
    (
        Field.OUTCOME,
        (
            "action",
            "actions",
            "outcome",
            "outcomes",
            "response",
            "responses",
            "next step",
            "next steps",
            "decision",
            "decisions",
            "result",
            "follow up",
        ),
    ),
    (Field.AGENCY, ("source of information", "information source", "agency name")),
    (Field.SUBJECTS, ("service user", "service users", "subject of entry")),
    (
        Field.SOURCE_RECORD,
        (
            "source record",
            "source",
            "sources",
            "record",
            "records",
            "case note",
            "case notes",
            "casenote",
            "document",
            "documents",
            "system",
            "file",
        ),
    ),
    (
        Field.AGENCY,
        ("agency", "agencies", "organisation", "organization", "service", "provider"),
    ),
    (
        Field.SEQUENCE,
        (
            "ref",
            "reference",
            "seq",
            "sequence",
            "no",
            "nos",
            "number",
            "num",
            "entry no",
            "item",
            "line",
            "id",
            "#",
        ),
    ),
    (
        Field.PRACTITIONER,
        (
            "practitioner",
            "practitioners",
            "worker",
            "workers",
            "staff",
            "professional",
            "professionals",
            "author",
            "role",
            "officer",
            "recorded by",
            "by whom",
            "completed by",
            "clinician",
        ),
    ),
    (
        Field.SUBJECTS,
        (
            "subject",
            "subjects",
            "child",
            "children",
            "person",
            "persons",
            "people",
            "young person",
            "family",
            "family member",
            "member",
            "members",
            "name",
            "names",
            "who",
            "individual",
            "individuals",
            "client",
            "patient",
        ),
    ),
    (
        Field.EVENT,
        (
            "event",
            "events",
            "detail",
            "details",
            "contact",
            "contacts",
            "summary",
            "description",
            "happened",
            "information",
            "narrative",
            "incident",
            "note",
            "notes",
            "entry",
            "what",
            "account",
        ),
    ),
)

_MAX_HEADER_TEXT = 80  # a longer cell is text, not a column name


def normalise_header(text: str) -> str:
    """Lower-case words of a header text: "Subject(s)" -> "subjects", "No." -> "no"."""
    text = _PLURAL_S.sub("s", text.replace("’", "'").replace("'s", ""))
    return " ".join(_PUNCT.sub(" ", text.lower().replace("_", " ")).split())


def _suggest_normalised(norm: str) -> Field:
    if not norm or len(norm) > _MAX_HEADER_TEXT:
        return Field.IGNORE
    padded = f" {norm} "
    for field, phrases in _RULES:
        for phrase in phrases:
            if f" {phrase} " in padded:
                return field
    return Field.IGNORE


def suggest_field(header_text: str) -> Field:
    """The field a column with this header most likely holds (``Field.IGNORE`` if none)."""
    return _suggest_normalised(normalise_header(header_text))


# ---------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december"
)
_DATE_TEXT = re.compile(
    r"\b(1[89]\d\d|2[01]\d\d)\b"  # a year
    r"|\d{1,2}\s*[/.\-]\s*\d{1,2}(\s*[/.\-]\s*\d{2,4})?"  # 22/05/2016, 22.05.16, 22/05
    rf"|\b({_MONTHS})\b"
    r"|\b(spring|summer|autumn|fall|winter|aged?|unknown|undated|n/?k)\b",
    re.IGNORECASE,
)
_EXCEL_SERIAL_MIN, _EXCEL_SERIAL_MAX = 1, 2_958_465  # 1900-01-01 .. 9999-12-31


def looks_like_date(value: CellValue) -> bool:
    """True for a value a date column may hold: a date, an Excel serial, a year or a text
    date, precise or not ("22/05/2016", "spring 2015", "?22/05/2016", "aged 7")."""
    if isinstance(value, date | datetime):
        return True
    if isinstance(value, bool) or value is None or isinstance(value, time):
        return False
    if isinstance(value, int | float):
        return _EXCEL_SERIAL_MIN <= value <= _EXCEL_SERIAL_MAX
    return bool(_DATE_TEXT.search(value))


def _text(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return str(value)


def _is_empty(value: CellValue) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


_HEADING_MAX_CHARS = 80
_HEADING_MAX_WORDS = 10


def is_heading_row(row: list[CellValue], ncols: int) -> bool:
    """A section heading inside the table rather than an event.

    Either every non-empty cell holds the same text and there are at least two of them
    (a heading merged across the table, expanded by the reader), or exactly one cell is
    filled with a short, single-line, heading-like text ("2015", "Period 2: leaving care").
    A table of one column has no heading rows.
    """
    if ncols < 2:
        return False
    filled = [v for v in row if not _is_empty(v)]
    if not filled:
        return False
    if len(filled) >= 2:
        first = _text(filled[0])
        return all(_text(v) == first for v in filled[1:])
    value = filled[0]
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 1800 <= value <= 2199  # a year on its own
    if not isinstance(value, str):
        return False
    text = value.strip()
    return (
        len(text) <= _HEADING_MAX_CHARS
        and "\n" not in text
        and len(text.split()) <= _HEADING_MAX_WORDS
        and not text.endswith((".", "!", "?"))
    )


def is_repeated_header(row: list[CellValue], guess: HeaderGuess) -> bool:
    """True for a copy of the header row further down the table.

    Word repeats marked header rows on each page, and pasted sections bring their own
    header: such a row names the same columns in the same places (blank cells allowed) and
    holds nothing else.
    """
    matches = 0
    named = 0
    for index, header in enumerate(guess.columns):
        if not header:
            continue
        named += 1
        value = row[index] if index < len(row) else None
        if _is_empty(value):
            continue
        if not isinstance(value, str):
            return False
        text = value.strip()
        if text == header or normalise_header(text) == normalise_header(header):
            matches += 1
        else:
            return False
    for index in range(len(guess.columns), len(row)):
        if not _is_empty(row[index]):
            return False
    return matches >= 2 and matches * 2 >= named


# ---------------------------------------------------------------------------------------
# Header detection
# ---------------------------------------------------------------------------------------


def _map_row(row: list[CellValue], ncols: int) -> tuple[dict[int, Field], int, int]:
    """Suggested mapping of one candidate header row, its named and recognised counts."""
    mapping: dict[int, Field] = {}
    taken: set[Field] = set()
    named = recognised = 0
    for index in range(ncols):
        value = row[index] if index < len(row) else None
        field = Field.IGNORE
        if isinstance(value, str) and value.strip():
            named += 1
            field = suggest_field(value)
            if field is not Field.IGNORE:
                recognised += 1
            if field in taken and field not in MULTI_COLUMN_FIELDS:
                field = Field.IGNORE
            taken.add(field)
        elif not _is_empty(value):
            named += 1  # a number or a date cannot name a column
        mapping[index] = field
    return mapping, named, recognised


def _width(table: RawTable) -> int:
    return max((len(r) for r in table.rows), default=0)


def _date_share(table: RawTable, guess_index: int, date_col: int, columns: list[str]) -> float:
    """Share of the first data rows below the header whose date cell looks like a date."""
    probe = HeaderGuess(guess_index, columns, {}, 0.0)
    ncols = len(columns)
    seen = dated = 0
    for row in table.rows[guess_index + 1 :]:
        if seen >= 50:
            break
        if all(_is_empty(v) for v in row) or is_heading_row(row, ncols):
            continue
        if is_repeated_header(row, probe):
            continue
        value = row[date_col] if date_col < len(row) else None
        if _is_empty(value):
            continue
        seen += 1
        dated += looks_like_date(value)
    return dated / seen if seen else 1.0


def detect_header(table: RawTable, max_scan: int = 30) -> HeaderGuess:
    """Find the header row among the first ``max_scan`` rows and suggest a mapping.

    The header is the row naming the most recognised columns, among the rows that name a
    date column and an event column; ties go to the earlier row.

    Raises:
        ImportFileError: when no row names both a date and an event column.
    """
    ncols = _width(table)
    best: tuple[int, float, int] | None = None  # (recognised, coverage, -index)
    best_mapping: dict[int, Field] = {}
    best_index = -1
    best_named = 0
    for index, row in enumerate(table.rows[:max_scan]):
        if is_heading_row(row, ncols):
            continue
        mapping, named, recognised = _map_row(row, ncols)
        fields = set(mapping.values())
        if Field.DATE not in fields or Field.EVENT not in fields:
            continue
        key = (recognised, recognised / named, -index)
        if best is None or key > best:
            best, best_mapping, best_index, best_named = key, mapping, index, named
    if best is None:
        raise ImportFileError(table.source_name, NO_HEADER_REASON)

    header_row = table.rows[best_index]
    columns = [_text(header_row[i]) if i < len(header_row) else "" for i in range(ncols)]
    coverage = best[0] / best_named if best_named else 0.0
    date_col = next(i for i, f in best_mapping.items() if f is Field.DATE)
    date_share = _date_share(table, best_index, date_col, columns)
    confidence = min(1.0, round(0.2 + 0.5 * coverage + 0.3 * date_share, 3))
    return HeaderGuess(best_index, columns, best_mapping, confidence)


def score_table(table: RawTable) -> float:
    """How much a table looks like a chronology, 0..1 (0 when it has no usable header).

    Used to pick the sheet or Word table to import: the header confidence, nudged up for
    a table holding some rows under its header.
    """
    try:
        guess = detect_header(table)
    except ImportFileError:
        return 0.0
    data_rows = sum(
        1 for row in table.rows[guess.header_index + 1 :] if any(not _is_empty(v) for v in row)
    )
    return round(guess.confidence * (0.8 + 0.2 * min(1.0, data_rows / 10)), 4)
