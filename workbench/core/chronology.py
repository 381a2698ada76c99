"""The integrated chronology as a query: filters, sort orders, windows of rows and gaps.

Views that show the chronology never load the whole event table. They ask for the
ordered ids of the events that pass a :class:`ChronologyFilter` (:func:`ordered_ids`,
8 bytes a row), then for the contents of a window of those ids (:func:`fetch_rows`), with
the related names, tags, link counts and flags gathered by one ``IN`` query each.
:func:`fetch_window` does both for an offset and a limit.

Within one kind of criterion a filter means "any of" (agencies A or B); different kinds
combine with "and" (agency A, tagged T, mentioning "school").

:func:`agency_gaps` finds, for each agency, the periods without any contact that are at
least a threshold long: the days after the end of every earlier contact and before the
start of the next one (the same definition as the timeline's gaps).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    text,
    union,
)
from sqlalchemy.orm import Session

from workbench.core.model import (
    Agency,
    Annotation,
    Corroboration,
    CorroborationStatus,
    Event,
    Finding,
    FindingKind,
    Person,
    Tag,
    episode_event,
    event_subject,
    event_tag,
    finding_episode,
    finding_event,
    finding_question,
)
from workbench.core.search import match_subquery
from workbench.core.store import days_between

#: Ids are fetched in chunks of this size, below SQLite's limit on bound parameters.
_IN_CHUNK = 900


class Flag(StrEnum):
    """Markers an event can carry (and a filter can ask for)."""

    MISSED_OPPORTUNITY = "missed_opportunity"
    GOOD_PRACTICE = "good_practice"
    CORROBORATED = "corroborated"
    ANNOTATED = "annotated"
    EDITED = "edited"
    MILESTONE = "milestone"

    @property
    def label(self) -> str:
        return FLAG_LABELS[self]


FLAG_LABELS: dict[Flag, str] = {
    Flag.MISSED_OPPORTUNITY: "Missed opportunity",
    Flag.GOOD_PRACTICE: "Good practice",
    Flag.CORROBORATED: "Corroborated",
    Flag.ANNOTATED: "Annotated",
    Flag.EDITED: "Agency text edited",
    Flag.MILESTONE: "Milestone",
}


class SortKey(StrEnum):
    """The orders a chronology can be shown in. Every order ends with the chronology's."""

    DATE = "date"
    TIME = "time"
    AGENCY = "agency"
    SUBJECTS = "subjects"
    TEXT = "text"
    OUTCOME = "outcome"
    ANALYSIS = "analysis"
    TAGS = "tags"
    LINKS = "links"
    FLAGS = "flags"


@dataclass(frozen=True)
class ChronologyFilter:
    """Which events to show. An empty filter shows every event.

    ``date_from``/``date_to`` keep an event whose date *can* fall in the range (its
    bounds overlap it); events with an unknown date are left out by a date range.
    ``event_ids`` restricts to an explicit set (a finding's evidence, a selection), named
    for the user by ``event_ids_label``.
    """

    agency_ids: frozenset[int] = frozenset()
    subject_ids: frozenset[int] = frozenset()
    tag_ids: frozenset[int] = frozenset()
    question_ids: frozenset[int] = frozenset()
    finding_ids: frozenset[int] = frozenset()
    episode_ids: frozenset[int] = frozenset()
    flags: frozenset[Flag] = frozenset()
    date_from: date | None = None
    date_to: date | None = None
    text: str = ""
    event_ids: frozenset[int] | None = None
    event_ids_label: str = ""

    def is_empty(self) -> bool:
        return self == ChronologyFilter()

    def without(self, part: str) -> ChronologyFilter:
        """This filter with one criterion removed (``"agency_ids"``, ``"dates"``...)."""
        if part == "dates":
            return replace(self, date_from=None, date_to=None)
        if part == "event_ids":
            return replace(self, event_ids=None, event_ids_label="")
        default = getattr(ChronologyFilter(), part)
        return replace(self, **{part: default})


@dataclass(frozen=True, slots=True)
class ChronologyRow:
    """One event as a chronology view shows it."""

    id: int
    agency_id: int
    date_text: str
    earliest: date | None
    latest: date | None
    precision: str
    approximate: bool
    doubtful: bool
    time: str | None
    sequence: float | None
    text: str
    outcome: str
    analysis: str
    subjects_text: str
    practitioner: str
    source_reference: str
    subjects: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    finding_count: int = 0
    episode_count: int = 0
    annotation_count: int = 0
    flags: frozenset[Flag] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Gap:
    """A period of ``days`` days (``start`` to ``end`` inclusive) with no contact.

    ``next_event_id`` is the agency's first event after the gap (None when the gap runs
    to the end of the period); ``previous_event_id`` the agency's event before it in date
    order (None when the gap starts at the beginning of the period).
    """

    agency_id: int
    agency_name: str
    start: date
    end: date
    previous_event_id: int | None
    next_event_id: int | None

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


