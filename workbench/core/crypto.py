"""Encryption of review files: change the passphrase, encrypt or decrypt a review.

Reviews are encrypted at rest with SQLCipher (AES-256, a key derived from the passphrase
with PBKDF2-HMAC-SHA512, 256,000 iterations, an HMAC on every page). The passphrase is
held in memory only: it is never written to the review, a settings file, a log or an
error message, and every error raised here is a plain sentence without it.

* :func:`change_passphrase` re-encrypts an open review in place (``PRAGMA rekey``, one
  transaction), checks that the file opens with the new passphrase and not with the old
  one, and re-encrypts the review's snapshots, so that an old passphrase opens nothing.
* :func:`encrypt_copy` / :func:`decrypt_copy` write a new file through
  ``sqlcipher_export`` and check it (it opens, ``PRAGMA integrity_check`` is ``ok``, every
  table has as many rows as the original) before it gets its final name.
* :func:`encrypt_review` / :func:`decrypt_review` do the same in place: the original is
  kept until the new file has been checked, then replaced in one rename.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from workbench.core import audit
from workbench.core.errors import (
    DamagedReviewError,
    PassphraseRequired,
    ReadOnlyError,
    ReviewFileError,
    ReviewLockedError,
    WorkbenchError,
    WrongPassphraseError,
)
from workbench.core.store import (
    APPLICATION_ID,
    ReviewLock,
    ReviewStore,
    is_encrypted_file,
    make_engine,
)

__all__ = [
    "MIN_PASSPHRASE_LENGTH",
    "UNENCRYPTED_NOTICE",
    "change_passphrase",
    "check_new_passphrase",
    "decrypt_copy",
    "decrypt_review",
    "encrypt_copy",
    "encrypt_review",
    "verify_review",
]

MIN_PASSPHRASE_LENGTH = 8

#: What a reviewer is told before choosing an unencrypted file.
UNENCRYPTED_NOTICE = (
    "An unencrypted review can be read by anyone who gets hold of the file or a copy of it "
    "(a lost laptop, a shared folder, an e-mail attachment, its backups). Use an "
    "unencrypted file only for training or made-up cases, never for a real review."
)

_SIDECARS = ("-wal", "-shm", "-journal")


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect a review (the reason is for the user)."""
    if not passphrase or not passphrase.strip():
        raise WorkbenchError("the passphrase is empty")
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise WorkbenchError(
            f"the passphrase is too short: use at least {MIN_PASSPHRASE_LENGTH} characters "
            "(a few unrelated words are easy to remember and hard to guess)"
        )


