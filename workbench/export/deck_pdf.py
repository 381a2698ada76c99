"""The learning deck as PDF slides (reportlab), for those without PowerPoint.

The same slide plan as the PowerPoint deck (:func:`workbench.export.deck.plan_deck`),
drawn on 13.333 x 7.5 inch pages with the same geometry and theme; the timeline is drawn
as vectors. Every slide's text is checked to fit its box: the plan measured it with the
same font, so a slide that would overflow is a fault, not a silent clip.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Paragraph

from workbench import APP_NAME, __version__
from workbench.export import deck as d
from workbench.export.document import ExportDocument
from workbench.export.errors import ExportCancelled, ExportError
from workbench.export.figures import timeline_drawing_for, with_window
from workbench.export.fonts import register_fonts
from workbench.export.markdown import rl_escape, rl_markup
from workbench.export.pdf_common import draw_text, elide

Progress = Callable[[int, str], None]


def _c(hex_value: str) -> colors.Color:
    return colors.HexColor("#" + hex_value.lstrip("#"))


def write_deck_pdf(
    doc: ExportDocument,
    out: Path | io.BytesIO,
    *,
    slides: list[d.SlideSpec] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the deck as a PDF with one page per slide; returns the number of slides."""
    say = progress or (lambda _p, _m: None)
    say(10, "Planning the slides")
    slides = slides if slides is not None else d.plan_deck(doc)
    fonts = register_fonts()
    meta = doc.meta
    target: Any = str(out) if isinstance(out, Path) else out
    canv = Canvas(target, pagesize=(d.SLIDE_W, d.SLIDE_H), initialFontName=fonts.regular)
    canv.setTitle(f"{meta.title}: learning presentation")
    canv.setAuthor(meta.board)
    canv.setSubject(meta.type_label)
    canv.setCreator(f"{APP_NAME} {__version__}")
    if not meta.publication and meta.marking:
        canv.setKeywords(meta.marking)
    total = len(slides)
    for number, spec in enumerate(slides, start=1):
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        say(10 + int(85 * number / max(total, 1)), f"Slide {number} of {total}")
        key = f"slide{number}"
        canv.bookmarkPage(key)
        canv.addOutlineEntry(f"{number}. {spec.title}", key, level=0)
        _draw(canv, spec, number, doc, fonts)
        canv.showPage()
    canv.save()
    say(100, "Deck written")
    return total


def _y(top: float) -> float:
    """Slide coordinates are measured from the top, like PowerPoint's."""
    return d.SLIDE_H - top


def _draw(canv: Canvas, spec: d.SlideSpec, number: int, doc: ExportDocument, fonts: Any) -> None:
    meta = doc.meta
    if spec.kind == "title":
        canv.setFillColor(_c(d.ACCENT))
        canv.rect(0, 0, d.SLIDE_W, d.SLIDE_H, stroke=0, fill=1)
        x = d.MARGIN_X + 20 + d.INSET
        width = d.BODY_W - 40 - 2 * d.INSET
        draw_text(canv, x, _y(90 + 26), spec.kicker, fonts.regular, 20, colour=_c("DCE6F2"))
        style = ParagraphStyle(
            "slide-title", fontName=fonts.bold, fontSize=40, leading=46, textColor=colors.white
        )
        p = Paragraph(rl_escape(spec.title, fonts.bold), style)
        p.wrap(width, 110)
        p.drawOn(canv, x, _y(300) + 4)
        draw_text(canv, x, _y(310 + 30), spec.subtitle, fonts.regular, 24, colour=colors.white)
        draw_text(canv, x, _y(310 + 58), spec.lines, fonts.regular, 14, colour=_c("DCE6F2"))
        _footer(canv, meta, number, fonts, dark=True)
        return
    canv.setFillColor(_c(d.ACCENT))
    canv.rect(0, _y(10), d.SLIDE_W, 10, stroke=0, fill=1)
    draw_text(
        canv,
        d.MARGIN_X + d.INSET,
        _y(d.KICKER_Y + 15),
        spec.kicker,
        fonts.regular,
        12,
        colour=_c(d.MUTED),
    )
    size = d.title_size(spec.title)
    title = elide(spec.title, fonts.bold, size, d.BODY_W - 2 * d.INSET)
    draw_text(
        canv,
        d.MARGIN_X + d.INSET,
        _y(d.TITLE_Y + d.TITLE_H / 2 + size * 0.35),
        title,
        fonts.bold,
        size,
        colour=_c(d.ACCENT),
    )
    canv.setStrokeColor(_c(d.ACCENT_2))
    canv.setLineWidth(1.25)
    rule_y = _y(d.TITLE_Y + d.TITLE_H + 4)
    canv.line(d.MARGIN_X, rule_y, d.MARGIN_X + d.BODY_W, rule_y)
    if spec.kind == "image":
        drawing: Any = with_window(
            doc, spec.window, lambda: timeline_drawing_for(doc, d.BODY_W, d.BODY_H + 14)
        )
        if drawing is not None:
            drawing.drawOn(canv, d.MARGIN_X, _y(d.BODY_Y - 4 + d.BODY_H + 14))
        else:
            reason = next((n for n in doc.notes if "timeline" in n), "no timeline to draw")
            draw_text(
                canv,
                d.MARGIN_X + d.INSET,
                _y(d.BODY_Y + 24),
                reason,
                fonts.regular,
                16,
                colour=_c(d.MUTED),
            )
    else:
        _body(canv, spec, fonts)
    _footer(canv, meta, number, fonts)


