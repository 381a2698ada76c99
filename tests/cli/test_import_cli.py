"""``workbench import`` and ``workbench quarantine`` as a user runs them: the JSON, the exit
status, one clear line for a file that cannot be read, and an unchanged review."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.importers.fixtures import write_csv, write_encrypted_ooxml, write_xlsx
from workbench.cli import main
from workbench.core.store import ReviewStore

HEADER = ["Ref", "Date", "Subject(s)", "Event"]
JSON_KEYS = {
    "imported",
    "quarantined",
    "skipped",
    "warnings",
    "rows_read",
    "source_sha256",
    "quarantine",
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "WORKBENCH_USER": "Test Reviewer"},
    )


@pytest.fixture
def review(tmp_path: Path) -> Path:
    path = tmp_path / "review.cwr"
    ReviewStore.create(path, title="CLI review").close()
    return path


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_json_and_quarantine_listing(review: Path, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "police.csv",
        [
            HEADER,
            [1, "22/05/2016", "Child Z", "Visit"],
            [2, "31/02/2016", "Child Z", "Impossible date"],
            [3, "", "", ""],
            [4, "23/05/2016", "Child Z", "Visit"],
            [5, "23/05/2016", "Child Z", "Visit"],
        ],
    )
    result = run("import", str(review), str(source), "--agency", "Police", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= JSON_KEYS
    assert (data["imported"], data["quarantined"], data["skipped"], data["rows_read"]) == (
        3,
        1,
        2,
        6,
    )
    assert data["imported"] + data["quarantined"] + data["skipped"] == data["rows_read"]
    assert data["source_sha256"] == _sha(source)
    assert data["quarantine"] == [
        {
            "row": 3,
            "reason": "date '31/02/2016' could not be read: 31/02/2016 is not a real "
            "date: February 2016 has 29 days",
        }
    ]
    assert data["warnings"] == 1 and data["warning_list"][0]["row"] == 6

    waiting = run("quarantine", str(review), "--json")
    assert waiting.returncode == 0
    rows = json.loads(waiting.stdout)
    assert [(r["file"], r["agency"], r["row"]) for r in rows] == [("police.csv", "Police", 3)]
    assert rows[0]["cells"]["Date"] == "31/02/2016"
    plain = run("quarantine", str(review))
    assert "police.csv row 3" in plain.stdout


def test_import_text_output_states_the_accounting(review: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "p.csv", [HEADER, [1, "22/05/2016", "Gran", "Visit"]])
    result = run("import", str(review), str(source), "--agency", "Police")
    assert result.returncode == 0
    assert "2 rows read = 1 imported + 0 quarantined + 1 skipped" in result.stdout
    assert "subjects not in the register: Gran" in result.stdout
    second = write_csv(tmp_path / "q.csv", [HEADER, [1, "23/05/2016", "Gran", "Call"]])
    added = run(
        "import", str(review), str(second), "--agency", "Police", "--add-subjects", "--json"
    )
    assert json.loads(added.stdout)["unknown_subjects"] == []
    events = json.loads(run("events", str(review), "--json").stdout)
    assert [e["subjects"] for e in events] == [[], ["Gran"]]


def test_dry_run_changes_nothing(review: Path, tmp_path: Path) -> None:
    before = _sha(review)
    source = write_csv(tmp_path / "p.csv", [HEADER, [1, "22/05/2016", "", "Visit"]])
    result = run("import", str(review), str(source), "--agency", "Police", "--dry-run", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["imported"] == 1
    assert _sha(review) == before
    again = run("import", str(review), str(source), "--agency", "Police", "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["imported"] == 1


def _zero_bytes(folder: Path) -> Path:
    path = folder / "empty.xlsx"
    path.write_bytes(b"")
    return path


def _random_bytes(folder: Path) -> Path:
    path = folder / "noise.xlsx"
    path.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(40_000)))
    return path


def _truncated(folder: Path) -> Path:
    path = write_xlsx(folder / "cut.xlsx", {"Sheet1": [HEADER, [1, "22/05/2016", "", "x"]]})
    path.write_bytes(path.read_bytes()[:-200])
    return path


def _encrypted(folder: Path) -> Path:
    return write_encrypted_ooxml(folder / "locked.xlsx")


def _docx_without_table(folder: Path) -> Path:
    from docx import Document

    document = Document()
    document.add_paragraph("Chronology to follow.")
    path = folder / "letter.docx"
    document.save(str(path))
    return path


def _header_only(folder: Path) -> Path:
    return write_xlsx(folder / "header.xlsx", {"Sheet1": [HEADER]})


def _missing(folder: Path) -> Path:
    return folder / "not-there.csv"


def _not_a_spreadsheet(folder: Path) -> Path:
    path = folder / "minutes.pdf"
    path.write_bytes(b"%PDF-1.4\n% minutes of the panel\n")
    return path


UNREADABLE: list[tuple[Callable[[Path], Path], str]] = [
    (_zero_bytes, "the file is empty"),
    (_random_bytes, "not"),
    (_truncated, "damaged"),
    (_encrypted, "password-protected"),
    (_docx_without_table, "no table"),
    (_header_only, "header but no rows"),
    (_missing, "file not found"),
    (_not_a_spreadsheet, "PDF"),
]


@pytest.mark.parametrize(("make", "reason"), UNREADABLE, ids=[m.__name__ for m, _ in UNREADABLE])
def test_unreadable_file_exit_1_with_one_line_and_the_review_unchanged(
    review: Path,
    tmp_path: Path,
    make: Callable[[Path], Path],
    reason: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """In process (the same code as the command; one case also runs as a subprocess)."""
    before = _sha(review)
    source = make(tmp_path)
    status = main(["import", str(review), str(source), "--agency", "Police", "--json"])
    out, err = capsys.readouterr()
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"workbench: {source.name}: ")
    assert reason in lines[0]
    assert "Traceback" not in err and out == ""
    assert _sha(review) == before
    assert not (tmp_path / "review.cwr.backups").exists()


def test_unreadable_file_as_a_subprocess(review: Path, tmp_path: Path) -> None:
    before = _sha(review)
    source = _truncated(tmp_path)
    result = run("import", str(review), str(source), "--agency", "Police")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "cut.xlsx: " in result.stderr
    assert "Traceback" not in result.stderr
    assert _sha(review) == before


def test_same_file_twice_is_refused(review: Path, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "p.csv", [HEADER, [1, "22/05/2016", "", "Visit"]])
    assert run("import", str(review), str(source), "--agency", "Police").returncode == 0
    before = _sha(review)
    again = run("import", str(review), str(source), "--agency", "Police")
    assert again.returncode == 1 and "already imported" in again.stderr
    assert _sha(review) == before


def test_profile_saved_and_used_by_name(review: Path, tmp_path: Path) -> None:
    first = write_csv(
        tmp_path / "a.csv", [["Date", "Event", "Who"], ["22/05/2016", "Visit", "Child Z"]]
    )
    assert (
        run(
            "import", str(review), str(first), "--agency", "Police", "--save-profile", "PPU"
        ).returncode
        == 0
    )
    second = write_csv(
        tmp_path / "b.csv", [["Who", "Date", "Event"], ["Child Z", "23/05/2016", "Call"]]
    )
    result = run(
        "import", str(review), str(second), "--agency", "Police", "--profile", "PPU", "--json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["mapping_source"] == "profile 'PPU'" and data["imported"] == 1
    third = write_csv(tmp_path / "c.csv", [["Date", "Event"], ["24/05/2016", "Letter"]])
    missing = run("import", str(review), str(third), "--agency", "Police", "--profile", "X")
    assert missing.returncode == 1 and "no mapping profile 'X'" in missing.stderr


def test_revision_from_the_command_line(
    review: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = write_csv(
        tmp_path / "v1.csv", [HEADER, [1, "22/05/2016", "", "Visit"], [2, "23/05/2016", "", "Call"]]
    )
    plain = run("import", str(review), str(first), "--agency", "Police")
    assert plain.returncode == 0
    second = write_csv(
        tmp_path / "v2.csv",
        [HEADER, [1, "22/05/2016", "", "Visit at home"], [3, "24/05/2016", "", "Letter"]],
    )
    dry = run(
        "import",
        str(review),
        str(second),
        "--agency",
        "Police",
        "--revision",
        "--dry-run",
        "--json",
    )
    revision = json.loads(dry.stdout)["revision"]
    assert (revision["added"], revision["changed"], revision["removed"]) == (1, 1, 1)
    result = run(
        "import",
        str(review),
        str(second),
        "--agency",
        "Police",
        "--revision",
        "--revises",
        "v1.csv",
    )
    assert result.returncode == 0, result.stderr
    assert "revision of v1.csv: 1 added, 1 changed, 1 removed, 0 unchanged" in result.stdout
    events = json.loads(run("events", str(review), "--json").stdout)
    assert sorted(e["text"] for e in events) == ["Letter", "Visit at home"]
    # The usage errors in process (the same code as the command).
    args = ["import", str(review), str(first), "--agency", "Police"]
    assert main([*args, "--revision", "--revises", "nope.csv"]) == 1
    assert "no earlier submission named 'nope.csv'" in capsys.readouterr().err
    assert main([*args, "--revises", "v1.csv"]) == 2
    assert "--revises needs --revision" in capsys.readouterr().err
