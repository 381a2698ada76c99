"""Consistency checks for the Case Z demo review in resources/demo/case-z.

The demo review is data (one chronology per agency, in the formats agencies send: an
Excel export, a Word table, CSV files, plus review.json) that the application imports
through its ordinary pipeline. These tests read the chronologies with the importer's
readers only (no validation, no database), so a broken reference, a leaked real name or
a missing seed event is caught before the rest of the application is involved.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from workbench.importers.headers import Field, detect_header
from workbench.importers.pipeline import cell_text
from workbench.importers.readers import SUPPORTED_SUFFIXES, read_table

DEMO_DIR = Path(__file__).resolve().parents[2] / "resources" / "demo" / "case-z"
HEADER = [
    "Ref",
    "Date",
    "Time",
    "Source record",
    "Practitioner",
    "Subject(s)",
    "Event",
    "Action / outcome",
    "Agency analysis",
]
CATEGORIES = {
    "human-tool operation",
    "human-management system",
    "multi-agency working in response to incidents and crises",
    "multi-agency working in longer-term work",
    "family-professional interaction",
    "human judgement/reasoning",
}
KINDS = {"finding", "missed_opportunity", "good_practice"}
STATUSES = {"red", "amber", "green", "complete"}
SECTION_KEYS = [
    "summary",
    "why_review",
    "methodology",
    "child_and_family",
    "narrative_historic",
    "narrative",
    "board_response",
    "section11",
]
# One pattern per date form the demo data must exercise (as agencies write them).
DATE_FORMS = {
    "dd/mm/yyyy": r"\d{2}/\d{2}/\d{4}",
    "dd.mm.yy": r"\d{2}\.\d{2}\.\d{2}",
    "dd-Mon-yy": r"\d{2}-[A-Z][a-z]{2}-\d{2}",
    "dd Month yyyy": r"\d{2} [A-Z][a-z]+ \d{4}",
    "Month yyyy": r"(January|February|March|April|May|June|July|August|September|October|"
    r"November|December) \d{4}",
    "Mon yyyy": r"(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}",
    "season yyyy": r"(spring|summer|autumn|winter) \d{4}",
    "yyyy": r"\d{4}",
    "early/late yyyy": r"(early|late) \d{4}",
    "Month dd-dd yyyy": r"[A-Z][a-z]+ \d{1,2}-\d{1,2} \d{4}",
    "dd-dd Month yyyy": r"\d{1,2}-\d{1,2} [A-Z][a-z]+ \d{4}",
    "w/c dd/mm/yyyy": r"w/c \d{2}/\d{2}/\d{4}",
    "c. yyyy": r"c\. \d{4}",
    "?dd/mm/yyyy": r"\?\d{2}/\d{2}/\d{4}",
    "aged N and a half": r"aged \d+ and a half",
}

# Police exact dates are Excel date cells in the police export: read as dd/mm/yyyy.
SEED_EVENTS: list[tuple[str | None, str, str]] = [
    ("CS", "aged 7 and a half", "neglect"),
    ("CS", "aged 7 and a half", "disclosures of sexual abuse"),
    ("CS", "c. 2005", "withdrew"),
    ("CS", "c. 2005", "sister"),
    ("CS", "Jan 2011", "broke down"),
    ("CS", "Jan 2011", "out of county"),
    ("RH", "aged 14 and a half", "return to Norfolk"),
    ("CS", "2011", "harmful sexual behaviour"),
    ("CS", "2012", "psychologist"),
    ("CS", "2013", "turns 16"),
    ("CS", "September 2013", "psychological assessment"),
    ("CS", "12/01/2015", "named the risks"),
    ("EDU", "September 2014", "apprenticeship"),
    ("RH", "Nov 2014", "semi-independent"),
    ("CS", "14/01/2015", "leaves care"),
    ("CS", "March 2015", "pathway plan ended"),
    ("EDU", "03/03/2015", "broke down"),
    ("RH", "spring 2015", "moved out"),
    ("CS", "spring 2015", "friend"),
    ("CS", "summer 2015", "sofa surfing"),
    ("DC", "Nov 2015", "made homeless"),
    ("POL", "11/12/2015", "aged 11"),
    ("POL", "12/12/2015", "arrested"),
    ("POL", "12/12/2015", "unsupervised contact"),
    ("CS", "15/12/2015", "bail"),
    ("DC", "18-Jan-16", "temporary accommodation"),
    ("HP", "09 Feb 2016", "bail"),
    ("HP", "10 Feb 2016", "cannot accommodate"),
    ("POL", "April 2016", "CSE Perpetrators scheme"),
    ("DC", "23-May-16", "presented"),
    ("DC", "23-May-16", "Care Leaving Team"),
    ("CS", "May 2016", "sick leave"),
    ("CS", "23/05/2016", "did not disclose"),
    ("DC", "24-May-16", "Child Z"),
    ("POL", "June 10-24 2016", "move"),
    ("CS", "10-24 June 2016", "moving YPA"),
    ("POL", "June 16-19 2016", "sexually assaulted"),
    ("CS", "24/06/2016", "Housing Options"),
    ("DC", "24-Jun-16", "alternative accommodation"),
    ("POL", "24/06/2016", "advise her of YPA's bail conditions"),
    ("POL", "24/06/2016", "discloses"),
    ("POL", "24/06/2016", "arrested"),
    ("CS", "25/06/2016", "weekend"),
    ("CS", "27/06/2016", "MASH Monday"),
    ("POL", "27/06/2016", "CSE risk assessment"),
    ("POL", "30/06/2016", "charged"),
    ("DC", "July 2016", "rehoused"),
    ("POL", "May 2017", "three years"),
]


def _load_review() -> dict[str, Any]:
    with open(DEMO_DIR / "review.json", encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


#: What each column of a chronology holds, by the names of the canonical header.
FIELDS = dict(
    zip(
        HEADER,
        [
            Field.SEQUENCE,
            Field.DATE,
            Field.TIME,
            Field.SOURCE_RECORD,
            Field.PRACTITIONER,
            Field.SUBJECTS,
            Field.EVENT,
            Field.OUTCOME,
            Field.ANALYSIS,
        ],
        strict=True,
    )
)


def _load_chronologies(review: dict[str, Any]) -> dict[str, list[dict[str, str]]]:
    """Each agency's rows under the header, as text by canonical column name.

    Blank rows, repeated header rows and heading rows (one text across the whole row, as a
    merged Word cell reads) are left out; author's notes are kept.
    """
    rows: dict[str, list[dict[str, str]]] = {}
    for agency in review["agencies"]:
        if agency["file"] is None:
            continue
        table = read_table(DEMO_DIR / agency["file"], agency.get("sheet"))
        guess = detect_header(table)
        by_field = {field: col for col, field in guess.mapping.items()}
        assert [by_field.get(f) for f in FIELDS.values()] == list(range(len(HEADER))), (
            f"{agency['file']}: columns {guess.columns} read as {guess.mapping}"
        )
        repeated = set(table.repeated_header_rows)
        found = []
        for index in range(guess.header_index + 1, len(table.rows)):
            texts = [cell_text(v) for v in table.rows[index]]
            filled = [t for t in texts if t]
            if not filled or index in repeated:
                continue
            if len(filled) == len(texts) and len(set(filled)) == 1:
                continue  # a heading row
            found.append({name: texts[by_field[f]] for name, f in FIELDS.items()})
        rows[agency["short_name"]] = found
    return rows


REVIEW = _load_review()
CHRONOLOGIES = _load_chronologies(REVIEW)


def _events(short: str | None = None) -> list[tuple[str, dict[str, str]]]:
    """Dated rows (events), with their agency short name."""
    return [
        (agency, row)
        for agency, rows in CHRONOLOGIES.items()
        if short is None or agency == short
        for row in rows
        if row["Date"].strip()
    ]


def _references() -> list[tuple[str, str]]:
    refs = [(f"finding {f['key']}", ref) for f in REVIEW["findings"] for ref in f["events"]]
    refs += [(f"episode {e['key']}", ref) for e in REVIEW["episodes"] for ref in e["events"]]
    return refs


def test_every_agency_file_is_present_and_sized() -> None:
    files = [a["file"] for a in REVIEW["agencies"] if a["file"]]
    assert len(files) == 7
    chronologies = [p.name for p in DEMO_DIR.iterdir() if p.suffix in SUPPORTED_SUFFIXES]
    assert sorted(files) == sorted(chronologies)
    # The formats agencies send: at least an Excel workbook, a Word table and a CSV file.
    assert {Path(f).suffix for f in files} >= {".xlsx", ".docx", ".csv"}
    total = len(_events())
    assert 120 <= total <= 200, total
    for short in CHRONOLOGIES:
        assert len(_events(short)) >= 5, short


def test_refs_are_unique_numbers_within_each_file() -> None:
    for short, rows in CHRONOLOGIES.items():
        refs = [row["Ref"] for row in rows if row["Date"].strip()]
        assert all(re.fullmatch(r"\d+(\.\d+)?", r) for r in refs), (short, refs)
        duplicates = [r for r, n in Counter(refs).items() if n > 1]
        assert not duplicates, (short, duplicates)
        as_numbers = [float(r) for r in refs]
        assert as_numbers == sorted(as_numbers), f"{short}: refs out of order"
    assert any("." in row["Ref"] for _, row in _events()), "no inserted (decimal) ref"


def test_some_rows_are_not_events() -> None:
    notes = [row for rows in CHRONOLOGIES.values() for row in rows if not row["Date"].strip()]
    assert notes
    assert all(row["Event"].startswith("Note:") for row in notes)


def test_date_forms_are_mixed() -> None:
    dates = {row["Date"] for _, row in _events()}
    for name, pattern in DATE_FORMS.items():
        assert any(re.fullmatch(pattern, d) for d in dates), f"no date written as {name}"
    assert "spring 2015" in dates
    assert "June 10-24 2016" in dates
    assert "10-24 June 2016" in dates


def test_counts_of_questions_lessons_and_recommendations() -> None:
    assert [q["number"] for q in REVIEW["research_questions"]] == [1, 2, 3, 4]
    assert [lesson["number"] for lesson in REVIEW["lessons"]] == [1, 2, 3, 4, 5, 6]
    recommendations = REVIEW["recommendations"]
    assert [r["number"] for r in recommendations] == list(range(1, 12))
    scopes = Counter(r["scope"] for r in recommendations)
    assert set(scopes) == {"multi_agency", "single_agency"}
    assert scopes["multi_agency"] == 5
    assert [s["key"] for s in REVIEW["report_sections"]] == SECTION_KEYS
    assert [b["number"] for b in REVIEW["briefing"]] == list(range(1, 8))
    assert 4 <= len(REVIEW["episodes"]) <= 6
    assert "- " in REVIEW["lessons"][2]["text"], "lesson 3 keeps its sub-points as a list"


def test_every_event_reference_resolves_to_exactly_one_row() -> None:
    refs = _references()
    assert refs
    for owner, ref in refs:
        short, _, number = ref.partition(":")
        assert short in CHRONOLOGIES, f"{owner}: unknown agency in {ref}"
        matches = [row for row in CHRONOLOGIES[short] if row["Ref"] == number]
        assert len(matches) == 1, f"{owner}: {ref} matches {len(matches)} rows"
        assert matches[0]["Date"].strip(), f"{owner}: {ref} is not an event"


def test_findings_have_evidence_and_valid_links() -> None:
    questions = {q["number"] for q in REVIEW["research_questions"]}
    episodes = {e["key"] for e in REVIEW["episodes"]}
    kinds: Counter[str] = Counter()
    for finding in REVIEW["findings"]:
        assert finding["events"], f"{finding['key']} has no evidence"
        assert finding["questions"] and set(finding["questions"]) <= questions, finding["key"]
        assert set(finding["episodes"]) <= episodes, finding["key"]
        assert finding["kind"] in KINDS, finding["key"]
        assert finding["category"].casefold() in CATEGORIES, finding["key"]
        kinds[finding["kind"]] += 1
    assert kinds["missed_opportunity"] >= 3
    assert kinds["good_practice"] >= 1
    keys = [f["key"] for f in REVIEW["findings"]]
    assert len(keys) == len(set(keys))


def test_every_question_is_answered_by_a_finding() -> None:
    answered = {q for f in REVIEW["findings"] for q in f["questions"]}
    for question in REVIEW["research_questions"]:
        assert question["number"] in answered, f"question {question['number']} has no finding"


def test_recommendations_trace_to_findings_and_listed_agencies() -> None:
    agencies = {a["short_name"] for a in REVIEW["agencies"]}
    findings = {f["key"] for f in REVIEW["findings"]}
    lessons = {lesson["number"] for lesson in REVIEW["lessons"]}
    for rec in REVIEW["recommendations"]:
        assert rec["targets"] and set(rec["targets"]) <= agencies, rec["number"]
        assert rec["findings"] and set(rec["findings"]) <= findings, rec["number"]
        assert set(rec["lessons"]) <= lessons, rec["number"]


def test_actions_cover_every_recommendation() -> None:
    actions = REVIEW["actions"]
    numbers = {r["number"] for r in REVIEW["recommendations"]}
    assert {a["recommendation"] for a in actions} == numbers
    assert {a["status"] for a in actions} == STATUSES
    overdue = [
        a for a in actions if a["status"] != "complete" and a["due_date"] < a["last_reviewed"]
    ]
    assert 1 <= len(overdue) <= 2
    for action in actions:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", action["due_date"]), action
        assert action["owner"] and action["evidence_of_impact"], action


def test_subjects_are_register_aliases() -> None:
    aliases = {alias for person in REVIEW["people"] for alias in person["aliases"]}
    for short, row in _events():
        subjects = [s for s in row["Subject(s)"].split("; ") if s]
        unknown = [s for s in subjects if s not in aliases]
        assert not unknown, f"{short}:{row['Ref']} subjects {unknown}"


def _real_name_patterns() -> list[re.Pattern[str]]:
    parts = {part for p in REVIEW["people"] for part in p["real_name"].split()}
    assert parts
    return [re.compile(rf"\b{re.escape(part)}\b", re.IGNORECASE) for part in sorted(parts)]


def _all_text(path: Path) -> str:
    """Every text a chronology file shows: all sheets, all paragraphs and tables."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
        return "\n".join(
            cell_text(v)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for v in row
        )
    if path.suffix == ".docx":
        from docx import Document

        document = Document(str(path))
        parts = [p.text for p in document.paragraphs]
        parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join(parts)
    return "\n".join(cell_text(v) for row in read_table(path).rows for v in row)


