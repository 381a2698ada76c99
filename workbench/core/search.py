"""Full-text search over events (SQLite FTS5).

The ``event_fts`` index is an external-content FTS5 table over ``event`` kept in step by
triggers (created by migration 0002). Queries typed by a person are turned into a safe
FTS5 expression: every word is quoted and matched as a prefix, so punctuation such as
``S.47`` or ``"`` can never be a syntax error.

Bulk writes (an import, a revision) suspend a trigger with :func:`suspended_trigger` and
index their rows in one statement with :func:`index_event_rows`. The SQL of the index
(FTS5 and its triggers, specific to SQLite) lives in this module and nowhere else.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence

from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

_WORD = re.compile(r"[\w][\w'’.\-/]*", re.UNICODE)
INDEXED_COLUMNS = (
    "text",
    "outcome",
    "analysis",
    "date_text",
    "subjects_text",
    "practitioner",
    "source_reference",
)
#: The triggers that keep the index in step with ``event`` (one per kind of change).
INSERT_TRIGGER = "event_fts_insert"
UPDATE_TRIGGER = "event_fts_update"
DELETE_TRIGGER = "event_fts_delete"
_TRIGGERS = frozenset({INSERT_TRIGGER, UPDATE_TRIGGER, DELETE_TRIGGER})


def words(query: str) -> list[str]:
    """The words of a typed query, as the highlighter and the index see them."""
    return [w.strip(".-/'’") for w in _WORD.findall(query) if w.strip(".-/'’")]


def fts_expression(query: str) -> str:
    """A safe FTS5 MATCH expression: all words, each as a quoted prefix."""
    parts = []
    for word in words(query):
        for token in re.split(r"[^\w]+", word):
            if token:
                parts.append('"' + token.replace('"', '""') + '"*')
    return " AND ".join(parts)


def search_event_ids(session: Session, query: str, limit: int | None = None) -> list[int]:
    """Ids of events matching every word of ``query`` (best match first)."""
    expr = fts_expression(query)
    if not expr:
        return []
    sql = "SELECT rowid FROM event_fts WHERE event_fts MATCH :q ORDER BY rank"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [int(r[0]) for r in session.execute(text(sql), {"q": expr})]


def match_subquery(query: str) -> tuple[str, dict[str, str]] | None:
    """SQL (and its parameters) selecting the ids of matching events, for use in ``IN``."""
    expr = fts_expression(query)
    if not expr:
        return None
    return "SELECT rowid FROM event_fts WHERE event_fts MATCH :fts_q", {"fts_q": expr}


def rebuild_index(session: Session) -> None:
    """Rebuild the index from the event table (after bulk inserts that skip triggers)."""
    session.execute(text("INSERT INTO event_fts(event_fts) VALUES ('rebuild')"))


@contextlib.contextmanager
def suspended_trigger(connection: Connection, name: str) -> Iterator[bool]:
    """Drop the index trigger ``name`` for the block and create it again on exit.

    Both happen inside the connection's current transaction, so a rollback restores the
    trigger as well. Yields whether the trigger exists: when it does not, nothing is
    dropped or created (and the caller has no index to keep in step). When the block
    raises, the trigger is created again where the transaction still allows it, and the
    block's exception is the one that propagates.
    """
    if name not in _TRIGGERS:
        raise ValueError(f"not a search index trigger: {name!r}")
    driver = connection.connection.driver_connection
    if not getattr(driver, "in_transaction", True):
        # The sqlite3 driver opens its transaction at the first write, so a DROP before
        # any write would be committed at once; open it here to keep the drop undoable.
        connection.exec_driver_sql("BEGIN")
    sql = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)
    ).scalar()
    if not sql:
        yield False
        return
    connection.exec_driver_sql(f"DROP TRIGGER {name}")
    try:
        yield True
    except BaseException:
        # The caller rolls back (which restores the trigger); recreating it here keeps a
        # transaction that goes on consistent and must not hide the original error.
        with contextlib.suppress(SQLAlchemyError):
            connection.exec_driver_sql(str(sql))
        raise
    connection.exec_driver_sql(str(sql))


def index_event_rows(
    connection: Connection, first_id: int, last_id: int, source_file_id: int
) -> None:
    """Index the events with ids ``first_id``..``last_id`` from ``source_file_id`` in one
    statement (rows inserted while :data:`INSERT_TRIGGER` was suspended)."""
    cols = ", ".join(INDEXED_COLUMNS)
    connection.exec_driver_sql(
        f"INSERT INTO event_fts(rowid, {cols}) SELECT id, {cols} FROM event "
        "WHERE id BETWEEN ? AND ? AND source_file_id = ? ORDER BY id",
        (int(first_id), int(last_id), int(source_file_id)),
    )


def highlight_spans(value: str, query: str) -> list[tuple[int, int]]:
    """(start, end) spans of ``value`` that match a word of ``query`` as a prefix."""
    spans: list[tuple[int, int]] = []
    lowered = value.casefold()
    for word in words(query):
        for token in re.split(r"[^\w]+", word.casefold()):
            if not token:
                continue
            for m in re.finditer(r"(?<!\w)" + re.escape(token), lowered):
                spans.append((m.start(), m.end()))
    return _merge(spans)


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out
