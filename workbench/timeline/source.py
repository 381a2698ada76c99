"""Reading the timeline's input from a review database.

``load_timeline`` turns the review's events, agencies, key practice episodes, scope and
milestones into the plain input of ``build_layout``. Events whose date is unknown (no
earliest bound) cannot be placed and are left out; ``count_unplaced`` says how many.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from workbench.core.model import Agency, Event, Finding, KeyPracticeEpisode, Review
from workbench.core.store import ReviewStore
from workbench.timeline.layout import (
    DEFAULT_LANE_COLOUR,
    Band,
    Episode,
    Lane,
    Milestone,
    TimelineEvent,
    build_layout,
)

LANE_MODES = ("agency", "subject", "finding")
NO_SUBJECT = "(no subject recorded)"
SUBJECT_COLOURS = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#ff7f0e",
    "#17becf",
    "#bcbd22",
    "#393b79",
)

Redact = Callable[[str], str]


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return ""


def _same(text: str) -> str:
    return text


def load_timeline(
    session: Session,
    *,
    lanes: str = "agency",
    window: tuple[date, date] | None = None,
    redact: Redact | None = None,
) -> tuple[list[TimelineEvent], list[Lane], list[Band], list[Milestone]]:
    """The events, lanes, bands and milestones of the review open in ``session``.

    ``lanes`` is "agency" (one lane per agency, in the agencies' order, with their
    colours), "subject" (one lane per person an event concerns; an event about two people
    is in both lanes) or "finding" (one lane per finding, with the events given as its
    evidence). ``window`` keeps only events touching those days. ``redact``, when given,
    is applied to every text shown (labels, subjects, lane titles, milestone titles), for
    publication copies.

    Raises ValueError for an unknown lane mode.
    """
    if lanes not in LANE_MODES:
        raise ValueError(f"unknown lane mode {lanes!r}; choose one of {', '.join(LANE_MODES)}")
    clean = redact or _same
    stmt = (
        select(Event)
        .where(Event.date_earliest.is_not(None))
        .options(selectinload(Event.agency), selectinload(Event.subjects))
        .order_by(Event.date_earliest, Event.date_latest, Event.sequence, Event.id)
    )
    if window is not None:
        start, end = window
        stmt = stmt.where(Event.date_earliest <= end).where(
            func.coalesce(Event.date_latest, Event.date_earliest) >= start
        )
    rows = list(session.scalars(stmt))

    lane_list: list[Lane]
    events: list[TimelineEvent] = []
    if lanes == "agency":
        # Agencies that submitted no chronology (e.g. a board that only receives
        # recommendations) get no lane: an empty lane would read as "no contact".
        with_events = select(Event.agency_id).distinct()
        agencies = list(
            session.scalars(
                select(Agency)
                .where(Agency.id.in_(with_events))
                .order_by(Agency.sort_order, Agency.name)
            )
        )
        lane_list = [
            Lane(str(a.id), clean(a.name), a.colour or DEFAULT_LANE_COLOUR) for a in agencies
        ]
        for ev in rows:
            events.append(_event(ev, str(ev.agency_id), clean))
    elif lanes == "subject":
        people: dict[int, str] = {}
        for ev in rows:
            for person in ev.subjects:
                people.setdefault(person.id, clean(person.display_name))
        lane_list = [
            Lane(str(pid), name, SUBJECT_COLOURS[i % len(SUBJECT_COLOURS)])
            for i, (pid, name) in enumerate(sorted(people.items(), key=lambda kv: kv[1].lower()))
        ]
        unassigned = False
        for ev in rows:
            keys = [str(p.id) for p in ev.subjects] or ["none"]
            unassigned |= keys == ["none"]
            for key in keys:
                events.append(_event(ev, key, clean, agency_colour=True))
        if unassigned:
            lane_list.append(Lane("none", NO_SUBJECT, DEFAULT_LANE_COLOUR))
    else:
        findings = list(
            session.scalars(
                select(Finding)
                .options(selectinload(Finding.events))
                .order_by(Finding.sort_order, Finding.id)
            )
        )
        in_window = {ev.id: ev for ev in rows}
        lane_list = []
        for i, finding in enumerate(findings):
            key = str(finding.id)
            title = clean(finding.title)
            lane_list.append(
                Lane(key, f"{i + 1}. {title}", SUBJECT_COLOURS[i % len(SUBJECT_COLOURS)])
            )
            for ev in finding.events:
                if ev.id in in_window:
                    events.append(_event(in_window[ev.id], key, clean, agency_colour=True))

    return (
        events,
        lane_list,
        load_bands(session, redact=redact),
        load_milestones(session, redact=redact),
    )


def _event(ev: Event, lane: str, clean: Redact, *, agency_colour: bool = False) -> TimelineEvent:
    assert ev.date_earliest is not None
    latest = ev.date_latest or ev.date_earliest
    if latest < ev.date_earliest:
        latest = ev.date_earliest
    subjects = ev.subjects_text or "; ".join(p.display_name for p in ev.subjects)
    return TimelineEvent(
        id=ev.id,
        lane=lane,
        earliest=ev.date_earliest,
        latest=latest,
        precision=ev.date_precision,
        label=clean(_first_line(ev.text)),
        date_text=ev.date_text,
        subjects=clean(subjects),
        colour=(ev.agency.colour or None) if agency_colour else None,
        agency=clean(ev.agency.name),
    )


def load_bands(session: Session, *, redact: Redact | None = None) -> list[Band]:
    """The review's scope and every key practice episode with dated events, in order."""
    clean = redact or _same
    bands: list[Band] = []
    review = session.scalars(select(Review)).first()
    if review is not None and review.scope_start and review.scope_end:
        bands.append(Band(review.scope_start, review.scope_end, "Review scope", "scope", "scope"))
    for episode in load_episodes(session, redact=redact):
        bands.append(Band(episode.start, episode.end, clean(episode.title), "episode", episode.key))
    return bands


