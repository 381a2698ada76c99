"""A hostile or broken file, or an import cancelled half-way, leaves the review unchanged:
the event table byte for byte, no source file row, no quarantined rows, no audit entry."""

from __future__ import annotations

import hashlib
import io
import os
import sqlite3
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from workbench.core.store import ReviewStore
from workbench.importers.errors import ImportFileError
from workbench.importers.pipeline import ImportCancelled, import_file

TABLES = ("event", "source_file", "quarantined_row", "audit_entry", "agency", "event_subject")


def _state(path: Path) -> dict[str, str]:
    """A digest of every row of the tables an import writes to."""
    con = sqlite3.connect(path)
    try:
        out = {}
        for table in TABLES:
            rows = con.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            out[table] = hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()
        out["source_files"] = str(con.execute("SELECT count(*) FROM source_file").fetchone()[0])
        return out
    finally:
        con.close()


def _xlsx(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Event"])
    for i in range(20):
        sheet.append([f"{i + 1:02d}/05/2016", f"Home visit {i}"])
    book.save(path)
    return path


def zip_bomb(folder: Path) -> Path:
    path = _xlsx(folder / "bomb.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/media/image1.bin", bytes(60 * 1024 * 1024))
    return path


def random_bytes_as_xlsx(folder: Path) -> Path:
    path = folder / "noise.xlsx"
    path.write_bytes(os.urandom(64 * 1024))
    return path


def truncated_xlsx(folder: Path) -> Path:
    path = _xlsx(folder / "cut.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def password_protected_xlsx(folder: Path) -> Path:
    """An OLE2 compound file, which is what Excel writes for a password-protected xlsx."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[24:26] = struct.pack("<H", 0x3E)
    header[26:28] = struct.pack("<H", 3)
    header[28:30] = b"\xfe\xff"
    header[30:32] = struct.pack("<H", 9)
    header[32:34] = struct.pack("<H", 6)
    path = folder / "locked.xlsx"
    path.write_bytes(bytes(header) + os.urandom(4096))
    return path


def billion_laughs_docx(folder: Path) -> Path:
    entities = "".join(
        f'<!ENTITY lol{i} "{"&lol" + str(i - 1) + ";" if i else "lol"}' * 1 + '">'
        for i in range(10)
    )
    body = (
        '<?xml version="1.0"?>'
        f"<!DOCTYPE w:document [{entities}]>"
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
    )
    path = folder / "laughs.docx"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/'
            'document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        zf.writestr("word/document.xml", body)
    path.write_bytes(buf.getvalue())
    return path


def binary_csv(folder: Path) -> Path:
    path = folder / "binary.csv"
    path.write_bytes(b"Date,Event\n" + bytes(range(256)) * 200)
    return path


def csv_without_dates(folder: Path) -> Path:
    path = folder / "nodates.csv"
    path.write_text("Name,Notes\n" + "".join(f"Person {i},Note {i}\n" for i in range(50)))
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "empty.csv"
    path.write_bytes(b"")
    return path


HOSTILE: list[Callable[[Path], Path]] = [
    zip_bomb,
    random_bytes_as_xlsx,
    truncated_xlsx,
    password_protected_xlsx,
    billion_laughs_docx,
    binary_csv,
    csv_without_dates,
    empty_file,
]


@pytest.mark.parametrize("make", HOSTILE, ids=[f.__name__ for f in HOSTILE])
def test_hostile_file_leaves_the_review_unchanged(
    make: Callable[[Path], Path], demo_copy: Path, tmp_path: Path
) -> None:
    hostile = make(tmp_path)
    before = _state(demo_copy)
    with ReviewStore.open(demo_copy) as store, pytest.raises(ImportFileError) as info:
        import_file(store, hostile, "Norfolk Constabulary")
    assert hostile.name in str(info.value) and "\n" not in str(info.value)
    assert _state(demo_copy) == before
    assert not (tmp_path / "case-z.cwr.backups").exists()  # refused before any snapshot


def test_import_cancelled_while_writing_leaves_the_review_unchanged(
    demo_copy: Path, tmp_path: Path
) -> None:
    source = tmp_path / "big.csv"
    source.write_text(
        "Date,Event\n" + "".join(f"{1 + i % 28:02d}/06/2016,Visit {i}\n" for i in range(12_000))
    )
    before = _state(demo_copy)
    folder = tmp_path / "case-z.cwr.backups"
    state = {"written": 0}

    def progress(done: int, total: int) -> None:
        # The snapshot is taken as the writing begins: from then on, progress is rows written.
        if folder.exists():
            state["written"] = done

    def cancelled() -> bool:
        return state["written"] > 0

    with ReviewStore.open(demo_copy) as store, pytest.raises(ImportCancelled):
        import_file(store, source, "Norfolk Constabulary", progress=progress, cancelled=cancelled)
    assert 0 < state["written"] < 12_000
    assert _state(demo_copy) == before
