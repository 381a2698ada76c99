"""The import pipeline: read an agency's file, map its columns, validate every row, and
write the accepted rows into the review in one transaction.

Nothing is dropped silently. Every row read ends as exactly one of:

* **imported** — an event in the chronology (possibly with warnings: outside the review's
  scope, in the future, an exact duplicate, out of order, an unreadable time);
* **quarantined** — kept with its raw cells and the reasons (no date, unreadable date,
  no event text), to be fixed and released later;
* **skipped** — not an event: blank rows, the header and repeated header rows, heading
  rows inside a table, title/preamble rows above the header, author's notes, totals rows.

``imported + quarantined + skipped == rows_read`` always, and the summary says so. The
original file's bytes are kept in the review with their SHA-256; the same bytes cannot be
imported twice.

Dates go through the core parser (:mod:`workbench.core.dates`), day first, never guessed:
typed date cells, Excel serials (a date typed in a "General" cell, also when a CSV export
wrote it as a five-digit number), a year typed as a number, and every written form.

:func:`prepare_import` reads and validates without writing (a dry run, or the wizard's
preview); :func:`commit_import` writes a prepared import as one transaction, so a cancel,
an error or a crash leaves the review exactly as it was. A revised submission from the
same agency is applied by :func:`workbench.importers.revision.apply_revision` instead.

Speed: the rows are validated with caches for the values that repeat (dates, times,
subject cells), inserted with one ``executemany`` per chunk, and indexed for search in one
statement at the end (the per-row search trigger is suspended inside the transaction).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import time as time_module
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from workbench.core import audit, search
from workbench.core.dates import (
    MAX_YEAR,
    MIN_YEAR,
    DateParseError,
    FuzzyDate,
    Precision,
    excel_serial_to_date,
    from_date,
    parse_datetime_text,
)
from workbench.core.model import (
    Agency,
    Event,
    MappingProfile,
    Person,
    QuarantinedRow,
    Review,
    SourceFile,
    new_uuid,
    utcnow,
)
from workbench.core.store import (
    BulkWriteCancelled,
    ReviewStore,
    bulk_insert_events,
    bulk_link_subjects,
)
from workbench.importers.errors import ImportFileError
from workbench.importers.headers import (
    Field,
    HeaderGuess,
    _map_row,
    detect_header,
    is_heading_row,
    is_repeated_header,
    normalise_header,
)
from workbench.importers.readers import CellValue, RawTable, gc_paused, read_table

__all__ = [
    "AGENCY_PALETTE",
    "EventValues",
    "ImportCancelled",
    "PreparedImport",
    "RowResult",
    "SubjectMatcher",
    "add_people",
    "cell_text",
    "commit_import",
    "find_profile",
    "get_or_create_agency",
    "header_for_row",
    "import_file",
    "latest_submission",
    "list_profiles",
    "mapping_from_profile",
    "mapping_to_json",
    "parse_cell_date",
    "parse_cell_date_time",
    "parse_sequence",
    "parse_time",
    "prepare_import",
    "sha256_bytes",
    "store_profile",
]

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
_F = TypeVar("_F", bound=Callable[..., Any])


def _without_gc(fn: _F) -> _F:
    """Run ``fn`` with the cyclic garbage collector paused (see :func:`gc_paused`)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with gc_paused():
            return fn(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


#: Colours for new agencies: each passes WCAG AA (4.5:1) for white text on the colour.
AGENCY_PALETTE = (
    "#1f5fa8",
    "#b03a2e",
    "#1e7b4f",
    "#7d3c98",
    "#a04f00",
    "#00677f",
    "#8e2453",
    "#4b5d16",
    "#3f4f9c",
    "#85442f",
    "#006b5f",
    "#5c5c5c",
)

_NOTE_PREFIXES = (
    "note",
    "author",
    "nb",
    "n.b",
    "no contact",
    "no further contact",
    "no record",
    "no involvement",
    "end of chronology",
    "chronology ends",
)

#: Rows written per ``executemany`` (progress is reported after each).
WRITE_CHUNK = 5000


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


class EventValues:
    """The values of one event read from a row (a compact record; also readable as a
    mapping: ``values["text"]``, ``values.get("time")``, ``dict(values.items())``)."""

    __slots__ = (
        "analysis",
        "end_date_text",
        "fuzzy",
        "outcome",
        "practitioner",
        "sequence",
        "source_ref",
        "source_reference",
        "subject_ids",
        "subjects_text",
        "text",
        "time",
    )

    def __init__(
        self,
        fuzzy: FuzzyDate,
        time: str | None,
        sequence: float | None,
        text: str,
        outcome: str,
        analysis: str,
        source_reference: str,
        practitioner: str,
        subjects_text: str,
        subject_ids: list[int],
        end_date_text: str,
        source_ref: str,
    ) -> None:
        self.fuzzy = fuzzy
        self.time = time
        self.sequence = sequence
        self.text = text
        self.outcome = outcome
        self.analysis = analysis
        self.source_reference = source_reference
        self.practitioner = practitioner
        self.subjects_text = subjects_text
        self.subject_ids = subject_ids
        self.end_date_text = end_date_text
        self.source_ref = source_ref

    def __getitem__(self, key: str) -> Any:
        try:
            return getattr(self, key)
        except AttributeError:
            raise KeyError(key) from None

    def __setitem__(self, key: str, value: Any) -> None:
        if key not in self.__slots__:
            raise KeyError(key)
        setattr(self, key, value)

    def __contains__(self, key: object) -> bool:
        return key in self.__slots__

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default)

    def keys(self) -> tuple[str, ...]:
        return self.__slots__

    def items(self) -> list[tuple[str, Any]]:
        return [(k, getattr(self, k)) for k in self.__slots__]


