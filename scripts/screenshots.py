#!/usr/bin/env python3
"""Take the user guide's screenshots from the demo review, so they never go stale.

    .venv/bin/python scripts/screenshots.py [--out docs/images] [--only NAME ...]

Builds the Case Z demo review into a temporary folder, opens the main window at
1600 x 1000 (offscreen unless a display is set: ``QT_QPA_PLATFORM`` is made ``offscreen``
when there is no ``DISPLAY``), with preferences of its own in the temporary folder,
visits each workspace and saves PNGs into ``docs/images/``. ``workspace.png`` is the one
the README shows. Each run overwrites the files; nothing of the user's is read or changed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZE = (1600, 1000)
SHOTS = (
    "welcome",
    "workspace",
    "timeline",
    "analysis",
    "report",
    "export",
    "tour",
    "about",
    "shortcuts",
)


def _isolate(tmp: Path) -> None:
    """Keep every file the application writes (settings, the demo copy) in ``tmp``."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["HOME"] = str(tmp / "home")
    os.environ["XDG_CONFIG_HOME"] = str(tmp / "home" / ".config")
    os.environ["XDG_DATA_HOME"] = str(tmp / "home" / ".local" / "share")
    os.environ.setdefault("WORKBENCH_USER", "Demo Reviewer")
    (tmp / "home").mkdir(parents=True, exist_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--only", nargs="*", choices=SHOTS, help="take only these")
    ns = parser.parse_args(argv)
    wanted = set(ns.only or SHOTS)
    # A fixed folder (emptied before and after), so the paths the dialogs show are the
    # same in every run.
    tmp = Path(tempfile.gettempdir()) / "case-review-workbench-screenshots"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        _isolate(tmp)
        written = take(tmp, ns.out, wanted)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for path in written:
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


def take(tmp: Path, out: Path, wanted: set[str]) -> list[Path]:
    from PySide6.QtCore import QPoint, QRect, QSettings
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QApplication, QWidget

    from workbench.demo import build_demo
    from workbench.gui.app import create_application
    from workbench.gui.settings import Settings

    demo = build_demo(tmp / "case-z.cwr")
    app = create_application(["workbench-screenshots"])
    from workbench.gui.about import AboutDialog
    from workbench.gui.main_window import MainWindow
    from workbench.gui.shortcuts_sheet import ShortcutsDialog
    from workbench.gui.tour import GuidedTour

    settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    settings.backups_to_keep = 0
    settings.theme = "light"
    window = MainWindow(settings, restore_layout=False)
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def settle(until: Callable[[], bool] | None = None, timeout: float = 30.0) -> None:
        """Let worker threads finish and the window repaint."""
        deadline = time.monotonic() + timeout
        quiet_since = None
        while time.monotonic() < deadline:
            app.processEvents()
            ctx = window.ctx
            busy = window.runner.busy() or (ctx is not None and ctx.runner.busy())
            ready = not busy and (until is None or until())
            if ready:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since > 0.4:
                    return
            else:
                quiet_since = None
            time.sleep(0.02)
        raise RuntimeError("the window did not settle in time")

    def save(name: str, *widgets: QWidget) -> None:
        """Save the window with ``widgets`` (dialogs over it) drawn where they are."""
        if name not in wanted:
            return
        settle()
        pixmap = window.grab()
        if widgets:
            painter = QPainter(pixmap)
            try:
                for widget in widgets:
                    origin = widget.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0))
                    frame = QRect(origin, widget.size())
                    # A soft shadow and a border: the window frame a desktop would draw.
                    for step, alpha in ((8, 18), (5, 30), (2, 50)):
                        painter.fillRect(
                            frame.adjusted(-step, -step + 3, step, step + 3), QColor(0, 0, 0, alpha)
                        )
                    painter.drawPixmap(origin, widget.grab())
                    painter.setPen(QColor(0, 0, 0, 110))
                    painter.drawRect(frame.adjusted(-1, -1, 0, 0))
            finally:
                painter.end()
        path = out / f"{name}.png"
        if not pixmap.save(str(path), "PNG"):
            raise OSError(f"{path}: the screenshot could not be written")
        written.append(path)

    def centred(dialog: QWidget) -> None:
        dialog.resize(dialog.size().expandedTo(dialog.sizeHint()))
        geometry = window.geometry()
        dialog.move(
            geometry.x() + (geometry.width() - dialog.width()) // 2,
            geometry.y() + (geometry.height() - dialog.height()) // 2,
        )
        dialog.show()
        settle()

    save("welcome")
    if not window.open_review(demo):
        raise RuntimeError(f"{demo}: the demo review did not open")
    settle()

    # The chronology, with an event of the incident selected and shown in the details.
    from sqlalchemy import select

    from workbench.core.model import Event, Finding

    ctx = window.ctx
    assert ctx is not None and window.chronology is not None
    with ctx.store.session() as s:
        event_id = s.scalar(select(Event.id).where(Event.is_milestone).limit(1)) or s.scalar(
            select(Event.id).limit(1)
        )
        finding_id = s.scalar(select(Finding.id).order_by(Finding.sort_order).limit(1))
    if event_id is not None:
        window.show_event(event_id)
    save("workspace")

    window.show_workspace(1)
    save("timeline")

    if finding_id is not None:
        ctx.itemRequested.emit("finding", finding_id)
    else:
        window.show_workspace(2)
    settle()
    save("analysis")

    window.show_workspace(3)
    save("report")

    if "export" in wanted:
        from workbench.gui.export_dialog import ExportDialog

        dialog = ExportDialog(ctx, window)
        index = dialog.product_combo.findData("deck")
        if index >= 0:
            dialog.product_combo.setCurrentIndex(index)
        centred(dialog)
        save("export", dialog)
        dialog.close()
        dialog.deleteLater()

    if "tour" in wanted:
        window.show_workspace(0)
        settle()
        tour = GuidedTour(window)
        tour.start()
        tour.go_to(1)
        settle()
        save("tour", tour)
        tour.close()

    if "about" in wanted:
        about = AboutDialog(window)
        centred(about)
        save("about", about)
        about.close()

    if "shortcuts" in wanted:
        sheet = ShortcutsDialog(window.registry, window)
        centred(sheet)
        save("shortcuts", sheet)
        sheet.close()

    window.close()
    settle()
    QApplication.processEvents()
    return written


if __name__ == "__main__":
    raise SystemExit(main())
