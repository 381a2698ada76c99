"""Encryption at rest: passphrase change, encrypt/decrypt, no plaintext, no leaked passphrase."""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from workbench.cli import main
from workbench.core.backups import list_snapshots, snapshot
from workbench.core.crypto import (
    MIN_PASSPHRASE_LENGTH,
    UNENCRYPTED_NOTICE,
    change_passphrase,
    check_new_passphrase,
    decrypt_copy,
    decrypt_review,
    encrypt_copy,
    encrypt_review,
    verify_review,
)
from workbench.core.errors import (
    ReadOnlyError,
    ReviewFileError,
    ReviewLockedError,
    WorkbenchError,
    WrongPassphraseError,
)
from workbench.core.model import Agency, AuditEntry, Event, Finding, Person, Review
from workbench.core.search import search_event_ids
from workbench.core.store import ReviewStore, is_encrypted_file

OLD = "blue kettle morning"
NEW = "seven quiet harbours"


def _secrets(path: Path, passphrase: str | None = None) -> list[bytes]:
    """Words that must never be readable in an encrypted file: names, titles, event text."""
    with (
        ReviewStore.open(path, passphrase=passphrase, read_only=True) as store,
        store.session() as s,
    ):
        words = [s.scalars(select(Review.title)).one()]
        words += [p.real_name for p in s.scalars(select(Person)) if len(p.real_name) > 4]
        words += [f.title[:24] for f in s.scalars(select(Finding))]
        words += [t[:24] for t in s.scalars(select(Event.text).limit(40)) if len(t) > 12]
    assert len(words) > 40
    return [w.encode("utf-8") for w in words]


def _files_contain(folder: Path, needle: bytes) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and needle in p.read_bytes()]


def _add_event(store: ReviewStore, text: str) -> None:
    with store.transaction() as s:
        agency = s.scalars(select(Agency)).first()
        if agency is None:
            agency = Agency(name="Police", short_name="POL")
            s.add(agency)
            s.flush()
        s.add(
            Event(
                agency_id=agency.id,
                date_text="2016",
                date_earliest=date(2016, 1, 1),
                date_latest=date(2016, 12, 31),
                text=text,
            )
        )


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- encrypted copies ----------------------------------------------------------------------
def test_encrypt_copy_hides_every_name_and_event(demo_copy: Path, tmp_path: Path) -> None:
    secrets = _secrets(demo_copy)
    assert all(w in demo_copy.read_bytes() for w in secrets[:3])  # the check can fail
    original = _sha(demo_copy)
    dest = encrypt_copy(demo_copy, tmp_path / "encrypted.cwr", OLD)
    raw = dest.read_bytes()
    assert is_encrypted_file(dest)
    assert [w for w in secrets if w in raw] == []
    assert _sha(demo_copy) == original  # the original is never changed
    assert verify_review(dest, OLD) == verify_review(demo_copy)
    with ReviewStore.open(dest, passphrase=OLD) as store, store.session() as s:
        assert search_event_ids(s, "strategy")  # the search index came along
        assert store.review(s).title == "Serious Case Review: Case Z"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("encrypted")) == [
        "encrypted.cwr"
    ]


def test_decrypt_copy_round_trip(demo_copy: Path, tmp_path: Path) -> None:
    enc = encrypt_copy(demo_copy, tmp_path / "enc.cwr", OLD)
    with pytest.raises(WrongPassphraseError):
        decrypt_copy(enc, tmp_path / "plain.cwr", "not the passphrase")
    assert not (tmp_path / "plain.cwr").exists()
    plain = decrypt_copy(enc, tmp_path / "plain.cwr", OLD)
    assert not is_encrypted_file(plain)
    con = sqlite3.connect(plain)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM event").fetchone()[0] > 100
    finally:
        con.close()
    assert verify_review(plain) == verify_review(demo_copy)


def test_copies_refuse_what_they_cannot_do(demo_copy: Path, tmp_path: Path) -> None:
    enc = encrypt_copy(demo_copy, tmp_path / "enc.cwr", OLD)
    with pytest.raises(ReviewFileError, match="already exists"):
        encrypt_copy(demo_copy, enc, OLD)
    with pytest.raises(WorkbenchError, match="already encrypted"):
        encrypt_copy(enc, tmp_path / "twice.cwr", NEW)
    with pytest.raises(WorkbenchError, match="not encrypted"):
        decrypt_copy(demo_copy, tmp_path / "x.cwr", OLD)
    with pytest.raises(WorkbenchError, match="too short"):
        encrypt_copy(demo_copy, tmp_path / "short.cwr", "abc")
    with pytest.raises(ReviewFileError, match="must not be the original"):
        decrypt_copy(enc, enc, OLD)
    with pytest.raises(ReviewFileError, match="folder does not exist"):
        encrypt_copy(demo_copy, tmp_path / "nowhere" / "x.cwr", OLD)
    not_review = tmp_path / "notes.cwr"
    con = sqlite3.connect(not_review)
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(ReviewFileError, match="not a Case Review Workbench review"):
        encrypt_copy(not_review, tmp_path / "n.cwr", OLD)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case-z.cwr", "enc.cwr", "notes.cwr"]


