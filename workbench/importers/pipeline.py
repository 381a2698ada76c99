"""The import pipeline: read an agency's file, map its columns, validate every row, and
write the accepted rows into the review in one transaction.

Nothing is dropped silently. Every row read ends as exactly one of:

* **imported** — an event in the chronology (possibly with warnings);
* **quarantined** — kept with its raw cells and the reasons (no date, unreadable date,
  no event text), to be fixed and released later;
* **skipped** — not an event: blank rows, the header and repeated header rows, heading
  rows inside a table, title/preamble rows above the header, author notes.

``imported + quarantined + skipped == rows_read`` always, and the summary says so. The
original file's bytes are kept in the review with their SHA-256; the same bytes cannot be
imported twice.

:func:`prepare_import` reads and validates without writing (a dry run, or the wizard's
preview); :func:`commit_import` writes a prepared import as one transaction, so a cancel,
an error or a crash leaves the review exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from workbench.core import audit
from workbench.core.dates import (
    DateParseError,
    FuzzyDate,
    Precision,
    excel_serial_to_date,
    from_date,
    parse_date,
)
from workbench.core.model import (
    Agency,
    Event,
    MappingProfile,
    Person,
    QuarantinedRow,
    Review,
    SourceFile,
    event_subject,
    new_uuid,
    utcnow,
)
from workbench.core.store import ReviewStore
from workbench.importers.errors import ImportFileError
from workbench.importers.headers import (
    Field,
    HeaderGuess,
    detect_header,
    is_heading_row,
    is_repeated_header,
)
from workbench.importers.readers import CellValue, RawTable, read_table

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

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


class ImportCancelled(Exception):
    """The user cancelled; nothing was written."""


@dataclass
class RowResult:
    """What became of one row read from the file."""

    row: int
    status: str  # "event" | "quarantined" | "skipped"
    reasons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cells: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class PreparedImport:
    path: Path
    agency_name: str
    data: bytes
    sha256: str
    table: RawTable
    header: HeaderGuess
    mapping: dict[int, Field]
    rows: list[RowResult]
    unknown_subjects: list[str]

    @property
    def counts(self) -> dict[str, int]:
        out = {"imported": 0, "quarantined": 0, "skipped": 0}
        for r in self.rows:
            out[{"event": "imported"}.get(r.status, r.status)] += 1
        return out

    def summary(self) -> dict[str, Any]:
        counts = self.counts
        warnings = [{"row": r.row, "warning": w} for r in self.rows for w in r.warnings]
        return {
            "file": self.path.name,
            "agency": self.agency_name,
            "location": self.table.location,
            "rows_read": len(self.table.rows),
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
            "mapping": {
                self.header.columns[i] if i < len(self.header.columns) else str(i): f.value
                for i, f in sorted(self.mapping.items())
            },
            "accounted": counts["imported"] + counts["quarantined"] + counts["skipped"]
            == len(self.table.rows),
        }


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def cell_text(value: CellValue) -> str:
    """A cell as text, the way a person reads it (dates day-first)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def parse_cell_date(value: CellValue, date_of_birth: date | None = None) -> FuzzyDate:
    """A date cell through the core parser: typed dates, Excel serials or text.

    ``date_of_birth`` (of the row's subject) lets "aged 7 and a half" become a date range.
    """
    if isinstance(value, datetime):
        return from_date(value.date(), text=value.strftime("%d/%m/%Y"))
    if isinstance(value, date):
        return from_date(value, text=value.strftime("%d/%m/%Y"))
    if isinstance(value, int | float) and not isinstance(value, bool):
        day = excel_serial_to_date(float(value))
        return from_date(day, text=day.strftime("%d/%m/%Y"))
    return parse_date(cell_text(value), date_of_birth=date_of_birth)


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?\s*(am|pm)?$", re.I)


def parse_time(value: CellValue) -> tuple[str | None, str | None]:
    """("HH:MM" or None, a warning or None)."""
    if value is None or value == "":
        return None, None
    if isinstance(value, time):
        return value.strftime("%H:%M"), None
    if isinstance(value, datetime):
        return value.strftime("%H:%M"), None
    if isinstance(value, float) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}", None
    text = cell_text(value)
    compact = text.replace(" ", "")
    if re.fullmatch(r"\d{4}", compact) and int(compact[:2]) < 24 and int(compact[2:]) < 60:
        return f"{compact[:2]}:{compact[2:]}", None
    m = _TIME.match(text.strip())
    if m:
        hour, minute = int(m.group(1)), int(m.group(2))
        if m.group(3):
            if hour > 12 or hour == 0:
                return None, f"time {text!r} is not a real time"
            hour = hour % 12 + (12 if m.group(3).lower() == "pm" else 0)
        if hour < 24 and minute < 60:
            return f"{hour:02d}:{minute:02d}", None
    return None, f"time {text!r} could not be read (kept in the event text)"


