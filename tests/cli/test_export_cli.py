"""``workbench export``: every product from the command line, and a refused publication."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from workbench.cli import main
from workbench.core.model import Agency, Event
from workbench.core.store import ReviewStore


def test_export_products(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for option, name in (
        ("--report", "r.pdf"),
        ("--deck", "d.pptx"),
        ("--briefing", "b.docx"),
        ("--timeline", "t.svg"),
    ):
        out = tmp_path / name
        assert main(["export", str(demo_file), option, str(out)]) == 0
        assert out.exists() and out.stat().st_size > 1000
    captured = capsys.readouterr()
    assert "Wrote" in captured.out and "slides" in captured.out


def test_chronology_period_and_lanes(demo_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    assert (
        main(
            [
                "export",
                str(demo_file),
                "--chronology",
                str(out),
                "--from",
                "June 2016",
                "--to",
                "30/06/2016",
            ]
        )
        == 0
    )
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert 1 < len(lines) < 60
    svg = tmp_path / "t.svg"
    assert (
        main(
            [
                "export",
                str(demo_file),
                "--timeline",
                str(svg),
                "--lanes",
                "subject",
                "--from",
                "2016",
                "--to",
                "2016",
            ]
        )
        == 0
    )
    assert "Child Z" in svg.read_text(encoding="utf-8")


def test_usage_and_format_errors(
    demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", str(demo_file), "--report", str(tmp_path / "r.odt")]) == 1
    assert "can be written as .pdf or .docx" in capsys.readouterr().err
    assert (
        main(
            [
                "export",
                str(demo_file),
                "--chronology",
                str(tmp_path / "c.csv"),
                "--from",
                "not a date",
            ]
        )
        == 2
    )
    assert "not a date" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main(["export", str(demo_file), "--report", "a.pdf", "--deck", "b.pptx"])
    assert info.value.code == 2


def test_refused_publication_lists_the_leaks(
    demo_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = ReviewStore.open(demo_copy)
    try:
        with store.transaction() as s:
            agency = s.scalars(select(Agency).where(Agency.short_name == "POL")).one()
            s.add(
                Event(
                    agency_id=agency.id,
                    date_text="02/05/2016",
                    date_earliest=date(2016, 5, 2),
                    date_latest=date(2016, 5, 2),
                    text="YPA (born 14 January 1997) seen; sister born 02.05.99",
                )
            )
    finally:
        store.close()
    out = tmp_path / "pub.pdf"
    assert main(["export", str(demo_copy), "--report", str(out), "--publication"]) == 1
    err = capsys.readouterr().err
    # Each in the chronology and on the timeline figure.
    assert "refused: 4 leaks" in err
    assert "Timeline event 02/05/2016, label: date of birth" in err
    assert "date of birth of YPA \u201c14 January 1997\u201d" in err
    assert "date of birth of YPA's sister \u201c02.05.99\u201d" in err
    assert "Chronology entry" in err
    assert not out.exists()
