"""Two instances: a review open in one process is detected by another, which can open it
read-only (or give up) but not for editing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import select

from workbench.cli import main
from workbench.core.backups import restore, snapshot
from workbench.core.errors import ReadOnlyError, ReviewLockedError
from workbench.core.model import Agency
from workbench.core.store import ReviewStore

ROOT = Path(__file__).resolve().parents[2]
PASS = "two instances passphrase"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")


def _run(script: str, *args: str, user: str = "Second Reviewer") -> subprocess.Popen[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["WORKBENCH_USER"] = user
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


SECOND_OPENER = """
    import json, sys
    from workbench.core.errors import ReadOnlyError, ReviewLockedError
    from workbench.core.store import ReviewStore

    path, passphrase = sys.argv[1], sys.argv[2] or None
    result = {}
    try:
        ReviewStore.open(path, passphrase=passphrase).close()
        result["opened_for_editing"] = True
    except ReviewLockedError as exc:
        result["locked"] = str(exc)
        result["holder"] = exc.holder
        with ReviewStore.open(path, passphrase=passphrase, read_only=True) as ro:
            with ro.session() as s:
                result["title"] = ro.review(s).title
            try:
                with ro.transaction() as s:
                    ro.review(s).title = "Changed by the second instance"
            except ReadOnlyError as exc2:
                result["write_refused"] = str(exc2)
    print(json.dumps(result))
"""


@pytest.mark.parametrize("passphrase", [None, PASS], ids=["plain", "encrypted"])
def test_second_process_is_told_and_can_open_read_only(
    tmp_path: Path, passphrase: str | None
) -> None:
    review = tmp_path / "r.cwr"
    holder = ReviewStore.create(review, title="Case K", passphrase=passphrase)
    try:
        child = _run(SECOND_OPENER, str(review), passphrase or "")
        out, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
        result = json.loads(out)
        assert "opened_for_editing" not in result
        assert "already open" in result["locked"]
        assert "Test Reviewer" in result["holder"]  # who has it open, and where
        assert result["title"] == "Case K"
        assert "read-only" in result["write_refused"]
        with holder.session() as s:
            assert holder.review(s).title == "Case K"
    finally:
        holder.close()
    # Once the first instance has closed the review, the second may edit it.
    child = _run(SECOND_OPENER, str(review), passphrase or "")
    out, err = child.communicate(timeout=60)
    assert json.loads(out) == {"opened_for_editing": True}, err


HOLDER = """
    import sys
    from workbench.core.model import Agency
    from workbench.core.store import ReviewStore

    store = ReviewStore.open(sys.argv[1])
    with store.transaction() as s:
        s.add(Agency(name="Added by the first instance", short_name="FIRST"))
    print("ready", flush=True)
    sys.stdin.readline()
    store.close()
    print("closed", flush=True)
"""


def test_first_instance_in_another_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = tmp_path / "r.cwr"
    ReviewStore.create(review, title="Case L").close()
    with ReviewStore.open(review) as s:
        good = snapshot(s, "good")
    child = _run(HOLDER, str(review), user="Alex Morgan")
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        with pytest.raises(ReviewLockedError, match="Alex Morgan"):
            ReviewStore.open(review)
        with ReviewStore.open(review, read_only=True) as ro, ro.session() as s:
            # The reader sees what the first instance has saved.
            names = list(s.scalars(select(Agency.name)))
            assert names == ["Added by the first instance"]
            with pytest.raises(ReadOnlyError), ro.transaction():
                pass
        # Headless commands: reading is allowed, changing is refused with one clear line.
        assert main(["info", str(review)]) == 0
        assert "Case L" in capsys.readouterr().out
        source = tmp_path / "p.csv"
        source.write_text("Date,Event\n22/05/2016,Visit\n")
        assert main(["import", str(review), str(source), "--agency", "Police"]) == 1
        err = capsys.readouterr().err
        assert "already open" in err and "Alex Morgan" in err and err.count("\n") == 1
        # Nor may a snapshot be restored under the first instance's feet.
        with pytest.raises(ReviewLockedError):
            restore(review, good)
        assert child.stdin is not None
        child.stdin.write("\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "closed"
    finally:
        child.communicate(timeout=30)
    with ReviewStore.open(review) as again, again.session() as s:
        assert list(s.scalars(select(Agency.name))) == ["Added by the first instance"]


def test_lock_of_a_killed_instance_does_not_block(tmp_path: Path) -> None:
    review = tmp_path / "r.cwr"
    ReviewStore.create(review, title="Case M").close()
    child = _run(HOLDER, str(review))
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    with pytest.raises(ReviewLockedError):
        ReviewStore.open(review)
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)
    assert review.with_name("r.cwr.lock").exists()
    with ReviewStore.open(review) as again, again.session() as s:
        assert list(s.scalars(select(Agency.name))) == ["Added by the first instance"]
