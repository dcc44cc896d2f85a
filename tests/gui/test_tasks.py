"""Background tasks: results, errors and progress come back to the GUI thread; Cancel."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from consent_desk.gui.errors import describe_error
from consent_desk.gui.tasks import Cancelled, run_task
from consent_desk.importing.records import ImportFileError
from consent_desk.services.errors import Conflict


def test_result_and_progress_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    gui = QApplication.instance().thread()  # type: ignore[union-attr]
    seen: list[tuple[str, int, int, bool]] = []
    worker: list[Any] = []

    def work(progress: Any) -> int:
        worker.append(QThread.currentThread())
        for i in range(3):
            progress("Counting", i, 2)
        return 42

    results: list[int] = []
    task = run_task(
        work,
        results.append,
        on_progress=lambda s, d, t: seen.append((s, d, t, QThread.currentThread() is gui)),
    )
    with qtbot.waitSignal(task.signals.done, timeout=5000):
        pass
    assert results == [42]
    assert worker[0] is not gui
    assert seen and all(on_gui for *_, on_gui in seen)
    assert seen[-1][:3] == ("Counting", 2, 2)


def test_errors_come_back_as_messages(qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def fail(_: Any) -> None:
        raise ImportFileError("returns.xlsx: no header row found: put the headings in one row")

    task = run_task(fail, on_error=errors.append)
    with qtbot.waitSignal(task.signals.done, timeout=5000):
        pass
    assert describe_error(errors[0]) == (
        "returns.xlsx: no header row found: put the headings in one row."
    )
    assert describe_error(Conflict("someone else changed it")).startswith("Someone else")


def test_cancel_stops_at_the_next_progress_call_but_not_while_committing(qtbot: QtBot) -> None:
    go = threading.Event()
    outcome: list[object] = []

    def work(progress: Any) -> str:
        go.wait(5)
        progress("Reading", 1, 10)
        return "finished"

    task = run_task(work, outcome.append, outcome.append)
    task.cancel()
    go.set()
    with qtbot.waitSignal(task.signals.done, timeout=5000):
        pass
    assert isinstance(outcome[0], Cancelled)

    go2 = threading.Event()
    outcome.clear()

    def committing(progress: Any) -> str:
        go2.wait(5)
        progress("Saving", 0, 10)  # from here the service is writing
        progress("Saving", 10, 10)
        return "saved"

    task = run_task(committing, outcome.append, outcome.append, commit_stages=frozenset({"Saving"}))
    task.cancel()
    go2.set()
    with qtbot.waitSignal(task.signals.done, timeout=5000):
        pass
    assert outcome == ["saved"]
