"""The review file: create, reopen, migrate, refuse what is not a review."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select, text

from workbench.core.errors import (
    NewerVersionError,
    NotAReviewError,
    PassphraseRequired,
    ReviewFileError,
    ReviewLockedError,
    WrongPassphraseError,
)
from workbench.core.model import Agency, AuditEntry, Event, Review
from workbench.core.store import APPLICATION_ID, ReviewStore, head_revision


def _add_event(store: ReviewStore, text_: str = "Home visit") -> int:
    with store.transaction() as s:
        agency = Agency(name="Police", short_name="POL")
        s.add(agency)
        s.flush()
        ev = Event(
            agency_id=agency.id,
            date_text="22/05/2016",
            date_earliest=date(2016, 5, 22),
            date_latest=date(2016, 5, 22),
            text=text_,
        )
        s.add(ev)
        s.flush()
        return ev.id


def test_create_and_reopen(tmp_path: Path) -> None:
    path = tmp_path / "r.cwr"
    store = ReviewStore.create(path, title="Case A", review_type="sar", board="Board")
    event_id = _add_event(store)
    store.close()
    with ReviewStore.open(path) as again, again.session() as s:
        review = again.review(s)
        assert review.title == "Case A"
        assert review.review_type == "sar"
        assert review.type_label == "Safeguarding Adults Review"
        assert s.get(Event, event_id).text == "Home visit"
        assert again.revision() == head_revision()
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA application_id")).scalar() == APPLICATION_ID


def test_every_row_has_uuid_and_timestamps(store: ReviewStore) -> None:
    _add_event(store)
    with store.session() as s:
        ev = s.scalars(select(Event)).one()
        assert len(ev.uuid) == 36 and ev.created_at and ev.updated_at
        review = s.scalars(select(Review)).one()
        assert review.uuid != ev.uuid


def test_change_is_committed_at_once(store: ReviewStore) -> None:
    """A second connection sees a change as soon as the transaction returns."""
    _add_event(store, "Committed")
    con = sqlite3.connect(store.path)
    try:
        assert con.execute("SELECT text FROM event").fetchone()[0] == "Committed"
    finally:
        con.close()


def test_failed_transaction_leaves_nothing(store: ReviewStore) -> None:
    with pytest.raises(RuntimeError), store.transaction() as s:
        s.add(Agency(name="Half written"))
        s.flush()
        raise RuntimeError("boom")
    with store.session() as s:
        assert s.scalars(select(Agency)).all() == []


def test_foreign_keys_enforced(store: ReviewStore) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), store.transaction() as s:
        s.add(Event(agency_id=999, date_text="2013", text="x"))
        s.flush()


def test_audit_records_changes(store: ReviewStore) -> None:
    event_id = _add_event(store)
    with store.transaction(audit_label="Edit text") as s:
        s.get(Event, event_id).text = "Changed"
    with store.session() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.item_type == "event")).all()
    update = [e for e in entries if e.action == "update"][-1]
    assert '"Home visit"' in update.before_json and '"Changed"' in update.after_json
    assert update.user == "Test Reviewer"
    assert update.label == "Edit text"


def test_refuses_non_review_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.cwr"
    empty.write_bytes(b"")
    with pytest.raises(NotAReviewError, match="empty"):
        ReviewStore.open(empty)
    text_file = tmp_path / "notes.cwr"
    text_file.write_text("just some notes " * 10)
    with pytest.raises(PassphraseRequired):
        ReviewStore.open(text_file)
    other_db = tmp_path / "other.cwr"
    con = sqlite3.connect(other_db)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(NotAReviewError, match="not a Case Review Workbench review"):
        ReviewStore.open(other_db)
    with pytest.raises(ReviewFileError, match="file not found"):
        ReviewStore.open(tmp_path / "missing.cwr")
    with pytest.raises(NotAReviewError, match="folder"):
        ReviewStore.open(tmp_path)


def test_refuses_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "r.cwr"
    ReviewStore.create(path, title="T").close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(ReviewFileError):
        ReviewStore.open(path)


def test_refuses_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "r.cwr"
    ReviewStore.create(path, title="T").close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    with pytest.raises(NewerVersionError, match="newer version"):
        ReviewStore.open(path)


def test_migrates_older_file_after_backup(tmp_path: Path) -> None:
    """A file at the first schema revision is upgraded, and a backup copy is kept."""
    from alembic import command

    from workbench.core.store import _alembic_config, make_engine

    path = tmp_path / "old.cwr"
    engine = make_engine(path)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        command.upgrade(_alembic_config(conn), "0001")
        conn.exec_driver_sql(
            "INSERT INTO review (title, review_type, board, subject_summary, protective_marking,"
            " status, version, incident_date_text, gap_threshold_days, uuid, created_at,"
            " updated_at) VALUES ('Old review', 'scr', '', '', 'OFFICIAL', 'draft', '1', '', 90,"
            " 'u-1', '2020-01-01', '2020-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO agency (name, short_name, colour, sort_order, uuid, created_at,"
            " updated_at) VALUES ('Police', 'POL', '#123456', 0, 'u-2', '2020-01-01',"
            " '2020-01-01')"
        )
        conn.exec_driver_sql(
            "INSERT INTO event (agency_id, date_text, date_precision, date_approximate,"
            " date_doubtful, end_date_text, text, outcome, analysis, source_reference,"
            " practitioner, subjects_text, is_milestone, source_location, source_ref, uuid,"
            " created_at, updated_at) VALUES (1, 'May 2016', 'month', 0, 0, '',"
            " 'Strategy discussion held', '', '', '', '', '', 0, '', '', 'u-3', '2020-01-01',"
            " '2020-01-01')"
        )
    engine.dispose()
    store = ReviewStore.open(path)
    try:
        assert store.migrated_from == "0001"
        assert store.backup_path is not None and store.backup_path.exists()
        assert store.revision() == head_revision()
        from workbench.core.search import search_event_ids

        with store.session() as s:
            assert s.scalars(select(Review.title)).one() == "Old review"
            # The search index added by the migration covers the old events.
            assert search_event_ids(s, "strategy") == [1]
    finally:
        store.close()
    # The backup is the old revision, untouched.
    con = sqlite3.connect(store.backup_path)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()


def test_create_refuses_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "r.cwr"
    ReviewStore.create(path, title="T").close()
    with pytest.raises(ReviewFileError, match="already exists"):
        ReviewStore.create(path, title="T2")
    with pytest.raises(ReviewFileError, match="review type"):
        ReviewStore.create(tmp_path / "x.cwr", title="T", review_type="bogus")


def test_lock_warns_second_opener(tmp_path: Path) -> None:
    import json
    import os
    import socket

    path = tmp_path / "r.cwr"
    ReviewStore.create(path, title="T").close()
    lock = path.with_name(path.name + ".lock")
    # A live process elsewhere holds it (pid 1 always exists).
    lock.write_text(
        json.dumps({"pid": 1, "host": socket.gethostname(), "user": "Alex", "since": "today"})
    )
    with pytest.raises(ReviewLockedError, match="Alex"):
        ReviewStore.open(path)
    # Read-only opening is still possible.
    with ReviewStore.open(path, read_only=True) as ro:
        assert ro.read_only
    # A lock left by a dead process is ignored.
    lock.write_text(json.dumps({"pid": 2**22 + 12345, "host": socket.gethostname()}))
    with ReviewStore.open(path):
        assert json.loads(lock.read_text())["pid"] == os.getpid()
    assert not lock.exists()


def test_encrypted_review(tmp_path: Path) -> None:
    path = tmp_path / "secret.cwr"
    store = ReviewStore.create(path, title="Encrypted", passphrase="correct horse")
    _add_event(store, "Disclosure by the child of a secret matter")
    store.close()
    raw = path.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"Disclosure" not in raw and b"Encrypted" not in raw
    with pytest.raises(PassphraseRequired):
        ReviewStore.open(path)
    with pytest.raises(WrongPassphraseError):
        ReviewStore.open(path, passphrase="wrong")
    with ReviewStore.open(path, passphrase="correct horse") as s, s.session() as session:
        assert session.scalars(select(Event.text)).one().startswith("Disclosure")


def test_backup_copy_opens(store: ReviewStore, tmp_path: Path) -> None:
    _add_event(store)
    dest = store.backup_copy(tmp_path / "copy.cwr")
    with ReviewStore.open(dest) as copy, copy.session() as s:
        assert s.scalars(select(Event)).one().text == "Home visit"
