"""The review's domain model (SQLAlchemy 2 typed ORM).

One review file holds exactly one :class:`Review` row and everything the panel knows about
the case. Every table derives from :class:`Base`, which gives each row an integer key (used
for joins and the search index), a stable ``uuid`` (so that copies of a review can be
merged later) and ``created_at``/``updated_at`` timestamps.

Agency text (``Event.text``, ``outcome``, ``analysis``) is kept as the agency submitted it in
the ``submitted_*`` columns; a reviewer's change to it is visible by comparison. Reviewer
notes live in :class:`Annotation`, never in agency text.
"""

from __future__ import annotations

import uuid as uuid_module
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from workbench.core.dates import FuzzyDate, Precision

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    return str(uuid_module.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"


class ReviewType(StrEnum):
    SCR = "scr"
    CSPR = "cspr"
    SAR = "sar"
    DHR = "dhr"
    OTHER = "other"

    @property
    def label(self) -> str:
        return REVIEW_TYPE_LABELS[self]


REVIEW_TYPE_LABELS = {
    ReviewType.SCR: "Serious Case Review",
    ReviewType.CSPR: "Child Safeguarding Practice Review",
    ReviewType.SAR: "Safeguarding Adults Review",
    ReviewType.DHR: "Domestic Homicide Review",
    ReviewType.OTHER: "Review",
}


class FindingKind(StrEnum):
    FINDING = "finding"
    MISSED_OPPORTUNITY = "missed_opportunity"
    GOOD_PRACTICE = "good_practice"

    @property
    def label(self) -> str:
        return {
            "finding": "Finding",
            "missed_opportunity": "Missed opportunity",
            "good_practice": "Good practice",
        }[self.value]


class RecommendationScope(StrEnum):
    MULTI_AGENCY = "multi_agency"
    SINGLE_AGENCY = "single_agency"

    @property
    def label(self) -> str:
        return "Multi-agency" if self is RecommendationScope.MULTI_AGENCY else "Single-agency"


class ActionStatus(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    COMPLETE = "complete"


class QuarantineStatus(StrEnum):
    WAITING = "waiting"
    RELEASED = "released"
    DISMISSED = "dismissed"


class CorroborationStatus(StrEnum):
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


#: The SCIE "Learning Together" typology of underlying patterns.
TYPOLOGY = (
    "Innate human biases",
    "Family-professional interaction",
    "Human-tool operation",
    "Human-management system",
    "Multi-agency working in response to incidents and crises",
    "Multi-agency working in longer-term work",
    "Human judgement/reasoning",
)


def _link(name: str, left: str, right: str) -> Table:
    return Table(
        name,
        Base.metadata,
        Column(f"{left}_id", ForeignKey(f"{left}.id", ondelete="CASCADE"), primary_key=True),
        Column(f"{right}_id", ForeignKey(f"{right}.id", ondelete="CASCADE"), primary_key=True),
    )


event_subject = _link("event_subject", "event", "person")
event_tag = _link("event_tag", "event", "tag")
episode_event = _link("episode_event", "episode", "event")
finding_question = _link("finding_question", "finding", "research_question")
finding_event = _link("finding_event", "finding", "event")
finding_episode = _link("finding_episode", "finding", "episode")
recommendation_agency = _link("recommendation_agency", "recommendation", "agency")
recommendation_finding = _link("recommendation_finding", "recommendation", "finding")
recommendation_lesson = _link("recommendation_lesson", "recommendation", "lesson")

#: Link tables by a readable name, for the link/unlink commands.
LINK_TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        event_subject,
        event_tag,
        episode_event,
        finding_question,
        finding_event,
        finding_episode,
        recommendation_agency,
        recommendation_finding,
        recommendation_lesson,
    )
}


class Review(Base):
    __tablename__ = "review"

    title: Mapped[str] = mapped_column(String(500))
    review_type: Mapped[str] = mapped_column(String(20), default=ReviewType.CSPR.value)
    board: Mapped[str] = mapped_column(String(300), default="")
    scope_start: Mapped[date | None] = mapped_column(Date)
    scope_end: Mapped[date | None] = mapped_column(Date)
    subject_summary: Mapped[str] = mapped_column(Text, default="")
    protective_marking: Mapped[str] = mapped_column(String(100), default="OFFICIAL-SENSITIVE")
    status: Mapped[str] = mapped_column(String(50), default="in progress")
    version: Mapped[str] = mapped_column(String(20), default="0.1")
    incident_date_text: Mapped[str] = mapped_column(String(100), default="")
    gap_threshold_days: Mapped[int] = mapped_column(Integer, default=90)

    @property
    def type_label(self) -> str:
        try:
            return ReviewType(self.review_type).label
        except ValueError:
            return self.review_type


