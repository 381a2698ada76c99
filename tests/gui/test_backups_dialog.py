"""The snapshots dialog: list, take, restore with confirmation (and a passphrase if needed)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from workbench.core.backups import list_snapshots, snapshot
from workbench.core.model import Agency, Event
from workbench.core.store import ReviewStore
from workbench.gui.backups_dialog import BackupsDialog, SnapshotModel
from workbench.gui.context import ReviewContext

PASS = "dialog test passphrase"


def _add(store: ReviewStore, text: str) -> None:
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


def _texts(path: Path, passphrase: str | None = None) -> list[str]:
    with (
        ReviewStore.open(path, passphrase=passphrase, read_only=True) as store,
        store.session() as s,
    ):
        return list(s.scalars(select(Event.text).order_by(Event.id)))


def test_snapshot_model(tmp_path: Path, qapp: object, qtmodeltester: object) -> None:
    store = ReviewStore.create(tmp_path / "r.cwr", title="T")
    try:
        snapshot(store, "before-import")
        snapshot(store, "on-close")
    finally:
        store.close()
    model = SnapshotModel(tmp_path / "r.cwr")
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    assert model.rowCount() == 2
    assert model.index(0, 1).data() == "on close"
    assert model.index(1, 1).data() == "before import"
    assert model.index(0, 3).data() == "no"
    assert model.index(0, 2).data().endswith("KB")


def test_restore_the_open_review(tmp_path: Path, qtbot: object) -> None:
    review = tmp_path / "r.cwr"
    ctx = ReviewContext(ReviewStore.create(review, title="T", passphrase=PASS))
    _add(ctx.store, "Good")
    dialog = BackupsDialog(ctx)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.model.rowCount() == 0 and not dialog.restore_button.isEnabled()
    assert dialog.take_snapshot() is not None
    assert dialog.model.rowCount() == 1
    _add(ctx.store, "Mistake")

    questions: list[str] = []
    dialog.confirm = lambda text: questions.append(text) or False  # type: ignore[method-assign]
    dialog.select_row(0)
    assert dialog.restore_button.isEnabled()
    assert dialog.restore_selected() is False  # cancelled: nothing happens
    assert "kept as a snapshot" in questions[0]
    assert _texts(review, PASS) == ["Good", "Mistake"]

    dialog.confirm = lambda text: True  # type: ignore[method-assign]
    with qtbot.waitSignal(dialog.restored) as signal:  # type: ignore[attr-defined]
        assert dialog.restore_selected() is True
    path, kept = signal.args
    assert Path(path) == review and Path(kept).name.endswith("_before-restore.cwr")
    assert _texts(review, PASS) == ["Good"]
    assert _texts(Path(kept), PASS) == ["Good", "Mistake"]


def test_restore_a_closed_review_asks_for_the_passphrase(tmp_path: Path, qtbot: object) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T", passphrase=PASS)
    _add(store, "Snapshot state")
    snapshot(store, "on-close")
    _add(store, "Later")
    store.close()
    dialog = BackupsDialog(review)
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    assert dialog.take_button.isHidden()
    dialog.confirm = lambda text: True  # type: ignore[method-assign]
    prompts: list[str] = []
    answers = iter(["wrong one", PASS])

    def ask(text: str) -> str | None:
        prompts.append(text)
        return next(answers)

    dialog.ask_passphrase = ask  # type: ignore[method-assign]
    dialog.select_row(0)
    assert dialog.restore_selected() is True
    assert prompts == [
        "This snapshot is encrypted. Its passphrase:",
        "That passphrase is wrong. Try again:",
    ]
    assert _texts(review, PASS) == ["Snapshot state"]
    assert {s.reason for s in list_snapshots(review)} == {"on-close", "before-restore"}


def test_restore_given_up_leaves_everything(tmp_path: Path, qtbot: object) -> None:
    review = tmp_path / "r.cwr"
    store = ReviewStore.create(review, title="T", passphrase=PASS)
    _add(store, "State")
    snapshot(store, "on-close")
    store.close()
    before = review.read_bytes()
    dialog = BackupsDialog(str(review))
    qtbot.addWidget(dialog)  # type: ignore[attr-defined]
    dialog.confirm = lambda text: True  # type: ignore[method-assign]
    dialog.ask_passphrase = lambda text: None  # type: ignore[method-assign]
    dialog.select_row(0)
    assert dialog.restore_selected() is False
    assert review.read_bytes() == before
    assert len(list_snapshots(review)) == 1


@pytest.mark.parametrize("read_only", [True, False])
def test_take_button_follows_read_only(tmp_path: Path, qtbot: object, read_only: bool) -> None:
    review = tmp_path / "r.cwr"
    ReviewStore.create(review, title="T").close()
    ctx = ReviewContext(ReviewStore.open(review, read_only=read_only))
    try:
        dialog = BackupsDialog(ctx)
        qtbot.addWidget(dialog)  # type: ignore[attr-defined]
        assert dialog.take_button.isEnabled() is (not read_only)
    finally:
        ctx.close()
