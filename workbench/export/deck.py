"""The learning deck: a PowerPoint presentation (16:9) in the shape boards use.

:func:`plan_deck` decides the slides from the document, in the order of a board's
"learning from a review" presentation: the title; what the presentation sets out; the
summary of the case (the family; why a review); the methodology; the narrative (historic
information, then the scoping period as dated bullets, continued over as many slides as it
needs); the timeline; the terms of reference; the key findings for each research question;
the key lessons; the multi-agency and the single-agency recommendations; the board's
response. Every slide's text is measured with the font metrics and the text is spread over
"…, cont." slides rather than run off a slide; the speaker notes carry the evidence behind
each finding.

:func:`write_deck_pptx` writes the plan with python-pptx; :mod:`workbench.export.deck_pdf`
draws the same plan as PDF slides.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from workbench.export.document import ExportDocument, FindingItem, Section
from workbench.export.errors import ExportCancelled
from workbench.export.figures import timeline_png, with_window
from workbench.export.fonts import OFFICE_FONT, register_fonts
from workbench.export.markdown import Block, Span, parse, plain_text
from workbench.export.pdf_common import TextWrapper

Progress = Callable[[int, str], None]

# Geometry in points (the slide is 960 x 540 pt = 13.333 x 7.5 in).
SLIDE_W = 960.0
SLIDE_H = 540.0
MARGIN_X = 44.0
KICKER_Y = 22.0
TITLE_Y = 40.0
TITLE_H = 62.0
BODY_Y = 112.0
BODY_H = 362.0
BODY_W = SLIDE_W - 2 * MARGIN_X
FOOTER_Y = 500.0
INSET = 4.0
INDENT = 26.0
LINE = 1.2
SPACE_AFTER = 7.0
SIZES = (20.0, 18.0, 16.0)
SUBTITLE_SIZE = 20.0
TITLE_SIZE = 30.0
#: The timeline image's resolution: sharp on a 1920-pixel projector.
TIMELINE_DPI = 140.0

ACCENT = "1F4E79"
ACCENT_2 = "2E75B6"
INK = "1B1F24"
MUTED = "5B6470"
MARKING = "A4161A"

NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


@dataclass
class Bullet:
    """A paragraph on a slide: ``marker`` "•", "–", "3." or "" (no bullet)."""

    spans: list[Span]
    depth: int = 0
    marker: str = "•"

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass
class SlideSpec:
    title: str
    kind: str = "content"  # "title" | "content" | "image"
    kicker: str = ""
    subtitle: str = ""
    bullets: list[Bullet] = field(default_factory=list)
    size: float = SIZES[0]
    window: tuple[date, date] | None = None  # the timeline slide's period
    image_alt: str = ""
    notes: str = ""
    lines: str = ""  # the title slide's other lines


# -- measuring ---------------------------------------------------------------------------------
class Measure:
    """Heights of slide paragraphs with the font's metrics (DejaVu Sans, which is wider
    than the Arial a viewer substitutes, so the estimate errs on the safe side)."""

    def __init__(self) -> None:
        fonts = register_fonts()
        self._wrappers: dict[tuple[bool, float], TextWrapper] = {}
        self._regular = fonts.regular
        self._bold = fonts.bold

    def wrapper(self, size: float, bold: bool = False) -> TextWrapper:
        key = (bold, size)
        if key not in self._wrappers:
            self._wrappers[key] = TextWrapper(self._bold if bold else self._regular, size)
        return self._wrappers[key]

    def lines(self, text: str, size: float, width: float, bold: bool = False) -> list[str]:
        return self.wrapper(size, bold).wrap(text, width) or [""]

    def bullet_height(self, bullet: Bullet, size: float) -> float:
        width = BODY_W - 2 * INSET - INDENT * (bullet.depth + (1 if bullet.marker else 0))
        bold = bool(bullet.spans) and all(s.bold for s in bullet.spans if s.text.strip())
        n = len(self.lines(bullet.text, size, width, bold))
        return n * size * LINE + SPACE_AFTER

    def subtitle_height(self, text: str) -> float:
        if not text:
            return 0.0
        n = len(self.lines(text, SUBTITLE_SIZE, BODY_W - 2 * INSET, True))
        return n * SUBTITLE_SIZE * LINE + SPACE_AFTER + 4


def _split_bullet(bullet: Bullet, measure: Measure, size: float, room: float) -> list[Bullet]:
    """Cut a bullet too tall for a slide into pieces at sentence (or word) ends."""
    pieces: list[Bullet] = []
    text = bullet.text
    sentences = re.split(r"(?<=[.;:!?])\s+", text)
    if len(sentences) == 1:
        sentences = text.split(" ")
    current = ""
    for sentence in sentences:
        candidate = f"{current} {sentence}".strip()
        trial = Bullet([Span(candidate)], bullet.depth, bullet.marker if not pieces else "")
        if current and measure.bullet_height(trial, size) > room:
            pieces.append(
                Bullet([Span(current)], bullet.depth, bullet.marker if not pieces else "")
            )
            current = sentence
        else:
            current = candidate
    if current:
        pieces.append(Bullet([Span(current)], bullet.depth, bullet.marker if not pieces else ""))
    return pieces


def paginate(
    bullets: Sequence[Bullet], measure: Measure, *, subtitle: str = "", cont_subtitle: bool = True
) -> tuple[float, list[list[Bullet]]]:
    """The font size and the bullets of each slide: the largest size that needs at most
    the fewest slides, except that a topic that would just fit on one slide in small
    print is continued on a second slide in large print, as boards do."""
    options = [
        (size, _paginate_at(bullets, measure, size, subtitle, cont_subtitle)) for size in SIZES
    ]
    fewest = min(len(pages) for _size, pages in options)
    allowed = 2 if fewest == 1 else fewest
    for size, pages in options:
        if len(pages) <= allowed:
            return size, pages
    return options[-1]


def _paginate_at(
    bullets: Sequence[Bullet], measure: Measure, size: float, subtitle: str, cont_subtitle: bool
) -> list[list[Bullet]]:
    pages: list[list[Bullet]] = [[]]
    used = measure.subtitle_height(subtitle)
    limit = BODY_H - 2 * INSET
    queue = list(bullets)
    while queue:
        b = queue.pop(0)
        h = measure.bullet_height(b, size)
        room = limit - used
        if h <= room:
            pages[-1].append(b)
            used += h
            continue
        fresh = limit - (measure.subtitle_height(subtitle) if cont_subtitle else 0.0)
        if h > fresh:
            # Too tall for any slide: cut it, and fill this slide with the first pieces.
            queue[:0] = _split_bullet(b, measure, size, room if room > size * 3 else fresh)
            if room <= size * 3 and pages[-1]:
                pages.append([])
                used = limit - fresh
            continue
        # A sub-bullet that does not fit takes its parent along (and, better still, the
        # paragraph that introduces the list), so no list starts mid-way on a slide.
        carry: list[Bullet] = []
        if b.depth > 0 and pages[-1]:
            cut = _break_point(pages[-1], measure, size, limit)
            carry = pages[-1][cut:]
            del pages[-1][cut:]
        pages.append([*carry, b])
        used = (limit - fresh) + sum(measure.bullet_height(x, size) for x in pages[-1])
    return [p for p in pages if p] or [[]]


def _break_point(page: list[Bullet], measure: Measure, size: float, limit: float) -> int:
    """Where to start a new slide in ``page`` (a full slide) so that a list is not cut
    from its lead-in: before the last paragraph, else before the last top-level bullet,
    as long as the slide keeps at least a third of its text."""
    heights = [measure.bullet_height(b, size) for b in page]

    def kept(i: int) -> float:
        return sum(heights[:i])

    def paragraph(b: Bullet) -> bool:
        return b.depth == 0 and not b.marker

    def top(b: Bullet) -> bool:
        return b.depth == 0

    for wanted in (paragraph, top):
        for i in range(len(page) - 1, 0, -1):
            if wanted(page[i]) and kept(i) >= limit / 3:
                return i
    return len(page)


# -- planning ----------------------------------------------------------------------------------
def _bullets_from_markdown(text: str, *, depth: int = 0, plain_marker: str = "") -> list[Bullet]:
    out = []
    for block in parse(text):
        out.append(_bullet_from_block(block, depth, plain_marker))
    return out


def _bullet_from_block(block: Block, depth: int = 0, plain_marker: str = "") -> Bullet:
    if block.kind == "item":
        return Bullet(block.spans, block.depth + depth, "•" if block.depth % 2 == 0 else "–")
    if block.kind == "heading":
        return Bullet([Span(s.text, bold=True, italic=s.italic) for s in block.spans], depth, "")
    return Bullet(block.spans, max(block.depth, 0) + depth, plain_marker)


def finding_bullets(f: FindingItem) -> list[Bullet]:
    """A finding on a slide: its first paragraph; a lead-in ending in ":" brings the list
    that follows it."""
    blocks = parse(f.body)
    if not blocks:
        return [Bullet([Span(f.title)])]
    first = blocks[0]
    out = [Bullet(first.spans, 0, "•")]
    if first.text.rstrip().endswith(":"):
        for b in blocks[1:]:
            if b.kind != "item":
                break
            out.append(Bullet(b.spans, b.depth + 1, "–" if b.depth % 2 == 0 else "·"))
    return out


def finding_notes(f: FindingItem) -> str:
    lines = [f"{f.title} ({f.kind_label})"]
    if f.category:
        lines.append(f"Category: {f.category}")
    body = plain_text(f.body)
    if body:
        lines += ["", body]
    if f.evidence:
        lines += ["", "Evidence:"]
        for ev in f.evidence:
            entry = f" [chronology entry {ev.entry}]" if ev.entry else ""
            lines.append(f"- {ev.date_text}, {ev.agency}{entry}: {ev.summary}")
    if f.episodes:
        lines += ["", "Key practice episodes: " + "; ".join(f.episodes)]
    return "\n".join(lines)


def _count_word(n: int) -> str:
    return NUMBER_WORDS[n].capitalize() if 0 <= n < len(NUMBER_WORDS) else str(n)


def _plural(label: str) -> str:
    return label if label.endswith("s") else label + "s"


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():  # an acronym: keep it
        return text
    return text[:1].lower() + text[1:]


def _narrative_title(section: Section) -> str:
    m = re.match(r"\s*narrative\s*[:\-–]\s*(.+)", section.title, re.IGNORECASE)
    return f"Narrative – {m.group(1)}" if m else section.title


class DeckPlanner:
    def __init__(
        self, doc: ExportDocument, measure: Measure | None = None, *, timeline: bool = True
    ) -> None:
        self.doc = doc
        self.m = measure or Measure()
        self.slides: list[SlideSpec] = []
        self.kicker = doc.meta.title
        self.timeline = timeline

    def add_text(
        self,
        title: str,
        bullets: Sequence[Bullet],
        *,
        subtitle: str = "",
        cont_title: str | None = None,
        notes: str = "",
        notes_per_page: Sequence[str] | None = None,
    ) -> None:
        """Slides for ``bullets``: as many as the text needs, titled "..., cont." after
        the first."""
        size, pages = paginate(bullets, self.m, subtitle=subtitle)
        for i, page in enumerate(pages):
            t = title if i == 0 else (cont_title or f"{title}, cont.")
            self.slides.append(
                SlideSpec(
                    title=t,
                    kicker=self.kicker,
                    subtitle=subtitle,
                    bullets=page,
                    size=size,
                    notes=notes_per_page[i]
                    if notes_per_page and i < len(notes_per_page)
                    else notes,
                )
            )

    def plan(self) -> list[SlideSpec]:
        doc, meta = self.doc, self.doc.meta
        # 1. Title.
        self.slides.append(
            SlideSpec(
                title=meta.title,
                kind="title",
                kicker=meta.board,
                subtitle=f"Learning from {_plural(meta.type_label)}",
                lines=" · ".join(
                    x for x in (meta.date, f"Version {meta.version}" if meta.version else "") if x
                ),
                notes=meta.subject_summary,
            )
        )
        # 2. What the presentation sets out.
        agenda = [
            "Summary of the case",
            "Methodology",
            "Narrative",
            "Terms of Reference",
            "Key findings",
            "Learning and recommendations",
            "The Board's response",
        ]
        self.add_text(
            meta.title, [Bullet([Span(a)]) for a in agenda], subtitle="This presentation sets out:"
        )
        # 3. Summary of the case.
        summary = doc.section("summary")
        body = summary.body if summary else meta.subject_summary
        if body:
            family = doc.section("child_and_family")
            self.add_text(
                "Summary of the case: the family",
                _bullets_from_markdown(body),
                notes=plain_text(family.body) if family else "",
            )
        why = doc.section("why_review")
        if why:
            title = why.title.rstrip("?")
            self.add_text(
                f"Summary of the case: {_lower_first(title)}?", _bullets_from_markdown(why.body)
            )
        # 4. Methodology.
        method = doc.section("methodology")
        if method:
            self.add_text(method.title or "Methodology", _bullets_from_markdown(method.body))
        # 5. Narrative.
        historic = doc.section("narrative_historic")
        if historic:
            self.add_text(_narrative_title(historic), _bullets_from_markdown(historic.body))
        narrative = doc.section("narrative")
        if narrative:
            self.add_text(
                narrative.title,
                _bullets_from_markdown(narrative.body),
                cont_title="Narrative, cont.",
            )
        # 6. Timeline.
        if self.timeline:
            self.timeline_slides()
        # 7. Terms of reference.
        if doc.questions:
            items = [Bullet([Span(q.text)], 0, f"{q.number}.") for q in doc.questions]
            n = len(doc.questions)
            self.add_text(
                "Terms of Reference",
                items,
                subtitle=f"{_count_word(n)} research question{'s' if n != 1 else ''}:",
            )
        # 8. Key findings per research question (each finding under its first question).
        shown: set[int] = set()
        for q in doc.questions:
            findings = [f for f in q.findings if f.id not in shown]
            shown.update(f.id for f in findings)
            if not findings:
                continue
            bullets: list[Bullet] = []
            for f in findings:
                bullets.extend(finding_bullets(f))
            notes = "\n\n".join(finding_notes(f) for f in findings)
            title = f"TOR{q.number} – {q.title}" if q.title else f"TOR{q.number}"
            self.add_text(title, bullets, subtitle="Key Findings", notes=notes)
        rest = [f for f in doc.findings if f.id not in shown]
        if rest:
            bullets = [b for f in rest for b in finding_bullets(f)]
            self.add_text(
                "Other findings",
                bullets,
                subtitle="Key Findings",
                notes="\n\n".join(finding_notes(f) for f in rest),
            )
        # 9. Lessons.
        if doc.lessons:
            bullets = []
            for le in doc.lessons:
                blocks = parse(le.text)
                for i, block in enumerate(blocks):
                    if i == 0:
                        bullets.append(Bullet(block.spans, 0, f"{le.number}."))
                    else:
                        bullets.append(_bullet_from_block(block, depth=1))
            n = len(doc.lessons)
            self.add_text(f"{_count_word(n)} Key Lesson{'s' if n != 1 else ''}", bullets)
        # 10. Recommendations.
        for scope, title in (
            ("multi_agency", "Multi Agency Recommendations"),
            ("single_agency", "Single Agency Recommendations"),
        ):
            recs = doc.recommendations_of(scope)
            if not recs:
                continue
            bullets = []
            rec_notes: list[str] = []
            for r in recs:
                blocks = parse(r.text)
                for i, block in enumerate(blocks):
                    b = _bullet_from_block(block, depth=0 if i == 0 else 1)
                    if i == 0:
                        b.marker = "•"
                    bullets.append(b)
                line = f"Recommendation {r.number}"
                if r.targets:
                    line += " (to " + "; ".join(r.targets) + ")"
                if r.findings:
                    line += ". From: " + "; ".join(r.findings)
                for a in r.actions:
                    line += f"\n- Action: {a.description} ({a.owner}, due {a.due}, {a.status})"
                rec_notes.append(line)
            self.add_text(title, bullets, notes="\n\n".join(rec_notes))
        # 11. The board's response.
        response = doc.section("board_response")
        if response:
            self.add_text(response.title, _bullets_from_markdown(response.body))
        board_title = response.title if response else "The Board's response"
        for section in doc.response_sections:
            if section.key == "board_response":
                continue
            self.add_text(
                f"{board_title}, cont.",
                _bullets_from_markdown(section.body),
                subtitle=section.title,
            )
        return self.slides

    def timeline_slides(self) -> None:
        doc = self.doc
        if doc.timeline is None:
            return
        meta = doc.meta
        # One slide: the scoping period when the review has one (the narrative slides
        # cover the history before it), else the whole chronology.
        windows: list[tuple[str, tuple[date, date] | None]] = []
        if meta.scope_start and meta.scope_end and doc.window is None:
            windows.append(("Timeline: the scoping period", (meta.scope_start, meta.scope_end)))
        else:
            windows.append(("Timeline", None))
        for title, window in windows:
            self.slides.append(
                SlideSpec(
                    title=title,
                    kind="image",
                    kicker=self.kicker,
                    window=window,
                    image_alt=f"Swimlane timeline by agency: {title.split(': ')[-1]}",
                    notes="Each lane is an agency; key practice episodes are shaded bands and "
                    "the incident is marked in red.",
                )
            )


def plan_deck(doc: ExportDocument, *, timeline: bool = True) -> list[SlideSpec]:
    """The slides of the learning deck, in the order boards present them."""
    return DeckPlanner(doc, timeline=timeline).plan()


# -- PowerPoint ---------------------------------------------------------------------------------
def _emu(points: float) -> Emu:
    return Emu(int(points * 12700))


def _rgb(hex_value: str) -> RGBColor:
    return RGBColor.from_string(hex_value.lstrip("#").upper())  # type: ignore[no-untyped-call, no-any-return]


def _set_bullet(paragraph: object, bullet: Bullet) -> None:
    p_pr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    indent = INDENT * (bullet.depth + (1 if bullet.marker else 0))
    p_pr.set("marL", str(int(_emu(indent))))
    p_pr.set("indent", str(-int(_emu(INDENT))) if bullet.marker else "0")
    for tag in ("a:buNone", "a:buChar", "a:buAutoNum", "a:buFont"):
        for el in p_pr.findall(qn(tag)):
            p_pr.remove(el)
    if not bullet.marker:
        etree.SubElement(p_pr, qn("a:buNone"))
    elif bullet.marker[0].isdigit():
        etree.SubElement(p_pr, qn("a:buFont"), typeface=OFFICE_FONT)
        etree.SubElement(
            p_pr, qn("a:buAutoNum"), type="arabicPeriod", startAt=bullet.marker.rstrip(".")
        )
    else:
        etree.SubElement(p_pr, qn("a:buFont"), typeface=OFFICE_FONT)
        etree.SubElement(p_pr, qn("a:buChar"), char=bullet.marker)


def _add_run(
    paragraph: object,
    text: str,
    *,
    size: float,
    colour: str = INK,
    bold: bool = False,
    italic: bool = False,
    href: str | None = None,
) -> None:
    run = paragraph.add_run()  # type: ignore[attr-defined]
    run.text = text
    font = run.font
    font.name = OFFICE_FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    font.color.rgb = _rgb(colour)
    if href:
        run.hyperlink.address = href


def _textbox(slide: object, x: float, y: float, w: float, h: float) -> object:
    box = slide.shapes.add_textbox(_emu(x), _emu(y), _emu(w), _emu(h))  # type: ignore[attr-defined]
    tf = box.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.NONE
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, side, _emu(INSET))
    return box


def _paragraph_format(paragraph: object, size: float, after: float = SPACE_AFTER) -> None:
    pf: Any = paragraph
    pf.line_spacing = Pt(size * LINE)
    pf.space_after = Pt(after)
    pf.space_before = Pt(0)


def write_deck_pptx(
    doc: ExportDocument,
    out: Path | io.BytesIO,
    *,
    slides: list[SlideSpec] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the deck; returns the number of slides."""
    say = progress or (lambda _p, _m: None)
    say(10, "Planning the slides")
    slides = slides if slides is not None else plan_deck(doc)
    prs = Presentation()
    prs.slide_width = _emu(SLIDE_W)
    prs.slide_height = _emu(SLIDE_H)
    props = prs.core_properties
    meta = doc.meta
    props.title = f"{meta.title}: learning presentation"
    props.author = meta.board
    props.subject = meta.type_label
    props.keywords = "" if meta.publication else meta.marking
    layout = prs.slide_layouts[5]  # Title Only: the title is a real title placeholder
    total = len(slides)
    for number, spec in enumerate(slides, start=1):
        if cancelled is not None and cancelled():
            raise ExportCancelled()
        say(10 + int(85 * number / max(total, 1)), f"Slide {number} of {total}")
        slide = prs.slides.add_slide(layout)
        _draw_slide(slide, spec, number, doc)
        if spec.notes:
            slide.notes_slide.notes_text_frame.text = spec.notes
    target = str(out) if isinstance(out, Path) else out
    prs.save(target)
    say(100, "Deck written")
    return total


