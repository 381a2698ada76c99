"""The 7-minute briefing: one or two A4 pages of seven numbered boxes, as PDF and Word.

The boxes' text lives in the review (report sections ``briefing.1`` .. ``briefing.7``,
editable like any other section). A review without them gets boxes drawn from its other
content (:func:`briefing_boxes`): the summary, why the review was held, the lessons, the
recommendations and questions for practitioners.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.enum.section import WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt, RGBColor
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Table, TableStyle

from workbench import APP_NAME, __version__
from workbench.export.document import BriefingBox, ExportDocument
from workbench.export.docx_common import (
    ACCENT,
    add_markdown,
    add_text,
    new_document,
    shade,
)
from workbench.export.errors import ExportCancelled
from workbench.export.fonts import SANS
from workbench.export.markdown import first_paragraph, rl_escape
from workbench.export.pdf_common import (
    ACCENT as RL_ACCENT,
)
from workbench.export.pdf_common import (
    MARKING as RL_MARKING,
)
from workbench.export.pdf_common import (
    draw_text,
    make_styles,
    markdown_flowables,
    running_header_footer,
)

Progress = Callable[[int, str], None]
FONT = SANS

BOX_TITLES = (
    "Background",
    "Why it matters",
    "Key learning",
    "Key learning",
    "Key learning",
    "What practitioners should do",
    "Questions to reflect on",
)
BOX_COLOURS = ("#1f4e79", "#2e75b6", "#00695c", "#2e7d32", "#5d7b1f", "#8a4b08", "#6a1b9a")


def briefing_boxes(doc: ExportDocument) -> list[BriefingBox]:
    """The seven boxes: the review's own where written, else drawn from the review."""
    own = {b.number: b for b in doc.briefing if 1 <= b.number <= 7}
    if len(own) == 7:
        return [own[n] for n in range(1, 8)]
    summary = doc.section("summary")
    why = doc.section("why_review")
    lessons = doc.lessons
    thirds = [lessons[i::3] for i in range(3)]
    defaults = {
        1: summary.body if summary else doc.meta.subject_summary,
        2: why.body if why else "",
        6: "\n".join(f"- {first_paragraph(r.text)}" for r in doc.recommendations[:5]),
        7: "- What would you have done in the practitioners' place?\n"
        "- Who would you tell, and how, if you knew of a risk like this?\n"
        "- Which of the lessons applies to your own work?",
    }
    for i, group in enumerate(thirds):
        defaults[3 + i] = "\n".join(f"- {first_paragraph(le.text)}" for le in group)
    return [
        own.get(n) or BriefingBox(n, BOX_TITLES[n - 1], defaults.get(n, "")) for n in range(1, 8)
    ]


# -- PDF ------------------------------------------------------------------------------------------
def write_briefing_pdf(
    doc: ExportDocument,
    out: Path | io.BytesIO,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    say = progress or (lambda _p, _m: None)
    styles = make_styles(scale=0.92)
    fonts = styles.fonts
    meta = doc.meta
    boxes = briefing_boxes(doc)
    width, height = A4
    margin = 40.0
    gap = 14.0
    col_w = (width - 2 * margin - gap) / 2
    band = 92.0
    on_page = running_header_footer(
        meta, fonts, total_pages=lambda: None, product="7-minute briefing"
    )

    def first_page(canv: Any, doc_: Any) -> None:
        on_page(canv, doc_)
        canv.saveState()
        try:
            top = height - 36
            canv.setFillColor(RL_ACCENT)
            canv.rect(margin, top - band + 6, width - 2 * margin, band - 10, stroke=0, fill=1)
            draw_text(
                canv,
                margin + 14,
                top - 26,
                "7-minute briefing",
                fonts.bold,
                20,
                colour=colors.white,
            )
            draw_text(canv, margin + 14, top - 48, meta.title, fonts.bold, 13, colour=colors.white)
            line = " · ".join(x for x in (meta.board, meta.type_label, meta.date) if x)
            draw_text(
                canv,
                margin + 14,
                top - 66,
                line,
                fonts.regular,
                9,
                colour=colors.HexColor("#dce6f2"),
            )
        finally:
            canv.restoreState()

    frame_h_first = height - 36 - band - 44
    frame_h = height - 36 - 44 - 8
    first_frames = [
        Frame(
            margin + i * (col_w + gap),
            44,
            col_w,
            frame_h_first,
            id=f"f{i}",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        for i in range(2)
    ]
    later_frames = [
        Frame(
            margin + i * (col_w + gap),
            44,
            col_w,
            frame_h,
            id=f"l{i}",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        for i in range(2)
    ]
    target: Any = str(out) if isinstance(out, Path) else out
    template = BaseDocTemplate(
        target,
        pagesize=A4,
        title=f"{meta.title}: 7-minute briefing",
        author=meta.board,
        subject=meta.type_label,
        creator=f"{APP_NAME} {__version__}",
        initialFontName=fonts.regular,
        initialFontSize=10,
    )
    template.addPageTemplates(
        [
            PageTemplate("first", first_frames, onPage=first_page, autoNextPageTemplate="later"),
            PageTemplate("later", later_frames, onPage=on_page),
        ]
    )
    say(20, "Laying out the boxes")
    story: list[Any] = []
    body_style = ParagraphStyle("bbody", parent=styles.body, spaceAfter=3)
    for box in boxes:
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        colour = colors.HexColor(BOX_COLOURS[(box.number - 1) % len(BOX_COLOURS)])
        head = Paragraph(
            f'<font size="17"><b>{box.number}</b></font>&nbsp;&nbsp;&nbsp;'
            f"<b>{rl_escape(box.title)}</b>",
            ParagraphStyle(
                "bhead",
                parent=styles.body,
                textColor=colors.white,
                fontSize=11.5,
                leading=17,
                spaceAfter=0,
            ),
        )
        rows: list[list[Any]] = [[head]]
        body = markdown_flowables(box.body, styles, base=body_style) or [Paragraph("", body_style)]
        rows.extend([[f] for f in body])
        table = Table(rows, colWidths=[col_w], repeatRows=1, spaceAfter=gap)
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("BACKGROUND", (0, 0), (0, 0), colour),
                    ("BACKGROUND", (0, 1), (0, -1), colors.HexColor("#f5f7fa")),
                    ("LINEBELOW", (0, -1), (0, -1), 2, colour),
                    ("LEFTPADDING", (0, 0), (-1, -1), 9),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                    ("TOPPADDING", (0, 0), (0, 0), 5),
                    ("BOTTOMPADDING", (0, 0), (0, 0), 5),
                    ("TOPPADDING", (0, 1), (0, 1), 7),
                    ("TOPPADDING", (0, 2), (0, -1), 0),
                    ("BOTTOMPADDING", (0, 1), (0, -1), 0),
                    ("BOTTOMPADDING", (0, -1), (0, -1), 6),
                ]
            )
        )
        story.append(table)
    if not meta.publication and meta.marking:
        story.append(
            Paragraph(
                rl_escape(f"{meta.marking}: working copy, not for publication"),
                ParagraphStyle("m", parent=styles.small, textColor=RL_MARKING),
            )
        )
    template.build(story)
    say(100, "Briefing written")
    return int(template.page)


