"""What the PDF writers share: styles, Markdown as flowables, fast text wrapping, running
headers and footers, and drawing text (with the fallback font) on a canvas."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer

from workbench.export.document import Meta
from workbench.export.fonts import FontSet, font_runs, register_fonts
from workbench.export.markdown import Block, parse, rl_escape, rl_markup

INK = colors.HexColor("#1b1f24")
MUTED = colors.HexColor("#5b6470")
ACCENT = colors.HexColor("#1f4e79")
ACCENT_LIGHT = colors.HexColor("#e8eef6")
RULE = colors.HexColor("#c5ccd6")
MARKING = colors.HexColor("#a4161a")
STATUS_COLOURS = {
    "red": colors.HexColor("#c62828"),
    "amber": colors.HexColor("#ef8f00"),
    "green": colors.HexColor("#2e7d32"),
    "complete": colors.HexColor("#1f4e79"),
}


def hex_colour(value: str, default: str = "#7f7f7f") -> Color:
    try:
        return colors.HexColor(value if value and value.startswith("#") else default)
    except ValueError:
        return colors.HexColor(default)


@dataclass
class Styles:
    fonts: FontSet
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    h4: ParagraphStyle
    quote: ParagraphStyle
    code: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    centre: ParagraphStyle

    def item(self, depth: int, base: ParagraphStyle | None = None) -> ParagraphStyle:
        base = base or self.body
        indent = 14 + 16 * depth
        return ParagraphStyle(
            f"{base.name}-item{depth}",
            parent=base,
            leftIndent=indent,
            bulletIndent=indent - 12,
            spaceBefore=1,
            spaceAfter=2,
            bulletFontName=self.fonts.regular,
        )

    def continuation(self, depth: int, base: ParagraphStyle | None = None) -> ParagraphStyle:
        base = base or self.body
        return ParagraphStyle(f"{base.name}-cont{depth}", parent=base, leftIndent=14 + 16 * depth)


def make_styles(scale: float = 1.0) -> Styles:
    f = register_fonts()

    def st(name: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=kw.pop("fontName", f.regular),
            fontSize=size * scale,
            leading=leading * scale,
            textColor=kw.pop("textColor", INK),
            **kw,
        )

    return Styles(
        fonts=f,
        body=st("body", 10, 14, spaceAfter=6),
        small=st("small", 8.5, 11, spaceAfter=3),
        muted=st("muted", 8.5, 11, textColor=MUTED, spaceAfter=3),
        h1=st(
            "h1",
            17,
            21,
            fontName=f.bold,
            textColor=ACCENT,
            spaceBefore=6,
            spaceAfter=10,
            keepWithNext=1,
        ),
        h2=st(
            "h2",
            13,
            17,
            fontName=f.bold,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=6,
            keepWithNext=1,
        ),
        h3=st("h3", 11, 14, fontName=f.bold, spaceBefore=8, spaceAfter=3, keepWithNext=1),
        h4=st("h4", 10, 13, fontName=f.bold, spaceBefore=4, spaceAfter=2, keepWithNext=1),
        quote=st("quote", 10, 14, leftIndent=18, textColor=MUTED, fontName=f.italic, spaceAfter=6),
        code=st("code", 9, 12, leftIndent=12, textColor=colors.HexColor("#5a3d00"), spaceAfter=6),
        cell=st("cell", 8.5, 10.5),
        cell_head=st("cell_head", 8.5, 10.5, fontName=f.bold, textColor=colors.white),
        title=st("title", 26, 31, fontName=f.bold, textColor=ACCENT, spaceAfter=12),
        subtitle=st("subtitle", 14, 19, textColor=MUTED, spaceAfter=6),
        centre=st("centre", 10, 14, alignment=TA_CENTER),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (printed literally)."""
    return Paragraph(rl_escape(text, style.fontName), style)


def markdown_flowables(
    text: str, styles: Styles, *, base: ParagraphStyle | None = None, heading_offset: int = 3
) -> list[Flowable]:
    """Markdown as paragraphs; headings inside a text start at level ``heading_offset``."""
    base = base or styles.body
    out: list[Flowable] = []
    for block in parse(text):
        out.append(block_flowable(block, styles, base, heading_offset))
    return out


def block_flowable(
    block: Block, styles: Styles, base: ParagraphStyle, heading_offset: int = 3
) -> Flowable:
    markup = rl_markup(block.spans, base.fontName)
    if block.kind == "heading":
        level = min(4, block.level + heading_offset - 1)
        style = {1: styles.h1, 2: styles.h2, 3: styles.h3}.get(level, styles.h4)
        return Paragraph(markup, style)
    if block.kind == "item":
        return Paragraph(markup, styles.item(block.depth, base), bulletText=block.marker or "•")
    if block.kind == "code":
        return Paragraph(rl_escape(block.text, base.fontName), styles.code)
    if block.kind == "quote":
        return Paragraph(markup, styles.quote)
    if block.depth >= 0:
        return Paragraph(markup, styles.continuation(block.depth, base))
    return Paragraph(markup, base)


