"""Every kind of command: do, undo, redo, with the change on disk each time."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from workbench.core.commands import (
    CommandStack,
    CreateItem,
    DeleteItem,
    FunctionCommand,
    Link,
    Macro,
    Unlink,
    UpdateItem,
)
from workbench.core.errors import CommandError
from workbench.core.model import (
    Agency,
    Annotation,
    Event,
    Finding,
    Person,
    event_subject,
    finding_event,
)
from workbench.core.store import ReviewStore


@pytest.fixture
def stack(store: ReviewStore) -> CommandStack:
    return CommandStack(store)


def _reopen_value(store: ReviewStore, model, item_id, attr):
    """Read through a fresh store, so what we see is what is on disk."""
    fresh = ReviewStore.open(store.path, read_only=True)
    try:
        with fresh.session() as s:
            obj = s.get(model, item_id)
            return None if obj is None else getattr(obj, attr)
    finally:
        fresh.engine.dispose()


def _agency_and_event(stack: CommandStack) -> tuple[int, int]:
    a = stack.push(CreateItem(Agency, {"name": "Police", "short_name": "POL"}))
    e = stack.push(
        CreateItem(
            Event,
            {
                "agency_id": a.item_id,
                "date_text": "May 2016",
                "date_earliest": date(2016, 5, 1),
                "date_latest": date(2016, 5, 31),
                "date_precision": "month",
                "text": "Visit",
            },
        )
    )
    return a.item_id, e.item_id


def test_create_undo_redo(stack: CommandStack, store: ReviewStore) -> None:
    _, event_id = _agency_and_event(stack)
    with store.session() as s:
        uuid = s.get(Event, event_id).uuid
    assert stack.undo_label == "Add event"
    stack.undo()
    assert _reopen_value(store, Event, event_id, "text") is None
    stack.redo()
    assert _reopen_value(store, Event, event_id, "text") == "Visit"
    assert _reopen_value(store, Event, event_id, "uuid") == uuid


def test_update_undo_redo(stack: CommandStack, store: ReviewStore) -> None:
    _, event_id = _agency_and_event(stack)
    stack.push(UpdateItem(Event, event_id, {"text": "Home visit"}, label="Edit event text"))
    assert _reopen_value(store, Event, event_id, "text") == "Home visit"
    assert stack.undo_label == "Edit event text"
    stack.undo()
    assert _reopen_value(store, Event, event_id, "text") == "Visit"
    stack.redo()
    assert _reopen_value(store, Event, event_id, "text") == "Home visit"
    with pytest.raises(CommandError, match="unknown field"):
        UpdateItem(Event, event_id, {"no_such": 1})


def test_delete_restores_links_and_children(stack: CommandStack, store: ReviewStore) -> None:
    _, event_id = _agency_and_event(stack)
    person = stack.push(CreateItem(Person, {"real_name": "Dana", "pseudonym": "Mother"}))
    finding = stack.push(CreateItem(Finding, {"title": "Poor information sharing"}))
    stack.push(Link("event_subject", [(event_id, person.item_id)]))
    stack.push(Link("finding_event", [(finding.item_id, event_id)]))
    note = stack.push(CreateItem(Annotation, {"event_id": event_id, "body": "Check this"}))
    stack.push(DeleteItem(Event, event_id))
    with store.session() as s:
        assert s.get(Event, event_id) is None
        assert s.get(Annotation, note.item_id) is None
        assert s.execute(select(finding_event)).all() == []
    stack.undo()
    with store.session() as s:
        ev = s.get(Event, event_id)
        assert ev is not None and ev.text == "Visit"
        assert [p.pseudonym for p in ev.subjects] == ["Mother"]
        assert [f.title for f in ev.findings] == ["Poor information sharing"]
        assert [a.body for a in ev.annotations] == ["Check this"]
    stack.redo()
    with store.session() as s:
        assert s.get(Event, event_id) is None


def test_delete_refused_while_referenced(stack: CommandStack, store: ReviewStore) -> None:
    agency_id, _ = _agency_and_event(stack)
    with pytest.raises(CommandError, match="still refer"):
        stack.push(DeleteItem(Agency, agency_id))
    with store.session() as s:
        assert s.get(Agency, agency_id) is not None
    assert stack.undo_label == "Add event"  # the refused command is not on the history


def test_link_unlink(stack: CommandStack, store: ReviewStore) -> None:
    _, event_id = _agency_and_event(stack)
    person = stack.push(CreateItem(Person, {"real_name": "Liam", "pseudonym": "YPA"}))
    stack.push(Link("event_subject", [(event_id, person.item_id)], label="Add subject"))
    # Linking again changes nothing, and undoing that keeps the first link.
    stack.push(Link("event_subject", [(event_id, person.item_id)]))
    stack.undo()
    with store.session() as s:
        assert len(s.execute(select(event_subject)).all()) == 1
    stack.push(Unlink("event_subject", [(event_id, person.item_id)]))
    with store.session() as s:
        assert s.execute(select(event_subject)).all() == []
    stack.undo()
    with store.session() as s:
        assert len(s.execute(select(event_subject)).all()) == 1
    with pytest.raises(CommandError):
        Link("no_such_link", [])


def test_macro_is_one_step(stack: CommandStack, store: ReviewStore) -> None:
    _, event_id = _agency_and_event(stack)
    stack.push(
        Macro(
            "Edit two fields",
            [
                UpdateItem(Event, event_id, {"text": "A"}),
                UpdateItem(Event, event_id, {"outcome": "B"}),
            ],
        )
    )
    stack.undo()
    with store.session() as s:
        ev = s.get(Event, event_id)
        assert (ev.text, ev.outcome) == ("Visit", "")
    stack.redo()
    with store.session() as s:
        ev = s.get(Event, event_id)
        assert (ev.text, ev.outcome) == ("A", "B")


def test_function_command_and_history(stack: CommandStack, store: ReviewStore) -> None:
    seen = []
    stack.add_listener(lambda: seen.append(stack.undo_label))
    stack.push(
        FunctionCommand(
            "Custom",
            do=lambda s: s.add(Agency(name="X")),
            undo=lambda s: s.query(Agency).filter_by(name="X").delete(),
        )
    )
    assert stack.history() == ["Custom"] and seen == ["Custom"]
    stack.undo()
    assert not stack.can_undo and stack.can_redo and stack.redo_label == "Custom"
    with store.session() as s:
        assert s.scalars(select(Agency)).all() == []
    stack.redo()
    with store.session() as s:
        assert s.scalars(select(Agency.name)).all() == ["X"]


def test_failed_command_changes_nothing(stack: CommandStack, store: ReviewStore) -> None:
    with pytest.raises(CommandError):
        stack.push(UpdateItem(Event, 12345, {"text": "x"}))
    assert not stack.can_undo


def test_audit_trail_cannot_be_changed_by_commands(stack: CommandStack, store: ReviewStore) -> None:
    with store.session() as s:
        from workbench.core.model import AuditEntry

        entry_id = s.scalars(select(AuditEntry.id)).first()
    assert entry_id is not None
    with pytest.raises(CommandError, match="audit trail"):
        UpdateItem("audit_entry", entry_id, {"user": "someone else"})
    with pytest.raises(CommandError, match="audit trail"):
        DeleteItem("audit_entry", entry_id)
