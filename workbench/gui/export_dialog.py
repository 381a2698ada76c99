"""The export dialog: choose a product and format, optionally a publication copy, export
on a worker thread with progress and cancel, and open the result.

For a publication copy the dialog checks the review for leaks first (on the worker thread)
and lists every real name or date of birth that would remain, with where it is; the Export
button stays disabled until there are none. The export itself is
:func:`workbench.export.runner.export`, the same function the command line uses.

Signals:
    exported(str): the path of a file just written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QDate, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.errors import WorkbenchError
from workbench.export.errors import ExportCancelled, Leak, PublicationRefused
from workbench.export.runner import PRODUCT_LABELS, PRODUCTS, check_publication, export
from workbench.gui.context import ReviewContext
from workbench.gui.workers import Cancelled, Task

FORMAT_LABELS = {
    ".pdf": "PDF",
    ".docx": "Word",
    ".pptx": "PowerPoint",
    ".xlsx": "Excel",
    ".csv": "CSV",
    ".png": "PNG image",
    ".svg": "SVG drawing",
}
#: Products drawn with the timeline (the lane choice applies to them).
TIMELINE_PRODUCTS = ("timeline", "report", "deck")


W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    """``widget`` with its object name set (tests and style sheets find it by name)."""
    widget.setObjectName(name)
    return widget


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class ExportDialog(QDialog):
    exported = Signal(str)

    def __init__(self, ctx: ReviewContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Export")
        self.setObjectName("export_dialog")
        self.task: Task | None = None
        self.check_task: Task | None = None
        self.leaks: list[Leak] = []
        self.checked_key: tuple[Any, ...] | None = None
        self.last_path: Path | None = None
        #: How a finished export is opened (replaceable, e.g. in tests).
        self.open_url = QDesktopServices.openUrl

        self.product_combo = _named(QComboBox(), "product_combo")
        for key, label in PRODUCT_LABELS.items():
            self.product_combo.addItem(label, key)
        self.format_combo = _named(QComboBox(), "format_combo")
        self.path_edit = _named(QLineEdit(), "path_edit")
        self.browse_button = _named(QPushButton("Choose…"), "browse_button")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        self.publication_check = _named(
            QCheckBox("Publication copy: replace every person in the register by their pseudonym"),
            "publication_check",
        )
        self.period_check = _named(QCheckBox("Only events in a period"), "period_check")
        self.from_edit = _named(QDateEdit(), "from_edit")
        self.to_edit = _named(QDateEdit(), "to_edit")
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period_check)
        period_row.addWidget(self.from_edit)
        period_row.addWidget(QLabel("to"))
        period_row.addWidget(self.to_edit)
        period_row.addStretch(1)
        self.lanes_combo = _named(QComboBox(), "lanes_combo")
        self.lanes_combo.addItem("One lane per agency", "agency")
        self.lanes_combo.addItem("One lane per person", "subject")
        self.open_check = _named(QCheckBox("Open the file when it is written"), "open_check")
        self.open_check.setChecked(True)

        self.leak_label = _named(QLabel(), "leak_label")
        self.leak_label.setWordWrap(True)
        self.leak_list = _named(QListWidget(), "leak_list")
        self.leak_list.setMinimumHeight(120)
        self.progress_bar = _named(QProgressBar(), "progress_bar")
        self.progress_bar.setRange(0, 100)
        self.status_label = _named(QLabel(), "status_label")
        self.status_label.setWordWrap(True)
        self.export_button = _named(QPushButton("Export"), "export_button")
        self.export_button.setDefault(True)
        self.cancel_button = _named(QPushButton("Close"), "cancel_button")

        form = QFormLayout()
        form.addRow("Product", self.product_combo)
        form.addRow("Format", self.format_combo)
        form.addRow("Save as", path_row)
        form.addRow("Period", period_row)
        form.addRow("Timeline lanes", self.lanes_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_check)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.publication_check)
        layout.addWidget(self.leak_label)
        layout.addWidget(self.leak_list)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.resize(640, 480)

        with ctx.store.session() as s:
            review = ctx.store.review(s)
            start, end = review.scope_start, review.scope_end
        self.from_edit.setDate(_qdate(start or date.today()))
        self.to_edit.setDate(_qdate(end or date.today()))

        self.product_combo.currentIndexChanged.connect(self._product_changed)
        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self.browse_button.clicked.connect(self._browse)
        self.publication_check.toggled.connect(self._publication_changed)
        self.period_check.toggled.connect(self._period_changed)
        for widget in (self.from_edit, self.to_edit):
            widget.dateChanged.connect(self._options_changed)
        self.lanes_combo.currentIndexChanged.connect(self._options_changed)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self._product_changed()
        self._period_changed(False)
        self._update_leaks_panel()

    # -- choices ----------------------------------------------------------------------------
    @property
    def product(self) -> str:
        return str(self.product_combo.currentData())

    @property
    def suffix(self) -> str:
        return str(self.format_combo.currentData() or PRODUCTS[self.product][0])

    @property
    def window_dates(self) -> tuple[date, date] | None:
        if not self.period_check.isChecked():
            return None
        return (self.from_edit.date().toPython(), self.to_edit.date().toPython())  # type: ignore[return-value]

    @property
    def lanes(self) -> str:
        return str(self.lanes_combo.currentData())

    def set_product(self, product: str, suffix: str | None = None) -> None:
        self.product_combo.setCurrentIndex(self.product_combo.findData(product))
        if suffix:
            self.format_combo.setCurrentIndex(self.format_combo.findData(suffix))

    def _default_path(self) -> Path:
        review = self.ctx.store.path
        edition = "-publication" if self.publication_check.isChecked() else ""
        return review.with_name(f"{review.stem}-{self.product}{edition}{self.suffix}")

    def _product_changed(self) -> None:
        self.format_combo.blockSignals(True)
        self.format_combo.clear()
        for suffix in PRODUCTS[self.product]:
            self.format_combo.addItem(f"{FORMAT_LABELS[suffix]} ({suffix})", suffix)
        self.format_combo.blockSignals(False)
        self.lanes_combo.setEnabled(self.product in TIMELINE_PRODUCTS)
        self._format_changed()
        self._options_changed()

    def _format_changed(self) -> None:
        self.path_edit.setText(str(self._default_path()))

    def _browse(self) -> None:
        suffix = self.suffix
        path, _filter = QFileDialog.getSaveFileName(
            self, "Export to", self.path_edit.text(), f"{FORMAT_LABELS[suffix]} (*{suffix})"
        )
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            self.path_edit.setText(path)

    def _period_changed(self, on: bool) -> None:
        self.from_edit.setEnabled(on)
        self.to_edit.setEnabled(on)
        self._options_changed()

    def _publication_changed(self, _on: bool) -> None:
        self._format_changed()
        self._options_changed()

    def _options_changed(self) -> None:
        if self.publication_check.isChecked():
            self.check_leaks()
        self._update_leaks_panel()

    # -- the leak check -------------------------------------------------------------------
    def _check_key(self) -> tuple[Any, ...]:
        return (self.product, self.window_dates, self.lanes)

    def check_leaks(self) -> None:
        """Look for leaks in a publication copy (on the worker thread)."""
        key = self._check_key()
        if self.check_task is not None and not self.check_task.done:
            self.check_task.cancel()
        store = self.ctx.store
        product, window, lanes = key
        self.checked_key = None
        self.leak_label.setText("Checking the publication copy for names and dates of birth…")

        def work(task: Task) -> list[Leak]:
            task.check()
            return check_publication(store, product, window=window, lanes=lanes)

        task = self.ctx.runner.start(work, "Checking for leaks", visible=False)
        self.check_task = task
        task.succeeded.connect(lambda leaks, k=key, t=task: self._leaks_found(t, k, leaks))
        task.failed.connect(lambda exc, t=task: self._check_failed(t, exc))
        self._update_buttons()

    def _leaks_found(self, task: Task, key: tuple[Any, ...], leaks: list[Leak]) -> None:
        if task is not self.check_task:
            return
        self.leaks = list(leaks)
        self.checked_key = key
        self._update_leaks_panel()

    def _check_failed(self, task: Task, exc: object) -> None:
        if task is not self.check_task:
            return
        self.leaks = []
        self.checked_key = None
        self.leak_label.setText(f"The check could not be made: {exc}")
        self._update_buttons()

    def _update_leaks_panel(self) -> None:
        publication = self.publication_check.isChecked()
        self.leak_label.setVisible(publication)
        self.leak_list.setVisible(publication and bool(self.leaks))
        self.leak_list.clear()
        if publication and self.checked_key == self._check_key():
            if self.leaks:
                n = len(self.leaks)
                self.leak_label.setText(
                    f"{n} leak{'s' if n != 1 else ''} of identifying details would remain in the "
                    "publication copy. Change the text (or the register) before exporting:"
                )
                for leak in self.leaks:
                    self.leak_list.addItem(str(leak))
            else:
                self.leak_label.setText(
                    "No real name or date of birth from the register remains "
                    "in the publication copy."
                )
        self._update_buttons()

    def _update_buttons(self) -> None:
        running = self.task is not None and not self.task.done
        checking = self.check_task is not None and not self.check_task.done
        blocked = self.publication_check.isChecked() and (
            checking or self.checked_key != self._check_key() or bool(self.leaks)
        )
        self.export_button.setEnabled(not running and not blocked)
        self.cancel_button.setText("Cancel" if running else "Close")
        for widget in (
            self.product_combo,
            self.format_combo,
            self.path_edit,
            self.browse_button,
            self.publication_check,
            self.period_check,
        ):
            widget.setEnabled(not running)

    # -- exporting ------------------------------------------------------------------------
    def start_export(self) -> Task | None:
        text = self.path_edit.text().strip()
        if not text:
            self.status_label.setText("Choose where to save the file.")
            return None
        out = Path(text)
        product, window, lanes = self.product, self.window_dates, self.lanes
        publication = self.publication_check.isChecked()
        store = self.ctx.store
        self.status_label.setText("Exporting…")
        self.progress_bar.setValue(0)

        def work(task: Task) -> Any:
            try:
                return export(
                    store,
                    product,
                    out,
                    publication=publication,
                    window=window,
                    lanes=lanes,
                    progress=task.report,
                    cancelled=lambda: task.is_cancelled,
                )
            except ExportCancelled:
                raise Cancelled() from None

        task = self.ctx.runner.start(
            work, f"Exporting {PRODUCT_LABELS[product].lower()}", visible=False
        )
        self.task = task
        task.progress.connect(self._progress)
        task.succeeded.connect(self._succeeded)
        task.failed.connect(self._failed)
        task.cancelled.connect(self._cancelled)
        task.finished.connect(self._update_buttons)
        self._update_buttons()
        return task

    def _progress(self, percent: int, message: str) -> None:
        if percent >= 0:
            self.progress_bar.setValue(percent)
        if message:
            self.status_label.setText(message)

    def _succeeded(self, result: Any) -> None:
        self.last_path = Path(result.path)
        self.progress_bar.setValue(100)
        detail = (
            f" ({result.pages} {'slides' if result.product == 'deck' else 'pages'})"
            if result.pages
            else ""
        )
        self.status_label.setText(f"Wrote {result.path}{detail} in {result.seconds:.1f} s.")
        self.exported.emit(str(result.path))
        if self.open_check.isChecked():
            self.open_url(QUrl.fromLocalFile(str(result.path)))

    def _failed(self, exc: object) -> None:
        self.progress_bar.setValue(0)
        if isinstance(exc, PublicationRefused):
            self.leaks = exc.leaks
            self.checked_key = self._check_key()
            self._update_leaks_panel()
            self.status_label.setText("The publication copy was refused: see the list above.")
        elif isinstance(exc, WorkbenchError | OSError):
            self.status_label.setText(f"The export failed: {exc}")
        else:
            self.status_label.setText(f"The export failed unexpectedly: {exc!r}")

    def _cancelled(self) -> None:
        self.progress_bar.setValue(0)
        self.status_label.setText("The export was cancelled; no file was written.")

    def _cancel_or_close(self) -> None:
        if self.task is not None and not self.task.done:
            self.task.cancel()
            self.status_label.setText("Cancelling…")
        else:
            self.reject()

    def reject(self) -> None:
        for task in (self.task, self.check_task):
            if task is not None and not task.done:
                task.cancel()
        super().reject()
