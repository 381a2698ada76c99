"""The single export entry point: formats, publication refusal, cancellation, progress."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation
from sqlalchemy import select

from tests.export.conftest import LEAKY_NAMES, add_event, pdf_text
from workbench.core.model import Person
from workbench.core.store import ReviewStore
from workbench.export.errors import ExportCancelled, ExportError, PublicationRefused
from workbench.export.runner import PRODUCTS, check_publication, export


def test_unknown_product_format_or_folder(demo_file: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"can be written as \.pdf or \.docx"):
        export(demo_file, "report", tmp_path / "r.txt")
    with pytest.raises(ExportError, match="unknown product"):
        export(demo_file, "poster", tmp_path / "r.pdf")
    with pytest.raises(ExportError, match="folder does not exist"):
        export(demo_file, "report", tmp_path / "missing" / "r.pdf")
    with pytest.raises(ExportError, match=r"starts .* after it ends"):
        export(
            demo_file, "chronology", tmp_path / "c.csv", window=(date(2016, 2, 1), date(2016, 1, 1))
        )


def test_cancelled_export_leaves_no_file(demo_file: Path, tmp_path: Path) -> None:
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    out = tmp_path / "r.pdf"
    with pytest.raises(ExportCancelled):
        export(demo_file, "report", out, cancelled=cancelled)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_progress_is_reported_in_order(demo_file: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, str]] = []
    export(demo_file, "deck", tmp_path / "d.pptx", progress=lambda p, m: seen.append((p, m)))
    percents = [p for p, _m in seen]
    assert percents == sorted(percents) and percents[-1] == 100 and len(seen) > 5


def _people(path: Path) -> list[str]:
    store = ReviewStore.open(path, read_only=True, ignore_lock=True)
    try:
        with store.session() as s:
            return [p.real_name for p in s.scalars(select(Person))]
    finally:
        store.close()


def _text_of(path: Path) -> str:
    suffix = path.suffix
    if suffix == ".pdf":
        return pdf_text(path)
    if suffix == ".docx":
        doc = Document(str(path))
        parts = [p.text for p in doc.paragraphs]
        parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
        parts += [p.text for s in doc.sections for p in s.header.paragraphs]
        parts += [doc.core_properties.title or "", doc.core_properties.author or ""]
        return " ".join(parts)
    if suffix == ".pptx":
        prs = Presentation(str(path))
        parts = [
            s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame
        ]
        parts += [
            slide.notes_slide.notes_text_frame.text for slide in prs.slides if slide.has_notes_slide
        ]
        return " ".join(parts)
    if suffix in (".csv", ".svg"):
        return path.read_text(encoding="utf-8-sig")
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(str(path))
        return " ".join(
            str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None
        )
    raise AssertionError(suffix)


@pytest.mark.parametrize(
    ("product", "suffix"),
    [(p, s) for p, suffixes in PRODUCTS.items() for s in suffixes if s != ".png"],
)
def test_publication_exports_carry_no_registered_name(
    leaky_copy: Path, tmp_path: Path, product: str, suffix: str
) -> None:
    if suffix in (".pdf", ".csv") and product in ("report", "chronology"):
        working = tmp_path / f"working{suffix}"
        export(leaky_copy, product, working)
        assert "Liam Thorne" in _text_of(working)  # the working copy keeps real names
    out = tmp_path / f"pub{suffix}"
    export(leaky_copy, product, out, publication=True)
    text = _text_of(out).casefold()
    for name in LEAKY_NAMES:
        assert name.casefold() not in text, name
    for real in _people(leaky_copy):
        assert real.casefold() not in text


def test_a_leak_refuses_the_export_and_says_where(leaky_copy: Path, tmp_path: Path) -> None:
    store = ReviewStore.open(leaky_copy)
    try:
        add_event(
            store,
            "Child Z (DOB 09/02/2002) seen at school",
            when=date(2016, 4, 4),
            date_text="04/04/2016",
        )
    finally:
        store.close()
    leaks = check_publication(leaky_copy, "chronology")
    assert [(x.kind, x.found, x.person) for x in leaks] == [
        ("date of birth", "09/02/2002", "Child Z")
    ]
    assert leaks[0].where.startswith("Chronology entry ")
    assert "(04/04/2016, CS), text" in leaks[0].where
    out = tmp_path / "pub.pdf"
    with pytest.raises(PublicationRefused) as info:
        export(leaky_copy, "report", out, publication=True)
    assert info.value.leaks and not out.exists()
    # A working copy is not checked.
    export(leaky_copy, "report", out)
    assert out.exists()
