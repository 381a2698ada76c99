"""The main window: the start page, or an open review's workspaces (Chronology,
Timeline, Analysis, Report) with the event details, gaps and history docks.

Opening goes through :meth:`MainWindow.open_review`, whatever started it (the file
dialog, the recent list, a dropped file, the command line): it asks for a passphrase when
the file is encrypted (again when it is wrong), offers read-only when another instance
holds the review, and turns every error into a plain message. One review is open at a
time; every change is on disk as soon as it is made, so closing never asks to save.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QActionGroup,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QToolButton,
    QUndoView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select
from sqlalchemy.orm import configure_mappers

from workbench import APP_NAME, FILE_SUFFIX, __version__
from workbench.core.commands import CreateItem, DeleteItem, Macro
from workbench.core.errors import (
    PassphraseRequired,
    ReviewFileError,
    ReviewLockedError,
    WorkbenchError,
    WrongPassphraseError,
)
from workbench.core.model import Agency, Event
from workbench.core.store import ReviewLock, ReviewStore
from workbench.gui import icons, theme
from workbench.gui.actions import ActionRegistry
from workbench.gui.chronology_view import ChronologyWorkspace
from workbench.gui.colours import AGENCY_PALETTE
from workbench.gui.context import ReviewContext, close_store
from workbench.gui.dialogs import (
    REVIEW_FILTER,
    NewReviewDialog,
    PassphraseDialog,
    PreferencesDialog,
    ask_read_only,
    show_error,
)
from workbench.gui.event_editor import EventEditor
from workbench.gui.gaps_panel import GapsPanel
from workbench.gui.report_workspace import ReportWorkspace
from workbench.gui.settings import Settings
from workbench.gui.welcome import WelcomePage
from workbench.gui.workers import Task, TaskRunner

log = logging.getLogger(__name__)

CHRONOLOGY_SUFFIXES = {".csv", ".xlsx", ".xlsm", ".xls", ".ods", ".docx", ".tsv", ".txt"}
WORKSPACES = ("chronology", "timeline", "analysis", "report")


class Unavailable(QLabel):
    """Stands in for a part of the application that is missing from this build."""

    def __init__(self, what: str, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty_state")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(True)
        self.setText(f"<p><b>{what} is not available in this build.</b></p><p>{reason}</p>")


class LazyWorkspace(QWidget):
    """A tab whose content is built the first time it is shown."""

    def __init__(self, build: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build = build
        self.content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.content is None:
            self.content = self._build()
            self._layout.addWidget(self.content)
            self.setFocusProxy(self.content)
        return self.content


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None, *, restore_layout: bool = True) -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.settings = settings or Settings()
        self.ctx: ReviewContext | None = None
        self.chronology: ChronologyWorkspace | None = None
        self.report: ReportWorkspace | None = None
        self.editor: EventEditor | None = None
        self.gaps: GapsPanel | None = None
        self._lazy: dict[str, LazyWorkspace] = {}
        #: Event docks hidden while the analysis or report workspace is shown.
        self._hidden_docks: list[QDockWidget] | None = None
        self._visible_tasks: list[Task] = []
        self.runner = TaskRunner(self)
        self.runner.started.connect(self._task_started)
        self.setWindowIcon(icons.icon("app"))
        self.setAcceptDrops(True)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )

        self.registry = ActionRegistry(self)
        self._build_central()
        self._build_docks()
        self._build_menus()
        self._build_status_bar()
        self._connect_actions()
        theme_manager = theme.current()
        if theme_manager is not None:
            theme_manager.changed.connect(self._theme_changed)
        self._update_state()
        self.resize(1400, 900)
        # The database mapping is set up once per process; do it while the user is still
        # looking at the start page rather than when the first review opens.
        self.runner.start(lambda _task: configure_mappers(), "Preparing", visible=False)
        if restore_layout:
            geometry = self.settings.window_value("geometry")
            if geometry is not None:
                self.restoreGeometry(geometry)

    # -- building ---------------------------------------------------------------------
    def _build_central(self) -> None:
        self.stack = QStackedWidget(self)
        self.welcome = WelcomePage(self.stack)
        self.welcome.newRequested.connect(self.new_review)
        self.welcome.openRequested.connect(self.open_dialog)
        self.welcome.demoRequested.connect(self.open_demo)
        self.welcome.recentRequested.connect(self.open_review)
        self.welcome.set_recent(self.settings.recent_files())
        self.workspaces = QTabWidget(self.stack)
        self.workspaces.setObjectName("workspaces")
        self.workspaces.setDocumentMode(True)
        self.workspaces.setAccessibleName("Workspaces")
        self.workspaces.currentChanged.connect(self._workspace_changed)
        self.stack.addWidget(self.welcome)
        self.stack.addWidget(self.workspaces)
        self.setCentralWidget(self.stack)

    def _build_docks(self) -> None:
        self.details_dock = QDockWidget("Event Details", self)
        self.details_dock.setObjectName("details_dock")
        self.details_scroll = QScrollArea(self.details_dock)
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.details_scroll.setAccessibleName("Event details")
        self.details_dock.setWidget(self.details_scroll)
        self.gaps_dock = QDockWidget("Gaps in Contact", self)
        self.gaps_dock.setObjectName("gaps_dock")
        self.history_dock = QDockWidget("History", self)
        self.history_dock.setObjectName("history_dock")
        self.undo_view = QUndoView(self.history_dock)
        self.undo_view.setObjectName("undo_view")
        self.undo_view.setEmptyLabel("Opened")
        self.undo_view.setAccessibleName("Undo history: select a step to go back to it")
        self.history_dock.setWidget(self.undo_view)
        for dock in (self.details_dock, self.gaps_dock, self.history_dock):
            dock.setFeatures(
                QDockWidget.DockWidgetFeature.DockWidgetClosable
                | QDockWidget.DockWidgetFeature.DockWidgetMovable
                | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            )
        self._default_dock_layout()
        for dock in (self.details_dock, self.gaps_dock, self.history_dock):
            dock.hide()
        self._default_state = self.saveState()

    def _default_dock_layout(self) -> None:
        for dock in (self.details_dock, self.gaps_dock, self.history_dock):
            dock.setFloating(False)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.splitDockWidget(self.details_dock, self.gaps_dock, Qt.Orientation.Vertical)
        self.tabifyDockWidget(self.gaps_dock, self.history_dock)
        self.gaps_dock.raise_()
        self._size_docks()

    def _size_docks(self) -> None:
        width = max(340, min(480, self.width() // 4))
        self.resizeDocks([self.details_dock], [width], Qt.Orientation.Horizontal)
        height = max(400, self.height() - 120)
        self.resizeDocks(
            [self.details_dock, self.gaps_dock],
            [int(height * 0.62), int(height * 0.38)],
            Qt.Orientation.Vertical,
        )

    def _build_menus(self) -> None:
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setIcon(icons.icon("recent"))
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        theme_group = QActionGroup(self)
        for key in ("theme_system", "theme_light", "theme_dark"):
            theme_group.addAction(self.registry[key])
        self.registry[f"theme_{self.settings.theme}"].setChecked(True)

        def add_recent(menu: QMenu) -> None:
            menu.addMenu(self.recent_menu)

        def add_docks(menu: QMenu) -> None:
            for dock, keys in (
                (self.details_dock, "Ctrl+Shift+1"),
                (self.gaps_dock, "Ctrl+Shift+2"),
                (self.history_dock, "Ctrl+Shift+3"),
            ):
                toggle = dock.toggleViewAction()
                toggle.setShortcut(QKeySequence(keys))
                menu.addAction(toggle)

        def add_theme(menu: QMenu) -> None:
            sub = menu.addMenu(icons.icon("theme"), "T&heme")
            for key in ("theme_system", "theme_light", "theme_dark"):
                sub.addAction(self.registry[key])

        self.menus = self.registry.build_menus(
            self.menuBar(), {"@recent": add_recent, "@docks": add_docks, "@theme": add_theme}
        )
        self.toolbar = QToolBar("Main Toolbar", self)
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.registry.build_toolbar(self.toolbar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.toolbar)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_review = QLabel(self)
        self.status_review.setObjectName("status_review")
        self.status_count = QLabel(self)
        self.status_count.setObjectName("status_count")
        self.status_filter = QLabel(self)
        self.status_filter.setObjectName("status_filter")
        self.status_filter.setTextFormat(Qt.TextFormat.RichText)
        self.status_filter.linkActivated.connect(lambda _h: self.clear_filter())
        self.progress_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.progress.setAccessibleName("Progress")
        self.cancel_button = QToolButton(self)
        self.cancel_button.setIcon(icons.icon("cancel"))
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Cancel this work")
        self.cancel_button.setAccessibleName("Cancel the work in progress")
        self.cancel_button.clicked.connect(self._cancel_task)
        bar.addWidget(self.status_review)
        bar.addWidget(self.status_count)
        bar.addWidget(self.status_filter, 1)
        for widget in (self.progress_label, self.progress, self.cancel_button):
            bar.addPermanentWidget(widget)
            widget.hide()

    def _connect_actions(self) -> None:
        a = self.registry
        a.connect("new_review", self.new_review)
        a.connect("open_review", self.open_dialog)
        a.connect("open_demo", self.open_demo)
        a.connect("close_review", self.close_review)
        a.connect("import_chronology", self.import_chronology)
        a.connect("export", self.export)
        a.connect("quit", self.close)
        a.connect("undo", self._undo)
        a.connect("redo", self._redo)
        a.connect("add_event", self.add_event)
        a.connect("delete_event", self.delete_events)
        a.connect("add_agency", self.add_agency)
        a.connect("find", self.find_text)
        a.connect("clear_filter", self.clear_filter)
        a.connect("preferences", self.preferences)
        for i, name in enumerate(WORKSPACES):
            a.connect(f"show_{name}", lambda i=i: self.show_workspace(i))
        a.connect("focus_table", self.focus_table)
        a.connect("focus_details", self.focus_details)
        a.connect("compact_rows", self._compact_rows)
        a["compact_rows"].setChecked(self.settings.compact_rows)
        for mode in ("system", "light", "dark"):
            a.connect(f"theme_{mode}", self._theme_chooser(mode))
        a.connect("full_screen", self._full_screen)
        a.connect("reset_layout", self.reset_layout)
        a.connect("shortcuts", self.show_shortcuts)
        a.connect("rebuild_demo", self.rebuild_demo)
        a.connect("about", self.about)
        a.connect("snapshots", self.show_snapshots)
        a.connect(
            "quarantine", lambda: self._review_dialog("quarantine_dialog", "QuarantineDialog")
        )
        a.connect(
            "corroborations",
            lambda: self._review_dialog("corroboration_dialog", "CorroborationDialog"),
        )
        a.connect("tour", self.show_tour)
        a.connect("audit_trail", self.show_audit_trail)
        a.connect("present", self.present)

    # -- state ------------------------------------------------------------------------
    def _update_state(self) -> None:
        ctx = self.ctx
        has_review = ctx is not None
        read_only = bool(ctx and ctx.read_only)
        self.registry.set_review_state(has_review, read_only)
        self.stack.setCurrentIndex(1 if has_review else 0)
        self.toolbar.setVisible(has_review)  # the start page has its own buttons
        if ctx is None:
            self.setWindowTitle(APP_NAME)
            self.status_review.setText("No review open")
            self.status_count.clear()
            self.status_filter.clear()
            self.welcome.set_recent(self.settings.recent_files())
            self._update_undo_actions()
            return
        with ctx.store.session() as s:
            title = ctx.store.review(s).title
        flags = []
        if read_only:
            flags.append("[read-only]")
        self.setWindowTitle(" ".join([title, *flags]) + f" — {APP_NAME}")
        lock = " 🔒" if ctx.store.encrypted else ""
        self.status_review.setText(f"{title}{lock}{' — read-only' if read_only else ''}")
        self.status_review.setToolTip(str(ctx.store.path))
        self._update_undo_actions()

    def _update_status(self, shown: int, total: int, description: str) -> None:
        if total == shown:
            self.status_count.setText(f"{total:,} event{'s' if total != 1 else ''}")
        else:
            self.status_count.setText(f"{shown:,} of {total:,} events")
        if description:
            self.status_filter.setText(
                f"Filter: {description.replace('<', '&lt;')} &nbsp;<a href='clear'>Clear</a>"
            )
            self.status_filter.setToolTip(description)
        else:
            self.status_filter.setText("No filter")
            self.status_filter.setToolTip("")

    def _update_undo_actions(self, *_args: object) -> None:
        undo, redo = self.registry["undo"], self.registry["redo"]
        stack = self.ctx.undo_stack if self.ctx else None
        can_undo = bool(stack and stack.canUndo() and not self.ctx.read_only)  # type: ignore[union-attr]
        can_redo = bool(stack and stack.canRedo() and not self.ctx.read_only)  # type: ignore[union-attr]
        undo.setEnabled(can_undo)
        redo.setEnabled(can_redo)
        undo.setText(f"&Undo {stack.undoText()}" if can_undo and stack else "&Undo")
        redo.setText(f"&Redo {stack.redoText()}" if can_redo and stack else "&Redo")

    def _theme_changed(self, _dark: bool) -> None:
        self.registry.refresh_icons()
        self.welcome.refresh_icons()
        self.recent_menu.setIcon(icons.icon("recent"))
        self.cancel_button.setIcon(icons.icon("cancel"))
        for index, name in enumerate(WORKSPACES):
            if index < self.workspaces.count():
                self.workspaces.setTabIcon(index, icons.icon(name))
        if self.chronology is not None:
            self.chronology.view.viewport().update()

    # -- opening and closing ----------------------------------------------------------
    def open_dialog(self) -> None:
        recent = self.settings.recent_files()
        start = str(Path(recent[0]).parent) if recent else str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self, "Open a Review", start, REVIEW_FILTER)
        if path:
            self.open_review(path)

    def open_review(self, path: str | Path, *, read_only: bool = False) -> bool:
        """Open ``path`` (closing the review that is open); False when it was not opened."""
        path = Path(path).expanduser()
        passphrase: str | None = None
        problem = ""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            while True:
                try:
                    store = ReviewStore.open(
                        path, passphrase=passphrase, read_only=read_only, ignore_lock=read_only
                    )
                    break
                except (PassphraseRequired, WrongPassphraseError) as exc:
                    if isinstance(exc, WrongPassphraseError):
                        problem = "That passphrase does not open this review. Try again."
                    QApplication.restoreOverrideCursor()
                    try:
                        passphrase = PassphraseDialog.ask(self, path, problem)
                    finally:
                        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                    if passphrase is None:
                        return False
                except ReviewLockedError as exc:
                    QApplication.restoreOverrideCursor()
                    try:
                        if not ask_read_only(self, path, exc.holder):
                            return False
                    finally:
                        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
                    read_only = True
        except (WorkbenchError, OSError) as exc:
            QApplication.restoreOverrideCursor()
            if isinstance(exc, ReviewFileError) and exc.reason == "file not found":
                self.settings.remove_recent(path)
                self.welcome.set_recent(self.settings.recent_files())
            show_error(self, exc)
            return False
        except Exception as exc:  # an unexpected database error: still a message
            QApplication.restoreOverrideCursor()
            log.exception("opening %s failed", path)
            show_error(self, exc, "The review was not opened.")
            return False
        finally:
            passphrase = None
        QApplication.restoreOverrideCursor()
        if not self.close_review():
            store.close()
            return False
        self._attach(store)
        return True

    def _attach(self, store: ReviewStore) -> None:
        if self.settings.user_name:
            store.user = self.settings.user_name
        ctx = ReviewContext(store, self)
        self.ctx = ctx
        ctx.runner.started.connect(self._task_started)
        ctx.errorOccurred.connect(lambda message: show_error(self, WorkbenchError(message)))
        ctx.itemRequested.connect(self._item_requested)
        ctx.filterRequested.connect(lambda *_a: self.show_workspace(0))
        ctx.undo_stack.canUndoChanged.connect(self._update_undo_actions)
        ctx.undo_stack.canRedoChanged.connect(self._update_undo_actions)
        ctx.undo_stack.undoTextChanged.connect(self._update_undo_actions)
        ctx.undo_stack.redoTextChanged.connect(self._update_undo_actions)
        ctx.undo_stack.indexChanged.connect(self._update_undo_actions)

        self.chronology = ChronologyWorkspace(ctx, self.workspaces)
        self.chronology.statusChanged.connect(self._update_status)
        self.chronology.contextMenuRequested.connect(self._chronology_menu)
        self.chronology.view.set_compact(self.settings.compact_rows)
        # Enter or a double click on an event goes to its details.
        self.chronology.view.activated.connect(lambda _i: self.focus_details())
        self.chronology.model.loaded.connect(self._filter_to_timeline)
        header_state = self.settings.window_value("chronology_header")
        if header_state is not None and self.settings.qs.value("chronology/custom_widths"):
            self.chronology.view.restore_header(header_state)
        self.report = ReportWorkspace(ctx, self.workspaces)
        self.report.exportRequested.connect(self.export)
        self.report.eventRequested.connect(self.show_event)
        timeline = LazyWorkspace(lambda: self._make_timeline(ctx), self.workspaces)
        analysis = LazyWorkspace(lambda: self._make_analysis(ctx), self.workspaces)
        self._lazy = {"timeline": timeline, "analysis": analysis}
        for name, widget, tip in (
            ("chronology", self.chronology, "The integrated chronology (Ctrl+1)"),
            ("timeline", timeline, "The swimlane timeline (Ctrl+2)"),
            ("analysis", analysis, "Questions, episodes, findings and recommendations (Ctrl+3)"),
            ("report", self.report, "The report's sections and the briefing (Ctrl+4)"),
        ):
            index = self.workspaces.addTab(widget, icons.icon(name), name.capitalize())
            self.workspaces.setTabToolTip(index, tip)

        self.editor = EventEditor(ctx)
        self.details_scroll.setWidget(self.editor)
        self.gaps = GapsPanel(ctx, self.chronology.model)
        self.gaps_dock.setWidget(self.gaps)
        self.undo_view.setStack(ctx.undo_stack)

        state = self.settings.window_value("state")
        if state is None or not self.restoreState(state):
            self.restoreState(self._default_state)
            self.details_dock.show()
            self.gaps_dock.show()
            self.history_dock.show()
            self.gaps_dock.raise_()
            QTimer.singleShot(0, self._size_docks)
        self.workspaces.setCurrentIndex(0)
        self.settings.add_recent(store.path)
        self._update_state()
        self.chronology.view.setFocus(Qt.FocusReason.OtherFocusReason)
        if store.migrated_from:
            self.statusBar().showMessage(
                f"The review was upgraded; a copy of the old file is at {store.backup_path}",
                15000,
            )

    def close_review(self, *, snapshot: bool = True) -> bool:
        """Close the open review (if any) and show the start page.

        A review that changed gets a rolling snapshot, written on a worker thread after
        the window has let go of the review.
        """
        ctx = self.ctx
        if ctx is None:
            return True
        if self.editor is not None:
            self.editor.commit_pending()
        self._save_layout()
        self.ctx = None
        self.undo_view.setStack(None)  # type: ignore[arg-type]
        for dock in (self.details_dock, self.gaps_dock, self.history_dock):
            dock.hide()
        self.details_scroll.takeWidget()
        old_gaps = self.gaps_dock.widget()
        self.gaps_dock.setWidget(None)  # type: ignore[arg-type]
        while self.workspaces.count():
            tab = self.workspaces.widget(0)
            self.workspaces.removeTab(0)
            if tab is not None:
                tab.deleteLater()
        for old in (self.editor, old_gaps):
            if old is not None:
                old.deleteLater()
        self.chronology = self.report = self.editor = self.gaps = None
        self._lazy = {}
        self._hidden_docks = None
        self._visible_tasks = [t for t in self._visible_tasks if t.parent() is not ctx.runner]
        self._show_progress()
        ctx.detach()
        store, keep = ctx.store, self.settings.backups_to_keep if snapshot else 0
        ctx.deleteLater()
        if keep > 0 and not store.read_only:
            task = self.runner.start(
                lambda _t: close_store(store, keep), "Taking a snapshot of the review"
            )
            task.failed.connect(
                lambda exc: self.statusBar().showMessage(
                    f"The review was closed, but its snapshot could not be written: {exc}", 15000
                )
            )
        else:
            close_store(store)
        self._update_state()
        return True

    def _save_layout(self) -> None:
        if self._hidden_docks is not None:  # save the layout the user chose, docks shown
            for dock in self._hidden_docks:
                dock.show()
            self._hidden_docks = None
        if self.ctx is not None:
            self.settings.set_window_value("state", self.saveState())
            if self.chronology is not None:
                self.settings.set_window_value(
                    "chronology_header", self.chronology.view.horizontalHeader().saveState()
                )
                self.settings.qs.setValue(
                    "chronology/custom_widths", not self.chronology.view.auto_fit
                )
        self.settings.set_window_value("geometry", self.saveGeometry())

    def new_review(self) -> None:
        recent = self.settings.recent_files()
        folder = Path(recent[0]).parent if recent else Path.home()
        dialog = NewReviewDialog(self, folder if folder.is_dir() else Path.home())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        request = dialog.request()
        dialog.deleteLater()
        try:
            store = ReviewStore.create(
                request.path,
                title=request.title,
                review_type=request.review_type,
                board=request.board,
                passphrase=request.passphrase,
                gap_threshold_days=self.settings.gap_threshold_days,
            )
        except (WorkbenchError, OSError) as exc:
            show_error(self, exc, "The review was not created.")
            return
        if not self.close_review():
            store.close()
            return
        self._attach(store)

    def open_demo(self) -> None:
        from workbench.demo import default_demo_path

        path = default_demo_path()
        if path.exists() and path.stat().st_size > 0:
            if self.open_review(path):
                self._first_run_tour()
                return
            if ReviewLock(path).holder() is not None:
                return
        self._build_demo(path)

    def _first_run_tour(self) -> None:
        """The guided tour, offered the first time the demo is opened on this computer."""
        try:
            from workbench.gui.tour import start_tour_if_first_run
        except ImportError:
            return
        QTimer.singleShot(300, self, lambda: start_tour_if_first_run(self))

    def rebuild_demo(self) -> None:
        from workbench.demo import default_demo_path

        path = default_demo_path()
        if self.ctx is not None and self.ctx.store.path.resolve() == path.resolve():
            self.close_review()
        holder = ReviewLock(path).holder() if path.exists() else None
        if holder is not None:
            show_error(
                self, ReviewLockedError(path, holder), "Close it there first, then rebuild it."
            )
            return
        self._build_demo(path)

    def _build_demo(self, path: Path) -> None:
        from workbench.demo import build_demo

        def work(task: Task) -> Path:
            task.report(-1, "Building the demo review")
            return build_demo(
                path, overwrite=True, progress=lambda message: task.report(-1, message)
            )

        def failed(exc: object) -> None:
            show_error(
                self,
                exc if isinstance(exc, BaseException) else Exception(str(exc)),
                "The demo review could not be built.",
            )

        def cancelled() -> None:
            for suffix in ("", "-wal", "-shm", ".lock"):
                with contextlib.suppress(OSError):
                    Path(str(path) + suffix).unlink()
            self.statusBar().showMessage("Building the demo review was cancelled.", 8000)

        def built(result: object) -> None:
            if self.open_review(Path(str(result))):
                self._first_run_tour()

        task = self.runner.start(work, "Building the demo review")
        task.succeeded.connect(built)
        task.failed.connect(failed)
        task.cancelled.connect(cancelled)

    # -- progress ---------------------------------------------------------------------
    def _task_started(self, task: Task) -> None:
        self._visible_tasks.append(task)
        task.progress.connect(
            lambda percent, message, t=task: self._task_progress(t, percent, message)
        )
        task.finished.connect(lambda t=task: self._task_finished(t))
        self._show_progress()

    def _task_progress(self, task: Task, percent: int, message: str) -> None:
        if self._visible_tasks and self._visible_tasks[-1] is task:
            self._show_progress(percent, message)

    def _task_finished(self, task: Task) -> None:
        if task in self._visible_tasks:
            self._visible_tasks.remove(task)
        self._show_progress()

    def _show_progress(self, percent: int = -1, message: str = "") -> None:
        busy = bool(self._visible_tasks)
        for widget in (self.progress_label, self.progress, self.cancel_button):
            widget.setVisible(busy)
        if not busy:
            return
        task = self._visible_tasks[-1]
        self.progress_label.setText(message or task.label)
        if percent < 0:
            self.progress.setRange(0, 0)
        else:
            self.progress.setRange(0, 100)
            self.progress.setValue(percent)

    def _cancel_task(self) -> None:
        if self._visible_tasks:
            self._visible_tasks[-1].cancel()
            self.progress_label.setText("Cancelling…")

    # -- workspaces -------------------------------------------------------------------
    def show_workspace(self, index: int) -> None:
        if self.ctx is not None and 0 <= index < self.workspaces.count():
            self.workspaces.setCurrentIndex(index)
            self.workspaces.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _event_docks(self) -> tuple[QDockWidget, ...]:
        return (self.details_dock, self.gaps_dock, self.history_dock)

    def _workspace_changed(self, index: int) -> None:
        widget = self.workspaces.widget(index)
        # The event docks serve the chronology and the timeline; the analysis and the
        # report get the whole width, and the docks come back as they were.
        event_workspace = widget is self.chronology or widget is self._lazy.get("timeline")
        if not event_workspace and self._hidden_docks is None:
            self._hidden_docks = [d for d in self._event_docks() if d.isVisible()]
            for dock in self._hidden_docks:
                dock.hide()
        elif event_workspace and self._hidden_docks is not None:
            for dock in self._hidden_docks:
                dock.show()
            self._hidden_docks = None
        if isinstance(widget, LazyWorkspace):
            fresh = widget.content is None
            widget.ensure()
            if fresh and widget is self._lazy.get("timeline"):
                self._filter_to_timeline()

    def _make_timeline(self, ctx: ReviewContext) -> QWidget:
        try:
            from workbench.gui.timeline_host import TimelineHost
        except ImportError as exc:
            return Unavailable("The timeline", f"A part is missing: {exc.name or exc}.")
        return TimelineHost(ctx)

    def _make_analysis(self, ctx: ReviewContext) -> QWidget:
        try:
            from workbench.gui.analysis.workspace import AnalysisWorkspace
        except ImportError as exc:
            return Unavailable("The analysis workspace", f"A part is missing: {exc.name or exc}.")
        return AnalysisWorkspace(ctx)

    def _item_requested(self, kind: str, item_id: int) -> None:
        analysis = self._lazy.get("analysis")
        if analysis is None:
            return
        fresh = analysis.content is None
        content = analysis.ensure()
        self.workspaces.setCurrentWidget(analysis)
        if fresh and self.ctx is not None and not isinstance(content, Unavailable):
            # Built just now, after the request: ask again so it can show the item.
            QTimer.singleShot(0, self, lambda: self._request_again(kind, item_id))

    def _filter_to_timeline(self) -> None:
        """The timeline highlights what the chronology's filter shows."""
        host = self._lazy.get("timeline")
        chronology = self.chronology
        if host is None or chronology is None or host.content is None:
            return
        highlight = getattr(host.content, "highlight", None)
        if highlight is None:
            return
        if chronology.model.filter.is_empty():
            highlight(None)
        else:
            highlight(list(chronology.model.event_ids()), chronology.filter_bar.describe())

    def show_event(self, event_id: int) -> None:
        """Select ``event_id`` and show it in the chronology (clearing a filter hiding it)."""
        if self.ctx is None or self.chronology is None:
            return
        if (
            self.chronology.model.row_of(event_id) < 0
            and not self.chronology.model.filter.is_empty()
        ):
            self.chronology.clear_filter()
        self.ctx.select_events([event_id], self)
        self.chronology.view.select_events([event_id])
        self.show_workspace(0)

    def _request_again(self, kind: str, item_id: int) -> None:
        if self.ctx is not None:
            self.ctx.itemRequested.emit(kind, item_id)

    def focus_table(self) -> None:
        if self.chronology is not None:
            self.show_workspace(0)
            self.chronology.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_details(self) -> None:
        if self.editor is not None:
            self.details_dock.show()
            self.details_dock.raise_()
            self.editor.focus_first_field()

    def find_text(self) -> None:
        if self.chronology is not None:
            self.show_workspace(0)
            self.chronology.focus_search()

    def clear_filter(self) -> None:
        if self.chronology is not None:
            self.chronology.clear_filter()

    # -- editing ----------------------------------------------------------------------
    def _undo(self) -> None:
        if self.ctx is not None:
            self._commit_editors()
            self.ctx.undo_stack.undo()

    def _redo(self) -> None:
        if self.ctx is not None:
            self.ctx.undo_stack.redo()

    def _commit_editors(self) -> None:
        if self.editor is not None:
            self.editor.commit_pending()

    def _push(self, command: Any) -> bool:
        assert self.ctx is not None
        try:
            return self.ctx.push(command)
        except (WorkbenchError, OSError) as exc:
            show_error(self, exc)
            return False

    def add_event(self) -> None:
        ctx = self.ctx
        if ctx is None or ctx.read_only:
            return
        with ctx.store.session() as s:
            near = s.get(Event, ctx.selected_event_ids[0]) if ctx.selected_event_ids else None
            agency_id = (
                near.agency_id
                if near
                else s.scalar(select(Agency.id).order_by(Agency.sort_order, Agency.id).limit(1))
            )
            values: dict[str, Any] = {"date_text": "unknown", "date_precision": "unknown"}
            if near is not None:
                values = {
                    "date_text": near.date_text,
                    "date_earliest": near.date_earliest,
                    "date_latest": near.date_latest,
                    "date_precision": near.date_precision,
                    "date_approximate": near.date_approximate,
                    "date_doubtful": near.date_doubtful,
                    "sequence": (near.sequence + 0.5) if near.sequence is not None else None,
                }
        if agency_id is None:
            answer = QMessageBox.question(
                self,
                "Add Event",
                "An event belongs to an agency, and this review has none yet. Add one now?",
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.add_agency()
            return
        command = CreateItem(Event, {"agency_id": agency_id, **values}, "Add event")
        if self._push(command) and command.item_id is not None:
            ctx.select_events([command.item_id], self)
            self.focus_details()

    def delete_events(self) -> None:
        ctx = self.ctx
        if ctx is None or ctx.read_only or not ctx.selected_event_ids:
            return
        ids = list(ctx.selected_event_ids)
        if len(ids) == 1:
            with ctx.store.session() as s:
                event = s.get(Event, ids[0])
                label = f"Delete event of {event.date_text}" if event else "Delete event"
            command: Any = DeleteItem(Event, ids[0], label)
        else:
            if len(ids) > 20:
                answer = QMessageBox.question(
                    self,
                    "Delete Events",
                    f"Delete {len(ids):,} events? You can undo this (Ctrl+Z).",
                )
                if answer != QMessageBox.StandardButton.Yes:
                    return
            command = Macro(f"Delete {len(ids)} events", [DeleteItem(Event, i) for i in ids])
        if self._push(command):
            ctx.select_events([], self)
            self.statusBar().showMessage(
                f"{command.label}. Undo with {QKeySequence(QKeySequence.StandardKey.Undo).toString(QKeySequence.SequenceFormat.NativeText)}.",
                8000,
            )

    def add_agency(self) -> None:
        ctx = self.ctx
        if ctx is None or ctx.read_only:
            return
        name, ok = QInputDialog.getText(self, "Add Agency", "The agency's name:")
        name = name.strip()
        if not ok or not name:
            return
        with ctx.store.session() as s:
            count = int(s.scalar(select(func.count()).select_from(Agency)) or 0)
            exists = s.scalar(select(Agency.id).where(func.lower(Agency.name) == name.lower()))
        if exists is not None:
            show_error(self, WorkbenchError(f"there is already an agency called {name}"))
            return
        initials = "".join(w[0] for w in name.split() if w[:1].isalpha()).upper()[:6]
        self._push(
            CreateItem(
                Agency,
                {
                    "name": name,
                    "short_name": initials or name[:6],
                    "colour": AGENCY_PALETTE[count % len(AGENCY_PALETTE)],
                    "sort_order": count,
                },
                f"Add agency {name}",
            )
        )

    def _chronology_menu(self, menu: QMenu) -> None:
        for key in (
            "add_event",
            "delete_event",
            None,
            "focus_details",
            None,
            "find",
            "clear_filter",
        ):
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(self.registry[key])

    # -- import and export ------------------------------------------------------------
    def import_chronology(self, path: str | None = None) -> None:
        if self.ctx is None or self.ctx.read_only:
            return
        try:
            from workbench.gui.import_wizard import ImportWizard
        except ImportError as exc:
            self._not_available("Importing a chronology", exc)
            return
        wizard = ImportWizard(self.ctx, path, self)
        self._run_dialog(wizard)

    def export(self) -> None:
        if self.ctx is None:
            return
        try:
            from workbench.gui.export_dialog import ExportDialog
        except ImportError as exc:
            self._not_available("Exporting", exc)
            return
        self._run_dialog(ExportDialog(self.ctx, self))

    def _run_dialog(self, widget: QWidget) -> None:
        if isinstance(widget, QDialog):
            widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            widget.exec()
        else:
            widget.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            widget.show()

    def _not_available(self, what: str, exc: Exception) -> None:
        QMessageBox.information(
            self,
            APP_NAME,
            f"{what} is not available in this build (a part is missing: "
            f"{getattr(exc, 'name', None) or exc}).",
        )

    def show_snapshots(self) -> None:
        if self.ctx is None:
            return
        try:
            from workbench.gui.backups_dialog import BackupsDialog
        except ImportError as exc:
            self._not_available("Snapshots", exc)
            return
        dialog = BackupsDialog(self.ctx, self)
        dialog.restored.connect(self._snapshot_restored)
        self._run_dialog(dialog)

    def _snapshot_restored(self, review_path: str, _kept: str) -> None:
        """The dialog put a snapshot in the review's place (the old review is closed)."""
        self.close_review(snapshot=False)
        QTimer.singleShot(0, self, lambda: self.open_review(review_path))

    def show_audit_trail(self) -> None:
        if self.ctx is None:
            return
        try:
            from workbench.gui.audit_view import AuditDialog
        except ImportError as exc:
            self._not_available("The audit trail", exc)
            return
        self._run_dialog(AuditDialog(self.ctx, self))

    def present(self) -> None:
        """The key practice episodes one at a time, full screen, for a panel meeting."""
        if self.ctx is None:
            return
        try:
            from workbench.gui.presentation import PresentationWindow
            from workbench.timeline.layout import build_layout
            from workbench.timeline.source import load_episodes, load_timeline
        except ImportError as exc:
            self._not_available("Presentation mode", exc)
            return
        with self.ctx.store.session() as s:
            events, lanes, bands, milestones = load_timeline(s, lanes="agency")
            episodes = load_episodes(s)
        if not events:
            QMessageBox.information(
                self, APP_NAME, "There is nothing to present: no event has a known date."
            )
            return
        window = PresentationWindow(build_layout(events, lanes, bands, milestones), episodes)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self._presentation = window
        window.show()

    # -- drag and drop ----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        if path.suffix.lower() == FILE_SUFFIX:
            QTimer.singleShot(0, self, lambda: self.open_review(path))
        else:
            QTimer.singleShot(0, self, lambda: self.import_chronology(str(path)))

    def _dropped_file(self, event: QDragEnterEvent | QDropEvent) -> Path | None:
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        urls = [u for u in mime.urls() if u.isLocalFile()]
        if len(urls) != 1:
            return None
        path = Path(urls[0].toLocalFile())
        suffix = path.suffix.lower()
        if suffix == FILE_SUFFIX:
            return path
        if suffix in CHRONOLOGY_SUFFIXES and self.ctx is not None and not self.ctx.read_only:
            return path
        return None

    # -- preferences and help ---------------------------------------------------------
    def preferences(self) -> None:
        dialog = PreferencesDialog(self.settings, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            dialog.save()
            self.registry[f"theme_{self.settings.theme}"].setChecked(True)
            self._set_theme(self.settings.theme)
            if self.ctx is not None and self.settings.user_name:
                self.ctx.store.user = self.settings.user_name
        dialog.deleteLater()

    def _theme_chooser(self, mode: str) -> Callable[[bool], None]:
        def choose(on: bool) -> None:
            if on:
                self._set_theme(mode)

        return choose

    def _set_theme(self, mode: str) -> None:
        self.settings.theme = mode
        manager = theme.current()
        if manager is not None and (manager.mode != mode):
            manager.apply(mode)

    def _compact_rows(self, on: bool) -> None:
        self.settings.compact_rows = on
        if self.chronology is not None:
            self.chronology.view.set_compact(on)

    def _full_screen(self, on: bool) -> None:
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def reset_layout(self) -> None:
        self.settings.reset_window()
        visible = self.ctx is not None
        self._default_dock_layout()
        for dock in (self.details_dock, self.gaps_dock, self.history_dock):
            dock.setVisible(visible)
        self.gaps_dock.raise_()
        self._size_docks()
        if self.chronology is not None:
            self.chronology.view.reset_column_widths()

    def _review_dialog(self, module: str, name: str) -> None:
        """A dialog over the open review, ``workbench.gui.<module>.<name>(ctx, parent)``."""
        if self.ctx is None:
            return
        try:
            dialog_class = getattr(importlib.import_module(f"workbench.gui.{module}"), name)
        except (ImportError, AttributeError) as exc:
            self._not_available(name, exc)
            return
        self._run_dialog(dialog_class(self.ctx, self))

    def show_shortcuts(self) -> None:
        try:
            from workbench.gui.shortcuts_sheet import ShortcutsDialog
        except ImportError as exc:
            self._not_available("The keyboard shortcuts sheet", exc)
            return
        docks = [
            d.toggleViewAction() for d in (self.details_dock, self.gaps_dock, self.history_dock)
        ]
        self._run_dialog(ShortcutsDialog(self.registry, self, extra={"View": docks}))

    def show_tour(self) -> None:
        try:
            from workbench.gui.tour import show_tour
        except ImportError as exc:
            self._not_available("The guided tour", exc)
            return
        show_tour(self)

    def about(self) -> None:
        try:
            from workbench.gui.about import AboutDialog
        except ImportError:
            QMessageBox.about(
                self,
                f"About {APP_NAME}",
                f"<h3>{APP_NAME} {__version__}</h3><p>Integrated chronologies, analysis "
                "and learning products for multi-agency safeguarding case reviews.</p>",
            )
            return
        self._run_dialog(AboutDialog(self))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.recent_files()
        for n, file in enumerate(files, start=1):
            path = Path(file)
            action = self.recent_menu.addAction(f"&{n % 10} {path.name}")
            action.setToolTip(file)
            action.setEnabled(path.exists())
            action.triggered.connect(lambda _c=False, f=file: self.open_review(f))
        if not files:
            self.recent_menu.addAction("No recent reviews").setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            clear = self.recent_menu.addAction("Clear the List")
            clear.triggered.connect(self._clear_recent)

    def _clear_recent(self) -> None:
        self.settings.clear_recent()
        self.welcome.set_recent([])

    def open_url(self, url: str) -> None:
        QDesktopServices.openUrl(QUrl(url))

    # -- window events ----------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange:
            self.registry["full_screen"].blockSignals(True)
            self.registry["full_screen"].setChecked(self.isFullScreen())
            self.registry["full_screen"].blockSignals(False)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_layout()
        self.runner.cancel_all()
        self.close_review()
        self.runner.pool.waitForDone(120_000)  # a snapshot being written is finished
        self.settings.sync()
        event.accept()

    def saved_state(self) -> QByteArray | None:
        return self.settings.window_value("state")
