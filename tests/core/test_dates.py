"""Uncertain dates: every accepted form, every rejection, ordering, Excel serials and
property-based checks of bounds, round trips and robustness."""

from __future__ import annotations

import math
import pickle
from collections.abc import Callable
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.dates import (
    MAX_TEXT_LENGTH,
    DateParseError,
    FuzzyDate,
    Precision,
    excel_serial_to_date,
    from_date,
    from_excel_serial,
    parse_date,
    parse_datetime_text,
)

PIVOT = 2036  # passed explicitly so two-digit years do not depend on the clock

D = date
P = Precision

# text -> earliest, latest, precision, approximate, doubtful
ACCEPTED: list[tuple[str, date | None, date | None, Precision, bool, bool]] = [
    # exact days
    ("22/05/2016", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("22/5/16", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("22.05.16", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("22-05-2016", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("22-May-16", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("22 May 2016", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("22nd May 2016", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("the 22nd of May 2016", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("Sunday 22 May 2016", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("Sun. 22 May 2016", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("May 22 2016", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("May 22, 2016", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("2016-05-22", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("2016-05-22T14:30", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("22/05/2016 14:30", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("  22   MAY   2016  ", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, False),
    ("1/2/2016", D(2016, 2, 1), D(2016, 2, 1), P.DAY, False, False),  # day first, never US
    ("29/02/2016", D(2016, 2, 29), D(2016, 2, 29), P.DAY, False, False),
    ("22/05/85", D(1985, 5, 22), D(1985, 5, 22), P.DAY, False, False),
    ("3 Sept 2015", D(2015, 9, 3), D(2015, 9, 3), P.DAY, False, False),
    # months
    ("May 2016", D(2016, 5, 1), D(2016, 5, 31), P.MONTH, False, False),
    ("Nov 2015", D(2015, 11, 1), D(2015, 11, 30), P.MONTH, False, False),
    ("November 2015", D(2015, 11, 1), D(2015, 11, 30), P.MONTH, False, False),
    ("05/2016", D(2016, 5, 1), D(2016, 5, 31), P.MONTH, False, False),
    ("Feb 2016", D(2016, 2, 1), D(2016, 2, 29), P.MONTH, False, False),
    ("2016-05", D(2016, 5, 1), D(2016, 5, 31), P.MONTH, False, False),
    ("??/05/2016", D(2016, 5, 1), D(2016, 5, 31), P.MONTH, False, False),
    # seasons and parts of a year
    ("spring 2015", D(2015, 3, 1), D(2015, 5, 31), P.SEASON, False, False),
    ("summer 2015", D(2015, 6, 1), D(2015, 8, 31), P.SEASON, False, False),
    ("autumn 2015", D(2015, 9, 1), D(2015, 11, 30), P.SEASON, False, False),
    ("fall 2015", D(2015, 9, 1), D(2015, 11, 30), P.SEASON, False, False),
    ("winter 2015", D(2015, 12, 1), D(2016, 2, 29), P.SEASON, False, False),
    ("winter 2015/16", D(2015, 12, 1), D(2016, 2, 29), P.SEASON, False, False),
    ("Spring of 2015", D(2015, 3, 1), D(2015, 5, 31), P.SEASON, False, False),
    ("early 2015", D(2015, 1, 1), D(2015, 4, 30), P.SEASON, False, False),
    ("mid 2015", D(2015, 5, 1), D(2015, 8, 31), P.SEASON, False, False),
    ("mid-2015", D(2015, 5, 1), D(2015, 8, 31), P.SEASON, False, False),
    ("late 2015", D(2015, 9, 1), D(2015, 12, 31), P.SEASON, False, False),
    ("end of 2015", D(2015, 9, 1), D(2015, 12, 31), P.SEASON, False, False),
    # years
    ("2013", D(2013, 1, 1), D(2013, 12, 31), P.YEAR, False, False),
    # parts of a month
    ("early May 2016", D(2016, 5, 1), D(2016, 5, 10), P.RANGE, False, False),
    ("mid May 2016", D(2016, 5, 11), D(2016, 5, 20), P.RANGE, False, False),
    ("late May 2016", D(2016, 5, 21), D(2016, 5, 31), P.RANGE, False, False),
    ("end of June 2016", D(2016, 6, 21), D(2016, 6, 30), P.RANGE, False, False),
    # ranges
    ("June 10-24 2016", D(2016, 6, 10), D(2016, 6, 24), P.RANGE, False, False),
    ("10-24 June 2016", D(2016, 6, 10), D(2016, 6, 24), P.RANGE, False, False),
    ("10 - 24 June 2016", D(2016, 6, 10), D(2016, 6, 24), P.RANGE, False, False),
    ("10th\u201324th June 2016", D(2016, 6, 10), D(2016, 6, 24), P.RANGE, False, False),
    ("10 June - 2 July 2016", D(2016, 6, 10), D(2016, 7, 2), P.RANGE, False, False),
    ("10/06/2016 - 24/06/2016", D(2016, 6, 10), D(2016, 6, 24), P.RANGE, False, False),
    ("10/06/2016 to 24/06/2016", D(2016, 6, 10), D(2016, 6, 24), P.RANGE, False, False),
    ("between 10/06/2016 and 24/06/2016", D(2016, 6, 10), D(2016, 6, 24), P.RANGE, False, False),
    ("between 10 and 24 June 2016", D(2016, 6, 10), D(2016, 6, 24), P.RANGE, False, False),
    ("from 10 June to 24 June 2016", D(2016, 6, 10), D(2016, 6, 24), P.RANGE, False, False),
    ("2016-06-10 - 2016-06-24", D(2016, 6, 10), D(2016, 6, 24), P.RANGE, False, False),
    ("Apr-Jun 2016", D(2016, 4, 1), D(2016, 6, 30), P.RANGE, False, False),
    ("Dec 2015 - Feb 2016", D(2015, 12, 1), D(2016, 2, 29), P.RANGE, False, False),
    ("2015-2016", D(2015, 1, 1), D(2016, 12, 31), P.RANGE, False, False),
    ("2015/16", D(2015, 1, 1), D(2016, 12, 31), P.RANGE, False, False),
    ("1999/00", D(1999, 1, 1), D(2000, 12, 31), P.RANGE, False, False),
    ("Q2 2016", D(2016, 4, 1), D(2016, 6, 30), P.RANGE, False, False),
    ("Q4 2015", D(2015, 10, 1), D(2015, 12, 31), P.RANGE, False, False),
    # weeks
    ("w/c 10/06/2016", D(2016, 6, 10), D(2016, 6, 16), P.WEEK, False, False),
    ("week commencing 10 June 2016", D(2016, 6, 10), D(2016, 6, 16), P.WEEK, False, False),
    ("w/e 17/06/2016", D(2016, 6, 11), D(2016, 6, 17), P.WEEK, False, False),
    # flags
    ("c. 2005", D(2005, 1, 1), D(2005, 12, 31), P.YEAR, True, False),
    ("c 2005", D(2005, 1, 1), D(2005, 12, 31), P.YEAR, True, False),
    ("c.2005", D(2005, 1, 1), D(2005, 12, 31), P.YEAR, True, False),
    ("circa 2005", D(2005, 1, 1), D(2005, 12, 31), P.YEAR, True, False),
    ("approx. May 2016", D(2016, 5, 1), D(2016, 5, 31), P.MONTH, True, False),
    ("about spring 2015", D(2015, 3, 1), D(2015, 5, 31), P.SEASON, True, False),
    ("May 2016 (approx)", D(2016, 5, 1), D(2016, 5, 31), P.MONTH, True, False),
    ("?22/05/2016", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, True),
    ("22/05/2016?", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, True),
    ("22/05/2016 (?)", D(2016, 5, 22), D(2016, 5, 22), P.DAY, False, True),
    ("?c. 2005", D(2005, 1, 1), D(2005, 12, 31), P.YEAR, True, True),
    # unknown
    ("unknown", None, None, P.UNKNOWN, False, False),
    ("Unknown", None, None, P.UNKNOWN, False, False),
    ("n/k", None, None, P.UNKNOWN, False, False),
    ("N/K", None, None, P.UNKNOWN, False, False),
    ("not known", None, None, P.UNKNOWN, False, False),
    ("date unknown", None, None, P.UNKNOWN, False, False),
    ("?", None, None, P.UNKNOWN, False, False),
]


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision", "approximate", "doubtful"), ACCEPTED
)
def test_accepted_forms(
    text: str,
    earliest: date | None,
    latest: date | None,
    precision: Precision,
    approximate: bool,
    doubtful: bool,
) -> None:
    parsed = parse_date(text, pivot_year=PIVOT)
    assert (parsed.earliest, parsed.latest, parsed.precision) == (earliest, latest, precision)
    assert (parsed.approximate, parsed.doubtful) == (approximate, doubtful)
    assert parsed.text == text.strip()


@pytest.mark.parametrize(("text", "_e", "_l", "_p", "_a", "_d"), ACCEPTED)
def test_display_of_accepted_forms_round_trips(
    text: str, _e: object, _l: object, _p: object, _a: object, _d: object
) -> None:
    parsed = parse_date(text, pivot_year=PIVOT)
    again = parse_date(parsed.display(), pivot_year=PIVOT)
    assert _same_meaning(parsed, again), (parsed.display(), again)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("22 May 2016", "22 May 2016"),
        ("22/05/2016", "22 May 2016"),
        ("May 2016", "May 2016"),
        ("spring 2015", "spring 2015"),
        ("winter 2015", "winter 2015/16"),
        ("2013", "2013"),
        ("June 10-24 2016", "10-24 Jun 2016"),
        ("10 June - 2 July 2016", "10 Jun - 2 Jul 2016"),
        ("w/c 10/06/2016", "w/c 10 Jun 2016"),
        ("circa 2005", "c. 2005"),
        ("?22/05/2016", "?22 May 2016"),
        ("end of 2015", "late 2015"),
        ("early 2015", "early 2015"),
        ("early May 2016", "1-10 May 2016"),
        ("Q2 2016", "Apr-Jun 2016"),
        ("2015/16", "2015-2016"),
        ("n/k", "unknown"),
    ],
)
def test_display(text: str, expected: str) -> None:
    assert parse_date(text, pivot_year=PIVOT).display() == expected


DOB = date(2009, 3, 15)


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("aged 7", D(2016, 3, 15), D(2017, 3, 14)),
        ("age 7", D(2016, 3, 15), D(2017, 3, 14)),
        ("Aged 7 years", D(2016, 3, 15), D(2017, 3, 14)),
        ("aged 7 and a half", D(2016, 9, 15), D(2017, 3, 14)),
        ("aged 7\u00bd", D(2016, 9, 15), D(2017, 3, 14)),
        ("aged 7.5", D(2016, 9, 15), D(2017, 3, 14)),
        ("aged 14 and a half", D(2023, 9, 15), D(2024, 3, 14)),
        ("at age 16", D(2025, 3, 15), D(2026, 3, 14)),
        ("at the age of 16", D(2025, 3, 15), D(2026, 3, 14)),
        ("aged 0", D(2009, 3, 15), D(2010, 3, 14)),
        ("aged 18 months", D(2010, 9, 15), D(2010, 10, 14)),
    ],
)
def test_ages_relative_to_date_of_birth(text: str, earliest: date, latest: date) -> None:
    parsed = parse_date(text, date_of_birth=DOB)
    assert (parsed.earliest, parsed.latest, parsed.precision) == (earliest, latest, P.RANGE)
    assert not parsed.approximate
    assert not parsed.doubtful
    # the canonical text is explicit, so it no longer needs the date of birth
    again = parse_date(parsed.display())
    assert (again.earliest, again.latest, again.precision) == (earliest, latest, P.RANGE)


def test_age_of_a_leap_day_baby_uses_1_march() -> None:
    parsed = parse_date("aged 7", date_of_birth=date(2008, 2, 29))
    assert parsed.earliest == date(2015, 3, 1)
    assert parsed.latest == date(2016, 2, 28)  # the 8th birthday is 29 Feb 2016


@pytest.mark.parametrize("text", ["aged 7", "age 7", "aged 7 and a half", "at age 16"])
def test_age_without_date_of_birth_is_an_error(text: str) -> None:
    with pytest.raises(DateParseError, match="needs the person's date of birth"):
        parse_date(text)


REJECTED: list[tuple[str, str]] = [
    ("", "no date"),
    ("   ", "no date"),
    ("31/02/2016", "31/02/2016 is not a real date: February 2016 has 29 days"),
    ("13/13/2016", "no month 13"),
    ("00/05/2016", "no day 0"),
    ("29/02/2015", "February 2015 has 28 days"),
    ("32 May 2016", "May 2016 has 31 days"),
    ("31 June - 2 July 2016", "June 2016 has 30 days"),
    ("24/06/2016 - 10/06/2016", "before it starts"),
    ("2016 - 2015", "before it starts"),
    ("10 Dec - 5 Jan 2016", "before it starts"),
    ("hello", "no date in it"),
    ("the meeting", "no date in it"),
    ("abc 123 xyz", "could not read"),
    ("22/05/2016/2017", "could not read"),
    ("before May 2016", "open-ended"),
    ("after May 2016", "open-ended"),
    ("by 2016", "open-ended"),
    ("since 2015", "open-ended"),
    ("pre-2015", "open-ended"),
    ("2015 onwards", "open-ended"),
    ("from May 2016", "open-ended"),
    ("summer", "no year"),
    ("May", "no year"),
    ("22 May", "no year"),
    ("22/05", "no year"),
    ("May 16", "ambiguous"),
    ("May-16", "ambiguous"),
    ("05/16", "ambiguous"),
    ("2011-12", "ambiguous"),
    ("1799", "between 1800 and 2200"),
    ("01/01/1799", "between 1800 and 2200"),
    ("2201", "between 1800 and 2200"),
    ("winter 2200", "between 1800 and 2200"),
    ("Monday 22 May 2016", "is a Sunday, not a Monday"),
    ("Monday May 2016", "exact day"),
    ("May 2016 14:30", "time of day needs an exact day"),
    ("22/05/2016 25:00", "real time"),
    ("14:30", "time of day with no date"),
    ("14:30 - 16:00", "time of day with no date"),
    ("spring 2015/16", "only a winter"),
    ("w/c May 2016", "week needs an exact"),
    ("42512", "number, not a date"),
    ("between 2015", "between"),
    ("2" * 201, f"at most {MAX_TEXT_LENGTH}"),
    ("1 " * 150, f"at most {MAX_TEXT_LENGTH}"),
]


@pytest.mark.parametrize(("text", "reason"), REJECTED)
def test_rejected_forms(text: str, reason: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date(text, pivot_year=PIVOT)
    assert reason in caught.value.reason
    assert str(caught.value) == caught.value.reason
    assert caught.value.text == text.strip()


def test_error_is_a_value_error_and_pickles() -> None:
    with pytest.raises(ValueError) as caught:
        parse_date("31/02/2016")
    assert isinstance(caught.value, DateParseError)
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.text, copy.reason) == ("31/02/2016", caught.value.reason)


def test_non_text_input_is_a_parse_error() -> None:
    with pytest.raises(DateParseError):
        parse_date(42512)  # type: ignore[arg-type]


def test_two_digit_years_use_the_pivot() -> None:
    assert parse_date("22/05/16", pivot_year=2036).earliest == date(2016, 5, 22)
    assert parse_date("22/05/85", pivot_year=2036).earliest == date(1985, 5, 22)
    assert parse_date("22/05/36", pivot_year=2036).earliest == date(2036, 5, 22)
    assert parse_date("22/05/37", pivot_year=2036).earliest == date(1937, 5, 22)
    assert parse_date("22/05/16", pivot_year=2010).earliest == date(1916, 5, 22)
    # default pivot: this year + 10
    default = parse_date("22/05/16").earliest
    assert default is not None
    assert default.year == 2016
    pivot = date.today().year + 10
    expected = pivot - pivot % 100 + 85
    expected = expected - 100 if expected > pivot else expected
    assert parse_date("22/05/85").earliest == date(expected, 5, 22)


@pytest.mark.parametrize(
    ("text", "day", "time"),
    [
        ("2016-05-22T14:30", D(2016, 5, 22), "14:30"),
        ("2016-05-22T14:30:59Z", D(2016, 5, 22), "14:30"),
        ("22/05/2016 14:30", D(2016, 5, 22), "14:30"),
        ("22/05/2016 9:05", D(2016, 5, 22), "09:05"),
        ("22/05/2016 14.30", D(2016, 5, 22), "14:30"),
        ("22 May 2016 at 2:30pm", D(2016, 5, 22), "14:30"),
        ("22/05/2016 2pm", D(2016, 5, 22), "14:00"),
        ("22/05/2016 12am", D(2016, 5, 22), "00:00"),
        ("22/05/2016 1430hrs", D(2016, 5, 22), "14:30"),
        ("22/05/2016 14:30-16:00", D(2016, 5, 22), "14:30"),
        ("22/05/2016 14:30 to 16:00", D(2016, 5, 22), "14:30"),
        ("22/05/2016", D(2016, 5, 22), None),
        ("22 May 16", D(2016, 5, 22), None),
    ],
)
def test_parse_datetime_text(text: str, day: date, time: str | None) -> None:
    parsed, found = parse_datetime_text(text, pivot_year=PIVOT)
    assert (parsed.earliest, parsed.latest, parsed.precision) == (day, day, P.DAY)
    assert found == time
    assert parse_date(text, pivot_year=PIVOT) == parsed


# --- Excel serials -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (42512.0, D(2016, 5, 22)),
        (42512.75, D(2016, 5, 22)),
        (42512, D(2016, 5, 22)),
        (42370, D(2016, 1, 1)),
        (1, D(1900, 1, 1)),
        (59, D(1900, 2, 28)),
        (61, D(1900, 3, 1)),
        (45658, D(2025, 1, 1)),
    ],
)
def test_excel_serials(serial: float, expected: date) -> None:
    assert excel_serial_to_date(serial) == expected
    fuzzy = from_excel_serial(serial)
    assert (fuzzy.earliest, fuzzy.latest, fuzzy.precision) == (expected, expected, P.DAY)
    assert fuzzy.text == f"{expected.day:02d}/{expected.month:02d}/{expected.year}"


def test_excel_serial_keeps_given_text() -> None:
    assert from_excel_serial(42512.0, text="22-May-16").text == "22-May-16"


@pytest.mark.parametrize(
    "serial", [60, 60.5, 0, 0.5, -1, math.nan, math.inf, -math.inf, 10**9, 1e300, True]
)
def test_bad_excel_serials(serial: float) -> None:
    with pytest.raises(DateParseError):
        excel_serial_to_date(serial)
    with pytest.raises(DateParseError):
        from_excel_serial(serial)


def test_excel_serial_60_explains_the_fictitious_leap_day() -> None:
    with pytest.raises(DateParseError, match="29 Feb 1900"):
        excel_serial_to_date(60)


@given(st.dates(min_value=date(1900, 3, 1), max_value=date(2200, 12, 31)), st.floats(0, 0.999))
@settings(max_examples=200, deadline=None)
def test_excel_serial_matches_day_count(day: date, fraction: float) -> None:
    serial = (day - date(1899, 12, 30)).days + fraction
    assert excel_serial_to_date(serial) == day


# --- from_date, model invariants, comparisons --------------------------------------------


def test_from_date() -> None:
    fuzzy = from_date(date(2016, 5, 22))
    assert fuzzy == FuzzyDate("22/05/2016", date(2016, 5, 22), date(2016, 5, 22), P.DAY)
    assert from_date(datetime(2016, 5, 22, 14, 30), "22 May").earliest == date(2016, 5, 22)
    assert from_date(date(2016, 5, 22), "Sunday 22nd").text == "Sunday 22nd"
    with pytest.raises(DateParseError):
        from_date(date(1700, 1, 1))


def test_fuzzy_date_rejects_inconsistent_bounds() -> None:
    with pytest.raises(ValueError):
        FuzzyDate("x", date(2016, 5, 2), date(2016, 5, 1), P.RANGE)
    with pytest.raises(ValueError):
        FuzzyDate("x", None, date(2016, 5, 1), P.RANGE)
    with pytest.raises(ValueError):
        FuzzyDate("x", date(2016, 5, 1), date(2016, 5, 1), P.UNKNOWN)


def test_precision_given_as_text_is_stored_as_the_enum() -> None:
    fuzzy = FuzzyDate("May 2016", date(2016, 5, 1), date(2016, 5, 31), "month")  # type: ignore[arg-type]
    assert fuzzy.precision is P.MONTH
    assert fuzzy == parse_date("May 2016")


def test_sorting_a_mixed_list() -> None:
    texts = [
        "unknown",
        "2016",
        "spring 2016",
        "May 2016",
        "22/05/2016",
        "w/c 02/05/2016",
        "2015",
        "01/05/2016",
        "n/k",
        "c. 2005",
        "Apr-Jun 2016",
    ]
    ordered = [d.text for d in sorted(parse_date(t) for t in texts)]
    assert ordered == [
        "c. 2005",
        "2015",
        "2016",  # 1 Jan 2016
        "spring 2016",  # 1 Mar 2016
        "Apr-Jun 2016",  # 1 Apr 2016
        "01/05/2016",  # 1 May, exact day before the month that also starts on 1 May
        "May 2016",
        "w/c 02/05/2016",
        "22/05/2016",
        "n/k",  # unknown dates last, by text
        "unknown",
    ]


def test_ordering_operators_and_equality() -> None:
    day = parse_date("22/05/2016")
    month = parse_date("May 2016")
    unknown = parse_date("unknown")
    assert month < day < unknown
    assert unknown > day >= day
    assert day <= parse_date("22/05/2016")
    assert day == parse_date("22/05/2016")
    assert day != parse_date("22 May 2016")  # the text as written is part of the value
    assert day.sort_key()[:4] == (date(2016, 5, 22), date(2016, 5, 22), 0, "22/05/2016")
    assert unknown.sort_key()[:2] == (date.max, date.max)
    assert len({day, parse_date("22/05/2016"), month}) == 2


def test_describe() -> None:
    spring = parse_date("spring 2015").describe()
    assert "1 Mar 2015" in spring
    assert "31 May 2015" in spring
    assert "season" in spring
    assert spring == "spring 2015 -> 1 Mar 2015 - 31 May 2015, season"
    assert parse_date("22 May 2016").describe() == "22 May 2016 (exact day)"
    assert parse_date("22/05/2016").describe() == "22/05/2016 -> 22 May 2016 (exact day)"
    assert "approximate" in parse_date("c. 2005").describe()
    assert "doubtful" in parse_date("?22/05/2016").describe()
    assert "not known" in parse_date("n/k").describe()
    assert "range of 15 days" in parse_date("10-24 June 2016").describe()


def test_midpoint_contains_overlaps() -> None:
    may = parse_date("May 2016")
    assert may.midpoint == date(2016, 5, 16)
    assert parse_date("22/05/2016").midpoint == date(2016, 5, 22)
    assert parse_date("unknown").midpoint is None
    assert may.contains(date(2016, 5, 1))
    assert may.contains(date(2016, 5, 31))
    assert may.contains(datetime(2016, 5, 31, 23, 0))
    assert not may.contains(date(2016, 6, 1))
    assert not parse_date("unknown").contains(date(2016, 5, 1))
    assert may.overlaps(parse_date("spring 2016"))
    assert parse_date("spring 2016").overlaps(may)
    assert not may.overlaps(parse_date("June 2016"))
    assert not may.overlaps(parse_date("unknown"))
    assert not parse_date("n/k").overlaps(may)


# --- property-based ------------------------------------------------------------------------

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ANY_DATE = st.dates(min_value=date(1850, 1, 1), max_value=date(2190, 12, 31))
TWO_DIGIT_DATE = st.dates(min_value=date(PIVOT - 99, 1, 1), max_value=date(PIVOT, 12, 31))


def _ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


Expected = tuple[str, date, date, Precision]

DAY_FORMS: list[Callable[[date], str]] = [
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    lambda d: f"{d.day}/{d.month}/{d.year}",
    lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}",
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day}-{MONTHS[d.month - 1][:3]}-{d.year}",
    lambda d: f"{_ordinal(d.day)} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{MONTHS[d.month - 1][:3]} {d.day} {d.year}",
    lambda d: d.isoformat(),
    lambda d: f"{d.isoformat()}T08:15",
    lambda d: f"{d.day:02d}/{d.month:02d}/{d.year} 23:59",
]
TWO_DIGIT_DAY_FORMS: list[Callable[[date], str]] = [
    lambda d: f"{d.day}/{d.month}/{d.year % 100:02d}",
    lambda d: f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}",
    lambda d: f"{d.day}-{MONTHS[d.month - 1][:3]}-{d.year % 100:02d}",
]


@st.composite
def day_texts(draw: st.DrawFn) -> Expected:
    if draw(st.booleans()):
        d = draw(ANY_DATE)
        form = draw(st.sampled_from(DAY_FORMS))
    else:
        d = draw(TWO_DIGIT_DATE)
        form = draw(st.sampled_from(TWO_DIGIT_DAY_FORMS))
    return form(d), d, d, P.DAY


@st.composite
def month_texts(draw: st.DrawFn) -> Expected:
    d = draw(ANY_DATE)
    y, m = d.year, d.month
    forms = [f"{MONTHS[m - 1]} {y}", f"{MONTHS[m - 1][:3]} {y}", f"{m:02d}/{y}", f"{m}/{y}"]
    if m != (y + 1) % 100:
        forms.append(f"{y}-{m:02d}")
    return draw(st.sampled_from(forms)), date(y, m, 1), _month_end(y, m), P.MONTH


SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "end of": (9, 12)}


@st.composite
def season_texts(draw: st.DrawFn) -> Expected:
    y = draw(st.integers(1850, 2190))
    name = draw(st.sampled_from([*SEASONS, *YEAR_PARTS, "winter"]))
    if name == "winter":
        text = draw(st.sampled_from([f"winter {y}", f"winter {y}/{(y + 1) % 100:02d}"]))
        return text, date(y, 12, 1), _month_end(y + 1, 2), P.SEASON
    first, last = {**SEASONS, **YEAR_PARTS}[name]
    return f"{name} {y}", date(y, first, 1), _month_end(y, last), P.SEASON


@st.composite
def year_texts(draw: st.DrawFn) -> Expected:
    y = draw(st.integers(1850, 2190))
    return str(y), date(y, 1, 1), date(y, 12, 31), P.YEAR


@st.composite
def part_of_month_texts(draw: st.DrawFn) -> Expected:
    d = draw(ANY_DATE)
    y, m = d.year, d.month
    part = draw(st.sampled_from(["early", "mid", "late"]))
    first, last = {
        "early": (date(y, m, 1), date(y, m, 10)),
        "mid": (date(y, m, 11), date(y, m, 20)),
        "late": (date(y, m, 21), _month_end(y, m)),
    }[part]
    return f"{part} {MONTHS[m - 1]} {y}", first, last, P.RANGE


@st.composite
def quarter_texts(draw: st.DrawFn) -> Expected:
    y = draw(st.integers(1850, 2190))
    q = draw(st.integers(1, 4))
    return f"Q{q} {y}", date(y, 3 * q - 2, 1), _month_end(y, 3 * q), P.RANGE


@st.composite
def week_texts(draw: st.DrawFn) -> Expected:
    d = draw(ANY_DATE)
    text = draw(
        st.sampled_from(
            [
                f"w/c {d.day:02d}/{d.month:02d}/{d.year}",
                f"week commencing {d.day} {MONTHS[d.month - 1]} {d.year}",
            ]
        )
    )
    return text, d, d + timedelta(days=6), P.WEEK


@st.composite
def range_texts(draw: st.DrawFn) -> Expected:
    first = draw(ANY_DATE)
    last = first + timedelta(days=draw(st.integers(0, 800)))
    a, b = first, last
    forms = [
        f"{a:%d/%m/%Y} - {b:%d/%m/%Y}",
        f"{a:%d/%m/%Y} to {b:%d/%m/%Y}",
        f"between {a:%d/%m/%Y} and {b:%d/%m/%Y}",
        f"{a.day} {MONTHS[a.month - 1]} {a.year} - {b.day} {MONTHS[b.month - 1]} {b.year}",
    ]
    if a.year == b.year:
        forms.append(f"{a.day} {MONTHS[a.month - 1]} - {b.day} {MONTHS[b.month - 1]} {b.year}")
        if a.month == b.month:
            forms.append(f"{a.day}-{b.day} {MONTHS[b.month - 1]} {b.year}")
            forms.append(f"{MONTHS[b.month - 1]} {a.day}-{b.day} {b.year}")
    text = draw(st.sampled_from(forms))
    if draw(st.booleans()):  # whole years instead
        end_year = a.year + draw(st.integers(1, 9))
        text = draw(
            st.sampled_from([f"{a.year}-{end_year}", f"{a.year}/{end_year % 100:02d}"])
            if end_year // 100 == a.year // 100
            else st.just(f"{a.year}-{end_year}")
        )
        return text, date(a.year, 1, 1), date(end_year, 12, 31), P.RANGE
    return text, a, b, P.RANGE


BASE_TEXTS = st.one_of(
    day_texts(),
    month_texts(),
    season_texts(),
    year_texts(),
    part_of_month_texts(),
    quarter_texts(),
    week_texts(),
    range_texts(),
)


@st.composite
def flagged_texts(draw: st.DrawFn) -> tuple[str, date, date, Precision, bool, bool]:
    text, earliest, latest, precision = draw(BASE_TEXTS)
    approximate = draw(st.booleans())
    if approximate:
        text = draw(st.sampled_from(["c. ", "c ", "circa ", "approx. ", "about "])) + text
    doubtful = draw(st.booleans())
    if doubtful:
        text = f"?{text}" if draw(st.booleans()) else f"{text}?"
    case = draw(st.sampled_from([str.lower, str.upper, str.title, lambda s: s]))
    text = case(text)
    if draw(st.booleans()):
        text = "  " + text.replace(" ", "   ") + " "
    return text, earliest, latest, precision, approximate, doubtful


def _same_meaning(a: FuzzyDate, b: FuzzyDate) -> bool:
    return (a.earliest, a.latest, a.precision, a.approximate, a.doubtful) == (
        b.earliest,
        b.latest,
        b.precision,
        b.approximate,
        b.doubtful,
    )


@given(flagged_texts())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_forms_parse_to_their_bounds(
    case: tuple[str, date, date, Precision, bool, bool],
) -> None:
    text, earliest, latest, precision, approximate, doubtful = case
    parsed = parse_date(text, pivot_year=PIVOT)
    assert parsed.earliest is not None
    assert parsed.latest is not None
    assert parsed.earliest <= parsed.latest
    assert (parsed.earliest, parsed.latest, parsed.precision) == (earliest, latest, precision)
    assert (parsed.approximate, parsed.doubtful) == (approximate, doubtful)


@given(flagged_texts())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_display_round_trips(case: tuple[str, date, date, Precision, bool, bool]) -> None:
    parsed = parse_date(case[0], pivot_year=PIVOT)
    again = parse_date(parsed.display(), pivot_year=PIVOT)
    assert _same_meaning(parsed, again), (case[0], parsed.display(), again)
    assert parsed.describe().startswith(parsed.text)


@given(
    st.dates(min_value=date(1850, 1, 1), max_value=date(2100, 12, 31)),
    st.integers(0, 90),
    st.sampled_from(["aged {n}", "age {n}", "aged {n} and a half", "aged {n}\u00bd", "at age {n}"]),
)
@settings(max_examples=200, deadline=None)
def test_ages_round_trip_without_date_of_birth(birth: date, age: int, form: str) -> None:
    parsed = parse_date(form.format(n=age), date_of_birth=birth)
    assert parsed.earliest is not None
    assert parsed.latest is not None
    assert birth <= parsed.earliest <= parsed.latest
    assert parsed.latest - parsed.earliest < timedelta(days=366)
    assert _same_meaning(parsed, parse_date(parsed.display()))


def _check_total(text: str) -> None:
    try:
        parsed = parse_date(text, pivot_year=PIVOT)
    except DateParseError as exc:
        assert exc.reason
        return
    if parsed.precision is P.UNKNOWN:
        assert parsed.earliest is None
        assert parsed.latest is None
    else:
        assert parsed.earliest is not None
        assert parsed.latest is not None
        assert parsed.earliest <= parsed.latest


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_random_text_parses_or_raises_parse_error(text: str) -> None:
    _check_total(text)


TOKENS = st.sampled_from(
    [
        "22", "05", "5", "2016", "16", "1999", "00", "31", "29", "02", "13", "/", "-", ".",
        " ", "?", "c.", "may", "June", "sept", "spring", "winter", "early", "late", "end of",
        "w/c", "to", "and", "between", "from", "aged", "7", "and a half", "q2", "t", ":",
        "14:30", "pm", "unknown", "n/k", "before", "onwards", "\u2013", "\u00bd", "th",
    ]
)  # fmt: skip


@given(st.lists(TOKENS, max_size=10).map("".join))
@settings(max_examples=300, deadline=None)
def test_date_like_noise_parses_or_raises_parse_error(text: str) -> None:
    _check_total(text)
