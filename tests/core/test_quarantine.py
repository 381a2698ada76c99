"""Fixing a quarantined row and releasing it into the chronology, undoably."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from workbench.core.commands import CommandStack
from workbench.core.errors import CommandError
from workbench.core.model import Agency, Event, QuarantinedRow
from workbench.core.quarantine import DismissQuarantinedRow, ReleaseQuarantinedRow
from workbench.core.store import ReviewStore


@pytest.fixture
def row_id(store: ReviewStore) -> int:
    with store.transaction() as s:
        agency = Agency(name="Housing", short_name="DC")
        s.add(agency)
        s.flush()
        row = QuarantinedRow(agency_id=agency.id, location="Sheet1", row_number=14,
                             cells_json=json.dumps({"Date": "31/02/2016", "Event": "Visit"}),
                             reasons_json=json.dumps(["date '31/02/2016' could not be read"]))
        s.add(row)
        s.flush()
        return row.id


def test_release_creates_event_with_provenance(store: ReviewStore, row_id: int) -> None:
    stack = CommandStack(store)
    cmd = stack.push(ReleaseQuarantinedRow(row_id, date_text="29/02/2016", text="Visit"))
    with store.session() as s:
        event = s.get(Event, cmd.event_id)
        assert event.date_text == "29/02/2016" and event.source_row == 14
        assert event.source_location == "Sheet1"
        assert s.get(QuarantinedRow, row_id).status == "released"
    stack.undo()
    with store.session() as s:
        assert s.scalars(select(Event)).all() == []
        assert s.get(QuarantinedRow, row_id).status == "waiting"
    stack.redo()
    with store.session() as s:
        assert s.get(Event, cmd.event_id).text == "Visit"


def test_release_refuses_bad_fix(store: ReviewStore, row_id: int) -> None:
    with pytest.raises(CommandError, match="cannot be read"):
        ReleaseQuarantinedRow(row_id, date_text="31/02/2016", text="Visit")
    with pytest.raises(CommandError, match="text"):
        ReleaseQuarantinedRow(row_id, date_text="2016", text="  ")


def test_dismiss_keeps_the_row(store: ReviewStore, row_id: int) -> None:
    stack = CommandStack(store)
    stack.push(DismissQuarantinedRow(row_id, "author's note"))
    with store.session() as s:
        row = s.get(QuarantinedRow, row_id)
        assert row.status == "dismissed" and "author's note" in row.reasons_json
    stack.undo()
    with store.session() as s:
        assert s.get(QuarantinedRow, row_id).status == "waiting"