# -- building the query ------------------------------------------------------------------


def _ids_in(column: Any, ids: Iterable[int]) -> ColumnElement[bool]:
    return column.in_(sorted(ids))  # type: ignore[no-any-return]


def _events_of_findings(finding_ids_sql: Any) -> Any:
    """Event ids linked to any finding whose id is in ``finding_ids_sql`` (a subquery or a
    list), directly or through one of the finding's episodes."""
    direct = select(finding_event.c.event_id).where(finding_event.c.finding_id.in_(finding_ids_sql))
    through = (
        select(episode_event.c.event_id)
        .join(finding_episode, finding_episode.c.episode_id == episode_event.c.episode_id)
        .where(finding_episode.c.finding_id.in_(finding_ids_sql))
    )
    return union(direct, through)


def _kind_events(kind: FindingKind) -> Any:
    kind_ids = select(Finding.id).where(Finding.kind == kind.value)
    return select(finding_event.c.event_id).where(finding_event.c.finding_id.in_(kind_ids))


def _corroborated_events() -> Any:
    confirmed = Corroboration.status == CorroborationStatus.CONFIRMED.value
    return union(
        select(Corroboration.event_a_id).where(confirmed),
        select(Corroboration.event_b_id).where(confirmed),
    )


def _edited_clause() -> ColumnElement[bool]:
    return or_(
        and_(Event.submitted_text.is_not(None), Event.submitted_text != Event.text),
        and_(Event.submitted_outcome.is_not(None), Event.submitted_outcome != Event.outcome),
        and_(Event.submitted_analysis.is_not(None), Event.submitted_analysis != Event.analysis),
    )


def _flag_clause(flag: Flag) -> ColumnElement[bool]:
    if flag is Flag.MISSED_OPPORTUNITY:
        return Event.id.in_(_kind_events(FindingKind.MISSED_OPPORTUNITY))
    if flag is Flag.GOOD_PRACTICE:
        return Event.id.in_(_kind_events(FindingKind.GOOD_PRACTICE))
    if flag is Flag.CORROBORATED:
        return Event.id.in_(_corroborated_events())
    if flag is Flag.ANNOTATED:
        return Event.id.in_(select(Annotation.event_id))
    if flag is Flag.EDITED:
        return _edited_clause()
    return Event.is_milestone.is_(True)


def filter_clauses(flt: ChronologyFilter) -> list[ColumnElement[bool]]:
    """The WHERE clauses (on ``Event``) that implement ``flt``; empty for no filter."""
    where: list[ColumnElement[bool]] = []
    if flt.event_ids is not None:
        where.append(_ids_in(Event.id, flt.event_ids))
    if flt.agency_ids:
        where.append(_ids_in(Event.agency_id, flt.agency_ids))
    if flt.subject_ids:
        where.append(
            Event.id.in_(
                select(event_subject.c.event_id).where(
                    _ids_in(event_subject.c.person_id, flt.subject_ids)
                )
            )
        )
    if flt.tag_ids:
        where.append(
            Event.id.in_(
                select(event_tag.c.event_id).where(_ids_in(event_tag.c.tag_id, flt.tag_ids))
            )
        )
    if flt.question_ids:
        answering = select(finding_question.c.finding_id).where(
            _ids_in(finding_question.c.research_question_id, flt.question_ids)
        )
        where.append(Event.id.in_(_events_of_findings(answering)))
    if flt.finding_ids:
        where.append(Event.id.in_(_events_of_findings(sorted(flt.finding_ids))))
    if flt.episode_ids:
        where.append(
            Event.id.in_(
                select(episode_event.c.event_id).where(
                    _ids_in(episode_event.c.episode_id, flt.episode_ids)
                )
            )
        )
    if flt.flags:
        where.append(or_(*(_flag_clause(f) for f in sorted(flt.flags))))
    if flt.date_from is not None:
        where.append(Event.date_latest >= flt.date_from)
    if flt.date_to is not None:
        where.append(Event.date_earliest <= flt.date_to)
    if flt.text.strip():
        match = match_subquery(flt.text)
        if match is None:
            # Only punctuation: nothing can match it.
            where.append(literal(False))
        else:
            sql, params = match
            where.append(Event.id.in_(text(sql).bindparams(**params)))
    return where


