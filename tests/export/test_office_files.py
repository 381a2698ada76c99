"""The Word report, the 7-minute briefing and the chronology spreadsheet."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.export.conftest import MARKUP_TEXT, add_event, pdf_text, squash
from workbench.core.store import ReviewStore
from workbench.export.document import ExportDocument
from workbench.export.markdown import plain_text
from workbench.export.runner import export
from workbench.export.spreadsheet import neutralise


@pytest.fixture(scope="module")
def report_docx(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "report.docx"
    export(demo_file, "report", out)
    return out


def test_word_report_structure(report_docx: Path, demo_doc: ExportDocument) -> None:
    doc = Document(str(report_docx))
    headings = [
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")
    ]
    names = [t for _s, t in headings]
    for title in (
        "Summary of the case",
        "Methodology",
        "Findings by research question",
        "Missed opportunities",
        "Good practice",
        "Lessons",
        "Recommendations",
        "Action plan",
        "Appendix A: Integrated chronology",
        "Appendix B: Glossary",
        "Appendix C: Timeline",
    ):
        assert ("Heading 1", title) in headings, title
    for q in demo_doc.questions:
        assert any(n.startswith(f"Research question {q.number}") for n in names)
    for f in demo_doc.findings:
        assert ("Heading 3", f.title) in headings
    body = squash(" ".join(p.text for p in doc.paragraphs))
    for r in demo_doc.recommendations:
        assert squash(plain_text(r.text).splitlines()[0]) in body
    # Tables repeat their header row; the chronology has a row per event.
    chronology = max(doc.tables, key=lambda t: len(t.rows))
    assert len(chronology.rows) == len(demo_doc.chronology) + 1
    for table in doc.tables:
        first = table.rows[0]._tr
        assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
    # The marking in the header and a page number field in the footer of every section.
    for section in doc.sections:
        assert demo_doc.meta.marking in " ".join(p.text for p in section.header.paragraphs)
        assert 'w:instr="PAGE"' in section.footer._element.xml
    assert any(s.orientation == 1 for s in doc.sections)  # the landscape chronology
    assert doc.inline_shapes and doc.inline_shapes[0]._inline.docPr.get("descr")
    assert doc.core_properties.title == demo_doc.meta.title


def test_briefing_pdf_and_word(demo_file: Path, demo_doc: ExportDocument, tmp_path: Path) -> None:
    pdf = tmp_path / "b.pdf"
    result = export(demo_file, "briefing", pdf)
    assert result.pages in (1, 2)
    assert len(PdfReader(str(pdf)).pages) in (1, 2)
    text = pdf_text(pdf)
    assert "7-minute briefing" in text
    for box in demo_doc.briefing:
        assert squash(f"{box.number} {box.title}") in text
        assert squash(plain_text(box.body).splitlines()[0].lstrip("• ")) in text
    word = tmp_path / "b.docx"
    export(demo_file, "briefing", word)
    doc = Document(str(word))
    assert len(doc.tables) == 7
    heads = [t.cell(0, 0).text for t in doc.tables]
    assert heads == [f"{b.number}  {b.title}" for b in demo_doc.briefing]
    assert all(t.cell(0, 0).paragraphs[0].style.name == "Heading 2" for t in doc.tables)


def test_formula_injection_is_neutralised(demo_copy: Path, tmp_path: Path) -> None:
    store = ReviewStore.open(demo_copy)
    try:
        add_event(store, '=HYPERLINK("http://x","click")', outcome="+1+2", date_text="-01/03/2016")
        add_event(store, "@SUM(A1)", outcome="-2+3", when=date(2016, 3, 2), date_text="02/03/16")
        add_event(store, MARKUP_TEXT, when=date(2016, 3, 3), date_text="03/03/16")
    finally:
        store.close()
    xlsx = tmp_path / "c.xlsx"
    export(demo_copy, "chronology", xlsx)
    ws = load_workbook(str(xlsx))["Chronology"]
    values = [c.value for row in ws.iter_rows(min_row=2) for c in row if c.value is not None]
    assert all(not str(v).startswith(("=", "+", "-", "@")) for v in values)
    assert '\'=HYPERLINK("http://x","click")' in values
    assert "'@SUM(A1)" in values and "'-2+3" in values and "'+1+2" in values
    assert MARKUP_TEXT in values
    assert all(
        c.data_type == "s" for row in ws.iter_rows(min_row=2) for c in row if c.value is not None
    )
    csv_path = tmp_path / "c.csv"
    export(demo_copy, "chronology", csv_path)
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    cells = [c for row in rows[1:] for c in row]
    assert all(not c.startswith(("=", "+", "-", "@")) for c in cells)
    assert "'@SUM(A1)" in cells
    assert neutralise("\tx") == "'\tx" and neutralise("ok") == "ok"


def test_chronology_window(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "w.csv"
    export(demo_file, "chronology", out, window=(date(2016, 6, 1), date(2016, 6, 30)))
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows
    for row in rows:
        assert row["Earliest"] <= "2016-06-30" and row["Latest"] >= "2016-06-01"
    assert [int(r["Entry"]) for r in rows] == list(range(1, len(rows) + 1))
