"""The analysis workspace: every page of the panel's analysis in one widget.

:class:`AnalysisWorkspace` shows a list of pages (research questions, key practice
episodes, findings, lessons, recommendations and the action plan, report sections, the
people register, the glossary and the traceability matrix) beside the page chosen.

Every change is a core command pushed through :meth:`ReviewContext.push`, so it can be
undone; the pages re-read the review after each change (once, however many changes
arrive together). ``ctx.itemRequested(kind, id)`` shows an item (connected to
:meth:`show_item`); the workspace emits it itself when a link or a matrix cell is
followed, so a main window listening to it can bring the workspace forward.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.core.analysis import BRIEFING_PREFIX
from workbench.core.model import ReportSection, mapped_classes
from workbench.gui.analysis.base import Page
from workbench.gui.analysis.common import WARNING_COLOUR, icon
from workbench.gui.analysis.matrix import MatrixPage
from workbench.gui.analysis.pages import (
    EpisodesPage,
    FindingsPage,
    LessonsPage,
    QuestionsPage,
    SectionsPage,
)
from workbench.gui.analysis.recommendations import RecommendationsPage
from workbench.gui.analysis.register import GlossaryPage, PeoplePage
from workbench.gui.context import ReviewContext

#: Kinds of item :meth:`AnalysisWorkspace.show_item` understands, by the page showing them.
ITEM_KINDS = {
    "research_question": "questions",
    "episode": "episodes",
    "finding": "findings",
    "lesson": "lessons",
    "recommendation": "recommendations",
    "action": "recommendations",
    "report_section": "sections",
    "person": "people",
    "glossary_term": "glossary",
}


class AnalysisWorkspace(QWidget):
    """The analysis of one review (see the module docstring).

    Attributes: ``questions_page``, ``episodes_page``, ``findings_page``, ``lessons_page``,
    ``recommendations_page``, ``sections_page``, ``people_page``, ``glossary_page``,
    ``matrix_page``; ``nav`` (the page list) and ``stack``.

    Signals: ``messageShown(str)`` when a change is refused or something needs saying (the
    main window may show it in its status bar; the workspace shows it too).
    """

    messageShown = Signal(str)

    def __init__(self, ctx: ReviewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("analysis_workspace")
        self.setAccessibleName("Analysis")

        self.questions_page = QuestionsPage(ctx, self)
        self.episodes_page = EpisodesPage(ctx, self)
        self.findings_page = FindingsPage(ctx, self)
        self.lessons_page = LessonsPage(ctx, self)
        self.recommendations_page = RecommendationsPage(ctx, self)
        self.sections_page = SectionsPage(ctx, self)
        self.people_page = PeoplePage(ctx, self)
        self.glossary_page = GlossaryPage(ctx, self)
        self.matrix_page = MatrixPage(ctx, self)
        self.pages: list[Page] = [
            self.questions_page,
            self.episodes_page,
            self.findings_page,
            self.lessons_page,
            self.recommendations_page,
            self.sections_page,
            self.people_page,
            self.glossary_page,
            self.matrix_page,
        ]

        self.nav = QListWidget()
        self.nav.setObjectName("analysis_nav")
        self.nav.setAccessibleName("Analysis pages")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setSpacing(1)
        self.nav.setUniformItemSizes(True)
        self.nav.setFixedWidth(250)
        self.stack = QStackedWidget()
        self.stack.setObjectName("analysis_stack")
        for page in self.pages:
            item = QListWidgetItem(icon(page.icon_name), page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            item.setToolTip(page.title)
            self.nav.addItem(item)
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self._page_chosen)

        self.message = QLabel()
        self.message.setObjectName("analysis_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.message.hide()
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.setInterval(8000)
        self._message_timer.timeout.connect(self.message.hide)

        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.stack, 1)
        right.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.nav)
        layout.addLayout(right, 1)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.refresh)
        ctx.changed.connect(self._review_changed)
        ctx.itemRequested.connect(self.show_item)
        self.nav.setCurrentRow(0)
        self.refresh()

    # -- refreshing ------------------------------------------------------------------------
    def _review_changed(self, _kind: str) -> None:
        for page in self.pages:
            page.dirty = True
        self._refresh_timer.start()

    def refresh(self) -> None:
        """Re-read the review into the page on show (the others when next shown)."""
        self._refresh_timer.stop()
        for page in self.pages:
            page.dirty = True
        current = self.current_page()
        if current is not None:
            current.reload()
        self._update_counts()

    def _update_counts(self) -> None:
        tables = {
            "questions": "research_question",
            "episodes": "episode",
            "findings": "finding",
            "lessons": "lesson",
            "recommendations": "recommendation",
            "people": "person",
            "glossary": "glossary_term",
        }
        with self.ctx.store.session() as session:
            counts = {key: _count(session, table) for key, table in tables.items()}
            counts["sections"] = int(
                session.scalar(
                    select(func.count())
                    .select_from(ReportSection)
                    .where(~ReportSection.key.startswith(BRIEFING_PREFIX))
                )
                or 0
            )
        for row, page in enumerate(self.pages):
            item = self.nav.item(row)
            n = counts.get(page.key)
            item.setText(f"{page.title} ({n})" if n is not None else page.title)

    # -- pages -------------------------------------------------------------------------------
    def current_page(self) -> Page | None:
        widget = self.stack.currentWidget()
        return widget if isinstance(widget, Page) else None

    def page(self, key: str) -> Page:
        for page in self.pages:
            if page.key == key:
                return page
        raise KeyError(key)

    def show_page(self, key: str) -> Page:
        """Bring the page ``key`` ("findings", "matrix", ...) forward and return it."""
        page = self.page(key)
        self.nav.setCurrentRow(self.pages.index(page))
        return page

    def _page_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        page = self.pages[row]
        self.stack.setCurrentWidget(page)
        if page.dirty:
            page.reload()

    def show_item(self, kind: str, item_id: int) -> bool:
        """Show one item of the analysis in its page (False for a kind it does not hold)."""
        key = ITEM_KINDS.get(kind)
        if key is None:
            return False
        page = self.show_page(key)
        if self._refresh_timer.isActive():
            self.refresh()
        return page.show_item(kind, item_id)

    # -- messages ------------------------------------------------------------------------------
    def report(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))
        self._message_timer.start()
        self.messageShown.emit(message)


def _count(session: Session, table: str) -> int:
    cls = mapped_classes()[table]
    return int(session.scalar(select(func.count()).select_from(cls)) or 0)
