"""The overview report as PDF (reportlab).

Title page, contents with page numbers, the narrative sections, findings by research
question with their evidence as dated event references, missed opportunities and good
practice, lessons, recommendations (multi- and single-agency, with their targets), the
action plan, the board's response, and the appendices: the integrated chronology
(landscape, agency colour, the column header on every page), the glossary and the
timeline figure (vector).

Every page but the title page has a running header and footer with "Page n of m"; a
working copy carries the protective marking at the top and bottom of every page. The PDF
has an outline (bookmarks) and document metadata.

The document is built twice: the first pass finds the page of every heading and the page
count, the second draws the contents and footers with them. The chronology, thousands of
rows, is one flowable that wraps its text once with cached word widths and draws lines
directly on the canvas (a table with a Paragraph in every cell is several times slower),
and draws nothing in the first pass.
"""

from __future__ import annotations

import io
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import accumulate
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from workbench import APP_NAME, __version__
from workbench.export.document import ChronologyRow, ExportDocument, FindingItem
from workbench.export.errors import ExportCancelled
from workbench.export.fonts import SANS, FontSet, covered
from workbench.export.markdown import first_paragraph, parse, rl_escape, rl_markup
from workbench.export.pdf_common import (
    ACCENT,
    ACCENT_LIGHT,
    INK,
    MARKING,
    MUTED,
    RULE,
    STATUS_COLOURS,
    Styles,
    TextWrapper,
    block_flowable,
    draw_text,
    hex_colour,
    make_styles,
    markdown_flowables,
    para,
    running_header_footer,
    spacer,
)

Progress = Callable[[int, str], None]
FONT = SANS

PORTRAIT = A4
LANDSCAPE = landscape(A4)
P_MARGINS = (56.0, 56.0, 52.0, 48.0)  # left, right, top, bottom
L_MARGINS = (36.0, 36.0, 44.0, 42.0)


@dataclass
class BuildState:
    """What the first pass learns and the second pass uses."""

    pages: dict[str, int] = field(default_factory=dict)
    total_pages: int | None = None
    final: bool = False
    cancelled: Callable[[], bool] | None = None


class Heading(Paragraph):  # type: ignore[misc]
    """A heading: an outline entry, a bookmark and (``toc``) a line in the contents."""

    def __init__(
        self, text: str, style: ParagraphStyle, *, level: int, key: str, toc: bool = True
    ) -> None:
        super().__init__(rl_escape(text, style.fontName), style)
        self.plain = text
        self.level = level
        self.key = key
        self.toc = toc


class ReportTemplate(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, target: Any, doc: ExportDocument, state: BuildState, fonts: FontSet) -> None:
        meta = doc.meta
        super().__init__(
            target,
            pagesize=PORTRAIT,
            title=meta.title,
            author=meta.board,
            subject=meta.type_label,
            creator=f"{APP_NAME} {__version__}",
            keywords=[meta.type_label, "overview report"]
            + ([meta.marking] if not meta.publication and meta.marking else []),
            producer=f"{APP_NAME} {__version__}",
            initialFontName=fonts.regular,
            initialFontSize=10,
        )
        self.state = state
        on_page = running_header_footer(meta, fonts, total_pages=lambda: state.total_pages)
        pw, ph = PORTRAIT
        lw, lh = LANDSCAPE
        pl, pr, pt, pb = P_MARGINS
        ll, lr, lt, lb = L_MARGINS

        def title_page(canv: Any, _doc: Any) -> None:
            canv.saveState()
            try:
                canv.setFillColor(ACCENT)
                canv.rect(0, ph - 14, pw, 14, stroke=0, fill=1)
                if not meta.publication and meta.marking:
                    draw_text(
                        canv,
                        pw / 2,
                        ph - 40,
                        meta.marking,
                        fonts.bold,
                        11,
                        anchor="middle",
                        colour=MARKING,
                    )
                    draw_text(
                        canv,
                        pw / 2,
                        30,
                        meta.marking,
                        fonts.bold,
                        11,
                        anchor="middle",
                        colour=MARKING,
                    )
            finally:
                canv.restoreState()

        self.addPageTemplates(
            [
                PageTemplate(
                    "title",
                    [Frame(pl, pb, pw - pl - pr, ph - pt - pb, id="t")],
                    onPage=title_page,
                    pagesize=PORTRAIT,
                    autoNextPageTemplate="portrait",
                ),
                PageTemplate(
                    "portrait",
                    [Frame(pl, pb, pw - pl - pr, ph - pt - pb, id="p")],
                    onPage=on_page,
                    pagesize=PORTRAIT,
                ),
                PageTemplate(
                    "landscape",
                    [Frame(ll, lb, lw - ll - lr, lh - lt - lb, id="l")],
                    onPage=on_page,
                    pagesize=LANDSCAPE,
                ),
            ]
        )

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading):
            page = self.page
            self.state.pages[flowable.key] = page
            self.canv.bookmarkPage(flowable.key)
            self.canv.addOutlineEntry(
                flowable.plain, flowable.key, level=flowable.level, closed=flowable.level >= 1
            )
        if self.state.cancelled is not None and self.state.cancelled():
            raise ExportCancelled()


