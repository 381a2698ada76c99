"""SQL outside the store layer runs on PostgreSQL as well as on SQLite.

The store layer is :mod:`workbench.core.store` (engine, bulk writes, per-database SQL
expressions), :mod:`workbench.core.search` (the FTS5 index and its triggers), the Alembic
migrations, and the store's encryption and backups (:mod:`workbench.core.crypto`,
:mod:`workbench.core.backups`, SQLCipher by nature). Everything else in ``workbench``
goes through SQLAlchemy constructs or those modules; this test finds SQLite-only SQL
written anywhere else and names the file and line. It also checks the pieces the rest of
the package relies on: the bulk writes, the suspended search trigger and the portable
day difference.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, literal, select
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.exc import CompileError

from workbench.core import search
from workbench.core.chronology import _edges_query, _gaps_query
from workbench.core.model import Agency, Event, Person, SourceFile, event_subject
from workbench.core.store import (
    BulkWriteCancelled,
    ReviewStore,
    bulk_insert_events,
    bulk_link_subjects,
    days_between,
)

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "workbench"
#: The store layer, where SQL specific to SQLite (and SQLCipher) belongs.
STORE_LAYER = (
    "workbench/core/store.py",
    "workbench/core/search.py",
    "workbench/core/crypto.py",
    "workbench/core/backups.py",
    "workbench/core/migrations/",
)

#: What SQL that would not run on PostgreSQL looks like in Python source.
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("raw driver SQL (exec_driver_sql)", re.compile(r"exec_driver_sql")),
    ("SQLite catalogue table", re.compile(r"sqlite_(master|schema|sequence)", re.I)),
    ("SQLite date function julianday", re.compile(r"julianday", re.I)),
    ("SQLite PRAGMA", re.compile(r"\bPRAGMA\b|(?i:\bpragma\s+\w+\s*[=(;])")),
    (
        "SQLite conflict clause (OR IGNORE / OR REPLACE)",
        re.compile(
            r"\bOR\s+(IGNORE|REPLACE|ABORT|FAIL|ROLLBACK)\b"
            r"|(?i:\binsert\s+or\s+\w+\s+into\b|\breplace\s+into\s+\w+\s*\()"
        ),
    ),
    ("the FTS5 search index (event_fts)", re.compile(r"event_fts", re.I)),
    ("numbered SQL parameter (?1)", re.compile(r"\?\d+\s*[,)]|[\"']\?\{")),
)


def _in_store_layer(relative: str) -> bool:
    return any(
        relative.startswith(entry) if entry.endswith("/") else relative == entry
        for entry in STORE_LAYER
    )


def scan(text: str) -> list[tuple[int, str, str]]:
    """(line number, what was found, the line) for every marker in ``text``."""
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        for label, pattern in MARKERS:
            if pattern.search(line):
                found.append((number, label, line.strip()))
    return found


def _scanned_files() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not _in_store_layer(path.relative_to(ROOT).as_posix())
    ]


def test_no_sqlite_only_sql_outside_the_store_layer() -> None:
    files = _scanned_files()
    assert len(files) > 50  # the whole package, not an empty glob
    problems = [
        f"{path.relative_to(ROOT).as_posix()}:{number}: {label}: {line}"
        for path in files
        for number, label, line in scan(path.read_text(encoding="utf-8"))
    ]
    assert not problems, (
        "SQL that would not run on PostgreSQL belongs in workbench/core/store.py or "
        "workbench/core/search.py:\n" + "\n".join(problems)
    )


def test_the_store_layer_exists_as_listed() -> None:
    for entry in STORE_LAYER:
        assert (ROOT / entry).exists(), entry
    # The layer does hold the SQLite-only SQL the scan would flag anywhere else.
    flagged = {
        entry
        for entry in ("workbench/core/store.py", "workbench/core/search.py")
        if scan((ROOT / entry).read_text(encoding="utf-8"))
    }
    assert flagged == {"workbench/core/store.py", "workbench/core/search.py"}


@pytest.mark.parametrize(
    "line",
    [
        'connection.exec_driver_sql("DELETE FROM event")',
        "SELECT sql FROM sqlite_master WHERE type = 'trigger'",
        "AND julianday(date_earliest) - julianday(prev_cover) - 1 >= :threshold",
        'conn.execute("PRAGMA foreign_keys=ON")',
        "INSERT OR IGNORE INTO event_subject (event_id, person_id) VALUES (?, ?)",
        "insert or replace into setting (key, value) values (:k, :v)",
        "INSERT INTO event_fts(rowid, text) SELECT id, text FROM event",
        "VALUES (?1, ?2, '2016-01-01')",
        'values.append(f"?{number}")',
    ],
)
def test_the_scan_finds_each_marker(line: str) -> None:
    assert scan(f"x = 1\n{line}\n") and scan(f"x = 1\n{line}\n")[0][0] == 2


@pytest.mark.parametrize(
    "line",
    [
        '"?22/05/2016" (a leading ? marks an uncertain date)',
        "except Exception:  # pragma: no cover",
        "the panel may use or ignore a suggestion",
        'rf"0?{d}" if d < 10 else str(d)',
        "session.execute(select(Event.id).where(Event.agency_id == 3))",
        "from workbench.core.search import match_subquery",
    ],
)
def test_the_scan_leaves_ordinary_code_alone(line: str) -> None:
    assert scan(line) == []


# -- portable SQL expressions -------------------------------------------------------------


def test_gap_queries_compile_for_postgresql_without_sqlite_functions() -> None:
    for statement in (_gaps_query(30, [1, 2]), _edges_query([1, 2]), _edges_query()):
        sql = str(statement.compile(dialect=postgresql.dialect()))
        assert not scan(sql), sql
    pg = str(_gaps_query(30).compile(dialect=postgresql.dialect()))
    assert "(anon_1.date_earliest - anon_1.prev_cover)" in pg
    assert "LAG(" in pg.upper() and "ROWS BETWEEN UNBOUNDED PRECEDING" in pg
    lite = str(_gaps_query(30).compile(dialect=sqlite.dialect()))
    assert "julianday(anon_1.date_earliest) - julianday(anon_1.prev_cover)" in lite


def test_days_between_counts_days_on_sqlite(store: ReviewStore) -> None:
    later, earlier = literal(date(2016, 3, 1)), literal(date(2016, 2, 1))
    with store.session() as s:
        assert s.scalar(select(days_between(later, earlier))) == 29.0  # 2016 is a leap year
        assert s.scalar(select(days_between(earlier, later))) == -29.0


def test_days_between_refuses_a_database_it_has_no_sql_for() -> None:
    statement = select(days_between(literal(date(2016, 3, 1)), literal(date(2016, 2, 1))))
    with pytest.raises(CompileError, match="days_between"):
        statement.compile(dialect=mysql.dialect())


# -- bulk writes and the suspended search trigger ---------------------------------------

_COLUMNS = ("uuid", "date_text", "date_earliest", "date_latest", "date_precision", "text")


def _source(store: ReviewStore) -> tuple[int, int]:
    with store.transaction() as s:
        agency = Agency(name="Police", short_name="POL", colour="#000000", sort_order=0)
        s.add(agency)
        s.flush()
        source = SourceFile(
            agency_id=agency.id,
            file_name="police.csv",
            content=b"x",
            size=1,
            sha256="0" * 64,
            imported_at=datetime(2024, 5, 1, 9, 30),
            imported_by="tester",
        )
        s.add(source)
        s.flush()
        return agency.id, source.id


def _rows(n: int, word: str = "visit") -> list[tuple[str, ...]]:
    return [
        (f"00000000-0000-7000-8000-{i:012d}", f"{i + 1}/03/2016", f"2016-03-{i + 1:02d}",
         f"2016-03-{i + 1:02d}", "day", f"{word} number {i}")
        for i in range(n)
    ]  # fmt: skip


def _insert(
    store: ReviewStore, agency_id: int, source_id: int, rows: list[tuple[str, ...]], **kw: Any
) -> list[int]:
    with store.transaction() as s:
        connection = s.connection()
        with search.suspended_trigger(connection, search.INSERT_TRIGGER) as indexed:
            ids = bulk_insert_events(
                connection,
                _COLUMNS,
                rows,
                shared={
                    "created_at": datetime(2024, 5, 1, 9, 30, 0, 123456),
                    "updated_at": datetime(2024, 5, 1, 9, 30, 0, 123456),
                    "agency_id": agency_id,
                    "is_milestone": False,
                    "source_file_id": source_id,
                    "source_location": "Sheet1",
                },
                repeats={"submitted_text": "text"},
                **kw,
            )
            if indexed and ids:
                search.index_event_rows(connection, min(ids), max(ids), source_id)
    return ids


def test_bulk_insert_returns_ids_in_row_order_and_indexes_them(store: ReviewStore) -> None:
    agency_id, source_id = _source(store)
    done: list[int] = []
    rows = _rows(7)
    ids = _insert(store, agency_id, source_id, rows, chunk=3, progress=done.append)
    assert done == [3, 6, 7]
    with store.session() as s:
        events = {e.id: e for e in s.scalars(select(Event))}
        assert [events[i].uuid for i in ids] == [r[0] for r in rows]
        first = events[ids[0]]
        assert first.date_earliest == date(2016, 3, 1) and first.text == "visit number 0"
        assert first.submitted_text == "visit number 0"  # the repeated column
        assert first.created_at == datetime(2024, 5, 1, 9, 30, 0, 123456)
        assert first.is_milestone is False and first.source_location == "Sheet1"
        assert first.date_approximate is False  # a column left to its default
        assert sorted(search.search_event_ids(s, "visit")) == sorted(ids)
    # The trigger is back: an ordinary insert is indexed again.
    with store.transaction() as s:
        s.add(Event(agency_id=agency_id, text="strategy meeting", date_text="?"))
    with store.session() as s:
        assert len(search.search_event_ids(s, "strategy")) == 1


def test_bulk_insert_finds_ids_by_uuid_when_the_source_already_has_events(
    store: ReviewStore,
) -> None:
    agency_id, source_id = _source(store)
    earlier = _insert(store, agency_id, source_id, _rows(2, "earlier"))
    later_rows = [(r[0].replace("-7000-", "-7001-"), *r[1:]) for r in _rows(3, "later")][::-1]
    later = _insert(store, agency_id, source_id, later_rows)
    assert not set(earlier) & set(later)
    with store.session() as s:
        by_id = {e.id: e.uuid for e in s.scalars(select(Event))}
        assert [by_id[i] for i in later] == [r[0] for r in later_rows]


def test_a_cancelled_bulk_insert_restores_the_trigger_with_the_rollback(
    store: ReviewStore,
) -> None:
    agency_id, source_id = _source(store)
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(BulkWriteCancelled):
        _insert(store, agency_id, source_id, _rows(5), chunk=2, cancelled=cancelled)
    assert len(asked) == 2  # asked before each chunk, stopped before the second
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 0
    with store.transaction() as s:
        s.add(Event(agency_id=agency_id, text="home visit", date_text="?"))
    with store.session() as s:
        assert len(search.search_event_ids(s, "home")) == 1


def test_suspended_trigger_is_back_after_an_error_inside_the_block(store: ReviewStore) -> None:
    agency_id, _ = _source(store)
    with store.transaction() as s:
        connection = s.connection()
        with (
            pytest.raises(RuntimeError, match="boom"),
            search.suspended_trigger(connection, search.UPDATE_TRIGGER) as present,
        ):
            assert present
            raise RuntimeError("boom")
        s.add(Event(agency_id=agency_id, text="school nurse", date_text="?"))
    with store.session() as s:
        assert len(search.search_event_ids(s, "nurse")) == 1
    with (
        store.transaction() as s,
        pytest.raises(ValueError, match="not a search index"),
        search.suspended_trigger(s.connection(), "event_audit"),
    ):
        pass


def test_bulk_link_subjects_writes_each_pair_once(store: ReviewStore) -> None:
    agency_id, source_id = _source(store)
    ids = _insert(store, agency_id, source_id, _rows(2))
    with store.transaction() as s:
        child = Person(real_name="Child Z")
        mother = Person(real_name="Mother")
        s.add_all([child, mother])
        s.flush()
        pairs = [(ids[0], child.id), (ids[1], child.id), (ids[0], child.id), (ids[0], mother.id)]
        assert bulk_link_subjects(s.connection(), pairs) == 3
        assert bulk_link_subjects(s.connection(), []) == 0
    with store.session() as s:
        links = s.execute(select(event_subject.c.event_id, event_subject.c.person_id)).all()
        assert sorted(links) == sorted({(e, p) for e, p in pairs})
