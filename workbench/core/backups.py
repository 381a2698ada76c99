"""Snapshots of a review: before every migration and import, and rolling ones on close.

A snapshot is a complete, consistent copy of the review made with SQLite's online backup
(``sqlcipher_export`` for an encrypted review, with the same key), so it can be taken while
the review is open. Snapshots live in a folder beside the review, ``<review>.backups/``
(``case-z.cwr.backups/``), or, when ``WORKBENCH_BACKUP_DIR`` names a folder, in a
per-review folder inside it. A snapshot's file name says when it was taken (UTC, to the
microsecond) and why::

    case-z_2016-05-22_143005-123456_before-import.cwr

A snapshot is written under a temporary name, flushed to disk and then renamed, so a
crash never leaves a half-written file that looks like a snapshot. Copies the store
itself writes beside the review before an upgrade (``case-z.before-upgrade-0001-...``)
are listed too, and can be restored, but are never pruned.

:func:`restore` puts a snapshot back: it refuses while another instance has the review
open, checks the snapshot (it opens, ``PRAGMA integrity_check`` is ``ok``), keeps the
current file as a snapshot first and then replaces the review in one rename.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from workbench.core import audit
from workbench.core.errors import ReviewFileError, ReviewLockedError, WorkbenchError
from workbench.core.model import AuditEntry
from workbench.core.store import ReviewLock, ReviewStore, is_encrypted_file

__all__ = [
    "BACKUP_DIR_ENV",
    "DEFAULT_KEEP",
    "Snapshot",
    "backup_folder",
    "close_with_snapshot",
    "keep_file_as_snapshot",
    "list_snapshots",
    "prune",
    "restore",
    "restore_store",
    "snapshot",
]

#: How many snapshots are kept when no other number is set in the preferences.
DEFAULT_KEEP = 10
#: A folder that holds every review's snapshots instead of a folder beside each review.
BACKUP_DIR_ENV = "WORKBENCH_BACKUP_DIR"

_STAMP_FORMAT = "%Y-%m-%d_%H%M%S-%f"
_NAME = re.compile(
    r"^(?P<stem>.*)_(?P<stamp>\d{4}-\d{2}-\d{2}_\d{6}-\d{6})_(?P<reason>[a-z0-9][a-z0-9-]*)"
    r"(?P<ext>\.[A-Za-z0-9]+)$"
)
#: Copies the store writes beside the review (``ReviewStore.backup_copy``).
_STORE_COPY = r"^{stem}\.(?P<reason>[A-Za-z0-9-]+?)-(?P<stamp>\d{{8}}-\d{{6}})(?P<ext>{ext})$"
_SIDECARS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Snapshot:
    """One snapshot file.

    Attributes:
        path: the snapshot file.
        reason: why it was taken ("before-import", "on-close", "before-restore", ...).
        taken_at: when, as an aware datetime (UTC).
        size: bytes on disk (with a write-ahead log kept beside it, if any).
        prunable: False for the copies kept beside the review before an upgrade.
    """

    path: Path
    reason: str
    taken_at: datetime
    size: int
    prunable: bool = True

    @property
    def encrypted(self) -> bool:
        return is_encrypted_file(self.path)

    @property
    def label(self) -> str:
        """The reason for a person: "before import", "on close"."""
        return self.reason.replace("-", " ")


def backup_folder(review_path: Path | str, root: Path | str | None = None) -> Path:
    """The folder that holds ``review_path``'s snapshots (not created here).

    ``root`` (or ``WORKBENCH_BACKUP_DIR``) gathers every review's snapshots in one place;
    the folder name then carries a short digest of the review's full path, so two reviews
    with the same name in different folders never share snapshots.
    """
    review_path = Path(review_path)
    root = root if root is not None else (os.environ.get(BACKUP_DIR_ENV) or None)
    if root is None:
        return review_path.with_name(review_path.name + ".backups")
    digest = hashlib.sha256(str(review_path.resolve()).encode("utf-8")).hexdigest()[:8]
    return Path(root) / f"{review_path.name}-{digest}.backups"


def _slug(reason: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", reason.casefold()).strip("-")
    return slug[:60] or "snapshot"


def _ensure_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        # Only the owner may read the snapshots (a computer shared with other users).
        with contextlib.suppress(OSError):
            folder.chmod(0o700)


def _new_name(review_path: Path, folder: Path, reason: str) -> Path:
    now = datetime.now(UTC)
    while True:
        name = (
            f"{review_path.stem}_{now.strftime(_STAMP_FORMAT)}_{_slug(reason)}{review_path.suffix}"
        )
        candidate = folder / name
        if not candidate.exists():
            return candidate
        now = now.replace(microsecond=(now.microsecond + 1) % 1_000_000)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    with contextlib.suppress(OSError):
        _fsync(folder)


def _remove_with_sidecars(path: Path) -> None:
    for suffix in ("", *_SIDECARS):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def _tighten(path: Path) -> None:
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            path.chmod(0o600)


def snapshot(
    store: ReviewStore,
    reason: str,
    *,
    keep: int | None = DEFAULT_KEEP,
    root: Path | str | None = None,
) -> Path:
    """Write a snapshot of the open review and return its path.

    The copy is consistent even while the review is in use (SQLite online backup, or
    ``sqlcipher_export`` with the same key for an encrypted review). Afterwards the
    oldest snapshots beyond ``keep`` are deleted (``None`` keeps them all).
    """
    folder = backup_folder(store.path, root)
    try:
        _ensure_folder(folder)
        dest = _new_name(store.path, folder, reason)
        partial = dest.with_name("." + dest.name + ".partial")
        _remove_with_sidecars(partial)
        try:
            store.backup_copy(partial)
            for suffix in _SIDECARS:  # never leave a journal beside a snapshot
                with contextlib.suppress(FileNotFoundError):
                    Path(str(partial) + suffix).unlink()
            _tighten(partial)
            _fsync(partial)
            os.replace(partial, dest)
        except BaseException:
            _remove_with_sidecars(partial)
            raise
        _fsync_folder(folder)
    except OSError as exc:
        raise ReviewFileError(
            folder, f"the snapshot could not be written ({exc.strerror or exc})"
        ) from None
    if keep is not None:
        prune(store.path, keep, root=root)
    return dest


def _iter_folder(review_path: Path, folder: Path) -> Iterator[Snapshot]:
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match is None or not entry.is_file():
            continue
        try:
            taken = datetime.strptime(match["stamp"], _STAMP_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            continue
        yield Snapshot(entry, match["reason"], taken, _size(entry))


def _iter_beside(review_path: Path) -> Iterator[Snapshot]:
    """The copies the store writes beside the review before an upgrade."""
    pattern = re.compile(
        _STORE_COPY.format(stem=re.escape(review_path.stem), ext=re.escape(review_path.suffix))
    )
    folder = review_path.parent
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        match = pattern.match(entry.name)
        if match is None or not entry.is_file():
            continue
        try:
            local = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        except ValueError:
            continue
        taken = local.astimezone().astimezone(UTC)
        yield Snapshot(entry, _slug(match["reason"]), taken, _size(entry), prunable=False)


def _size(path: Path) -> int:
    total = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            total += Path(str(path) + suffix).stat().st_size
    return total


def list_snapshots(review_path: Path | str, *, root: Path | str | None = None) -> list[Snapshot]:
    """Every snapshot of the review, newest first."""
    review_path = Path(review_path)
    found = list(_iter_folder(review_path, backup_folder(review_path, root)))
    found.extend(_iter_beside(review_path))
    found.sort(key=lambda s: (s.taken_at, s.path.name), reverse=True)
    return found


def prune(review_path: Path | str, keep: int, *, root: Path | str | None = None) -> list[Path]:
    """Delete the oldest snapshots so that ``keep`` remain; return the deleted paths.

    The copies kept beside the review before an upgrade are never deleted here.
    """
    if keep < 1:
        raise WorkbenchError("at least one snapshot must be kept")
    prunable = [s for s in list_snapshots(review_path, root=root) if s.prunable]
    removed: list[Path] = []
    for old in prunable[keep:]:
        _remove_with_sidecars(old.path)
        removed.append(old.path)
    return removed


def _changed_since(store: ReviewStore, moment: datetime) -> bool:
    with store.session() as session:
        last: datetime | None = session.scalar(select(func.max(AuditEntry.at)))
    if last is None:
        return False
    return bool(last >= moment.astimezone(UTC).replace(tzinfo=None))


def close_with_snapshot(
    store: ReviewStore,
    keep: int = DEFAULT_KEEP,
    *,
    root: Path | str | None = None,
    only_if_changed: bool = True,
) -> Path | None:
    """Close the review, taking a rolling "on-close" snapshot first.

    No snapshot is taken for a review opened read-only, nor (with ``only_if_changed``)
    when nothing was recorded in the audit trail since the newest snapshot. A snapshot
    that cannot be written does not stop the review from closing: the error is raised
    after the review is closed.
    """
    taken: Path | None = None
    failure: WorkbenchError | None = None
    try:
        if not store.read_only:
            newest = next((s for s in list_snapshots(store.path, root=root) if s.prunable), None)
            if newest is None or not only_if_changed or _changed_since(store, newest.taken_at):
                taken = snapshot(store, "on-close", keep=keep, root=root)
    except WorkbenchError as exc:
        failure = exc
    finally:
        store.close()
    if failure is not None:
        raise failure
    return taken


def _copy_with_sidecars(src: Path, dest: Path) -> None:
    shutil.copyfile(src, dest)
    wal = Path(str(src) + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        shutil.copyfile(wal, Path(str(dest) + "-wal"))


def keep_file_as_snapshot(
    review_path: Path | str, reason: str, *, root: Path | str | None = None
) -> Path:
    """Copy a closed review's file (and its write-ahead log, if any) into its snapshot
    folder as it is, without opening it: even a damaged file, or one whose passphrase is
    not known, is kept. Returns the snapshot."""
    review_path = Path(review_path)
    folder = backup_folder(review_path, root)
    try:
        _ensure_folder(folder)
        kept = _new_name(review_path, folder, reason)
        partial = kept.with_name("." + kept.name + ".partial")
        _copy_with_sidecars(review_path, partial)
        wal = Path(str(partial) + "-wal")
        if wal.exists():
            os.replace(wal, Path(str(kept) + "-wal"))
        _tighten(partial)
        _fsync(partial)
        os.replace(partial, kept)
        _fsync_folder(folder)
    except OSError as exc:
        raise ReviewFileError(
            review_path, f"the file could not be kept as a snapshot ({exc.strerror or exc})"
        ) from None
    return kept


def _resolve(review_path: Path, chosen: Snapshot | Path | str, root: Path | str | None) -> Path:
    if isinstance(chosen, Snapshot):
        return chosen.path
    path = Path(chosen)
    if not path.is_absolute() and not path.exists():
        path = backup_folder(review_path, root) / path
    return path


def restore(
    review_path: Path | str,
    chosen: Snapshot | Path | str,
    *,
    passphrase: str | None = None,
    root: Path | str | None = None,
) -> Path:
    """Put a snapshot back in place of the review.

    Refuses while another instance has the review open (close it in this instance
    first). The snapshot is copied beside the review and checked (it opens with
    ``passphrase``, ``PRAGMA integrity_check`` is ``ok``) before anything is replaced;
    the current file is then kept as a "before-restore" snapshot (its bytes as they are,
    so even a damaged review is kept) and the checked copy takes its place in one rename.

    Returns the "before-restore" snapshot, or the review's path when there was no file
    to keep.
    """
    from workbench.core.crypto import verify_review

    review_path = Path(review_path)
    source = _resolve(review_path, chosen, root)
    if not source.is_file():
        raise ReviewFileError(source, "snapshot not found")
    holder = ReviewLock(review_path).holder()
    if holder is not None:
        raise ReviewLockedError(review_path, holder + "; close it there before restoring")
    staged = review_path.with_name("." + review_path.name + ".restoring")
    _remove_with_sidecars(staged)
    try:
        _copy_with_sidecars(source, staged)
        verify_review(staged, passphrase)
        # The snapshot may have been read with its log beside it: fold it in, so that the
        # review is one self-contained file.
        _checkpoint(staged, passphrase)
        kept = review_path
        if review_path.exists():
            kept = keep_file_as_snapshot(review_path, "before-restore", root=root)
        _fsync(staged)
        # The old log must not be replayed into the restored file.
        for suffix in _SIDECARS:
            with contextlib.suppress(FileNotFoundError):
                Path(str(review_path) + suffix).unlink()
        os.replace(staged, review_path)
        _fsync_folder(review_path.parent)
    except OSError as exc:
        raise ReviewFileError(
            review_path, f"the snapshot could not be restored ({exc.strerror or exc})"
        ) from None
    finally:
        _remove_with_sidecars(staged)
    _record_restore(review_path, source, passphrase)
    return kept


def _record_restore(review_path: Path, source: Path, passphrase: str | None) -> None:
    """Say in the restored review's own audit trail that it was restored, and from what."""
    store = ReviewStore.open(
        review_path, passphrase=passphrase if is_encrypted_file(review_path) else None
    )
    try:
        with store.transaction(audit_label="Restore a snapshot") as session:
            audit.record(
                session,
                "restore",
                "review",
                label=f"Restore the snapshot {source.name}",
                after={"snapshot": source.name},
            )
    finally:
        store.close()