def _chronology_order(descending: bool = False) -> list[Any]:
    """Date bounds, then sequence, then time, then id; unknown values last either way.

    Ascending, this is the order of the covering index ``ix_event_sort``.
    """
    keys: list[Any] = []
    for column in (Event.date_earliest, Event.date_latest, Event.sequence, Event.time):
        keys.append((column.desc() if descending else column.asc()).nulls_last())
    keys.append(Event.id.desc() if descending else Event.id)
    return keys


def _subject_name() -> Any:
    name = func.coalesce(func.nullif(Person.pseudonym, ""), Person.real_name)
    first = (
        select(func.min(name))
        .join(event_subject, event_subject.c.person_id == Person.id)
        .where(event_subject.c.event_id == Event.id)
        .scalar_subquery()
    )
    return func.lower(func.coalesce(first, func.nullif(Event.subjects_text, "")))


def _first_tag() -> Any:
    return (
        select(func.min(func.lower(Tag.name)))
        .join(event_tag, event_tag.c.tag_id == Tag.id)
        .where(event_tag.c.event_id == Event.id)
        .scalar_subquery()
    )


def _flag_count() -> Any:
    return sum(
        (case((_flag_clause(f), 1), else_=0) for f in Flag),
        start=literal(0),
    )


def _sorted(stmt: Select[Any], key: SortKey, descending: bool) -> Select[Any]:
    """``stmt`` (a select from ``event``) ordered by ``key``, ties in chronology order."""
    if key is SortKey.DATE:
        return stmt.order_by(*_chronology_order(descending))
    expr: Any
    if key is SortKey.LINKS:
        counts = []
        for link in (finding_event, episode_event):
            grouped = (
                select(link.c.event_id, func.count().label("n"))
                .group_by(link.c.event_id)
                .subquery()
            )
            stmt = stmt.outerjoin(grouped, grouped.c.event_id == Event.id)
            counts.append(func.coalesce(grouped.c.n, 0))
        expr = counts[0] + counts[1]
    elif key is SortKey.AGENCY:
        stmt = stmt.join(Agency, Agency.id == Event.agency_id)
        direction = "desc" if descending else "asc"
        return stmt.order_by(
            getattr(Agency.sort_order, direction)(),
            getattr(Agency.name.collate("NOCASE"), direction)(),
            *_chronology_order(),
        )
    elif key is SortKey.TIME:
        expr = Event.time
    elif key is SortKey.SUBJECTS:
        expr = _subject_name()
    elif key is SortKey.TEXT:
        expr = Event.text.collate("NOCASE")
    elif key is SortKey.OUTCOME:
        expr = func.nullif(Event.outcome, "").collate("NOCASE")
    elif key is SortKey.ANALYSIS:
        expr = func.nullif(Event.analysis, "").collate("NOCASE")
    elif key is SortKey.TAGS:
        expr = _first_tag()
    else:
        expr = _flag_count()
    term = (expr.desc() if descending else expr.asc()).nulls_last()
    return stmt.order_by(term, *_chronology_order())


def ids_query(
    flt: ChronologyFilter | None = None,
    sort: SortKey = SortKey.DATE,
    descending: bool = False,
) -> Select[Any]:
    stmt = select(Event.id)
    for clause in filter_clauses(flt or ChronologyFilter()):
        stmt = stmt.where(clause)
    return _sorted(stmt, sort, descending)


