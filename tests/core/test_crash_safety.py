"""Crash safety: a process killed (SIGKILL) in the middle of an import or an export leaves
a review that opens, passes ``PRAGMA integrity_check`` and shows nothing half-written."""

from __future__ import annotations

import csv
import hashlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from workbench.core.model import AuditEntry, Event, SourceFile
from workbench.core.store import ReviewStore, make_engine, sql_integrity_check

ROOT = Path(__file__).resolve().parents[2]
PASS = "crash test passphrase"
ROWS = 50_000

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


def _env(passphrase: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("WORKBENCH_PASSPHRASE", None)
    if passphrase:
        env["WORKBENCH_PASSPHRASE"] = passphrase
    return env


def _spawn(script: str, passphrase: str | None, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(passphrase),
        cwd=ROOT,
    )


def _wait_for(proc: subprocess.Popen[str], prefix: str, timeout: float = 120) -> str:
    """Read the child's output until a line starts with ``prefix``."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            _, err = proc.communicate(timeout=10)
            pytest.fail(f"the child ended before {prefix!r} (exit {proc.returncode}): {err}")
        if line.startswith(prefix):
            return line.strip()
    proc.kill()
    pytest.fail(f"no {prefix!r} from the child within {timeout} s")


def _kill(proc: subprocess.Popen[str]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _big_csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Date", "Time", "Subject", "Event", "Outcome"])
        for i in range(ROWS):
            writer.writerow(
                [
                    f"{1 + i % 28:02d}/{1 + (i // 28) % 12:02d}/{2010 + i % 8}",
                    "10:30",
                    "Child Z",
                    f"Home visit {i} by the allocated social worker",
                    "Advice given",
                ]
            )
    return path


def _table_digest(path: Path, passphrase: str | None, table: str) -> str:
    engine = make_engine(path, passphrase, read_only=True)
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(f"SELECT * FROM {table} ORDER BY id")).all()
    finally:
        engine.dispose()
    return hashlib.sha256(repr(rows).encode("utf-8")).hexdigest()


IMPORT_CHILD = """
    import os, sys
    from pathlib import Path
    from workbench.core.store import ReviewStore
    from workbench.importers.pipeline import commit_import, prepare_import

    review, source = Path(sys.argv[1]), Path(sys.argv[2])
    store = ReviewStore.open(review, passphrase=os.environ.get("WORKBENCH_PASSPHRASE"))
    prepared = prepare_import(store, source, "Police")
    print("prepared", prepared.counts["imported"], flush=True)
    wal = Path(str(review) + "-wal")

    def progress(done, total):
        print("written", done, total, wal.stat().st_size if wal.exists() else 0, flush=True)

    commit_import(store, prepared, progress=progress)
    print("committed", flush=True)
    store.close()
"""


@pytest.mark.slow
@pytest.mark.parametrize("passphrase", [PASS, None], ids=["encrypted", "plain"])
def test_sigkill_in_the_middle_of_a_50000_row_import(
    tmp_path: Path, passphrase: str | None
) -> None:
    review = tmp_path / "review.cwr"
    store = ReviewStore.create(review, title="Crash test", passphrase=passphrase)
    with store.transaction() as s:
        from workbench.core.model import Agency

        agency = Agency(name="Health", short_name="HLT")
        s.add(agency)
        s.flush()
        s.add(Event(agency_id=agency.id, date_text="2015", text="An earlier event"))
    store.close()
    events_before = _table_digest(review, passphrase, "event")
    source = _big_csv(tmp_path / "police.csv")

    child = _spawn(IMPORT_CHILD, passphrase, str(review), str(source))
    assert _wait_for(child, "prepared") == f"prepared {ROWS}"
    # Kill it once the open transaction has reached the write-ahead log.
    while True:
        _, done, total, wal_size = _wait_for(child, "written").split()
        if int(wal_size) > 0:
            break
    _kill(child)
    assert int(done) < int(total)  # killed with rows still to write
    assert review.with_name(review.name + ".lock").exists()  # left behind by the dead process

    with ReviewStore.open(review, passphrase=passphrase) as after:  # the dead lock is ignored
        assert sql_integrity_check(after) == "ok"
        with after.session() as s:
            assert s.scalar(select(func.count()).select_from(SourceFile)) == 0
            assert s.scalar(select(func.count()).select_from(Event)) == 1
            assert (
                s.scalar(
                    select(func.count())
                    .select_from(AuditEntry)
                    .where(AuditEntry.action == "import")
                )
                == 0
            )
    assert _table_digest(review, passphrase, "event") == events_before
    # The snapshot taken before the import is intact too.
    from workbench.core.backups import list_snapshots
    from workbench.core.crypto import verify_review

    [snap] = list_snapshots(review)
    assert snap.reason == "before-import"
    assert verify_review(snap.path, passphrase)["event"] == 1


EXPORT_CHILD = """
    import sys
    from pathlib import Path
    from openpyxl import Workbook
    from sqlalchemy import select
    from workbench.core.model import Event
    from workbench.core.store import ReviewStore
    from workbench.export.document import assemble

    review, out = Path(sys.argv[1]), Path(sys.argv[2])
    store = ReviewStore.open(review)
    # The export reads the review inside a transaction that also records what was
    # exported; the transaction is still open when the process is killed.
    with store.transaction(audit_label="Export the chronology") as session:
        for round_ in range(1000):
            document = assemble(session, timeline=False)
            book = Workbook(write_only=True)
            sheet = book.create_sheet("Chronology")
            for _ in range(20):
                for row in document.chronology:
                    sheet.append([row.date_text, row.agency, row.text, row.outcome])
            book.save(out)
            for ev in session.scalars(select(Event)):
                ev.outcome = f"exported in round {round_}"
            session.flush()
            print("round", round_, flush=True)
"""


@pytest.mark.slow
def test_sigkill_in_the_middle_of_an_export(demo_copy: Path, tmp_path: Path) -> None:
    events_before = _table_digest(demo_copy, None, "event")
    audit_before = _table_digest(demo_copy, None, "audit_entry")
    child = _spawn(EXPORT_CHILD, None, str(demo_copy), str(tmp_path / "chronology.xlsx"))
    _wait_for(child, "round 1")
    _kill(child)
    with ReviewStore.open(demo_copy) as after:
        assert sql_integrity_check(after) == "ok"
        with after.session() as s:
            outcomes = list(s.scalars(select(Event.outcome)))
    assert not any(o.startswith("exported in round") for o in outcomes)
    assert _table_digest(demo_copy, None, "event") == events_before
    assert _table_digest(demo_copy, None, "audit_entry") == audit_before


@pytest.mark.parametrize("passphrase", [PASS, None], ids=["encrypted", "plain"])
def test_durable_settings(tmp_path: Path, passphrase: str | None) -> None:
    """WAL with synchronous=FULL: an edit is on disk when the call returns."""
    with (
        ReviewStore.create(tmp_path / "r.cwr", title="T", passphrase=passphrase) as store,
        store.session() as s,
    ):
        assert s.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert s.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert s.execute(text("PRAGMA foreign_keys")).scalar() == 1
