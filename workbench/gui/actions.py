"""The one actions registry: every command a user can give, with its text, icon,
shortcut and tip, declared once.

Menus, the toolbar, context menus and the keyboard-shortcut help are all built from
:data:`SPECS`, :data:`MENUS` and :data:`TOOLBAR`; a window connects the actions by key
(``registry.connect("open_review", self.open_dialog)``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from workbench.gui import icons


@dataclass(frozen=True)
class ActionSpec:
    key: str
    text: str
    shortcuts: tuple[Keys, ...] = ()
    icon: str | None = None
    tip: str = ""
    checkable: bool = False
    #: Needs an open review (disabled on the welcome page).
    needs_review: bool = False
    #: Changes data (disabled when the review is read-only).
    edits: bool = False
    role: QAction.MenuRole = QAction.MenuRole.TextHeuristicRole


Keys = str | QKeySequence.StandardKey
_Std = QKeySequence.StandardKey


def key_sequences(keys: tuple[Keys, ...]) -> list[QKeySequence]:
    """The platform's bindings for standard keys, then the plain ones (needs a QApplication)."""
    out: list[QKeySequence] = []
    for key in keys:
        found = (
            QKeySequence.keyBindings(key)
            if isinstance(key, QKeySequence.StandardKey)
            else [QKeySequence(key)]
        )
        out.extend(seq for seq in found if not seq.isEmpty() and seq not in out)
    return out