class RowResult:
    """What became of one row read from the file.

    Attributes:
        row: the row number in the source (sheet row, CSV record, Word table row).
        status: "event", "quarantined" or "skipped".
        reasons: why a row was quarantined or skipped.
        warnings: problems of an imported row (it is imported all the same).
        values: the event's values (status "event" only).
        cells: the raw cells by column name, as text (computed when first asked for).
    """

    __slots__ = ("_cells", "_columns", "_raw", "reasons", "row", "status", "values", "warnings")

    def __init__(
        self,
        row: int,
        status: str,
        reasons: list[str] | None = None,
        warnings: list[str] | None = None,
        cells: dict[str, Any] | None = None,
        values: EventValues | None = None,
        *,
        raw: Sequence[CellValue] | None = None,
        columns: Sequence[str] = (),
    ) -> None:
        self.row = row
        self.status = status
        self.reasons = reasons if reasons is not None else []
        self.warnings = warnings if warnings is not None else []
        self.values: EventValues = values  # type: ignore[assignment]
        self._cells = cells
        self._raw = raw
        self._columns = columns

    @property
    def cells(self) -> dict[str, Any]:
        if self._cells is None:
            self._cells = raw_cells(self._raw or (), self._columns)
        return self._cells

    def __repr__(self) -> str:
        return f"<RowResult row {self.row} {self.status} {self.reasons or self.warnings}>"


def raw_cells(row: Sequence[CellValue], columns: Sequence[str]) -> dict[str, str]:
    """A row's cells as text, by column name ("Column 3" where the header is empty)."""
    out: dict[str, str] = {}
    for i, value in enumerate(row):
        name = columns[i] if i < len(columns) and columns[i] else f"Column {i + 1}"
        if name in out:
            name = f"{name} ({i + 1})"
        out[name] = cell_text(value)
    return out


@dataclass
class PreparedImport:
    """A file read and validated, ready to be committed (nothing written yet).

    ``revises`` is the id of the agency's earlier submission when this file is applied as
    a revision of it; ``notes`` tell the user how the file was read and mapped.
    """

    path: Path
    agency_name: str
    data: bytes
    sha256: str
    table: RawTable
    header: HeaderGuess
    mapping: dict[int, Field]
    rows: list[RowResult]
    unknown_subjects: list[str]
    mapping_source: str = "detected"
    notes: list[str] = field(default_factory=list)
    revises: int | None = None
    previous_file: str | None = None

    @property
    def counts(self) -> dict[str, int]:
        out = {"imported": 0, "quarantined": 0, "skipped": 0}
        for r in self.rows:
            out["imported" if r.status == "event" else r.status] += 1
        return out

    def summary(self) -> dict[str, Any]:
        counts = self.counts
        warnings = [{"row": r.row, "warning": w} for r in self.rows for w in r.warnings]
        rows_read = len(self.table.rows)
        accounted = counts["imported"] + counts["quarantined"] + counts["skipped"] == rows_read
        return {
            "file": self.path.name,
            "agency": self.agency_name,
            "location": self.table.location,
            "rows_read": rows_read,
            "imported": counts["imported"],
            "quarantined": counts["quarantined"],
            "skipped": counts["skipped"],
            "warnings": len(warnings),
            "warning_list": warnings,
            "source_sha256": self.sha256,
            "quarantine": [
                {"row": r.row, "reason": "; ".join(r.reasons)}
                for r in self.rows
                if r.status == "quarantined"
            ],
            "skipped_rows": [
                {"row": r.row, "reason": "; ".join(r.reasons)}
                for r in self.rows
                if r.status == "skipped"
            ],
            "unknown_subjects": self.unknown_subjects,
            "header_row": self.table.row_numbers[self.header.header_index]
            if self.table.row_numbers
            else None,
            "mapping": {
                (self.header.columns[i] if i < len(self.header.columns) else "")
                or f"Column {i + 1}": f.value
                for i, f in sorted(self.mapping.items())
            },
            "mapping_source": self.mapping_source,
            "notes": list(self.notes),
            "accounted": accounted,
            "accounting": (
                f"{rows_read} rows read = {counts['imported']} imported + "
                f"{counts['quarantined']} quarantined + {counts['skipped']} skipped"
                if accounted
                else f"{rows_read} rows read, but only "
                f"{counts['imported'] + counts['quarantined'] + counts['skipped']} accounted for"
            ),
        }


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------