def test_check_new_passphrase() -> None:
    for bad in ("", "   ", "x" * (MIN_PASSPHRASE_LENGTH - 1)):
        with pytest.raises(WorkbenchError):
            check_new_passphrase(bad)
    check_new_passphrase("x" * MIN_PASSPHRASE_LENGTH)
    assert "training" in UNENCRYPTED_NOTICE


# -- in place ---------------------------------------------------------------------------------
def test_encrypt_review_in_place_with_its_snapshots(demo_copy: Path) -> None:
    secrets = _secrets(demo_copy)
    store = ReviewStore.open(demo_copy)
    snapshot(store, "before-import")
    snapshot(store, "on-close")
    store.close()
    counts = verify_review(demo_copy)
    encrypt_review(demo_copy, OLD)
    assert is_encrypted_file(demo_copy)
    assert verify_review(demo_copy, OLD) == counts
    snaps = list_snapshots(demo_copy)
    assert len(snaps) == 2 and all(s.encrypted for s in snaps)
    folder = demo_copy.parent
    leaks = {w: _files_contain(folder, w) for w in secrets}
    assert {w: p for w, p in leaks.items() if p} == {}
    assert not demo_copy.with_name(demo_copy.name + ".lock").exists()


def test_decrypt_review_in_place_keeps_the_encrypted_file(tmp_path: Path) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="Training case", passphrase=OLD)
    _add_event(store, "Made-up home visit")
    store.close()
    kept = decrypt_review(review, OLD)
    assert not is_encrypted_file(review)
    assert kept.name.endswith("_before-decrypt.cwr") and is_encrypted_file(kept)
    with ReviewStore.open(kept, passphrase=OLD, read_only=True) as old:
        assert old.review(old.session()).title == "Training case"
    with ReviewStore.open(review) as plain, plain.session() as s:
        assert s.scalars(select(Event.text)).one() == "Made-up home visit"


def test_in_place_refused_while_open_elsewhere(tmp_path: Path) -> None:
    import json
    import socket

    review = tmp_path / "r.cwr"
    ReviewStore.create(review, title="T").close()
    review.with_name("r.cwr.lock").write_text(
        json.dumps({"pid": 1, "host": socket.gethostname(), "user": "Sam", "since": "now"})
    )
    with pytest.raises(ReviewLockedError, match="Sam"):
        encrypt_review(review, OLD)
    assert not is_encrypted_file(review)


# -- passphrase change -----------------------------------------------------------------------
def test_change_passphrase(tmp_path: Path) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T", passphrase=OLD)
    _add_event(store, "Before the change")
    snapshot(store, "on-close")
    start = time.perf_counter()
    count = change_passphrase(store, NEW)
    elapsed = time.perf_counter() - start
    assert count == 1
    assert elapsed < 10
    # The open store carries on with the new passphrase.
    _add_event(store, "After the change")
    with store.session() as s:
        assert list(s.scalars(select(Event.text).order_by(Event.id))) == [
            "Before the change",
            "After the change",
        ]
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "passphrase")).one()
        assert entry.user == "Test Reviewer"
        trail = " ".join(
            a.label + a.before_json + a.after_json for a in s.scalars(select(AuditEntry))
        )
    assert OLD not in trail and NEW not in trail
    store.close()
    with pytest.raises(WrongPassphraseError):
        ReviewStore.open(review, passphrase=OLD)
    with ReviewStore.open(review, passphrase=NEW) as again, again.session() as s:
        assert len(s.scalars(select(Event)).all()) == 2
    # The snapshot follows: the old passphrase opens nothing any more.
    [snap] = list_snapshots(review)
    verify_review(snap.path, NEW)
    with pytest.raises(WrongPassphraseError):
        verify_review(snap.path, OLD)


