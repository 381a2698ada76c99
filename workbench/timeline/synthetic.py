"""Seeded synthetic chronologies for benchmarks, tests and screenshots of the timeline.

The mix resembles real agency chronologies: mostly exact-day contacts, bursts of
activity around crises, and a share of uncertain dates (month, season, year, ranges).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from workbench.timeline.layout import Band, Lane, Milestone, TimelineEvent

AGENCY_NAMES = (
    "Children's Services",
    "Police",
    "GP",
    "Hospital Trust",
    "Health Visiting",
    "Education",
    "District Council Housing",
    "Probation",
    "Youth Justice",
    "CAMHS",
    "Voluntary Sector",
    "Ambulance Service",
    "Substance Misuse Service",
    "Adult Social Care",
    "Early Help",
    "Third Sector Housing",
)

LANE_COLOURS = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#ff7f0e",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
    "#393b79",
    "#637939",
    "#843c39",
    "#7b4173",
    "#3182bd",
    "#e6550d",
)

_CONTACTS = (
    "Home visit completed; mother and child seen together",
    "Telephone call from school raising concerns about attendance",
    "Strategy discussion held; S.47 enquiry agreed",
    "Referral received from the MASH",
    "Appointment not attended; letter sent",
    "Child seen at the emergency department with a minor injury",
    "Housing options interview; homelessness application taken",
    "Bail conditions recorded on the police system",
    "Personal adviser meeting about accommodation",
    "Case discussed at the multi-agency panel",
)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class SyntheticCase:
    events: list[TimelineEvent]
    lanes: list[Lane]
    bands: list[Band]
    milestones: list[Milestone]


def generate_case(
    n_events: int,
    n_lanes: int = 12,
    *,
    seed: int = 1,
    start: date = date(2008, 1, 1),
    end: date = date(2017, 12, 31),
    uncertain_share: float = 0.12,
    n_episodes: int = 5,
) -> SyntheticCase:
    """A reproducible case with ``n_events`` events spread over ``n_lanes`` lanes."""
    if not 1 <= n_lanes <= len(AGENCY_NAMES):
        raise ValueError(f"n_lanes must be between 1 and {len(AGENCY_NAMES)}")
    rng = np.random.default_rng(seed)
    lanes = [
        Lane(f"agency-{i + 1}", AGENCY_NAMES[i], LANE_COLOURS[i % len(LANE_COLOURS)])
        for i in range(n_lanes)
    ]
    total_days = (end - start).days + 1
    # Activity: a uniform background plus bursts around a few crises.
    centres = rng.uniform(0, total_days, size=8)
    burst = rng.normal(centres[rng.integers(0, 8, n_events)], total_days / 60)
    uniform = rng.uniform(0, total_days, n_events)
    offsets = np.where(rng.random(n_events) < 0.6, uniform, burst)
    offsets = np.clip(offsets, 0, total_days - 1).astype(np.int64)
    lane_weights = rng.uniform(0.3, 1.0, n_lanes)
    lane_idx = rng.choice(n_lanes, size=n_events, p=lane_weights / lane_weights.sum())
    kinds = rng.random(n_events)
    contact_idx = rng.integers(0, len(_CONTACTS), n_events)
    subjects_pick = rng.integers(0, 4, n_events)
    range_len = rng.integers(2, 21, n_events)

    events: list[TimelineEvent] = []
    subjects = ("Child Z", "Mother", "YPA", "Child Z; Mother")
    for k in range(n_events):
        d0 = start + timedelta(days=int(offsets[k]))
        d1 = d0
        u = kinds[k] / uncertain_share if kinds[k] < uncertain_share else 1.0
        if u < 0.45:
            precision = "month"
            d0 = d0.replace(day=1)
            d1 = _month_end(d0)
            text = f"{_MONTHS[d0.month - 1]} {d0.year}"
        elif u < 0.7:
            precision = "range"
            d1 = min(d0 + timedelta(days=int(range_len[k])), end)
            text = f"{d0:%d/%m/%Y}-{d1:%d/%m/%Y}"
        elif u < 0.8:
            precision = "week"
            d0 = d0 - timedelta(days=d0.weekday())
            d1 = d0 + timedelta(days=6)
            text = f"w/c {d0:%d/%m/%Y}"
        elif u < 0.9:
            precision = "season"
            d0, d1, text = _season(d0)
        elif u < 1.0:
            precision = "year"
            d0, d1 = date(d0.year, 1, 1), date(d0.year, 12, 31)
            text = str(d0.year)
        else:
            precision = "day"
            text = f"{d0:%d/%m/%Y}"
        events.append(
            TimelineEvent(
                id=k + 1,
                lane=lanes[int(lane_idx[k])].key,
                earliest=d0,
                latest=d1,
                precision=precision,
                label=_CONTACTS[int(contact_idx[k])],
                date_text=text,
                subjects=subjects[int(subjects_pick[k])],
            )
        )

    scope_start = start + timedelta(days=total_days // 3)
    bands = [Band(scope_start, end, "Review scope", "scope", "scope")]
    scope_days = (end - scope_start).days
    for i in range(n_episodes):
        a = scope_start + timedelta(days=int(scope_days * (i + 0.3) / n_episodes))
        b = a + timedelta(days=int(rng.integers(10, 60)))
        bands.append(Band(a, b, f"Key practice episode {i + 1}", "episode", f"kpe-{i + 1}"))
    incident = scope_start + timedelta(days=int(scope_days * 0.9))
    milestones = [Milestone(incident, "Incident")]
    return SyntheticCase(events, lanes, bands, milestones)


def _month_end(d: date) -> date:
    nxt = date(d.year + 1, 1, 1) if d.month == 12 else date(d.year, d.month + 1, 1)
    return nxt - timedelta(days=1)


def _season(d: date) -> tuple[date, date, str]:
    if d.month in (3, 4, 5):
        return date(d.year, 3, 1), date(d.year, 5, 31), f"spring {d.year}"
    if d.month in (6, 7, 8):
        return date(d.year, 6, 1), date(d.year, 8, 31), f"summer {d.year}"
    if d.month in (9, 10, 11):
        return date(d.year, 9, 1), date(d.year, 11, 30), f"autumn {d.year}"
    year = d.year if d.month == 12 else d.year - 1
    return date(year, 12, 1), date(year + 1, 3, 1) - timedelta(days=1), f"winter {year}"
