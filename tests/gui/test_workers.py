"""Work on worker threads: progress, result, failure and cancel arrive on the GUI thread."""

from __future__ import annotations

import threading
import time

import pytest

from workbench.gui.workers import Task, TaskRunner


def test_result_and_progress_arrive_on_the_gui_thread(qtbot) -> None:
    runner = TaskRunner()
    gui_thread = threading.get_ident()
    seen: list[tuple[int, str, int]] = []

    def work(task: Task) -> int:
        assert threading.get_ident() != gui_thread
        for i in range(3):
            task.report(i * 50, f"step {i}")
        return 42

    task = runner.start(work, "Counting")
    task.progress.connect(lambda p, m: seen.append((p, m, threading.get_ident())))
    with qtbot.waitSignal(task.succeeded, timeout=5_000) as blocker:
        pass
    assert blocker.args == [42]
    assert [(p, m) for p, m, _t in seen] == [(0, "step 0"), (50, "step 1"), (100, "step 2")]
    assert {t for _p, _m, t in seen} == {gui_thread}
    assert runner.shutdown(5_000)


def test_failure_is_reported_not_raised(qtbot) -> None:
    runner = TaskRunner()

    def work(_task: Task) -> None:
        raise ValueError("the file is not a chronology")

    task = runner.start(work, "Failing")
    with qtbot.waitSignal(task.failed, timeout=5_000) as blocker:
        pass
    assert isinstance(blocker.args[0], ValueError)
    assert "not a chronology" in str(blocker.args[0])


def test_cancel_stops_the_task(qtbot) -> None:
    runner = TaskRunner()
    started = threading.Event()
    steps: list[int] = []

    def work(task: Task) -> None:
        started.set()
        for i in range(1000):
            task.check()
            steps.append(i)
            time.sleep(0.005)

    task = runner.start(work, "Long")
    succeeded: list[object] = []
    task.succeeded.connect(succeeded.append)
    assert started.wait(5)
    with qtbot.waitSignal(task.cancelled, timeout=5_000):
        task.cancel()
    assert len(steps) < 1000
    qtbot.wait(50)
    assert succeeded == []


def test_the_window_shows_progress_and_cancels(qtbot, window) -> None:
    gate = threading.Event()

    def work(task: Task) -> None:
        task.report(30, "Reading the file")
        while not gate.wait(0.01):
            task.check()

    task = window.runner.start(work, "Importing")
    qtbot.waitUntil(lambda: window.progress_label.text() == "Reading the file", timeout=5_000)
    assert window.progress.isVisibleTo(window) and window.progress.value() == 30
    with qtbot.waitSignal(task.cancelled, timeout=5_000):
        window.cancel_button.click()
    qtbot.waitUntil(lambda: not window.progress.isVisibleTo(window), timeout=5_000)


@pytest.mark.parametrize("visible", [True, False])
def test_hidden_tasks_do_not_show_progress(qtbot, window, visible) -> None:
    task = window.runner.start(lambda t: time.sleep(0.2), "Quiet", visible=visible)
    qtbot.wait(50)
    assert window.progress.isVisibleTo(window) is visible
    with qtbot.waitSignal(task.finished, timeout=5_000):
        pass