def test_no_real_name_in_any_chronology() -> None:
    patterns = _real_name_patterns()
    for agency in REVIEW["agencies"]:
        if not agency["file"]:
            continue
        path = DEMO_DIR / agency["file"]
        text = _all_text(path)
        assert len(text) > 1000, path.name
        for pattern in patterns:
            assert not pattern.search(text), f"{path.name} contains {pattern.pattern}"


def test_real_names_only_in_the_people_register() -> None:
    assert "fictional" in REVIEW["_note"]
    patterns = _real_name_patterns()
    rest = {key: value for key, value in REVIEW.items() if key != "people"}
    text = json.dumps(rest, ensure_ascii=False)
    for pattern in patterns:
        assert not pattern.search(text), f"review.json mentions {pattern.pattern}"


def test_glossary_covers_abbreviations_in_the_chronologies() -> None:
    known = {g["abbreviation"] for g in REVIEW["glossary"]}
    for short, row in _events():
        text = " ".join(row.values())
        for token in re.findall(r"\b[A-Z]{2,}[0-9]*\b|\bS\.\d+\b", text):
            assert token in known, f"{short}:{row['Ref']}: {token} not in glossary"


def test_seed_events_file_agrees_with_the_test_list() -> None:
    with open(DEMO_DIR / "seed_events.json", encoding="utf-8") as fh:
        from_file = [tuple(entry) for entry in json.load(fh)]
    assert from_file == SEED_EVENTS


@pytest.mark.parametrize(("short", "date", "keyword"), SEED_EVENTS)
def test_seed_event_has_a_row(short: str | None, date: str, keyword: str) -> None:
    matches = [
        (agency, row)
        for agency, row in _events(short)
        if row["Date"] == date and keyword.lower() in row["Event"].lower()
    ]
    assert matches, f"no {short or 'agency'} row dated {date!r} mentioning {keyword!r}"
