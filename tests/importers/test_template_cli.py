"""``workbench template``: a blank chronology for the agencies, with the review's subjects,
that comes back filled in and imports with no mapping at all."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from tests.importers.fixtures import fill_cell
from workbench.core.model import Person
from workbench.core.store import ReviewStore
from workbench.importers.template import TEMPLATE_HEADERS


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
    store = ReviewStore.create(path, title="Serious Case Review: Case Q")
    with store.transaction() as s:
        s.add(Person(real_name="Quinn Adams", pseudonym="Child Q"))
        s.add(Person(real_name="Robin Adams", pseudonym="Mother"))
        s.add(Person(real_name="Sam Lee"))
    store.close()
    return path


ROWS = [
    [
        1,
        date(2016, 3, 2),
        time(9, 30),
        "CN-1",
        "Social worker",
        "Child Q",
        "Home visit",
        "Referral",
        "Good practice",
    ],
    [2, "spring 2016", None, "Email", "PA", "Child Q; Mother", "Call about housing", "", ""],
    [2.5, "?22/05/2016", time(14, 0), "CN-9", "GP", "Sam Lee", "Seen at surgery", "", ""],
]


def test_xlsx_template_has_the_subjects_a_date_column_and_instructions(
    review: Path, tmp_path: Path
) -> None:
    out = tmp_path / "for police.xlsx"
    result = run("template", str(review), str(out), "--agency", "Police")
    assert result.returncode == 0, result.stderr
    assert "3 subjects" in result.stdout
    book = load_workbook(out)
    assert book.sheetnames == ["Chronology", "Instructions"]
    sheet = book["Chronology"]
    assert "Police" in sheet["A1"].value and "Case Q" in sheet["A2"].value
    assert [c.value for c in sheet[4]] == list(TEMPLATE_HEADERS)
    assert sheet.column_dimensions["B"].number_format == "dd/mm/yyyy"
    lists = [v for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert lists and lists[0].formula1 == "=Subjects"
    target = book.defined_names["Subjects"].attr_text
    cells = book["Instructions"][target.split("!")[1].replace("$", "")]
    assert [c[0].value for c in cells] == ["Child Q", "Mother", "Sam Lee"]  # pseudonyms
    real = tmp_path / "real.xlsx"
    assert run("template", str(review), str(real), "--real-names").returncode == 0
    book = load_workbook(real)
    target = book.defined_names["Subjects"].attr_text
    cells = book["Instructions"][target.split("!")[1].replace("$", "")]
    assert [c[0].value for c in cells] == ["Quinn Adams", "Robin Adams", "Sam Lee"]


def test_filled_in_xlsx_template_imports_with_no_mapping(review: Path, tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    assert run("template", str(review), str(out)).returncode == 0
    book = load_workbook(out)
    sheet = book["Chronology"]
    for r, row in enumerate(ROWS, start=5):
        for c, value in enumerate(row, start=1):
            if value not in (None, ""):
                sheet.cell(r, c, value)
    book.save(out)
    result = run("import", str(review), str(out), "--agency", "Police", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["mapping_source"] == "detected"
    assert "ignore" not in data["mapping"].values() and len(data["mapping"]) == 9
    assert (data["imported"], data["quarantined"], data["unknown_subjects"]) == (3, 0, [])
    events = json.loads(run("events", str(review), "--json").stdout)
    by_row = {e["source_row"]: e for e in events}
    assert [(by_row[r]["date_text"], by_row[r]["time"]) for r in (5, 6, 7)] == [
        ("02/03/2016", "09:30"),
        ("spring 2016", None),
        ("?22/05/2016", "14:00"),
    ]
    assert by_row[7]["subjects"] == ["Sam Lee"]


def test_filled_in_docx_template_imports_with_no_mapping(review: Path, tmp_path: Path) -> None:
    out = tmp_path / "template.docx"
    result = run("template", str(review), str(out), "--agency", "Health")
    assert result.returncode == 0, result.stderr
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "How to fill in this chronology" in text and "Child Q" in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == list(TEMPLATE_HEADERS)
    for r, row in enumerate(ROWS, start=1):
        for c, value in enumerate(row):
            fill_cell(table.cell(r, c), value)
    document.save(str(out))
    data = json.loads(run("import", str(review), str(out), "--agency", "Health", "--json").stdout)
    assert data["mapping_source"] == "detected" and "ignore" not in data["mapping"].values()
    assert (data["imported"], data["quarantined"]) == (3, 0)
    assert data["imported"] + data["quarantined"] + data["skipped"] == data["rows_read"]


def test_template_refuses_other_formats(review: Path, tmp_path: Path) -> None:
    result = run("template", str(review), str(tmp_path / "t.pdf"))
    assert result.returncode == 2 and "xlsx or .docx" in result.stderr
    assert not (tmp_path / "t.pdf").exists()