def _plain_param(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _driver_sql(session: Session, stmt: Select[Any]) -> tuple[Any, str, list[Any]]:
    """(driver connection, SQL, positional parameters) for running ``stmt`` directly."""
    conn = session.connection()
    compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params = compiled.params
    args = [_plain_param(params[name]) for name in compiled.positiontup or ()]
    driver = conn.connection.driver_connection
    assert driver is not None
    return driver, str(compiled), args


def _ids(session: Session, stmt: Select[Any]) -> list[int]:
    """The first column of ``stmt`` as ints, in order, read straight from the driver.

    For 100,000 rows this takes a fifth of the time of reading them through a result
    object: the statement is compiled once and its parameters passed in order.
    """
    driver, sql, args = _driver_sql(session, stmt)
    return [row[0] for row in driver.execute(sql, args)]


def _id_set(session: Session, sql: str, args: list[Any] | dict[str, Any]) -> set[int]:
    """The ids ``sql`` selects (one column), in any order, as one string from SQLite.

    One row instead of one per id: the database does all the work in one step without
    the interpreter's lock, so a search on a worker thread never competes with the
    window for it (a search may match half of 100,000 events).
    """
    driver = session.connection().connection.driver_connection
    assert driver is not None
    joined = driver.execute(f"WITH t(x) AS ({sql}) SELECT group_concat(x) FROM t", args).fetchone()[
        0
    ]
    if not joined:
        return set()
    return set(map(int, joined.split(",")))


def ordered_ids(
    session: Session,
    flt: ChronologyFilter | None = None,
    sort: SortKey = SortKey.DATE,
    descending: bool = False,
) -> list[int]:
    """Ids of the events that pass ``flt``, in the order asked for."""
    return _ids(session, ids_query(flt, sort, descending))


def matching_ids(session: Session, flt: ChronologyFilter | None) -> set[int] | None:
    """The ids of the events that pass ``flt``, unordered; None when it filters nothing.

    A view that already holds the ordered ids of the whole chronology keeps those in
    this set, which is much cheaper than sorting the matches again (a search that
    matches half of 100,000 events).
    """
    flt = flt or ChronologyFilter()
    found: set[int] | None = None
    if flt.text.strip():
        # Straight from the index: no need to visit the event table for a search alone.
        match = match_subquery(flt.text)
        if match is None:
            return set()
        sql, params = match
        found = _id_set(session, sql.replace(":fts_q", "?"), [params["fts_q"]])
    clauses = filter_clauses(replace(flt, text=""))
    if clauses:
        stmt = select(Event.id)
        for clause in clauses:
            stmt = stmt.where(clause)
        if found is not None and len(found) <= _IN_CHUNK:
            stmt = stmt.where(Event.id.in_(sorted(found)))
        _driver, sql, args = _driver_sql(session, stmt)
        others = _id_set(session, sql, args)
        found = others if found is None else found & others
    return found


def count_events(session: Session, flt: ChronologyFilter | None = None) -> int:
    stmt = select(func.count()).select_from(Event)
    for clause in filter_clauses(flt or ChronologyFilter()):
        stmt = stmt.where(clause)
    return int(session.scalar(stmt) or 0)


# -- fetching rows -----------------------------------------------------------------------


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), _IN_CHUNK):
        yield list(ids[start : start + _IN_CHUNK])


_ROW_COLUMNS = (
    Event.id,
    Event.agency_id,
    Event.date_text,
    Event.date_earliest,
    Event.date_latest,
    Event.date_precision,
    Event.date_approximate,
    Event.date_doubtful,
    Event.time,
    Event.sequence,
    Event.text,
    Event.outcome,
    Event.analysis,
    Event.subjects_text,
    Event.practitioner,
    Event.source_reference,
    Event.is_milestone,
    Event.submitted_text,
    Event.submitted_outcome,
    Event.submitted_analysis,
)


