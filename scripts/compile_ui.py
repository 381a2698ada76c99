#!/usr/bin/env python3
"""Regenerate ``workbench/gui/forms/ui_*.py`` from ``ui/*.ui`` and copy ``ui/*.qss``
into ``workbench/gui/``.

    .venv/bin/python scripts/compile_ui.py [--check] [--out DIR]

``--check`` compiles into a temporary folder and exits 1 when a committed form differs
from its source (the first line naming the compiler's version is not compared).
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI_DIR = ROOT / "ui"
FORMS_DIR = ROOT / "workbench" / "gui" / "forms"
QSS_DIR = ROOT / "workbench" / "gui"


def uic_command() -> list[str]:
    local = Path(sys.executable).with_name("pyside6-uic")
    if local.exists():
        return [str(local)]
    found = shutil.which("pyside6-uic")
    if found:
        return [found]
    raise SystemExit("pyside6-uic not found: install PySide6 in this environment")


def compile_form(ui_file: Path, out_dir: Path) -> Path:
    """The same as ``pyside6-uic ui/X.ui -o workbench/gui/forms/ui_X.py``."""
    target = out_dir / f"ui_{ui_file.stem}.py"
    done = subprocess.run(
        [*uic_command(), str(ui_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{ui_file.name}: {done.stderr.strip() or 'pyside6-uic failed'}")
    target.write_text(done.stdout, encoding="utf-8")
    return target


def without_version(text: str) -> list[str]:
    """The generated code without the line that names the compiler's version."""
    return [line for line in text.splitlines() if "User Interface Compiler version" not in line]


def compile_all(out_dir: Path, qss_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [compile_form(ui, out_dir) for ui in sorted(UI_DIR.glob("*.ui"))]
    for qss in sorted(UI_DIR.glob("*.qss")):
        target = qss_dir / qss.name
        shutil.copyfile(qss, target)
        written.append(target)
    return written


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def check() -> list[str]:
    """Names of generated files that are missing or differ from their sources."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp_forms, tmp_qss = Path(tmp) / "forms", Path(tmp) / "qss"
        tmp_qss.mkdir()
        for fresh in compile_all(tmp_forms, tmp_qss):
            committed = (FORMS_DIR if fresh.suffix == ".py" else QSS_DIR) / fresh.name
            if not committed.exists():
                problems.append(f"{_name(committed)} is missing")
            elif fresh.suffix == ".py":
                if without_version(fresh.read_text("utf-8")) != without_version(
                    committed.read_text("utf-8")
                ):
                    problems.append(f"{_name(committed)} is out of date")
            elif not filecmp.cmp(fresh, committed, shallow=False):
                problems.append(f"{_name(committed)} is out of date")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, change nothing")
    ns = parser.parse_args()
    if ns.check:
        problems = check()
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            print("run: .venv/bin/python scripts/compile_ui.py", file=sys.stderr)
        return 1 if problems else 0
    for path in compile_all(FORMS_DIR, QSS_DIR):
        print(_name(path))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
