"""The review file: one SQLite (or SQLCipher) database per review, extension ``.cwr``.

:func:`make_engine` is the one engine factory: encryption, pragmas and pooling live here
and nowhere else. :class:`ReviewStore` creates and opens review files, runs the Alembic
migrations when an older file is opened (after writing a backup copy), refuses files that
are not reviews, are damaged or were written by a newer version, and commits every change
in its own transaction.

Pragmas on every connection: ``foreign_keys=ON``, WAL journal, ``synchronous=FULL`` (a
user's edit is on disk when the call returns), a busy timeout for a second reader.

The bulk writes of an import (:func:`bulk_insert_events`, :func:`bulk_link_subjects`) and
SQL expressions written differently per database (:func:`days_between`) live here too.
This module, :mod:`workbench.core.search` (the full-text index), the Alembic migrations
and the store's encryption and backups (:mod:`workbench.core.crypto`,
:mod:`workbench.core.backups`, SQLCipher by nature) are the store layer: the only code
that holds SQL which would not also run on PostgreSQL (``tests/core/test_portable_sql.py``
checks the rest of the package).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import shutil
import socket
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from alembic import command as alembic_command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    URL,
    ColumnElement,
    Connection,
    Engine,
    Float,
    create_engine,
    event,
    func,
    select,
    text,
)
from sqlalchemy.exc import CompileError, DatabaseError, OperationalError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from workbench.core import audit
from workbench.core.errors import (
    DamagedReviewError,
    NewerVersionError,
    NotAReviewError,
    PassphraseRequired,
    ReadOnlyError,
    ReviewFileError,
    ReviewLockedError,
    WrongPassphraseError,
)
from workbench.core.model import Event, Review, ReviewType

#: ``PRAGMA application_id`` of every review file ("CWRV").
APPLICATION_ID = 0x43575256
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def current_user() -> str:
    """The panel member's name for the audit trail: ``WORKBENCH_USER``, else the login."""
    name = os.environ.get("WORKBENCH_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name on some systems
        return "unknown"


def make_engine(
    path: Path | str, passphrase: str | None = None, *, read_only: bool = False
) -> Engine:
    """The one engine factory for review files.

    With a passphrase the file is opened through SQLCipher (``sqlite+pysqlcipher``); the
    key derivation is paid once per pooled connection, not per query.
    """
    path = str(Path(path))
    url: URL | str
    if passphrase is not None:
        url = URL.create("sqlite+pysqlcipher", password=passphrase, database=path)
    else:
        url = f"sqlite:///{path}"
    # hide_parameters: a database error (or a crash log) must never quote case text.
    engine = create_engine(
        url,
        connect_args={"timeout": 15, "check_same_thread": False},
        hide_parameters=True,
    )
    encrypted = passphrase is not None

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cur = dbapi_connection.cursor()
        try:
            if encrypted:
                # A wrong passphrase is reported by us, not printed by SQLCipher.
                cur.execute("PRAGMA cipher_log_level=NONE")
            cur.execute("PRAGMA foreign_keys=ON")
            if read_only:
                cur.execute("PRAGMA query_only=ON")
            else:
                cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA busy_timeout=15000")
        finally:
            cur.close()

    return engine


def _alembic_config(connection: Any | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(_alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def is_encrypted_file(path: Path) -> bool:
    """True when the file exists, is not empty and does not start with SQLite's header."""
    with path.open("rb") as fh:
        head = fh.read(16)
    return len(head) == 16 and head != SQLITE_MAGIC


class ReviewLock:
    """A lock file beside the review, so a second instance can warn before opening it."""

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(path.name + ".lock")
        self.held = False

    def holder(self) -> str | None:
        """Who holds the lock, or None when free (a lock left by a dead process is free)."""
        try:
            info = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        pid = int(info.get("pid", 0))
        host = str(info.get("host", ""))
        if host == socket.gethostname() and pid and not _pid_alive(pid):
            return None
        if pid == os.getpid() and host == socket.gethostname():
            return None
        return f"by {info.get('user', 'someone')} on {host} since {info.get('since', '?')}"

    def acquire(self) -> None:
        info = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "user": current_user(),
            "since": datetime.now().strftime("%d %b %Y %H:%M"),
        }
        with contextlib.suppress(OSError):
            self.path.write_text(json.dumps(info), encoding="utf-8")
            self.held = True

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(OSError):
                self.path.unlink()
            self.held = False


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


class ReviewStore:
    """An open review file.

    Use :meth:`create` or :meth:`open`. Read with ``with store.session() as s``; write with
    ``with store.transaction() as s`` (committed on exit, rolled back on an exception) or
    through commands (:mod:`workbench.core.commands`).
    """

    def __init__(
        self,
        path: Path,
        engine: Engine,
        *,
        passphrase: str | None,
        read_only: bool,
        lock: ReviewLock | None,
    ) -> None:
        self.path = path
        self.engine = engine
        self.read_only = read_only
        self.encrypted = passphrase is not None
        self._passphrase = passphrase
        self._lock = lock
        self.user = current_user()
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)
        self._listeners: list[Callable[[str], None]] = []
        self.migrated_from: str | None = None
        self.backup_path: Path | None = None

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path | str,
        *,
        title: str,
        review_type: str = ReviewType.CSPR.value,
        passphrase: str | None = None,
        overwrite: bool = False,
        **review_fields: Any,
    ) -> ReviewStore:
        """Create a new review file (refuses to replace an existing file unless asked)."""
        path = Path(path)
        if path.exists():
            if not overwrite:
                raise ReviewFileError(path, "a file with this name already exists")
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(str(path) + suffix).unlink()
        if not path.parent.exists():
            raise ReviewFileError(path, "the folder does not exist")
        try:
            ReviewType(review_type)
        except ValueError:
            raise ReviewFileError(
                path,
                f"unknown review type {review_type!r} (use one of: "
                + ", ".join(t.value for t in ReviewType)
                + ")",
            ) from None
        engine = make_engine(path, passphrase)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
                alembic_command.upgrade(_alembic_config(conn), "head")
        except (OSError, DatabaseError) as exc:
            engine.dispose()
            raise ReviewFileError(
                path, f"the file could not be created ({exc.__class__.__name__})"
            ) from None
        lock = ReviewLock(path)
        lock.acquire()
        store = cls(path, engine, passphrase=passphrase, read_only=False, lock=lock)
        with store.transaction() as s:
            s.add(Review(title=title, review_type=review_type, **review_fields))
        return store

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        passphrase: str | None = None,
        read_only: bool = False,
        ignore_lock: bool = False,
        migrate: bool = True,
    ) -> ReviewStore:
        """Open an existing review, migrating an older file after backing it up."""
        path = Path(path)
        if not path.exists():
            raise ReviewFileError(path, "file not found")
        if not path.is_file():
            raise NotAReviewError(path, "this is a folder, not a review file")
        if path.stat().st_size == 0:
            raise NotAReviewError(path, "the file is empty: it is not a review file")
        encrypted = is_encrypted_file(path)
        if encrypted and passphrase is None:
            raise PassphraseRequired(
                path, "this file is encrypted (or is not a review file): a passphrase is needed"
            )
        if not encrypted:
            passphrase = None
        lock = ReviewLock(path)
        if not read_only and not ignore_lock:
            holder = lock.holder()
            if holder is not None:
                raise ReviewLockedError(path, holder)

        engine = make_engine(path, passphrase, read_only=read_only)
        try:
            revision = cls._check_file(path, engine, encrypted=encrypted)
        except BaseException:
            engine.dispose()
            raise
        store = cls(path, engine, passphrase=passphrase, read_only=read_only, lock=None)
        if revision != head_revision():
            if read_only or not migrate:
                engine.dispose()
                raise ReviewFileError(
                    path,
                    "this review was written by an older version and must be upgraded: "
                    "open it for editing once",
                )
            store._migrate(revision)
        if not read_only:
            lock.acquire()
            store._lock = lock
        return store

    @staticmethod
    def _check_file(path: Path, engine: Engine, *, encrypted: bool) -> str:
        try:
            with engine.connect() as conn:
                app_id = conn.exec_driver_sql("PRAGMA application_id").scalar()
                tables = {
                    r[0]
                    for r in conn.exec_driver_sql(
                        "SELECT name FROM sqlite_master WHERE type='table'"
                    )
                }
                revision = None
                if "alembic_version" in tables:
                    revision = conn.exec_driver_sql(
                        "SELECT version_num FROM alembic_version"
                    ).scalar()
        except (DatabaseError, OperationalError, sqlite3.DatabaseError) as exc:
            message = str(getattr(exc, "orig", exc)).lower()
            if encrypted and ("not a database" in message or "encrypted" in message):
                raise WrongPassphraseError(
                    path, "the passphrase is wrong, or this is not a review file"
                ) from None
            if "not a database" in message:
                raise NotAReviewError(path, "this is not a review file") from None
            raise DamagedReviewError(
                path, f"the review file is damaged and cannot be read ({message})"
            ) from None
        if app_id != APPLICATION_ID or "review" not in tables or revision is None:
            raise NotAReviewError(
                path, "this is a database, but not a Case Review Workbench review"
            )
        if revision not in known_revisions():
            raise NewerVersionError(
                path,
                "this review was saved by a newer version of Case Review Workbench: "
                "update the application to open it",
            )
        return str(revision)

    def _migrate(self, from_revision: str) -> None:
        from workbench.core.backups import snapshot  # backups imports this module

        self.backup_path = snapshot(self, f"before-upgrade-{from_revision}", keep=None)
        with self.engine.begin() as conn:
            alembic_command.upgrade(_alembic_config(conn), "head")
        self.migrated_from = from_revision

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    # -- sessions and transactions --------------------------------------------------------
    def session(self) -> Session:
        """A session for reading (and for writing inside :meth:`transaction`)."""
        return self._sessions()

    @contextlib.contextmanager
    def transaction(self, *, audit_label: str | None = None) -> Iterator[Session]:
        """One committed transaction: every change lands on disk at once, or not at all."""
        if self.read_only:
            raise ReadOnlyError("this review is open read-only")
        session = self._sessions()
        audit.attach(session, self.user, audit_label)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
        self.notify("data")

    def add_listener(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(kind)`` after every committed change (views refresh on it)."""
        self._listeners.append(callback)

    def remove_listener(self, callback: Callable[[str], None]) -> None:
        with contextlib.suppress(ValueError):
            self._listeners.remove(callback)

    def notify(self, kind: str) -> None:
        for callback in list(self._listeners):
            callback(kind)

    def review(self, session: Session) -> Review:
        review = session.scalars(select(Review).limit(1)).first()
        if review is None:
            raise DamagedReviewError(self.path, "the review's details are missing")
        return review

    # -- files -----------------------------------------------------------------------------
    def backup_copy(self, dest: Path | None = None, *, suffix: str = "backup") -> Path:
        """Write a consistent copy of the review (same encryption) and return its path."""
        if dest is None:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            dest = self.path.with_name(f"{self.path.stem}.{suffix}-{stamp}{self.path.suffix}")
        dest = Path(dest)
        raw = self.engine.raw_connection()
        try:
            dbapi = raw.driver_connection
            assert dbapi is not None
            if self.encrypted:
                dbapi.execute(
                    "ATTACH DATABASE ? AS backup_target KEY ?", (str(dest), self._passphrase)
                )
                try:
                    dbapi.execute("SELECT sqlcipher_export('backup_target')")
                    version = dbapi.execute("PRAGMA user_version").fetchone()[0]
                    dbapi.execute(f"PRAGMA backup_target.user_version={int(version)}")
                    dbapi.execute(f"PRAGMA backup_target.application_id={APPLICATION_ID}")
                finally:
                    dbapi.execute("DETACH DATABASE backup_target")
            else:
                target = sqlite3.connect(str(dest))
                try:
                    dbapi.backup(target)
                finally:
                    target.close()
        finally:
            raw.close()
        return dest

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if not self.read_only:
                with self.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def copy_review_file(src: Path, dest: Path) -> None:
    """Copy a closed review file (and its WAL, if any) to ``dest``."""
    shutil.copy2(src, dest)


def sql_integrity_check(store: ReviewStore) -> str:
    with store.engine.connect() as conn:
        return str(conn.execute(text("PRAGMA integrity_check")).scalar())


# ---------------------------------------------------------------------------------------
# Bulk writes
# ---------------------------------------------------------------------------------------
# An import writes tens of thousands of events in one transaction. The ORM (or a Core
# ``insert()`` with a dictionary per row) costs several times the database's own work, so
# the rows go in here through the driver: one ``executemany`` per chunk of plain tuples,
# the values every row shares written into the statement once.


class BulkWriteCancelled(Exception):
    """``cancelled`` returned true between two chunks of a bulk write (the caller rolls
    the transaction back)."""


def _db_value(value: Any) -> Any:
    """A value as the SQLite columns of the model store it."""
    if isinstance(value, datetime):
        # The form SQLAlchemy's SQLite DateTime type writes and reads back.
        return value.isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _sql_literal(value: Any) -> str:
    value = _db_value(value)
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def event_column_defaults(exclude: Collection[str] = ()) -> dict[str, Any]:
    """Scalar defaults of the ``event`` columns not in ``exclude`` (``None`` where a column
    has none), the primary key left out: what a bulk insert writes for columns it does
    not set, such as columns added by later versions."""
    out: dict[str, Any] = {}
    for column in Event.__table__.columns:
        if column.name in exclude or column.primary_key:
            continue
        default = column.default
        if default is not None and getattr(default, "is_scalar", False):
            out[column.name] = getattr(default, "arg", None)
        else:
            out[column.name] = None
    return out


def _event_insert_sql(
    columns: Sequence[str], shared: Mapping[str, Any], repeats: Mapping[str, str]
) -> str:
    names: list[str] = []
    values: list[str] = []
    for number, name in enumerate(columns, 1):
        names.append(name)
        values.append(f"?{number}")
    for name, source in repeats.items():
        names.append(name)
        values.append(f"?{columns.index(source) + 1}")
    defaults = event_column_defaults({*columns, *repeats, *shared})
    for name, value in {**shared, **defaults}.items():
        names.append(name)
        values.append(_sql_literal(value))
    return f"INSERT INTO event ({', '.join(names)}) VALUES ({', '.join(values)})"


def bulk_insert_events(
    connection: Connection,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    shared: Mapping[str, Any],
    repeats: Mapping[str, str] | None = None,
    chunk: int = 5000,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[int]:
    """Insert one event per row of ``rows`` inside the connection's transaction and return
    their ids in the order of ``rows``.

    ``columns`` names the value at each position of a row; it must hold ``uuid``. Values
    are as the columns store them: dates as ISO text (``date.isoformat()``), flags as
    ``bool`` or 0/1, the rest as Python ``str``, ``int``, ``float`` or ``None``.
    ``shared`` holds the values every row has (it must hold ``source_file_id``; dates,
    datetimes and flags may be Python values); ``repeats`` maps a column to the column of
    ``columns`` whose value it takes as well (an agency's text as submitted). Every other
    column of ``event`` takes its default.

    Rows go in ``chunk`` at a time; ``cancelled`` is asked before each chunk (true raises
    :class:`BulkWriteCancelled`) and ``progress`` is told the rows written after each.
    Search-index triggers fire as usual unless the caller suspends them
    (:func:`workbench.core.search.suspended_trigger`).
    """
    if not rows:
        return []
    columns = list(columns)
    repeats = dict(repeats or {})
    if "uuid" not in columns:
        raise ValueError("bulk_insert_events needs the uuid column")
    if "source_file_id" not in shared:
        raise ValueError("bulk_insert_events needs a shared source_file_id")
    sql = _event_insert_sql(columns, shared, repeats)
    chunk = max(1, int(chunk))
    for start in range(0, len(rows), chunk):
        if cancelled is not None and cancelled():
            raise BulkWriteCancelled()
        connection.exec_driver_sql(sql, list(rows[start : start + chunk]))
        if progress is not None:
            progress(min(start + chunk, len(rows)))
    source_file_id = int(shared["source_file_id"])
    first, last, count = connection.execute(
        select(func.min(Event.id), func.max(Event.id), func.count()).where(
            Event.source_file_id == source_file_id
        )
    ).one()
    if count == len(rows) and last - first + 1 == count:
        # One writer, one transaction, no earlier event of this source file: the new rows
        # took consecutive ids in order.
        return list(range(first, last + 1))
    by_uuid: dict[str, int] = {
        str(u): int(i)
        for u, i in connection.execute(
            select(Event.uuid, Event.id).where(Event.source_file_id == source_file_id)
        )
    }
    at = columns.index("uuid")
    return [by_uuid[str(row[at])] for row in rows]


def bulk_link_subjects(connection: Connection, pairs: Iterable[tuple[int, int]]) -> int:
    """Link events to people, ``(event_id, person_id)`` pairs, each pair once, inside the
    connection's transaction; returns how many links were written.

    For events that have no links yet (just inserted): a pair repeated in ``pairs`` is
    written once, and a pair already in the review is an error.
    """
    unique = list(dict.fromkeys((int(e), int(p)) for e, p in pairs))
    if unique:
        connection.exec_driver_sql(
            "INSERT INTO event_subject (event_id, person_id) VALUES (?, ?)", unique
        )
    return len(unique)


# ---------------------------------------------------------------------------------------
# Portable SQL expressions
# ---------------------------------------------------------------------------------------


class DaysBetween(FunctionElement[float]):
    """``later - earlier`` in days for two date expressions (see :func:`days_between`)."""

    type = Float()
    name = "days_between"
    inherit_cache = True


def days_between(later: ColumnElement[Any], earlier: ColumnElement[Any]) -> DaysBetween:
    """``later - earlier`` in days, as SQL that runs on SQLite and on PostgreSQL:
    ``julianday(later) - julianday(earlier)`` on SQLite, ``later - earlier`` (the days
    between two dates) on PostgreSQL."""
    return DaysBetween(later, earlier)


@compiles(DaysBetween, "sqlite")
def _days_between_sqlite(element: DaysBetween, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(julianday({later}) - julianday({earlier}))"


@compiles(DaysBetween, "postgresql")
def _days_between_postgresql(element: DaysBetween, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"({later} - {earlier})"


@compiles(DaysBetween)
def _days_between_other(element: DaysBetween, compiler: SQLCompiler, **kw: Any) -> str:
    raise CompileError(f"days_between has no SQL for the {compiler.dialect.name} dialect")