# -- the chronology ----------------------------------------------------------------------------
@dataclass
class _Column:
    title: str
    width: float
    field: str


@dataclass
class _Row:
    cells: list[list[str]]
    height: float
    colour: Any
    shade: bool
    #: Every character is in the main font (no fallback runs to draw).
    simple: bool = True


class ChronologyTable(Flowable):  # type: ignore[misc]
    """Rows of the integrated chronology, drawn directly; splits between rows (a row
    taller than a page splits between lines) and repeats the header on every page."""

    SIZE = 7.3
    LEADING = 8.9
    PAD = 3.0
    HEADER = 15.0

    def __init__(
        self,
        rows: list[_Row],
        columns: list[_Column],
        fonts: FontSet,
        state: BuildState,
        continued: bool = False,
        *,
        span: tuple[int, int] | None = None,
        tops: list[float] | None = None,
    ) -> None:
        super().__init__()
        # Parts made by splitting share the rows and their running heights (``tops``) and
        # keep only their own range, so splitting a long table costs nothing per row.
        self.all_rows = rows
        self.start, self.end = span if span is not None else (0, len(rows))
        self.columns = columns
        self.fonts = fonts
        self.state = state
        self.continued = continued
        self.tops = tops if tops is not None else [0.0, *accumulate(r.height for r in rows)]

    @property
    def rows(self) -> list[_Row]:
        return self.all_rows[self.start : self.end]

    @classmethod
    def prepare(
        cls, rows: list[ChronologyRow], width: float, fonts: FontSet, state: BuildState
    ) -> ChronologyTable:
        has_analysis = any(r.analysis for r in rows)
        has_outcome = any(r.outcome for r in rows)
        fixed = [
            ("#", 24.0, "entry"),
            ("Date", 62.0, "date"),
            ("Agency", 62.0, "agency"),
            ("Subjects", 66.0, "subjects"),
        ]
        rest = width - sum(w for _t, w, _f in fixed)
        flexible: list[tuple[str, float, str]] = []
        if has_outcome and has_analysis:
            flexible = [
                ("Event", rest * 0.44, "text"),
                ("Action / outcome", rest * 0.28, "outcome"),
                ("Agency analysis", rest * 0.28, "analysis"),
            ]
        elif has_outcome or has_analysis:
            name, key = (
                ("Action / outcome", "outcome") if has_outcome else ("Agency analysis", "analysis")
            )
            flexible = [("Event", rest * 0.6, "text"), (name, rest * 0.4, key)]
        else:
            flexible = [("Event", rest, "text")]
        columns = [_Column(t, w, f) for t, w, f in fixed + flexible]
        wrapper = TextWrapper(fonts.regular, cls.SIZE)
        prepared: list[_Row] = []
        for i, row in enumerate(rows):
            if state.cancelled is not None and i % 500 == 0 and state.cancelled():
                raise ExportCancelled()
            values = {
                "entry": str(row.entry),
                "date": row.date_text + (f"\n{row.time}" if row.time else ""),
                "agency": row.agency_short,
                "subjects": row.subjects,
                "text": row.text,
                "outcome": row.outcome,
                "analysis": row.analysis,
            }
            cells = []
            for col in columns:
                inset = 5.0 if col.field == "agency" else 0.0
                cells.append(wrapper.wrap(values[col.field], col.width - 2 * cls.PAD - inset))
            lines = max((len(c) for c in cells), default=1) or 1
            simple = covered("".join(values.values()), fonts.regular)
            prepared.append(
                _Row(
                    cells,
                    lines * cls.LEADING + 2 * cls.PAD,
                    hex_colour(row.colour),
                    row.entry % 2 == 0,
                    simple,
                )
            )
        return cls(prepared, columns, fonts, state)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(c.width for c in self.columns)
        self.height = self.HEADER + self.tops[self.end] - self.tops[self.start]
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        room = avail_height - self.HEADER
        base = self.tops[self.start]
        # Rows that fit whole: the last row whose bottom is within the room.
        last = bisect_right(self.tops, base + room, self.start, self.end + 1) - 1
        n = last - self.start
        if n >= self.end - self.start:
            return [self]
        if n > 0:
            return [self._part(self.start, last, self.continued), self._part(last, self.end, True)]
        # Not even one row fits: split the first row between lines when at least a few
        # lines fit (a row longer than a page), otherwise move on to the next page.
        first = self.all_rows[self.start]
        fit_lines = int((room - 2 * self.PAD) // self.LEADING)
        if fit_lines < 4:
            return []
        head = _Row(
            [c[:fit_lines] for c in first.cells],
            fit_lines * self.LEADING + 2 * self.PAD,
            first.colour,
            first.shade,
            first.simple,
        )
        tail_cells = [c[fit_lines:] for c in first.cells]
        tail_cells[1] = [*first.cells[1][:1], "(cont.)"] if first.cells[1] else ["(cont.)"]
        tail_lines = max(len(c) for c in tail_cells) or 1
        tail = _Row(
            tail_cells,
            tail_lines * self.LEADING + 2 * self.PAD,
            first.colour,
            first.shade,
            first.simple,
        )
        rest = [tail, *self.all_rows[self.start + 1 : self.end]]
        return [
            ChronologyTable([head], self.columns, self.fonts, self.state, self.continued),
            ChronologyTable(rest, self.columns, self.fonts, self.state, True),
        ]

    def _part(self, start: int, end: int, continued: bool) -> ChronologyTable:
        return ChronologyTable(
            self.all_rows,
            self.columns,
            self.fonts,
            self.state,
            continued,
            span=(start, end),
            tops=self.tops,
        )

    def draw(self) -> None:
        if not self.state.final:
            return  # the first pass only needs the page breaks
        canv = self.canv
        fonts = self.fonts
        width = self.width
        top = self.height
        # Header.
        canv.setFillColor(ACCENT)
        canv.rect(0, top - self.HEADER, width, self.HEADER, stroke=0, fill=1)
        x = 0.0
        for col in self.columns:
            draw_text(
                canv,
                x + self.PAD,
                top - self.HEADER + 4.5,
                col.title,
                fonts.bold,
                7.6,
                colour=colors.white,
            )
            x += col.width
        y = top - self.HEADER
        rows = self.rows
        # Backgrounds and rules first, then all the text in one text object.
        shade = colors.HexColor("#f4f6f9")
        canv.setLineWidth(0.3)
        canv.setStrokeColor(RULE)
        agency_x = 0.0
        for col in self.columns:
            if col.field == "agency":
                break
            agency_x += col.width
        tops = []
        for row in rows:
            y_bottom = y - row.height
            tops.append(y)
            if row.shade:
                canv.setFillColor(shade)
                canv.rect(0, y_bottom, width, row.height, stroke=0, fill=1)
            canv.setFillColor(row.colour)
            canv.rect(agency_x + 1.5, y_bottom + 1.5, 3.2, row.height - 3, stroke=0, fill=1)
            canv.line(0, y_bottom, width, y_bottom)
            y = y_bottom
        text = canv.beginText()
        text.setFont(fonts.regular, self.SIZE)
        starts = []
        x = 0.0
        for col in self.columns:
            starts.append(x + self.PAD + (5.0 if col.field == "agency" else 0.0))
            x += col.width
        for i, col in enumerate(self.columns):
            text.setFillColor(MUTED if col.field == "entry" else INK)
            cx = starts[i]
            for row, row_top in zip(rows, tops, strict=True):
                ty = row_top - self.PAD - self.SIZE
                for line in row.cells[i]:
                    if line:
                        text.setTextOrigin(cx, ty)
                        if row.simple:
                            text.textOut(line)
                        else:
                            _text_out(text, line, fonts.regular, self.SIZE)
                    ty -= self.LEADING
        canv.drawText(text)
        # Column rules.
        canv.setStrokeColor(colors.HexColor("#dde2e8"))
        x = 0.0
        for col in self.columns[:-1]:
            x += col.width
            canv.line(x, y, x, top - self.HEADER)


class FinalOnly(Flowable):  # type: ignore[misc]
    """A flowable that takes its room in every pass but is drawn only in the last one."""

    def __init__(self, inner: Flowable, state: BuildState) -> None:
        super().__init__()
        self.inner = inner
        self.state = state

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(avail_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        if self.state.final:
            self.inner.drawOn(self.canv, 0, 0)


def _text_out(text: Any, line: str, font: str, size: float) -> None:
    from workbench.export.fonts import font_runs

    runs = font_runs(line, font)
    if len(runs) == 1:
        text.textOut(line)
        return
    for f, piece in runs:
        text.setFont(f, size)
        text.textOut(piece)
    text.setFont(font, size)


# -- the story -----------------------------------------------------------------------------------
class _Story:
    def __init__(
        self,
        doc: ExportDocument,
        styles: Styles,
        state: BuildState,
        chronology: ChronologyTable | None,
        timeline_drawing: Any,
    ) -> None:
        self.doc = doc
        self.s = styles
        self.state = state
        self.chronology = chronology
        self.timeline_drawing = timeline_drawing
        self.items: list[Flowable] = []
        self.toc: list[tuple[int, str, str]] = []
        self._n = 0

    def heading(self, text: str, level: int, *, toc: bool | None = None) -> Heading:
        self._n += 1
        key = f"h{self._n}"
        style = {0: self.s.h1, 1: self.s.h2}.get(level, self.s.h3)
        in_toc = level <= 1 if toc is None else toc
        if in_toc:
            self.toc.append((level, text, key))
        return Heading(text, style, level=level, key=key, toc=in_toc)

    def add(self, *flowables: Flowable) -> None:
        self.items.extend(flowables)

    def build(self) -> list[Flowable]:
        doc, s = self.doc, self.s
        self.title_page()
        self.add(NextPageTemplate("portrait"), PageBreak())
        contents_at = len(self.items)
        for section in doc.narrative_sections:
            self.add(self.heading(section.title, 0))
            self.add(*markdown_flowables(section.body, s))
        self.findings_by_question()
        self.called_out(
            "Missed opportunities",
            doc.missed_opportunities,
            "No missed opportunities are recorded.",
        )
        self.called_out("Good practice", doc.good_practice, "No good practice is recorded.")
        self.lessons()
        self.recommendations()
        self.action_plan()
        for section in doc.response_sections:
            self.add(self.heading(section.title, 0))
            self.add(*markdown_flowables(section.body, s))
        self.appendices()
        self.items[contents_at:contents_at] = self.contents()
        return self.items

    # -- parts ----------------------------------------------------------------------------------
    def title_page(self) -> None:
        meta, s = self.doc.meta, self.s
        self.add(spacer(110))
        if meta.board:
            self.add(para(meta.board, ParagraphStyle("board", parent=s.subtitle, textColor=ACCENT)))
        self.add(
            spacer(8), para(meta.title, s.title), para(meta.type_label, s.subtitle), spacer(28)
        )
        rows = [
            ("Review type", meta.type_label),
            ("Date", meta.date),
            ("Version", meta.version),
            ("Status", meta.status),
        ]
        if meta.scope:
            rows.append(("Period under review", meta.scope))
        if meta.publication:
            rows.append(("Edition", "For publication: people are referred to by pseudonyms"))
        elif meta.marking:
            rows.append(("Protective marking", meta.marking))
        table = Table(
            [[para(k, s.muted), para(v, s.body)] for k, v in rows if v],
            colWidths=[130, 320],
            hAlign="LEFT",
        )
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        self.add(table)
        if not meta.publication:
            self.add(
                spacer(30),
                para(
                    "Working copy: this document contains the real names of the people in the "
                    "review. Do not publish or share it outside the review panel.",
                    ParagraphStyle("warn", parent=s.body, textColor=MARKING),
                ),
            )

    def contents(self) -> list[Flowable]:
        s = self.s
        style0 = ParagraphStyle("toc0", parent=s.body, fontName=s.fonts.bold, spaceAfter=0)
        style1 = ParagraphStyle("toc1", parent=s.body, leftIndent=14, spaceAfter=0)
        rows = []
        for level, text, key in self.toc:
            page = self.state.pages.get(key)
            link = f'<a href="#{key}">{rl_escape(text)}</a>'
            rows.append(
                [
                    Paragraph(link, style0 if level == 0 else style1),
                    Paragraph(
                        str(page) if page else "",
                        ParagraphStyle("tocn", parent=s.body, alignment=2, spaceAfter=0),
                    ),
                ]
            )
        table = Table(rows, colWidths=[430, 50], repeatRows=0, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), FONT),
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#e3e7ec")),
                ]
            )
        )
        return [Heading("Contents", s.h1, level=0, key="contents", toc=False), table, PageBreak()]

    def finding(self, f: FindingItem, level: int) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [self.heading(f.title, level, toc=False)]
        details = [f.kind_label] + ([f.category[:1].upper() + f.category[1:]] if f.category else [])
        if f.episodes:
            details.append("Key practice episodes: " + "; ".join(f.episodes))
        out.append(para(" · ".join(details), s.muted))
        out.extend(markdown_flowables(f.body, s))
        if f.evidence:
            out.append(para("Evidence", s.h4))
            for ev in f.evidence:
                entry = f" [chronology entry {ev.entry}]" if ev.entry else ""
                markup = (
                    f"<b>{rl_escape(ev.date_text)}</b> · {rl_escape(ev.agency)}{entry}: "
                    f"{rl_escape(ev.summary)}"
                )
                out.append(Paragraph(markup, s.item(0, s.small), bulletText="•"))
        return out

    def findings_by_question(self) -> None:
        doc, s = self.doc, self.s
        if not doc.questions and not doc.findings:
            return
        self.add(CondPageBreak(200), self.heading("Findings by research question", 0))
        shown: dict[int, int] = {}
        for q in doc.questions:
            title = f"Research question {q.number}" + (f": {q.title}" if q.title else "")
            self.add(self.heading(title, 1))
            self.add(
                para(
                    q.text,
                    ParagraphStyle(
                        "rq", parent=s.body, fontName=s.fonts.italic, leftIndent=10, textColor=MUTED
                    ),
                )
            )
            if not q.findings:
                self.add(para("No findings are linked to this research question.", s.muted))
            for f in q.findings:
                if f.id in shown:
                    self.add(
                        self.heading(f.title, 2, toc=False),
                        para(
                            f"{f.kind_label}: set out under research question {shown[f.id]}.",
                            s.muted,
                        ),
                    )
                    continue
                shown[f.id] = q.number
                self.add(*self.finding(f, 2))
        if doc.unanswered_findings:
            self.add(self.heading("Findings not linked to a research question", 1))
            for f in doc.unanswered_findings:
                self.add(*self.finding(f, 2))

    def called_out(self, title: str, items: list[FindingItem], empty: str) -> None:
        s = self.s
        self.add(CondPageBreak(150), self.heading(title, 0))
        if not items:
            self.add(para(empty, s.muted))
        for f in items:
            where = ", ".join(f"research question {n}" for n in f.questions)
            block: list[Flowable] = [para(f.title, s.h4)]
            block.append(para(first_paragraph(f.body) or f.title, s.body))
            refs = "; ".join(f"{e.date_text} ({e.agency_short})" for e in f.evidence)
            line = " · ".join(
                x
                for x in (f"See {where}" if where else "", f"Evidence: {refs}" if refs else "")
                if x
            )
            if line:
                block.append(para(line, s.muted))
            self.add(KeepTogether(block))

    def lessons(self) -> None:
        doc, s = self.doc, self.s
        if not doc.lessons:
            return
        self.add(CondPageBreak(150), self.heading("Lessons", 0))
        for le in doc.lessons:
            blocks = parse(le.text)
            for i, block in enumerate(blocks):
                if i == 0:
                    self.add(
                        Paragraph(rl_markup(block.spans), s.item(0), bulletText=f"{le.number}.")
                    )
                else:
                    nested = replace(block, depth=block.depth + 1)
                    self.add(block_flowable(nested, s, s.body))

    def recommendations(self) -> None:
        doc, s = self.doc, self.s
        if not doc.recommendations:
            return
        self.add(CondPageBreak(150), self.heading("Recommendations", 0))
        groups = [
            ("multi_agency", "Multi-agency recommendations"),
            ("single_agency", "Single-agency recommendations"),
        ]
        known = {g for g, _t in groups}
        for scope, title in (
            groups
            + [
                (r.scope, r.scope_label + " recommendations")
                for r in doc.recommendations
                if r.scope not in known
            ][:1]
        ):
            recs = doc.recommendations_of(scope)
            if not recs:
                continue
            self.add(self.heading(title, 1))
            for r in recs:
                block: list[Flowable] = [para(f"Recommendation {r.number}", s.h4)]
                block.extend(markdown_flowables(r.text, s))
                details = []
                if r.targets:
                    details.append("To: " + "; ".join(r.targets))
                if r.findings:
                    details.append("From: " + "; ".join(r.findings))
                if r.lessons:
                    details.append("Lessons " + ", ".join(str(n) for n in r.lessons))
                if details:
                    block.append(para(" · ".join(details), s.muted))
                self.add(KeepTogether(block))

    def action_plan(self) -> None:
        doc, s = self.doc, self.s
        actions = doc.actions
        if not actions:
            return
        self.add(CondPageBreak(200), self.heading("Action plan", 0))
        cell, head = s.cell, s.cell_head
        rows: list[list[Any]] = [
            [
                para(t, head)
                for t in ("Rec.", "Action", "Owner", "Due", "Status", "Evidence of impact")
            ]
        ]
        style = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("GRID", (0, 0), (-1, -1), 0.3, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        for i, a in enumerate(actions, start=1):
            rows.append(
                [
                    para(str(a.recommendation), cell),
                    para(a.description, cell),
                    para(a.owner, cell),
                    para(a.due, cell),
                    para(
                        a.status.capitalize(),
                        ParagraphStyle(
                            "st", parent=cell, textColor=colors.white, fontName=s.fonts.bold
                        ),
                    ),
                    para(a.evidence_of_impact, cell),
                ]
            )
            colour = STATUS_COLOURS.get(a.status, MUTED)
            style.append(("BACKGROUND", (4, i), (4, i), colour))
        table = Table(rows, colWidths=[28, 146, 80, 54, 57, 118], repeatRows=1)
        table.setStyle(TableStyle(style))
        self.add(table)

    def appendices(self) -> None:
        doc, s = self.doc, self.s
        # A: the integrated chronology, landscape.
        self.add(
            NextPageTemplate("landscape"),
            PageBreak(),
            self.heading("Appendix A: Integrated chronology", 0),
        )
        intro = (
            f"{len(doc.chronology)} events from {sum(1 for a in doc.agencies if a.events)} "
            "agencies, in date order. Dates are shown as the agency wrote them."
        )
        if doc.window:
            intro += (
                f" Limited to events between {doc.window[0].strftime('%d/%m/%Y')} and "
                f"{doc.window[1].strftime('%d/%m/%Y')}."
            )
        self.add(para(intro, s.small))
        legend = [a for a in doc.agencies if a.events]
        if legend:
            cells = []
            for a in legend:
                cells.append(
                    Paragraph(
                        f'<font color="{a.colour}">■</font> '
                        f"<b>{rl_escape(a.short_name)}</b> {rl_escape(a.name)}",
                        s.small,
                    )
                )
            per_row = 4
            grid = [
                cells[i : i + per_row] + [""] * (per_row - len(cells[i : i + per_row]))
                for i in range(0, len(cells), per_row)
            ]
            t = Table(grid, colWidths=[192] * per_row, hAlign="LEFT")
            t.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), FONT),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ]
                )
            )
            self.add(t, spacer(6))
        if self.chronology is not None and doc.chronology:
            self.add(self.chronology)
        else:
            self.add(para("No events in the chronology.", s.muted))
        # B: glossary.
        self.add(NextPageTemplate("portrait"), PageBreak(), self.heading("Appendix B: Glossary", 0))
        if doc.glossary:
            rows = [[para("Term", s.cell_head), para("Meaning", s.cell_head)]]
            rows += [
                [
                    para(
                        g.abbreviation, ParagraphStyle("gb", parent=s.cell, fontName=s.fonts.bold)
                    ),
                    para(g.meaning, s.cell),
                ]
                for g in doc.glossary
            ]
            t = Table(rows, colWidths=[90, 393], repeatRows=1)
            t.setStyle(
                TableStyle(
                    [
                        ("FONTNAME", (0, 0), (-1, -1), FONT),
                        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
                        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ACCENT_LIGHT]),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                    ]
                )
            )
            self.add(t)
        else:
            self.add(para("No terms are recorded.", s.muted))
        # C: timeline.
        self.add(
            NextPageTemplate("landscape"), PageBreak(), self.heading("Appendix C: Timeline", 0)
        )
        if self.timeline_drawing:
            for i, (caption, drawing) in enumerate(self.timeline_drawing):
                if i:
                    self.add(PageBreak())
                if caption:
                    self.add(para(caption, s.h4))
                self.add(FinalOnly(drawing, self.state))
        else:
            reason = next((n for n in doc.notes if "timeline" in n), "no timeline is available")
            self.add(para(reason[:1].upper() + reason[1:] + ".", s.muted))


