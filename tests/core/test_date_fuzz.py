"""The date parser under random input: only DateParseError escapes, and never slowly.

Date cells come from files sent in by other organisations, so the parser sees anything:
random text, control characters, very long strings, near-misses of real forms. Whatever
it is given, it returns a well-formed FuzzyDate or raises DateParseError, and each call
takes a few milliseconds at most (no catastrophic regular-expression backtracking).
"""

from __future__ import annotations

import random
import string
import time
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.dates import (
    MAX_YEAR,
    MIN_YEAR,
    DateParseError,
    FuzzyDate,
    Precision,
    parse_date,
    parse_datetime_text,
)

#: The slowest a single call may be (generous for a shared, busy machine).
PER_CALL_LIMIT = 0.25

TOKENS = [
    "22",
    "5",
    "05",
    "2016",
    "16",
    "31",
    "29",
    "02",
    "1999",
    "0",
    "00",
    "9999",
    "1800",
    "2200",
    "13",
    "/",
    ".",
    "-",
    " ",
    "  ",
    ",",
    "?",
    "(?)",
    "(approx)",
    "c.",
    "circa",
    "about",
    "around",
    "approx.",
    "ca.",
    "May",
    "may",
    "Sept",
    "September",
    "Feb",
    "june",
    "w/c",
    "w/e",
    "week commencing",
    "early",
    "mid",
    "late",
    "end of",
    "beginning of",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "Q2",
    "Q5",
    "aged",
    "age",
    "at age",
    "and a half",
    "½",
    "months",
    "to",
    "between",
    "and",
    "until",
    "before",
    "after",
    "onwards",
    "unknown",
    "n/k",
    "not known",
    "date unknown",
    "st",
    "nd",
    "rd",
    "th",
    "Monday",
    "Tue",
    "14:30",
    "2.30pm",
    "1430hrs",
    "T",
    "am",
    "pm",
    "--",
    "//",
    "..",
    "\t",
    "\n",
    "\u00a0",
    "–",
    "—",
    "２０１６",
    "٢٠١٦",
    "\x00",
    "\ufeff",
]


def _check(text: str, *, dob: date | None = None, pivot: int | None = None) -> None:
    start = time.perf_counter()
    try:
        result = parse_date(text, date_of_birth=dob, pivot_year=pivot)
    except DateParseError as exc:
        assert isinstance(exc.reason, str) and exc.reason
        assert str(exc) == exc.reason
    else:
        _well_formed(result)
    elapsed = time.perf_counter() - start
    assert elapsed < PER_CALL_LIMIT, f"{text!r} took {elapsed:.3f} s"


def _well_formed(result: FuzzyDate) -> None:
    assert isinstance(result, FuzzyDate)
    if result.precision is Precision.UNKNOWN:
        assert result.earliest is None and result.latest is None
        return
    assert result.earliest is not None and result.latest is not None
    assert result.earliest <= result.latest
    assert result.earliest.year >= MIN_YEAR and result.latest.year <= MAX_YEAR + 1
    assert result.text  # kept as written


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=80))
def test_random_text(text: str) -> None:
    _check(text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(TOKENS), min_size=1, max_size=12).map("".join),
    st.one_of(st.none(), st.dates(date(1850, 1, 1), date(2150, 12, 31))),
    st.one_of(st.none(), st.integers(1900, 2300)),
)
def test_date_like_text(text: str, dob: date | None, pivot: int | None) -> None:
    _check(text, dob=dob, pivot=pivot)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=10).map(" ".join))
def test_date_and_time_text(text: str) -> None:
    start = time.perf_counter()
    try:
        fuzzy, clock = parse_datetime_text(text)
    except DateParseError:
        pass
    else:
        _well_formed(fuzzy)
        assert clock is None or (len(clock) == 5 and clock[2] == ":")
    assert time.perf_counter() - start < PER_CALL_LIMIT


@pytest.mark.parametrize("seed", range(4))
def test_seeded_random_strings(seed: int) -> None:
    """Plain random strings, long ones included (reproducible by seed)."""
    rng = random.Random(seed)
    alphabet = string.printable + "äéß½–—‘’“”\u200b\u202e\x00\x7f"
    start = time.perf_counter()
    for _ in range(1500):
        length = rng.choice([1, 3, 8, 12, 20, 40, 199, 200, 201, 1000, 20_000])
        if rng.random() < 0.5:
            text = "".join(rng.choice(alphabet) for _ in range(length))
        else:
            text = "".join(rng.choice(TOKENS) for _ in range(max(1, length // 4)))
        _check(text)
    assert time.perf_counter() - start < 15


@pytest.mark.parametrize(
    "text",
    [
        "1" * 10_000,
        "/" * 10_000,
        "22/" * 5_000,
        "early " * 3_000 + "2016",
        "c. " * 3_000 + "May 2016",
        "aged " + "7 " * 5_000,
        "?" * 10_000,
        "between " * 2_000,
        " - ".join(["22/05/2016"] * 1_000),
        "22/05/2016" + " " * 100_000,
    ],
)
def test_pathological_inputs_are_quick(text: str) -> None:
    _check(text)


def test_non_strings_raise_date_parse_error_only() -> None:
    for value in (None, 42, 3.5, b"22/05/2016", ["2016"]):
        try:
            parse_date(value)  # type: ignore[arg-type]
        except DateParseError:
            pass
        except TypeError:
            pytest.fail(f"{value!r} raised TypeError instead of DateParseError")