def _checkpoint(path: Path, passphrase: str | None) -> None:
    from workbench.core.store import make_engine

    engine = make_engine(path, passphrase if is_encrypted_file(path) else None)
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()
    for suffix in _SIDECARS:
        wal = Path(str(path) + suffix)
        if wal.exists() and wal.stat().st_size == 0:
            wal.unlink()


def restore_store(
    store: ReviewStore,
    chosen: Snapshot | Path | str,
    *,
    passphrase: str | None = None,
    root: Path | str | None = None,
) -> Path:
    """Close an open review and restore a snapshot in its place (see :func:`restore`).

    The snapshot is checked with ``passphrase`` (by default the review's own) and the
    review's lock is checked *before* the review is closed, so a refusal leaves it open
    and usable. The caller opens the review again afterwards.
    """
    from workbench.core.crypto import verify_review

    path = store.path
    if passphrase is None:
        passphrase = store._passphrase
    source = _resolve(path, chosen, root)
    if not source.is_file():
        raise ReviewFileError(source, "snapshot not found")
    verify_review(source, passphrase)
    holder = ReviewLock(path).holder()
    if holder is not None:
        raise ReviewLockedError(path, holder + "; close it there before restoring")
    store.close()
    return restore(path, source, passphrase=passphrase, root=root)


def size_text(size: int) -> str:
    """A file size as a person reads it ("12 KB", "3.4 MB")."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / 1024 / 1024:.1f} MB"
