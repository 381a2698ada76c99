"""The audit trail: who changed which item, when, with the values before and after.

A listener on every writing session records one :class:`AuditEntry` per inserted, updated
or deleted ORM object in the same transaction as the change itself, so the trail can never
disagree with the data. Bulk work that bypasses the ORM (an import of thousands of rows)
writes one summary entry through :func:`record`.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from workbench.core.model import AuditEntry, Base, utcnow

#: Columns not worth recording (bulky or bookkeeping).
_SKIP = {"content", "created_at", "updated_at"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _values(obj: Base) -> dict[str, Any]:
    mapper = inspect(type(obj))
    out: dict[str, Any] = {}
    for col in mapper.columns:
        if col.key in _SKIP:
            continue
        out[col.key] = _plain(getattr(obj, col.key, None))
    return out


def _dump(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True) if values else ""


def attach(session: Session, user: str, label: str | None = None) -> None:
    """Record every ORM change made through ``session`` in the audit trail."""
    session.info["audit_user"] = user
    session.info["audit_label"] = label or ""
    event.listen(session, "before_flush", _before_flush)


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    user = session.info.get("audit_user", "")
    label = session.info.get("audit_label", "")
    entries: list[AuditEntry] = []
    for obj in session.new:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            entries.append(_entry(user, label, "create", obj, {}, _values(obj)))
    for obj in session.dirty:
        if not isinstance(obj, Base) or isinstance(obj, AuditEntry):
            continue
        state = inspect(obj)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for attr in state.mapper.column_attrs:
            if attr.key in _SKIP:
                continue
            hist = state.attrs[attr.key].history
            if hist.has_changes():
                before[attr.key] = _plain(hist.deleted[0] if hist.deleted else None)
                after[attr.key] = _plain(hist.added[0] if hist.added else None)
        for rel in state.mapper.relationships:
            hist = state.attrs[rel.key].history
            if hist.has_changes() and rel.secondary is not None:
                before[rel.key] = [str(getattr(o, "uuid", o)) for o in hist.deleted]
                after[rel.key] = [str(getattr(o, "uuid", o)) for o in hist.added]
        if before or after:
            entries.append(_entry(user, label, "update", obj, before, after))
    for obj in session.deleted:
        if isinstance(obj, Base) and not isinstance(obj, AuditEntry):
            entries.append(_entry(user, label, "delete", obj, _values(obj), {}))
    session.add_all(entries)


def _entry(
    user: str, label: str, action: str, obj: Base, before: dict[str, Any], after: dict[str, Any]
) -> AuditEntry:
    return AuditEntry(
        at=utcnow(),
        user=user,
        action=action,
        item_type=type(obj).__tablename__,
        item_uuid=str(getattr(obj, "uuid", "") or ""),
        label=label,
        before_json=_dump(before),
        after_json=_dump(after),
    )


def record(
    session: Session,
    action: str,
    item_type: str,
    *,
    item_uuid: str = "",
    label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Write one audit entry explicitly (for bulk work and link tables)."""
    session.add(
        AuditEntry(
            at=utcnow(),
            user=session.info.get("audit_user", ""),
            action=action,
            item_type=item_type,
            item_uuid=item_uuid,
            label=label or session.info.get("audit_label", ""),
            before_json=_dump({k: _plain(v) for k, v in (before or {}).items()}),
            after_json=_dump({k: _plain(v) for k, v in (after or {}).items()}),
        )
    )
