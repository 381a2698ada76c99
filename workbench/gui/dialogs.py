"""The application's dialogs (laid out in Qt Designer: ``ui/*.ui``) and message boxes.

Errors from the core reach the user through :func:`show_error`: one plain sentence and
what can be done about it, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from workbench import FILE_SUFFIX
from workbench.core.errors import ReviewFileError, WorkbenchError
from workbench.core.model import ReviewType
from workbench.gui.forms.ui_new_review_dialog import Ui_NewReviewDialog
from workbench.gui.forms.ui_passphrase_dialog import Ui_PassphraseDialog
from workbench.gui.forms.ui_preferences_dialog import Ui_PreferencesDialog
from workbench.gui.settings import THEMES, Settings

REVIEW_FILTER = f"Reviews (*{FILE_SUFFIX});;All files (*)"
MIN_PASSPHRASE = 8


def error_text(exc: BaseException) -> tuple[str, str]:
    """(headline, detail) for an error, in words for a person."""
    if isinstance(exc, ReviewFileError):
        return f"“{Path(exc.path).name}” cannot be opened", _sentence(exc.reason)
    if isinstance(exc, WorkbenchError):
        return "That could not be done", _sentence(str(exc))
    if isinstance(exc, PermissionError):
        return "Permission denied", _sentence(
            f"{exc.filename or 'The file'}: you do not have permission to use it"
        )
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return "A file problem stopped this", _sentence(f"{where}{exc.strerror or exc}")
    return "Something went wrong", _sentence(
        f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    )


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def show_error(parent: QWidget | None, exc: BaseException, doing: str = "") -> None:
    headline, detail = error_text(exc)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Case Review Workbench")
    box.setText(f"<b>{_escape(headline)}</b>")
    info = detail
    if doing:
        info = f"{detail}\n\n{doing}" if detail else doing
    box.setInformativeText(info)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def ask_read_only(parent: QWidget | None, path: Path, holder: str) -> bool:
    """The review is locked by another instance: open it read-only instead?"""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Review already open")
    box.setText(f"<b>“{_escape(path.name)}” is already open elsewhere</b>")
    box.setInformativeText(
        f"It is open {holder}. Two people editing one review at once could lose work.\n\n"
        "You can open it read-only to look at it, or cancel."
    )
    read_only = box.addButton("Open &Read-Only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only


class PassphraseDialog(QDialog):
    """Asks for a review's passphrase (never stored)."""

    def __init__(self, path: Path, error: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PassphraseDialog()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        self.setWindowTitle(f"Passphrase for {path.name}")
        self.ui.message_label.setText(
            f"“{path.name}” is encrypted (or it is not a review file). "
            "Enter its passphrase to open it."
        )
        self.ui.error_label.setText(error)
        self.ui.error_label.setProperty("feedback", "error")
        self.ui.error_label.setVisible(bool(error))
        self.ui.show_check.toggled.connect(
            lambda on: self.ui.passphrase_edit.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        self.ui.passphrase_edit.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        ok = self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.ui.passphrase_edit.text()))

    def passphrase(self) -> str:
        return self.ui.passphrase_edit.text()

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path, error: str = "") -> str | None:
        dialog = cls(path, error, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.passphrase()
            return None
        finally:
            dialog.ui.passphrase_edit.clear()
            dialog.deleteLater()


@dataclass
class NewReviewRequest:
    path: Path
    title: str
    review_type: str
    board: str
    passphrase: str | None


class NewReviewDialog(QDialog):
    """Title, type, board, where to save, and optional encryption of a new review."""

    def __init__(self, parent: QWidget | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_NewReviewDialog()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        self.folder = folder or Path.home()
        for review_type in ReviewType:
            self.ui.type_combo.addItem(review_type.label, review_type.value)
        self.ui.type_combo.setCurrentIndex(self.ui.type_combo.findData(ReviewType.CSPR.value))
        self.ui.message_label.setProperty("feedback", "error")
        self.ui.browse_button.clicked.connect(self._browse)
        self.ui.button_box.accepted.connect(self._accept)
        for edit in (
            self.ui.title_edit,
            self.ui.file_edit,
            self.ui.passphrase_edit,
            self.ui.repeat_edit,
        ):
            edit.textChanged.connect(self._check)
        self.ui.title_edit.textEdited.connect(self._suggest_file)
        self.ui.encrypt_check.toggled.connect(self._encrypt_toggled)
        self._file_touched = False
        self.ui.file_edit.textEdited.connect(lambda _t: setattr(self, "_file_touched", True))
        self._check()
        self.adjustSize()

    def _suggest_file(self, title: str) -> None:
        if self._file_touched:
            return
        stem = "".join(c if c.isalnum() or c in " -_" else " " for c in title).strip()
        stem = "-".join(stem.lower().split())[:60] or "review"
        self.ui.file_edit.setText(str(self.folder / f"{stem}{FILE_SUFFIX}"))

    def _browse(self) -> None:
        start = self.ui.file_edit.text() or str(self.folder / f"review{FILE_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self, "Save the New Review As", start, REVIEW_FILTER)
        if path:
            if not path.endswith(FILE_SUFFIX):
                path += FILE_SUFFIX
            self._file_touched = True
            self.ui.file_edit.setText(path)

    def _encrypt_toggled(self, on: bool) -> None:
        for widget in (
            self.ui.passphrase_edit,
            self.ui.repeat_edit,
            self.ui.passphrase_label,
            self.ui.repeat_label,
        ):
            widget.setEnabled(on)
        self._check()

    def problem(self) -> str:
        if not self.ui.title_edit.text().strip():
            return "Give the review a title."
        text = self.ui.file_edit.text().strip()
        if not text:
            return "Choose where to save the review."
        path = Path(text).expanduser()
        if not path.parent.is_dir():
            return f"The folder {path.parent} does not exist."
        if path.exists():
            return f"{path.name} already exists: choose another name."
        if self.ui.encrypt_check.isChecked():
            phrase = self.ui.passphrase_edit.text()
            if len(phrase) < MIN_PASSPHRASE:
                return f"The passphrase needs at least {MIN_PASSPHRASE} characters."
            if phrase != self.ui.repeat_edit.text():
                return "The two passphrases differ."
        return ""

    def _check(self) -> None:
        from workbench.core.crypto import UNENCRYPTED_NOTICE

        problem = self.problem()
        typed = bool(self.ui.title_edit.text().strip())
        message = problem if typed else ""
        if not problem and not self.ui.encrypt_check.isChecked():
            # Say what an unencrypted file means before it is made.
            message = UNENCRYPTED_NOTICE
        self.ui.message_label.setText(message)
        self.ui.button_box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def _accept(self) -> None:
        if not self.problem():
            self.accept()

    def request(self) -> NewReviewRequest:
        path = Path(self.ui.file_edit.text().strip()).expanduser()
        if path.suffix != FILE_SUFFIX:
            path = path.with_name(path.name + FILE_SUFFIX)
        return NewReviewRequest(
            path=path,
            title=self.ui.title_edit.text().strip(),
            review_type=str(self.ui.type_combo.currentData()),
            board=self.ui.board_edit.text().strip(),
            passphrase=self.ui.passphrase_edit.text()
            if self.ui.encrypt_check.isChecked()
            else None,
        )


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_PreferencesDialog()
        self.ui.setupUi(self)  # type: ignore[no-untyped-call]
        self.settings = settings
        self.ui.name_edit.setText(settings.user_name)
        self.ui.theme_combo.setCurrentIndex(THEMES.index(settings.theme))
        self.ui.gap_spin.setValue(settings.gap_threshold_days)
        self.ui.backups_spin.setValue(settings.backups_to_keep)
        self.ui.name_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.adjustSize()

    def save(self) -> None:
        self.settings.user_name = self.ui.name_edit.text()
        self.settings.theme = THEMES[self.ui.theme_combo.currentIndex()]
        self.settings.gap_threshold_days = self.ui.gap_spin.value()
        self.settings.backups_to_keep = self.ui.backups_spin.value()
        self.settings.sync()