def parse_sequence(value: CellValue) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    m = re.search(r"\d+(?:\.\d+)?", cell_text(value))
    return float(m.group(0)) if m else None


class SubjectMatcher:
    """Matches subject cells ("Child Z; Mother", "YPA", "CZ/M") to people in the register."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.index: dict[str, int] = {}
        self.births = {p.id: p.date_of_birth for p in people if p.date_of_birth}
        for p in people:
            for name in [p.real_name, p.pseudonym, *p.alias_list]:
                key = self.key(name)
                if key:
                    self.index.setdefault(key, p.id)
        self.unknown: dict[str, None] = {}

    def date_of_birth(self, person_ids: Sequence[int]) -> date | None:
        """The date of birth that an age in the row refers to: its first subject's."""
        for person_id in person_ids:
            if person_id in self.births:
                return self.births[person_id]
        return None

    @staticmethod
    def key(name: str) -> str:
        return re.sub(r"[^\w]+", " ", name.casefold()).strip()

    def match(self, cell: str) -> list[int]:
        ids: list[int] = []
        if not cell.strip():
            return ids
        whole = self.key(cell)
        if whole in self.index:
            return [self.index[whole]]
        for part in re.split(r"[;,/\n&]+|\band\b", cell):
            part = part.strip()
            if not part:
                continue
            pid = self.index.get(self.key(part))
            if pid is None:
                self.unknown.setdefault(part, None)
            elif pid not in ids:
                ids.append(pid)
        return ids


def _is_note(row_text: list[str]) -> bool:
    joined = " ".join(t for t in row_text if t).strip().casefold()
    return joined.startswith(_NOTE_PREFIXES)


def _mapping_from_json(raw: str | dict[str, Any]) -> dict[int, Field]:
    data = json.loads(raw) if isinstance(raw, str) else raw
    cols = data.get("columns", data)
    return {int(k): Field(v) for k, v in cols.items()}


def mapping_to_json(mapping: dict[int, Field], header: Sequence[str] = ()) -> str:
    return json.dumps(
        {
            "columns": {str(k): v.value for k, v in sorted(mapping.items())},
            "headers": list(header),
        }
    )


def find_profile(
    session: Session, agency_name: str, name: str | None = None
) -> MappingProfile | None:
    stmt = (
        select(MappingProfile)
        .join(Agency, MappingProfile.agency_id == Agency.id)
        .where(Agency.name == agency_name)
    )
    if name:
        stmt = stmt.where(MappingProfile.name == name)
    return session.scalars(stmt.order_by(MappingProfile.updated_at.desc())).first()


def prepare_import(
    store: ReviewStore,
    path: Path | str,
    agency_name: str,
    *,
    location: str | None = None,
    mapping: dict[int, Field] | None = None,
    profile: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    today: date | None = None,
) -> PreparedImport:
    """Read and validate a file; writes nothing."""
    path = Path(path)
    agency_name = agency_name.strip()
    if not agency_name:
        raise ImportFileError(path, "no agency was given for this file")
    table = read_table(path, location)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(path, f"the file could not be read ({exc.strerror})") from None
    digest = sha256_bytes(data)
    with store.session() as session:
        existing = session.scalars(select(SourceFile).where(SourceFile.sha256 == digest)).first()
        if existing is not None:
            raise ImportFileError(
                path,
                f"this exact file was already imported on {existing.imported_at:%d %b %Y} "
                f"as {existing.file_name!r}",
            )
        header = detect_header(table)
        if mapping is None:
            saved = find_profile(session, agency_name, profile)
            if saved is not None:
                mapping = _mapping_from_json(saved.mapping_json)
            elif profile:
                raise ImportFileError(path, f"no mapping profile {profile!r} for {agency_name}")
        mapping = dict(mapping if mapping is not None else header.mapping)
        _check_mapping(path, mapping)
        review = session.scalars(select(Review).limit(1)).one()
        people = list(session.scalars(select(Person)))
        matcher = SubjectMatcher(people)
        existing_keys = {
            (d, t.strip().casefold())
            for d, t in session.execute(
                select(Event.date_text, Event.text)
                .join(Event.agency)
                .where(Agency.name == agency_name)
            )
        }
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
    )