SPECS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("new_review", "&New Review…", (_Std.New,), "new", "Create a new review file"),
    ActionSpec("open_review", "&Open Review…", (_Std.Open,), "open", "Open a review file"),
    ActionSpec(
        "open_demo",
        "Open the &Demo Review",
        ("Ctrl+Shift+D",),
        "demo",
        "Open the Case Z demo review (built on first use)",
    ),
    ActionSpec(
        "close_review",
        "&Close Review",
        (_Std.Close,),
        "close",
        "Close the review and return to the start page",
        needs_review=True,
    ),
    ActionSpec(
        "import_chronology",
        "&Import Chronology…",
        ("Ctrl+I",),
        "import",
        "Import an agency's chronology (spreadsheet, CSV or Word table)",
        needs_review=True,
        edits=True,
    ),
    ActionSpec(
        "export",
        "&Export…",
        ("Ctrl+Shift+E",),
        "export",
        "Export the report, slides, briefing or chronology",
        needs_review=True,
    ),
    ActionSpec(
        "quarantine",
        "&Quarantined Rows…",
        (),
        "quarantine",
        "Rows an import could not accept: fix and release them",
        needs_review=True,
    ),
    ActionSpec(
        "corroborations",
        "&Corroborations…",
        (),
        "corroborated",
        "The same contact recorded by two agencies: confirm or dismiss",
        needs_review=True,
    ),
    ActionSpec(
        "snapshots",
        "&Snapshots…",
        (),
        "restore",
        "The review's snapshots: take one now, or restore one",
        needs_review=True,
    ),
    ActionSpec(
        "audit_trail",
        "&Audit Trail…",
        (),
        "history",
        "Who changed what, and when",
        needs_review=True,
    ),
    ActionSpec(
        "quit",
        "&Quit",
        (_Std.Quit, "Ctrl+Q"),
        "quit",
        "Quit the application",
        role=QAction.MenuRole.QuitRole,
    ),
    # Edit
    ActionSpec("undo", "&Undo", (_Std.Undo,), "undo", "Undo the last change", needs_review=True),
    ActionSpec(
        "redo",
        "&Redo",
        (_Std.Redo, "Ctrl+Y"),
        "redo",
        "Redo the change undone last",
        needs_review=True,
    ),
    ActionSpec(
        "add_event",
        "&Add Event",
        ("Ctrl+Shift+N", "Ins"),
        "add_event",
        "Add an event to the chronology",
        needs_review=True,
        edits=True,
    ),
    ActionSpec(
        "delete_event",
        "&Delete Event",
        ("Ctrl+Del",),
        "delete",
        "Delete the selected events (undo brings them back)",
        needs_review=True,
        edits=True,
    ),
    ActionSpec(
        "add_agency",
        "Add A&gency…",
        (),
        "agency",
        "Add an agency to the review",
        needs_review=True,
        edits=True,
    ),
    ActionSpec(
        "find", "&Find…", (_Std.Find,), "search", "Search the chronology's text", needs_review=True
    ),
    ActionSpec(
        "clear_filter",
        "C&lear Filter",
        ("Ctrl+Shift+X",),
        "clear_filter",
        "Show every event again",
        needs_review=True,
    ),
    ActionSpec(
        "preferences",
        "&Preferences…",
        ("Ctrl+,",),
        "preferences",
        "Your name, theme, gap threshold and backups",
        role=QAction.MenuRole.PreferencesRole,
    ),
    # View
    ActionSpec(
        "show_chronology",
        "&Chronology",
        ("Ctrl+1",),
        "chronology",
        "Show the chronology",
        needs_review=True,
    ),
    ActionSpec(
        "show_timeline",
        "&Timeline",
        ("Ctrl+2",),
        "timeline",
        "Show the swimlane timeline",
        needs_review=True,
    ),
    ActionSpec(
        "show_analysis",
        "&Analysis",
        ("Ctrl+3",),
        "analysis",
        "Show the analysis: questions, episodes, findings, recommendations",
        needs_review=True,
    ),
    ActionSpec(
        "show_report",
        "&Report",
        ("Ctrl+4",),
        "report",
        "Show the report's sections and the briefing",
        needs_review=True,
    ),
    ActionSpec(
        "present",
        "&Present Episodes",
        ("F5",),
        "present",
        "The timeline full screen, one key practice episode at a time",
        needs_review=True,
    ),
    ActionSpec(
        "focus_table",
        "Go to the Chronology &Table",
        ("Ctrl+T",),
        None,
        "Move the keyboard focus to the chronology table",
        needs_review=True,
    ),
    ActionSpec(
        "focus_details",
        "Go to the Event &Details",
        ("F2",),
        "details",
        "Move the keyboard focus to the selected event's details",
        needs_review=True,
    ),
    ActionSpec(
        "compact_rows",
        "Co&mpact Rows",
        ("Ctrl+Shift+R",),
        "rows",
        "One line of text a row instead of three",
        checkable=True,
    ),
    ActionSpec(
        "theme_system",
        "Follow the &System",
        (),
        None,
        "Light or dark as the desktop is",
        checkable=True,
    ),
    ActionSpec("theme_light", "&Light", (), None, "Always light", checkable=True),
    ActionSpec("theme_dark", "&Dark", (), None, "Always dark", checkable=True),
    ActionSpec(
        "full_screen",
        "&Full Screen",
        (_Std.FullScreen, "F11"),
        "fullscreen",
        "Use the whole screen",
        checkable=True,
    ),
    ActionSpec(
        "reset_layout", "Reset &Layout", (), "layout", "Put the panels back where they started"
    ),
    # Help
    ActionSpec(
        "shortcuts", "&Keyboard Shortcuts", ("F1",), "keyboard", "Every command and its keys"
    ),
    ActionSpec("tour", "Guided &Tour", (), "help", "What each workspace is for, step by step"),
    ActionSpec(
        "rebuild_demo",
        "Re&build the Demo Review",
        (),
        "restore",
        "Build the Case Z demo review again from its sources",
    ),
    ActionSpec(
        "about", "&About", (), "about", "Version and licence", role=QAction.MenuRole.AboutRole
    ),
)

SPEC_BY_KEY = {spec.key: spec for spec in SPECS}

