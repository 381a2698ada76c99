"""The overview report as Word (python-docx): the editable version a board finishes.

The same content as the PDF, with Word's own heading styles (so the navigation pane and
accessibility checkers see the structure), a contents field, tables whose header row
repeats on every page, the chronology in a landscape section and the timeline as an image.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from docx.enum.section import WD_SECTION
from docx.shared import Cm, Pt

from workbench.export.document import ExportDocument, FindingItem
from workbench.export.docx_common import (
    MARKING,
    MUTED,
    add_block,
    add_markdown,
    add_table,
    add_text,
    add_toc,
    new_document,
    set_landscape,
)
from workbench.export.errors import ExportCancelled
from workbench.export.figures import timeline_png, timeline_views, with_window
from workbench.export.markdown import first_paragraph, parse

Progress = Callable[[int, str], None]

STATUS_FILLS = {"red": "C62828", "amber": "EF8F00", "green": "2E7D32", "complete": "1F4E79"}


def _check(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise ExportCancelled()


def write_report_docx(
    doc: ExportDocument,
    out: Path | io.BytesIO,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    say = progress or (lambda _p, _m: None)
    meta = doc.meta
    document = new_document(meta, subject=f"{meta.type_label}: overview report")

    # Title page.
    if meta.board:
        add_text(document, meta.board, style="Subtitle")
    document.add_paragraph(meta.title, style="Title")
    add_text(document, meta.type_label, style="Subtitle")
    details = [
        ("Date", meta.date),
        ("Version", meta.version),
        ("Status", meta.status),
        ("Period under review", meta.scope),
    ]
    if meta.publication:
        details.append(("Edition", "For publication: people are referred to by pseudonyms"))
    elif meta.marking:
        details.append(("Protective marking", meta.marking))
    for label, value in details:
        if value:
            p = document.add_paragraph()
            run = p.add_run(f"{label}: ")
            run.bold = True
            p.add_run(value)
    if not meta.publication:
        add_text(
            document,
            "Working copy: this document contains the real names of the people "
            "in the review. Do not publish or share it outside the review panel.",
            colour=MARKING,
        )
    document.add_page_break()  # type: ignore[no-untyped-call]
    document.add_heading("Contents", level=1)
    add_toc(document)
    document.add_page_break()  # type: ignore[no-untyped-call]
    say(15, "Writing the narrative")

    for section in doc.narrative_sections:
        document.add_heading(section.title, level=1)
        add_markdown(document, section.body)
    _check(cancelled)

    # Findings by research question.
    if doc.questions or doc.findings:
        document.add_heading("Findings by research question", level=1)
        shown: dict[int, int] = {}
        for q in doc.questions:
            document.add_heading(
                f"Research question {q.number}" + (f": {q.title}" if q.title else ""), level=2
            )
            add_text(document, q.text, italic=True, colour=MUTED)
            for f in q.findings:
                if f.id in shown:
                    document.add_heading(f.title, level=3)
                    add_text(
                        document,
                        f"{f.kind_label}: set out under research question {shown[f.id]}.",
                        italic=True,
                        colour=MUTED,
                    )
                    continue
                shown[f.id] = q.number
                _finding(document, f)
        if doc.unanswered_findings:
            document.add_heading("Findings not linked to a research question", level=2)
            for f in doc.unanswered_findings:
                _finding(document, f)
    say(35, "Writing the recommendations")

    for title, items in (
        ("Missed opportunities", doc.missed_opportunities),
        ("Good practice", doc.good_practice),
    ):
        document.add_heading(title, level=1)
        if not items:
            add_text(document, f"No {title.lower()} are recorded.", italic=True, colour=MUTED)
        for f in items:
            add_text(document, f.title, bold=True)
            document.add_paragraph(first_paragraph(f.body) or f.title)
            refs = "; ".join(f"{e.date_text} ({e.agency_short})" for e in f.evidence)
            where = ", ".join(f"research question {n}" for n in f.questions)
            line = " · ".join(
                x
                for x in (f"See {where}" if where else "", f"Evidence: {refs}" if refs else "")
                if x
            )
            if line:
                add_text(document, line, size=8.5, colour=MUTED)

    if doc.lessons:
        document.add_heading("Lessons", level=1)
        for le in doc.lessons:
            blocks = parse(le.text)
            for i, block in enumerate(blocks):
                if i == 0:
                    block.kind, block.depth, block.marker = "item", 0, f"{le.number}."
                else:
                    block.depth += 1
                add_block(document, block)

    if doc.recommendations:
        document.add_heading("Recommendations", level=1)
        groups = [
            ("multi_agency", "Multi-agency recommendations"),
            ("single_agency", "Single-agency recommendations"),
        ]
        for scope, title in groups:
            recs = doc.recommendations_of(scope)
            if not recs:
                continue
            document.add_heading(title, level=2)
            for r in recs:
                document.add_heading(f"Recommendation {r.number}", level=3)
                add_markdown(document, r.text, heading_base=4)
                rec_details: list[str] = []
                if r.targets:
                    rec_details.append("To: " + "; ".join(r.targets))
                if r.findings:
                    rec_details.append("From: " + "; ".join(r.findings))
                if r.lessons:
                    rec_details.append("Lessons " + ", ".join(str(n) for n in r.lessons))
                if rec_details:
                    add_text(document, " · ".join(rec_details), size=8.5, colour=MUTED)

    if doc.actions:
        document.add_heading("Action plan", level=1)
        rows = [
            [
                str(a.recommendation),
                a.description,
                a.owner,
                a.due,
                a.status.capitalize(),
                a.evidence_of_impact,
            ]
            for a in doc.actions
        ]
        fills = [[None, None, None, None, STATUS_FILLS.get(a.status), None] for a in doc.actions]
        colours = [[None, None, None, None, "FFFFFF", None] for _a in doc.actions]
        add_table(
            document,
            ["Rec.", "Action", "Owner", "Due", "Status", "Evidence of impact"],
            rows,
            [1.1, 5.0, 2.8, 2.0, 1.8, 4.3],
            fills=fills,
            text_colours=colours,
            caption="Action plan",
            size=8.5,
        )

    for section in doc.response_sections:
        document.add_heading(section.title, level=1)
        add_markdown(document, section.body)
    _check(cancelled)
    say(50, "Writing the chronology")

    # Appendix A: the chronology, in a landscape section.
    landscape = document.add_section(WD_SECTION.NEW_PAGE)
    set_landscape(landscape, True)
    document.add_heading("Appendix A: Integrated chronology", level=1)
    add_text(
        document,
        f"{len(doc.chronology)} events in date order. Dates are shown as the agency wrote them.",
        size=8.5,
        colour=MUTED,
    )
    if doc.chronology:
        has_analysis = any(r.analysis for r in doc.chronology)
        header = ["#", "Date", "Agency", "Subjects", "Event", "Action / outcome"]
        widths = [0.9, 2.0, 1.7, 2.1, 9.0, 5.0]
        if has_analysis:
            header.append("Agency analysis")
            widths = [0.9, 2.0, 1.7, 2.1, 8.0, 4.2, 4.2]
        rows, fills, colours = [], [], []
        for row in doc.chronology:
            date_text = row.date_text + (f"\n{row.time}" if row.time else "")
            cells = [
                str(row.entry),
                date_text,
                row.agency_short,
                row.subjects,
                row.text,
                row.outcome,
            ]
            if has_analysis:
                cells.append(row.analysis)
            rows.append(cells)
            fills.append([None, None, row.colour, *[None] * (len(cells) - 3)])
            colours.append([None, None, "FFFFFF", *[None] * (len(cells) - 3)])
        add_table(
            document,
            header,
            rows,
            widths,
            fills=fills,
            text_colours=colours,
            bold_columns=(2,),
            size=7.5,
            caption="Integrated chronology",
        )
    _check(cancelled)
    say(75, "Writing the appendices")

    portrait = document.add_section(WD_SECTION.NEW_PAGE)
    set_landscape(portrait, False)
    document.add_heading("Appendix B: Glossary", level=1)
    if doc.glossary:
        add_table(
            document,
            ["Term", "Meaning"],
            [[g.abbreviation, g.meaning] for g in doc.glossary],
            [3.0, 14.0],
            bold_columns=(0,),
            size=9,
            caption="Glossary",
        )
    else:
        add_text(document, "No terms are recorded.", italic=True, colour=MUTED)

    last = document.add_section(WD_SECTION.NEW_PAGE)
    set_landscape(last, True)
    document.add_heading("Appendix C: Timeline", level=1)
    pictures = 0
    for caption, window in timeline_views(doc):
        png = with_window(doc, window, lambda: timeline_png(doc, 770.0, 450.0, dpi=170))
        if png is None:
            continue
        if caption:
            document.add_heading(caption, level=3)
        document.add_picture(io.BytesIO(png), width=Cm(26.0))
        doc_pr = document.inline_shapes[-1]._inline.docPr
        doc_pr.set("descr", f"Swimlane timeline by agency: {caption or 'the chronology'}")
        doc_pr.set("title", "Timeline")
        pictures += 1
    if not pictures:
        reason = next((n for n in doc.notes if "timeline" in n), "no timeline is available")
        add_text(document, reason[:1].upper() + reason[1:] + ".", italic=True, colour=MUTED)
    say(95, "Saving")
    target = str(out) if isinstance(out, Path) else out
    document.save(target)


def _finding(document: object, f: FindingItem) -> None:
    document.add_heading(f.title, level=3)  # type: ignore[attr-defined]
    details = [f.kind_label] + ([f.category[:1].upper() + f.category[1:]] if f.category else [])
    if f.episodes:
        details.append("Key practice episodes: " + "; ".join(f.episodes))
    add_text(document, " · ".join(details), size=8.5, colour=MUTED)
    add_markdown(document, f.body, heading_base=4)
    if f.evidence:
        p = add_text(document, "Evidence", bold=True)
        p.paragraph_format.space_after = Pt(2)
        for ev in f.evidence:
            item = document.add_paragraph(style="List Bullet")  # type: ignore[attr-defined]
            run = item.add_run(ev.date_text)
            run.bold = True
            entry = f" [chronology entry {ev.entry}]" if ev.entry else ""
            rest = item.add_run(f" · {ev.agency}{entry}: {ev.summary}")
            rest.font.size = Pt(9)
            run.font.size = Pt(9)
