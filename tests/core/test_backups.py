"""Snapshots: taken before imports and on close, listed, pruned and restored."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from workbench.cli import main
from workbench.core.backups import (
    BACKUP_DIR_ENV,
    DEFAULT_KEEP,
    backup_folder,
    close_with_snapshot,
    keep_file_as_snapshot,
    list_snapshots,
    prune,
    restore,
    restore_store,
    snapshot,
)
from workbench.core.errors import (
    PassphraseRequired,
    ReviewFileError,
    ReviewLockedError,
    WorkbenchError,
    WrongPassphraseError,
)
from workbench.core.model import Agency, AuditEntry, Event, SourceFile
from workbench.core.store import ReviewStore
from workbench.importers.pipeline import commit_import as pipeline_commit
from workbench.importers.pipeline import import_file, prepare_import

PASS = "a long enough passphrase"


def _add_event(store: ReviewStore, text: str) -> int:
    with store.transaction() as s:
        agency = s.scalars(select(Agency)).first()
        if agency is None:
            agency = Agency(name="Police", short_name="POL")
            s.add(agency)
            s.flush()
        ev = Event(
            agency_id=agency.id,
            date_text="22/05/2016",
            date_earliest=date(2016, 5, 22),
            date_latest=date(2016, 5, 22),
            text=text,
        )
        s.add(ev)
        s.flush()
        return ev.id


def _texts(store: ReviewStore) -> list[str]:
    with store.session() as s:
        return list(s.scalars(select(Event.text).order_by(Event.id)))


def _csv(path: Path, rows: int, word: str = "visit") -> Path:
    lines = ["Date,Event"] + [f"{1 + i % 28:02d}/03/2016,Home {word} {i}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_snapshot_is_a_consistent_copy_beside_the_review(store: ReviewStore) -> None:
    _add_event(store, "First visit")
    before = datetime.now(UTC)
    path = snapshot(store, "Before import!")
    assert path.parent == store.path.with_name("review.cwr.backups")
    assert path.name.startswith("review_") and path.name.endswith("_before-import.cwr")
    # Later changes do not reach the snapshot.
    _add_event(store, "Second visit")
    with ReviewStore.open(path, read_only=True) as copy:
        assert _texts(copy) == ["First visit"]
    [snap] = list_snapshots(store.path)
    assert snap.path == path and snap.reason == "before-import" and snap.label == "before import"
    assert before - timedelta(seconds=1) <= snap.taken_at <= datetime.now(UTC)
    assert snap.size == path.stat().st_size > 0 and not snap.encrypted
    leftovers = [p.name for p in path.parent.iterdir() if p != path]
    assert leftovers == []
    if os.name == "posix":
        assert path.parent.stat().st_mode & 0o077 == 0
        assert path.stat().st_mode & 0o077 == 0


def test_snapshot_of_encrypted_review_keeps_the_key(tmp_path: Path) -> None:
    review = tmp_path / "secret.cwr"
    store = ReviewStore.create(review, title="Secret", passphrase=PASS)
    try:
        _add_event(store, "Disclosure made at school")
        path = snapshot(store, "on-close")
    finally:
        store.close()
    raw = path.read_bytes()
    assert b"Disclosure" not in raw and b"Secret" not in raw
    assert list_snapshots(review)[0].encrypted
    with pytest.raises(PassphraseRequired):
        ReviewStore.open(path, read_only=True)
    with ReviewStore.open(path, passphrase=PASS, read_only=True) as copy:
        assert _texts(copy) == ["Disclosure made at school"]


def test_list_is_newest_first_and_prune_keeps_the_last(store: ReviewStore) -> None:
    made = [snapshot(store, f"step {i}", keep=None) for i in range(5)]
    listed = list_snapshots(store.path)
    assert [s.path for s in listed] == list(reversed(made))
    assert [s.reason for s in listed] == [f"step-{i}" for i in (4, 3, 2, 1, 0)]
    removed = prune(store.path, 2)
    assert removed == list(reversed(made[:3]))
    assert [s.path for s in list_snapshots(store.path)] == [made[4], made[3]]
    with pytest.raises(WorkbenchError, match="at least one"):
        prune(store.path, 0)
    # Taking a snapshot prunes to ``keep``.
    snapshot(store, "again", keep=2)
    assert len(list_snapshots(store.path)) == 2


def test_default_keep_applies(store: ReviewStore) -> None:
    for i in range(DEFAULT_KEEP + 3):
        snapshot(store, f"n{i}")
    snaps = list_snapshots(store.path)
    assert len(snaps) == DEFAULT_KEEP
    assert snaps[-1].reason == "n3"


def test_unfinished_and_foreign_files_are_not_snapshots(store: ReviewStore) -> None:
    snapshot(store, "real")
    folder = backup_folder(store.path)
    (folder / ".review_2016-01-01_000000-000000_x.cwr.partial").write_bytes(b"half")
    (folder / "notes.txt").write_text("mine")
    (folder / "review_2016-01-01_000000-000000_x.cwr-wal").write_bytes(b"")
    assert [s.reason for s in list_snapshots(store.path)] == ["real"]


def test_upgrade_copies_beside_the_review_are_listed_but_never_pruned(store: ReviewStore) -> None:
    store.backup_copy(suffix="before-upgrade-0001")
    snapshot(store, "on-close")
    snaps = list_snapshots(store.path)
    assert {s.reason for s in snaps} == {"before-upgrade-0001", "on-close"}
    beside = next(s for s in snaps if s.reason == "before-upgrade-0001")
    assert beside.path.parent == store.path.parent and not beside.prunable
    snapshot(store, "later")
    prune(store.path, 1)
    assert {s.reason for s in list_snapshots(store.path)} == {"before-upgrade-0001", "later"}


def test_backup_folder_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "all-backups"
    monkeypatch.setenv(BACKUP_DIR_ENV, str(root))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = ReviewStore.create(tmp_path / "a" / "case.cwr", title="A")
    second = ReviewStore.create(tmp_path / "b" / "case.cwr", title="B")
    try:
        p1 = snapshot(first, "x")
        p2 = snapshot(second, "x")
    finally:
        first.close()
        second.close()
    assert p1.parent.parent == root and p2.parent.parent == root
    assert p1.parent != p2.parent  # same name, different reviews: separate folders
    assert not (tmp_path / "a" / "case.cwr.backups").exists()
    assert [s.path for s in list_snapshots(tmp_path / "a" / "case.cwr")] == [p1]


def test_snapshot_before_every_import(store: ReviewStore, tmp_path: Path) -> None:
    _add_event(store, "Already there")
    import_file(store, _csv(tmp_path / "police.csv", 20), "Police")
    import_file(store, _csv(tmp_path / "health.csv", 5, "check"), "Health")
    snaps = list_snapshots(store.path)
    assert [s.reason for s in snaps] == ["before-import", "before-import"]
    with ReviewStore.open(snaps[-1].path, read_only=True) as first:
        assert _texts(first) == ["Already there"]
    with ReviewStore.open(snaps[0].path, read_only=True) as second:
        assert len(_texts(second)) == 21
    # A dry run or a failed import writes nothing and takes no snapshot.
    import_file(store, _csv(tmp_path / "dry.csv", 3, "dry"), "Police", dry_run=True)
    assert len(list_snapshots(store.path)) == 2


def test_import_can_skip_the_snapshot(store: ReviewStore, tmp_path: Path) -> None:
    prepared = prepare_import(store, _csv(tmp_path / "p.csv", 3), "Police")
    pipeline_commit(store, prepared, snapshot=False)
    assert list_snapshots(store.path) == []
    assert len(_texts(store)) == 3


def test_close_with_snapshot(tmp_path: Path) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T")
    _add_event(store, "Edited")
    taken = close_with_snapshot(store, keep=3)
    assert taken is not None and taken.name.endswith("_on-close.cwr")
    assert not review.with_name("r.cwr.lock").exists()  # closed, lock released
    # Nothing changed since the last snapshot: no new one.
    again = ReviewStore.open(review)
    assert close_with_snapshot(again, keep=3) is None
    # A change gives a new one, and only the last three are kept.
    for n in range(4):
        s = ReviewStore.open(review)
        _add_event(s, f"change {n}")
        assert close_with_snapshot(s, keep=3) is not None
    snaps = list_snapshots(review)
    assert len(snaps) == 3 and {s.reason for s in snaps} == {"on-close"}
    with ReviewStore.open(snaps[0].path, read_only=True) as newest:
        assert _texts(newest)[-1] == "change 3"
    # Read-only: nothing to keep.
    ro = ReviewStore.open(review, read_only=True)
    assert close_with_snapshot(ro, only_if_changed=False) is None


def test_restore_puts_the_snapshot_back_and_keeps_the_current_file(tmp_path: Path) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T")
    _add_event(store, "Good version")
    good = snapshot(store, "on-close")
    _add_event(store, "Mistaken edit")
    store.close()

    kept = restore(review, good)
    assert kept.name.endswith("_before-restore.cwr")
    with ReviewStore.open(review) as restored:
        assert _texts(restored) == ["Good version"]
        with restored.session() as s:
            last = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None and last.action == "restore" and good.name in last.label
        assert last.user == "Test Reviewer"
    with ReviewStore.open(kept, read_only=True) as previous:
        assert _texts(previous) == ["Good version", "Mistaken edit"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.cwr", "r.cwr.backups"]
    # The restored snapshot itself is still there.
    assert good.exists()


def test_restore_by_name_and_from_an_open_store(tmp_path: Path) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T", passphrase=PASS)
    _add_event(store, "One")
    snap = snapshot(store, "mark")
    _add_event(store, "Two")
    restore_store(store, snap.name)  # the open review is closed first
    with ReviewStore.open(review, passphrase=PASS) as again:
        assert _texts(again) == ["One"]
    assert review.read_bytes()[:16] != b"SQLite format 3\x00"


def test_restore_checks_the_snapshot_before_replacing(tmp_path: Path) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T", passphrase=PASS)
    _add_event(store, "Current")
    good = snapshot(store, "good")
    store.close()
    original = review.read_bytes()

    with pytest.raises(PassphraseRequired):
        restore(review, good)
    with pytest.raises(WrongPassphraseError):
        restore(review, good, passphrase="not the passphrase")
    damaged = good.with_name(good.name.replace("_good", "_damaged"))
    data = bytearray(good.read_bytes())
    data[5000:9000] = os.urandom(4000)
    damaged.write_bytes(bytes(data))
    with pytest.raises(ReviewFileError):
        restore(review, damaged, passphrase=PASS)
    with pytest.raises(ReviewFileError, match="not found"):
        restore(review, tmp_path / "nowhere.cwr", passphrase=PASS)
    assert review.read_bytes() == original
    assert {s.reason for s in list_snapshots(review)} == {"damaged", "good"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.cwr", "r.cwr.backups"]


def test_restore_over_a_damaged_review_keeps_its_bytes(tmp_path: Path) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T")
    _add_event(store, "Saved")
    good = snapshot(store, "on-close")
    store.close()
    review.write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(ReviewFileError):
        ReviewStore.open(review)
    kept = restore(review, good)
    assert kept.read_bytes() == b"\x00garbage" * 1000
    with ReviewStore.open(review) as again:
        assert _texts(again) == ["Saved"]


def test_restore_a_deleted_review(tmp_path: Path) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T")
    _add_event(store, "Kept safe")
    good = snapshot(store, "on-close")
    store.close()
    review.unlink()
    assert restore(review, good) == review
    with ReviewStore.open(review) as again:
        assert _texts(again) == ["Kept safe"]


def test_restore_refused_while_open_elsewhere(tmp_path: Path) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T")
    good = snapshot(store, "x")
    store.close()
    lock = review.with_name("r.cwr.lock")
    lock.write_text(
        json.dumps({"pid": 1, "host": socket.gethostname(), "user": "Alex", "since": "today"})
    )
    before = review.read_bytes()
    with pytest.raises(ReviewLockedError, match="Alex"):
        restore(review, good)
    assert review.read_bytes() == before
    assert [s.reason for s in list_snapshots(review)] == ["x"]


def test_restore_folds_a_write_ahead_log_in(tmp_path: Path) -> None:
    """A review left with its log beside it (a crash) is kept whole, log included."""
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T")
    _add_event(store, "Before the crash")
    # Copy the file and its log as a crash would leave them.
    crashed = tmp_path / "crashed.cwr"
    store.backup_copy(crashed)
    shutil.copyfile(review, tmp_path / "raw.cwr")
    wal = Path(str(review) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    shutil.copyfile(wal, tmp_path / "raw.cwr-wal")
    store.close()
    kept = keep_file_as_snapshot(tmp_path / "raw.cwr", "crash")
    assert Path(str(kept) + "-wal").exists()
    [snap] = list_snapshots(tmp_path / "raw.cwr")
    assert snap.size > kept.stat().st_size  # the log counts
    target = tmp_path / "target.cwr"
    ReviewStore.create(target, title="Other").close()
    restore(target, kept)
    with ReviewStore.open(target) as again:
        assert _texts(again) == ["Before the crash"]
    assert not Path(str(target) + "-wal").exists() or Path(str(target) + "-wal").stat().st_size == 0


def test_snapshot_times_for_the_demo(demo_copy: Path) -> None:
    store = ReviewStore.open(demo_copy)
    try:
        start = time.perf_counter()
        path = snapshot(store, "timing")
        elapsed = time.perf_counter() - start
    finally:
        store.close()
    assert elapsed < 5.0
    with ReviewStore.open(path, read_only=True) as copy, copy.session() as s:
        assert s.scalar(select(func.count()).select_from(Event)) > 50
        assert s.scalar(select(func.count()).select_from(SourceFile)) > 0


# -- command line -------------------------------------------------------------------------
def test_cli_backups_and_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T")
    _add_event(store, "Original")
    snapshot(store, "before-import")
    _add_event(store, "Later")
    snapshot(store, "on-close")
    store.close()

    assert main(["backups", str(review), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["reason"] for r in rows] == ["on-close", "before-import"]
    assert [r["number"] for r in rows] == [1, 2]
    assert all(r["encrypted"] is False and r["size"] > 0 for r in rows)

    assert main(["backups", str(review)]) == 0
    out = capsys.readouterr().out
    assert "before import" in out and "not encrypted" in out

    assert main(["restore", str(review), "2"]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "before-restore" in out
    with ReviewStore.open(review) as again:
        assert _texts(again) == ["Original"]

    assert main(["restore", str(review), "99"]) == 1
    assert "no such snapshot" in capsys.readouterr().err
    assert main(["backups", str(tmp_path / "missing.cwr")]) == 1
    assert "no snapshots" in capsys.readouterr().err


def test_cli_restore_encrypted_needs_the_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T", passphrase=PASS)
    _add_event(store, "Original")
    snap = snapshot(store, "x")
    _add_event(store, "Later")
    store.close()
    monkeypatch.setattr("sys.stdin", None)
    assert main(["restore", str(review), snap.name]) == 1
    assert "WORKBENCH_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", PASS)
    assert main(["restore", str(review), str(snap)]) == 0
    with ReviewStore.open(review, passphrase=PASS) as again:
        assert _texts(again) == ["Original"]


def test_sqlite_can_read_a_plain_snapshot(store: ReviewStore) -> None:
    """A plain snapshot is an ordinary SQLite file (for recovery with other tools)."""
    _add_event(store, "Readable")
    path = snapshot(store, "x")
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT text FROM event").fetchone()[0] == "Readable"
    finally:
        con.close()


def test_size_text_reads_as_a_person_would() -> None:
    from workbench.core.backups import size_text

    assert size_text(10) == "1 KB"
    assert size_text(12 * 1024) == "12 KB"
    assert size_text(int(3.4 * 1024 * 1024)) == "3.4 MB"
