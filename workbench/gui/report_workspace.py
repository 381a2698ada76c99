"""The report workspace: the overview report as it will be exported, kept up to date.

The review is assembled with the exporters' own content assembly
(:func:`workbench.export.document.assemble`) on a worker thread, whenever the tab is
shown after a change, and rendered as one page with an outline beside it. Sections and
findings have "Edit" links that open them in the analysis workspace; cited events open
in the chronology. "Export…" opens the export dialog.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from workbench.core.model import ReportSection
from workbench.gui import icons
from workbench.gui.context import ReviewContext
from workbench.gui.workers import Task

#: Chronology rows shown in the preview's appendix (the exports include every row).
PREVIEW_CHRONOLOGY_ROWS = 60


def _md(text: str) -> str:
    from markdown_it import MarkdownIt

    return str(MarkdownIt("commonmark", {"html": False}).render(text or ""))


def _e(text: object) -> str:
    return html.escape(str(text or ""))


def render_document(doc: Any) -> tuple[str, list[tuple[str, str, int]]]:
    """(HTML, outline) of an export document; the outline is (anchor, title, level)."""
    out: list[str] = []
    outline: list[tuple[str, str, int]] = []

    def heading(anchor: str, title: str, level: int = 1, edit: str = "") -> None:
        outline.append((anchor, title, level))
        link = f" <a class='edit' href='{edit}'>Edit</a>" if edit else ""
        out.append(f"<h{level + 1}><a name='{anchor}'></a>{_e(title)}{link}</h{level + 1}>")

    meta = doc.meta
    outline.append(("top", meta.title, 1))
    out.append(f"<a name='top'></a><p class='marking'>{_e(meta.marking)}</p>")
    out.append(f"<h1>{_e(meta.title)}</h1>")
    out.append(
        f"<p><b>{_e(meta.type_label)}</b> · {_e(meta.board)}<br>"
        f"Version {_e(meta.version)} · {_e(meta.status)} · {_e(meta.date)}<br>"
        f"Scope: {_e(meta.scope)}</p>"
    )
    for i, section in enumerate(doc.narrative_sections):
        heading(f"s{i}", section.title, 1, f"edit:report_section:{section.key}")
        out.append(
            _md(section.body) if section.body.strip() else "<p class='empty'>Not written yet.</p>"
        )
    if doc.questions:
        heading("questions", "Analysis by research question")
        for q in doc.questions:
            out.append(f"<h3>Question {q.number}. {_e(q.title or q.text)}</h3>")
            if q.title and q.text:
                out.append(f"<p><i>{_e(q.text)}</i></p>")
            for f in q.findings:
                _finding(out, f)
            if not q.findings:
                out.append("<p class='empty'>No finding answers this question yet.</p>")
    if doc.unanswered_findings:
        heading("unanswered", "Findings not linked to a question")
        for f in doc.unanswered_findings:
            _finding(out, f)
    if doc.lessons:
        heading("lessons", "Key lessons")
        out.append("<ol>" + "".join(f"<li>{_e(le.text)}</li>" for le in doc.lessons) + "</ol>")
    if doc.recommendations:
        heading("recommendations", "Recommendations")
        for r in doc.recommendations:
            targets = f" — to {_e(', '.join(r.targets))}" if r.targets else ""
            out.append(f"<p><b>{r.number}. {_e(r.scope_label)}{targets}</b><br>{_e(r.text)}</p>")
            if r.actions:
                rows = "".join(
                    f"<tr><td>{_e(a.description)}</td><td>{_e(a.owner)}</td>"
                    f"<td>{_e(a.due)}</td><td>{_e(a.status)}</td></tr>"
                    for a in r.actions
                )
                out.append(
                    "<table class='actions' cellspacing='0' cellpadding='4'>"
                    "<tr><th>Action</th><th>Owner</th><th>Due</th><th>Status</th></tr>"
                    f"{rows}</table>"
                )
    for i, section in enumerate(doc.response_sections):
        heading(f"r{i}", section.title, 1, f"edit:report_section:{section.key}")
        out.append(_md(section.body))
    if doc.chronology:
        heading("chronology", "Appendix: integrated chronology")
        shown = doc.chronology[:PREVIEW_CHRONOLOGY_ROWS]
        rows = "".join(
            f"<tr><td>{row.entry}</td><td><a href='event:{row.event_id}'>{_e(row.date_text)}"
            f"</a></td><td>{_e(row.agency_short)}</td><td>{_e(row.text)}</td></tr>"
            for row in shown
        )
        out.append(
            "<table class='chronology' cellspacing='0' cellpadding='4'>"
            "<tr><th>#</th><th>Date</th><th>Agency</th><th>Event</th></tr>"
            f"{rows}</table>"
        )
        if len(doc.chronology) > len(shown):
            out.append(
                f"<p class='empty'>The first {len(shown)} of {len(doc.chronology):,} "
                "entries: every entry is in the exported report.</p>"
            )
    if doc.glossary:
        heading("glossary", "Appendix: glossary")
        out.append(
            "<table cellspacing='0' cellpadding='3'>"
            + "".join(
                f"<tr><td><b>{_e(g.abbreviation)}</b></td><td>{_e(g.meaning)}</td></tr>"
                for g in doc.glossary
            )
            + "</table>"
        )
    if doc.briefing:
        heading("briefing", "7-minute briefing")
        for box in doc.briefing:
            out.append(f"<h3>{box.number}. {_e(box.title)}</h3>{_md(box.body)}")
    return "\n".join(out), outline


def _finding(out: list[str], f: Any) -> None:
    out.append(
        f"<h4>{_e(f.kind_label)}: {_e(f.title)} "
        f"<a class='edit' href='edit:finding:{f.id}'>Edit</a></h4>"
    )
    out.append(_md(f.body))
    if f.evidence:
        items = "".join(
            f"<li><a href='event:{ev.event_id}'>{_e(ev.date_text)} ({_e(ev.agency_short)})</a>"
            f": {_e(ev.summary)}</li>"
            for ev in f.evidence
        )
        out.append(f"<p class='evidence'>Evidence:</p><ul>{items}</ul>")


STYLE = """
h1 { font-size: 20pt; margin-bottom: 4px; }
h2 { font-size: 15pt; margin-top: 22px; }
h3 { font-size: 12pt; margin-top: 14px; }
h4 { font-size: 11pt; margin-top: 10px; }
a.edit { font-size: 9pt; font-weight: normal; }
p.marking { font-weight: bold; letter-spacing: 1px; }
p.empty { font-style: italic; }
th { text-align: left; border-bottom: 1px solid #888; }
td { vertical-align: top; border-bottom: 1px solid #ccc; }
"""


class ReportWorkspace(QWidget):
    #: The user asked to export (the window opens the export dialog).
    exportRequested = Signal()
    #: The user followed a cited event (the window shows it in the chronology).
    eventRequested = Signal(int)

    def __init__(self, ctx: ReviewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report_workspace")
        self.ctx = ctx
        self.outline = QListWidget(self)
        self.outline.setObjectName("report_outline")
        self.outline.setAccessibleName("Report outline")
        self.outline.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("report_preview")
        self.browser.setAccessibleName("Report preview")
        self.browser.setOpenLinks(False)
        self.browser.document().setDefaultStyleSheet(STYLE)
        self.browser.document().setDocumentMargin(24)
        self.status = QLabel("The report is put together when you look at it.", self)
        self.status.setWordWrap(True)
        self.refresh_button = QPushButton(icons.icon("restore"), "&Refresh", self)
        self.export_button = QPushButton(icons.icon("export"), "&Export…", self)
        self.export_button.setToolTip("Export the report, the learning deck or the briefing")

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 8, 4, 8)
        caption = QLabel("&Contents", left)
        caption.setBuddy(self.outline)
        left_layout.addWidget(caption)
        left_layout.addWidget(self.outline, 1)
        left_layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.export_button)
        left_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 1000])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setFocusProxy(self.outline)

        self._dirty = True
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.reload)
        self.outline.currentItemChanged.connect(self._jump)
        self.browser.anchorClicked.connect(self._link)
        self.refresh_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(self.exportRequested)
        ctx.changed.connect(self._changed)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._timer.start(0)

    def _changed(self, _kind: str) -> None:
        self._dirty = True
        if self.isVisible():
            self._timer.start()

    def reload(self) -> None:
        self._dirty = False
        self._generation += 1
        generation = self._generation
        store = self.ctx.store

        def work(task: Task) -> tuple[int, str, list[tuple[str, str, int]]]:
            from workbench.export.document import assemble

            with store.session() as s:
                doc = assemble(s, timeline=False, cancelled=lambda: task.is_cancelled)
            task.check()
            text, outline = render_document(doc)
            return generation, text, outline

        self.status.setText("Putting the report together…")
        task = self.ctx.runner.start(work, "Putting the report together", visible=False)
        task.succeeded.connect(self._loaded)
        # Bound methods, not lambdas: Qt drops the connection when this widget is gone.
        task.failed.connect(self._failed)

    def _failed(self, exc: object) -> None:
        self.status.setText(f"The report could not be put together: {exc}")

    def _loaded(self, result: tuple[int, str, list[tuple[str, str, int]]]) -> None:
        generation, text, outline = result
        if generation != self._generation:
            return
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        self.browser.setHtml(text)
        bar.setValue(position)
        current = self.outline.currentItem()
        anchor = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.outline.blockSignals(True)
        self.outline.clear()
        for key, title, level in outline:
            item = QListWidgetItem(("    " * (level - 1)) + title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(title)
            self.outline.addItem(item)
            if key == anchor:
                self.outline.setCurrentItem(item)
        self.outline.blockSignals(False)
        words = len(self.browser.toPlainText().split())
        self.status.setText(f"As it will be exported: about {words:,} words.")

    def _jump(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is not None:
            self.browser.scrollToAnchor(str(item.data(Qt.ItemDataRole.UserRole)))

    def _link(self, url: QUrl) -> None:
        target = url.toString()
        kind, _, rest = target.partition(":")
        if kind == "event" and rest.isdigit():
            self.eventRequested.emit(int(rest))
        elif kind == "edit":
            what, _, key = rest.partition(":")
            if what == "finding" and key.isdigit():
                self.ctx.itemRequested.emit("finding", int(key))
            elif what == "report_section":
                with self.ctx.store.session() as s:
                    section_id = s.scalar(select(ReportSection.id).where(ReportSection.key == key))
                if section_id is not None:
                    self.ctx.itemRequested.emit("report_section", int(section_id))
