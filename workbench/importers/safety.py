"""Checks made before any parser sees a file sent in by an agency.

Chronologies arrive by e-mail from many organisations, so a file is treated as untrusted
until these checks pass:

* :func:`check_file`: the path is an existing, non-empty regular file below the size limit.
* :func:`check_zip`: an Office Open XML or OpenDocument file (a zip archive) is refused
  before a parser opens it when it holds too many parts, would unpack to too many bytes,
  or holds a part whose compression ratio is typical of a "zip bomb". The sizes written in
  the archive's directory are not trusted either: every deflated part is inflated once, in
  bounded steps, counting the bytes and checking the CRC, so an archive that understates
  its sizes is refused as well (this costs one pass of zlib over the archive, a small
  fraction of the time the parsers take). A password-protected xlsx/docx is not a zip at
  all but an OLE2 compound file holding an ``EncryptedPackage`` stream; it is recognised
  and reported as such.
* :func:`check_xlsx` and :func:`check_xls`: numbers the spreadsheet parser sizes its
  buffers from (the rectangle a sheet's cells span, a string-table count, the dimensions
  and compound-file tables of an Excel 97-2003 file) are read first and refused when
  absurd, because a failed allocation in the parser aborts the process instead of
  raising an exception. A stray value typed in XFD1048576 is the realistic case.

XML safety of the parsers that run afterwards:

* python-docx parses every part with ``lxml.etree.XMLParser(remove_blank_text=True,
  resolve_entities=False)`` (``docx/oxml/parser.py`` and ``docx/opc/oxml.py``, version
  1.2). With ``resolve_entities=False`` no entity is substituted, neither an external one
  (``<!ENTITY x SYSTEM "file:///...">``, so no local file or URL is read) nor an internal
  one (so a "billion laughs" declaration does not expand); the other lxml defaults apply:
  ``no_network=True``, ``load_dtd=False``, ``huge_tree=False`` (text nodes and depth are
  bounded by libxml2). These settings are adequate, so no parser is replaced;
  ``tests/importers/test_hostile.py`` checks the behaviour (an external entity naming a
  local file with a secret, and a billion-laughs document).
* python-calamine (xlsx, xlsm, xls, ods) is Rust: its XML reader (quick-xml) does not
  process document type declarations, so it neither fetches external entities nor
  expands entity definitions; a reference to any entity but the five predefined ones is
  an error ("unrecognized entity") and the file is refused (checked by the tests too).
* No office XML is parsed with the Python standard library here, so defusedxml's
  ``defuse_stdlib`` is not needed.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from workbench.importers.errors import ImportFileError

__all__ = [
    "OLE2_SIGNATURE",
    "PASSWORD_REASON",
    "Limits",
    "check_file",
    "check_xls",
    "check_xlsx",
    "check_zip",
    "is_worksheet_part",
    "ole2_names_present",
]

OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PASSWORD_REASON = (
    "the file is password-protected: remove the password in Excel/Word and save it again"
)
DAMAGED_ZIP_REASON = "the file is damaged (not a complete zip archive)"

_MB = 1024 * 1024
# Below this size a part is never called a zip bomb, whatever its ratio: small XML parts
# of repetitive markup compress very well and are harmless.
_RATIO_MIN_BYTES = 1 * _MB
_CHUNK = 1 * _MB
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


@dataclass(frozen=True)
class Limits:
    """Bounds on what a reader accepts; the defaults suit any real chronology."""

    max_file_bytes: int = 200 * 1024 * 1024
    max_zip_entries: int = 10_000
    max_uncompressed_bytes: int = 1024 * 1024 * 1024
    max_compression_ratio: float = 200.0
    max_csv_field: int = 1_000_000
    max_rows: int = 2_000_000
    max_cells: int = 20_000_000  # rows x columns of one sheet, as the parser lays it out


def _megabytes(n: int) -> str:
    return f"{n / _MB:,.0f} MB" if n >= _MB else f"{n / 1024:,.0f} KB"


def check_file(path: Path, limits: Limits) -> None:
    """Refuse a path that is missing, not a regular file, empty or over the size limit."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ImportFileError(path, "file not found") from None
    except PermissionError:
        raise ImportFileError(path, "the file cannot be opened (permission denied)") from None
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be opened ({exc.strerror})") from None
    if stat.S_ISDIR(st.st_mode):
        raise ImportFileError(path, "this is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):
        raise ImportFileError(path, "this is not a regular file")
    if st.st_size == 0:
        raise ImportFileError(path, "the file is empty")
    if st.st_size > limits.max_file_bytes:
        raise ImportFileError(
            path,
            f"the file is too large ({_megabytes(st.st_size)}; "
            f"the limit is {_megabytes(limits.max_file_bytes)})",
        )


def ole2_names_present(path: Path, names: tuple[str, ...]) -> set[str]:
    """Which of ``names`` appear as stream names in an OLE2 compound file.

    Directory entries store names in UTF-16LE followed by a NUL character; the file is
    scanned for those byte strings (a full compound-file parser is not needed to tell an
    encrypted OOXML package, a Word 97-2003 document and an Excel 97-2003 workbook apart).
    """
    patterns = {name: name.encode("utf-16-le") + b"\x00\x00" for name in names}
    overlap = max((len(p) for p in patterns.values()), default=0)
    found: set[str] = set()
    tail = b""
    with open(path, "rb") as fh:
        while True:
            chunk = fh.read(4 * _MB)
            if not chunk:
                break
            window = tail + chunk
            for name, pattern in patterns.items():
                if name not in found and pattern in window:
                    found.add(name)
            if len(found) == len(patterns):
                break
            tail = window[-overlap:]
    return found


def _read_head(path: Path, n: int = 8) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(n)


def check_zip(
    path: Path, limits: Limits, keep: Callable[[str], bool] | None = None
) -> dict[str, bytes]:
    """Refuse a zip-based office file that is damaged, encrypted or a decompression bomb.

    Call this before handing an xlsx/xlsm/docx/ods file to a parser. Returns the
    inflated content of the parts whose name ``keep`` accepts (checked like every part),
    so that a later check need not inflate them again.
    """
    try:
        head = _read_head(path)
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be opened ({exc.strerror})") from None
    if head.startswith(OLE2_SIGNATURE):
        if ole2_names_present(path, ("EncryptedPackage",)):
            raise ImportFileError(path, PASSWORD_REASON)
        raise ImportFileError(
            path, "the file is an Office 97-2003 file, not an Office Open XML (zip) file"
        )
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise ImportFileError(path, DAMAGED_ZIP_REASON) from None
    except NotImplementedError:
        raise ImportFileError(path, DAMAGED_ZIP_REASON) from None

    if len(infos) > limits.max_zip_entries:
        raise ImportFileError(
            path,
            f"the file holds too many parts ({len(infos):,}; the limit is "
            f"{limits.max_zip_entries:,}), so it was not opened",
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ImportFileError(path, PASSWORD_REASON)
        total += info.file_size
        if total > limits.max_uncompressed_bytes:
            raise _too_big(path, limits)
        _check_ratio(path, info.filename, info.file_size, info.compress_size, limits)
    return _verify_entries(path, infos, limits, keep)


def _too_big(path: Path, limits: Limits) -> ImportFileError:
    return ImportFileError(
        path,
        f"the file would unpack to more than {_megabytes(limits.max_uncompressed_bytes)}, "
        "so it was not opened",
    )


def _check_ratio(path: Path, name: str, size: int, compressed: int, limits: Limits) -> None:
    if size <= _RATIO_MIN_BYTES:
        return
    ratio = size / compressed if compressed > 0 else float("inf")
    if ratio > limits.max_compression_ratio:
        raise ImportFileError(
            path,
            f"the part '{name}' unpacks to {ratio:,.0f} times its packed size (the limit is "
            f"{limits.max_compression_ratio:,.0f}), which is typical of a 'zip bomb', so the "
            "file was not opened",
        )


def _verify_entries(
    path: Path,
    infos: list[zipfile.ZipInfo],
    limits: Limits,
    keep: Callable[[str], bool] | None = None,
) -> dict[str, bytes]:
    """Inflate every part once, in bounded steps, and compare with the declared size/CRC."""
    produced_total = 0
    kept: dict[str, bytes] = {}
    try:
        with open(path, "rb") as fh:
            for info in infos:
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    # Parts packed another way (rare in office files) keep only the checks
                    # on their declared sizes.
                    continue
                chunks: list[bytes] | None = (
                    [] if keep is not None and keep(info.filename) else None
                )
                produced = _verify_entry(path, fh, info, limits, produced_total, chunks)
                produced_total += produced
                if chunks is not None:
                    kept[info.filename] = b"".join(chunks)
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be read ({exc.strerror})") from None
    return kept


def _damaged_part(path: Path, name: str) -> ImportFileError:
    return ImportFileError(path, f"the file is damaged (the part '{name}' is corrupt)")


def _verify_entry(
    path: Path,
    fh: BinaryIO,
    info: zipfile.ZipInfo,
    limits: Limits,
    produced_before: int,
    chunks: list[bytes] | None = None,
) -> int:
    if not 0 <= info.header_offset < os.fstat(fh.fileno()).st_size:
        raise ImportFileError(path, DAMAGED_ZIP_REASON)
    fh.seek(info.header_offset)
    header = fh.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise ImportFileError(path, DAMAGED_ZIP_REASON)
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != b"PK\x03\x04":
        raise ImportFileError(path, DAMAGED_ZIP_REASON)
    name_len, extra_len = fields[9], fields[10]
    fh.seek(info.header_offset + _LOCAL_HEADER.size + name_len + extra_len)

    budget = limits.max_uncompressed_bytes - produced_before
    left = info.compress_size
    produced = 0
    crc = 0
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    while left > 0:
        chunk = fh.read(min(_CHUNK, left))
        if not chunk:
            raise ImportFileError(path, DAMAGED_ZIP_REASON)
        left -= len(chunk)
        if inflater is None:
            produced += len(chunk)
            crc = zlib.crc32(chunk, crc)
            if chunks is not None:
                chunks.append(chunk)
            continue
        data = chunk
        while data:
            try:
                out = inflater.decompress(data, _CHUNK)
            except zlib.error:
                raise _damaged_part(path, info.filename) from None
            produced += len(out)
            if produced > info.file_size:
                # More data than the archive declares: a damaged part or a bomb that
                # understates its size. Either way it is not read.
                if produced > budget:
                    raise _too_big(path, limits)
                raise _damaged_part(path, info.filename)
            crc = zlib.crc32(out, crc)
            if chunks is not None:
                chunks.append(out)
            data = inflater.unconsumed_tail
            if inflater.eof:
                break
    if inflater is not None and not inflater.eof:
        raise _damaged_part(path, info.filename)
    if produced != info.file_size or crc != info.CRC:
        raise _damaged_part(path, info.filename)
    return produced


# ---------------------------------------------------------------------------------------
# Sizes that parsers allocate up front
# ---------------------------------------------------------------------------------------
#
# calamine sizes some buffers from numbers written in the file before it reads the data
# they describe (the cells of a sheet span the rectangle between the first and the last
# cell; a string table reserves room for the count it announces; an Excel 97-2003 file
# reserves room for the sheet dimensions and its compound-file tables). When such a
# number is absurd the allocation fails, and a failed allocation aborts the whole process
# rather than raising an exception. These checks read the same numbers first and refuse
# the file with a clear reason. A realistic case is a workbook with one stray value in
# the last cell of a sheet (XFD1048576): 17 billion cells.

_TOO_MANY_CELLS = (
    "a sheet in the file has cells as far as row {rows:,} and column {column} ({cells:,} "
    "cells), more than can be read (the limit is {limit:,}): delete the unused rows and "
    "columns (Ctrl+End shows the last used cell) and save the file again"
)


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters or "A"


def _column_number(letters: bytes) -> int:
    number = 0
    for byte in letters:
        number = number * 26 + (byte - 64)
    return number


def _check_extent(
    path: Path, rows: int, columns: int, limits: Limits, cells: int | None = None
) -> None:
    """Refuse a sheet reaching row ``rows`` and column ``columns`` (1-based) when the cells
    laid out (``cells``, by default the whole rectangle from A1) exceed the limit."""
    cells = rows * columns if cells is None else cells
    if cells > limits.max_cells:
        raise ImportFileError(
            path,
            _TOO_MANY_CELLS.format(
                rows=rows, column=_column_letters(columns), cells=cells, limit=limits.max_cells
            ),
        )


_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\br="([0-9]+)"')
_WIDE_OR_DEEP = re.compile(rb'r="([A-Z]{2,})[0-9]|r="[A-Z]{1,3}([0-9]{7,})')
_ONE_LETTER = re.compile(rb'r="([A-Z])[0-9]')
_COUNT_ATTRIBUTE = re.compile(rb'\b(?:count|uniqueCount)="([0-9]+)"')
_CELL_TAG = re.compile(rb"<c[\s/>]")
_BARE_CELL = re.compile(rb"<c[>/\n\t]")


def _worksheet_extent(xml: bytes) -> tuple[int, int]:
    """(last row, last column) a worksheet's cells reach, as calamine will place them."""
    rows = [int(n) for n in _ROW_NUMBER.findall(xml)]
    last_row = max(rows, default=0)
    last_row = max(last_row, xml.count(b"<row"))  # rows without numbers are counted
    # Columns A-Z: the last one is looked for near the start and the end of the sheet only;
    # a sheet whose columns all have one letter cannot be wide enough to matter.
    sample = xml[:262144] + b" " + xml[-262144:]
    last_column = max((_column_number(c) for c in _ONE_LETTER.findall(sample)), default=1)
    for wide, deep in _WIDE_OR_DEEP.findall(xml):
        if wide:
            last_column = max(last_column, _column_number(wide))
        if deep:
            last_row = max(last_row, int(deep))
    if xml.count(b"<c ") != xml.count(b'<c r="') or _BARE_CELL.search(xml):
        # Some cells carry no reference (or not first): they are placed one after the
        # other, so the widest row decides the columns.
        widest = max((len(_CELL_TAG.findall(row)) for row in xml.split(b"<row")), default=0)
        last_column = max(last_column, widest)
    return last_row, last_column


def is_worksheet_part(name: str) -> bool:
    """Whether a part of an xlsx/xlsm package is a worksheet (see :func:`check_xlsx`)."""
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def check_xlsx(path: Path, limits: Limits, parts: dict[str, bytes] | None = None) -> None:
    """Refuse an xlsx/xlsm whose sheets or string table would make calamine allocate too much.

    Call after :func:`check_zip`. Reads every worksheet part once (a regular-expression
    scan of the XML, a few tens of milliseconds for 50,000 rows); ``parts`` holds the
    worksheets :func:`check_zip` already inflated (``keep=is_worksheet_part``).
    """
    parts = parts or {}
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                name = info.filename
                if is_worksheet_part(name):
                    xml = parts.get(name)
                    rows, columns = _worksheet_extent(xml if xml is not None else zf.read(info))
                    del xml
                    _check_extent(path, rows, columns, limits)
                elif name.startswith("xl/") and name.endswith("sharedStrings.xml"):
                    with zf.open(info) as fh:
                        head = fh.read(4096)
                    for count in _COUNT_ATTRIBUTE.findall(head):
                        # Each string takes at least "<si></si>" (9 bytes).
                        if int(count) > info.file_size // 9 + 1:
                            raise ImportFileError(
                                path, "the file is damaged (its table of text values is corrupt)"
                            )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise ImportFileError(path, DAMAGED_ZIP_REASON) from None


# -- Excel 97-2003 (.xls): the compound file and the BIFF records ------------------------

_ENDOFCHAIN = 0xFFFFFFFE
_FREESECT = 0xFFFFFFFF
_XLS_DAMAGED = "the file is damaged (its Excel 97-2003 structure is broken)"


class _CompoundFile:
    """A validated reading of an OLE2 compound file (MS-CFB): every table and chain the
    parser will follow is checked to lie inside the file and to have no loop."""

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.data = data
        if len(data) < 512 or not data.startswith(OLE2_SIGNATURE):
            raise self.damaged()
        byte_order, shift, mini_shift = struct.unpack_from("<HHH", data, 28)
        if byte_order != 0xFFFE or shift not in (9, 12) or mini_shift != 6:
            raise self.damaged()
        self.size = 1 << shift
        # Sectors present in the file (a last, shorter one is read as if padded).
        self.sectors = max(0, -(-(len(data) - self.size) // self.size))
        (
            dir_count,
            fat_count,
            dir_start,
            _transaction,
            cutoff,
            minifat_start,
            minifat_count,
            difat_start,
            difat_count,
        ) = struct.unpack_from("<9I", data, 40)
        if cutoff != 4096:
            raise self.damaged()
        for count in (dir_count, fat_count, minifat_count, difat_count):
            if count > self.sectors:
                raise self.damaged()
        self.version4 = shift == 12

        difat = list(struct.unpack_from("<109I", data, 76))
        seen: set[int] = set()
        sector = difat_start
        per_sector = self.size // 4
        while sector not in (_ENDOFCHAIN, _FREESECT):
            if sector in seen or sector >= self.sectors:
                raise self.damaged()
            seen.add(sector)
            values = struct.unpack(f"<{per_sector}I", self.sector(sector))
            difat.extend(values[:-1])
            sector = values[-1]
        fat_sectors = [s for s in difat if s != _FREESECT]
        if len(fat_sectors) > self.sectors or any(s >= self.sectors for s in fat_sectors):
            raise self.damaged()
        self.fat: tuple[int, ...] = struct.unpack(
            f"<{per_sector * len(fat_sectors)}I", b"".join(self.sector(s) for s in fat_sectors)
        )

        directory = b"".join(self.sector(s, complete=True) for s in self.chain(dir_start))
        self.entries: list[tuple[str, int, int, int]] = []  # (name, type, start, size)
        for offset in range(0, len(directory) - 127, 128):
            name_bytes = directory[offset : offset + 64]
            kind = directory[offset + 66]
            start = struct.unpack_from("<I", directory, offset + 116)[0]
            size = struct.unpack_from("<Q" if self.version4 else "<I", directory, offset + 120)[0]
            name = name_bytes.decode("utf-16-le", errors="ignore").split("\x00", 1)[0]
            self.entries.append((name, kind, start, size))
        if not self.entries or self.entries[0][3] > len(data):
            raise self.damaged()
        root_start, root_size = self.entries[0][2], self.entries[0][3]
        mini_stream = b"".join(self.sector(s) for s in self.chain(root_start))[:root_size]
        self.mini_stream = mini_stream
        minifat_bytes = b"".join(self.sector(s) for s in self.chain(minifat_start))
        self.minifat: tuple[int, ...] = struct.unpack(
            f"<{len(minifat_bytes) // 4}I", minifat_bytes[: len(minifat_bytes) // 4 * 4]
        )

    def damaged(self) -> ImportFileError:
        return ImportFileError(self.path, _XLS_DAMAGED)

    def sector(self, number: int, *, complete: bool = False) -> bytes:
        if number >= self.sectors:
            raise self.damaged()
        start = (number + 1) * self.size
        content = self.data[start : start + self.size]
        if complete and len(content) < self.size:
            raise self.damaged()  # the parser cannot read a directory cut short
        return content.ljust(self.size, b"\x00")

    def chain(self, start: int) -> list[int]:
        chain: list[int] = []
        seen: set[int] = set()
        sector = start
        while sector != _ENDOFCHAIN:
            if sector in seen or sector >= self.sectors or sector >= len(self.fat):
                raise self.damaged()
            seen.add(sector)
            chain.append(sector)
            sector = self.fat[sector]
        return chain

    def stream(self, name: str) -> bytes | None:
        """The first stream of that name (as the parser looks it up), or None."""
        for entry_name, _kind, start, size in self.entries:
            if entry_name != name:
                continue
            if size > len(self.data):
                raise self.damaged()
            if size >= 4096:
                return b"".join(self.sector(s) for s in self.chain(start))[:size]
            parts: list[bytes] = []
            seen: set[int] = set()
            sector = start
            while sector != _ENDOFCHAIN:
                end = (sector + 1) * 64
                if sector in seen or sector >= len(self.minifat) or end > len(self.mini_stream):
                    raise self.damaged()
                seen.add(sector)
                parts.append(self.mini_stream[end - 64 : end])
                sector = self.minifat[sector]
            return b"".join(parts)[:size]
        return None


# Cell records of a worksheet substream: (record type, offset of row, offset of column).
_XLS_CELLS = {0x0203: 14, 0x0204: 6, 0x0205: 8, 0x027E: 10, 0x00FD: 10, 0x0006: 20}
_XLS_MULRK = 0x00BD
_XLS_DIMENSIONS = 0x0200
_XLS_EOF = 0x000A
_XLS_SST = 0x00FC
_XLS_BOUNDSHEET = 0x0085
_U32 = 0xFFFFFFFF


def check_xls(path: Path, limits: Limits) -> None:
    """Refuse an .xls file whose structure would make calamine allocate too much or read
    outside the file: the compound-file tables, the string table count, the declared
    dimensions and the cells' extent of every sheet."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(path, f"the file cannot be read ({exc.strerror})") from None
    compound = _CompoundFile(path, data)
    stream = compound.stream("Workbook")
    if stream is None:
        stream = compound.stream("Book")
    if stream is None:
        raise ImportFileError(path, "the file is not an Excel workbook (no workbook stream)")
    unpack = struct.unpack_from
    length = len(stream)

    sheets: list[int] = []
    position = 0
    while position + 4 <= length:
        kind, size = unpack("<HH", stream, position)
        body = position + 4
        if kind == _XLS_EOF:
            break
        if kind == _XLS_SST and size >= 8:
            count = unpack("<i", stream, body + 4)[0]
            if count < 0 or count > length // 3:
                raise compound.damaged()
        elif kind == _XLS_BOUNDSHEET and size >= 4:
            sheets.append(unpack("<I", stream, body)[0])
        position = body + size

    for start in sheets:
        if start >= length:
            raise compound.damaged()
        top = left = _U32
        bottom = right = -1
        position = start
        while position + 4 <= length:
            kind, size = unpack("<HH", stream, position)
            body = position + 4
            if body + size > length or kind == _XLS_EOF:
                break
            if kind in _XLS_CELLS:
                if size >= _XLS_CELLS[kind]:
                    row, column = unpack("<HH", stream, body)
                    top, bottom = min(top, row), max(bottom, row)
                    left, right = min(left, column), max(right, column)
            elif kind == _XLS_MULRK and size >= 6:
                row, first = unpack("<HH", stream, body)
                last = first + (size - 6) // 6 - 1
                top, bottom = min(top, row), max(bottom, row)
                left, right = min(left, first), max(right, last)
            elif kind == _XLS_DIMENSIONS:
                _check_xls_dimensions(path, stream, body, size, limits)
            position = body + size
        if bottom >= 0:
            cells = (bottom - top + 1) * (right - left + 1)
            _check_extent(path, bottom + 1, right + 1, limits, cells)


def _check_xls_dimensions(path: Path, stream: bytes, body: int, size: int, limits: Limits) -> None:
    """The DIMENSIONS record: the parser reserves rows x columns cells from it, computing in
    32-bit unsigned arithmetic (so a last row before the first one wraps around)."""
    if size == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", stream, body)
    elif size == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", stream, body)
    else:
        return
    if last_row >= 1 and last_col >= 1:
        rows = (last_row - 1 - first_row + 1) & _U32
        columns = (last_col - 1 - first_col + 1) & _U32
    else:
        rows = columns = 1
    _check_extent(path, max(last_row, 1), max(last_col, 1), limits, rows * columns)
