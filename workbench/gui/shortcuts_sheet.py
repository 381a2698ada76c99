"""The keyboard shortcuts sheet (Help ▸ Keyboard Shortcuts): every command that has keys,
grouped by the menu it is in, generated from the actions themselves so it is never out of
date.

:class:`ShortcutsDialog` takes the window's :class:`~workbench.gui.actions.ActionRegistry`
(or a mapping of keys to actions, or plain actions) and, optionally, more actions a window
makes itself (the panels' show/hide toggles). A search field narrows the list as you type;
"Copy" puts the whole sheet on the clipboard as text, to print or pin up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.gui.actions import MENUS, ActionRegistry

OTHER = "Other"


@dataclass(frozen=True)
class ShortcutRow:
    group: str
    command: str
    keys: str
    tip: str


def typeable(seq: QKeySequence) -> bool:
    """False for the keys of special keyboards that some platforms add to the standard
    bindings (a dedicated "Open" or "Undo" key, F13 and above): nobody types those."""
    if seq.isEmpty():
        return False
    key = seq[0].key().value  # type: ignore[index]
    if key >= Qt.Key.Key_Back.value:  # the "multimedia" keys: Back, Open, Undo, Find...
        return False
    return not Qt.Key.Key_F13.value <= key <= Qt.Key.Key_F35.value


def keys_text(action: QAction) -> str:
    """An action's key sequences as the platform writes them ("Ctrl+Z, Ctrl+Y")."""
    return ", ".join(
        seq.toString(QKeySequence.SequenceFormat.NativeText)
        for seq in action.shortcuts()
        if typeable(seq)
    )


def command_text(action: QAction) -> str:
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").rstrip(".").strip()


def shortcut_rows(
    actions: ActionRegistry | Mapping[str, QAction] | Iterable[QAction],
    extra: Mapping[str, Iterable[QAction]] | None = None,
) -> list[ShortcutRow]:
    """One row for every action that has keys, in menu order: the registry's actions under
    their menus' titles, then any others, then the ``extra`` groups."""
    if isinstance(actions, ActionRegistry):
        by_key: dict[str, QAction] = dict(actions.actions)
    elif isinstance(actions, Mapping):
        by_key = dict(actions)
    else:
        by_key = {f"#{n}": action for n, action in enumerate(actions)}
    rows: list[ShortcutRow] = []
    seen: set[int] = set()

    def add(group: str, action: QAction) -> None:
        if id(action) in seen:
            return
        seen.add(id(action))
        keys = keys_text(action)
        if keys:
            rows.append(ShortcutRow(group, command_text(action), keys, action.statusTip()))

    for title, entries in MENUS:
        group = title.replace("&", "")
        for entry in entries:
            if entry is not None and entry in by_key:
                add(group, by_key[entry])
    for action in by_key.values():
        add(OTHER, action)
    for group, more in (extra or {}).items():
        for action in more:
            add(group, action)
    return rows


def sheet_text(rows: Iterable[ShortcutRow]) -> str:
    """The sheet as plain text, one group after another."""
    lines: list[str] = []
    group = None
    rows = list(rows)
    width = max((len(r.command) for r in rows), default=10) + 2
    for row in rows:
        if row.group != group:
            if lines:
                lines.append("")
            lines.append(row.group)
            group = row.group
        lines.append(f"  {row.command:<{width}}{row.keys}")
    return "\n".join(lines) + "\n"


class ShortcutsDialog(QDialog):
    """Every command's keys, grouped by menu, with a search field."""

    def __init__(
        self,
        actions: ActionRegistry | Mapping[str, QAction] | Iterable[QAction],
        parent: QWidget | None = None,
        *,
        extra: Mapping[str, Iterable[QAction]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard Shortcuts")
        self.rows = shortcut_rows(actions, extra)

        intro = QLabel(
            "Every command is also in the menus: press Alt to reach them from the keyboard. "
            "Tab moves between the parts of a window.",
            self,
        )
        intro.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("shortcuts_search")
        self.search.setPlaceholderText("Find a command or a key…")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Type part of a command's name or of its keys to narrow the list")
        self.search.setAccessibleName("Find a shortcut")
        self.search.textChanged.connect(self.apply_filter)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("shortcuts_tree")
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setToolTip("Commands and their keys, grouped by menu")
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self._fill()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton("&Copy the List", self)
        self.copy_button.setObjectName("shortcuts_copy")
        self.copy_button.setToolTip("Copy the whole list as text, to print or keep beside you")
        self.copy_button.clicked.connect(self.copy_sheet)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setToolTip("Close this window (Esc)")
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(600, 640)
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self) -> None:
        groups: dict[str, QTreeWidgetItem] = {}
        for row in self.rows:
            parent = groups.get(row.group)
            if parent is None:
                parent = groups[row.group] = QTreeWidgetItem(self.tree, [row.group])
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                parent.setFirstColumnSpanned(True)
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                parent.setExpanded(True)
            item = QTreeWidgetItem(parent, [row.command, row.keys])
            if row.tip:
                item.setToolTip(0, row.tip)
            item.setToolTip(1, row.keys)
        self.tree.expandAll()

    def apply_filter(self, text: str) -> None:
        """Show only the commands whose name or keys contain ``text``."""
        needle = text.strip().lower()
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is None:
                continue
            shown = 0
            for c in range(group.childCount()):
                item = group.child(c)
                if item is None:
                    continue
                match = (
                    not needle or needle in item.text(0).lower() or needle in (item.text(1).lower())
                )
                item.setHidden(not match)
                shown += match
            group.setHidden(shown == 0)

    def visible_commands(self) -> list[str]:
        out = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            if group is None or group.isHidden():
                continue
            for c in range(group.childCount()):
                item = group.child(c)
                if item is not None and not item.isHidden():
                    out.append(item.text(0))
        return out

    def copy_sheet(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.setText(sheet_text(self.rows))
        self.copy_button.setText("Copied")
