"""Commands: every change to a review is an object with ``do``/``undo`` and a label.

Commands mutate the review through a :class:`~sqlalchemy.orm.Session` and never touch a
user interface. :class:`CommandStack` runs them, each in its own committed transaction, and
keeps the undo/redo history for a session of work; the GUI instead wraps each command in a
``QUndoCommand`` and calls :func:`apply` itself, so both share one implementation.

Rows are identified by their integer ``id``. Undoing a deletion re-inserts the very same
rows (ids, uuids, timestamps and every link), so later commands in the history still find
what they refer to.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, delete, insert, select, update
from sqlalchemy.orm import Session

from workbench.core import audit
from workbench.core.errors import CommandError
from workbench.core.model import LINK_TABLES, Base, mapped_classes, row_values, utcnow
from workbench.core.store import ReviewStore


class Command(ABC):
    """One undoable change. ``label`` is what the Edit menu shows ("Undo <label>")."""

    label: str = "Change"

    @abstractmethod
    def do(self, session: Session) -> None: ...

    @abstractmethod
    def undo(self, session: Session) -> None: ...

    def redo(self, session: Session) -> None:
        self.do(session)


def apply(store: ReviewStore, command: Command, phase: str = "do") -> None:
    """Run one phase (``do``, ``undo`` or ``redo``) of ``command`` in its own transaction."""
    with store.transaction(audit_label=command.label) as session:
        getattr(command, phase)(session)
        if phase != "do":
            audit.record(session, phase, "command", label=command.label)


def _table(cls: type[Base]) -> Table:
    table = cls.__table__
    assert isinstance(table, Table)
    return table


#: Tables no command may change: the audit trail is written only by the store.
PROTECTED_TABLES = frozenset({"audit_entry"})


def _model(name_or_cls: str | type[Base]) -> type[Base]:
    if isinstance(name_or_cls, str):
        try:
            cls = mapped_classes()[name_or_cls]
        except KeyError:
            raise CommandError(f"unknown kind of item: {name_or_cls}") from None
    else:
        cls = name_or_cls
    if cls.__tablename__ in PROTECTED_TABLES:
        raise CommandError("the audit trail cannot be changed")
    return cls


def _get(session: Session, cls: type[Base], item_id: int) -> Base:
    obj = session.get(cls, item_id)
    if obj is None:
        raise CommandError(f"{cls.__tablename__.replace('_', ' ')} {item_id} no longer exists")
    return obj


class CreateItem(Command):
    """Insert one row. On redo the same row (same id and uuid) comes back."""

    def __init__(self, kind: str | type[Base], values: dict[str, Any], label: str | None = None):
        self.cls = _model(kind)
        self.values = dict(values)
        self.label = label or f"Add {self.cls.__tablename__.replace('_', ' ')}"
        self.item_id: int | None = None
        self._row: dict[str, Any] | None = None

    def do(self, session: Session) -> None:
        if self._row is not None:
            session.execute(insert(_table(self.cls)).values(**self._row))
            audit.record(
                session,
                "create",
                self.cls.__tablename__,
                item_uuid=str(self._row.get("uuid", "")),
                after=self._row,
            )
            return
        obj = self.cls(**self.values)
        session.add(obj)
        session.flush()
        self.item_id = obj.id
        self._row = row_values(obj)

    def undo(self, session: Session) -> None:
        assert self.item_id is not None
        table = _table(self.cls)
        session.execute(delete(table).where(table.c.id == self.item_id))
        audit.record(
            session,
            "delete",
            self.cls.__tablename__,
            item_uuid=str((self._row or {}).get("uuid", "")),
            label=f"Undo {self.label}",
        )


class UpdateItem(Command):
    """Change some columns of one row; undo restores the values it had."""

    def __init__(
        self,
        kind: str | type[Base],
        item_id: int,
        changes: dict[str, Any],
        label: str | None = None,
    ):
        self.cls = _model(kind)
        self.item_id = item_id
        self.changes = dict(changes)
        columns = set(self.cls.__table__.columns.keys())
        unknown = set(self.changes) - columns
        if unknown:
            raise CommandError(f"unknown field(s): {', '.join(sorted(unknown))}")
        self.label = label or f"Edit {self.cls.__tablename__.replace('_', ' ')}"
        self.before: dict[str, Any] | None = None

    def do(self, session: Session) -> None:
        obj = _get(session, self.cls, self.item_id)
        if self.before is None:
            self.before = {k: getattr(obj, k) for k in self.changes}
        for key, value in self.changes.items():
            setattr(obj, key, value)
        obj.updated_at = utcnow()

    def undo(self, session: Session) -> None:
        assert self.before is not None
        obj = _get(session, self.cls, self.item_id)
        for key, value in self.before.items():
            setattr(obj, key, value)
        obj.updated_at = utcnow()


@dataclass
class _Snapshot:
    """Rows removed by a deletion (parents first) and foreign keys that were set to NULL."""

    rows: list[tuple[Table, dict[str, Any]]] = field(default_factory=list)
    nulled: list[tuple[Table, str, list[Any], Any]] = field(default_factory=list)


def _dependents(table: Table) -> list[tuple[Table, str, str, str | None]]:
    """(table, fk column, referenced column, ondelete) for every key pointing at ``table``."""
    out = []
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table and fk.parent.table is other:
                out.append((other, fk.parent.name, fk.column.name, fk.ondelete))
    return out


def _pk_filter(table: Table, row: dict[str, Any]) -> Any:
    return and_(*(col == row[col.name] for col in table.primary_key.columns))


def _collect(session: Session, table: Table, where: Any, snap: _Snapshot, depth: int = 0) -> None:
    if depth > 8:
        raise CommandError("the item is linked too deeply to delete safely")
    rows = [dict(r._mapping) for r in session.execute(select(table).where(where))]
    if not rows:
        return
    snap.rows.extend((table, r) for r in rows)
    for dep, column, referenced, ondelete in _dependents(table):
        col = dep.c[column]
        ids = [r[referenced] for r in rows]
        if (ondelete or "").upper() == "CASCADE":
            _collect(session, dep, col.in_(ids), snap, depth + 1)
        elif (ondelete or "").upper() == "SET NULL":
            for r in session.execute(select(dep).where(col.in_(ids))):
                values = dict(r._mapping)
                snap.nulled.append(
                    (dep, column, [values[c.name] for c in dep.primary_key.columns], values[column])
                )
        else:
            count = len(session.execute(select(dep).where(col.in_(ids))).all())
            if count:
                raise CommandError(
                    f"cannot delete: {count} {dep.name.replace('_', ' ')} row(s) still refer to it"
                )


class DeleteItem(Command):
    """Delete one row and everything that cannot exist without it; undo restores it all."""

    def __init__(self, kind: str | type[Base], item_id: int, label: str | None = None):
        self.cls = _model(kind)
        self.item_id = item_id
        self.label = label or f"Delete {self.cls.__tablename__.replace('_', ' ')}"
        self._snap: _Snapshot | None = None

    def do(self, session: Session) -> None:
        table = _table(self.cls)
        snap = _Snapshot()
        _collect(session, table, table.c.id == self.item_id, snap)
        if not snap.rows:
            raise CommandError(f"{table.name.replace('_', ' ')} {self.item_id} no longer exists")
        self._snap = snap
        session.flush()
        # Children first so that RESTRICT keys are never tripped.
        for tbl, row in reversed(snap.rows):
            session.execute(delete(tbl).where(_pk_filter(tbl, row)))
        for tbl, row in snap.rows:
            if tbl.name in mapped_classes() and tbl.name != "audit_entry":
                audit.record(
                    session,
                    "delete",
                    tbl.name,
                    item_uuid=str(row.get("uuid", "")),
                    before=row,
                    label=self.label,
                )
        session.expire_all()

    def undo(self, session: Session) -> None:
        assert self._snap is not None
        for tbl, row in self._snap.rows:
            session.execute(insert(tbl).values(**row))
        for tbl, column, pk, value in self._snap.nulled:
            pk_cols = list(tbl.primary_key.columns)
            session.execute(
                update(tbl)
                .where(and_(*(c == v for c, v in zip(pk_cols, pk, strict=True))))
                .values({column: value})
            )
        audit.record(session, "restore", self.cls.__tablename__, label=f"Undo {self.label}")
        session.expire_all()


def _link_table(name: str) -> tuple[Table, str, str]:
    try:
        table = LINK_TABLES[name]
    except KeyError:
        raise CommandError(f"unknown link: {name}") from None
    left, right = (c.name for c in table.primary_key.columns)
    return table, left, right


class Link(Command):
    """Link pairs of items through a link table (e.g. events to a finding)."""

    def __init__(self, link: str, pairs: Iterable[tuple[int, int]], label: str | None = None):
        self.table, self.left, self.right = _link_table(link)
        self.pairs = list(dict.fromkeys(pairs))
        self.label = label or f"Link {len(self.pairs)} item(s)"
        self._added: list[tuple[int, int]] | None = None

    def do(self, session: Session) -> None:
        t = self.table
        existing = set()
        if self.pairs:
            lefts = {a for a, _ in self.pairs}
            for a, b in session.execute(
                select(t.c[self.left], t.c[self.right]).where(t.c[self.left].in_(lefts))
            ):
                existing.add((a, b))
        added = [p for p in self.pairs if p not in existing]
        if added:
            session.execute(insert(t), [{self.left: a, self.right: b} for a, b in added])
            audit.record(
                session, "link", t.name, label=self.label, after={"pairs": [list(p) for p in added]}
            )
        self._added = added

    def undo(self, session: Session) -> None:
        _remove_pairs(session, self.table, self.left, self.right, self._added or [])
        audit.record(session, "unlink", self.table.name, label=f"Undo {self.label}")


class Unlink(Command):
    """Remove links; undo puts back the ones that existed."""

    def __init__(self, link: str, pairs: Iterable[tuple[int, int]], label: str | None = None):
        self.table, self.left, self.right = _link_table(link)
        self.pairs = list(dict.fromkeys(pairs))
        self.label = label or f"Unlink {len(self.pairs)} item(s)"
        self._removed: list[tuple[int, int]] | None = None

    def do(self, session: Session) -> None:
        t = self.table
        present = {
            (a, b)
            for a, b in session.execute(
                select(t.c[self.left], t.c[self.right]).where(
                    t.c[self.left].in_({a for a, _ in self.pairs} or {-1})
                )
            )
        }
        removed = [p for p in self.pairs if p in present]
        _remove_pairs(session, t, self.left, self.right, removed)
        audit.record(
            session,
            "unlink",
            t.name,
            label=self.label,
            before={"pairs": [list(p) for p in removed]},
        )
        self._removed = removed

    def undo(self, session: Session) -> None:
        if self._removed:
            session.execute(
                insert(self.table), [{self.left: a, self.right: b} for a, b in self._removed]
            )
        audit.record(session, "link", self.table.name, label=f"Undo {self.label}")


def _remove_pairs(
    session: Session, table: Table, left: str, right: str, pairs: Sequence[tuple[int, int]]
) -> None:
    for a, b in pairs:
        session.execute(delete(table).where(and_(table.c[left] == a, table.c[right] == b)))


class Macro(Command):
    """Several commands as one undo step (undone in reverse order)."""

    def __init__(self, label: str, children: Sequence[Command]):
        self.label = label
        self.children = list(children)

    def do(self, session: Session) -> None:
        for child in self.children:
            child.do(session)
            session.flush()

    def undo(self, session: Session) -> None:
        for child in reversed(self.children):
            child.undo(session)
            session.flush()

    def redo(self, session: Session) -> None:
        for child in self.children:
            child.redo(session)
            session.flush()


class FunctionCommand(Command):
    """A command from two callables, for one-off changes that need custom logic."""

    def __init__(
        self,
        label: str,
        do: Callable[[Session], None],
        undo: Callable[[Session], None],
        redo: Callable[[Session], None] | None = None,
    ):
        self.label = label
        self._do, self._undo, self._redo = do, undo, redo

    def do(self, session: Session) -> None:
        self._do(session)

    def undo(self, session: Session) -> None:
        self._undo(session)

    def redo(self, session: Session) -> None:
        (self._redo or self._do)(session)


class CommandStack:
    """Runs commands against a store and keeps the undo/redo history of this session."""

    def __init__(self, store: ReviewStore, limit: int = 500) -> None:
        self.store = store
        self.limit = limit
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._listeners: list[Callable[[], None]] = []

    def push(self, command: Command) -> Command:
        """Do ``command`` (committed at once) and put it on the history."""
        apply(self.store, command, "do")
        self._done.append(command)
        del self._done[: max(0, len(self._done) - self.limit)]
        self._undone.clear()
        self._changed()
        return command

    def undo(self) -> Command | None:
        if not self._done:
            return None
        command = self._done.pop()
        apply(self.store, command, "undo")
        self._undone.append(command)
        self._changed()
        return command

    def redo(self) -> Command | None:
        if not self._undone:
            return None
        command = self._undone.pop()
        apply(self.store, command, "redo")
        self._done.append(command)
        self._changed()
        return command

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> str:
        return self._done[-1].label if self._done else ""

    @property
    def redo_label(self) -> str:
        return self._undone[-1].label if self._undone else ""

    def history(self) -> list[str]:
        return [c.label for c in self._done]

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
        self._changed()

    def add_listener(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def _changed(self) -> None:
        for callback in list(self._listeners):
            callback()