# -- Word -----------------------------------------------------------------------------------------
def write_briefing_docx(
    doc: ExportDocument,
    out: Path | io.BytesIO,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    say = progress or (lambda _p, _m: None)
    meta = doc.meta
    document = new_document(meta, subject=f"{meta.type_label}: 7-minute briefing")
    section = document.sections[0]
    section.top_margin = section.bottom_margin = Pt(40)
    section.left_margin = section.right_margin = Pt(40)
    document.add_paragraph("7-minute briefing", style="Title")
    add_text(document, meta.title, style="Subtitle")
    add_text(document, " · ".join(x for x in (meta.board, meta.type_label, meta.date) if x), size=9)
    # The boxes flow in two columns.
    boxes_section = document.add_section(WD_SECTION.CONTINUOUS)
    boxes_section._sectPr.append(parse_xml(f'<w:cols {nsdecls("w")} w:num="2" w:space="340"/>'))
    column_width = Pt((A4[0] - 80 - 17) / 2 - 6)
    say(30, "Writing the boxes")
    for box in briefing_boxes(doc):
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        colour = BOX_COLOURS[(box.number - 1) % len(BOX_COLOURS)]
        table = document.add_table(rows=2, cols=1)
        table.style = document.styles["Table Grid"]
        table.autofit = False
        for cell in table.columns[0].cells:
            cell.width = column_width
        table.columns[0].width = column_width
        for row in table.rows:  # a box moves to the next column whole
            row._tr.get_or_add_trPr().append(parse_xml(f"<w:cantSplit {nsdecls('w')}/>"))
        head = table.cell(0, 0)
        shade(head, colour)
        p = head.paragraphs[0]
        run = p.add_run(f"{box.number}  ")
        run.bold = True
        run.font.size = Pt(16)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        run = p.add_run(box.title)
        run.bold = True
        run.font.size = Pt(11.5)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        # The number and title form the box's heading for the navigation pane.
        p.style = document.styles["Heading 2"]
        p.paragraph_format.space_before = Pt(2)
        p.paragraph_format.keep_with_next = True
        body = table.cell(1, 0)
        shade(body, "F5F7FA")
        paragraphs = add_markdown(body, box.body)
        first = body.paragraphs[0]
        if paragraphs and not first.text:
            first._p.getparent().remove(first._p)
        for par in body.paragraphs:
            for r in par.runs:
                r.font.size = Pt(9.5)
        document.add_paragraph().paragraph_format.space_after = Pt(2)
    if not meta.publication and meta.marking:
        add_text(
            document,
            f"{meta.marking}: working copy, not for publication",
            size=8,
            colour=RGBColor(0xA4, 0x16, 0x1A),
        )
    _ = ACCENT
    say(95, "Saving")
    document.save(str(out) if isinstance(out, Path) else out)