class Agency(Base):
    __tablename__ = "agency"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(30), default="")
    colour: Mapped[str] = mapped_column(String(9), default="#4c72b0")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    events: Mapped[list[Event]] = relationship(back_populates="agency", passive_deletes=True)

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Person(Base):
    __tablename__ = "person"

    real_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(100), default="")
    pseudonym: Mapped[str] = mapped_column(String(100), default="")
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    #: Other ways the person is written in agency files and text, separated by "; "
    #: (initials as registered, "Young Person A", "CZ").
    aliases: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.split(";") if a.strip()]

    @property
    def display_name(self) -> str:
        return self.pseudonym or self.real_name


class SourceFile(Base):
    """An agency's submission: the original bytes are kept in the review."""

    __tablename__ = "source_file"

    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))
    file_name: Mapped[str] = mapped_column(String(500))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(200), default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    mapping_json: Mapped[str] = mapped_column(Text, default="{}")
    summary_json: Mapped[str] = mapped_column(Text, default="{}")
    #: The submission this one revises (a later version from the same agency).
    supersedes_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_file.id", ondelete="SET NULL")
    )

    agency: Mapped[Agency | None] = relationship()


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (
        Index("ix_event_sort", "date_earliest", "date_latest", "sequence", "time"),
        Index("ix_event_agency", "agency_id"),
        Index("ix_event_source", "source_file_id"),
    )

    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id", ondelete="RESTRICT"))
    date_text: Mapped[str] = mapped_column(String(200))
    date_earliest: Mapped[date | None] = mapped_column(Date)
    date_latest: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(10), default=Precision.DAY.value)
    date_approximate: Mapped[bool] = mapped_column(Boolean, default=False)
    date_doubtful: Mapped[bool] = mapped_column(Boolean, default=False)
    time: Mapped[str | None] = mapped_column(String(5))
    end_date_text: Mapped[str] = mapped_column(String(200), default="")
    sequence: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    analysis: Mapped[str] = mapped_column(Text, default="")
    source_reference: Mapped[str] = mapped_column(String(300), default="")
    practitioner: Mapped[str] = mapped_column(String(200), default="")
    subjects_text: Mapped[str] = mapped_column(String(500), default="")
    is_milestone: Mapped[bool] = mapped_column(Boolean, default=False)
    # Provenance: where the agency wrote it.
    source_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_file.id", ondelete="SET NULL")
    )
    source_location: Mapped[str] = mapped_column(String(200), default="")
    source_row: Mapped[int | None] = mapped_column(Integer)
    source_ref: Mapped[str] = mapped_column(String(50), default="")
    # The agency's text as submitted; a reviewer's edit is visible by comparison.
    submitted_text: Mapped[str | None] = mapped_column(Text)
    submitted_outcome: Mapped[str | None] = mapped_column(Text)
    submitted_analysis: Mapped[str | None] = mapped_column(Text)

    agency: Mapped[Agency] = relationship(back_populates="events")
    source_file: Mapped[SourceFile | None] = relationship()
    subjects: Mapped[list[Person]] = relationship(secondary=event_subject, order_by="Person.id")
    tags: Mapped[list[Tag]] = relationship(secondary=event_tag, order_by="Tag.name")
    annotations: Mapped[list[Annotation]] = relationship(
        back_populates="event", passive_deletes=True, order_by="Annotation.id"
    )
    findings: Mapped[list[Finding]] = relationship(
        secondary=finding_event, back_populates="events", viewonly=True
    )
    episodes: Mapped[list[KeyPracticeEpisode]] = relationship(
        secondary=episode_event, back_populates="events", viewonly=True
    )

    @property
    def fuzzy_date(self) -> FuzzyDate:
        return FuzzyDate(
            text=self.date_text,
            earliest=self.date_earliest,
            latest=self.date_latest,
            precision=Precision(self.date_precision),
            approximate=self.date_approximate,
            doubtful=self.date_doubtful,
        )

    def set_date(self, value: FuzzyDate) -> None:
        self.date_text = value.text
        self.date_earliest = value.earliest
        self.date_latest = value.latest
        self.date_precision = value.precision.value
        self.date_approximate = value.approximate
        self.date_doubtful = value.doubtful

    @property
    def agency_text_edited(self) -> bool:
        return any(
            sub is not None and sub != cur
            for sub, cur in (
                (self.submitted_text, self.text),
                (self.submitted_outcome, self.outcome),
                (self.submitted_analysis, self.analysis),
            )
        )


class QuarantinedRow(Base):
    """A row an import could not accept, kept with its raw cells and the reasons."""

    __tablename__ = "quarantined_row"

    source_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_file.id", ondelete="CASCADE")
    )
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="SET NULL"))
    location: Mapped[str] = mapped_column(String(200), default="")
    row_number: Mapped[int] = mapped_column(Integer)
    cells_json: Mapped[str] = mapped_column(Text, default="{}")
    reasons_json: Mapped[str] = mapped_column(Text, default="[]")
    status: Mapped[str] = mapped_column(String(20), default=QuarantineStatus.WAITING.value)
    released_event_id: Mapped[int | None] = mapped_column(
        ForeignKey("event.id", ondelete="SET NULL")
    )

    source_file: Mapped[SourceFile | None] = relationship()
    agency: Mapped[Agency | None] = relationship()


