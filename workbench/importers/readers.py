"""Reading agency chronologies from CSV, Excel, OpenDocument and Word files.

A reader turns one file into a :class:`RawTable`: every row as it stands in the source,
in order, with its row number there, nothing dropped and nothing interpreted beyond the
cell types. Mapping columns, parsing dates and validating rows belong to the import
pipeline.

* CSV (also .tsv/.txt): the encoding is detected (a byte-order mark, then UTF-8, then
  Windows-1252, the usual export of UK case-management systems, then charset-normalizer);
  the delimiter is sniffed among comma, semicolon, tab and pipe; quoted cells may hold
  delimiters and line breaks; a cell longer than ``Limits.max_csv_field`` stops the read
  with the row named. Row numbers are record numbers (a record may span several lines).
* xlsx, xlsm, xls, ods: python-calamine, which returns typed cells. Dates stay dates,
  date-times become dates when the time is midnight, times stay times, whole numbers
  written as floats (3.0) become ints, text is stripped at both ends (inner line breaks
  kept) and empty cells are ``None``. A date typed in a cell without a date format comes
  back as a number (an Excel serial, an int when whole): it is kept as a number and left
  to the date parser. Durations (``[h]:mm`` cells) under a day become times, longer ones
  text such as "30:00:00".
  Merged cells are expanded so that every cell of a merged range reads the same value.
  Row numbers are sheet row numbers and column indexes are sheet columns (A = 0).
* docx: python-docx opens the package (see :mod:`workbench.importers.safety` for its
  XML parser settings) and the tables are read straight from the WordprocessingML:
  horizontally merged cells (``gridSpan``) repeat their text in every grid column, a
  vertically merged cell (``vMerge``) repeats its value down, the paragraphs of a cell
  are joined with a line break, deleted revisions are left out. Header rows repeated in
  the table are kept and reported in ``notes`` and ``repeated_header_rows``; tables that
  share one header (a table split across pages or sections) are read as one.

Every failure is an :class:`~workbench.importers.errors.ImportFileError` with one line
naming the file and the reason.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from workbench.importers.errors import ImportFileError
from workbench.importers.headers import (
    NO_HEADER_REASON,
    Field,
    HeaderGuess,
    detect_header,
    is_repeated_header,
    score_table,
)
from workbench.importers.safety import (
    OLE2_SIGNATURE,
    PASSWORD_REASON,
    Limits,
    check_file,
    check_xls,
    check_xlsx,
    check_zip,
    is_worksheet_part,
    ole2_names_present,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "CellValue",
    "RawTable",
    "Workbook",
    "gc_paused",
    "open_workbook",
    "read_rows",
    "read_table",
]

CellValue = str | int | float | bool | date | datetime | time | None

SUPPORTED_SUFFIXES: tuple[str, ...] = (
    ".csv",
    ".tsv",
    ".txt",
    ".xlsx",
    ".xlsm",
    ".xls",
    ".ods",
    ".docx",
)

_SHEET_KINDS = ("xlsx", "xlsm", "xls", "ods")
_KIND_LABEL = {
    "csv": "a CSV (delimited text) file",
    "xlsx": "an Excel .xlsx workbook",
    "xlsm": "an Excel .xlsm workbook",
    "xls": "an Excel 97-2003 .xls workbook",
    "ods": "an OpenDocument .ods spreadsheet",
    "docx": "a Word .docx document",
}
_SUFFIX_KIND = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsm",
    ".xls": "xls",
    ".ods": "ods",
    ".docx": "docx",
}
_PDF_REASON = "PDF files cannot be imported: ask the agency for the Word or Excel original"
_DOC_REASON = "Word 97-2003 .doc files cannot be read: open it in Word and save as .docx"
_REFUSED_SUFFIXES = {
    ".pdf": _PDF_REASON,
    ".doc": _DOC_REASON,
    ".dot": _DOC_REASON,
    ".rtf": "RTF files cannot be read: open it in Word and save as .docx",
    ".odt": "OpenDocument text (.odt) files cannot be read: save it as .docx",
    ".xlsb": "Excel binary workbooks (.xlsb) cannot be read: open it in Excel and save as .xlsx",
    ".pages": "Pages documents cannot be read: export it as a Word .docx file",
    ".numbers": "Numbers spreadsheets cannot be read: export it as an Excel .xlsx file",
}
_SUPPORTED_TEXT = "use .xlsx, .xls, .ods, .csv or .docx"
_MERGED_NOTE = "merged cells expanded: each cell of a merged range shows its value"
_TEXT_SUFFIXES = (".csv", ".tsv", ".txt", ".xls", ".xlsx", ".xlsm", ".ods", "")


@dataclass
class RawTable:
    """One table as read from a file, before any interpretation.

    Attributes:
        source_name: the file name.
        location: the sheet name, "Table 2" for a Word table ("Tables 2, 3" when tables
            sharing a header were joined), ``None`` for CSV.
        rows: every row read, in order, including blank, title and heading rows; all
            rows have the same length (short rows are padded with ``None``).
        row_numbers: 1-based row number in the source for each row (sheet row, CSV record,
            Word table row counted through joined tables).
        notes: things the user may want to know about how the file was read.
        repeated_header_rows: indexes into ``rows`` of header rows repeated below the
            header (also described in ``notes``); they are kept so that every row read can
            be accounted for, and the pipeline skips them.
    """

    source_name: str
    location: str | None
    rows: list[list[CellValue]]
    row_numbers: list[int]
    notes: list[str]
    repeated_header_rows: list[int] = field(default_factory=list)

    @property
    def width(self) -> int:
        """Number of columns (the longest row)."""
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Workbook:
    """What a file holds.

    Attributes:
        path: the file.
        kind: "csv", "xlsx", "xlsm", "xls", "ods" or "docx" (from the content, not only
            the name).
        locations: sheet names, "Table 1".. for Word, ["CSV"] for CSV.
        encoding: the detected text encoding (CSV only).
    """

    path: Path
    kind: str
    locations: list[str]
    encoding: str | None


_GC_LOCK = threading.Lock()
_GC_DEPTH = 0
_GC_RESTORE = False


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a table is built or imported.

    Reading 50,000 rows creates hundreds of thousands of small objects that live on, and
    each automatic collection would walk all of them again: pausing the collector makes
    reading and validating several times faster. The objects made form no reference
    cycles, so nothing is kept longer than without the pause. Nested and concurrent uses
    (an import on a worker thread) share one pause; the collector is switched back on by
    the last one to finish, if it was on before the first.
    """
    global _GC_DEPTH, _GC_RESTORE
    with _GC_LOCK:
        if _GC_DEPTH == 0:
            _GC_RESTORE = gc.isenabled()
            gc.disable()
        _GC_DEPTH += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_DEPTH -= 1
            if _GC_DEPTH == 0 and _GC_RESTORE:
                gc.enable()