def cell_text(value: CellValue) -> str:
    """A cell as text, the way a person reads it (dates day-first)."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return value.strip()  # type: ignore[union-attr]
    if kind is bool:
        return "yes" if value else "no"
    if kind is datetime:
        assert isinstance(value, datetime)
        if value.time() == time(0, 0):
            return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d} {value:%H:%M}"
    if kind is date:
        assert isinstance(value, date)
        return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
    if kind is time:
        assert isinstance(value, time)
        return f"{value.hour:02d}:{value.minute:02d}"
    if kind is float:
        assert isinstance(value, float)
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


_SERIAL_TEXT = re.compile(r"^\d{5}(?:\.\d+)?$")
# A five-digit serial covers 14 May 1927 to 13 Oct 2173: any real chronology date. Smaller
# whole numbers in a date column are refused (a year on its own is 1800-2200).
_SERIAL_MIN, _SERIAL_MAX = 10_000, 99_999


def _date_from_number(value: float) -> tuple[FuzzyDate, str | None]:
    """(date, time or None) of a number in a date column: a year or an Excel serial."""
    if float(value).is_integer() and MIN_YEAR <= value <= MAX_YEAR:
        year = int(value)
        return (
            FuzzyDate(str(year), date(year, 1, 1), date(year, 12, 31), Precision.YEAR),
            None,
        )
    if not _SERIAL_MIN <= value <= _SERIAL_MAX:
        shown = cell_text(value)
        raise DateParseError(
            shown, f"the number {shown} is neither a year nor an Excel date serial"
        )
    day = excel_serial_to_date(float(value))
    fraction = float(value) - int(value)
    clock = None
    if fraction > 0:
        minutes = round(fraction * 24 * 60)
        if minutes < 24 * 60:
            clock = f"{minutes // 60:02d}:{minutes % 60:02d}"
    return from_date(day), clock


def parse_cell_date_time(
    value: CellValue, date_of_birth: date | None = None
) -> tuple[FuzzyDate, str | None, str | None]:
    """A date cell through the core parser: (date, time of day or None, warning or None).

    Typed date cells, date-time cells (their time is returned), numbers (a year such as
    2015, or an Excel serial from a "General" cell or a CSV export) and text in any form
    the parser reads. ``date_of_birth`` (of the row's subject) lets "aged 7 and a half"
    become a date range. Raises :class:`DateParseError` for anything else: no guess.
    """
    kind = type(value)
    if kind is date:
        assert isinstance(value, date)
        return from_date(value), None, None
    if kind is datetime:
        assert isinstance(value, datetime)
        clock = None if value.time() == time(0, 0) else f"{value:%H:%M}"
        return from_date(value.date()), clock, None
    if kind is int or kind is float:
        assert isinstance(value, int | float)
        fuzzy, clock = _date_from_number(value)
        return fuzzy, clock, None
    if kind is bool:
        raise DateParseError(cell_text(value), "a yes/no value is not a date")
    if kind is time:
        raise DateParseError(cell_text(value), "this is a time of day, not a date")
    shown = cell_text(value)
    if _SERIAL_TEXT.match(shown):
        fuzzy, clock = _date_from_number(float(shown))
        return (
            fuzzy,
            clock,
            f"date {shown!r} read as an Excel date serial: {fuzzy.describe()}",
        )
    fuzzy, clock = parse_datetime_text(shown, date_of_birth=date_of_birth)
    return fuzzy, clock, None


def parse_cell_date(value: CellValue, date_of_birth: date | None = None) -> FuzzyDate:
    """The date of a date cell (see :func:`parse_cell_date_time`)."""
    return parse_cell_date_time(value, date_of_birth)[0]


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?\s*(am|pm)?(?:\s*hrs?)?$", re.I)
_HHMM = re.compile(r"^(\d{2})(\d{2})(?:\s*hrs?)?$", re.I)


def parse_time(value: CellValue) -> tuple[str | None, str | None]:
    """("HH:MM" or None, a warning or None)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return value.strftime("%H:%M"), None
    if isinstance(value, time):
        return value.strftime("%H:%M"), None
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        if minutes < 24 * 60:
            return f"{minutes // 60:02d}:{minutes % 60:02d}", None
    text_value = cell_text(value)
    compact = text_value.replace(" ", "")
    m = _HHMM.match(compact)
    if m and int(m.group(1)) < 24 and int(m.group(2)) < 60:
        return f"{m.group(1)}:{m.group(2)}", None
    m = _TIME.match(text_value.strip())
    if m:
        hour, minute = int(m.group(1)), int(m.group(2))
        if m.group(3):
            if hour > 12 or hour == 0:
                return None, f"time {text_value!r} is not a real time"
            hour = hour % 12 + (12 if m.group(3).lower() == "pm" else 0)
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}", None
    return None, f"time {text_value!r} could not be read (kept in the event text)"


def parse_sequence(value: CellValue) -> float | None:
    if value is None or value == "":
        return None
    if type(value) is int or type(value) is float:
        return float(value)
    m = re.search(r"\d+(?:\.\d+)?", cell_text(value))
    return float(m.group(0)) if m else None


# ---------------------------------------------------------------------------------------
# Subjects
# ---------------------------------------------------------------------------------------


class SubjectMatcher:
    """Matches subject cells ("Child Z; Mother", "YPA", "CZ/M") to people in the register.

    Every name, pseudonym and alias of a person matches, ignoring case and punctuation.
    Parts that match nobody are collected in :attr:`unknown` (in the order first seen).
    """

    def __init__(self, people: Sequence[Person]) -> None:
        self.index: dict[str, int] = {}
        self.births = {p.id: p.date_of_birth for p in people if p.date_of_birth}
        for p in people:
            for name in [p.real_name, p.pseudonym, *p.alias_list]:
                key = self.key(name or "")
                if key:
                    self.index.setdefault(key, p.id)
        self.unknown: dict[str, None] = {}
        self._cache: dict[str, list[int]] = {}

    def date_of_birth(self, person_ids: Sequence[int]) -> date | None:
        """The date of birth that an age in the row refers to: its first subject's."""
        for person_id in person_ids:
            if person_id in self.births:
                return self.births[person_id]
        return None

    @staticmethod
    def key(name: str) -> str:
        return re.sub(r"[^\w]+", " ", name.casefold()).strip()

    @staticmethod
    def parts(cell: str) -> list[str]:
        """The names in a subject cell, as written."""
        return [p.strip() for p in re.split(r"[;,/\n&+]+|\band\b", cell) if p and p.strip()]

    def match(self, cell: str) -> list[int]:
        cached = self._cache.get(cell)
        if cached is not None:
            return list(cached)
        ids = self._match(cell)
        self._cache[cell] = ids
        return list(ids)

    def _match(self, cell: str) -> list[int]:
        ids: list[int] = []
        if not cell.strip():
            return ids
        whole = self.key(cell)
        if whole in self.index:
            return [self.index[whole]]
        for part in self.parts(cell):
            pid = self.index.get(self.key(part))
            if pid is None:
                if self.key(part):
                    self.unknown.setdefault(part, None)
            elif pid not in ids:
                ids.append(pid)
        return ids


def add_people(session: Session, names: Sequence[str]) -> list[Person]:
    """Add people to the register under the names an agency used (not yet known).

    A name already in the register (as a name, pseudonym or alias) is not added again.
    The name goes in as the real name; the reviewer completes the entry later.
    """
    matcher = SubjectMatcher(list(session.scalars(select(Person))))
    added: list[Person] = []
    seen: set[str] = set()
    for name in names:
        name = name.strip()
        key = SubjectMatcher.key(name)
        if not key or key in matcher.index or key in seen:
            continue
        seen.add(key)
        person = Person(real_name=name, notes="added from an agency chronology")
        session.add(person)
        added.append(person)
    session.flush()
    return added


# ---------------------------------------------------------------------------------------
# Mapping profiles
# ---------------------------------------------------------------------------------------


def _mapping_from_json(raw: str | dict[str, Any]) -> tuple[dict[int, Field], list[str]]:
    data = json.loads(raw) if isinstance(raw, str) else raw
    cols = data.get("columns", data)
    mapping = {}
    for k, v in cols.items():
        try:
            mapping[int(k)] = Field(v)
        except ValueError:
            continue
    return mapping, [str(h) for h in data.get("headers", [])]


