"""Timeline exports: PNG, SVG and PDF files from one drawing, without Qt."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from defusedxml import ElementTree
from PIL import Image
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

from workbench.timeline.layout import Band, Lane, Milestone, TimelineEvent, build_layout
from workbench.timeline.render import (
    EXPORT_ITEM_LIMIT,
    export_timeline,
    png_dpi,
    timeline_drawing,
)
from workbench.timeline.synthetic import generate_case

LANES = [
    Lane("police", "Norfolk Constabulary", "#1a237e"),
    Lane("csc", "Children's Services", "#0d47a1"),
]


def _june_events() -> list[TimelineEvent]:
    rows = [
        (
            1,
            "police",
            date(2016, 6, 10),
            date(2016, 6, 24),
            "range",
            "Police made aware of YPA's placement",
            "June 10-24 2016",
        ),
        (
            2,
            "police",
            date(2016, 6, 24),
            date(2016, 6, 24),
            "day",
            "YPA arrested by Police",
            "24/06/2016",
        ),
        (
            3,
            "csc",
            date(2016, 6, 24),
            date(2016, 6, 24),
            "day",
            "Child Z discloses to his mother",
            "24/06/2016",
        ),
        (
            4,
            "csc",
            date(2016, 6, 24),
            date(2016, 6, 24),
            "day",
            "Housing Options move YPA to alternative accommodation",
            "24/06/2016",
        ),
        (
            5,
            "csc",
            date(2015, 11, 1),
            date(2015, 11, 30),
            "month",
            "Child Z and his family made homeless",
            "Nov 2015",
        ),
    ]
    return [
        TimelineEvent(i, lane, a, b, p, label, text, "Child Z")
        for i, lane, a, b, p, label, text in rows
    ]


@pytest.fixture
def layout():
    bands = [
        Band(date(2015, 1, 1), date(2016, 7, 31), "Review scope", "scope", "scope"),
        Band(date(2016, 6, 10), date(2016, 6, 24), "Attempts to move YPA", "episode", "kpe-5"),
    ]
    milestones = [Milestone(date(2016, 6, 16), "Incident (June 16-19 2016)", date(2016, 6, 19))]
    return build_layout(_june_events(), LANES, bands, milestones)


def _strings(drawing: Drawing) -> list[str]:
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, String):
            found.append(node.text)
        for child in getattr(node, "contents", []):
            walk(child)

    walk(drawing)
    return found


def test_png_size_follows_dpi_and_width(tmp_path: Path, layout) -> None:
    out = export_timeline(layout, tmp_path / "t.png", dpi=150)
    with Image.open(out) as img:
        assert img.format == "PNG"
        assert img.size == (1754, 1240)  # A4 landscape at 150 dpi
        # Not blank: the drawing put colour on the page.
        assert len(img.convert("RGB").getcolors(1_000_000)) > 20
    out = export_timeline(layout, tmp_path / "w.png", width_px=1200, size="slide-16:9")
    with Image.open(out) as img:
        assert img.size[0] == 1200 and abs(img.size[1] - 675) <= 1


def test_png_limit_is_a4_landscape_at_300_dpi(layout, tmp_path: Path) -> None:
    assert png_dpi(841.89, 595.28, None, 300) == 300
    with pytest.raises(ValueError, match="300 dpi"):
        png_dpi(841.89, 595.28, None, 400)
    with pytest.raises(ValueError, match="unsupported format"):
        export_timeline(layout, tmp_path / "t.gif")
    with pytest.raises(ValueError, match="unknown size"):
        export_timeline(layout, tmp_path / "t.pdf", size="letter-ish")


def test_svg_parses_and_holds_the_labels(tmp_path: Path, layout) -> None:
    out = export_timeline(layout, tmp_path / "t.svg", window=(date(2016, 6, 1), date(2016, 6, 30)))
    root = ElementTree.parse(out).getroot()
    assert root.tag.endswith("svg")
    text = " ".join("".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))
    assert "Norfolk Constabulary" in text
    assert "YPA arrested by Police" in text  # event labels are drawn when there is room
    assert "Incident" in text
    assert "Child Z and his family made homeless" not in text  # outside the window


def test_pdf_is_vector_and_opens(tmp_path: Path, layout) -> None:
    out = export_timeline(layout, tmp_path / "t.pdf", title="Case Z timeline")
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 842 and round(float(box.height)) == 595
    text = reader.pages[0].extract_text()
    assert "Case Z timeline" in text and "Children" in text
    assert not reader.pages[0].images  # drawn, not an embedded picture


def test_june_2016_is_readable(layout) -> None:
    june = layout.restricted(window=(date(2016, 6, 1), date(2016, 6, 30)))
    strings = _strings(timeline_drawing(june, 841.89, 595.28))
    for label in (
        "Police made aware of YPA's placement",
        "YPA arrested by Police",
        "Child Z discloses to his mother",
        "Housing Options move YPA to alternative accommodation",
    ):
        assert label in strings
    assert any(s.startswith("Attempts to move YPA") for s in strings)
    assert any("Jun" in s for s in strings)  # day ticks name the month


def test_lanes_can_be_chosen(tmp_path: Path, layout) -> None:
    out = export_timeline(layout, tmp_path / "csc.svg", lane_keys=["csc"])
    text = out.read_text(encoding="utf-8")
    assert "Children" in text and "Norfolk Constabulary" not in text


def test_many_events_draw_density_not_every_event(layout) -> None:
    case = generate_case(EXPORT_ITEM_LIMIT * 3, 6, seed=3)
    big = build_layout(case.events, case.lanes, case.bands, case.milestones)
    drawing = timeline_drawing(big, 841.89, 595.28)
    strings = _strings(drawing)
    assert any("Events per period" in s for s in strings)

    def count(node) -> int:
        return 1 + sum(count(c) for c in getattr(node, "contents", []))

    assert count(drawing) < len(big) // 2


def test_drawing_is_a_flowable_in_a_report(tmp_path: Path, layout) -> None:
    drawing = timeline_drawing(layout, 680, 360, title="Integrated chronology")
    assert (drawing.width, drawing.height) == (680, 360)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4))
    doc.build([Paragraph("Appendix: timeline", getSampleStyleSheet()["Heading1"]), drawing])
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Appendix: timeline" in text and "Integrated chronology" in text