def _quote(passphrase: str) -> str:
    """The passphrase as SQLAlchemy's pysqlcipher dialect writes it in ``PRAGMA key``, so
    a key set here derives exactly the key the engine factory derives."""
    return '"' + passphrase.replace('"', '""') + '"'


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", *_SIDECARS):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- checking a file ----------------------------------------------------------------------
def verify_review(path: Path | str, passphrase: str | None = None) -> dict[str, int]:
    """Check that ``path`` is a readable, undamaged review; return each table's row count.

    The passphrase is used only when the file is encrypted. Raises
    :class:`PassphraseRequired`, :class:`WrongPassphraseError`, :class:`NotAReviewError`
    or :class:`DamagedReviewError` (``PRAGMA integrity_check`` is not ``ok``).
    """
    path = Path(path)
    if not path.is_file():
        raise ReviewFileError(path, "file not found")
    if path.stat().st_size == 0:
        raise ReviewFileError(path, "the file is empty: it is not a review file")
    encrypted = is_encrypted_file(path)
    if encrypted and passphrase is None:
        raise PassphraseRequired(path, "this file is encrypted: a passphrase is needed")
    engine = make_engine(path, passphrase if encrypted else None, read_only=True)
    try:
        ReviewStore._check_file(path, engine, encrypted=encrypted)
        with engine.connect() as conn:
            result = str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())
            if result != "ok":
                raise DamagedReviewError(path, f"the integrity check failed ({result})")
            tables = [
                str(r[0])
                for r in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type='table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            counts: dict[str, int] = {}
            for name in tables:
                quoted = '"' + name.replace('"', '""') + '"'
                counts[name] = int(
                    conn.exec_driver_sql(f"SELECT count(*) FROM {quoted}").scalar() or 0
                )
    finally:
        engine.dispose()
    return counts


def _check_same(src: Path, dest: Path, before: dict[str, int], after: dict[str, int]) -> None:
    if before != after:
        differing = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
        raise DamagedReviewError(
            dest,
            f"the new file does not hold the same rows as {src.name} "
            f"(tables: {', '.join(differing)}); the original is unchanged",
        )


# -- connections for export -----------------------------------------------------------------
@contextlib.contextmanager
def _connection(path: Path, passphrase: str | None) -> Iterator[Any]:
    """A DB-API connection to a review: through the engine factory when the file is
    encrypted, a plain SQLCipher connection (which reads unencrypted files) otherwise."""
    engine: Engine | None = None
    if passphrase is not None:
        engine = make_engine(path, passphrase)
        raw = engine.raw_connection()
        conn = raw.driver_connection
        try:
            yield conn
        finally:
            raw.close()
            engine.dispose()
        return
    conn = sqlcipher3.connect(str(path), timeout=15, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout=15000")
        yield conn
    finally:
        conn.close()


def _export(src: Path, src_key: str | None, dest: Path, dest_key: str) -> None:
    """``sqlcipher_export`` of ``src`` into the new file ``dest`` (``dest_key`` '' = none)."""
    try:
        with _connection(src, src_key) as conn:
            conn.execute("ATTACH DATABASE ? AS export_target KEY ?", (str(dest), dest_key))
            try:
                conn.execute("SELECT sqlcipher_export('export_target')")
                version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
                conn.execute(f"PRAGMA export_target.user_version={version}")
                conn.execute(f"PRAGMA export_target.application_id={APPLICATION_ID}")
            finally:
                conn.execute("DETACH DATABASE export_target")
    except sqlcipher3.Error as exc:
        # The message of the driver never holds the key, but the statement might: say
        # only what happened.
        raise ReviewFileError(
            dest, f"the new file could not be written ({exc.__class__.__name__}: {exc})"
        ) from None


def _prepare_dest(src: Path, dest: Path) -> Path:
    if dest.resolve() == src.resolve():
        raise ReviewFileError(dest, "the new file must not be the original")
    if dest.exists():
        raise ReviewFileError(dest, "a file with this name already exists")
    if not dest.parent.is_dir():
        raise ReviewFileError(dest, "the folder does not exist")
    partial = dest.with_name("." + dest.name + ".partial")
    _remove_with_sidecars(partial)
    return partial


def _finish(partial: Path, dest: Path) -> None:
    for suffix in _SIDECARS:
        with contextlib.suppress(FileNotFoundError):
            Path(str(partial) + suffix).unlink()
    _fsync(partial)
    os.replace(partial, dest)


def encrypt_copy(src: Path | str, dest: Path | str, passphrase: str) -> Path:
    """Write an encrypted copy of the unencrypted review ``src`` to the new file ``dest``.

    ``dest`` gets its name only after it has been checked (it opens with the passphrase,
    integrity ok, the same row counts as ``src``). ``src`` is never changed.
    """
    src, dest = Path(src), Path(dest)
    check_new_passphrase(passphrase)
    if src.is_file() and src.stat().st_size >= 16 and is_encrypted_file(src):
        raise WorkbenchError(f"{src}: this review is already encrypted")
    before = verify_review(src)
    partial = _prepare_dest(src, dest)
    try:
        _export(src, None, partial, passphrase)
        if not is_encrypted_file(partial):
            raise DamagedReviewError(partial, "the new file is not encrypted")
        _check_same(src, dest, before, verify_review(partial, passphrase))
        _finish(partial, dest)
    finally:
        _remove_with_sidecars(partial)
    return dest


def decrypt_copy(src: Path | str, dest: Path | str, passphrase: str) -> Path:
    """Write an unencrypted copy of the encrypted review ``src`` to the new file ``dest``.

    Checked like :func:`encrypt_copy`; ``src`` is never changed.
    """
    src, dest = Path(src), Path(dest)
    if not src.is_file() or src.stat().st_size < 16 or not is_encrypted_file(src):
        verify_review(src)
        raise WorkbenchError(f"{src}: this review is not encrypted")
    before = verify_review(src, passphrase)
    partial = _prepare_dest(src, dest)
    try:
        _export(src, passphrase, partial, "")
        if is_encrypted_file(partial):
            raise DamagedReviewError(partial, "the new file is still encrypted")
        _check_same(src, dest, before, verify_review(partial))
        _finish(partial, dest)
    finally:
        _remove_with_sidecars(partial)
    return dest


# -- in place -------------------------------------------------------------------------------
@contextlib.contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold the review's lock while its file is replaced (refused if another has it)."""
    lock = ReviewLock(path)
    holder = lock.holder()
    if holder is not None:
        raise ReviewLockedError(path, holder + "; close it there first")
    lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _replace(new: Path, path: Path) -> None:
    # A log left beside the old file must not be replayed into the new one.
    for suffix in _SIDECARS:
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()
    os.replace(new, path)


def encrypt_review(path: Path | str, passphrase: str, *, root: Path | str | None = None) -> Path:
    """Encrypt a closed review in place, and its snapshots with it.

    The encrypted file is written beside the review and checked; only then does it
    replace the review. The unencrypted snapshots are encrypted in the same way, so no
    readable copy is left in the snapshot folder. (Deleting a file does not wipe it from
    the disk: encrypt a review before real case material goes into it.)
    """
    from workbench.core.backups import list_snapshots

    path = Path(path)
    with _exclusive(path):
        staged = path.with_name("." + path.name + ".encrypting")
        _remove_with_sidecars(staged)
        try:
            encrypt_copy(path, staged, passphrase)
            _replace(staged, path)
        finally:
            _remove_with_sidecars(staged)
        for snap in list_snapshots(path, root=root):
            if snap.encrypted:
                continue
            staged = snap.path.with_name("." + snap.path.name + ".encrypting")
            _remove_with_sidecars(staged)
            try:
                encrypt_copy(snap.path, staged, passphrase)
                _replace(staged, snap.path)
            except (WorkbenchError, OSError):
                # A damaged old snapshot is left as it is rather than stopping the rest.
                continue
            finally:
                _remove_with_sidecars(staged)
    return path


def decrypt_review(path: Path | str, passphrase: str, *, root: Path | str | None = None) -> Path:
    """Decrypt a closed review in place; return the snapshot keeping the encrypted file.

    The encrypted original is kept as a "before-decrypt" snapshot (it stays encrypted);
    the other snapshots stay encrypted too.
    """
    from workbench.core.backups import keep_file_as_snapshot

    path = Path(path)
    with _exclusive(path):
        staged = path.with_name("." + path.name + ".decrypting")
        _remove_with_sidecars(staged)
        try:
            decrypt_copy(path, staged, passphrase)
            kept = keep_file_as_snapshot(path, "before-decrypt", root=root)
            _replace(staged, path)
        finally:
            _remove_with_sidecars(staged)
    return kept


# -- rekey ----------------------------------------------------------------------------------
def _rekey_file(path: Path, old: str, new: str) -> None:
    engine = make_engine(path, old)
    raw: Any = None
    try:
        try:
            raw = engine.raw_connection()
            conn = raw.driver_connection
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except (DBAPIError, sqlcipher3.DatabaseError):
            raise WrongPassphraseError(path, "the current passphrase is wrong") from None
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            result = conn.execute(f"PRAGMA rekey={_quote(new)}").fetchall()
        except sqlcipher3.Error as exc:
            raise ReviewFileError(
                path, f"the passphrase could not be changed ({exc.__class__.__name__})"
            ) from None
        if result and str(result[0][0]).lower() != "ok":
            raise ReviewFileError(path, "the passphrase could not be changed")
    finally:
        if raw is not None:
            raw.close()
        engine.dispose()


@contextlib.contextmanager
def _quiet_cipher_log() -> Iterator[None]:
    """Silence SQLCipher's own log (it writes to stderr) while a wrong key is expected."""
    probe = sqlcipher3.connect(":memory:")
    try:
        level = str(probe.execute("PRAGMA cipher_log_level").fetchone()[0])
        probe.execute("PRAGMA cipher_log_level=NONE")
        try:
            yield
        finally:
            probe.execute(f"PRAGMA cipher_log_level={level}")
    finally:
        probe.close()


def _opens_with(path: Path, passphrase: str) -> bool:
    try:
        with _quiet_cipher_log():
            verify_review(path, passphrase)
    except WrongPassphraseError:
        return False
    return True


def change_passphrase(
    store: ReviewStore, new: str, *, snapshots: bool = True, root: Path | str | None = None
) -> int:
    """Change the passphrase of an open, encrypted review; return how many snapshots were
    re-encrypted with it.

    The review is re-encrypted in one transaction (``PRAGMA rekey``): a crash leaves it
    with the old passphrase or the new one, never half of each. Afterwards the file is
    opened afresh and must open with the new passphrase and not with the old one; the
    store then carries on with the new passphrase. Snapshots that open with the old
    passphrase are re-encrypted too (``snapshots=False`` leaves them as they are).
    """
    from workbench.core.backups import list_snapshots

    if store.read_only:
        raise ReadOnlyError("this review is open read-only")
    old = store._passphrase
    if not store.encrypted or old is None:
        raise WorkbenchError(
            f"{store.path}: this review is not encrypted: encrypt it first "
            "(workbench encrypt, or File > Encrypt in the application)"
        )
    check_new_passphrase(new)
    if new == old:
        raise WorkbenchError("the new passphrase is the same as the current one")
    path = store.path
    # Every pooled connection holds the old key: none may be in use during the rekey.
    store.engine.dispose()
    _rekey_file(path, old, new)
    verify_review(path, new)
    if _opens_with(path, old):
        raise DamagedReviewError(path, "the old passphrase still opens the review")
    engine = make_engine(path, new)
    store.engine = engine
    store._sessions.configure(bind=engine)
    store._passphrase = new
    with store.transaction(audit_label="Change the passphrase") as session:
        # Who changed it and when; never the passphrase itself.
        audit.record(session, "passphrase", "review", label="Change the passphrase")
    changed = 0
    if snapshots:
        for snap in list_snapshots(path, root=root):
            if not snap.encrypted:
                continue
            try:
                with _quiet_cipher_log():
                    _rekey_file(snap.path, old, new)
            except WorkbenchError:
                continue  # a snapshot made under an earlier passphrase keeps it
            changed += 1
    return changed