def _draw_slide(slide: object, spec: SlideSpec, number: int, doc: ExportDocument) -> None:
    meta = doc.meta
    shapes = slide.shapes  # type: ignore[attr-defined]
    title_shape = shapes.title
    if spec.kind == "title":
        bg = shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, _emu(SLIDE_W), _emu(SLIDE_H))
        bg.fill.solid()
        bg.fill.fore_color.rgb = _rgb(ACCENT)
        bg.line.fill.background()
        # Keep the title placeholder above the background.
        shapes._spTree.remove(bg._element)
        shapes._spTree.insert(2, bg._element)
        title_shape.left, title_shape.top = _emu(MARGIN_X + 20), _emu(190)
        title_shape.width, title_shape.height = _emu(BODY_W - 40), _emu(110)
        tf = title_shape.text_frame
        tf.word_wrap = True
        p = tf.paragraphs[0]
        p.alignment = PP_ALIGN.LEFT
        _add_run(p, spec.title, size=40, colour="FFFFFF", bold=True)
        tf.vertical_anchor = MSO_ANCHOR.BOTTOM
        box = _textbox(slide, MARGIN_X + 20, 90, BODY_W - 40, 40)
        _add_run(box.text_frame.paragraphs[0], spec.kicker, size=20, colour="DCE6F2")  # type: ignore[attr-defined]
        box = _textbox(slide, MARGIN_X + 20, 310, BODY_W - 40, 80)
        _add_run(box.text_frame.paragraphs[0], spec.subtitle, size=24, colour="FFFFFF")  # type: ignore[attr-defined]
        p2 = box.text_frame.add_paragraph()  # type: ignore[attr-defined]
        _add_run(p2, spec.lines, size=14, colour="DCE6F2")
        _footer(slide, meta, number, dark=True)
        return
    # Theme: a band across the top, the kicker (the review's title), the title.
    band = shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, _emu(SLIDE_W), _emu(10))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(ACCENT)
    band.line.fill.background()
    kicker = _textbox(slide, MARGIN_X, KICKER_Y, BODY_W, 20)
    _add_run(kicker.text_frame.paragraphs[0], spec.kicker, size=12, colour=MUTED)  # type: ignore[attr-defined]
    title_shape.left, title_shape.top = _emu(MARGIN_X), _emu(TITLE_Y)
    title_shape.width, title_shape.height = _emu(BODY_W), _emu(TITLE_H)
    tf = title_shape.text_frame
    tf.word_wrap = True
    tf.vertical_anchor = MSO_ANCHOR.MIDDLE
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, side, _emu(INSET))
    p = tf.paragraphs[0]
    p.alignment = PP_ALIGN.LEFT
    _add_run(p, spec.title, size=title_size(spec.title), colour=ACCENT, bold=True)
    rule = shapes.add_connector(
        1,
        _emu(MARGIN_X),
        _emu(TITLE_Y + TITLE_H + 4),
        _emu(MARGIN_X + BODY_W),
        _emu(TITLE_Y + TITLE_H + 4),
    )
    rule.line.color.rgb = _rgb(ACCENT_2)
    rule.line.width = Pt(1.25)
    png = None
    if spec.kind == "image":
        png = with_window(
            doc, spec.window, lambda: timeline_png(doc, BODY_W, BODY_H + 14, dpi=TIMELINE_DPI)
        )
    if isinstance(png, bytes):
        pic = shapes.add_picture(
            io.BytesIO(png), _emu(MARGIN_X), _emu(BODY_Y - 4), width=_emu(BODY_W)
        )
        if pic.height > _emu(BODY_H + 14):
            ratio = _emu(BODY_H + 14) / pic.height
            pic.height = _emu(BODY_H + 14)
            pic.width = int(pic.width * ratio)
        pic._element.nvPicPr.cNvPr.set("descr", spec.image_alt)
    else:
        if spec.kind == "image":
            reason = next((n for n in doc.notes if "timeline" in n), "no timeline to draw")
            spec = SlideSpec(
                spec.title, bullets=[Bullet([Span(reason[:1].upper() + reason[1:] + ".")], 0, "")]
            )
        body = _textbox(slide, MARGIN_X, BODY_Y, BODY_W, BODY_H)
        tf = body.text_frame  # type: ignore[attr-defined]
        first = True
        if spec.subtitle:
            p = tf.paragraphs[0]
            _paragraph_format(p, SUBTITLE_SIZE, SPACE_AFTER + 4)
            _set_bullet(p, Bullet([], 0, ""))
            _add_run(p, spec.subtitle, size=SUBTITLE_SIZE, colour=ACCENT, bold=True)
            first = False
        for bullet in spec.bullets:
            p = tf.paragraphs[0] if first else tf.add_paragraph()
            first = False
            _paragraph_format(p, spec.size)
            _set_bullet(p, bullet)
            for s in bullet.spans:
                if s.text:
                    _add_run(
                        p,
                        s.text.replace("\n", " "),
                        size=spec.size,
                        bold=s.bold,
                        italic=s.italic,
                        href=s.href,
                    )
    _footer(slide, meta, number)