def mapping_to_json(mapping: dict[int, Field], header: Sequence[str] = ()) -> str:
    return json.dumps(
        {
            "columns": {str(k): Field(v).value for k, v in sorted(mapping.items())},
            "headers": list(header),
        },
        ensure_ascii=False,
    )


def mapping_from_profile(
    profile_json: str | dict[str, Any], header: HeaderGuess
) -> dict[int, Field]:
    """A saved mapping applied to a file's header.

    When the file has the same columns as the file the profile was saved from, the
    mapping applies column by column. Otherwise each column is matched by its name; a
    column the profile does not name keeps the suggestion made for it.
    """
    saved, saved_headers = _mapping_from_json(profile_json)
    columns = header.columns
    if not saved_headers or [normalise_header(h) for h in saved_headers] == [
        normalise_header(h) for h in columns
    ]:
        width = len(columns) or (max(saved, default=-1) + 1)
        return {i: saved.get(i, Field.IGNORE) for i in range(width)}
    by_name: dict[str, Field] = {}
    for index, name in enumerate(saved_headers):
        key = normalise_header(name)
        if key and index in saved:
            by_name.setdefault(key, saved[index])
    out: dict[int, Field] = {}
    for index, name in enumerate(columns):
        key = normalise_header(name)
        out[index] = by_name.get(key, header.mapping.get(index, Field.IGNORE))
    return out


def find_profile(
    session: Session, agency_name: str, name: str | None = None
) -> MappingProfile | None:
    """The agency's profile called ``name``, or (no name) the one saved most recently."""
    stmt = (
        select(MappingProfile)
        .join(Agency, MappingProfile.agency_id == Agency.id)
        .where(Agency.name == agency_name)
    )
    if name:
        stmt = stmt.where(MappingProfile.name == name)
    return session.scalars(
        stmt.order_by(MappingProfile.updated_at.desc(), MappingProfile.id.desc())
    ).first()


def list_profiles(session: Session, agency_name: str) -> list[str]:
    """Names of the agency's saved mapping profiles, most recent first."""
    return [
        p.name
        for p in session.scalars(
            select(MappingProfile)
            .join(Agency, MappingProfile.agency_id == Agency.id)
            .where(Agency.name == agency_name)
            .order_by(MappingProfile.updated_at.desc(), MappingProfile.id.desc())
        )
    ]


def store_profile(
    session: Session, agency: Agency, name: str, mapping: dict[int, Field], header: Sequence[str]
) -> MappingProfile:
    """Create or replace the agency's mapping profile called ``name``."""
    profile = session.scalars(
        select(MappingProfile).where(
            MappingProfile.agency_id == agency.id, MappingProfile.name == name
        )
    ).first()
    payload = mapping_to_json(mapping, header)
    if profile is None:
        profile = MappingProfile(agency_id=agency.id, name=name, mapping_json=payload)
        session.add(profile)
    else:
        profile.mapping_json = payload
        profile.updated_at = utcnow()
    session.flush()
    return profile


# ---------------------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------------------


def header_for_row(table: RawTable, index: int) -> HeaderGuess:
    """The header guess when the user says the header is ``table.rows[index]``."""
    if not 0 <= index < len(table.rows):
        raise ImportFileError(
            table.source_name, f"there is no row {index + 1} to use as the header"
        )
    width = table.width
    row = table.rows[index]
    mapping, named, recognised = _map_row(row, width)
    columns = [cell_text(row[i]) if i < len(row) else "" for i in range(width)]
    confidence = round(recognised / named, 3) if named else 0.0
    return HeaderGuess(index, columns, mapping, confidence)


def latest_submission(session: Session, agency_name: str) -> SourceFile | None:
    """The agency's most recent submission that no later one revises (None if none)."""
    sources = list(
        session.scalars(
            select(SourceFile)
            .join(Agency, SourceFile.agency_id == Agency.id)
            .where(Agency.name == agency_name)
            .order_by(SourceFile.imported_at.desc(), SourceFile.id.desc())
        )
    )
    superseded = {s.supersedes_id for s in sources if s.supersedes_id}
    for source in sources:
        if source.id not in superseded:
            return source
    return None


# ---------------------------------------------------------------------------------------
# Reading and validating
# ---------------------------------------------------------------------------------------


