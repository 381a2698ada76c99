"""The command line, run as a user runs it: a subprocess, its output and exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench import __version__


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=full_env,
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_new_info_events(tmp_path: Path) -> None:
    path = tmp_path / "new.cwr"
    refused = run("new", str(path), "--title", "Child R")
    assert refused.returncode == 1 and "encrypted" in refused.stderr and not path.exists()
    result = run("new", str(path), "--title", "Child R", "--type", "cspr", "--no-encrypt")
    assert result.returncode == 0, result.stderr
    assert "training" in result.stderr
    info = json.loads(run("info", str(path), "--json").stdout)
    assert info["title"] == "Child R" and info["review_type"] == "cspr"
    for key in (
        "agencies",
        "people",
        "events",
        "sources",
        "quarantined",
        "research_questions",
        "episodes",
        "findings",
        "lessons",
        "recommendations",
        "actions",
    ):
        assert info[key] == 0
    assert json.loads(run("events", str(path), "--json").stdout) == []


def test_demo_info_and_events(demo_file: Path) -> None:
    info = json.loads(run("info", str(demo_file), "--json").stdout)
    assert info["research_questions"] == 4
    assert info["lessons"] == 6
    assert info["recommendations"] == 11
    assert info["events"] > 100 and info["agencies"] >= 7 and info["actions"] >= 11
    events = json.loads(run("events", str(demo_file), "--json").stdout)
    spring = [e for e in events if e["date_text"].lower() == "spring 2015"]
    assert spring, "the demo has an event dated 'spring 2015'"
    assert spring[0]["precision"] == "season"
    assert (spring[0]["earliest"], spring[0]["latest"]) == ("2015-03-01", "2015-05-31")
    keys = {
        "id",
        "agency",
        "date_text",
        "earliest",
        "latest",
        "precision",
        "time",
        "subjects",
        "text",
        "outcome",
        "source_file",
        "source_row",
    }
    assert keys <= set(events[0])
    police = json.loads(run("events", str(demo_file), "--agency", "POL", "--json").stdout)
    assert police and all(e["agency"] == "Norfolk Constabulary" for e in police)
    # Chronology order: by earliest bound.
    earliest = [e["earliest"] for e in events]
    assert earliest == sorted(earliest)


def test_demo_command_writes_file(tmp_path: Path) -> None:
    out = tmp_path / "demo.cwr"
    result = run("demo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.exists() and str(out) in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (("info", "missing.cwr"), "file not found"),
        (("events", "{notareview}"), "not a Case Review Workbench review"),
        (("new", "{existing}", "--title", "X", "--no-encrypt"), "already exists"),
    ],
)
def test_errors_are_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    import sqlite3

    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    existing = tmp_path / "existing.cwr"
    existing.write_text("x")
    args = tuple(a.format(notareview=other, existing=existing) for a in args)
    result = run(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_usage_errors_exit_2() -> None:
    assert run("info").returncode == 2
    assert run("new", "x.cwr").returncode == 2  # --title missing
    assert run("--bogus").returncode == 2


def test_gui_without_display_says_how(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "workbench"], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 1
    assert "no display" in result.stderr and "Traceback" not in result.stderr


def test_encrypted_review_needs_passphrase(tmp_path: Path) -> None:
    path = tmp_path / "enc.cwr"
    made = run(
        "new",
        str(path),
        "--title",
        "Secret",
        "--encrypt",
        env={"WORKBENCH_PASSPHRASE": "pass phrase 1"},
    )
    assert made.returncode == 0, made.stderr
    no_pass = run("info", str(path), "--json")
    assert no_pass.returncode == 1 and "WORKBENCH_PASSPHRASE" in no_pass.stderr
    wrong = run("info", str(path), env={"WORKBENCH_PASSPHRASE": "nope"})
    assert wrong.returncode == 1 and "passphrase is wrong" in wrong.stderr
    ok = run("info", str(path), "--json", env={"WORKBENCH_PASSPHRASE": "pass phrase 1"})
    assert json.loads(ok.stdout)["title"] == "Secret"