def fetch_rows(session: Session, ids: Sequence[int]) -> list[ChronologyRow]:
    """The rows of the events ``ids``, in the order given (ids that no longer exist are
    skipped)."""
    base: dict[int, tuple[Any, ...]] = {}
    subjects: dict[int, list[str]] = defaultdict(list)
    tags: dict[int, list[tuple[str, str]]] = defaultdict(list)
    findings: dict[int, int] = defaultdict(int)
    kinds: dict[int, set[str]] = defaultdict(set)
    episodes: dict[int, int] = defaultdict(int)
    notes: dict[int, int] = {}
    corroborated: set[int] = set()
    confirmed = CorroborationStatus.CONFIRMED.value
    display = func.coalesce(func.nullif(Person.pseudonym, ""), Person.real_name)
    for chunk in _chunks(ids):
        for row in session.execute(select(*_ROW_COLUMNS).where(Event.id.in_(chunk))):
            base[row[0]] = tuple(row)
        for event_id, name in session.execute(
            select(event_subject.c.event_id, display)
            .join(Person, Person.id == event_subject.c.person_id)
            .where(event_subject.c.event_id.in_(chunk))
            .order_by(event_subject.c.event_id, Person.id)
        ):
            subjects[event_id].append(name)
        for event_id, name, colour in session.execute(
            select(event_tag.c.event_id, Tag.name, Tag.colour)
            .join(Tag, Tag.id == event_tag.c.tag_id)
            .where(event_tag.c.event_id.in_(chunk))
            .order_by(event_tag.c.event_id, Tag.name)
        ):
            tags[event_id].append((name, colour))
        for event_id, kind in session.execute(
            select(finding_event.c.event_id, Finding.kind)
            .join(Finding, Finding.id == finding_event.c.finding_id)
            .where(finding_event.c.event_id.in_(chunk))
        ):
            findings[event_id] += 1
            kinds[event_id].add(kind)
        for event_id, n in session.execute(
            select(episode_event.c.event_id, func.count())
            .where(episode_event.c.event_id.in_(chunk))
            .group_by(episode_event.c.event_id)
        ):
            episodes[event_id] = int(n)
        for event_id, n in session.execute(
            select(Annotation.event_id, func.count())
            .where(Annotation.event_id.in_(chunk))
            .group_by(Annotation.event_id)
        ):
            notes[event_id] = int(n)
        for a, b in session.execute(
            select(Corroboration.event_a_id, Corroboration.event_b_id).where(
                Corroboration.status == confirmed,
                or_(Corroboration.event_a_id.in_(chunk), Corroboration.event_b_id.in_(chunk)),
            )
        ):
            corroborated.update((a, b))

    rows: list[ChronologyRow] = []
    for event_id in ids:
        r = base.get(event_id)
        if r is None:
            continue
        flags: set[Flag] = set()
        if FindingKind.MISSED_OPPORTUNITY.value in kinds[event_id]:
            flags.add(Flag.MISSED_OPPORTUNITY)
        if FindingKind.GOOD_PRACTICE.value in kinds[event_id]:
            flags.add(Flag.GOOD_PRACTICE)
        if event_id in corroborated:
            flags.add(Flag.CORROBORATED)
        if notes.get(event_id):
            flags.add(Flag.ANNOTATED)
        if r[16]:
            flags.add(Flag.MILESTONE)
        if any(sub is not None and sub != cur for sub, cur in zip(r[17:20], r[10:13], strict=True)):
            flags.add(Flag.EDITED)
        rows.append(
            ChronologyRow(
                id=r[0],
                agency_id=r[1],
                date_text=r[2],
                earliest=r[3],
                latest=r[4],
                precision=r[5],
                approximate=bool(r[6]),
                doubtful=bool(r[7]),
                time=r[8],
                sequence=r[9],
                text=r[10] or "",
                outcome=r[11] or "",
                analysis=r[12] or "",
                subjects_text=r[13] or "",
                practitioner=r[14] or "",
                source_reference=r[15] or "",
                subjects=tuple(subjects.get(event_id, ())),
                tags=tuple(tags.get(event_id, ())),
                finding_count=findings.get(event_id, 0),
                episode_count=episodes.get(event_id, 0),
                annotation_count=notes.get(event_id, 0),
                flags=frozenset(flags),
            )
        )
    return rows


def fetch_window(
    session: Session,
    flt: ChronologyFilter | None = None,
    sort: SortKey = SortKey.DATE,
    descending: bool = False,
    *,
    offset: int = 0,
    limit: int = 200,
) -> list[ChronologyRow]:
    """``limit`` rows from position ``offset`` of the filtered, sorted chronology."""
    ids: list[int] = list(
        session.scalars(ids_query(flt, sort, descending).offset(max(0, offset)).limit(limit))
    )
    return fetch_rows(session, ids)


# -- gaps --------------------------------------------------------------------------------


def _gaps_query(threshold: int, agency_ids: Sequence[int] | None = None) -> Select[Any]:
    """Each dated event that starts at least ``threshold`` days after the end of every
    earlier event of its agency: (agency id, event id, its start, the latest end before
    it, the id of the event before it), by agency and start.

    "Earlier" is the order ``date_earliest, date_latest, id`` within an agency.
    """
    dated = [Event.date_earliest.is_not(None), Event.date_latest.is_not(None)]
    if agency_ids is not None:
        dated.append(Event.agency_id.in_(agency_ids))
    order = [Event.date_earliest, Event.date_latest, Event.id]
    inner = (
        select(
            Event.agency_id,
            Event.id,
            Event.date_earliest,
            func.max(Event.date_latest)
            .over(partition_by=Event.agency_id, order_by=order, rows=(None, -1))
            .label("prev_cover"),
            func.lag(Event.id, type_=Integer)
            .over(partition_by=Event.agency_id, order_by=order)
            .label("prev_id"),
        )
        .where(*dated)
        .subquery()
    )
    return (
        select(
            inner.c.agency_id,
            inner.c.id,
            inner.c.date_earliest,
            inner.c.prev_cover,
            inner.c.prev_id,
        )
        .where(
            inner.c.prev_cover.is_not(None),
            days_between(inner.c.date_earliest, inner.c.prev_cover) - 1 >= threshold,
        )
        .order_by(inner.c.agency_id, inner.c.date_earliest)
    )


