"""The review's snapshots: list them, take one now, restore one (with confirmation).

``BackupsDialog(ctx)`` works on the open review: restoring closes it (after the snapshot
has been checked), puts the snapshot in its place and emits :attr:`BackupsDialog.restored`
with the review's path, so the main window opens it again. ``BackupsDialog(path)`` works
on a review that is not open (for instance one that no longer opens because it is
damaged); an encrypted snapshot's passphrase is then asked for.

Signals:
    restored(str, str): the review's path and the snapshot that kept the replaced file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workbench.core.backups import (
    Snapshot,
    backup_folder,
    list_snapshots,
    restore,
    restore_store,
    size_text,
    snapshot,
)
from workbench.core.errors import PassphraseRequired, WorkbenchError, WrongPassphraseError
from workbench.gui.context import ReviewContext
from workbench.gui.table_model import ReadOnlyTableModel

ModelIndex = QModelIndex | QPersistentModelIndex

#: How often a wrong passphrase may be typed before the restore is abandoned.
PASSPHRASE_ATTEMPTS = 3


class SnapshotModel(ReadOnlyTableModel):
    """A read-only table over :func:`workbench.core.backups.list_snapshots`."""

    COLUMNS = ("Taken", "Why", "Size", "Encrypted")
    SnapshotRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, review_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.review_path = review_path
        self._snaps: list[Snapshot] = []
        self._encrypted: list[bool] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self._snaps = list_snapshots(self.review_path)
        self._encrypted = [s.encrypted for s in self._snaps]
        self.endResetModel()

    def snapshot_at(self, row: int) -> Snapshot:
        return self._snaps[row]

    def rows(self) -> Sequence[Any]:
        return self._snaps

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._snaps):
            return None
        snap = self._snaps[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{snap.taken_at.astimezone():%d %b %Y %H:%M:%S}"
            if col == 1:
                return snap.label
            if col == 2:
                return size_text(snap.size)
            if col == 3:
                return "yes" if self._encrypted[index.row()] else "no"
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(snap.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == self.SnapshotRole:
            return snap
        return None


class BackupsDialog(QDialog):
    """List a review's snapshots and restore one."""

    restored = Signal(str, str)

    def __init__(
        self, ctx_or_path: ReviewContext | Path | str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if isinstance(ctx_or_path, ReviewContext):
            self.ctx: ReviewContext | None = ctx_or_path
            self.review_path = ctx_or_path.store.path
        else:
            self.ctx = None
            self.review_path = Path(ctx_or_path)
        self.setWindowTitle(f"Snapshots of {self.review_path.name}")
        self.resize(640, 420)
        self.model = SnapshotModel(self.review_path, self)

        intro = QLabel(
            "A snapshot is taken before every import and upgrade, and when the review is "
            "closed after a change. Restoring one replaces the review; the current file is "
            "kept as a snapshot first.",
            self,
        )
        intro.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.folder_label = QLabel(self)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.take_button = QPushButton("Take a snapshot now", self)
        self.take_button.setVisible(self.ctx is not None)
        self.take_button.setEnabled(self.ctx is not None and not self.ctx.store.read_only)
        self.restore_button = QPushButton("Restore…", self)
        self.folder_button = QPushButton("Show folder", self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.take_button)
        row.addWidget(self.restore_button)
        row.addWidget(self.folder_button)
        row.addStretch(1)
        row.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.folder_label)
        layout.addLayout(row)

        self.take_button.clicked.connect(self.take_snapshot)
        self.restore_button.clicked.connect(self.restore_selected)
        self.folder_button.clicked.connect(self._show_folder)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    # -- state -------------------------------------------------------------------------------
    def selected(self) -> Snapshot | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.snapshot_at(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.table.selectRow(row)

    def _update_buttons(self, *_args: object) -> None:
        self.restore_button.setEnabled(self.selected() is not None)
        folder = backup_folder(self.review_path)
        count = self.model.rowCount()
        self.folder_label.setText(
            f"{count} snapshot{'s' if count != 1 else ''} in {folder}"
            if count
            else f"No snapshots yet (they will be kept in {folder})"
        )
        self.folder_button.setEnabled(folder.is_dir())

    # -- asking (tests replace these two) --------------------------------------------------------
    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Restore a snapshot",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_passphrase(self, text: str) -> str | None:
        value, ok = QInputDialog.getText(self, "Passphrase", text, QLineEdit.EchoMode.Password)
        return value if ok else None

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, "Restore a snapshot", text)

    # -- actions ------------------------------------------------------------------------------
    def take_snapshot(self) -> Path | None:
        if self.ctx is None:
            return None
        try:
            path = snapshot(self.ctx.store, "by-hand")
        except WorkbenchError as exc:
            self.show_error(str(exc))
            return None
        self.model.reload()
        return path

    def restore_selected(self) -> bool:
        """Restore the selected snapshot after confirmation; True when it was restored."""
        snap = self.selected()
        if snap is None:
            return False
        when = f"{snap.taken_at.astimezone():%d %b %Y at %H:%M}"
        question = (
            f"Restore the snapshot taken {when} ({snap.label})?\n\n"
            + (
                "The review will be closed and replaced by the snapshot. "
                if self.ctx is not None
                else "The review will be replaced by the snapshot. "
            )
            + "Its current file is kept as a snapshot, so this can be undone by restoring "
            "that one."
        )
        if not self.confirm(question):
            return False
        passphrase: str | None = None
        for _attempt in range(PASSPHRASE_ATTEMPTS + 1):
            try:
                if self.ctx is not None:
                    kept = restore_store(self.ctx.store, snap, passphrase=passphrase)
                    self.ctx.close()
                else:
                    kept = restore(self.review_path, snap, passphrase=passphrase)
            except (PassphraseRequired, WrongPassphraseError) as exc:
                prompt = (
                    "This snapshot is encrypted. Its passphrase:"
                    if isinstance(exc, PassphraseRequired) or passphrase is None
                    else "That passphrase is wrong. Try again:"
                )
                passphrase = self.ask_passphrase(prompt)
                if passphrase is None:
                    return False
                continue
            except WorkbenchError as exc:
                self.show_error(str(exc))
                return False
            self.restored.emit(str(self.review_path), str(kept))
            self.accept()
            return True
        self.show_error("The passphrase was wrong too many times; nothing was changed.")
        return False

    def _show_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(backup_folder(self.review_path))))