def load_episodes(session: Session, *, redact: Redact | None = None) -> list[Episode]:
    """Key practice episodes with their summaries and periods (from their events).

    Episodes without a dated event have no period and are left out.
    """
    clean = redact or _same
    episodes = session.scalars(
        select(KeyPracticeEpisode)
        .options(selectinload(KeyPracticeEpisode.events))
        .order_by(KeyPracticeEpisode.sort_order, KeyPracticeEpisode.id)
    )
    out: list[Episode] = []
    for episode in episodes:
        span = episode.span()
        if span is None:
            continue
        out.append(
            Episode(
                title=clean(episode.title),
                summary=clean(episode.summary),
                start=span[0],
                end=max(span),
                key=f"episode-{episode.id}",
                event_ids=tuple(e.id for e in episode.events),
            )
        )
    return out


def load_milestones(session: Session, *, redact: Redact | None = None) -> list[Milestone]:
    """Events marked as milestones; the review's incident is titled "Incident"."""
    clean = redact or _same
    review = session.scalars(select(Review)).first()
    incident_text = review.incident_date_text.strip() if review is not None else ""
    out: list[Milestone] = []
    for ev in session.scalars(
        select(Event)
        .where(Event.is_milestone.is_(True), Event.date_earliest.is_not(None))
        .order_by(Event.date_earliest, Event.id)
    ):
        assert ev.date_earliest is not None
        if incident_text and ev.date_text.strip() == incident_text:
            title = f"Incident ({ev.date_text})"
        else:
            line = clean(_first_line(ev.text))
            title = line if len(line) <= 40 else line[:39].rstrip() + "\u2026"
        end = ev.date_latest if ev.date_latest and ev.date_latest > ev.date_earliest else None
        milestone = Milestone(ev.date_earliest, title, end)
        if all(m.day != milestone.day or m.title != milestone.title for m in out):
            out.append(milestone)
    return out


def count_unplaced(session: Session) -> int:
    """How many events cannot be placed on the timeline (their date is unknown)."""
    return int(
        session.scalar(select(func.count()).select_from(Event).where(Event.date_earliest.is_(None)))
        or 0
    )


def export_review_timeline(
    review: Path | str,
    out: Path | str,
    *,
    start: date | None = None,
    end: date | None = None,
    lanes: str = "agency",
    size: str = "a4-landscape",
    width_px: int | None = None,
    dpi: float | None = None,
    title: str | None = None,
    passphrase: str | None = None,
    redact: Redact | None = None,
) -> Path:
    """Export the timeline of the review file ``review`` to ``out`` (.png, .svg or .pdf).

    ``start``/``end`` limit the drawing to a date window (either may be left out: the
    review's first or last event, or scope, is used). The title defaults to the review's
    title and the period. Raises ValueError for a bad window, lane mode, size or format.
    """
    from workbench.timeline.render import export_timeline

    out = Path(out)
    if start is not None and end is not None and start > end:
        raise ValueError(f"the window starts ({start}) after it ends ({end})")
    store = ReviewStore.open(review, passphrase=passphrase, read_only=True)
    with store, store.session() as session:
        events, lane_list, bands, milestones = load_timeline(session, lanes=lanes, redact=redact)
        review_row = session.scalars(select(Review)).first()
        review_title = review_row.title if review_row is not None else ""
        threshold = float(review_row.gap_threshold_days or 90) if review_row is not None else 90.0
    layout = build_layout(events, lane_list, bands, milestones, gap_threshold_days=threshold)
    window: tuple[date, date] | None = None
    if start is not None or end is not None:
        window = (start or layout.start, end or layout.end)
        if window[0] > window[1]:
            raise ValueError(f"the window starts ({window[0]}) after it ends ({window[1]})")
    if title is None:
        title = f"{review_title}: timeline" if review_title else "Timeline"
    return export_timeline(
        layout, out, size=size, width_px=width_px, dpi=dpi, title=title, window=window
    )