# -- drawing on a canvas -----------------------------------------------------------------------
def draw_text(
    canv: Canvas,
    x: float,
    y: float,
    text: str,
    font: str,
    size: float,
    *,
    anchor: str = "start",
    colour: Color | None = None,
) -> float:
    """Draw one line of plain text (fallback font where needed); returns its width."""
    runs = font_runs(text, font)
    width = float(sum(stringWidth(piece, f, size) for f, piece in runs))
    if anchor == "end":
        x -= width
    elif anchor == "middle":
        x -= width / 2
    if colour is not None:
        canv.setFillColor(colour)
    for f, piece in runs:
        canv.setFont(f, size)
        canv.drawString(x, y, piece)
        x += stringWidth(piece, f, size)
    return width


def elide(text: str, font: str, size: float, width: float) -> str:
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class TextWrapper:
    """Greedy word wrapping with cached word widths (fast for thousands of cells)."""

    def __init__(self, font: str, size: float) -> None:
        self.font = font
        self.size = size
        self._cache: dict[str, float] = {}
        self.space = stringWidth(" ", font, size)

    def width(self, word: str) -> float:
        w = self._cache.get(word)
        if w is None:
            w = float(stringWidth(word, self.font, self.size))
            self._cache[word] = w
        return w

    def wrap(self, text: str, max_width: float) -> list[str]:
        lines: list[str] = []
        space = self.space
        for paragraph in text.split("\n"):
            words = paragraph.split()
            if not words:
                if lines:
                    lines.append("")
                continue
            current: list[str] = []
            current_w = 0.0
            for word in words:
                ww = self.width(word)
                if ww > max_width:
                    if current:
                        lines.append(" ".join(current))
                        current, current_w = [], 0.0
                    pieces = self._break_word(word, max_width)
                    lines.extend(pieces[:-1])
                    current, current_w = [pieces[-1]], self.width(pieces[-1])
                    continue
                if current and current_w + space + ww > max_width:
                    lines.append(" ".join(current))
                    current, current_w = [word], ww
                else:
                    current_w += (space if current else 0.0) + ww
                    current.append(word)
            if current:
                lines.append(" ".join(current))
        while lines and not lines[-1]:
            lines.pop()
        return lines

    def _break_word(self, word: str, max_width: float) -> list[str]:
        pieces: list[str] = []
        current = ""
        for ch in word:
            if current and stringWidth(current + ch, self.font, self.size) > max_width:
                pieces.append(current)
                current = ch
            else:
                current += ch
        pieces.append(current)
        return pieces


# -- running header and footer -------------------------------------------------------------------
def running_header_footer(
    meta: Meta,
    fonts: FontSet,
    *,
    total_pages: Callable[[], int | None],
    product: str = "",
) -> Callable[[Canvas, object], None]:
    """``onPage`` for every page but the title page: title and marking at the top, the
    marking, version and "Page n of m" at the bottom."""

    def on_page(canv: Canvas, doc: object) -> None:
        width, height = canv._pagesize
        margin = 36.0
        canv.saveState()
        try:
            left = " · ".join(x for x in (meta.board, meta.title) if x)
            if product:
                left = f"{left} · {product}" if left else product
            right_w = 0.0
            if not meta.publication and meta.marking:
                right_w = draw_text(
                    canv,
                    width - margin,
                    height - 24,
                    meta.marking,
                    fonts.bold,
                    8.5,
                    anchor="end",
                    colour=MARKING,
                )
            draw_text(
                canv,
                margin,
                height - 24,
                elide(left, fonts.regular, 8, width - 2 * margin - right_w - 20),
                fonts.regular,
                8,
                colour=MUTED,
            )
            canv.setStrokeColor(RULE)
            canv.setLineWidth(0.5)
            canv.line(margin, height - 29, width - margin, height - 29)
            canv.line(margin, 30, width - margin, 30)
            page = canv.getPageNumber()
            total = total_pages()
            label = f"Page {page} of {total}" if total else f"Page {page}"
            draw_text(canv, width - margin, 18, label, fonts.regular, 8, anchor="end", colour=MUTED)
            version = f"Version {meta.version} · {meta.date}" if meta.version else meta.date
            draw_text(canv, margin, 18, version, fonts.regular, 8, colour=MUTED)
            if not meta.publication and meta.marking:
                draw_text(
                    canv,
                    width / 2,
                    18,
                    meta.marking,
                    fonts.bold,
                    8.5,
                    anchor="middle",
                    colour=MARKING,
                )
        finally:
            canv.restoreState()

    return on_page


def spacer(h: float) -> Spacer:
    return Spacer(1, h)


def bullet_list(
    items: Sequence[str], styles: Styles, base: ParagraphStyle | None = None
) -> list[Flowable]:
    base = base or styles.body
    return [
        Paragraph(rl_escape(t, base.fontName), styles.item(0, base), bulletText="•") for t in items
    ]


LEFT = TA_LEFT