def _body(canv: Canvas, spec: d.SlideSpec, fonts: Any) -> None:
    flowables = []
    if spec.subtitle:
        style = ParagraphStyle(
            "sub",
            fontName=fonts.bold,
            fontSize=d.SUBTITLE_SIZE,
            leading=d.SUBTITLE_SIZE * d.LINE,
            textColor=_c(d.ACCENT),
            spaceAfter=d.SPACE_AFTER + 4,
        )
        flowables.append(Paragraph(rl_escape(spec.subtitle, fonts.bold), style))
    for bullet in spec.bullets:
        indent = d.INDENT * (bullet.depth + (1 if bullet.marker else 0))
        style = ParagraphStyle(
            "b",
            fontName=fonts.regular,
            fontSize=spec.size,
            leading=spec.size * d.LINE,
            textColor=_c(d.INK),
            spaceAfter=d.SPACE_AFTER,
            leftIndent=indent,
            bulletIndent=indent - d.INDENT,
            bulletFontName=fonts.regular,
            bulletFontSize=spec.size,
        )
        flowables.append(
            Paragraph(
                rl_markup(bullet.spans, fonts.regular), style, bulletText=bullet.marker or None
            )
        )
    frame = Frame(
        d.MARGIN_X,
        _y(d.BODY_Y + d.BODY_H),
        d.BODY_W,
        d.BODY_H,
        leftPadding=d.INSET,
        rightPadding=d.INSET,
        topPadding=d.INSET,
        bottomPadding=d.INSET,
        showBoundary=0,
    )
    rest = list(flowables)
    frame.addFromList(rest, canv)
    if rest:
        raise ExportError(f"the text of slide '{spec.title}' does not fit on the slide")


def _footer(canv: Canvas, meta: Any, number: int, fonts: Any, *, dark: bool = False) -> None:
    colour = _c("DCE6F2") if dark else _c(d.MUTED)
    y = _y(d.FOOTER_Y + 8 + 15)
    draw_text(
        canv,
        d.MARGIN_X + d.INSET,
        y,
        elide(meta.board, fonts.regular, 10, 360),
        fonts.regular,
        10,
        colour=colour,
    )
    if not meta.publication and meta.marking:
        draw_text(
            canv,
            d.SLIDE_W / 2,
            y,
            meta.marking,
            fonts.bold,
            11,
            anchor="middle",
            colour=colors.white if dark else _c(d.MARKING),
        )
    draw_text(
        canv,
        d.SLIDE_W - d.MARGIN_X - d.INSET,
        y,
        str(number),
        fonts.regular,
        11,
        anchor="end",
        colour=colour,
    )