def title_size(title: str) -> float:
    measure = Measure()
    for size in (TITLE_SIZE, 26.0, 22.0):
        if len(measure.lines(title, size, BODY_W - 2 * INSET, True)) == 1:
            return size
    return 20.0


def _footer(slide: object, meta: object, number: int, *, dark: bool = False) -> None:
    colour = "DCE6F2" if dark else MUTED
    left = _textbox(slide, MARGIN_X, FOOTER_Y + 8, 380, 22)
    _add_run(left.text_frame.paragraphs[0], meta.board, size=10, colour=colour)  # type: ignore[attr-defined]
    if not meta.publication and meta.marking:  # type: ignore[attr-defined]
        mark = _textbox(slide, SLIDE_W / 2 - 150, FOOTER_Y + 8, 300, 22)
        p = mark.text_frame.paragraphs[0]  # type: ignore[attr-defined]
        p.alignment = PP_ALIGN.CENTER
        _add_run(p, meta.marking, size=11, colour="FFFFFF" if dark else MARKING, bold=True)  # type: ignore[attr-defined]
    num = _textbox(slide, SLIDE_W - MARGIN_X - 80, FOOTER_Y + 8, 80, 22)
    p = num.text_frame.paragraphs[0]  # type: ignore[attr-defined]
    p.alignment = PP_ALIGN.RIGHT
    _add_run(p, str(number), size=11, colour=colour)
