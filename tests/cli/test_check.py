"""``workbench check``: the gaps in a review, as text or JSON, exit status 0 either way."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from workbench.core.model import (
    Action,
    Agency,
    Event,
    Finding,
    Recommendation,
    ResearchQuestion,
)
from workbench.core.store import ReviewStore

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbench", "check", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.cwr"
    store = ReviewStore.create(path, title="Broken review")
    with store.transaction() as s:
        pol = Agency(name="Police", short_name="POL")
        ev = Event(agency=pol, date_text="2016", text="Visit")
        q1 = ResearchQuestion(number=1, text="Answered")
        q2 = ResearchQuestion(number=2, text="Not answered")
        f1 = Finding(title="Well evidenced", questions=[q1], events=[ev])
        f2 = Finding(title="No evidence at all", questions=[q1])
        r1 = Recommendation(number=1, text="Answers both", findings=[f1, f2])
        r7 = Recommendation(number=7, text="Answers nothing")
        s.add_all([pol, ev, q1, q2, f1, f2, r1, r7])
        s.flush()
        s.add(
            Action(
                recommendation_id=r1.id,
                description="Late action",
                due_date=date(2018, 3, 31),
                status="red",
            )
        )
    store.close()
    return path


def test_text_output_names_each_gap(broken: Path) -> None:
    result = run(str(broken), "--today", "2019-01-01")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("5 gaps found in Broken review:")
    assert "Research question 2: no finding answers this research question" in out
    assert "Finding: No evidence at all: no events or episodes are linked as evidence" in out
    assert "Recommendation 7: the recommendation is traced to no finding" in out
    assert "Recommendation 7: the action plan has no action for it" in out
    assert "Action 1.1: Late action: due 31 Mar 2018, 276 days overdue, status red" in out


def test_json_output(broken: Path) -> None:
    result = run(str(broken), "--json", "--today", "2018-01-01")
    assert result.returncode == 0, result.stderr
    gaps = json.loads(result.stdout)
    assert isinstance(gaps, list)
    assert all({"kind", "item", "message"} <= set(g) for g in gaps)
    assert sorted((g["kind"], g["item"]) for g in gaps) == [
        ("finding_without_evidence", "Finding: No evidence at all"),
        ("question_without_finding", "Research question 2"),
        ("recommendation_without_action", "Recommendation 7"),
        ("recommendation_without_finding", "Recommendation 7"),
    ]  # the action is not yet due on 1 January 2018


def test_demo_has_no_gaps(demo_file: Path) -> None:
    result = run(str(demo_file), "--today", "2017-01-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "No gaps found in Serious Case Review: Case Z."
    assert json.loads(run(str(demo_file), "--json", "--today", "2017-01-01").stdout) == []


def test_bad_input_is_a_clear_message(tmp_path: Path, broken: Path) -> None:
    missing = run(str(tmp_path / "nowhere.cwr"))
    assert missing.returncode == 1
    assert "file not found" in missing.stderr and "Traceback" not in missing.stderr
    bad_date = run(str(broken), "--today", "31/03/2018")
    assert bad_date.returncode == 2
    assert "not a date (use YYYY-MM-DD)" in bad_date.stderr
