"""The learning deck: the seed's story slide by slide, text that fits, notes, PDF slides."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import ImageFont
from pptx import Presentation
from pptx.util import Emu
from pypdf import PdfReader

from tests.export.conftest import squash
from workbench.export.deck import plan_deck
from workbench.export.document import ExportDocument
from workbench.export.fonts import font_path
from workbench.export.runner import export

#: The seed presentation's order (Case Z learning presentation): the title; what it sets
#: out; summary (the family; why a review); methodology; narrative (historic; the scoping
#: period); terms of reference; a slide per research question; key lessons; multi- and
#: single-agency recommendations; the board's response. "..., cont." slides may follow any
#: of them; the timeline follows the narrative.
SEED_ORDER = [
    r"Serious Case Review: Case Z",
    r"Serious Case Review: Case Z",
    r"Summary of the case: the family",
    r"Summary of the case: why a Serious Case Review\?",
    r"Methodology",
    r"Narrative – YPA historic information",
    r"Narrative in the scoping period",
    r"Timeline.*",
    r"Terms of Reference",
    r"TOR1 – care leaver planning",
    r"TOR2 – assessing Child Z's needs",
    r"TOR3 – inter-agency working",
    r"TOR4 – post disclosure service offer",
    r"Six Key Lessons",
    r"Multi Agency Recommendations",
    r"Single Agency Recommendations",
    r"The Board's response",
]


@pytest.fixture(scope="module")
def deck_file(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deck") / "deck.pptx"
    export(demo_file, "deck", out)
    return out


def _titles(path: Path) -> list[str]:
    prs = Presentation(str(path))
    return [slide.shapes.title.text_frame.text for slide in prs.slides]


def test_slide_titles_follow_the_seed(deck_file: Path) -> None:
    titles = _titles(deck_file)
    at = 0
    last = ""
    for title in titles:
        if at < len(SEED_ORDER) and re.fullmatch(SEED_ORDER[at], title):
            last = title
            at += 1
            continue
        assert title.endswith(", cont."), title
        stem = title.removesuffix(", cont.")
        assert last.startswith(stem) or stem == "Narrative", (title, last)
    assert at == len(SEED_ORDER), f"missing {SEED_ORDER[at:]}"
    # The long narrative continues over slides rather than overflowing.
    assert "Narrative, cont." in titles


def _line_count(font: ImageFont.FreeTypeFont, text: str, width: float) -> int:
    lines, current = 0, ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and font.getlength(trial) > width:
            lines += 1
            current = word
        else:
            current = trial
    return lines + (1 if current else 0)


def test_no_text_runs_off_a_slide(deck_file: Path) -> None:
    """Measured independently with FreeType (the deck measures with reportlab)."""
    prs = Presentation(str(deck_file))
    assert (prs.slide_width, prs.slide_height) == (Emu(12192000), Emu(6858000))  # 16:9
    fonts: dict[tuple[float, bool], ImageFont.FreeTypeFont] = {}

    def font(size: float, bold: bool) -> ImageFont.FreeTypeFont:
        key = (size, bold)
        if key not in fonts:
            name = "WBSans-Bold" if bold else "WBSans"
            fonts[key] = ImageFont.truetype(str(font_path(name)), size=max(1, round(size * 10)))
        return fonts[key]

    checked = 0
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, number
            assert shape.left + shape.width <= prs.slide_width, number
            assert shape.top + shape.height <= prs.slide_height, number
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            tf = shape.text_frame
            box_w = (shape.width - tf.margin_left - tf.margin_right) / 12700
            box_h = (shape.height - tf.margin_top - tf.margin_bottom) / 12700
            used = 0.0
            for p in tf.paragraphs:
                runs = [r for r in p.runs if r.text]
                if not runs:
                    continue
                size = runs[0].font.size.pt
                bold = bool(runs[0].font.bold)
                ppr = p._p.pPr
                indent = int(ppr.get("marL", "0")) / 12700 if ppr is not None else 0.0
                text = "".join(r.text for r in runs)
                # PIL measures at ten times the size for precision.
                n = _line_count(font(size, bold), text, (box_w - indent) * 10)
                line = (
                    p.line_spacing.pt
                    if p.line_spacing is not None and hasattr(p.line_spacing, "pt")
                    else size * 1.2
                )
                used += n * line + (p.space_after.pt if p.space_after is not None else 0)
            assert used <= box_h + 8, (number, shape.name, used, box_h, tf.text[:60])
            checked += 1
    assert checked > 40


def test_slide_furniture_and_notes(deck_file: Path, demo_doc: ExportDocument) -> None:
    prs = Presentation(str(deck_file))
    for number, slide in enumerate(prs.slides, start=1):
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert str(number) in texts, number
        assert demo_doc.meta.marking in texts, number
    notes = {
        slide.shapes.title.text_frame.text: slide.notes_slide.notes_text_frame.text
        for slide in prs.slides
        if slide.has_notes_slide
    }
    tor1 = notes["TOR1 – care leaver planning"]
    assert "Evidence:" in tor1
    finding = demo_doc.questions[0].findings[0]
    assert finding.evidence
    for ev in finding.evidence:
        assert ev.date_text in tor1
    # Every finding's opening statement is on a slide.
    deck_text = squash(
        " ".join(
            s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame
        )
    )
    from workbench.export.markdown import first_paragraph

    for f in demo_doc.findings:
        assert squash(first_paragraph(f.body)) in deck_text, f.title


def test_timeline_slide_has_the_image(deck_file: Path) -> None:
    prs = Presentation(str(deck_file))
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text.startswith("Timeline"))
    pictures = [s for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1
    assert pictures[0].image.content_type == "image/png"
    assert pictures[0]._element.nvPicPr.cNvPr.get("descr")


def test_deck_as_pdf_slides(demo_file: Path, demo_doc: ExportDocument, tmp_path: Path) -> None:
    out = tmp_path / "deck.pdf"
    result = export(demo_file, "deck", out)
    reader = PdfReader(str(out))
    slides = plan_deck(demo_doc, timeline=True)
    assert result.pages == len(reader.pages) == len(slides)
    for page, spec in zip(reader.pages, slides, strict=True):
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (960.0, 540.0)
        text = squash(page.extract_text() or "")
        assert squash(spec.title) in text
        assert demo_doc.meta.marking in text


def test_publication_deck_has_no_marking(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "pub.pptx"
    export(demo_file, "deck", out, publication=True)
    prs = Presentation(str(out))
    for slide in prs.slides:
        assert all("OFFICIAL" not in s.text_frame.text for s in slide.shapes if s.has_text_frame)
