"""Header detection: column names, the header row, heading and repeated header rows."""

from __future__ import annotations

from datetime import date

import pytest

from tests.importers.fixtures import AGENCY_HEADER, HEADER, sample_rows
from workbench.importers.errors import ImportFileError
from workbench.importers.headers import (
    Field,
    HeaderGuess,
    detect_header,
    is_heading_row,
    is_repeated_header,
    looks_like_date,
    score_table,
    suggest_field,
)
from workbench.importers.readers import CellValue, RawTable


def _table(rows: list[list[CellValue]], name: str = "c.xlsx") -> RawTable:
    width = max((len(r) for r in rows), default=0)
    padded = [r + [None] * (width - len(r)) for r in rows]
    return RawTable(name, "Sheet1", padded, list(range(1, len(rows) + 1)), [])


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("Date", Field.DATE),
        ("date of contact", Field.DATE),
        ("Start Date", Field.DATE),
        ("Contact date", Field.DATE),
        ("Date of event", Field.DATE),
        ("DATE/TIME", Field.DATE),
        ("Time", Field.TIME),
        ("Start time", Field.TIME),
        ("Time of contact", Field.TIME),
        ("End date", Field.END_DATE),
        ("End time", Field.END_TIME),
        ("Ref", Field.SEQUENCE),
        ("Seq", Field.SEQUENCE),
        ("Sequence", Field.SEQUENCE),
        ("No.", Field.SEQUENCE),
        ("Entry no", Field.SEQUENCE),
        ("#", Field.SEQUENCE),
        ("Agency", Field.AGENCY),
        ("Source of information", Field.AGENCY),
        ("Organisation", Field.AGENCY),
        ("Source record", Field.SOURCE_RECORD),
        ("Source", Field.SOURCE_RECORD),
        ("Case note ID", Field.SOURCE_RECORD),
        ("Document", Field.SOURCE_RECORD),
        ("System", Field.SOURCE_RECORD),
        ("Record ref", Field.SOURCE_RECORD),
        ("Practitioner", Field.PRACTITIONER),
        ("Practitioner role", Field.PRACTITIONER),
        ("Worker", Field.PRACTITIONER),
        ("Staff", Field.PRACTITIONER),
        ("Professional", Field.PRACTITIONER),
        ("Author role", Field.PRACTITIONER),
        ("Subject(s)", Field.SUBJECTS),
        ("Subject", Field.SUBJECTS),
        ("Child", Field.SUBJECTS),
        ("Person", Field.SUBJECTS),
        ("Family member", Field.SUBJECTS),
        ("Name(s)", Field.SUBJECTS),
        ("Subject of entry", Field.SUBJECTS),
        ("Event", Field.EVENT),
        ("Details", Field.EVENT),
        ("Contact", Field.EVENT),
        ("Summary", Field.EVENT),
        ("Description", Field.EVENT),
        ("Event details", Field.EVENT),
        ("What happened", Field.EVENT),
        ("Information", Field.EVENT),
        ("Narrative", Field.EVENT),
        ("Details of contact / event", Field.EVENT),
        ("Action", Field.OUTCOME),
        ("Outcome", Field.OUTCOME),
        ("Action taken", Field.OUTCOME),
        ("Response", Field.OUTCOME),
        ("Next steps", Field.OUTCOME),
        ("Action / outcome", Field.OUTCOME),
        ("Analysis", Field.ANALYSIS),
        ("Comment", Field.ANALYSIS),
        ("Significance", Field.ANALYSIS),
        ("Impact", Field.ANALYSIS),
        ("Agency analysis", Field.ANALYSIS),
        ("Agency comment", Field.ANALYSIS),
        ("Reflection", Field.ANALYSIS),
        ("Significance / impact", Field.ANALYSIS),
        ("  DETAILS\nof contact ", Field.EVENT),
        ("Date of birth", Field.IGNORE),
        ("Colour", Field.IGNORE),
        ("", Field.IGNORE),
    ],
)
def test_suggest_field(text: str, field: Field) -> None:
    assert suggest_field(text) is field


def test_field_values_are_lower_case_names() -> None:
    assert str(Field.END_DATE) == "end_date"
    assert Field.SOURCE_RECORD.value == "source_record"
    assert {f.value for f in Field} >= {"date", "event", "ignore"}


def test_header_below_title_rows_canonical_confidence_one() -> None:
    rows: list[list[CellValue]] = [
        ["Agency chronology"],
        ["Agency: Police", None, None, "Author: DS Smith"],
        [],
        list(HEADER),
        *sample_rows(),
    ]
    guess = detect_header(_table(rows))
    assert guess.header_index == 3
    assert guess.columns == HEADER
    assert [guess.mapping[i] for i in range(9)] == [
        Field.SEQUENCE,
        Field.DATE,
        Field.TIME,
        Field.SOURCE_RECORD,
        Field.PRACTITIONER,
        Field.SUBJECTS,
        Field.EVENT,
        Field.OUTCOME,
        Field.ANALYSIS,
    ]
    assert guess.confidence == 1.0


def test_agency_header_variants() -> None:
    guess = detect_header(_table([list(AGENCY_HEADER), *sample_rows()]))
    assert guess.header_index == 0
    assert guess.mapping[0] is Field.SEQUENCE
    assert guess.mapping[3] is Field.SOURCE_RECORD
    assert guess.mapping[8] is Field.ANALYSIS
    assert guess.confidence == 1.0