# ---------------------------------------------------------------------------------------
# File type
# ---------------------------------------------------------------------------------------


def _looks_like_text(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return True
    if b"\x00" in head:
        return _utf16_without_bom(head) is not None
    controls = sum(1 for b in head if b < 9 or (13 < b < 32 and b != 27))
    return controls <= len(head) // 100


def _utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" when the bytes look like ASCII-range UTF-16 text."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nul > 0.6 * half and even_nul < 0.1 * half:
        return "utf-16-le"
    if even_nul > 0.6 * half and odd_nul < 0.1 * half:
        return "utf-16-be"
    return None


def _markup_reason(head: bytes) -> str | None:
    start = head[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or (
        b"<html" in start[:512]
    ):
        return (
            "this is a web page (HTML) saved with a spreadsheet or text name: open it in "
            "Excel or Word and save it as .xlsx or .docx"
        )
    if start.startswith(b"<?xml"):
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            return "Excel 2003 XML spreadsheets cannot be read: open it in Excel and save as .xlsx"
        if b"schemas.microsoft.com/office/word/2003" in head:
            return "Word 2003 XML documents cannot be read: open it in Word and save as .docx"
        return f"XML files cannot be imported: {_SUPPORTED_TEXT}"
    return None


def _zip_kind(path: Path, suffix: str) -> str:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            mimetype = zf.read("mimetype")[:200] if "mimetype" in names else b""
            manifest = (
                zf.read("META-INF/manifest.xml")
                if "META-INF/manifest.xml" in names and mimetype
                else b""
            )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise ImportFileError(path, "the file is damaged (not a complete zip archive)") from None
    if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
        return "docx"
    if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
        if "xl/workbook.bin" in names:
            raise ImportFileError(path, _REFUSED_SUFFIXES[".xlsb"])
        return "xlsm" if "xl/vbaProject.bin" in names or suffix == ".xlsm" else "xlsx"
    if "[Content_Types].xml" in names and any(n.startswith("ppt/") for n in names):
        raise ImportFileError(path, f"PowerPoint files cannot be imported: {_SUPPORTED_TEXT}")
    if mimetype:
        if b"encryption-data" in manifest:
            raise ImportFileError(
                path,
                "the file is password-protected: remove the password in LibreOffice and "
                "save it again",
            )
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
        if b"opendocument.text" in mimetype:
            raise ImportFileError(path, _REFUSED_SUFFIXES[".odt"])
    raise ImportFileError(
        path, f"the file is a zip archive, not a spreadsheet or Word document: {_SUPPORTED_TEXT}"
    )


def _ole_kind(path: Path, suffix: str) -> str:
    names = ole2_names_present(
        path, ("EncryptedPackage", "WordDocument", "Workbook", "Book", "PowerPoint Document")
    )
    if "EncryptedPackage" in names:
        raise ImportFileError(path, PASSWORD_REASON)
    if "WordDocument" in names:
        raise ImportFileError(path, _DOC_REASON)
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "PowerPoint Document" in names:
        raise ImportFileError(path, f"PowerPoint files cannot be imported: {_SUPPORTED_TEXT}")
    if suffix == ".xls":
        return "xls"
    if suffix in (".doc", ".dot"):
        raise ImportFileError(path, _DOC_REASON)
    raise ImportFileError(
        path,
        f"the file is an Office 97-2003 file of a kind that cannot be imported: {_SUPPORTED_TEXT}",
    )


def _unsupported(path: Path, suffix: str) -> ImportFileError:
    if suffix in _REFUSED_SUFFIXES:
        return ImportFileError(path, _REFUSED_SUFFIXES[suffix])
    if suffix in _SUFFIX_KIND:
        return ImportFileError(
            path,
            f"the file is not {_KIND_LABEL[_SUFFIX_KIND[suffix]]}: its content is not "
            "recognised (it may be damaged)",
        )
    shown = suffix or "without an extension"
    return ImportFileError(path, f"the file type {shown} cannot be imported: {_SUPPORTED_TEXT}")


def _sniff(path: Path, limits: Limits) -> tuple[str, list[str]]:
    """The real kind of the file (from its first bytes) and notes on a misleading name."""
    check_file(path, limits)
    try:
        with open(path, "rb") as fh:
            head = fh.read(65536)
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be opened ({exc.strerror})") from None
    suffix = path.suffix.lower()
    parts: dict[str, bytes] = {}
    if head[:4] in (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"):
        parts = check_zip(path, limits, keep=is_worksheet_part)
        kind = _zip_kind(path, suffix)
    elif head.startswith(OLE2_SIGNATURE):
        kind = _ole_kind(path, suffix)
    elif head.startswith(b"%PDF"):
        raise ImportFileError(path, _PDF_REASON)
    elif head.lstrip()[:5].lower() == b"{\\rtf":
        raise ImportFileError(path, _REFUSED_SUFFIXES[".rtf"])
    elif _looks_like_text(head):
        if suffix in _REFUSED_SUFFIXES:
            raise ImportFileError(path, _REFUSED_SUFFIXES[suffix])
        reason = _markup_reason(head)
        if reason:
            raise ImportFileError(path, reason)
        if suffix not in _TEXT_SUFFIXES:
            raise _unsupported(path, suffix)
        kind = "csv"
    else:
        raise _unsupported(path, suffix)

    if kind in ("xlsx", "xlsm"):
        check_xlsx(path, limits, parts)
    elif kind == "xls":
        check_xls(path, limits)
    parts.clear()

    notes: list[str] = []
    named = _SUFFIX_KIND.get(suffix)
    if named is not None and named != kind and {named, kind} != {"xlsx", "xlsm"}:
        notes.append(f"the file is named {suffix} but is {_KIND_LABEL[kind]}; it was read as such")
    return kind, notes


# ---------------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------------

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _decode(path: Path, data: bytes) -> tuple[str, str, list[str]]:
    """(text, encoding name, notes)."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                return body.decode(codec), name, []
            except UnicodeDecodeError:
                return (
                    body.decode(codec, errors="replace"),
                    name,
                    ["some characters could not be decoded and were replaced with �"],
                )
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        try:
            return data.decode(utf16), utf16, []
        except UnicodeDecodeError:
            pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and len(_CONTROL.findall(text[:65536])) <= len(text[:65536]) // 100:
        return text, "cp1252", []
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 4 * 1024 * 1024]).best()
    if best is None:
        raise ImportFileError(
            path, "the text encoding of the file cannot be recognised (it may not be a CSV file)"
        )
    encoding = str(best.encoding)
    return data.decode(encoding, errors="replace"), encoding, []


_DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "pipes"}


def _consistency(sample: str, delimiter: str) -> tuple[int, int]:
    """(records whose field count is the most common one above 1, that field count)."""
    counts: dict[int, int] = {}
    try:
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        for n, record in enumerate(reader):
            if n >= 60:
                break
            if len(record) > 1:
                counts[len(record)] = counts.get(len(record), 0) + 1
    except csv.Error:
        pass
    if not counts:
        return (0, 1)
    width, hits = max(counts.items(), key=lambda item: (item[1], item[0]))
    return (hits, width)


def _sniff_delimiter(text: str, suffix: str) -> str:
    sample = text[:65536]
    cut = sample.rfind("\n")
    if 0 < cut < len(sample) - 1:
        sample = sample[:cut]
    scores = {d: _consistency(sample, d) for d in _DELIMITERS}
    try:
        sniffed: str | None = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        sniffed = None
    best = max(_DELIMITERS, key=lambda d: scores[d])
    if sniffed in scores and scores[sniffed] >= scores[best]:
        return sniffed
    if scores[best][0] == 0:
        return "\t" if suffix == ".tsv" else ","
    return best


def _read_csv(path: Path, limits: Limits, notes: list[str]) -> tuple[RawTable, str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be read ({exc.strerror})") from None
    text, encoding, decode_notes = _decode(path, data)
    del data
    notes.extend(decode_notes)
    if "\x00" in text:
        text = text.replace("\x00", "")
        notes.append("NUL characters in the file were removed")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    delimiter = _sniff_delimiter(text, path.suffix.lower())
    notes.append(f"read as {encoding} text with cells separated by {_DELIMITER_NAMES[delimiter]}")

    rows: list[list[CellValue]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"')
    previous_limit = csv.field_size_limit()
    csv.field_size_limit(limits.max_csv_field)
    record = 0
    try:
        for record, cells in enumerate(reader, 1):
            if record > limits.max_rows:
                raise ImportFileError(path, f"the file has more than {limits.max_rows:,} rows")
            rows.append([(c.strip() or None) for c in cells])
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ImportFileError(
                path,
                f"row {record + 1}: a cell is longer than {limits.max_csv_field:,} characters "
                "(often a quote that is never closed), so the file was not read",
            ) from None
        raise ImportFileError(path, f"row {record + 1}: the row cannot be read ({exc})") from None
    finally:
        csv.field_size_limit(previous_limit)
    _pad(rows)
    table = RawTable(path.name, None, rows, list(range(1, len(rows) + 1)), notes)
    return table, encoding


def _pad(rows: list[list[CellValue]]) -> None:
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([None] * (width - len(row)))


# ---------------------------------------------------------------------------------------
# Spreadsheets (python-calamine)
# ---------------------------------------------------------------------------------------


def _open_calamine(path: Path, kind: str) -> Any:
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        if _SUFFIX_KIND.get(path.suffix.lower()) == kind:
            return CalamineWorkbook.from_path(str(path))
        with open(path, "rb") as fh:
            return CalamineWorkbook.from_filelike(fh)
    except PasswordError:
        raise ImportFileError(path, PASSWORD_REASON) from None
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:  # calamine errors, and a Rust panic (a BaseException)
        raise _damaged(path, kind, exc) from None


def _damaged(path: Path, kind: str, exc: BaseException) -> ImportFileError:
    detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
    label = _KIND_LABEL[kind].split(" ", 1)[1]
    if "password" in detail.lower() or "encrypt" in detail.lower():
        return ImportFileError(path, PASSWORD_REASON)
    return ImportFileError(path, f"the file is damaged or is not a valid {label} ({detail})")


def _text_cell(value: str) -> str | None:
    value = value.strip()
    if not value:
        return None
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def _coerce(value: Any) -> CellValue:
    kind = type(value)
    if kind is str:
        return _text_cell(value)
    if kind is float:
        return int(value) if value.is_integer() else value
    if kind is datetime:
        if value.hour == value.minute == value.second == value.microsecond == 0:
            return value.date()  # type: ignore[no-any-return]
        return value  # type: ignore[no-any-return]
    if kind is timedelta:
        return _duration(value)
    if value is None or kind in (int, bool, date, time):
        return value  # type: ignore[no-any-return]
    return str(value)


def _duration(value: timedelta) -> CellValue:
    seconds = value.total_seconds()
    if 0 <= seconds < 86400:
        whole = int(seconds)
        return time(whole // 3600, whole % 3600 // 60, whole % 60, int(value.microseconds))
    sign = "-" if seconds < 0 else ""
    whole = int(abs(seconds))
    return f"{sign}{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def _coerce_rows(raw: list[list[Any]]) -> list[list[CellValue]]:
    # Text is by far the most common cell type: it is handled inline, the rest by _coerce.
    # Rows are replaced one by one, so the raw and the coerced table never both exist.
    str_ = str
    for index, row in enumerate(raw):
        raw[index] = [
            ((c.strip() or None) if type(c) is str_ and "\r" not in c else _coerce(c)) for c in row
        ]
    return raw


def _expand_merges(
    rows: list[list[CellValue]], merges: list[tuple[tuple[int, int], tuple[int, int]]] | None
) -> bool:
    if not merges or not rows:
        return False
    width = len(rows[0])
    expanded = False
    for (r0, c0), (r1, c1) in merges:
        if r0 >= len(rows) or c0 >= width:
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, width - 1) + 1):
                row[c] = value
        expanded = expanded or (r1 > r0 or c1 > c0)
    return expanded


def _sheet_raw(path: Path, book: Any, name: str, limits: Limits) -> tuple[list[list[Any]], Any]:
    try:
        sheet = book.get_sheet_by_name(name)
        end = sheet.end
        if end is not None and end[0] + 1 > limits.max_rows:
            raise ImportFileError(
                path, f"the sheet '{name}' has more than {limits.max_rows:,} rows"
            )
        raw = sheet.to_python(skip_empty_area=False)
        merges = sheet.merged_cell_ranges
    except ImportFileError:
        raise
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except BaseException as exc:
        detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
        raise ImportFileError(
            path, f"the sheet '{name}' cannot be read: the file is damaged ({detail})"
        ) from None
    return raw, merges


def _sheet_table(path: Path, name: str, raw: list[list[Any]], merges: Any) -> RawTable:
    rows = _coerce_rows(raw)
    notes: list[str] = []
    if _expand_merges(rows, merges):
        notes.append(_MERGED_NOTE)
    return RawTable(path.name, name, rows, list(range(1, len(rows) + 1)), notes)


def _sheet_names(book: Any) -> list[str]:
    return list(book.sheet_names)


def _quote_list(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _read_sheets(
    path: Path, kind: str, location: str | None, limits: Limits, notes: list[str]
) -> RawTable:
    book = _open_calamine(path, kind)
    try:
        names = _sheet_names(book)
        if location is not None:
            if location not in names:
                raise ImportFileError(
                    path,
                    f"there is no sheet named '{location}' (the sheets are: {_quote_list(names)})",
                )
            raw, merges = _sheet_raw(path, book, location, limits)
            table = _sheet_table(path, location, raw, merges)
        else:
            table = _pick_sheet(path, book, names, limits, notes)
    finally:
        book.close()
    table.notes[:0] = notes
    return table


def _pick_sheet(
    path: Path, book: Any, names: list[str], limits: Limits, notes: list[str]
) -> RawTable:
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    metadata = {m.name: m for m in book.sheets_metadata}
    candidates = [
        n for n in names if n not in metadata or metadata[n].typ == SheetTypeEnum.WorkSheet
    ]
    if not candidates:
        raise ImportFileError(path, "the workbook holds no worksheet")
    if len(candidates) == 1:
        raw, merges = _sheet_raw(path, book, candidates[0], limits)
        return _sheet_table(path, candidates[0], raw, merges)

    best: tuple[float, int, int, int] | None = None
    best_data: tuple[str, list[list[Any]], Any] | None = None
    for order, name in enumerate(candidates):
        raw, merges = _sheet_raw(path, book, name, limits)
        sample = _sheet_table(path, name, raw[:90], merges)
        visible = name not in metadata or metadata[name].visible == SheetVisibleEnum.Visible
        filled = int(any(any(v is not None for v in row) for row in sample.rows))
        key = (score_table(sample), int(visible), filled, -order)
        if best is None or key > best:
            best, best_data = key, (name, raw, merges)
    assert best_data is not None
    name, raw, merges = best_data
    notes.append(
        f"the workbook has {len(candidates)} sheets; '{name}' was read as it looks most "
        "like a chronology"
    )
    return _sheet_table(path, name, raw, merges)


# ---------------------------------------------------------------------------------------
# Word (.docx)
# ---------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_T, _TAB, _BR, _CR, _NBH, _SBH = (
    f"{_W}t",
    f"{_W}tab",
    f"{_W}br",
    f"{_W}cr",
    f"{_W}noBreakHyphen",
    f"{_W}softHyphen",
)
_P, _TBL, _TR, _TC, _BODY = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}body"
_SDT, _SDT_CONTENT, _CUSTOM_XML = f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"
# Subtrees whose text is not part of the visible cell text: deleted or moved-away
# revisions, properties, drawings (text boxes are repeated in fallbacks), field codes.
_SKIP_TAGS = frozenset(
    {
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}pPr",
        f"{_W}rPr",
        f"{_W}drawing",
        f"{_W}pict",
        f"{_W}object",
        f"{_W}instrText",
        f"{_W}delText",
        f"{_W}footnoteReference",
        f"{_W}commentReference",
        f"{_MC}AlternateContent",
        _P,
        _TBL,
    }
)
_MAX_SPAN = 1000


def _para_text(paragraph: Any) -> str:
    out: list[str] = []

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag == _T:
                if child.text:
                    out.append(child.text)
                for node in child:  # unresolved entity references or comments: keep the
                    if node.tail:  # text after them, never their content
                        out.append(node.tail)
            elif tag == _TAB:
                out.append("\t")
            elif tag in (_BR, _CR):
                out.append("\n")
            elif tag == _NBH:
                out.append("-")
            elif tag == _SBH or not isinstance(tag, str) or tag in _SKIP_TAGS:
                continue
            else:
                walk(child)

    walk(paragraph)
    return "".join(out)


def _block_lines(container: Any, lines: list[str]) -> None:
    """Text lines of the paragraphs (and nested tables) of a cell or content control."""
    for child in container:
        tag = child.tag
        if tag == _P:
            lines.append(_para_text(child))
        elif tag == _TBL:
            for tr in _table_rows(child):
                texts = []
                for tc in _row_cells(tr):
                    cell_lines: list[str] = []
                    _block_lines(tc, cell_lines)
                    texts.append(" ".join(x.strip() for x in cell_lines if x.strip()))
                lines.append(" | ".join(t for t in texts if t))
        elif tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            _block_lines(child, lines)


def _cell_text(tc: Any) -> str | None:
    lines: list[str] = []
    _block_lines(tc, lines)
    text = "\n".join(line.rstrip() for line in lines).strip()
    return text or None


def _wrapped(container: Any, tag: str) -> Iterator[Any]:
    """Children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in container:
        if child.tag == tag:
            yield child
        elif child.tag in (_SDT, _SDT_CONTENT, _CUSTOM_XML):
            yield from _wrapped(child, tag)


def _table_rows(tbl: Any) -> Iterator[Any]:
    return _wrapped(tbl, _TR)


def _row_cells(tr: Any) -> Iterator[Any]:
    return _wrapped(tr, _TC)


def _int_val(element: Any, default: int) -> int:
    if element is None:
        return default
    try:
        return max(0, min(_MAX_SPAN, int(element.get(f"{_W}val", default))))
    except ValueError:
        return default


def _on(element: Any) -> bool:
    return element is not None and element.get(f"{_W}val", "true") not in ("0", "false", "off")


@dataclass
class _WordTable:
    number: int  # 1-based position among the document's tables
    rows: list[list[CellValue]]
    marked_header: list[bool]  # row has w:tblHeader (repeat as header on each page)
    merged: bool


def _read_word_table(tbl: Any, number: int) -> _WordTable:
    grid = tbl.find(f"{_W}tblGrid")
    grid_cols = len(grid.findall(f"{_W}gridCol")) if grid is not None else 0
    rows: list[list[CellValue]] = []
    marked: list[bool] = []
    merged = False
    previous: list[CellValue] = []
    for tr in _table_rows(tbl):
        tr_pr = tr.find(f"{_W}trPr")
        before = after = 0
        header = False
        if tr_pr is not None:
            before = _int_val(tr_pr.find(f"{_W}gridBefore"), 0)
            after = _int_val(tr_pr.find(f"{_W}gridAfter"), 0)
            header = _on(tr_pr.find(f"{_W}tblHeader"))
        cells: list[CellValue] = [None] * before
        for tc in _row_cells(tr):
            tc_pr = tc.find(f"{_W}tcPr")
            span = 1
            v_merge = h_merge = None
            if tc_pr is not None:
                span = max(1, _int_val(tc_pr.find(f"{_W}gridSpan"), 1))
                v_merge = tc_pr.find(f"{_W}vMerge")
                h_merge = tc_pr.find(f"{_W}hMerge")
            column = len(cells)
            if v_merge is not None and v_merge.get(f"{_W}val", "continue") != "restart":
                value = previous[column] if column < len(previous) else None
                merged = True
            elif h_merge is not None and h_merge.get(f"{_W}val", "continue") != "restart":
                value = cells[-1] if cells else None
                merged = True
            else:
                value = _cell_text(tc)
            if span > 1:
                merged = True
            cells.extend([value] * span)
        cells.extend([None] * after)
        rows.append(cells)
        marked.append(header)
        previous = cells
    width = max([grid_cols, *(len(r) for r in rows)])
    for row in rows:
        if len(row) < width:
            row.extend([None] * (width - len(row)))
    return _WordTable(number, rows, marked, merged)


def _word_tables(path: Path) -> list[Any]:
    """The top-level tables of the main document (not nested, not in text boxes)."""
    try:
        from docx.opc.package import OpcPackage
        from docx.oxml.parser import parse_xml

        part = OpcPackage.open(str(path)).main_document_part
        root = getattr(part, "element", None)
        if root is None:
            root = parse_xml(part.blob)
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except Exception as exc:
        raise _damaged(path, "docx", exc) from None
    body = root.find(_BODY)
    if body is None:
        return []
    tables = []
    for tbl in body.iter(_TBL):
        parent = tbl.getparent()
        nested = False
        while parent is not None and parent is not body:
            if parent.tag in (_TC, _P):
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            tables.append(tbl)
    return tables


def _word_raw(path: Path, table: _WordTable) -> RawTable:
    notes = [_MERGED_NOTE] if table.merged else []
    return RawTable(
        path.name,
        f"Table {table.number}",
        table.rows,
        list(range(1, len(table.rows) + 1)),
        list(notes),
    )


_TABLES_LOCATION = re.compile(r"^\s*tables?\s+(\d+(?:\s*(?:,|and|\+)\s*\d+)*)\s*$", re.I)


def _join_word_tables(path: Path, tables: list[_WordTable], notes: list[str]) -> RawTable:
    if len(tables) == 1:
        raw = _word_raw(path, tables[0])
        _add_marked_headers(raw, tables[0].marked_header)
        raw.notes[:0] = notes
        return raw
    rows: list[list[CellValue]] = []
    marked: list[bool] = []
    starts: list[str] = []
    merged = False
    width = max(len(t.rows[0]) if t.rows else 0 for t in tables)
    for table in tables:
        if rows:
            starts.append(f"Table {table.number} starts at row {len(rows) + 1}")
        for row in table.rows:
            rows.append(row + [None] * (width - len(row)))
        marked.extend(table.marked_header)
        merged = merged or table.merged
    numbers = [str(t.number) for t in tables]
    location = "Tables " + ", ".join(numbers)
    joined = ", ".join(numbers[:-1]) + " and " + numbers[-1]
    notes = [
        *notes,
        f"Tables {joined} have the same header and were read as one table ({'; '.join(starts)})",
    ]
    if merged:
        notes.append(_MERGED_NOTE)
    raw = RawTable(path.name, location, rows, list(range(1, len(rows) + 1)), notes)
    _add_marked_headers(raw, marked)
    return raw


def _add_marked_headers(raw: RawTable, marked: list[bool]) -> None:
    """Rows Word marks as header rows, below the table's first rows, are repeated headers."""
    leading = True
    for index, is_header in enumerate(marked):
        if leading and is_header:
            continue
        leading = leading and not any(v is not None for v in raw.rows[index])
        if is_header and not leading:
            raw.repeated_header_rows.append(index)


def _read_word(path: Path, location: str | None, limits: Limits, notes: list[str]) -> RawTable:
    elements = _word_tables(path)
    if not elements:
        raise ImportFileError(
            path,
            "the document contains no table: the chronology must be a table in Word "
            "(one row per contact)",
        )
    if location is not None:
        wanted = _wanted_tables(path, location, len(elements))
        tables = [_read_word_table(elements[n - 1], n) for n in wanted]
        _check_rows(path, tables, limits)
        return _join_word_tables(path, tables, notes)

    tables = [_read_word_table(tbl, n) for n, tbl in enumerate(elements, 1)]
    _check_rows(path, tables, limits)
    if len(tables) == 1:
        return _join_word_tables(path, tables, notes)
    raws = [_word_raw(path, t) for t in tables]
    scores = [score_table(r) for r in raws]
    best = max(range(len(tables)), key=lambda i: (scores[i], -i))
    group = [tables[best]]
    if scores[best] > 0:
        guess = detect_header(raws[best])
        group = [
            t
            for t, r in zip(tables, raws, strict=True)
            if t is tables[best] or (_continues(r, guess))
        ]
    if len(group) == 1:
        notes = [
            *notes,
            f"the document holds {len(tables)} tables; Table {tables[best].number} was read "
            "as it looks most like a chronology",
        ]
    return _join_word_tables(path, group, notes)


def _check_rows(path: Path, tables: list[_WordTable], limits: Limits) -> None:
    if sum(len(t.rows) for t in tables) > limits.max_rows:
        raise ImportFileError(path, f"the document has more than {limits.max_rows:,} table rows")


def _continues(table: RawTable, guess: HeaderGuess) -> bool:
    """A table that starts with the same header (possibly after blank or title rows)."""
    if table.width != len(guess.columns):
        return False
    return any(is_repeated_header(row, guess) for row in table.rows[:5])


def _wanted_tables(path: Path, location: str, count: int) -> list[int]:
    match = _TABLES_LOCATION.match(location)
    numbers = [int(n) for n in re.findall(r"\d+", match.group(1))] if match else []
    if not numbers or any(not 1 <= n <= count for n in numbers):
        available = ", ".join(f"Table {n}" for n in range(1, count + 1))
        raise ImportFileError(
            path, f"there is no '{location}' in the document (it holds {available})"
        )
    return numbers


# ---------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------


def open_workbook(path: str | Path, *, limits: Limits | None = None) -> Workbook:
    """What a file holds: its real kind, its sheets or tables, and (CSV) its encoding.

    Raises:
        ImportFileError: the file cannot be read.
    """
    limits = limits or Limits()
    path = Path(path)
    kind, _notes = _sniff(path, limits)
    if kind == "csv":
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ImportFileError(path, f"the file cannot be read ({exc.strerror})") from None
        _text, encoding, _ = _decode(path, data)
        return Workbook(path, kind, ["CSV"], encoding)
    if kind == "docx":
        count = len(_word_tables(path))
        return Workbook(path, kind, [f"Table {n}" for n in range(1, count + 1)], None)
    book = _open_calamine(path, kind)
    try:
        names = _sheet_names(book)
    finally:
        book.close()
    return Workbook(path, kind, names, None)


def read_table(
    path: str | Path,
    location: str | None = None,
    *,
    limits: Limits | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RawTable:
    """Read one table from a chronology file.

    Args:
        path: a .csv/.tsv/.txt, .xlsx, .xlsm, .xls, .ods or .docx file (the kind is taken
            from the content; the name only decides between equally plausible kinds).
        location: a sheet name, "Table N" (or "Tables N, M" to join Word tables), or
            ``None`` to take the sheet or table that looks most like a chronology; Word
            tables that share its header are then joined to it. Ignored for CSV apart from
            "CSV".
        limits: size and shape bounds (defaults: :class:`Limits`).
        progress: called as ``progress(step, 3)`` after the safety checks (1), the
            reading (2) and the marking of repeated headers (3), for a progress bar.

    Raises:
        ImportFileError: the file cannot be read; the message names the file and reason.
    """
    limits = limits or Limits()
    path = Path(path)
    with gc_paused():
        kind, notes = _sniff(path, limits)
        if progress is not None:
            progress(1, 3)
        if kind == "csv":
            if location not in (None, "CSV"):
                raise ImportFileError(path, f"a CSV file has one table, not '{location}'")
            table, _encoding = _read_csv(path, limits, notes)
        elif kind == "docx":
            table = _read_word(path, location, limits, notes)
        else:
            table = _read_sheets(path, kind, location, limits, notes)
        if progress is not None:
            progress(2, 3)
        _mark_repeated_headers(table)
        if progress is not None:
            progress(3, 3)
    return table


def read_rows(
    path: str | Path,
    location: str | None = None,
    *,
    limits: Limits | None = None,
    chunk: int = 2000,
) -> Iterator[RawTable]:
    """The table of :func:`read_table` in slices of at most ``chunk`` rows.

    Each slice is a RawTable with the same source, location and notes and its own rows and
    row numbers (``repeated_header_rows`` are indexes within the slice). The file is read
    once; slicing lets a caller report progress and insert in batches.
    """
    if chunk < 1:
        raise ValueError("chunk must be at least 1")
    table = read_table(path, location, limits=limits)
    repeated = set(table.repeated_header_rows)
    for start in range(0, max(len(table.rows), 1), chunk):
        stop = start + chunk
        yield RawTable(
            table.source_name,
            table.location,
            table.rows[start:stop],
            table.row_numbers[start:stop],
            list(table.notes),
            [i - start for i in range(start, min(stop, len(table.rows))) if i in repeated],
        )


def _mark_repeated_headers(table: RawTable) -> None:
    try:
        guess = detect_header(table)
    except ImportFileError as exc:
        if exc.reason != NO_HEADER_REASON:
            raise
        guess = None
    marked = set(table.repeated_header_rows)
    if guess is not None:
        # A repeated header has its date column empty or holding the header's text (which
        # starts with a letter): rows with a typed date or a digit there are passed over.
        date_col = next(i for i, f in guess.mapping.items() if f is Field.DATE)
        letter_first = guess.columns[date_col][:1].isalpha()
        for index in range(guess.header_index + 1, len(table.rows)):
            row = table.rows[index]
            value = row[date_col] if date_col < len(row) else None
            if (
                letter_first
                and value is not None
                and (type(value) is not str or value[:1].isdigit())
            ):
                continue
            if is_repeated_header(row, guess):
                marked.add(index)
    table.repeated_header_rows = sorted(marked)
    if not marked:
        return
    numbers = [str(table.row_numbers[i]) for i in table.repeated_header_rows]
    if len(numbers) == 1:
        table.notes.append(f"repeated header row at row {numbers[0]} marked")
    else:
        listed = ", ".join(numbers[:-1]) + " and " + numbers[-1]
        table.notes.append(f"repeated header rows at rows {listed} marked")
