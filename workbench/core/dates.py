"""Uncertain ("fuzzy") dates as agencies write them in chronologies.

A chronology date is kept exactly as written (:attr:`FuzzyDate.text`) together with the
earliest and latest day it can mean and a :class:`Precision`. Events sort by those bounds
and are shown with the original text. The parser never guesses: numbers are read day first
(UK), never month first, and anything that cannot be read without a guess raises
:class:`DateParseError` with a reason an editor can act on.

Accepted forms, case-insensitive, extra spaces tolerated:

======================================  =========  =============================================
form                                    precision  bounds
======================================  =========  =============================================
22/05/2016, 22.05.16, 22-May-16,        DAY        that day (a weekday, if given, must match;
22nd May 2016, May 22 2016, 2016-05-22             a trailing time "14:30" is split off)
w/c 10/06/2016, week commencing ...     WEEK       7 days from that day ("w/e": 7 days to it)
May 2016, 05/2016, 2016-05, ??/05/2016  MONTH      the whole month
spring / summer / autumn (fall) 2015    SEASON     Mar-May / Jun-Aug / Sep-Nov
winter 2015 (also winter 2015/16)       SEASON     1 Dec 2015 - end of Feb 2016
early / mid / late 2015                 SEASON     Jan-Apr / May-Aug / Sep-Dec ("end of" = late,
                                                   "beginning of" = early)
2013                                    YEAR       the whole year
early / mid / late May 2016             RANGE      days 1-10 / 11-20 / 21-end of the month
Q2 2016                                 RANGE      the calendar quarter (Apr-Jun)
10-24 June 2016, June 10-24 2016,       RANGE      start of the first part to the end of the
10 June - 2 July 2016, a to b,                     second; a part without a year (or month)
between a and b, 2015-2016, 2015/16                takes it from the second part
aged 7, aged 7 and a half, aged 7½,     RANGE      7th birthday to the day before the 8th
at age 16, aged 18 months                          (half: from the half-birthday); needs the
                                                   person's date of birth
unknown, n/k, not known, date unknown   UNKNOWN    no bounds
======================================  =========  =============================================

Flags: ``approximate`` for a leading "c.", "c", "ca.", "circa", "approx.", "about",
"around" or a trailing "(approx)"; ``doubtful`` for a leading or trailing "?" (the
Chronolator convention) or a trailing "(?)".

Two-digit years are placed in the hundred years ending at the pivot year (by default the
current year + 10). Years outside 1800-2200 are rejected. Open-ended dates ("before May
2016", "after 2015", "2015 onwards") are rejected rather than given an invented bound.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple, NoReturn

__all__ = [
    "MAX_TEXT_LENGTH",
    "MAX_YEAR",
    "MIN_YEAR",
    "DateParseError",
    "FuzzyDate",
    "Precision",
    "excel_serial_to_date",
    "from_date",
    "from_excel_serial",
    "parse_date",
    "parse_datetime_text",
]

MIN_YEAR = 1800
MAX_YEAR = 2200
MAX_TEXT_LENGTH = 200

MONTH_NAMES = (
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
)
MONTH_ABBREVIATIONS = tuple(name[:3] for name in MONTH_NAMES)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class Precision(StrEnum):
    """How precisely a date is known, from the narrowest to "not at all"."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    RANGE = "range"
    UNKNOWN = "unknown"


_PRECISION_RANK: dict[Precision, int] = {p: i for i, p in enumerate(Precision)}
_PRECISION_LABEL: dict[Precision, str] = {
    Precision.DAY: "exact day",
    Precision.WEEK: "week",
    Precision.MONTH: "month",
    Precision.SEASON: "season",
    Precision.YEAR: "year",
    Precision.RANGE: "range",
    Precision.UNKNOWN: "unknown",
}


class DateParseError(ValueError):
    """The only error the parser raises.

    Attributes:
        text: the date text as given (stripped of surrounding spaces).
        reason: a sentence for the editor, e.g.
            "31/02/2016 is not a real date: February 2016 has 29 days".
    """

    text: str
    reason: str

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(text, reason)
        self.text = text
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def _fmt(d: date) -> str:
    """ "22 May 2016"."""
    return f"{d.day} {MONTH_ABBREVIATIONS[d.month - 1]} {d.year}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# Named parts of a year: (first month, last month); a last month before the first one
# belongs to the next year (winter).
_SEASON_MONTHS: dict[str, tuple[int, int]] = {
    "spring": (3, 5),
    "summer": (6, 8),
    "autumn": (9, 11),
    "fall": (9, 11),
    "winter": (12, 2),
}
_YEAR_PART_MONTHS: dict[str, tuple[int, int]] = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_PART_WORDS: dict[str, str] = {
    "early": "early",
    "beginning": "early",
    "start": "early",
    "mid": "mid",
    "middle": "mid",
    "late": "late",
    "end": "late",
}


def _months_bounds(year: int, months: tuple[int, int]) -> tuple[date, date]:
    first, last = months
    end_year = year + 1 if last < first else year
    return date(year, first, 1), _month_end(end_year, last)


