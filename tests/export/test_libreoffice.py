"""LibreOffice opens what Word and PowerPoint users will open."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from workbench.export.runner import export


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed; .ci/run installs it",
)
def test_libreoffice_converts_the_office_files(demo_file: Path, tmp_path: Path) -> None:
    files = []
    for product, suffix in (("deck", ".pptx"), ("report", ".docx"), ("briefing", ".docx")):
        out = tmp_path / f"{product}{suffix}"
        export(demo_file, product, out)
        files.append(out)
    converted = tmp_path / "converted"
    profile = tmp_path / "lo-profile"
    proc = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(converted),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    for f in files:
        pdf = converted / f"{f.stem}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 10_000, proc.stdout + proc.stderr
    # LibreOffice's own layout of the deck: no text below the footer line or off the page.
    from pypdf import PdfReader

    reader = PdfReader(str(converted / "deck.pdf"))
    assert len(reader.pages) == len(Presentation(str(files[0])).slides)
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)
        width = float(page.mediabox.width)
        low: list[str] = []

        def visit(
            text: str,
            _cm: object,
            tm: list[float],
            *_a: object,
            n: int = number,
            w: float = width,
            h: float = height,
            low: list[str] = low,
        ) -> None:
            if not text.strip():
                return
            x, y = tm[4], tm[5]
            if not (0 <= x <= w and 0 <= y <= h):
                low.append(f"slide {n}: {text!r} at {x:.0f},{y:.0f}")
            elif (
                y < h * (1 - 500 / 540)
                and not text.strip().isdigit()
                and "OFFICIAL" not in text
                and "Board" not in text
            ):
                low.append(f"slide {n}: body text {text!r} in the footer at y={y:.0f}")

        page.extract_text(visitor_text=visit)
        assert not low, low
