"""Shared fixtures: every test gets fresh review files in its own temporary folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

# Qt must never look for a display in tests (without one it would abort the process).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WORKBENCH_USER", "Test Reviewer")
os.environ.pop("WORKBENCH_PASSPHRASE", None)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Settings and the demo copy go to a temporary home, never the developer's."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))


@pytest.fixture
def store(tmp_path: Path):
    from workbench.core.store import ReviewStore

    s = ReviewStore.create(tmp_path / "review.cwr", title="Test review", review_type="cspr")
    yield s
    s.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Case Z demo, built once per test run (copy it before changing it)."""
    from workbench.demo import build_demo

    out = tmp_path_factory.mktemp("demo") / "case-z.cwr"
    build_demo(out)
    return out


@pytest.fixture
def demo_copy(demo_file: Path, tmp_path: Path) -> Path:
    import shutil

    dest = tmp_path / "case-z.cwr"
    shutil.copy2(demo_file, dest)
    return dest
