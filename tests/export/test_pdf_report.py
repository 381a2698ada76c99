"""The overview report as PDF: content, page furniture, fonts, markup printed literally."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.export.conftest import MARKUP_TEXT, add_event, pdf_pages, pdf_text, squash
from workbench.core.model import Person
from workbench.core.store import ReviewStore
from workbench.export.document import ExportDocument
from workbench.export.markdown import plain_text
from workbench.export.pdf_report import write_report_pdf
from workbench.export.runner import export


@pytest.fixture(scope="module")
def demo_report(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.pdf"
    export(demo_file, "report", out)
    return out


def test_every_question_finding_and_recommendation_is_in_the_text(
    demo_report: Path, demo_doc: ExportDocument
) -> None:
    text = pdf_text(demo_report)
    assert demo_doc.questions and demo_doc.findings and demo_doc.recommendations
    for q in demo_doc.questions:
        assert squash(q.text) in text, q.number
    for f in demo_doc.findings:
        assert squash(f.title) in text, f.title
        for line in plain_text(f.body).splitlines():
            assert squash(line.lstrip("•– ")) in text, line
    for r in demo_doc.recommendations:
        assert squash(plain_text(r.text).splitlines()[0]) in text, r.number
    for le in demo_doc.lessons:
        assert squash(plain_text(le.text).splitlines()[0]) in text
    for a in demo_doc.actions:
        assert squash(a.description) in text
    for row in demo_doc.chronology:
        assert squash(row.text)[:60] in text


def test_page_furniture_outline_and_metadata(demo_report: Path, demo_doc: ExportDocument) -> None:
    reader = PdfReader(str(demo_report))
    pages = pdf_pages(demo_report)
    n = len(pages)
    assert n > 10
    # The marking on every page; "Page n of m" on every page but the title page.
    for i, page in enumerate(pages, start=1):
        assert "OFFICIAL-SENSITIVE" in page, i
        if i > 1:
            assert f"Page {i} of {n}" in page
    # Contents with page numbers that point at the headings.
    contents = squash(pages[1])
    assert "Contents" in contents
    outline = {
        item.title: reader.get_destination_page_number(item)
        for item in reader.outline
        if not isinstance(item, list)
    }
    for title in (
        "Methodology",
        "Findings by research question",
        "Recommendations",
        "Action plan",
        "Appendix A: Integrated chronology",
        "Appendix B: Glossary",
        "Appendix C: Timeline",
    ):
        assert title in outline, title
        assert f"{title} {outline[title] + 1}" in contents, title
        assert title in squash(pages[outline[title]])
    # The chronology appendix is landscape and repeats its column header on each page.
    first = outline["Appendix A: Integrated chronology"]
    glossary = outline["Appendix B: Glossary"]
    assert glossary - first >= 3
    for i in range(first, glossary):
        box = reader.pages[i].mediabox
        assert float(box.width) > float(box.height)
        assert "Date Agency Subjects Event" in squash(pages[i])
    assert float(reader.pages[glossary].mediabox.width) < float(
        reader.pages[glossary].mediabox.height
    )
    meta = reader.metadata
    assert meta is not None
    assert meta.title == demo_doc.meta.title
    assert meta.author == demo_doc.meta.board
    assert "Case Review Workbench" in (meta.creator or "")


def test_text_is_drawn_with_embedded_fonts(demo_report: Path) -> None:
    import re

    reader = PdfReader(str(demo_report))
    used: set[str] = set()
    for page in reader.pages:
        fonts = {str(k): v.get_object() for k, v in page["/Resources"]["/Font"].items()}
        data = page.get_contents().get_data().decode("latin-1")
        for block in re.findall(r"BT(.*?)ET", data, flags=re.S):
            if "Tj" not in block and "TJ" not in block:
                continue  # a text state set but no text drawn
            for key in re.findall(r"(/F\d+(?:\+\d+)?) [\d.]+ Tf", block):
                font = fonts[key]
                used.add(str(font["/BaseFont"]))
                descendants = font.get("/DescendantFonts")
                target = descendants[0].get_object() if descendants else font
                descriptor = target.get("/FontDescriptor")
                assert descriptor is not None, f"{font['/BaseFont']} is not embedded"
                assert "/FontFile2" in descriptor.get_object()
    assert any("DejaVuSans" in name for name in used), used


def test_timeline_figures_are_vector(demo_report: Path) -> None:
    reader = PdfReader(str(demo_report))
    pages = [p for p in reader.pages[2:] if "Appendix C: Timeline" in (p.extract_text() or "")]
    assert len(pages) == 1
    start = list(reader.pages).index(pages[0])
    figures = reader.pages[start:]
    # The scoping period, then the whole chronology (the demo has events before it).
    assert len(figures) == 2
    assert "The scoping period" in (figures[0].extract_text() or "")
    assert "The whole chronology" in (figures[1].extract_text() or "")
    for page in figures:
        xobjects = page["/Resources"].get("/XObject", {})
        assert not any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
        assert len(page.get_contents().get_data()) > 5000  # drawn with paths


def test_markup_and_names_in_any_script_print(demo_copy: Path, tmp_path: Path) -> None:
    store = ReviewStore.open(demo_copy)
    try:
        add_event(store, MARKUP_TEXT, outcome="=SUM(A1) + x")
        add_event(store, "Seen with Γιώργος Παπαδόπουλος, Иван Петров and محمد علي and דוד")
        add_event(store, "Interpreter present for 王小明 and 佐藤花子")
    finally:
        store.close()
    out = tmp_path / "r.pdf"
    export(demo_copy, "report", out)
    text = pdf_text(out)
    assert squash(MARKUP_TEXT) in text
    for name in ("Γιώργος Παπαδόπουλος", "Иван Петров"):
        assert name in text, name
    # Chinese and Japanese through the shipped fallback font, embedded.
    for name in ("王小明", "佐藤花子"):
        assert name in text, name
    fonts = {
        str(f.get_object().get("/BaseFont"))
        for page in PdfReader(out).pages
        for f in page["/Resources"].get("/Font", {}).values()
    }
    assert any("Fallback" in f or "WBFallback" in f for f in fonts), fonts
    # Right-to-left names are drawn letter by letter (no shaping); text extraction may give
    # them in either order.
    for name in ("محمد علي", "דוד"):
        assert name in text or name[::-1] in text, name


def test_publication_report_has_no_marking_and_no_name(leaky_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "pub.pdf"
    result = export(leaky_copy, "report", out, publication=True)
    assert result.replacements["YPA"] >= 4
    text = pdf_text(out)
    assert "OFFICIAL-SENSITIVE" not in text
    store = ReviewStore.open(leaky_copy, read_only=True, ignore_lock=True)
    with store.session() as s:
        people = list(s.scalars(select(Person)))
    store.close()
    lowered = text.casefold()
    for p in people:
        for token in p.real_name.split():
            assert token.casefold() not in lowered, token
    assert "YPA met his PA; YPA said" in text
    assert "Mother's flat" in text


def test_bytes_output_and_progress(demo_doc: ExportDocument) -> None:
    import io

    seen: list[int] = []
    buf = io.BytesIO()
    pages = write_report_pdf(demo_doc, buf, progress=lambda p, _m: seen.append(p))
    assert buf.getvalue().startswith(b"%PDF") and pages > 10
    assert seen == sorted(seen) and seen[-1] == 100
