"""Read-only queries shared by the CLI, the exports and the GUI models."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from workbench.core.model import (
    Action,
    Agency,
    Event,
    Finding,
    KeyPracticeEpisode,
    Lesson,
    Person,
    QuarantinedRow,
    QuarantineStatus,
    Recommendation,
    ResearchQuestion,
    Review,
    SourceFile,
)


def count(session: Session, model: type[Any], *where: Any) -> int:
    stmt = select(func.count()).select_from(model)
    for clause in where:
        stmt = stmt.where(clause)
    return int(session.scalar(stmt) or 0)


def review_info(session: Session) -> dict[str, Any]:
    """The counts ``workbench info`` prints."""
    review = session.scalars(select(Review).limit(1)).one()
    return {
        "title": review.title,
        "review_type": review.review_type,
        "board": review.board,
        "scope_start": review.scope_start.isoformat() if review.scope_start else None,
        "scope_end": review.scope_end.isoformat() if review.scope_end else None,
        "protective_marking": review.protective_marking,
        "agencies": count(session, Agency),
        "people": count(session, Person),
        "events": count(session, Event),
        "sources": count(session, SourceFile),
        "quarantined": count(
            session, QuarantinedRow, QuarantinedRow.status == QuarantineStatus.WAITING.value
        ),
        "research_questions": count(session, ResearchQuestion),
        "episodes": count(session, KeyPracticeEpisode),
        "findings": count(session, Finding),
        "lessons": count(session, Lesson),
        "recommendations": count(session, Recommendation),
        "actions": count(session, Action),
    }


def ordered_events() -> Select[Any]:
    """Events in chronology order: by date bounds, then sequence, then time, then id."""
    return select(Event).order_by(
        Event.date_earliest.is_(None),
        Event.date_earliest,
        Event.date_latest,
        Event.sequence.is_(None),
        Event.sequence,
        Event.time.is_(None),
        Event.time,
        Event.id,
    )


def events_for_listing(session: Session, agency: str | None = None) -> list[Event]:
    stmt = ordered_events().options(
        selectinload(Event.subjects), selectinload(Event.agency), selectinload(Event.source_file)
    )
    if agency:
        stmt = stmt.join(Event.agency).where(
            (func.lower(Agency.name) == agency.lower())
            | (func.lower(Agency.short_name) == agency.lower())
        )
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class EventRecord:
    """An event as plain data (for JSON output and exports)."""

    id: int
    agency: str
    date_text: str
    earliest: date | None
    latest: date | None
    precision: str
    time: str | None
    subjects: list[str]
    text: str
    outcome: str
    source_file: str | None
    source_row: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "agency": self.agency,
            "date_text": self.date_text,
            "earliest": self.earliest.isoformat() if self.earliest else None,
            "latest": self.latest.isoformat() if self.latest else None,
            "precision": self.precision,
            "time": self.time,
            "subjects": self.subjects,
            "text": self.text,
            "outcome": self.outcome,
            "source_file": self.source_file,
            "source_row": self.source_row,
        }


def event_record(event: Event, *, pseudonyms: bool = False) -> EventRecord:
    return EventRecord(
        id=event.id,
        agency=event.agency.name,
        date_text=event.date_text,
        earliest=event.date_earliest,
        latest=event.date_latest,
        precision=event.date_precision,
        time=event.time,
        subjects=[
            p.pseudonym or p.real_name if pseudonyms else p.display_name for p in event.subjects
        ],
        text=event.text,
        outcome=event.outcome,
        source_file=event.source_file.file_name if event.source_file else None,
        source_row=event.source_row,
    )