def _edges_query(
    agency_ids: Sequence[int] | None = None,
) -> Select[int, date | None, date | None]:
    """Each agency's first start and last end of its dated events."""
    dated = [Event.date_earliest.is_not(None), Event.date_latest.is_not(None)]
    if agency_ids is not None:
        dated.append(Event.agency_id.in_(agency_ids))
    return (
        select(Event.agency_id, func.min(Event.date_earliest), func.max(Event.date_latest))
        .where(*dated)
        .group_by(Event.agency_id)
    )


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def agency_gaps(
    session: Session,
    threshold_days: int,
    *,
    period: tuple[date, date] | None = None,
    agency_ids: Iterable[int] | None = None,
) -> list[Gap]:
    """Every agency's periods of at least ``threshold_days`` days without a contact.

    With ``period`` (inclusive days, e.g. the review's scope) the time before an agency's
    first and after its last contact counts too, gaps are clipped to the period, and an
    agency with no dated contact at all has one gap over the whole period.
    Results are ordered by agency (``sort_order``, name) and then by start.
    """
    threshold = max(1, int(threshold_days))
    agencies = {
        a.id: (a.sort_order, a.name, a.short_name or a.name)
        for a in session.scalars(select(Agency))
    }
    wanted = set(agencies) if agency_ids is None else set(agency_ids) & set(agencies)
    if not wanted:
        return []
    only = None if agency_ids is None else sorted(wanted)
    found: list[Gap] = []
    for agency_id, event_id, earliest, prev_cover, prev_id in session.execute(
        _gaps_query(threshold, only)
    ):
        start = _as_date(prev_cover) + timedelta(days=1)
        end = _as_date(earliest) - timedelta(days=1)
        found.append(Gap(agency_id, agencies[agency_id][1], start, end, prev_id, event_id))

    if period is not None:
        lo, hi = period
        clipped: list[Gap] = []
        for gap in found:
            start, end = max(gap.start, lo), min(gap.end, hi)
            if (end - start).days + 1 >= threshold:
                clipped.append(replace(gap, start=start, end=end))
        found = clipped
        seen: set[int] = set()
        edge_rows = session.execute(_edges_query(only)).all()
        first_last = _first_last_events(session, [int(r[0]) for r in edge_rows])
        for agency_id, first, last in edge_rows:
            seen.add(agency_id)
            first_day, last_day = _as_date(first), _as_date(last)
            first_id, last_id = first_last[agency_id]
            if (first_day - lo).days >= threshold:
                found.append(
                    Gap(
                        agency_id,
                        agencies[agency_id][1],
                        lo,
                        min(hi, first_day - timedelta(days=1)),
                        None,
                        first_id,
                    )
                )
            if (hi - last_day).days >= threshold:
                found.append(
                    Gap(
                        agency_id,
                        agencies[agency_id][1],
                        max(lo, last_day + timedelta(days=1)),
                        hi,
                        last_id,
                        None,
                    )
                )
        if (hi - lo).days + 1 >= threshold:
            for agency_id in sorted(wanted - seen):
                found.append(Gap(agency_id, agencies[agency_id][1], lo, hi, None, None))
        found = [g for g in found if g.end >= g.start]

    found.sort(key=lambda g: (agencies[g.agency_id][0], agencies[g.agency_id][1], g.start))
    return found


def _first_last_events(session: Session, agency_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Each agency's first event (by start) and last event (by end)."""
    out: dict[int, tuple[int, int]] = {}
    for agency_id in agency_ids:
        first = session.scalar(
            select(Event.id)
            .where(Event.agency_id == agency_id, Event.date_earliest.is_not(None))
            .order_by(Event.date_earliest, Event.date_latest, Event.id)
            .limit(1)
        )
        last = session.scalar(
            select(Event.id)
            .where(Event.agency_id == agency_id, Event.date_latest.is_not(None))
            .order_by(Event.date_latest.desc(), Event.id.desc())
            .limit(1)
        )
        assert first is not None and last is not None
        out[agency_id] = (first, last)
    return out