@_without_gc
def prepare_import(
    store: ReviewStore,
    path: Path | str,
    agency_name: str,
    *,
    location: str | None = None,
    mapping: dict[int, Field] | None = None,
    profile: str | None = None,
    header_row: int | None = None,
    revises: int | bool | None = None,
    table: RawTable | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    today: date | None = None,
) -> PreparedImport:
    """Read and validate a file; writes nothing.

    Args:
        location: the sheet or Word table ("Table 2"); by default the one that looks
            most like a chronology.
        mapping: column index -> field, as the user set it; by default the agency's most
            recent mapping profile (or ``profile``), else the suggested mapping.
        header_row: the index in the table of the header row, when the user chose it.
        revises: the id of the agency's earlier submission this file revises (``True``:
            the agency's latest submission). Its events are then not counted as duplicates.
        table: the table already read (the wizard's preview), to avoid reading it again.

    Raises:
        ImportFileError: the file cannot be read, has no usable header, was imported
            before, or the mapping lacks a date or an event column.
    """
    path = Path(path)
    agency_name = agency_name.strip()
    if not agency_name:
        raise ImportFileError(path, "no agency was given for this file")
    if table is None:
        table = read_table(path, location, progress=progress)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(path, f"the file could not be read ({exc.strerror})") from None
    digest = sha256_bytes(data)
    notes = list(table.notes)
    with store.session() as session:
        existing = session.scalars(select(SourceFile).where(SourceFile.sha256 == digest)).first()
        if existing is not None:
            owner = f" for {existing.agency.name}" if existing.agency else ""
            raise ImportFileError(
                path,
                f"this exact file was already imported{owner} on "
                f"{existing.imported_at:%d %b %Y} as {existing.file_name!r}; "
                "it was not imported again",
            )
        header = header_for_row(table, header_row) if header_row is not None else None
        if header is None:
            header = detect_header(table)
        mapping_source = "given"
        if mapping is None:
            saved = find_profile(session, agency_name, profile)
            if saved is not None:
                mapping = mapping_from_profile(saved.mapping_json, header)
                mapping_source = f"profile {saved.name!r}"
                if not _has_date_and_event(mapping):
                    notes.append(
                        f"the saved profile {saved.name!r} does not fit this file's columns; "
                        "the suggested mapping was used"
                    )
                    mapping, mapping_source = dict(header.mapping), "detected"
                else:
                    notes.append(f"columns mapped with the saved profile {saved.name!r}")
            elif profile:
                raise ImportFileError(path, f"no mapping profile {profile!r} for {agency_name}")
            else:
                mapping_source = "detected"
        mapping = {int(k): Field(v) for k, v in (mapping or header.mapping).items()}
        _check_mapping(path, mapping)
        previous: SourceFile | None = None
        if revises is True:
            previous = latest_submission(session, agency_name)
            if previous is None:
                raise ImportFileError(
                    path, f"{agency_name} has no earlier submission for this file to revise"
                )
        elif revises:
            previous = session.get(SourceFile, int(revises))
            if previous is None:
                raise ImportFileError(path, f"there is no earlier submission {revises}")
        review = session.scalars(select(Review).limit(1)).one()
        people = list(session.scalars(select(Person)))
        matcher = SubjectMatcher(people)
        stmt = (
            select(Event.date_text, Event.text).join(Event.agency).where(Agency.name == agency_name)
        )
        if previous is not None:
            stmt = stmt.where(
                (Event.source_file_id != previous.id) | (Event.source_file_id.is_(None))
            )
        existing_keys = {(d, t.strip().casefold()) for d, t in session.execute(stmt)}
        rows = _validate(
            table,
            header,
            mapping,
            matcher,
            review,
            existing_keys,
            progress,
            cancelled,
            today or date.today(),
        )
    below = rows[header.header_index + 1 :]
    if all(r.status == "skipped" and r.reasons == ["blank row"] for r in below):
        raise ImportFileError(
            path,
            f"the table{' ' + repr(table.location) if table.location else ''} has a "
            "header but no rows under it: there is nothing to import",
        )
    return PreparedImport(
        path=path,
        agency_name=agency_name,
        data=data,
        sha256=digest,
        table=table,
        header=header,
        mapping=mapping,
        rows=rows,
        unknown_subjects=list(matcher.unknown),
        mapping_source=mapping_source,
        notes=notes,
        revises=previous.id if previous is not None else None,
        previous_file=previous.file_name if previous is not None else None,
    )


def _has_date_and_event(mapping: dict[int, Field]) -> bool:
    fields = set(mapping.values())
    return Field.DATE in fields and Field.EVENT in fields


def _check_mapping(path: Path, mapping: dict[int, Field]) -> None:
    fields = set(mapping.values())
    missing = [f.value for f in (Field.DATE, Field.EVENT) if f not in fields]
    if missing:
        raise ImportFileError(
            path, "the column mapping has no " + " and no ".join(missing) + " column"
        )


class _Columns:
    """Reads the fields of a row by the mapping (several columns may feed one field)."""

    def __init__(self, mapping: dict[int, Field], width: int) -> None:
        by_field: dict[Field, list[int]] = {}
        for col, fld in sorted(mapping.items()):
            if col < width and fld is not Field.IGNORE:
                by_field.setdefault(fld, []).append(col)
        self.by_field = by_field

    def first(self, row: Sequence[CellValue], fld: Field) -> CellValue:
        for col in self.by_field.get(fld, ()):
            value = row[col]
            if value is not None and value != "":
                return value
        return None

    def text(self, row: Sequence[CellValue], fld: Field) -> str:
        cols = self.by_field.get(fld)
        if not cols:
            return ""
        if len(cols) == 1:
            value = row[cols[0]]
            if value is None:
                return ""
            return value if type(value) is str else cell_text(value)
        parts = [cell_text(row[c]) for c in cols]
        return "\n".join(p for p in parts if p)


_TOTALS = re.compile(r"^(?:grand\s+)?(?:totals?|count|number of (?:entries|contacts|rows))\b", re.I)


def _is_note(row: Sequence[CellValue]) -> bool:
    joined = " ".join(cell_text(v) for v in row if v is not None).strip().casefold()
    return joined.startswith(_NOTE_PREFIXES)


