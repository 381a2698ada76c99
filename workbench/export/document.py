"""Content assembly: one document model of the review that every export format renders.

:func:`assemble` reads the review once and returns an :class:`ExportDocument`: plain data
(no database objects), so a publication copy can be made by transforming every text in it
(:mod:`workbench.export.redact`) and the writers need no session. :func:`iter_text` yields
every text run of a document with a readable description of where it is, for the leak
check.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from workbench.core.model import (
    Agency,
    Event,
    Finding,
    FindingKind,
    GlossaryTerm,
    Lesson,
    Person,
    Recommendation,
    RecommendationScope,
    ReportSection,
    ResearchQuestion,
    Review,
    SourceFile,
    event_subject,
)
from workbench.core.queries import ordered_events

#: Report sections that belong after the recommendations and action plan.
RESPONSE_KEYS = ("board_response", "section11")
BRIEFING_PREFIX = "briefing."
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str | None) -> str:
    """Text safe for every format: no characters XML (docx, pptx, xlsx) forbids."""
    if not text:
        return ""
    return _ILLEGAL_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def long_date(d: date | None) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}" if d else ""


#: ``date`` under another name: :class:`Meta` has a field called ``date``.
_Date = date


# -- the model -------------------------------------------------------------------------------
@dataclass
class Meta:
    board: str
    title: str
    type_label: str
    review_type: str
    date: str
    version: str
    status: str
    marking: str
    scope: str
    subject_summary: str
    publication: bool = False
    scope_start: _Date | None = None
    scope_end: _Date | None = None

    @property
    def type_abbreviation(self) -> str:
        """ "SCR" for "Serious Case Review" (initials of the capitalised words)."""
        letters = [w[0] for w in re.findall(r"[A-Za-z]+", self.type_label) if w[0].isupper()]
        return "".join(letters) or self.type_label

    def describe(self) -> str:
        return "Title page and document details"


@dataclass
class Section:
    key: str
    title: str
    body: str

    def describe(self) -> str:
        return f"Section '{self.title}'"


@dataclass
class EvidenceRef:
    """An event cited as evidence: its date as written, its agency and what happened."""

    event_id: int
    entry: int | None
    date_text: str
    agency: str
    agency_short: str
    summary: str

    def label(self) -> str:
        where = f" [entry {self.entry}]" if self.entry else ""
        return f"{self.date_text} ({self.agency_short}){where}: {self.summary}"

    def describe(self) -> str:
        return f"Evidence {self.date_text} ({self.agency_short})"


@dataclass
class FindingItem:
    id: int
    title: str
    body: str
    kind: str
    kind_label: str
    category: str
    questions: list[int]
    evidence: list[EvidenceRef]
    episodes: list[str]

    def describe(self) -> str:
        return f"{self.kind_label} '{self.title}'"


@dataclass
class QuestionItem:
    number: int
    title: str
    text: str
    findings: list[FindingItem]

    def describe(self) -> str:
        return f"Research question {self.number}"


@dataclass
class LessonItem:
    number: int
    text: str

    def describe(self) -> str:
        return f"Lesson {self.number}"


@dataclass
class ActionItem:
    recommendation: int
    description: str
    owner: str
    due: str
    status: str
    evidence_of_impact: str
    last_reviewed: str

    def describe(self) -> str:
        return f"Action plan, recommendation {self.recommendation}"


@dataclass
class RecommendationItem:
    number: int
    text: str
    scope: str
    scope_label: str
    targets: list[str]
    findings: list[str]
    lessons: list[int]
    actions: list[ActionItem]

    def describe(self) -> str:
        return f"Recommendation {self.number}"


@dataclass
class ChronologyRow:
    entry: int
    event_id: int
    date_text: str
    time: str
    agency: str
    agency_short: str
    colour: str
    subjects: str
    text: str
    outcome: str
    analysis: str
    practitioner: str
    source: str
    earliest: date | None
    latest: date | None
    precision: str

    def describe(self) -> str:
        return f"Chronology entry {self.entry} ({self.date_text}, {self.agency_short})"


@dataclass
class GlossaryItem:
    abbreviation: str
    meaning: str

    def describe(self) -> str:
        return f"Glossary '{self.abbreviation}'"


@dataclass
class BriefingBox:
    number: int
    title: str
    body: str

    def describe(self) -> str:
        return f"Briefing box {self.number}"


@dataclass
class AgencyItem:
    name: str
    short_name: str
    colour: str
    events: int

    def describe(self) -> str:
        return f"Agency '{self.short_name}'"


@dataclass
class TimelineInput:
    """What the timeline figure is laid out from (kept as data so it can be redacted)."""

    events: list[Any]
    lanes: list[Any]
    bands: list[Any]
    milestones: list[Any]
    window: tuple[date, date] | None

    def describe(self) -> str:
        return "Timeline figure"

    def layout(self) -> Any:
        from workbench.timeline.layout import build_layout

        return build_layout(
            self.events, self.lanes, self.bands, self.milestones, window=self.window
        )


@dataclass
class ExportDocument:
    meta: Meta
    sections: list[Section]
    questions: list[QuestionItem]
    findings: list[FindingItem]
    lessons: list[LessonItem]
    recommendations: list[RecommendationItem]
    chronology: list[ChronologyRow]
    glossary: list[GlossaryItem]
    briefing: list[BriefingBox]
    agencies: list[AgencyItem]
    timeline: TimelineInput | None = None
    window: tuple[date, date] | None = None
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return "Document"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def narrative_sections(self) -> list[Section]:
        return [s for s in self.sections if s.key not in RESPONSE_KEYS]

    @property
    def response_sections(self) -> list[Section]:
        return [s for s in self.sections if s.key in RESPONSE_KEYS]

    @property
    def missed_opportunities(self) -> list[FindingItem]:
        return [f for f in self.findings if f.kind == FindingKind.MISSED_OPPORTUNITY.value]

    @property
    def good_practice(self) -> list[FindingItem]:
        return [f for f in self.findings if f.kind == FindingKind.GOOD_PRACTICE.value]

    @property
    def unanswered_findings(self) -> list[FindingItem]:
        """Findings linked to no research question (shown in their own section)."""
        return [f for f in self.findings if not f.questions]

    def recommendations_of(self, scope: str) -> list[RecommendationItem]:
        return [r for r in self.recommendations if r.scope == scope]

    @property
    def actions(self) -> list[ActionItem]:
        return [a for r in self.recommendations for a in r.actions]


# -- assembly ----------------------------------------------------------------------------------
def _summary(text: str, limit: int = 160) -> str:
    one = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(\s|$)", one)
    if m and len(m.group(1)) <= limit:
        return m.group(1)
    return one if len(one) <= limit else one[: limit - 1].rsplit(" ", 1)[0] + "…"


def assemble(
    session: Session,
    *,
    window: tuple[date, date] | None = None,
    lanes: str = "agency",
    agencies: list[str] | None = None,
    timeline: bool = True,
    chronology: bool = True,
    today: date | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportDocument:
    """Read the review into an :class:`ExportDocument` (working copy: real names kept).

    ``window`` limits the chronology (and the timeline) to events that overlap it;
    ``agencies`` (names or short names) limits the chronology to those agencies.
    ``chronology=False`` leaves the chronology's rows out (the deck and the briefing do
    not print it; evidence still cites entry numbers), ``timeline=False`` the timeline.
    """
    review = session.scalars(select(Review).limit(1)).one()
    scope = ""
    if review.scope_start or review.scope_end:
        scope = f"{long_date(review.scope_start)} to {long_date(review.scope_end)}".strip()
    meta = Meta(
        board=clean(review.board),
        title=clean(review.title),
        type_label=clean(review.type_label),
        review_type=review.review_type,
        date=long_date(today or date.today()),
        version=clean(review.version),
        status=clean(review.status),
        marking=clean(review.protective_marking),
        scope=scope,
        subject_summary=clean(review.subject_summary),
        scope_start=review.scope_start,
        scope_end=review.scope_end,
    )
    sections: list[Section] = []
    briefing: list[BriefingBox] = []
    for sec in session.scalars(
        select(ReportSection).order_by(ReportSection.sort_order, ReportSection.id)
    ):
        if sec.key.startswith(BRIEFING_PREFIX):
            try:
                number = int(sec.key[len(BRIEFING_PREFIX) :])
            except ValueError:
                continue
            briefing.append(BriefingBox(number, clean(sec.title), clean(sec.body)))
        else:
            sections.append(Section(sec.key, clean(sec.title), clean(sec.body)))
    briefing.sort(key=lambda b: b.number)

    # The chronology first: evidence references point at its entry numbers.
    rows, entry_of = _chronology(
        session, window=window, agencies=agencies, cancelled=cancelled, with_rows=chronology
    )

    def evidence(ev: Event) -> EvidenceRef:
        return EvidenceRef(
            event_id=ev.id,
            entry=entry_of.get(ev.id),
            date_text=clean(ev.date_text),
            agency=clean(ev.agency.name),
            agency_short=clean(ev.agency.label),
            summary=clean(_summary(ev.text or ev.outcome)),
        )

    findings: list[FindingItem] = []
    for f in session.scalars(
        select(Finding)
        .order_by(Finding.sort_order, Finding.id)
        .options(
            selectinload(Finding.questions),
            selectinload(Finding.events).selectinload(Event.agency),
            selectinload(Finding.episodes),
        )
    ):
        try:
            kind_label = FindingKind(f.kind).label
        except ValueError:
            kind_label = f.kind.replace("_", " ").capitalize()
        findings.append(
            FindingItem(
                id=f.id,
                title=clean(f.title),
                body=clean(f.body),
                kind=f.kind,
                kind_label=kind_label,
                category=clean(f.category),
                questions=[q.number for q in f.questions],
                evidence=[evidence(ev) for ev in f.events],
                episodes=[clean(e.title) for e in f.episodes],
            )
        )
    by_id = {f.id: f for f in findings}
    questions = []
    for q in session.scalars(select(ResearchQuestion).order_by(ResearchQuestion.number)):
        questions.append(
            QuestionItem(
                number=q.number,
                title=clean(q.title),
                text=clean(q.text),
                findings=[f for f in findings if q.number in f.questions],
            )
        )
    lessons = [
        LessonItem(le.number, clean(le.text))
        for le in session.scalars(select(Lesson).order_by(Lesson.number))
    ]
    recommendations = []
    for r in session.scalars(
        select(Recommendation)
        .order_by(Recommendation.number)
        .options(
            selectinload(Recommendation.targets),
            selectinload(Recommendation.findings),
            selectinload(Recommendation.lessons),
            selectinload(Recommendation.actions),
        )
    ):
        try:
            scope_label = RecommendationScope(r.scope).label
        except ValueError:
            scope_label = r.scope
        recommendations.append(
            RecommendationItem(
                number=r.number,
                text=clean(r.text),
                scope=r.scope,
                scope_label=scope_label,
                targets=[clean(a.name) for a in r.targets],
                findings=[by_id[f.id].title for f in r.findings if f.id in by_id],
                lessons=sorted(le.number for le in r.lessons),
                actions=[
                    ActionItem(
                        recommendation=r.number,
                        description=clean(a.description),
                        owner=clean(a.owner),
                        due=long_date(a.due_date),
                        status=a.status,
                        evidence_of_impact=clean(a.evidence_of_impact),
                        last_reviewed=long_date(a.last_reviewed),
                    )
                    for a in r.actions
                ],
            )
        )
    glossary = [
        GlossaryItem(clean(g.abbreviation), clean(g.meaning))
        for g in session.scalars(select(GlossaryTerm).order_by(GlossaryTerm.abbreviation))
    ]
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.agency] = counts.get(row.agency, 0) + 1
    if not rows and entry_of:  # rows left out: count from the events' agencies
        for agency_name, n in session.execute(
            select(Agency.name, func.count(Event.id)).join(Event.agency).group_by(Agency.name)
        ):
            counts[agency_name] = n
    agency_items = [
        AgencyItem(clean(a.name), clean(a.label), a.colour, counts.get(a.name, 0))
        for a in session.scalars(select(Agency).order_by(Agency.sort_order, Agency.name))
    ]
    doc = ExportDocument(
        meta=meta,
        sections=sections,
        questions=questions,
        findings=findings,
        lessons=lessons,
        recommendations=recommendations,
        chronology=rows,
        glossary=glossary,
        briefing=briefing,
        agencies=agency_items,
        window=window,
    )
    if timeline:
        doc.timeline, note = load_timeline_input(session, lanes=lanes, window=window)
        if note:
            doc.notes.append(note)
    return doc


def _chronology(
    session: Session,
    *,
    window: tuple[date, date] | None,
    agencies: list[str] | None,
    cancelled: Callable[[], bool] | None,
    with_rows: bool,
) -> tuple[list[ChronologyRow], dict[int, int]]:
    """The chronology's rows in order and each event's entry number (read with plain
    queries: thousands of events, no objects needed)."""
    wanted = {a.lower() for a in agencies} if agencies else None
    agency_rows = {a.id: a for a in session.scalars(select(Agency))}
    keep_agency = {
        i
        for i, a in agency_rows.items()
        if not wanted or a.name.lower() in wanted or a.short_name.lower() in wanted
    }
    order = ordered_events().subquery()
    columns = [order.c.id, order.c.agency_id, order.c.date_earliest, order.c.date_latest]
    if with_rows:
        columns += [
            order.c.date_text,
            order.c.time,
            order.c.date_precision,
            order.c.text,
            order.c.outcome,
            order.c.analysis,
            order.c.practitioner,
            order.c.subjects_text,
            order.c.source_file_id,
            order.c.source_row,
            order.c.source_ref,
        ]
    result = session.execute(select(*columns))
    subjects: dict[int, list[str]] = {}
    files: dict[int, str] = {}
    if with_rows:
        for event_id, real, pseudonym in session.execute(
            select(event_subject.c.event_id, Person.real_name, Person.pseudonym)
            .join(Person, Person.id == event_subject.c.person_id)
            .order_by(event_subject.c.event_id, Person.id)
        ):
            subjects.setdefault(event_id, []).append(pseudonym or real)
        files = dict(session.execute(select(SourceFile.id, SourceFile.file_name)).all())
    rows: list[ChronologyRow] = []
    entry_of: dict[int, int] = {}
    for i, r in enumerate(result):
        if cancelled is not None and i % 1000 == 0 and cancelled():
            from workbench.export.errors import ExportCancelled

            raise ExportCancelled()
        if r.agency_id not in keep_agency:
            continue
        if window is not None and (
            r.date_earliest is None
            or r.date_latest is None
            or r.date_latest < window[0]
            or r.date_earliest > window[1]
        ):
            continue
        entry = len(entry_of) + 1
        entry_of[r.id] = entry
        if not with_rows:
            continue
        agency = agency_rows[r.agency_id]
        source = files.get(r.source_file_id, "") if r.source_file_id else ""
        if source and r.source_row:
            source += f", row {r.source_row}"
        if r.source_ref:
            source = f"Ref {r.source_ref}" + (f" ({source})" if source else "")
        rows.append(
            ChronologyRow(
                entry=entry,
                event_id=r.id,
                date_text=clean(r.date_text),
                time=r.time or "",
                agency=clean(agency.name),
                agency_short=clean(agency.label),
                colour=agency.colour or "#7f7f7f",
                subjects=clean("; ".join(subjects.get(r.id, ())) or r.subjects_text),
                text=clean(r.text),
                outcome=clean(r.outcome),
                analysis=clean(r.analysis),
                practitioner=clean(r.practitioner),
                source=clean(source),
                earliest=r.date_earliest,
                latest=r.date_latest,
                precision=r.date_precision,
            )
        )
    return rows, entry_of


def load_timeline_input(
    session: Session, *, lanes: str = "agency", window: tuple[date, date] | None = None
) -> tuple[TimelineInput | None, str]:
    """The timeline's input, or None and the reason it is not available."""
    try:
        from workbench.timeline.source import load_timeline
    except ImportError as exc:
        return None, f"the timeline figure is not available ({exc})"
    events, lane_list, bands, milestones = load_timeline(session, lanes=lanes, window=window)
    if not events:
        return None, "the timeline figure is left out: no dated events to draw"
    return TimelineInput(list(events), list(lane_list), list(bands), list(milestones), window), ""