def test_unknown_columns_lower_confidence_and_are_ignored() -> None:
    rows: list[list[CellValue]] = [
        ["Date", "Colour", "Weather", "Event"],
        [date(2015, 1, 2), "red", "rain", "Visit"],
    ]
    guess = detect_header(_table(rows))
    assert guess.mapping == {0: Field.DATE, 1: Field.IGNORE, 2: Field.IGNORE, 3: Field.EVENT}
    assert 0.4 < guess.confidence < 1.0


def test_undated_rows_lower_confidence() -> None:
    good = [["Date", "Event"], ["22/05/2016", "a"], ["spring 2015", "b"], ["?1/2/2016", "c"]]
    bad = [["Date", "Event"], ["visit", "a"], ["call", "b"], ["letter", "c"]]
    assert detect_header(_table(good)).confidence == 1.0  # type: ignore[arg-type]
    assert detect_header(_table(bad)).confidence == 0.7  # type: ignore[arg-type]


def test_single_value_fields_map_once_text_fields_many() -> None:
    rows: list[list[CellValue]] = [["Date", "Date recorded", "Contact", "Details", "Event"]]
    guess = detect_header(_table(rows))
    assert guess.mapping == {
        0: Field.DATE,
        1: Field.IGNORE,
        2: Field.EVENT,
        3: Field.EVENT,
        4: Field.EVENT,
    }


def test_no_header_raises_with_reason() -> None:
    rows: list[list[CellValue]] = [["Agency", "Police"], ["Author", "Smith"], ["Date", "1/2/2020"]]
    with pytest.raises(ImportFileError) as info:
        detect_header(_table(rows, "cover.docx"))
    assert str(info.value) == (
        "cover.docx: no table with a date column and an event column was found"
    )


def test_header_beyond_max_scan_is_not_found() -> None:
    rows: list[list[CellValue]] = [[f"Preamble line {n}."] for n in range(5)]
    rows.append(["Date", "Event"])
    assert detect_header(_table(rows), max_scan=6).header_index == 5
    with pytest.raises(ImportFileError):
        detect_header(_table(rows), max_scan=5)


def test_long_text_is_not_a_header() -> None:
    long_text = "On this date the worker made contact with the family about the event " * 2
    rows: list[list[CellValue]] = [
        ["1/2/2015", long_text, "Date of next event"],
        ["Date", "Event", "Outcome"],
    ]
    assert detect_header(_table(rows)).header_index == 1


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["Period 2: leaving care"] * 9, True),
        (["2015", None, None, None], True),
        ([2015, None, None], True),
        ([None, "Period 2: leaving care", None], True),
        (["Heading", "Heading", None], True),
        ([None, None, None], False),
        ([1, "2/3/2015", None, "Visit"], False),
        (["Visit by the social worker, child seen alone and spoke about school.", None], False),
        (["Line one\nline two", None, None], False),
        ([7, None, None], False),
        ([date(2015, 1, 1), None, None], False),
    ],
)
def test_is_heading_row(row: list[CellValue], expected: bool) -> None:
    assert is_heading_row(row, len(row)) is expected


def test_one_column_table_has_no_heading_rows() -> None:
    assert not is_heading_row(["2015"], 1)


def test_is_repeated_header() -> None:
    guess = HeaderGuess(0, list(HEADER), {}, 1.0)
    assert is_repeated_header(list(HEADER), guess)
    assert is_repeated_header(
        ["REF", "date", "time", None, None, None, "Event", "ACTION/OUTCOME", None], guess
    )
    assert not is_repeated_header(
        ["Ref", "Date", None, None, None, None, "Event", None, None], guess
    )  # fewer than half the names: not a header copy
    assert is_repeated_header([h.upper() + " " for h in HEADER], guess)
    assert not is_repeated_header(sample_rows()[0], guess)
    other: list[CellValue] = ["Ref", "Date", None, None, None, None, "Event happened", None, None]
    assert not is_repeated_header(other, guess)
    alone: list[CellValue] = ["Ref", None, None, None, None, None, None, None, None]
    assert not is_repeated_header(alone, guess)
    assert not is_repeated_header([*HEADER, "extra"], guess)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2016, 5, 22), True),
        ("22/05/2016", True),
        ("22.05.16", True),
        ("22-May-16", True),
        ("spring 2015", True),
        ("?22/05/2016", True),
        ("w/c 10/06/2016", True),
        ("c. 2005", True),
        ("aged 7 and a half", True),
        (42512, True),
        (42512.5, True),
        ("Visit", False),
        (None, False),
        (True, False),
    ],
)
def test_looks_like_date(value: CellValue, expected: bool) -> None:
    assert looks_like_date(value) is expected


def test_score_table_prefers_chronology() -> None:
    chronology = _table([list(HEADER), *sample_rows()])
    cover = _table([["Agency", "Police"], ["Date", "1/2/2020"]])
    header_only = _table([list(HEADER)])
    assert score_table(cover) == 0.0
    assert score_table(chronology) > score_table(header_only) > 0.0
    assert 0.0 < score_table(chronology) <= 1.0
