"""Fixing quarantined rows and releasing them into the chronology.

A row an import could not accept keeps its raw cells and reasons. A reviewer supplies what
was missing (a readable date, the event text) and releases it: the row becomes an event
with the same provenance (file, sheet, row), and the quarantined row is marked released.
Both steps are one undoable command. Dismissing a row (it is not an event after all) is
also undoable; the raw cells are never deleted.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy.orm import Session

from workbench.core.commands import Command
from workbench.core.dates import DateParseError, FuzzyDate, parse_date
from workbench.core.errors import CommandError
from workbench.core.model import Event, QuarantinedRow, QuarantineStatus, event_subject


def _row(session: Session, row_id: int) -> QuarantinedRow:
    row = session.get(QuarantinedRow, row_id)
    if row is None:
        raise CommandError(f"quarantined row {row_id} no longer exists")
    return row


class ReleaseQuarantinedRow(Command):
    """Create an event from a fixed quarantined row."""

    def __init__(
        self,
        row_id: int,
        *,
        date_text: str,
        text: str,
        agency_id: int | None = None,
        outcome: str = "",
        analysis: str = "",
        time: str | None = None,
        practitioner: str = "",
        source_reference: str = "",
        subjects_text: str = "",
        subject_ids: list[int] | None = None,
    ) -> None:
        try:
            self.date: FuzzyDate = parse_date(date_text)
        except DateParseError as exc:
            raise CommandError(f"the date {date_text!r} cannot be read: {exc.reason}") from None
        if self.date.earliest is None:
            raise CommandError("the event needs a date that is at least partly known")
        if not text.strip():
            raise CommandError("the event needs its text")
        self.row_id = row_id
        self.values: dict[str, Any] = {
            "text": text.strip(),
            "outcome": outcome,
            "analysis": analysis,
            "time": time,
            "practitioner": practitioner,
            "source_reference": source_reference,
            "subjects_text": subjects_text,
        }
        self.agency_id = agency_id
        self.subject_ids = list(subject_ids or [])
        self.label = f"Release quarantined row {row_id}"
        self.event_id: int | None = None
        self._event_row: dict[str, Any] | None = None

    def do(self, session: Session) -> None:
        row = _row(session, self.row_id)
        if row.status != QuarantineStatus.WAITING.value:
            raise CommandError("this row was already released or dismissed")
        agency_id = self.agency_id or row.agency_id
        if agency_id is None:
            raise CommandError("choose the agency the row belongs to")
        event = Event(
            agency_id=agency_id,
            source_file_id=row.source_file_id,
            source_location=row.location,
            source_row=row.row_number,
            submitted_text=self.values["text"],
            submitted_outcome=self.values["outcome"],
            submitted_analysis=self.values["analysis"],
            **self.values,
        )
        if self.event_id is not None:
            event.id = self.event_id
        event.set_date(self.date)
        session.add(event)
        session.flush()
        self.event_id = event.id
        if self.subject_ids:
            session.execute(
                event_subject.insert(),
                [{"event_id": event.id, "person_id": pid} for pid in self.subject_ids],
            )
        row.status = QuarantineStatus.RELEASED.value
        row.released_event_id = event.id

    def undo(self, session: Session) -> None:
        row = _row(session, self.row_id)
        row.status = QuarantineStatus.WAITING.value
        row.released_event_id = None
        session.flush()
        if self.event_id is not None:
            event = session.get(Event, self.event_id)
            if event is not None:
                session.delete(event)


class DismissQuarantinedRow(Command):
    """Mark a quarantined row as not an event (kept, with a note of why)."""

    def __init__(self, row_id: int, reason: str = "not an event") -> None:
        self.row_id = row_id
        self.reason = reason
        self.label = f"Dismiss quarantined row {row_id}"
        self._before: tuple[str, str] | None = None

    def do(self, session: Session) -> None:
        row = _row(session, self.row_id)
        if row.status != QuarantineStatus.WAITING.value:
            raise CommandError("this row was already released or dismissed")
        self._before = (row.status, row.reasons_json)
        reasons = json.loads(row.reasons_json or "[]")
        reasons.append(f"dismissed: {self.reason}")
        row.reasons_json = json.dumps(reasons, ensure_ascii=False)
        row.status = QuarantineStatus.DISMISSED.value

    def undo(self, session: Session) -> None:
        assert self._before is not None
        row = _row(session, self.row_id)
        row.status, row.reasons_json = self._before
