"""The generated forms and style sheet match their sources in ui/ (regenerate with
``.venv/bin/python scripts/compile_ui.py``)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _compile_ui():
    spec = importlib.util.spec_from_file_location("compile_ui", ROOT / "scripts" / "compile_ui.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["compile_ui"] = module
    spec.loader.exec_module(module)
    return module


def test_every_form_is_generated_from_its_current_source() -> None:
    compile_ui = _compile_ui()
    sources = sorted(p.stem for p in (ROOT / "ui").glob("*.ui"))
    assert sources, "there are Designer files"
    generated = sorted(
        p.stem.removeprefix("ui_") for p in (ROOT / "workbench" / "gui" / "forms").glob("ui_*.py")
    )
    assert generated == sources
    assert compile_ui.check() == []


def test_the_check_notices_a_stale_form(tmp_path, monkeypatch) -> None:
    compile_ui = _compile_ui()
    forms = tmp_path / "forms"
    forms.mkdir()
    qss = tmp_path / "qss"
    qss.mkdir()
    compile_ui.compile_all(forms, qss)
    stale = forms / "ui_passphrase_dialog.py"
    stale.write_text(stale.read_text("utf-8").replace("Passphrase", "Password"), "utf-8")
    monkeypatch.setattr(compile_ui, "FORMS_DIR", forms)
    monkeypatch.setattr(compile_ui, "QSS_DIR", qss)
    problems = compile_ui.check()
    assert len(problems) == 1 and "ui_passphrase_dialog.py is out of date" in problems[0]


def test_the_version_line_is_ignored() -> None:
    compile_ui = _compile_ui()
    a = "# header\n## Created by: Qt User Interface Compiler version 6.12.0\nbody\n"
    b = a.replace("6.12.0", "6.13.1")
    assert compile_ui.without_version(a) == compile_ui.without_version(b)
    assert compile_ui.without_version(a) != compile_ui.without_version(a + "more")