#: Menu titles and their entries; None is a separator, "@recent"/"@docks" are filled in
#: by the window (recent reviews, dock toggles).
MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    (
        "&File",
        (
            "new_review",
            "open_review",
            "@recent",
            "open_demo",
            None,
            "import_chronology",
            "export",
            None,
            "close_review",
            None,
            "quit",
        ),
    ),
    (
        "&Edit",
        (
            "undo",
            "redo",
            None,
            "add_event",
            "delete_event",
            None,
            "find",
            "clear_filter",
            None,
            "preferences",
        ),
    ),
    (
        "&View",
        (
            "show_chronology",
            "show_timeline",
            "show_analysis",
            "show_report",
            "present",
            None,
            "focus_table",
            "focus_details",
            None,
            "@docks",
            None,
            "compact_rows",
            "@theme",
            "full_screen",
            "reset_layout",
        ),
    ),
    (
        "&Review",
        ("add_agency", None, "quarantine", "corroborations", None, "snapshots", "audit_trail"),
    ),
    ("&Help", ("shortcuts", "tour", None, "rebuild_demo", None, "about")),
)

TOOLBAR: tuple[str | None, ...] = (
    "new_review",
    "open_review",
    None,
    "undo",
    "redo",
    None,
    "add_event",
    "delete_event",
    None,
    "import_chronology",
    "export",
)


class ActionRegistry(QObject):
    """Creates every QAction of :data:`SPECS` for one window."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.actions: dict[str, QAction] = {}
        for spec in SPECS:
            action = QAction(spec.text, window)
            action.setObjectName(f"action_{spec.key}")
            sequences = key_sequences(spec.shortcuts)
            if sequences:
                action.setShortcuts(sequences)
                action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            tip = spec.tip
            if sequences:
                keys = sequences[0].toString(QKeySequence.SequenceFormat.NativeText)
                tip = f"{tip} ({keys})" if tip else keys
            action.setToolTip(tip)
            action.setStatusTip(spec.tip)
            action.setCheckable(spec.checkable)
            action.setMenuRole(spec.role)
            window.addAction(action)
            self.actions[spec.key] = action
        self.refresh_icons()

    def __getitem__(self, key: str) -> QAction:
        return self.actions[key]

    def connect(self, key: str, slot: Callable[..., object]) -> None:  # type: ignore[override]
        action = self.actions[key]
        if action.isCheckable():
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())

    def refresh_icons(self) -> None:
        for spec in SPECS:
            if spec.icon:
                self.actions[spec.key].setIcon(icons.icon(spec.icon))

    def set_review_state(self, has_review: bool, read_only: bool) -> None:
        for spec in SPECS:
            if spec.key in ("undo", "redo"):
                continue  # follow the undo stack
            enabled = (not spec.needs_review or has_review) and not (spec.edits and read_only)
            self.actions[spec.key].setEnabled(enabled)

    def build_menus(
        self, bar: QMenuBar, special: dict[str, Callable[[QMenu], None]]
    ) -> dict[str, QMenu]:
        menus: dict[str, QMenu] = {}
        for title, entries in MENUS:
            menu = bar.addMenu(title)
            menu.setObjectName("menu_" + title.replace("&", "").lower())
            for entry in entries:
                if entry is None:
                    menu.addSeparator()
                elif entry.startswith("@"):
                    special[entry](menu)
                else:
                    menu.addAction(self.actions[entry])
            menus[title.replace("&", "")] = menu
        return menus

    def build_toolbar(self, toolbar: QToolBar) -> None:
        for entry in TOOLBAR:
            if entry is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(self.actions[entry])

    def shortcut_table(self) -> list[tuple[str, str, str]]:
        """(menu, command, keys) for every action that has keys, for the help."""
        rows = []
        for title, entries in MENUS:
            for entry in entries:
                if entry is None or entry.startswith("@"):
                    continue
                action = self.actions[entry]
                keys = ", ".join(
                    s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
                )
                rows.append((title.replace("&", ""), action.text().replace("&", ""), keys))
        return rows
