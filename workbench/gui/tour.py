"""The guided tour: a few short cards that say what each workspace is for, shown over the
main window with the part being described brought forward and outlined.

:class:`GuidedTour` is a small non-modal window with Back, Next and Close (arrow keys and
Escape work too). Each step can switch the main window to a workspace (Chronology,
Timeline, Analysis, Report) and outline a part of the window (the workspace's tab, the
Export button). It is offered once, the first time the demo review is opened
(:func:`start_tour_if_first_run`), and at any time from Help.

The main window is used through what it already has: ``workspaces`` (the QTabWidget of
workspaces, in the order of ``WORKSPACES``), ``toolbar``, ``registry`` (the actions) and
``settings``; a part that is missing is simply not outlined.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench import APP_NAME

#: The settings key that remembers the tour was offered (it is offered once).
SEEN_KEY = "help/tour_seen"
WORKSPACE_ORDER = ("chronology", "timeline", "analysis", "report")
OUTLINE = QColor("#f2b134")


@dataclass(frozen=True)
class TourStep:
    title: str
    text: str
    #: The workspace brought forward for this step (a name of ``WORKSPACE_ORDER``).
    workspace: str | None = None
    #: What to outline: "tab" (the workspace's tab), or an action key whose toolbar
    #: button is outlined ("export").
    target: str | None = None


TOUR_STEPS: tuple[TourStep, ...] = (
    TourStep(
        "Welcome to the Case Z demo",
        "This demo review is a Serious Case Review reconstructed from a published learning "
        "presentation, with fictional names. Seven agencies' chronologies are imported and "
        "the panel's analysis is written, so every workspace has something in it.<br><br>"
        "Try anything: <b>Help ▸ Rebuild the Demo Review</b> puts it back as it was. "
        "This tour takes a minute; <b>Next</b> or the right arrow key goes on.",
    ),
    TourStep(
        "Chronology: every agency's events in one table",
        "The <b>integrated chronology</b> merges the agencies' chronologies in date order, "
        "one colour per agency. Uncertain dates stay as the agency wrote them "
        "(“spring 2015”, “aged 7 and a half”) with the period they cover underneath."
        "<br><br>The bar above the table filters by agency, person, tag, dates or flags. "
        "Select an event to read and edit all of it in <b>Event Details</b> on the right; "
        "<b>Gaps in Contact</b> lists the periods an agency had no contact.",
        workspace="chronology",
        target="tab",
    ),
    TourStep(
        "Timeline: the case at a glance",
        "The same events as a <b>swimlane timeline</b>, one lane per agency. Shaded bands "
        "are the key practice episodes; the red line marks the incident.<br><br>"
        "The mouse wheel zooms, dragging pans, and <b>Home</b> fits everything. Selecting an "
        "event here selects it in the chronology too. <b>F5</b> presents the episodes one "
        "at a time, full screen, for a panel meeting.",
        workspace="timeline",
        target="tab",
    ),
    TourStep(
        "Analysis: what the panel makes of it",
        "The panel's work: <b>research questions</b>, <b>key practice episodes</b>, "
        "<b>findings</b> with the events that evidence them, <b>lessons</b>, "
        "<b>recommendations</b> and the <b>action plan</b>.<br><br>"
        "Each finding answers a research question and each recommendation traces back to "
        "findings; the traceability matrix shows what is not linked yet.",
        workspace="analysis",
        target="tab",
    ),
    TourStep(
        "Report: the learning products, as they will read",
        "The overview report as it will be exported, kept up to date while you work, with "
        "the 7-minute briefing. Edit links take you to the section or finding in the "
        "analysis; a cited event opens in the chronology.",
        workspace="report",
        target="tab",
    ),
    TourStep(
        "Export the report and the learning deck",
        "<b>Export</b> (File menu, or <b>Ctrl+Shift+E</b>) writes the report (PDF or Word), "
        "the learning deck (PowerPoint), the 7-minute briefing and the chronology "
        "(Excel).<br><br>A <b>publication copy</b> replaces every person by their "
        "pseudonym, and is refused while a real name or date of birth remains. Try it now: "
        "export the learning deck and open it.",
        target="export",
    ),
    TourStep(
        "Your name, backups and keys",
        "Every change is saved as you make it, and undo goes back step by step. "
        "<b>Edit ▸ Preferences</b> sets your name, which the audit trail records against "
        "each change, and how many snapshots of each review are kept.<br><br>"
        "<b>Help ▸ Keyboard Shortcuts</b> (F1) lists every key; the Help menu shows this "
        "tour again. Hover over any control to see what it does.",
    ),
)


def tour_seen(settings: Any) -> bool:
    """True once the tour has been offered (``settings`` is the window's Settings)."""
    value = settings.qs.value(SEEN_KEY, False)
    return str(value).lower() in ("1", "true", "yes")


def mark_tour_seen(settings: Any) -> None:
    settings.qs.setValue(SEEN_KEY, True)


class Outline(QWidget):
    """A coloured frame drawn over the main window around one of its parts."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("tour_outline")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, True)
        self.target: QRect | None = None
        self.hide()

    def show_around(self, rect: QRect | None) -> None:
        self.target = rect
        parent = self.parentWidget()
        if rect is None or parent is None:
            self.hide()
            return
        self.setGeometry(parent.rect())
        self.raise_()
        self.show()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.target is None:
            return
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            pen = QPen(OUTLINE, 3)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.target.adjusted(-3, -3, 3, 3), 6, 6)
        finally:
            painter.end()


class GuidedTour(QDialog):
    """The tour's card: a title, a few sentences, Back / Next / Close."""

    stepChanged = Signal(int)

    def __init__(self, main_window: QWidget, steps: tuple[TourStep, ...] = TOUR_STEPS) -> None:
        super().__init__(main_window)
        self.setObjectName("guided_tour")
        self.setWindowTitle(f"{APP_NAME}: a short tour")
        self.setModal(False)
        self.main_window = main_window
        self.steps = steps
        self.index = 0
        self.outline = Outline(main_window)

        self.counter = QLabel(self)
        self.counter.setObjectName("tour_counter")
        self.title = QLabel(self)
        self.title.setObjectName("tour_title")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.body = QLabel(self)
        self.body.setObjectName("tour_text")
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

        self.back_button = QPushButton("◀  &Back", self)
        self.back_button.setObjectName("tour_back")
        self.back_button.setToolTip("The previous step (Left arrow)")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton("&Next  ▶", self)
        self.next_button.setObjectName("tour_next")
        self.next_button.setToolTip("The next step (Right arrow)")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.close_button = QPushButton("&Close the Tour", self)
        self.close_button.setObjectName("tour_close")
        self.close_button.setToolTip("End the tour (Esc); Help shows it again")
        self.close_button.clicked.connect(self.close)

        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counter)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.setFixedWidth(440)
        main_window.installEventFilter(self)
        self._show_step()

    # -- stepping ---------------------------------------------------------------------
    @property
    def step(self) -> TourStep:
        return self.steps[self.index]

    def start(self) -> None:
        """Show the tour from its first step."""
        self.go_to(0)
        self.show()
        self.raise_()
        self.activateWindow()
        self._place()

    def go_to(self, index: int) -> None:
        self.index = max(0, min(index, len(self.steps) - 1))
        self._show_step()
        self.stepChanged.emit(self.index)

    def next(self) -> None:
        if self.index >= len(self.steps) - 1:
            self.close()
        else:
            self.go_to(self.index + 1)

    def back(self) -> None:
        self.go_to(self.index - 1)

    def _show_step(self) -> None:
        step = self.step
        last = self.index == len(self.steps) - 1
        self.counter.setText(f"Step {self.index + 1} of {len(self.steps)}")
        self.title.setText(step.title)
        self.body.setText(step.text)
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setText("&Finish" if last else "&Next  ▶")
        self.next_button.setToolTip("End the tour" if last else "The next step (Right arrow)")
        if step.workspace is not None:
            self._bring_forward(step.workspace)
        self.outline.show_around(self._target_rect(step) if self.isVisible() else None)
        self._place()

    # -- the main window --------------------------------------------------------------
    def _tabs(self) -> QTabWidget | None:
        tabs = getattr(self.main_window, "workspaces", None)
        return tabs if isinstance(tabs, QTabWidget) and tabs.count() > 0 else None

    def _bring_forward(self, workspace: str) -> None:
        tabs = self._tabs()
        index = WORKSPACE_ORDER.index(workspace)
        if tabs is not None and index < tabs.count():
            tabs.setCurrentIndex(index)

    def _target_rect(self, step: TourStep) -> QRect | None:
        window = self.main_window
        if step.target == "tab" and step.workspace is not None:
            tabs = self._tabs()
            index = WORKSPACE_ORDER.index(step.workspace)
            if tabs is None or index >= tabs.count() or not tabs.isVisible():
                return None
            bar = tabs.tabBar()
            rect = bar.tabRect(index)
            return QRect(bar.mapTo(window, rect.topLeft()), rect.size())
        if step.target is not None:
            registry = getattr(window, "registry", None)
            toolbar = getattr(window, "toolbar", None)
            if registry is None or toolbar is None or not toolbar.isVisible():
                return None
            try:
                action = registry[step.target]
            except KeyError:
                return None
            button = toolbar.widgetForAction(action)
            if button is None or not button.isVisible() or not button.isEnabled():
                return None
            return QRect(button.mapTo(window, QPoint(0, 0)), button.size())
        return None

    def _place(self) -> None:
        """Keep the card in the main window's lower right corner, clear of what it shows."""
        window = self.main_window
        if not window.isVisible():
            return
        frame = window.geometry()
        layout = self.layout()
        height = layout.heightForWidth(self.width()) if layout is not None else -1
        if height > 0:
            self.resize(self.width(), height)  # just the text: no empty space
        x = frame.right() - self.width() - 36
        y = frame.bottom() - self.height() - 56
        self.move(max(frame.left(), x), max(frame.top(), y))

    # -- events -----------------------------------------------------------------------
    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        settings = getattr(self.main_window, "settings", None)
        if settings is not None:
            mark_tour_seen(settings)
        self.outline.show_around(self._target_rect(self.step))
        self._place()

    def hideEvent(self, event: Any) -> None:
        self.outline.show_around(None)
        super().hideEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown):
            self.next()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp):
            self.back()
        else:
            super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.main_window
            and self.isVisible()
            and event.type() in (QEvent.Type.Resize, QEvent.Type.Move)
        ):
            self.outline.show_around(self._target_rect(self.step))
            self._place()
        return False


def start_tour_if_first_run(main_window: QWidget) -> GuidedTour | None:
    """Start the tour if it has never been offered on this computer; the tour, or None."""
    settings = getattr(main_window, "settings", None)
    if settings is None or tour_seen(settings):
        return None
    return show_tour(main_window)


def show_tour(main_window: QWidget) -> GuidedTour:
    """Start the tour from its first step (Help ▸ Guided Tour)."""
    existing = main_window.findChild(GuidedTour, "guided_tour")
    tour = existing if isinstance(existing, GuidedTour) else GuidedTour(main_window)
    tour.start()
    return tour