def _validate(
    table: RawTable,
    header: HeaderGuess,
    mapping: dict[int, Field],
    matcher: SubjectMatcher,
    review: Review,
    existing_keys: set[tuple[str, str]],
    progress: Progress | None,
    cancelled: Cancelled | None,
    today: date,
) -> list[RowResult]:
    # The fields are read column by column (one comprehension each), then every row is
    # classified: per-row work stays small enough for 50,000 rows in a fraction of a second.
    rows = table.rows
    numbers = table.row_numbers
    total = len(rows)
    ncols = table.width
    columns = header.columns
    cols = _Columns(mapping, ncols)
    data = list(zip(*rows, strict=True)) if total and ncols else [() for _ in range(ncols)]
    empty = [""] * total

    def texts(fld: Field) -> list[str]:
        picked = cols.by_field.get(fld)
        if not picked:
            return empty
        parts = [
            [v if type(v) is str else ("" if v is None else cell_text(v)) for v in data[c]]
            for c in picked
        ]
        if len(parts) == 1:
            return parts[0]
        return ["\n".join(p for p in ps if p) for ps in zip(*parts, strict=True)]

    def firsts(fld: Field) -> list[CellValue] | None:
        picked = cols.by_field.get(fld)
        if not picked:
            return None
        if len(picked) == 1:
            return list(data[picked[0]])
        return [
            next((v for v in vs if v is not None and v != ""), None)
            for vs in zip(*(data[c] for c in picked), strict=True)
        ]

    dates = firsts(Field.DATE) or [None] * total
    events = texts(Field.EVENT)
    subjects = texts(Field.SUBJECTS)
    outcomes = texts(Field.OUTCOME)
    analyses = texts(Field.ANALYSIS)
    records = texts(Field.SOURCE_RECORD)
    practitioners = texts(Field.PRACTITIONER)
    end_dates = texts(Field.END_DATE)
    times = firsts(Field.TIME)
    sequences = firsts(Field.SEQUENCE)

    results: list[RowResult] = []
    append = results.append
    seen: set[tuple[str, str]] = set()
    last_key: tuple[date, float] | None = None
    header_index = header.header_index
    repeated = set(table.repeated_header_rows)
    header_texts = {columns[c] for c in cols.by_field.get(Field.DATE, ()) if c < len(columns)}
    text_columns = frozenset(
        c
        for fld in (Field.EVENT, Field.OUTCOME, Field.ANALYSIS)
        for c in cols.by_field.get(fld, ())
        if c > 0
    )
    scope_start, scope_end = review.scope_start, review.scope_end
    date_cache: dict[tuple[type, Any, date | None], Any] = {}
    time_cache: dict[tuple[type, Any], tuple[str | None, str | None]] = {}
    sequence_cache: dict[tuple[type, Any], tuple[float | None, str]] = {}
    match = matcher.match
    births = matcher.births

    for index in range(total):
        if index % 500 == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            if progress is not None and index % 2000 == 0:
                progress(index, total)
        row = rows[index]
        if index <= header_index:
            reason = "header row" if index == header_index else "title or preamble above the header"
            append(RowResult(numbers[index], "skipped", [reason], raw=row, columns=columns))
            continue
        date_cell = dates[index]
        event_text = events[index]
        if (
            date_cell is None
            or date_cell == ""
            or not event_text
            or (type(date_cell) is str and event_text == date_cell)
            or (type(date_cell) is int and event_text == str(date_cell))
            or index in repeated
            or (type(date_cell) is str and date_cell in header_texts)
        ):
            if date_cell == "":
                date_cell = None
            skip = _not_an_event(row, index, header, repeated, ncols, date_cell, text_columns)
            if skip is not None:
                append(RowResult(numbers[index], "skipped", [skip], raw=row, columns=columns))
                continue
        subjects_text = subjects[index]
        subject_ids = match(subjects_text) if subjects_text else []
        reasons: list[str] = []
        warnings: list[str] = []
        fuzzy: FuzzyDate | None = None
        clock: str | None = None
        if date_cell is None:
            reasons.append("no date")
        else:
            dob = None
            if subject_ids and births:
                dob = matcher.date_of_birth(subject_ids)
            key = (type(date_cell), date_cell, dob)
            parsed = date_cache.get(key)
            if parsed is None:
                try:
                    parsed = parse_cell_date_time(date_cell, dob)
                except DateParseError as exc:
                    parsed = f"date {cell_text(date_cell)!r} could not be read: {exc.reason}"
                date_cache[key] = parsed
            if isinstance(parsed, str):
                reasons.append(parsed)
            else:
                fuzzy, clock, date_warning = parsed
                if fuzzy.precision is Precision.UNKNOWN:
                    reasons.append(f"date {fuzzy.text!r} is unknown")
                    fuzzy = None
                elif date_warning:
                    warnings.append(date_warning)
        if not event_text:
            reasons.append("no event text")
        if reasons:
            append(RowResult(numbers[index], "quarantined", reasons, raw=row, columns=columns))
            continue
        assert fuzzy is not None
        earliest = fuzzy.earliest
        latest = fuzzy.latest
        assert earliest is not None and latest is not None
        if times is not None:
            time_cell = times[index]
            if time_cell is not None and time_cell != "":
                tkey = (type(time_cell), time_cell)
                parsed_time = time_cache.get(tkey)
                if parsed_time is None:
                    parsed_time = time_cache[tkey] = parse_time(time_cell)
                if parsed_time[0] is not None:
                    clock = parsed_time[0]
                if parsed_time[1]:
                    warnings.append(parsed_time[1])
        if scope_start and latest < scope_start:
            warnings.append("before the review's scope")
        elif scope_end and earliest > scope_end:
            warnings.append("after the review's scope")
        if earliest > today:
            warnings.append("in the future")
        dup_key = (fuzzy.text, event_text.casefold())
        if dup_key in seen or dup_key in existing_keys:
            warnings.append("exact duplicate of another row")
        seen.add(dup_key)
        sequence: float | None = None
        ref = ""
        if sequences is not None:
            sequence_cell = sequences[index]
            if type(sequence_cell) is int:
                sequence, ref = float(sequence_cell), str(sequence_cell)
            elif sequence_cell is not None and sequence_cell != "":
                skey = (type(sequence_cell), sequence_cell)
                parsed_seq = sequence_cache.get(skey)
                if parsed_seq is None:
                    parsed_seq = (parse_sequence(sequence_cell), cell_text(sequence_cell)[:50])
                    if len(sequence_cache) < 100_000:
                        sequence_cache[skey] = parsed_seq
                sequence, ref = parsed_seq
        order_key = (earliest, sequence if sequence is not None else 0.0)
        if last_key is not None and order_key < last_key:
            warnings.append("out of order (earlier than the row above)")
        last_key = order_key
        values = EventValues(
            fuzzy,
            clock,
            sequence,
            event_text,
            outcomes[index],
            analyses[index],
            records[index],
            practitioners[index],
            subjects_text,
            subject_ids,
            end_dates[index],
            ref,
        )
        append(
            RowResult(
                numbers[index], "event", reasons, warnings, values=values, raw=row, columns=columns
            )
        )
    if progress is not None:
        progress(total, total)
    return results