def test_change_passphrase_refusals(tmp_path: Path) -> None:
    plain = ReviewStore.create(tmp_path / "plain.cwr", title="T")
    try:
        with pytest.raises(WorkbenchError, match="not encrypted"):
            change_passphrase(plain, NEW)
    finally:
        plain.close()
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T", passphrase=OLD)
    try:
        with pytest.raises(WorkbenchError, match="same"):
            change_passphrase(store, OLD)
        with pytest.raises(WorkbenchError, match="too short"):
            change_passphrase(store, "short")
    finally:
        store.close()
    ro = ReviewStore.open(review, passphrase=OLD, read_only=True)
    try:
        with pytest.raises(ReadOnlyError):
            change_passphrase(ro, NEW)
    finally:
        ro.close()
    with ReviewStore.open(review, passphrase=OLD):
        pass


# -- the file and its log -----------------------------------------------------------------
def test_write_ahead_log_is_encrypted_too(tmp_path: Path) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T", passphrase=OLD)
    try:
        _add_event(store, "Confidential disclosure in the log")
        wal = Path(str(review) + "-wal")
        assert wal.exists() and wal.stat().st_size > 0
        assert b"Confidential disclosure" not in wal.read_bytes()
        assert b"Confidential disclosure" not in review.read_bytes()
    finally:
        store.close()


def test_connections_are_pooled(tmp_path: Path) -> None:
    """The key is derived once per connection (about 0.16 s), not once per session."""
    store = ReviewStore.create(tmp_path / "r.cwr", title="T", passphrase=OLD)
    try:
        connects: list[int] = []
        sa_event.listen(store.engine, "connect", lambda *_: connects.append(1))
        store.engine.dispose()
        start = time.perf_counter()
        for n in range(20):
            _add_event(store, f"event {n}")
            with store.session() as s:
                s.scalars(select(Event)).all()
        elapsed = time.perf_counter() - start
        assert len(connects) == 1
        assert elapsed < 20 * 0.16
    finally:
        store.close()


# -- the passphrase goes nowhere -----------------------------------------------------------------
def test_passphrase_never_written_or_logged(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first, second, third = "Ox7-first-secret", "Qz9-second-secret", "Wv4-third-secret"
    caplog.set_level(logging.DEBUG)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    logging.getLogger("sqlalchemy.pool").setLevel(logging.DEBUG)
    review = tmp_path / "r.cwr"
    monkeypatch.setattr("sys.stdin", None)
    assert main(["new", str(review), "--title", "Secret case", "--no-encrypt"]) == 0
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", first)
    assert main(["encrypt", str(review)]) == 0
    monkeypatch.setenv("WORKBENCH_NEW_PASSPHRASE", second)
    assert main(["passphrase", str(review)]) == 0
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", second)
    assert main(["info", str(review)]) == 0
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "a wrong one entirely")
    assert main(["info", str(review)]) == 1
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", second)
    assert main(["decrypt", str(review), "--out", str(tmp_path / "copy.cwr")]) == 0
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", third)
    assert main(["encrypt", str(tmp_path / "copy.cwr"), "--out", str(tmp_path / "c2.cwr")]) == 0
    out, err = capsys.readouterr()
    assert "passphrase is wrong" in err
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)
    logging.getLogger("sqlalchemy.pool").setLevel(logging.WARNING)
    home = Path(os.environ["HOME"])
    crash_log = Path("/tmp/workbench-error.log")
    for secret in (first, second, third):
        for encoded in (secret.encode("utf-8"), secret.encode("utf-16-le")):
            assert _files_contain(tmp_path, encoded) == []
            assert _files_contain(home, encoded) == []
            if crash_log.exists():
                assert encoded not in crash_log.read_bytes()
        assert secret not in out and secret not in err
        assert secret not in caplog.text


def test_cli_encrypt_and_passphrase(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T")
    _add_event(store, "Plain text event")
    store.close()
    monkeypatch.setattr("sys.stdin", None)
    assert main(["encrypt", str(review)]) == 1
    assert "WORKBENCH_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", "short")
    assert main(["encrypt", str(review)]) == 1
    assert "too short" in capsys.readouterr().err
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", OLD)
    assert main(["encrypt", str(review)]) == 0
    assert "Encrypted" in capsys.readouterr().out
    assert main(["encrypt", str(review)]) == 1
    assert "already encrypted" in capsys.readouterr().err
    assert main(["passphrase", str(review)]) == 1
    assert "WORKBENCH_NEW_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("WORKBENCH_NEW_PASSPHRASE", NEW)
    assert main(["passphrase", str(review)]) == 0
    assert "Changed the passphrase" in capsys.readouterr().out
    monkeypatch.setenv("WORKBENCH_PASSPHRASE", NEW)
    assert main(["decrypt", str(review)]) == 0
    out, err = capsys.readouterr()
    assert "Decrypted" in out and "training" in err
    assert not is_encrypted_file(review)
    assert main(["passphrase", str(review)]) == 1
    assert "not encrypted" in capsys.readouterr().err
