"""The same contact seen by two agencies.

When police attend a home and children's social care record the same visit, the
integrated chronology holds two events for one contact. :func:`suggest_corroborations`
finds such pairs: events of different agencies on the same or an adjacent day, about the
same people, with similar text (rapidfuzz). A suggestion is stored with its score; the
reviewer confirms it (the two events are then shown as corroborating each other) or
dismisses it (it is not suggested again). Events are never merged: each agency's record
stays as the agency wrote it.

The reviewer's decisions are undoable commands (:class:`ConfirmCorroboration`,
:class:`DismissCorroboration`, :class:`MarkCorroborating`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from workbench.core import audit
from workbench.core.commands import Command
from workbench.core.errors import CommandError
from workbench.core.model import (
    Agency,
    Corroboration,
    CorroborationStatus,
    Event,
    event_subject,
    utcnow,
)
from workbench.core.store import ReviewStore
from workbench.importers.pipeline import SubjectMatcher

__all__ = [
    "ConfirmCorroboration",
    "CorroborationView",
    "DismissCorroboration",
    "MarkCorroborating",
    "Suggestion",
    "corroborating_events",
    "list_corroborations",
    "store_suggestions",
    "suggest_corroborations",
]

#: Weights of the three signals in a suggestion's score (they add up to 1).
WEIGHT_DAY, WEIGHT_SUBJECTS, WEIGHT_TEXT = 0.3, 0.25, 0.45
MIN_SCORE = 0.7
MIN_TEXT = 0.45  # a pair whose texts have less in common is never suggested

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "he",
        "she",
        "his",
        "her",
        "they",
        "them",
        "their",
        "it",
        "its",
        "this",
        "that",
        "who",
        "which",
        "as",
        "not",
        "no",
        "had",
        "has",
        "have",
        "did",
        "do",
        "into",
        "about",
        "after",
        "before",
        "then",
        "there",
        "than",
        "also",
    ]
)
_WORD = re.compile(r"[\w']+")


@dataclass
class Suggestion:
    """Two events that probably record the same contact (``event_a_id < event_b_id``)."""

    event_a_id: int
    event_b_id: int
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass
class _Item:
    id: int
    agency_id: int
    day: date
    words: str
    subjects: frozenset[int]
    subject_names: frozenset[str]
    wanted: bool = True


def _content_words(text: str) -> str:
    return " ".join(w for w in _WORD.findall(text.casefold()) if w not in _STOPWORDS and len(w) > 1)


def _load(session: Session, event_ids: Iterable[int] | None) -> list[_Item]:
    stmt = select(
        Event.id,
        Event.agency_id,
        Event.date_earliest,
        Event.date_latest,
        Event.text,
        Event.subjects_text,
    ).where(Event.date_earliest.is_not(None), Event.date_earliest == Event.date_latest)
    rows = session.execute(stmt).all()
    links: dict[int, set[int]] = defaultdict(set)
    for event_id, person_id in session.execute(
        select(event_subject.c.event_id, event_subject.c.person_id)
    ):
        links[event_id].add(person_id)
    wanted = set(event_ids) if event_ids is not None else None
    items: list[_Item] = []
    for r in rows:
        items.append(
            _Item(
                r.id,
                r.agency_id,
                r.date_earliest,
                _content_words(r.text or ""),
                frozenset(links.get(r.id, ())),
                frozenset(
                    SubjectMatcher.key(part) for part in SubjectMatcher.parts(r.subjects_text or "")
                ),
                # Every event is a candidate partner; pairs must involve a wanted one.
                wanted is None or r.id in wanted,
            )
        )
    return items


def _subject_score(a: _Item, b: _Item) -> float | None:
    """Share of people in common (None: no people recorded on one side)."""
    if a.subjects and b.subjects:
        return len(a.subjects & b.subjects) / len(a.subjects | b.subjects)
    if a.subject_names and b.subject_names:
        return len(a.subject_names & b.subject_names) / len(a.subject_names | b.subject_names)
    return None


def suggest_corroborations(
    session: Session,
    *,
    event_ids: Iterable[int] | None = None,
    min_score: float = MIN_SCORE,
    include_known: bool = False,
) -> list[Suggestion]:
    """Pairs of events from different agencies that probably record the same contact.

    Only events dated to a day are compared, with events of another agency on the same
    or the next day. A pair needs people in common when both events name people, and
    text with at least ``MIN_TEXT`` in common. The score weighs the day (same 1, adjacent
    0.5), the people in common and the similarity of the texts. Pairs already suggested,
    confirmed or dismissed are left out unless ``include_known``. With ``event_ids``,
    only pairs involving those events are returned. Best first.
    """
    items = _load(session, event_ids)
    by_day: dict[date, list[_Item]] = defaultdict(list)
    for item in items:
        by_day[item.day].append(item)
    known: set[tuple[int, int]] = set()
    if not include_known:
        known = {
            (min(a, b), max(a, b))
            for a, b in session.execute(select(Corroboration.event_a_id, Corroboration.event_b_id))
        }
    out: list[Suggestion] = []
    one_day = timedelta(days=1)
    for day, today in by_day.items():
        tomorrow = by_day.get(day + one_day, [])
        for i, a in enumerate(today):
            partners = [(b, True) for b in today[i + 1 :]] + [(b, False) for b in tomorrow]
            for b, same_day in partners:
                if a.agency_id == b.agency_id:
                    continue
                if not (a.wanted or b.wanted):
                    continue
                key = (min(a.id, b.id), max(a.id, b.id))
                if key in known:
                    continue
                suggestion = _score(a, b, same_day, min_score)
                if suggestion is not None:
                    out.append(suggestion)
    out.sort(key=lambda s: (-s.score, s.event_a_id, s.event_b_id))
    return out


def _score(a: _Item, b: _Item, same_day: bool, min_score: float) -> Suggestion | None:
    subjects = _subject_score(a, b)
    if subjects == 0.0:
        return None  # both name people, and no one in common
    if not a.words or not b.words:
        return None
    text = fuzz.token_set_ratio(a.words, b.words) / 100
    if text < MIN_TEXT:
        return None
    day = 1.0 if same_day else 0.5
    score = WEIGHT_DAY * day + WEIGHT_SUBJECTS * (subjects if subjects is not None else 0.5)
    score += WEIGHT_TEXT * text
    if score < min_score:
        return None
    reasons = ["same day" if same_day else "adjacent days"]
    if subjects is not None:
        reasons.append(f"{subjects:.0%} of the people in common")
    reasons.append(f"texts {text:.0%} similar")
    first, second = (a, b) if a.id < b.id else (b, a)
    return Suggestion(first.id, second.id, round(score, 3), reasons)


def store_suggestions(
    store: ReviewStore, *, event_ids: Iterable[int] | None = None, min_score: float = MIN_SCORE
) -> list[int]:
    """Find new suggestions and store them (status "suggested"); returns their ids."""
    with store.transaction(audit_label="Suggest events that corroborate each other") as session:
        found = suggest_corroborations(session, event_ids=event_ids, min_score=min_score)
        rows = [
            Corroboration(
                event_a_id=s.event_a_id,
                event_b_id=s.event_b_id,
                status=CorroborationStatus.SUGGESTED.value,
                score=s.score,
            )
            for s in found
        ]
        session.add_all(rows)
        session.flush()
        ids = [r.id for r in rows]
        if ids:
            audit.record(
                session,
                "suggest",
                "corroboration",
                label="Suggest events that corroborate each other",
                after={"suggested": len(ids)},
            )
    return ids


# ---------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------


@dataclass
class CorroborationView:
    """A stored pair with what a reviewer needs to judge it."""

    id: int
    status: str
    score: float
    events: tuple[dict[str, Any], dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "score": self.score,
            "events": list(self.events),
        }


def _event_view(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "agency": event.agency.name if event.agency else "",
        "agency_short": event.agency.label if event.agency else "",
        "colour": event.agency.colour if event.agency else "#888888",
        "date_text": event.date_text,
        "time": event.time or "",
        "subjects": event.subjects_text,
        "practitioner": event.practitioner,
        "text": event.text,
        "outcome": event.outcome,
        "source": (event.source_file.file_name if event.source_file else "")
        + (f", row {event.source_row}" if event.source_row else ""),
    }


def list_corroborations(
    session: Session, status: str | Sequence[str] | None = None
) -> list[CorroborationView]:
    """Stored pairs (of one status or several), best suggestions first."""
    stmt = select(Corroboration)
    if isinstance(status, str):
        stmt = stmt.where(Corroboration.status == status)
    elif status is not None:
        stmt = stmt.where(Corroboration.status.in_(list(status)))
    pairs = list(session.scalars(stmt.order_by(Corroboration.score.desc(), Corroboration.id)))
    ids = {p.event_a_id for p in pairs} | {p.event_b_id for p in pairs}
    events = (
        {e.id: e for e in session.scalars(select(Event).where(Event.id.in_(ids)).join(Agency))}
        if ids
        else {}
    )
    out = []
    for p in pairs:
        a, b = events.get(p.event_a_id), events.get(p.event_b_id)
        if a is None or b is None:
            continue
        out.append(CorroborationView(p.id, p.status, p.score, (_event_view(a), _event_view(b))))
    return out


def corroborating_events(session: Session, event_id: int) -> list[int]:
    """Ids of the events confirmed as recording the same contact as ``event_id``."""
    confirmed = Corroboration.status == CorroborationStatus.CONFIRMED.value
    rows = session.execute(
        select(Corroboration.event_a_id, Corroboration.event_b_id).where(
            confirmed,
            or_(Corroboration.event_a_id == event_id, Corroboration.event_b_id == event_id),
        )
    )
    return sorted({b if a == event_id else a for a, b in rows})


# ---------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------


class _SetStatus(Command):
    status: str = ""
    verb: str = ""

    def __init__(self, corroboration_id: int) -> None:
        self.corroboration_id = corroboration_id
        self.label = f"{self.verb} corroborating events"
        self._before: str | None = None

    def _row(self, session: Session) -> Corroboration:
        row = session.get(Corroboration, self.corroboration_id)
        if row is None:
            raise CommandError(f"the suggested pair {self.corroboration_id} no longer exists")
        return row

    def do(self, session: Session) -> None:
        row = self._row(session)
        if row.status == self.status:
            raise CommandError(f"this pair is already {self.status}")
        self._before = row.status
        row.status = self.status
        row.updated_at = utcnow()

    def undo(self, session: Session) -> None:
        assert self._before is not None
        row = self._row(session)
        row.status = self._before
        row.updated_at = utcnow()


class ConfirmCorroboration(_SetStatus):
    """The two events record the same contact: they are shown as corroborating each other."""

    status = CorroborationStatus.CONFIRMED.value
    verb = "Confirm"


class DismissCorroboration(_SetStatus):
    """The two events are different contacts: the pair is not suggested again."""

    status = CorroborationStatus.DISMISSED.value
    verb = "Dismiss"


class MarkCorroborating(Command):
    """The reviewer links two events of different agencies as the same contact."""

    def __init__(self, event_a_id: int, event_b_id: int) -> None:
        if event_a_id == event_b_id:
            raise CommandError("choose two different events")
        self.pair = (min(event_a_id, event_b_id), max(event_a_id, event_b_id))
        self.label = "Mark events as corroborating each other"
        self.created_id: int | None = None
        self._before: str | None = None

    def do(self, session: Session) -> None:
        a, b = (session.get(Event, i) for i in self.pair)
        if a is None or b is None:
            raise CommandError("one of the events no longer exists")
        if a.agency_id == b.agency_id:
            raise CommandError("both events come from the same agency")
        row = session.scalars(
            select(Corroboration).where(
                and_(
                    Corroboration.event_a_id == self.pair[0],
                    Corroboration.event_b_id == self.pair[1],
                )
            )
        ).first()
        if row is None:
            row = Corroboration(
                event_a_id=self.pair[0],
                event_b_id=self.pair[1],
                status=CorroborationStatus.CONFIRMED.value,
                score=1.0,
            )
            if self.created_id is not None:
                row.id = self.created_id
            session.add(row)
            session.flush()
            self.created_id = row.id
            self._before = None
        else:
            if row.status == CorroborationStatus.CONFIRMED.value:
                raise CommandError("these events are already marked as corroborating")
            self._before = row.status
            row.status = CorroborationStatus.CONFIRMED.value

    def undo(self, session: Session) -> None:
        row = session.scalars(
            select(Corroboration).where(
                Corroboration.event_a_id == self.pair[0],
                Corroboration.event_b_id == self.pair[1],
            )
        ).first()
        if row is None:
            return
        if self._before is None:
            session.delete(row)
        else:
            row.status = self._before