def _season_display(earliest: date, latest: date) -> str | None:
    year = earliest.year
    for name in ("spring", "summer", "autumn", "winter"):
        if _months_bounds(year, _SEASON_MONTHS[name]) == (earliest, latest):
            if name == "winter":
                return f"winter {year}/{(year + 1) % 100:02d}"
            return f"{name} {year}"
    for name, months in _YEAR_PART_MONTHS.items():
        if _months_bounds(year, months) == (earliest, latest):
            return f"{name} {year}"
    return None


def _range_display(earliest: date, latest: date) -> str:
    e, la = earliest, latest
    if e == date(e.year, 1, 1) and la == date(la.year, 12, 31) and e.year < la.year:
        return f"{e.year}-{la.year}"
    e_mon, l_mon = MONTH_ABBREVIATIONS[e.month - 1], MONTH_ABBREVIATIONS[la.month - 1]
    same_month = (e.year, e.month) == (la.year, la.month)
    if e.day == 1 and la == _month_end(la.year, la.month) and not same_month:
        if e.year == la.year:
            return f"{e_mon}-{l_mon} {la.year}"
        return f"{e_mon} {e.year} - {l_mon} {la.year}"
    if same_month:
        return f"{e.day}-{la.day} {l_mon} {la.year}"
    if e.year == la.year:
        return f"{e.day} {e_mon} - {la.day} {l_mon} {la.year}"
    return f"{_fmt(e)} - {_fmt(la)}"


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date as written, with the earliest and latest day it can mean.

    ``earliest``/``latest`` are None only for :attr:`Precision.UNKNOWN`; otherwise both are
    set and ``earliest <= latest``. Ordering follows :meth:`sort_key`, so unknown dates sort
    last. ``precision`` may be given as its string value ("day") and is stored as the enum.
    """

    text: str
    earliest: date | None
    latest: date | None
    precision: Precision
    approximate: bool = False
    doubtful: bool = False

    def __post_init__(self) -> None:
        precision = Precision(self.precision)
        object.__setattr__(self, "precision", precision)
        if precision is Precision.UNKNOWN:
            if self.earliest is not None or self.latest is not None:
                raise ValueError("an unknown date has no earliest or latest day")
        elif self.earliest is None or self.latest is None:
            raise ValueError(f"a {precision} date needs both an earliest and a latest day")
        elif self.latest < self.earliest:
            raise ValueError(
                f"latest day {self.latest.isoformat()} is before earliest day "
                f"{self.earliest.isoformat()}"
            )

    def sort_key(self) -> tuple[date, date, int, str, bool, bool]:
        """(earliest, latest, precision rank, text), unknown bounds as date.max.

        The two flags follow as final tie-breakers so that ordering agrees with equality.
        """
        return (
            self.earliest or date.max,
            self.latest or date.max,
            _PRECISION_RANK[self.precision],
            self.text,
            self.approximate,
            self.doubtful,
        )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, FuzzyDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def display(self) -> str:
        """Canonical text: "22 May 2016", "w/c 10 Jun 2016", "spring 2015", "c. 2005"...

        ``parse_date(d.display())`` gives the same bounds, precision and flags for every
        date the parser produces. Bounds that no form describes exactly are shown as a range.
        """
        prefix = ("?" if self.doubtful else "") + ("c. " if self.approximate else "")
        return prefix + self._display_core()

    def _display_core(self) -> str:
        e, la = self.earliest, self.latest
        if e is None or la is None:
            return "unknown"
        p = self.precision
        if p is Precision.DAY and e == la:
            return _fmt(e)
        if p is Precision.WEEK and la - e == timedelta(days=6):
            return f"w/c {_fmt(e)}"
        if p is Precision.MONTH and e.day == 1 and la == _month_end(e.year, e.month):
            return f"{MONTH_ABBREVIATIONS[e.month - 1]} {e.year}"
        if p is Precision.SEASON:
            season = _season_display(e, la)
            if season is not None:
                return season
        if p is Precision.YEAR and e == date(e.year, 1, 1) and la == date(e.year, 12, 31):
            return str(e.year)
        return _range_display(e, la)

    def describe(self) -> str:
        """Feedback for an editor on how the text was read.

        "spring 2015 -> 1 Mar 2015 - 31 May 2015, season"; "22 May 2016 (exact day)".
        """
        e, la = self.earliest, self.latest
        if e is None or la is None:
            text = f"{self.text} -> date not known"
        elif self.precision is Precision.DAY and e == la:
            day = _fmt(e)
            text = f"{day} (exact day)" if self.text == day else f"{self.text} -> {day} (exact day)"
        else:
            label = _PRECISION_LABEL[self.precision]
            if self.precision is Precision.RANGE:
                label = f"range of {(la - e).days + 1} days"
            text = f"{self.text} -> {_fmt(e)} - {_fmt(la)}, {label}"
        if self.approximate:
            text += ", approximate"
        if self.doubtful:
            text += ", doubtful (marked ?)"
        return text

    @property
    def midpoint(self) -> date | None:
        """The middle day (rounded down), or None when unknown."""
        if self.earliest is None or self.latest is None:
            return None
        return self.earliest + (self.latest - self.earliest) // 2

    def contains(self, d: date) -> bool:
        """Whether ``d`` is one of the days this date can mean (never for unknown dates)."""
        if isinstance(d, datetime):
            d = d.date()
        if self.earliest is None or self.latest is None:
            return False
        return self.earliest <= d <= self.latest

    def overlaps(self, other: FuzzyDate) -> bool:
        """Whether the two dates can mean a common day (never for unknown dates)."""
        if self.earliest is None or self.latest is None:
            return False
        if other.earliest is None or other.latest is None:
            return False
        return self.earliest <= other.latest and other.earliest <= self.latest


# ---------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------


class _Span(NamedTuple):
    earliest: date
    latest: date
    precision: Precision
    approximate: bool = False
    doubtful: bool = False


@dataclass(frozen=True, slots=True)
class _Context:
    text: str  # the stripped original, used in messages
    date_of_birth: date | None
    pivot_year: int


_MONTH_WORDS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTH_WORDS[_name.lower()] = _number
    _MONTH_WORDS[_name[:3].lower()] = _number
_MONTH_WORDS["sept"] = 9

_WEEKDAY_WORDS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "weds": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thur": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.ASCII)


_M = rf"({_alternation(_MONTH_WORDS)})\.?"  # a month name, captured
_SEP = r"(?:\s*[-/.]\s*|\s+)"  # a required separator
_OPT = r"\s*[-/.]?\s*"  # an optional separator
_Y = r"(\d{4}|\d{2})"
_PART = rf"({_alternation(_PART_WORDS)})"

_WEEKDAY_RE = _rx(rf"^({_alternation(_WEEKDAY_WORDS)})\.?\s+")
_DMY_NUM_RE = _rx(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})$")
_YMD_ISO_RE = _rx(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$")
_DMY_NAME_RE = _rx(rf"^(\d{{1,2}}){_OPT}{_M}{_OPT}{_Y}$")
_MDY_NAME_RE = _rx(rf"^{_M}{_OPT}(\d{{1,2}}){_SEP}(\d{{4}})$")
_MY_NAME_RE = _rx(rf"^{_M}{_OPT}(\d{{4}})$")
_MY_NAME_SHORT_RE = _rx(rf"^{_M}{_OPT}(\d{{2}})$")
_MY_NUM_RE = _rx(r"^(\d{1,2})[/.\-](\d{4})$")
_TWO_NUMBERS_RE = _rx(r"^(\d{1,2})[/.\-](\d{1,2})$")
_YM_ISO_RE = _rx(r"^(\d{4})-(\d{1,2})$")
_YEAR_RE = _rx(r"^(\d{4})$")
_UNKNOWN_DAY_RE = _rx(r"^(?:\?\?|xx)([/.\-])(\d{1,2}|\?\?|xx)\1(\d{4})$")
_SEASON_RE = _rx(
    rf"^({_alternation(_SEASON_MONTHS)})\s*-?\s*(\d{{4}})(?:\s*[/\-]\s*(\d{{4}}|\d{{2}}))?$"
)
_YEAR_PART_RE = _rx(rf"^{_PART}\s*-?\s*(\d{{4}})$")
_MONTH_PART_RE = _rx(rf"^{_PART}\s*-?\s*{_M}{_OPT}(\d{{4}})$")
_QUARTER_RE = _rx(r"^q([1-4])\s*[-/]?\s*(\d{4})$")
_QUARTER_YEAR_FIRST_RE = _rx(r"^(\d{4})\s*[-/]?\s*q([1-4])$")
_WEEK_RE = _rx(
    r"^(w/c|w\.c\.?|wc|w/b|w\.b\.?|wb|week commencing|week beginning|week starting"
    r"|w/e|w\.e\.?|week ending)\s*(.+)$"
)
_AGE_RE = _rx(
    r"^(?:at\s+)?(?:aged|age)\s*(\d{1,3})(\s*(?:and a half|\.5|1/2))?"
    r"(?:\s*(years?|yrs?|y|months?|mths?|mos?|m))?(?:\s+old)?$"
)

# Forms without a year, allowed only as the first part of a range.
_DAY_ONLY_RE = _rx(r"^(\d{1,2})$")
_DM_NUM_RE = _rx(r"^(\d{1,2})[/.](\d{1,2})$")
_DM_NAME_RE = _rx(rf"^(\d{{1,2}}){_OPT}{_M}$")
_MD_NAME_RE = _rx(rf"^{_M}{_OPT}(\d{{1,2}})$")
_MONTH_ONLY_RE = _rx(rf"^{_M}$")

_MONTH_FIRST_DAY_RANGE_RE = _rx(
    rf"^{_M}\s*(\d{{1,2}})\s*(?:-|to|until|till)\s*(\d{{1,2}})\s+(\d{{4}})$"
)
_YEAR_RANGE_RE = _rx(r"^(\d{4})\s*(?:[-/]|to|until|till)\s*(\d{4}|\d{2})$")
_RANGE_SEP_RE = _rx(r"\s*(?:-|\bto\b|\buntil\b|\btill\b)\s*")
_BETWEEN_SEP_RE = _rx(r"\s+and\s+")

_NO_YEAR_RE = _rx(
    rf"^(?:(?:\d{{1,2}}{_OPT})?{_M}(?:{_OPT}\d{{1,2}})?"
    rf"|(?:{_alternation(_SEASON_MONTHS)})|{_PART}\s*-?\s*(?:{_M})?)$"
)
_NUMBER_RE = _rx(r"^\d+(?:\.\d+)?$")
_WORD_HINT_RE = _rx(
    rf"{_M}|\b(?:{_alternation(_SEASON_MONTHS)}|q[1-4]|aged?|{_alternation(_PART_WORDS)})\b"
)

_APPROX_PREFIX_RE = _rx(
    r"^(?:circa|approximately|approx\.?|appx\.?|about|around|roughly|ca\.|ca(?=[\s\d])"
    r"|c\.|c(?=[\s\d]))\s*"
)
_APPROX_SUFFIX_RE = _rx(r"\s*\(?(?:approx\.?|approximately|approximate|circa)\)?$")

_OPEN_PREFIX_RE = _rx(
    r"^(?:before|after|by|since|prior to|pre|post|until|till|up to|up until"
    r"|no later than|no earlier than|not before|not after|not later than|not earlier than"
    r"|later than|earlier than|sometime before|sometime after|some time before"
    r"|some time after|[<>]=?|-)(?=[\s\d\-]|$)"
)
_OPEN_SUFFIX_RE = _rx(
    r"(?:\s(?:onwards?|or later|or earlier|or after|or before|and after|and later"
    r"|and earlier|and before)|\s*\+|\s*-)$"
)

_TIME_COLON_RE = _rx(
    r"(?:(?<=\d)t|\s+(?:at\s+)?)(\d{1,2})([:.])(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?:\s*(am|pm))?(?:\s*hrs?)?(?:z|[+\-]\d{2}:?\d{2})?$"
)
_TIME_RANGE_START_RE = _rx(r"(?:(?<=\d)t|\s+(?:at\s+)?)(\d{1,2}):(\d{2})\s*(?:-|to)$")
_TIME_ONLY_RE = _rx(r"^(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:am|pm|hrs?)?(?:\s*(?:-|to)\s*)?)+$")
_TIME_AMPM_RE = _rx(r"\s+(?:at\s+)?(\d{1,2})\s*(am|pm)$")
_TIME_HRS_RE = _rx(r"\s+(?:at\s+)?(\d{2})(\d{2})\s*hrs?$")

_UNKNOWN_WORDS = frozenset(
    {
        "unknown",
        "unk",
        "n/k",
        "nk",
        "not known",
        "date unknown",
        "unknown date",
        "date not known",
        "date n/k",
        "not recorded",
        "date not recorded",
    }
)

_DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-"}
)


def _normalise(text: str) -> str:
    s = text.lower().translate(_DASHES)
    s = s.replace("\u00bd", " and a half").replace(",", " ")
    s = re.sub(r"(?<=\d)(?:st|nd|rd|th)\b", "", s, flags=re.ASCII)
    s = re.sub(r"\b(?:the|of)\b", " ", s, flags=re.ASCII)
    s = " ".join(s.split())
    return s.rstrip(".").strip()


def _strip_flags(s: str) -> tuple[str, bool, bool, bool]:
    """Remove approximate/doubtful markers: (rest, approximate, doubtful, had a "?")."""
    approximate = doubtful = False
    while True:
        before = s
        if s.startswith("?") and not re.match(r"\?\?[/.\-]", s):
            s, doubtful = s[1:].lstrip(), True
        if s.endswith("(?)"):
            s, doubtful = s[:-3].rstrip(), True
        elif s.endswith("?"):
            s, doubtful = s[:-1].rstrip(), True
        match = _APPROX_PREFIX_RE.match(s)
        if match and match.end() > 0:
            s, approximate = s[match.end() :], True
        match = _APPROX_SUFFIX_RE.search(s)
        if match and match.start() > 0:
            s, approximate = s[: match.start()].rstrip(), True
        if s == before:
            return s.strip(), approximate, doubtful, doubtful


def _error(ctx: _Context, reason: str) -> DateParseError:
    return DateParseError(ctx.text, reason)


def _check_year(ctx: _Context, year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise _error(
            ctx,
            f"{ctx.text} has the year {year}; years must be between {MIN_YEAR} and {MAX_YEAR}",
        )
    return year


def _year(ctx: _Context, digits: str) -> int:
    if len(digits) == 2:
        century = ctx.pivot_year - ctx.pivot_year % 100
        year = century + int(digits)
        if year > ctx.pivot_year:
            year -= 100
    else:
        year = int(digits)
    return _check_year(ctx, year)


def _check_month(ctx: _Context, month: int) -> int:
    if not 1 <= month <= 12:
        raise _error(ctx, f"{ctx.text} is not a real date: there is no month {month}")
    return month


def _make_date(ctx: _Context, year: int, month: int, day: int) -> date:
    _check_year(ctx, year)
    _check_month(ctx, month)
    days = calendar.monthrange(year, month)[1]
    if day < 1:
        raise _error(ctx, f"{ctx.text} is not a real date: there is no day {day}")
    if day > days:
        raise _error(
            ctx,
            f"{ctx.text} is not a real date: {MONTH_NAMES[month - 1]} {year} has {days} days",
        )
    return date(year, month, day)


def _day_span(d: date) -> _Span:
    return _Span(d, d, Precision.DAY)


def _month_span(ctx: _Context, year: int, month: int) -> _Span:
    _check_year(ctx, year)
    _check_month(ctx, month)
    return _Span(date(year, month, 1), _month_end(year, month), Precision.MONTH)


def _add_months(d: date, months: int) -> date:
    """Same day ``months`` later, clamped to the end of a shorter month."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _anniversary(birth: date, years: int) -> date:
    """The ``years``-th birthday; a 29 February birthday falls on 1 March in other years."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return date(birth.year + years, 3, 1)


def _age_span(ctx: _Context, match: re.Match[str]) -> _Span:
    birth = ctx.date_of_birth
    if birth is None:
        raise _error(
            ctx, f"{ctx.text} is an age, so it needs the person's date of birth to become a date"
        )
    if isinstance(birth, datetime):
        birth = birth.date()
    number = int(match[1])
    half = match[2] is not None
    unit = match[3] or "years"
    if unit.startswith("m"):
        if half:
            raise _error(ctx, f"{ctx.text}: give an age in months as a whole number")
        start = _add_months(birth, number)
        end = _add_months(birth, number + 1) - timedelta(days=1)
    else:
        if number > 130:
            raise _error(ctx, f"{ctx.text}: an age of {number} years is not plausible")
        start = _add_months(birth, 12 * number + 6) if half else _anniversary(birth, number)
        end = _anniversary(birth, number + 1) - timedelta(days=1)
    return _Span(start, end, Precision.RANGE)


def _split_weekday(s: str) -> tuple[str, int | None]:
    match = _WEEKDAY_RE.match(s)
    if match is None:
        return s, None
    return s[match.end() :], _WEEKDAY_WORDS[match[1]]


def _check_weekday(ctx: _Context, span: _Span, weekday: int) -> None:
    if span.precision is not Precision.DAY:
        raise _error(ctx, f"{ctx.text}: a day of the week only makes sense with an exact day")
    actual = span.earliest.weekday()
    if actual != weekday:
        raise _error(
            ctx,
            f"{ctx.text} is not a real date: {_fmt(span.earliest)} is a "
            f"{WEEKDAY_NAMES[actual]}, not a {WEEKDAY_NAMES[weekday]}",
        )


def _parse_single(ctx: _Context, s: str) -> _Span | None:
    """One date (not a range of two). None when no form matches; raises when a form
    matches but the date is impossible or ambiguous."""
    s, weekday = _split_weekday(s)
    span = _parse_single_form(ctx, s)
    if span is not None and weekday is not None:
        _check_weekday(ctx, span, weekday)
    return span


def _parse_single_form(ctx: _Context, s: str) -> _Span | None:
    if match := _AGE_RE.match(s):
        return _age_span(ctx, match)
    if match := _WEEK_RE.match(s):
        inner = _parse_single(ctx, match[2])
        if inner is None or inner.precision is not Precision.DAY:
            raise _error(ctx, f"{ctx.text}: a week needs an exact first or last day")
        if match[1].startswith(("w/e", "w.e", "week ending")):
            return _Span(inner.earliest - timedelta(days=6), inner.earliest, Precision.WEEK)
        return _Span(inner.earliest, inner.earliest + timedelta(days=6), Precision.WEEK)
    if match := _DMY_NUM_RE.match(s):
        year = _year(ctx, match[4])
        return _day_span(_make_date(ctx, year, int(match[3]), int(match[1])))
    if match := _YMD_ISO_RE.match(s):
        year = _check_year(ctx, int(match[1]))
        return _day_span(_make_date(ctx, year, int(match[3]), int(match[4])))
    if match := _DMY_NAME_RE.match(s):
        year = _year(ctx, match[3])
        return _day_span(_make_date(ctx, year, _MONTH_WORDS[match[2]], int(match[1])))
    if match := _MDY_NAME_RE.match(s):
        year = _check_year(ctx, int(match[3]))
        return _day_span(_make_date(ctx, year, _MONTH_WORDS[match[1]], int(match[2])))
    if match := _MY_NAME_RE.match(s):
        return _month_span(ctx, int(match[2]), _MONTH_WORDS[match[1]])
    if match := _MY_NAME_SHORT_RE.match(s):
        raise _error(
            ctx,
            f"{ctx.text} is ambiguous: it could be day {int(match[2])} of "
            f"{MONTH_NAMES[_MONTH_WORDS[match[1]] - 1]} with no year, or a two-digit year; "
            "write the year in four digits",
        )
    if match := _MY_NUM_RE.match(s):
        return _month_span(ctx, int(match[2]), int(match[1]))
    if _TWO_NUMBERS_RE.match(s):
        raise _error(
            ctx,
            f"{ctx.text} is ambiguous or has no year: write the full date "
            "(e.g. 22/05/2016) or the month with a four-digit year (e.g. 05/2016)",
        )
    if match := _YM_ISO_RE.match(s):
        year, month = int(match[1]), int(match[2])
        if 1 <= month <= 12:
            if month == (year + 1) % 100:
                raise _error(
                    ctx,
                    f"{ctx.text} is ambiguous: it could be {MONTH_NAMES[month - 1]} {year} "
                    f"or the years {year} to {year + 1}; write {MONTH_ABBREVIATIONS[month - 1]} "
                    f"{year} or {year}/{year + 1}",
                )
            return _month_span(ctx, year, month)
    if match := _YEAR_RE.match(s):
        year = _check_year(ctx, int(match[1]))
        return _Span(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
    if match := _UNKNOWN_DAY_RE.match(s):
        year = _check_year(ctx, int(match[3]))
        if match[2].isdigit():
            return _month_span(ctx, year, int(match[2]))
        return _Span(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
    if match := _SEASON_RE.match(s):
        return _season_span(ctx, match)
    if match := _YEAR_PART_RE.match(s):
        year = _check_year(ctx, int(match[2]))
        first, last = _months_bounds(year, _YEAR_PART_MONTHS[_PART_WORDS[match[1]]])
        return _Span(first, last, Precision.SEASON)
    if match := _MONTH_PART_RE.match(s):
        year = _check_year(ctx, int(match[3]))
        month = _MONTH_WORDS[match[2]]
        part = _PART_WORDS[match[1]]
        if part == "early":
            return _Span(date(year, month, 1), date(year, month, 10), Precision.RANGE)
        if part == "mid":
            return _Span(date(year, month, 11), date(year, month, 20), Precision.RANGE)
        return _Span(date(year, month, 21), _month_end(year, month), Precision.RANGE)
    if match := _QUARTER_RE.match(s):
        return _quarter_span(ctx, int(match[1]), match[2])
    if match := _QUARTER_YEAR_FIRST_RE.match(s):
        return _quarter_span(ctx, int(match[2]), match[1])
    return None


def _quarter_span(ctx: _Context, quarter: int, year_text: str) -> _Span:
    year = _check_year(ctx, int(year_text))
    first_month = 3 * quarter - 2
    return _Span(date(year, first_month, 1), _month_end(year, first_month + 2), Precision.RANGE)


def _season_span(ctx: _Context, match: re.Match[str]) -> _Span:
    name = match[1]
    year = _check_year(ctx, int(match[2]))
    if match[3] is not None:
        second = match[3]
        follows = int(second) == year + 1 if len(second) == 4 else int(second) == (year + 1) % 100
        if name != "winter" or not follows:
            raise _error(
                ctx,
                f"{ctx.text}: only a winter spans two years, and they must follow each other "
                f"(e.g. winter {year}/{(year + 1) % 100:02d})",
            )
    first, last = _months_bounds(year, _SEASON_MONTHS[name])
    return _Span(first, last, Precision.SEASON)


def _parse_partial(ctx: _Context, s: str, right: _Span) -> _Span | None:
    """The first part of a range, which may take its year (or month) from the second."""
    s, weekday = _split_weekday(s)
    span = _parse_partial_form(ctx, s, right)
    if span is not None and weekday is not None:
        _check_weekday(ctx, span, weekday)
    return span


def _parse_partial_form(ctx: _Context, s: str, right: _Span) -> _Span | None:
    year = right.earliest.year
    exact_right = right.precision is Precision.DAY
    month_right = right.precision in (Precision.DAY, Precision.MONTH)
    if (match := _DAY_ONLY_RE.match(s)) and exact_right:
        return _day_span(_make_date(ctx, year, right.earliest.month, int(match[1])))
    if (match := _DM_NUM_RE.match(s)) and exact_right:
        return _day_span(_make_date(ctx, year, int(match[2]), int(match[1])))
    if (match := _DM_NAME_RE.match(s)) and month_right:
        return _day_span(_make_date(ctx, year, _MONTH_WORDS[match[2]], int(match[1])))
    if (match := _MD_NAME_RE.match(s)) and month_right:
        return _day_span(_make_date(ctx, year, _MONTH_WORDS[match[1]], int(match[2])))
    if (match := _MONTH_ONLY_RE.match(s)) and month_right:
        return _month_span(ctx, year, _MONTH_WORDS[match[1]])
    return None


def _parse_part(ctx: _Context, s: str, right: _Span | None = None) -> _Span | None:
    core, approximate, doubtful, _ = _strip_flags(s)
    if not core:
        return None
    span = _parse_partial(ctx, core, right) if right is not None else None
    if span is None:
        span = _parse_single(ctx, core)
    if span is None:
        return None
    return span._replace(
        approximate=span.approximate or approximate, doubtful=span.doubtful or doubtful
    )


def _join(ctx: _Context, left: _Span, right: _Span) -> _Span:
    if right.latest < left.earliest:
        raise _error(
            ctx,
            f"{ctx.text} ends ({_fmt(right.latest)}) before it starts ({_fmt(left.earliest)})",
        )
    if right.earliest < left.earliest or right.latest < left.latest:
        raise _error(
            ctx,
            f"{ctx.text} is not a range: the second date does not come after the first",
        )
    return _Span(
        left.earliest,
        right.latest,
        Precision.RANGE,
        left.approximate or right.approximate,
        left.doubtful or right.doubtful,
    )


def _parse_range(ctx: _Context, s: str, separators: re.Pattern[str]) -> _Span | None:
    """Two dates joined by a separator. None when no split gives two dates."""
    if separators is _RANGE_SEP_RE:
        if match := _MONTH_FIRST_DAY_RANGE_RE.match(s):
            year = _check_year(ctx, int(match[4]))
            month = _MONTH_WORDS[match[1]]
            first = _make_date(ctx, year, month, int(match[2]))
            last = _make_date(ctx, year, month, int(match[3]))
            return _join(ctx, _day_span(first), _day_span(last))
        if match := _YEAR_RANGE_RE.match(s):
            return _year_range(ctx, match)
    found: set[_Span] = set()
    errors: list[DateParseError] = []
    for sep in separators.finditer(s):
        left_text, right_text = s[: sep.start()].strip(), s[sep.end() :].strip()
        if not left_text or not right_text:
            continue
        try:
            right = _parse_part(ctx, right_text)
            if right is None:
                continue
            left = _parse_part(ctx, left_text, right)
            if left is None:
                continue
            found.add(_join(ctx, left, right))
        except DateParseError as exc:
            errors.append(exc)
    if len(found) == 1:
        return found.pop()
    if len(found) > 1:
        raise _error(
            ctx, f"{ctx.text} is ambiguous: it can be split into a range more than one way"
        )
    if errors:
        raise errors[0]
    return None


def _year_range(ctx: _Context, match: re.Match[str]) -> _Span:
    start = _check_year(ctx, int(match[1]))
    second = match[2]
    if len(second) == 2:
        end = start - start % 100 + int(second)
        if end < start and int(second) == (start + 1) % 100:
            end += 100  # 1999/00
    else:
        end = int(second)
    if end < start:
        raise _error(ctx, f"{ctx.text} ends ({end}) before it starts ({start})")
    _check_year(ctx, end)
    return _Span(date(start, 1, 1), date(end, 12, 31), Precision.RANGE)


def _open_ended(ctx: _Context) -> DateParseError:
    return _error(
        ctx,
        f"{ctx.text} is open-ended: a date needs both an earliest and a latest possible day; "
        'write it as a range (e.g. "2014 - May 2016") or an approximate date',
    )


def _parse_core(ctx: _Context, core: str) -> _Span:
    if _OPEN_PREFIX_RE.match(core) or _OPEN_SUFFIX_RE.search(core):
        raise _open_ended(ctx)
    if core.startswith("between "):
        span = _parse_range(ctx, core[len("between ") :], _BETWEEN_SEP_RE)
        if span is None:
            raise _error(ctx, f'{ctx.text}: write "between" as "between <date> and <date>"')
        return span
    if core.startswith("from "):
        rest = core[len("from ") :]
        span = _parse_range(ctx, rest, _RANGE_SEP_RE)
        if span is not None:
            return span
        if _parse_single(ctx, rest) is not None:
            raise _open_ended(ctx)
        _raise_unreadable(ctx, rest)
    span = _parse_single(ctx, core)
    if span is None:
        span = _parse_range(ctx, core, _RANGE_SEP_RE)
    if span is None:
        _raise_unreadable(ctx, core)
    return span


def _raise_unreadable(ctx: _Context, core: str) -> NoReturn:
    if _NO_YEAR_RE.match(core):
        raise _error(
            ctx,
            f'{ctx.text} has no year: add one (e.g. "22 May 2016", "May 2016", "spring 2015")',
        )
    if _NUMBER_RE.match(core):
        raise _error(
            ctx,
            f"{ctx.text} is a number, not a date (an Excel date should be imported as a date "
            "cell, not as text)",
        )
    if not any(ch.isdigit() for ch in core) and not _WORD_HINT_RE.search(core):
        raise _error(ctx, f"{ctx.text} has no date in it")
    raise _error(
        ctx,
        f"could not read {ctx.text} as a date; write it day first, e.g. 22/05/2016, "
        "22 May 2016, May 2016, spring 2015, 2013 or 10-24 June 2016",
    )


def _split_time(ctx: _Context, s: str) -> tuple[str, str | None]:
    """Split a trailing time of day off: ("22/05/2016", "14:30")."""
    hour: int | None = None
    minute = 0
    strict = True
    rest = s
    if match := _TIME_COLON_RE.search(s):
        hour, minute, ampm = int(match[1]), int(match[3]), match[5]
        strict = match[2] == ":"
        rest = s[: match.start()]
    elif match := _TIME_AMPM_RE.search(s):
        hour, ampm = int(match[1]), match[2]
        rest = s[: match.start()]
    elif match := _TIME_HRS_RE.search(s):
        hour, minute, ampm = int(match[1]), int(match[2]), None
        rest = s[: match.start()]
    else:
        return s, None
    rest = rest.strip()
    if not rest:
        return s, None
    valid = minute <= 59 and (hour <= 23 if ampm is None else 1 <= hour <= 12)
    if not valid:
        if not strict:
            return s, None
        raise _error(ctx, f"{ctx.text} does not have a real time of day")
    if ampm is not None:
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if start := _TIME_RANGE_START_RE.search(rest):  # "14:30-16:00": the event starts at 14:30
        hour, minute = int(start[1]), int(start[2])
        if hour > 23 or minute > 59:
            raise _error(ctx, f"{ctx.text} does not have a real time of day")
        rest = rest[: start.start()].strip()
    return rest, f"{hour:02d}:{minute:02d}"


def _parse(
    text: str, date_of_birth: date | None, pivot_year: int | None
) -> tuple[FuzzyDate, str | None]:
    if not isinstance(text, str):
        raise DateParseError(repr(text), f"{text!r} is not text")
    stripped = text.strip()
    if not stripped:
        raise DateParseError(stripped, "no date: the text is empty")
    if len(stripped) > MAX_TEXT_LENGTH:
        raise DateParseError(
            stripped,
            f"the date text is {len(stripped)} characters long; a date has at most "
            f"{MAX_TEXT_LENGTH}",
        )
    pivot = pivot_year if pivot_year is not None else date.today().year + 10
    ctx = _Context(stripped, date_of_birth, pivot)
    try:
        return _parse_text(ctx)
    except DateParseError:
        raise
    except (ValueError, ArithmeticError, LookupError) as exc:
        raise DateParseError(stripped, f"could not read {stripped} as a date ({exc})") from exc


def _parse_text(ctx: _Context) -> tuple[FuzzyDate, str | None]:
    core, approximate, doubtful, marked = _strip_flags(_normalise(ctx.text))
    if not core:
        if marked:  # a bare "?"
            return FuzzyDate(ctx.text, None, None, Precision.UNKNOWN), None
        raise _error(ctx, f"{ctx.text} has no date in it")
    if core in _UNKNOWN_WORDS:
        return FuzzyDate(ctx.text, None, None, Precision.UNKNOWN, approximate, doubtful), None
    if _TIME_ONLY_RE.match(core):
        raise _error(ctx, f"{ctx.text} is a time of day with no date")
    core, time = _split_time(ctx, core)
    span = _parse_core(ctx, core)
    if time is not None and span.precision is not Precision.DAY:
        raise _error(ctx, f"{ctx.text}: a time of day needs an exact day")
    _check_year(ctx, span.earliest.year)
    _check_year(ctx, span.latest.year)
    fuzzy = FuzzyDate(
        ctx.text,
        span.earliest,
        span.latest,
        span.precision,
        approximate or span.approximate,
        doubtful or span.doubtful,
    )
    return fuzzy, time


def parse_date(
    text: str, *, date_of_birth: date | None = None, pivot_year: int | None = None
) -> FuzzyDate:
    """Read a date as an agency wrote it. Raises :class:`DateParseError` (only).

    ``date_of_birth`` makes ages ("aged 7 and a half") readable; ``pivot_year`` is the
    latest year a two-digit year can mean (default: this year + 10).
    """
    return _parse(text, date_of_birth, pivot_year)[0]


def parse_datetime_text(
    text: str, *, date_of_birth: date | None = None, pivot_year: int | None = None
) -> tuple[FuzzyDate, str | None]:
    """Like :func:`parse_date`, also returning a trailing time of day as "HH:MM" (or None).

    "2016-05-22T14:30", "22/05/2016 14:30", "22/05/2016 2.30pm", "22/05/2016 1430hrs";
    for a span of time ("22/05/2016 14:30-16:00") the start time is returned.
    """
    return _parse(text, date_of_birth, pivot_year)


def from_date(d: date, text: str | None = None) -> FuzzyDate:
    """An exact day; ``text`` defaults to the "22/05/2016" form."""
    if isinstance(d, datetime):
        d = d.date()
    if not isinstance(d, date):
        raise DateParseError(repr(d), f"{d!r} is not a date")
    shown = text if text is not None else f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
    if not MIN_YEAR <= d.year <= MAX_YEAR:
        raise DateParseError(
            shown, f"{shown} has the year {d.year}; years must be between {MIN_YEAR} and {MAX_YEAR}"
        )
    return FuzzyDate(shown, d, d, Precision.DAY)


_EXCEL_EPOCH = date(1899, 12, 30)  # serial 0 for serials after the fictitious 29 Feb 1900
_EXCEL_FAKE_LEAP_DAY = 60
_EXCEL_MAX_SERIAL = (date(MAX_YEAR, 12, 31) - _EXCEL_EPOCH).days


def excel_serial_to_date(value: float) -> date:
    """The day of an Excel serial in the 1900 date system; a fractional part (the time of
    day) is ignored. Serial 60, Excel's fictitious 29 Feb 1900, and serials outside
    1 Jan 1900 - 31 Dec 2200 raise :class:`DateParseError`."""
    shown = repr(value)
    if isinstance(value, bool):
        raise DateParseError(shown, f"{shown} is not an Excel date serial")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError) as exc:
        raise DateParseError(shown, f"{shown} is not an Excel date serial") from exc
    if not math.isfinite(number):
        raise DateParseError(shown, f"{shown} is not an Excel date serial")
    serial = math.floor(number)
    if serial < 1 or serial > _EXCEL_MAX_SERIAL:
        raise DateParseError(
            shown,
            f"Excel date serial {shown} is outside 1 Jan 1900 - 31 Dec {MAX_YEAR} "
            f"(serials 1 to {_EXCEL_MAX_SERIAL})",
        )
    if serial == _EXCEL_FAKE_LEAP_DAY:
        raise DateParseError(
            shown,
            f"Excel date serial {shown} is 29 Feb 1900, a day that never existed "
            "(Excel wrongly treats 1900 as a leap year)",
        )
    if serial < _EXCEL_FAKE_LEAP_DAY:
        return _EXCEL_EPOCH + timedelta(days=serial + 1)
    return _EXCEL_EPOCH + timedelta(days=serial)


def from_excel_serial(value: float, *, text: str | None = None) -> FuzzyDate:
    """An exact day from an Excel serial (see :func:`excel_serial_to_date`)."""
    return from_date(excel_serial_to_date(value), text)
