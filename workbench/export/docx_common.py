"""What the Word writers share: the document set-up (fonts, margins, header and footer
with the protective marking and page numbers), Markdown as Word paragraphs with real
styles, and fast tables with a repeating header row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from workbench import APP_NAME
from workbench.export.document import Meta
from workbench.export.fonts import OFFICE_FONT
from workbench.export.markdown import Block, Span, parse

ACCENT = RGBColor(0x1F, 0x4E, 0x79)
MUTED = RGBColor(0x5B, 0x64, 0x70)
MARKING = RGBColor(0xA4, 0x16, 0x1A)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def new_document(meta: Meta, *, subject: str) -> DocxDocument:
    """A Word document with the house styles, properties, header and footer."""
    document = Document()
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = OFFICE_FONT
    normal.font.size = Pt(10.5)
    _east_asian_font(normal, OFFICE_FONT)
    for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        style = styles[name]
        style.font.name = OFFICE_FONT
        _east_asian_font(style, OFFICE_FONT)
        if name.startswith("Heading") or name == "Title":
            style.font.color.rgb = ACCENT
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin = section.bottom_margin = Cm(2.0)
    props = document.core_properties
    props.title = meta.title
    props.author = meta.board or APP_NAME
    props.subject = subject
    props.keywords = meta.type_label
    props.comments = "" if meta.publication else f"Protective marking: {meta.marking}"
    _header_footer(document, meta)
    return document


def _east_asian_font(style: object, name: str) -> None:
    rpr = style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _field(paragraph: Paragraph, instruction: str, placeholder: str = "1") -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="{escape(instruction)}"><w:r><w:t>'
            f"{escape(placeholder)}</w:t></w:r></w:fldSimple>"
        )
    )


def _header_footer(document: DocxDocument, meta: Meta) -> None:
    section = document.sections[0]
    marked = not meta.publication and bool(meta.marking)
    header = section.header.paragraphs[0]
    if marked:
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _marking_run(header, meta.marking)
        header = section.header.add_paragraph()
    run = header.add_run(" · ".join(x for x in (meta.board, meta.title) if x))
    run.font.size = Pt(8)
    run.font.color.rgb = MUTED
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if marked:
        _marking_run(footer, meta.marking)
        footer = section.footer.add_paragraph()
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("Page ", "PAGE"), (" of ", "NUMPAGES")):
        run = footer.add_run(text)
        run.font.size = Pt(8)
        _field(footer, field)


def _marking_run(paragraph: Paragraph, marking: str) -> None:
    run = paragraph.add_run(marking)
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = MARKING


def set_landscape(section: object, landscape: bool) -> None:
    s = section
    width, height = Cm(21.0), Cm(29.7)
    if landscape:
        s.orientation = WD_ORIENT.LANDSCAPE  # type: ignore[attr-defined]
        s.page_width, s.page_height = height, width  # type: ignore[attr-defined]
        s.left_margin = s.right_margin = Cm(1.5)  # type: ignore[attr-defined]
    else:
        s.orientation = WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
        s.page_width, s.page_height = width, height  # type: ignore[attr-defined]
        s.left_margin = s.right_margin = Cm(2.0)  # type: ignore[attr-defined]


def add_toc(document: DocxDocument, levels: str = "1-2") -> None:
    """A contents field; Word fills in the page numbers when the document is opened."""
    p = document.add_paragraph()
    p._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="TOC \\o &quot;{levels}&quot; \\h \\z \\u">'
            "<w:r><w:t>Right-click and choose Update Field to show the contents.</w:t></w:r>"
            "</w:fldSimple>"
        )
    )
    settings = document.settings.element
    if settings.find(qn("w:updateFields")) is None:
        settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))


# -- text ---------------------------------------------------------------------------------------
def add_runs(paragraph: Paragraph, spans: Sequence[Span]) -> None:
    for s in spans:
        if s.href:
            _hyperlink(paragraph, s.text, s.href, bold=s.bold, italic=s.italic)
            continue
        parts = s.text.split("\n")
        for i, part in enumerate(parts):
            run = paragraph.add_run(part)
            run.bold = s.bold or None
            run.italic = s.italic or None
            if s.code:
                run.font.color.rgb = RGBColor(0x5A, 0x3D, 0x00)
            if i < len(parts) - 1:
                run.add_break()


def _hyperlink(paragraph: Paragraph, text: str, url: str, *, bold: bool, italic: bool) -> None:
    part = paragraph.part
    r_id = part.relate_to(
        url,
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
        is_external=True,
    )
    props = '<w:color w:val="1F4E9A"/><w:u w:val="single"/>'
    if bold:
        props += "<w:b/>"
    if italic:
        props += "<w:i/>"
    paragraph._p.append(
        parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}"><w:r><w:rPr>{props}</w:rPr>'
            f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:hyperlink>'
        )
    )


def add_block(container: object, block: Block, *, heading_base: int = 3) -> Paragraph:
    """One Markdown block as a Word paragraph with a real style."""
    add = container.add_paragraph  # type: ignore[attr-defined]
    if block.kind == "heading":
        level = min(9, block.level + heading_base - 1)
        p = add(style=f"Heading {level}")
    elif block.kind == "item":
        if block.marker and block.marker[0].isdigit():
            p = add(style="List Paragraph" if _has_style(container, "List Paragraph") else None)
            p.paragraph_format.left_indent = Cm(0.63 * (block.depth + 1))
            p.paragraph_format.first_line_indent = Cm(-0.63)
            p.add_run(f"{block.marker}\t")
        else:
            depth = min(block.depth, 2)
            p = add(style="List Bullet" if depth == 0 else f"List Bullet {depth + 1}")
    elif block.kind == "quote":
        p = add(style="Quote")
    else:
        p = add()
        if block.depth >= 0:
            p.paragraph_format.left_indent = Cm(0.63 * (block.depth + 1))
    add_runs(p, block.spans)
    return cast(Paragraph, p)


def _has_style(container: object, name: str) -> bool:
    try:
        doc = container.part.document  # type: ignore[attr-defined]
        doc.styles[name]
        return True
    except (KeyError, AttributeError):
        return False


def add_markdown(container: object, text: str, *, heading_base: int = 3) -> list[Paragraph]:
    return [add_block(container, b, heading_base=heading_base) for b in parse(text)]


def add_text(
    container: object,
    text: str,
    *,
    style: str | None = None,
    bold: bool = False,
    italic: bool = False,
    size: float | None = None,
    colour: RGBColor | None = None,
) -> Paragraph:
    p = container.add_paragraph(style=style)  # type: ignore[attr-defined]
    run = p.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    if size:
        run.font.size = Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return cast(Paragraph, p)


def shade(cell: _Cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    tc_pr.append(
        parse_xml(
            f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill.lstrip("#")}"/>'
        )
    )


# -- fast tables -----------------------------------------------------------------------------------
def _cell_xml(
    text: str,
    width: int,
    *,
    bold: bool = False,
    colour: str | None = None,
    fill: str | None = None,
    size_half_points: int = 16,
) -> str:
    shd = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill.lstrip("#")}"/>' if fill else ""
    rpr = f'<w:sz w:val="{size_half_points}"/><w:szCs w:val="{size_half_points}"/>'
    if bold:
        rpr = "<w:b/>" + rpr
    if colour:
        rpr = f'<w:color w:val="{colour.lstrip("#")}"/>' + rpr
    paragraphs = []
    for line in text.split("\n") if text else [""]:
        paragraphs.append(
            f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:r><w:rPr>{rpr}'
            f'</w:rPr><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>'
        )
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shd}</w:tcPr>'
        + "".join(paragraphs)
        + "</w:tc>"
    )


def add_table(
    document: DocxDocument,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_cm: Sequence[float],
    *,
    fills: Sequence[Sequence[str | None]] | None = None,
    text_colours: Sequence[Sequence[str | None]] | None = None,
    bold_columns: Sequence[int] = (),
    size: float = 8.0,
    caption: str = "",
) -> None:
    """A table with a header row that repeats on every page, built as XML in one go
    (thousands of rows in a fraction of a second)."""
    widths = [int(w * 567) for w in widths_cm]  # twentieths of a point
    half_points = int(size * 2)
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    head_cells = "".join(
        _cell_xml(h, w, bold=True, colour="FFFFFF", fill="1F4E79", size_half_points=half_points)
        for h, w in zip(header, widths, strict=False)
    )
    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
        + (f'<w:tblCaption w:val="{escape(caption)}"/>' if caption else "")
        + '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>",
        f"<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>{head_cells}</w:tr>",
    ]
    for i, row in enumerate(rows):
        cells = []
        for j, (value, width) in enumerate(zip(row, widths, strict=False)):
            fill = fills[i][j] if fills else None
            colour = text_colours[i][j] if text_colours else None
            cells.append(
                _cell_xml(
                    value,
                    width,
                    bold=j in bold_columns,
                    colour=colour,
                    fill=fill,
                    size_half_points=half_points,
                )
            )
        parts.append("<w:tr>" + "".join(cells) + "</w:tr>")
    parts.append("</w:tbl>")
    table = parse_xml("".join(parts))
    anchor = document.add_paragraph()
    anchor._p.addprevious(table)