def _check_mapping(path: Path, mapping: dict[int, Field]) -> None:
    fields = set(mapping.values())
    missing = [f.value for f in (Field.DATE, Field.EVENT) if f not in fields]
    if missing:
        raise ImportFileError(
            path, "the column mapping has no " + " and no ".join(missing) + " column"
        )


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
    results: list[RowResult] = []
    total = len(table.rows)
    seen: set[tuple[str, str]] = set()
    last_key: tuple[date, float] | None = None
    columns = header.columns
    by_field: dict[Field, list[int]] = {}
    for col, fld in sorted(mapping.items()):
        by_field.setdefault(fld, []).append(col)
    ncols = max((len(r) for r in table.rows), default=0)

    def cell(row: list[CellValue], fld: Field) -> CellValue:
        for col in by_field.get(fld, []):
            if col < len(row) and row[col] not in (None, ""):
                return row[col]
        return None

    def texts(row: list[CellValue], fld: Field) -> str:
        parts = [cell_text(row[c]) for c in by_field.get(fld, []) if c < len(row)]
        return "\n".join(p for p in parts if p)

    for index, (row, number) in enumerate(zip(table.rows, table.row_numbers, strict=True)):
        if cancelled is not None and index % 500 == 0 and cancelled():
            raise ImportCancelled()
        if progress is not None and index % 1000 == 0:
            progress(index, total)
        raw = {
            (columns[i] if i < len(columns) and columns[i] else f"Column {i + 1}"): cell_text(v)
            for i, v in enumerate(row)
        }
        as_text = [cell_text(v) for v in row]
        if index < header.header_index:
            results.append(
                RowResult(number, "skipped", ["title or preamble above the header"], cells=raw)
            )
            continue
        if index == header.header_index:
            results.append(RowResult(number, "skipped", ["header row"], cells=raw))
            continue
        if not any(as_text):
            results.append(RowResult(number, "skipped", ["blank row"], cells=raw))
            continue
        if is_repeated_header(row, header):
            results.append(RowResult(number, "skipped", ["header row repeated"], cells=raw))
            continue
        date_cell = cell(row, Field.DATE)
        event_text = texts(row, Field.EVENT)
        if date_cell is None and is_heading_row(row, ncols):
            heading = next(t for t in as_text if t)
            results.append(RowResult(number, "skipped", [f"heading: {heading}"], cells=raw))
            continue
        if date_cell is None and _is_note(as_text):
            results.append(RowResult(number, "skipped", ["author's note, not an event"], cells=raw))
            continue
        reasons: list[str] = []
        warnings: list[str] = []
        fuzzy: FuzzyDate | None = None
        subjects_text = texts(row, Field.SUBJECTS)
        subject_ids = matcher.match(subjects_text)
        if date_cell is None:
            reasons.append("no date")
        else:
            try:
                fuzzy = parse_cell_date(date_cell, matcher.date_of_birth(subject_ids))
            except DateParseError as exc:
                reasons.append(f"date {cell_text(date_cell)!r} could not be read: {exc.reason}")
            else:
                if fuzzy.precision is Precision.UNKNOWN:
                    reasons.append(f"date {fuzzy.text!r} is unknown")
                    fuzzy = None
        if not event_text:
            reasons.append("no event text")
        if reasons:
            results.append(RowResult(number, "quarantined", reasons, cells=raw))
            continue
        assert fuzzy is not None and fuzzy.earliest is not None and fuzzy.latest is not None
        time_value, time_warning = parse_time(cell(row, Field.TIME))
        if time_warning:
            warnings.append(time_warning)
        if review.scope_start and fuzzy.latest < review.scope_start:
            warnings.append("before the review's scope")
        elif review.scope_end and fuzzy.earliest > review.scope_end:
            warnings.append("after the review's scope")
        if fuzzy.earliest > today:
            warnings.append("in the future")
        key = (fuzzy.text, event_text.strip().casefold())
        if key in seen or key in existing_keys:
            warnings.append("exact duplicate of another row")
        seen.add(key)
        sequence = parse_sequence(cell(row, Field.SEQUENCE))
        order_key = (fuzzy.earliest, sequence if sequence is not None else 0.0)
        if last_key is not None and order_key < last_key:
            warnings.append("out of order (earlier than the row above)")
        last_key = order_key
        values = {
            "fuzzy": fuzzy,
            "time": time_value,
            "sequence": sequence,
            "text": event_text,
            "outcome": texts(row, Field.OUTCOME),
            "analysis": texts(row, Field.ANALYSIS),
            "source_reference": texts(row, Field.SOURCE_RECORD),
            "practitioner": texts(row, Field.PRACTITIONER),
            "subjects_text": subjects_text,
            "subject_ids": subject_ids,
            "end_date_text": texts(row, Field.END_DATE),
            "source_ref": cell_text(cell(row, Field.SEQUENCE)),
        }
        results.append(RowResult(number, "event", [], warnings, cells=raw, values=values))
    if progress is not None:
        progress(total, total)
    return results


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


