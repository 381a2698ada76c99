"""Date axis ticks that adapt from decades to days, shared by the widget and the exporters."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from workbench.timeline.layout import EPOCH_ORDINAL, from_x, to_x

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# (unit, count): candidate spacings from finest to coarsest.
STEPS: tuple[tuple[str, int], ...] = (
    ("day", 1),
    ("day", 2),
    ("week", 1),
    ("week", 2),
    ("month", 1),
    ("month", 2),
    ("month", 3),
    ("month", 6),
    ("year", 1),
    ("year", 2),
    ("year", 5),
    ("year", 10),
    ("year", 20),
    ("year", 50),
    ("year", 100),
)

_APPROX_DAYS = {"day": 1.0, "week": 7.0, "month": 30.44, "year": 365.25}


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    major: bool


@dataclass(frozen=True)
class TickSet:
    major_step: tuple[str, int]
    major: list[Tick]
    minor: list[Tick]

    @property
    def major_spacing_days(self) -> float:
        unit, count = self.major_step
        return _APPROX_DAYS[unit] * count


def step_days(step: tuple[str, int]) -> float:
    return _APPROX_DAYS[step[0]] * step[1]


def _label_for(step: tuple[str, int], day: date, first: bool) -> str:
    unit = step[0]
    if unit == "year":
        return str(day.year)
    if unit == "month":
        if first or day.month == 1:
            return f"{MONTHS[day.month - 1]} {day.year}"
        return MONTHS[day.month - 1]
    if first or (day.month == 1 and day.day <= 7 * step[1]):
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]}"


def _tick_days(step: tuple[str, int], x_min: float, x_max: float, limit: int) -> list[date]:
    unit, count = step
    lo = from_x(x_min)
    hi = from_x(max(x_min, x_max - 1e-9))
    out: list[date] = []
    if unit == "day":
        x = float(math.ceil(x_min / count) * count)
        while x <= x_max and len(out) < limit:
            out.append(date.fromordinal(int(x) + EPOCH_ORDINAL))
            x += count
    elif unit == "week":
        # Mondays; 1970-01-05 was a Monday.
        base = to_x(date(1970, 1, 5))
        k = math.ceil((x_min - base) / (7 * count))
        x = base + k * 7 * count
        while x <= x_max and len(out) < limit:
            out.append(from_x(x))
            x += 7 * count
    elif unit == "month":
        months = lo.year * 12 + lo.month - 1
        months = months + (-months % count)
        day = date(months // 12, months % 12 + 1, 1)
        if day < lo:
            months += count
        while len(out) < limit:
            if months // 12 > 9999:
                break
            day = date(months // 12, months % 12 + 1, 1)
            if day > hi:
                break
            if day >= lo:
                out.append(day)
            months += count
    else:
        year = lo.year + (-lo.year % count)
        if date(year, 1, 1) < lo:
            year += count
        while year <= min(hi.year, 9999) and len(out) < limit:
            out.append(date(year, 1, 1))
            year += count
    return out


def date_ticks(
    x_min: float,
    x_max: float,
    length: float,
    *,
    min_label_spacing: float = 70.0,
    min_minor_spacing: float = 6.0,
    limit: int = 500,
    full_label_from: float | None = None,
    minor: bool = True,
) -> TickSet:
    """Ticks for the x range ``[x_min, x_max]`` drawn over ``length`` pixels (or points).

    The major step is the finest whose labels are at least ``min_label_spacing`` apart;
    minor ticks use the finest step that keeps them ``min_minor_spacing`` apart. The first
    major tick at or after ``full_label_from`` (default: the first tick) carries the year,
    so that a view whose first label is hidden at the edge still shows it.
    """
    span = max(x_max - x_min, 1e-6)
    per_day = length / span
    x_min = max(x_min, to_x(date(1, 1, 2)))
    x_max = min(x_max, to_x(date(9999, 12, 30)))
    major_step = STEPS[-1]
    for step in STEPS:
        if step_days(step) * per_day >= min_label_spacing:
            major_step = step
            break
    minor_step: tuple[str, int] | None = None
    for step in STEPS:
        if step == major_step:
            break
        if step_days(step) * per_day >= min_minor_spacing and _divides(step, major_step):
            minor_step = step
            break
    majors = _tick_days(major_step, x_min, x_max, limit)
    start = x_min if full_label_from is None else full_label_from
    first = next((i for i, day in enumerate(majors) if to_x(day) >= start), 0)
    major_ticks = [
        Tick(to_x(day), _label_for(major_step, day, i == first), True)
        for i, day in enumerate(majors)
    ]
    minor_ticks: list[Tick] = []
    if minor and minor_step is not None:
        major_x = {t.x for t in major_ticks}
        minor_ticks = [
            Tick(to_x(day), "", False)
            for day in _tick_days(minor_step, x_min, x_max, limit)
            if to_x(day) not in major_x
        ]
    return TickSet(major_step, major_ticks, minor_ticks)


def _divides(minor: tuple[str, int], major: tuple[str, int]) -> bool:
    """Whether every major tick also falls on the minor grid (so they line up)."""
    order = {"day": 0, "week": 1, "month": 2, "year": 3}
    if minor[0] == major[0]:
        return major[1] % minor[1] == 0
    if minor[0] == "week":
        return major[0] == "week"
    if minor[0] == "day":
        return minor[1] == 1 or major[0] in ("day", "week")
    if minor[0] == "month" and major[0] == "year":
        return 12 % minor[1] == 0
    return order[minor[0]] < order[major[0]]


def format_day(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_period(x0: float, x1: float) -> str:
    """A human period for ``[x0, x1)`` such as '3 Jun 2016 - 9 Jun 2016'."""
    a, b = from_x(x0), from_x(x1 - 1.0)
    if a == b:
        return format_day(a)
    return f"{format_day(a)} - {format_day(b)}"


def describe_days(days: float) -> str:
    """'5 months', '2.5 years', '3 weeks'."""
    if days >= 730:
        return f"{days / 365.25:.1f} years"
    if days >= 60:
        return f"{round(days / 30.44)} months"
    if days >= 14:
        return f"{round(days / 7)} weeks"
    return f"{round(days)} days"


__all__ = [
    "MONTHS",
    "Tick",
    "TickSet",
    "date_ticks",
    "describe_days",
    "format_day",
    "format_period",
]
