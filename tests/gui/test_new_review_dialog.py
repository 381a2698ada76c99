"""The new-review dialog: encrypted by default, and it says what an unencrypted file means."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from workbench.core.crypto import UNENCRYPTED_NOTICE
from workbench.gui.dialogs import NewReviewDialog


def test_encrypted_by_default_and_warns_when_not(qtbot, tmp_path: Path) -> None:
    dialog = NewReviewDialog(folder=tmp_path)
    qtbot.addWidget(dialog)
    ok = dialog.ui.button_box.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.ui.encrypt_check.isChecked()
    dialog.ui.title_edit.setText("Child R")
    dialog.ui.file_edit.setText(str(tmp_path / "child-r.cwr"))
    assert not ok.isEnabled() and "passphrase" in dialog.ui.message_label.text().lower()
    dialog.ui.passphrase_edit.setText("long enough phrase")
    dialog.ui.repeat_edit.setText("long enough phrase")
    assert ok.isEnabled()
    assert dialog.request().passphrase == "long enough phrase"
    dialog.ui.encrypt_check.setChecked(False)
    assert ok.isEnabled()
    assert dialog.ui.message_label.text() == UNENCRYPTED_NOTICE
    assert dialog.request().passphrase is None
