"""``workbench corroborate``: pairs of events two agencies recorded, suggested, listed and
decided from the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "WORKBENCH_USER": "Test Reviewer"},
    )


def test_corroborate_suggest_list_confirm(
    demo_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suggested = run("corroborate", str(demo_copy), "suggest", "--json")
    assert suggested.returncode == 0, suggested.stderr
    pairs = json.loads(suggested.stdout)
    assert pairs and all(p["status"] == "suggested" for p in pairs)
    first = pairs[0]
    agencies = {e["agency"] for e in first["events"]}
    assert len(agencies) == 2
    confirmed = run("corroborate", str(demo_copy), "confirm", str(first["id"]), "--json")
    assert confirmed.returncode == 0
    assert [p["id"] for p in json.loads(confirmed.stdout)] == [first["id"]]
    listed = run("corroborate", str(demo_copy), "list")
    assert f"#{pairs[1]['id']} suggested" in listed.stdout
    assert main(["corroborate", str(demo_copy), "suggest", "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert len(again) == len(pairs) - 1  # nothing new, one confirmed
    assert main(["corroborate", str(demo_copy), "confirm", "99999"]) == 1
    assert "no longer exists" in capsys.readouterr().err
