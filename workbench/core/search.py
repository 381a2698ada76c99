"""Full-text search over events (SQLite FTS5).

The ``event_fts`` index is an external-content FTS5 table over ``event`` kept in step by
triggers (created by migration 0002). Queries typed by a person are turned into a safe
FTS5 expression: every word is quoted and matched as a prefix, so punctuation such as
``S.47`` or ``"`` can never be a syntax error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import text
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