def people_register(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).order_by(Person.id)))


# -- walking the texts of a document -----------------------------------------------------------
_FIELD_NAMES = {
    "text": "text",
    "body": "text",
    "title": "title",
    "outcome": "action/outcome",
    "analysis": "agency analysis",
    "subjects": "subjects",
    "summary": "summary",
    "meaning": "meaning",
    "description": "description",
    "evidence_of_impact": "evidence of impact",
    "label": "label",
    "subjects_text": "subjects",
}


_TIMELINE_NAMES = {
    "TimelineEvent": "Timeline event",
    "Lane": "Timeline lane",
    "Band": "Timeline band",
    "Milestone": "Timeline milestone",
}


def _describe(obj: Any, path: str) -> str:
    describe = getattr(obj, "describe", None)
    if callable(describe):
        return str(describe())
    # Timeline inputs (events, lanes, bands, milestones) are the timeline package's own
    # dataclasses.
    name = _TIMELINE_NAMES.get(type(obj).__name__, type(obj).__name__)
    detail = getattr(obj, "date_text", "") or getattr(obj, "title", "")
    return f"{name} {detail}".strip() if detail else f"{name} ({path})"


def iter_text(obj: Any, where: str = "", path: str = "") -> Iterator[tuple[str, str]]:
    """Every text run in ``obj`` as (where, text); ``where`` is readable by a reviewer."""
    if isinstance(obj, str):
        if obj:
            yield where or path, obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        here = _describe(obj, path)
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, str | list | tuple | dict) or dataclasses.is_dataclass(value):
                label = f"{here}, {_FIELD_NAMES.get(f.name, f.name.replace('_', ' '))}"
                yield from iter_text(value, label, f"{path}.{f.name}")
    elif isinstance(obj, list | tuple):
        for i, item in enumerate(obj):
            yield from iter_text(item, where, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from iter_text(item, where, f"{path}[{key!r}]")


def transform_text(obj: Any, fn: Callable[[str], str]) -> Any:
    """A copy of ``obj`` with ``fn`` applied to every text in it (dates, numbers kept)."""
    if isinstance(obj, str):
        return fn(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {}
        for f in dataclasses.fields(obj):
            if not f.init:
                continue
            value = getattr(obj, f.name)
            new = transform_text(value, fn)
            if new is not value:
                changes[f.name] = new
        return dataclasses.replace(obj, **changes) if changes else obj
    if isinstance(obj, list):
        return [transform_text(v, fn) for v in obj]
    if isinstance(obj, tuple):
        return tuple(transform_text(v, fn) for v in obj)
    if isinstance(obj, dict):
        return {k: transform_text(v, fn) for k, v in obj.items()}
    return obj