def _not_an_event(
    row: Sequence[CellValue],
    index: int,
    header: HeaderGuess,
    repeated: set[int],
    ncols: int,
    date_cell: CellValue,
    text_columns: frozenset[int] = frozenset(),
) -> str | None:
    """Why a row without a usable date or without event text is not an event (None: it
    may be an event, to be imported or quarantined).

    ``text_columns`` are the event-text columns other than the first column: a lone
    text there is an event whose date is missing, not a heading.
    """
    filled = [v for v in row if v is not None and not (type(v) is str and not v.strip())]
    if not filled:
        return "blank row"
    if index in repeated or is_repeated_header(list(row), header):
        return "header row repeated"
    if date_cell is None and _is_note(row):
        return "author's note, not an event"
    if date_cell is None and _TOTALS.match(cell_text(filled[0])):
        return "totals row, not an event"
    if date_cell is None:
        if is_heading_row(list(row), ncols) and not (
            len(filled) == 1 and _lone_text_cell(row, text_columns)
        ):
            return f"heading: {cell_text(filled[0])}"
        return None
    # A date but no event text: a heading merged across the table ("2016" in every
    # cell), or a lone heading that is not a day ("2016", "Scoping period"). A lone day
    # is a row with its text missing, for quarantine.
    first = cell_text(filled[0])
    if len(filled) >= 2:
        if all(cell_text(v) == first for v in filled[1:]):
            return f"heading: {first}"
        return None
    if is_heading_row(list(row), ncols) and not _is_a_day(filled[0]):
        return f"heading: {first}"
    return None


def _lone_text_cell(row: Sequence[CellValue], text_columns: frozenset[int]) -> bool:
    return any(row[c] is not None and cell_text(row[c]) != "" for c in text_columns if c < len(row))


def _is_a_day(value: CellValue) -> bool:
    try:
        fuzzy = parse_cell_date_time(value)[0]
    except DateParseError:
        return False
    return fuzzy.precision in (Precision.DAY, Precision.WEEK)


# ---------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------


def get_or_create_agency(session: Session, name: str, short_name: str = "") -> Agency:
    agency = session.scalars(select(Agency).where(Agency.name == name)).first()
    if agency is None:
        n = len(session.scalars(select(Agency.id)).all())
        agency = Agency(
            name=name,
            short_name=short_name or _short_name(name),
            colour=AGENCY_PALETTE[n % len(AGENCY_PALETTE)],
            sort_order=n,
        )
        session.add(agency)
        session.flush()
    return agency


def _short_name(name: str) -> str:
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper())
    return (initials or name[:4]).upper()[:8]


def _uuid7_batch(n: int) -> list[str]:
    """``n`` time-ordered (version 7, RFC 9562) UUIDs as text, in increasing order.

    The first 48 bits are the time in milliseconds; then (around the version and variant
    bits) a 32-bit counter that starts at a random value and grows by one per UUID (the
    "monotonic random" method); the rest is random. Ordered keys go in at the end of the unique index instead of all over it,
    which makes a large import's inserts markedly cheaper.
    """
    millis = int(time_module.time() * 1000) & 0xFFFF_FFFF_FFFF
    counter = int.from_bytes(os.urandom(4), "big") >> 1
    tail = os.urandom(5 * n).hex()
    stamp = f"{millis:012x}"
    prefix = f"{stamp[:8]}-{stamp[8:]}-7"
    out = []
    for i in range(n):
        c = f"{counter + i:08x}"
        r = tail[10 * i : 10 * i + 10]
        out.append(f"{prefix}{c[:3]}-8{c[3:6]}-{c[6:8]}{r[:10]}")
    return out


#: The values an import binds for each event, in the order of its row tuples.
_EVENT_BOUND = (
    "uuid",
    "date_text",
    "date_earliest",
    "date_latest",
    "date_precision",
    "date_approximate",
    "date_doubtful",
    "time",
    "end_date_text",
    "sequence",
    "text",
    "outcome",
    "analysis",
    "source_reference",
    "practitioner",
    "subjects_text",
    "source_row",
    "source_ref",
)
#: The agency's text as submitted repeats the bound text.
_EVENT_SUBMITTED = {
    "submitted_text": "text",
    "submitted_outcome": "outcome",
    "submitted_analysis": "analysis",
}