# -- building ------------------------------------------------------------------------------------
def _timeline_flowable(doc: ExportDocument) -> list[tuple[str, Any]]:
    """The timeline figures (caption, drawing) for the appendix."""
    from workbench.export.figures import timeline_drawing_for, timeline_views, with_window

    lw, lh = LANDSCAPE
    ll, lr, lt, lb = L_MARGINS
    out = []
    for caption, window in timeline_views(doc):
        drawing = with_window(
            doc, window, lambda: timeline_drawing_for(doc, lw - ll - lr, lh - lt - lb - 64)
        )
        if drawing is not None:
            out.append((caption, drawing))
    return out


def write_report_pdf(
    doc: ExportDocument,
    out: Path | io.BytesIO,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the report to ``out``; returns the number of pages."""
    say = progress or (lambda _p, _m: None)
    styles = make_styles()
    state = BuildState(cancelled=cancelled)
    lw, _lh = LANDSCAPE
    say(10, "Laying out the chronology")
    chronology = (
        ChronologyTable.prepare(
            doc.chronology, lw - L_MARGINS[0] - L_MARGINS[1], styles.fonts, state
        )
        if doc.chronology
        else None
    )
    say(25, "Drawing the timeline")
    drawing = _timeline_flowable(doc)
    say(35, "Paginating")
    story = _Story(doc, styles, state, chronology, drawing)
    first = ReportTemplate(io.BytesIO(), doc, state, styles.fonts)
    first._doSave = 0  # the first pass only counts pages: nothing to write
    first.build(story.build())
    state.total_pages = first.page
    pages_first = dict(state.pages)
    say(65, "Writing the PDF")
    state.final = True
    story = _Story(doc, styles, state, chronology, drawing)
    target: Any = str(out) if isinstance(out, Path) else out
    final = ReportTemplate(target, doc, state, styles.fonts)
    final.build(story.build())
    if final.page != state.total_pages or state.pages != pages_first:
        # Page numbers in the contents changed the layout (a wider number): once more.
        state.total_pages = final.page
        story = _Story(doc, styles, state, chronology, drawing)
        if isinstance(out, io.BytesIO):
            out.seek(0)
            out.truncate()
        ReportTemplate(target, doc, state, styles.fonts).build(story.build())
    say(100, "Report written")
    return state.total_pages or 0