class Annotation(Base):
    __tablename__ = "annotation"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    author: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(Text, default="")

    event: Mapped[Event] = relationship(back_populates="annotations")


class Tag(Base):
    __tablename__ = "tag"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    colour: Mapped[str] = mapped_column(String(9), default="#888888")


class ResearchQuestion(Base):
    __tablename__ = "research_question"

    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text, default="")

    findings: Mapped[list[Finding]] = relationship(
        secondary=finding_question, back_populates="questions", viewonly=True
    )


class KeyPracticeEpisode(Base):
    __tablename__ = "episode"

    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    events: Mapped[list[Event]] = relationship(
        secondary=episode_event, back_populates="episodes", order_by="Event.date_earliest"
    )

    def span(self) -> tuple[date, date] | None:
        """The period the episode covers, derived from its events."""
        lows = [e.date_earliest for e in self.events if e.date_earliest]
        highs = [e.date_latest for e in self.events if e.date_latest]
        if not lows or not highs:
            return None
        return min(lows), max(highs)


class Finding(Base):
    __tablename__ = "finding"

    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(30), default=FindingKind.FINDING.value)
    category: Mapped[str] = mapped_column(String(200), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    questions: Mapped[list[ResearchQuestion]] = relationship(
        secondary=finding_question, back_populates="findings", order_by="ResearchQuestion.number"
    )
    events: Mapped[list[Event]] = relationship(
        secondary=finding_event, back_populates="findings", order_by="Event.date_earliest"
    )
    episodes: Mapped[list[KeyPracticeEpisode]] = relationship(secondary=finding_episode)
    recommendations: Mapped[list[Recommendation]] = relationship(
        secondary=recommendation_finding, back_populates="findings", viewonly=True
    )


class Lesson(Base):
    __tablename__ = "lesson"

    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")


class Recommendation(Base):
    __tablename__ = "recommendation"

    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(String(20), default=RecommendationScope.MULTI_AGENCY.value)
    #: The reviewer's SMART checklist: {"specific": {"ticked": true, "note": "..."}, ...}
    smart_json: Mapped[str] = mapped_column(Text, default="{}")

    targets: Mapped[list[Agency]] = relationship(secondary=recommendation_agency)
    findings: Mapped[list[Finding]] = relationship(
        secondary=recommendation_finding, back_populates="recommendations"
    )
    lessons: Mapped[list[Lesson]] = relationship(secondary=recommendation_lesson)
    actions: Mapped[list[Action]] = relationship(
        back_populates="recommendation", passive_deletes=True, order_by="Action.id"
    )


class Action(Base):
    __tablename__ = "action"

    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.RED.value)
    evidence_of_impact: Mapped[str] = mapped_column(Text, default="")
    last_reviewed: Mapped[date | None] = mapped_column(Date)

    recommendation: Mapped[Recommendation] = relationship(back_populates="actions")

    def is_overdue(self, today: date | None = None) -> bool:
        today = today or date.today()
        return (
            self.status != ActionStatus.COMPLETE.value
            and self.due_date is not None
            and self.due_date < today
        )


class ReportSection(Base):
    __tablename__ = "report_section"

    key: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class GlossaryTerm(Base):
    __tablename__ = "glossary_term"

    abbreviation: Mapped[str] = mapped_column(String(50), unique=True)
    meaning: Mapped[str] = mapped_column(Text, default="")


class MappingProfile(Base):
    """A saved column mapping for an agency's files, reused for its next submission."""

    __tablename__ = "mapping_profile"
    __table_args__ = (UniqueConstraint("agency_id", "name"),)

    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    mapping_json: Mapped[str] = mapped_column(Text, default="{}")


class Corroboration(Base):
    """Two events from different agencies that record the same contact."""

    __tablename__ = "corroboration"
    __table_args__ = (UniqueConstraint("event_a_id", "event_b_id"),)

    event_a_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    event_b_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default=CorroborationStatus.SUGGESTED.value)
    score: Mapped[float] = mapped_column(Float, default=0.0)


class AuditEntry(Base):
    """Who changed what and when. Written by the store; never edited by the application."""

    __tablename__ = "audit_entry"

    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user: Mapped[str] = mapped_column(String(200), default="")
    action: Mapped[str] = mapped_column(String(20))
    item_type: Mapped[str] = mapped_column(String(50))
    item_uuid: Mapped[str] = mapped_column(String(36), default="")
    label: Mapped[str] = mapped_column(String(300), default="")
    before_json: Mapped[str] = mapped_column(Text, default="")
    after_json: Mapped[str] = mapped_column(Text, default="")


class Setting(Base):
    """Review-level settings (key/value), e.g. the briefing boxes' layout."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), unique=True)
    value: Mapped[str] = mapped_column(Text, default="")


#: Every mapped class by table name (used by generic commands and the audit trail).
def mapped_classes() -> dict[str, type[Base]]:
    return {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}


def row_values(obj: Base) -> dict[str, Any]:
    """The column values of one row, by column key (deferred columns included)."""
    table = obj.__table__
    return {c.key: getattr(obj, c.key) for c in table.columns}