def insert_events(
    session: Session,
    rows: Sequence[RowResult],
    *,
    agency_id: int,
    source_id: int,
    location: str,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> list[int]:
    """Insert the events of ``rows`` (status "event") and their subject links, index them
    for search, and return their ids in the order of ``rows``.

    Runs inside the caller's transaction. The per-row search trigger is suspended while
    the rows go in and the new rows are indexed in one statement afterwards; both are
    part of the transaction, so a rollback restores the trigger too.
    """
    events = [r for r in rows if r.status == "event"]
    if not events:
        return []
    now = utcnow()
    uuids = _uuid7_batch(len(events))
    tuples: list[tuple[Any, ...]] = []
    add = tuples.append
    for r, uid in zip(events, uuids, strict=True):
        v = r.values
        fz = v.fuzzy
        earliest, latest = fz.earliest, fz.latest
        add(
            (
                uid,
                fz.text,
                earliest.isoformat() if earliest else None,
                latest.isoformat() if latest else None,
                fz.precision.value,
                int(fz.approximate),
                int(fz.doubtful),
                v.time,
                v.end_date_text,
                v.sequence,
                v.text,
                v.outcome,
                v.analysis,
                v.source_reference,
                v.practitioner,
                v.subjects_text,
                r.row,
                v.source_ref,
            )
        )
    # Progress counts the rows written, then indexing them for search as a third as much.
    total = len(tuples) + len(tuples) // 3
    connection = session.connection()
    with search.suspended_trigger(connection, search.INSERT_TRIGGER) as indexed:
        try:
            ids = bulk_insert_events(
                connection,
                _EVENT_BOUND,
                tuples,
                shared={
                    "created_at": now,
                    "updated_at": now,
                    "agency_id": int(agency_id),
                    "is_milestone": False,
                    "source_file_id": int(source_id),
                    "source_location": location,
                },
                repeats=_EVENT_SUBMITTED,
                chunk=WRITE_CHUNK,
                progress=None if progress is None else lambda done: progress(done, total),
                cancelled=cancelled,
            )
        except BulkWriteCancelled:
            raise ImportCancelled() from None
        if indexed:
            search.index_event_rows(connection, min(ids), max(ids), source_id)
    if progress is not None:
        progress(total, total)
    bulk_link_subjects(
        connection,
        (
            (event_id, pid)
            for event_id, r in zip(ids, events, strict=True)
            for pid in r.values.subject_ids
        ),
    )
    return ids


def insert_quarantine(
    session: Session,
    rows: Sequence[RowResult],
    *,
    agency_id: int,
    source_id: int,
    location: str,
) -> int:
    """Keep the quarantined rows with their raw cells and reasons; returns how many."""
    now = utcnow()
    quarantine_rows = [
        {
            "uuid": new_uuid(),
            "created_at": now,
            "updated_at": now,
            "source_file_id": source_id,
            "agency_id": agency_id,
            "location": location,
            "row_number": r.row,
            "cells_json": json.dumps(r.cells, ensure_ascii=False),
            "reasons_json": json.dumps(r.reasons, ensure_ascii=False),
            "status": "waiting",
        }
        for r in rows
        if r.status == "quarantined"
    ]
    if quarantine_rows:
        session.execute(insert(QuarantinedRow), quarantine_rows)
    return len(quarantine_rows)


def add_source(
    session: Session,
    store: ReviewStore,
    prepared: PreparedImport,
    agency: Agency,
    summary: dict[str, Any],
) -> SourceFile:
    """The source file row: the original bytes, their SHA-256 and how they were read."""
    source = SourceFile(
        agency_id=agency.id,
        file_name=prepared.path.name,
        content=prepared.data,
        size=len(prepared.data),
        sha256=prepared.sha256,
        imported_at=utcnow(),
        imported_by=store.user,
        location=prepared.table.location or "",
        mapping_json=mapping_to_json(prepared.mapping, prepared.header.columns),
        summary_json=json.dumps(
            {k: v for k, v in summary.items() if k not in ("warning_list", "skipped_rows")},
            ensure_ascii=False,
        ),
        supersedes_id=prepared.revises,
    )
    session.add(source)
    session.flush()
    return source


def link_new_people(
    session: Session, prepared: PreparedImport, names: Sequence[str]
) -> list[Person]:
    """Add ``names`` to the register and link them to the prepared rows that name them."""
    added = add_people(session, names)
    if not added:
        return added
    matcher = SubjectMatcher(list(session.scalars(select(Person))))
    for r in prepared.rows:
        if r.status == "event" and r.values.subjects_text:
            r.values.subject_ids = matcher.match(r.values.subjects_text)
    prepared.unknown_subjects = [
        n for n in prepared.unknown_subjects if SubjectMatcher.key(n) not in matcher.index
    ]
    return added


@_without_gc
def commit_import(
    store: ReviewStore,
    prepared: PreparedImport,
    *,
    save_profile: str | None = None,
    add_subjects: Sequence[str] = (),
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    short_name: str = "",
    snapshot: bool = True,
) -> dict[str, Any]:
    """Write a prepared import in one transaction and return its summary.

    With ``snapshot`` (the default) the review is first copied into its snapshot folder
    ("before-import"; the oldest snapshots beyond the last ten are pruned).
    ``save_profile`` saves the mapping used as the agency's profile of that name;
    ``add_subjects`` adds those unknown subject names to the register and links them.
    A prepared revision (``prepared.revises``) is applied as a revision.
    """
    if prepared.revises is not None:
        from workbench.importers.revision import apply_revision

        return apply_revision(
            store,
            prepared,
            save_profile=save_profile,
            add_subjects=add_subjects,
            progress=progress,
            cancelled=cancelled,
            snapshot=snapshot,
        )
    if snapshot and not store.read_only:
        from workbench.core.backups import snapshot as take_snapshot

        take_snapshot(store, "before-import")
    with store.transaction(audit_label=f"Import {prepared.path.name}") as session:
        agency = get_or_create_agency(session, prepared.agency_name, short_name)
        if add_subjects:
            link_new_people(session, prepared, add_subjects)
        summary = prepared.summary()
        source = add_source(session, store, prepared, agency, summary)
        location = prepared.table.location or ""
        insert_events(
            session,
            prepared.rows,
            agency_id=agency.id,
            source_id=source.id,
            location=location,
            progress=progress,
            cancelled=cancelled,
        )
        insert_quarantine(
            session, prepared.rows, agency_id=agency.id, source_id=source.id, location=location
        )
        if save_profile:
            store_profile(session, agency, save_profile, prepared.mapping, prepared.header.columns)
        audit.record(
            session,
            "import",
            "source_file",
            item_uuid=source.uuid,
            label=f"Import {prepared.path.name}",
            after={k: summary[k] for k in ("imported", "quarantined", "skipped", "rows_read")},
        )
        if cancelled is not None and cancelled():
            raise ImportCancelled()
    summary["source_id"] = source.id
    return summary


def import_file(
    store: ReviewStore,
    path: Path | str,
    agency_name: str,
    *,
    location: str | None = None,
    mapping: dict[int, Field] | None = None,
    profile: str | None = None,
    save_profile: str | None = None,
    revises: int | bool | None = None,
    add_subjects: Sequence[str] | bool = (),
    dry_run: bool = False,
    short_name: str = "",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> dict[str, Any]:
    """Read, validate and (unless ``dry_run``) import one file. Returns the summary.

    ``revises`` applies the file as a revision of the agency's earlier submission (the
    summary then has a "revision" entry: what was added, changed and removed);
    ``add_subjects=True`` adds every unknown subject name to the register.
    """
    prepared = prepare_import(
        store,
        path,
        agency_name,
        location=location,
        mapping=mapping,
        profile=profile,
        revises=revises,
        progress=progress,
        cancelled=cancelled,
    )
    if dry_run:
        summary = prepared.summary()
        if prepared.revises is not None:
            from workbench.importers.revision import diff_revision

            summary["revision"] = diff_revision(store, prepared).summary()
        return summary
    names = list(prepared.unknown_subjects) if add_subjects is True else list(add_subjects or ())
    return commit_import(
        store,
        prepared,
        save_profile=save_profile,
        add_subjects=names,
        progress=progress,
        cancelled=cancelled,
        short_name=short_name,
    )