def commit_import(
    store: ReviewStore,
    prepared: PreparedImport,
    *,
    save_profile: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    short_name: str = "",
    snapshot: bool = True,
) -> dict[str, Any]:
    """Write a prepared import in one transaction and return its summary.

    With ``snapshot`` (the default) the review is first copied into its snapshot folder
    ("before-import"; the oldest snapshots beyond the last ten are pruned).
    """
    if snapshot and not store.read_only:
        from workbench.core.backups import snapshot as take_snapshot

        take_snapshot(store, "before-import")
    summary = prepared.summary()
    with store.transaction(audit_label=f"Import {prepared.path.name}") as session:
        agency = get_or_create_agency(session, prepared.agency_name, short_name)
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
                {k: v for k, v in summary.items() if k not in ("warning_list", "skipped_rows")}
            ),
        )
        session.add(source)
        session.flush()
        location = prepared.table.location or ""
        now = utcnow()
        event_rows: list[dict[str, Any]] = []
        subject_links: list[tuple[int, list[int]]] = []
        quarantine_rows: list[dict[str, Any]] = []
        for r in prepared.rows:
            if r.status == "event":
                v = r.values
                fz: FuzzyDate = v["fuzzy"]
                event_rows.append(
                    {
                        "uuid": new_uuid(),
                        "created_at": now,
                        "updated_at": now,
                        "agency_id": agency.id,
                        "date_text": fz.text,
                        "date_earliest": fz.earliest,
                        "date_latest": fz.latest,
                        "date_precision": fz.precision.value,
                        "date_approximate": fz.approximate,
                        "date_doubtful": fz.doubtful,
                        "time": v["time"],
                        "end_date_text": v["end_date_text"],
                        "sequence": v["sequence"],
                        "text": v["text"],
                        "outcome": v["outcome"],
                        "analysis": v["analysis"],
                        "source_reference": v["source_reference"],
                        "practitioner": v["practitioner"],
                        "subjects_text": v["subjects_text"],
                        "is_milestone": False,
                        "source_file_id": source.id,
                        "source_location": location,
                        "source_row": r.row,
                        "source_ref": v["source_ref"],
                        "submitted_text": v["text"],
                        "submitted_outcome": v["outcome"],
                        "submitted_analysis": v["analysis"],
                    }
                )
                subject_links.append((len(event_rows) - 1, v["subject_ids"]))
            elif r.status == "quarantined":
                quarantine_rows.append(
                    {
                        "uuid": new_uuid(),
                        "created_at": now,
                        "updated_at": now,
                        "source_file_id": source.id,
                        "agency_id": agency.id,
                        "location": location,
                        "row_number": r.row,
                        "cells_json": json.dumps(r.cells, ensure_ascii=False),
                        "reasons_json": json.dumps(r.reasons, ensure_ascii=False),
                        "status": "waiting",
                    }
                )
        chunk = 5000
        for start in range(0, len(event_rows), chunk):
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            session.execute(insert(Event), event_rows[start : start + chunk])
            if progress is not None:
                progress(min(start + chunk, len(event_rows)), len(event_rows))
        if subject_links and any(ids for _, ids in subject_links):
            id_by_uuid = {
                uuid: event_id
                for uuid, event_id in session.execute(
                    select(Event.uuid, Event.id).where(Event.source_file_id == source.id)
                )
            }
            links = [
                {"event_id": id_by_uuid[event_rows[i]["uuid"]], "person_id": pid}
                for i, ids in subject_links
                for pid in ids
            ]
            if links:
                session.execute(insert(event_subject), links)
        if quarantine_rows:
            session.execute(insert(QuarantinedRow), quarantine_rows)
        if save_profile:
            existing = find_profile(session, agency.name, save_profile)
            if existing is None:
                session.add(
                    MappingProfile(
                        agency_id=agency.id,
                        name=save_profile,
                        mapping_json=mapping_to_json(prepared.mapping, prepared.header.columns),
                    )
                )
            else:
                existing.mapping_json = mapping_to_json(prepared.mapping, prepared.header.columns)
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
    dry_run: bool = False,
    short_name: str = "",
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> dict[str, Any]:
    """Read, validate and (unless ``dry_run``) import one file. Returns the summary."""
    prepared = prepare_import(
        store,
        path,
        agency_name,
        location=location,
        mapping=mapping,
        profile=profile,
        progress=progress,
        cancelled=cancelled,
    )
    if dry_run:
        return prepared.summary()
    return commit_import(
        store,
        prepared,
        save_profile=save_profile,
        progress=progress,
        cancelled=cancelled,
        short_name=short_name,
    )
