"""Long work off the GUI thread.

A service call runs on Qt's thread pool; its plain ``progress(stage, done, total)`` callback is
turned into a signal by a small QObject, and its result (or exception) comes back to the GUI
thread as a signal too. Call sites read as one line::

    run_task(self, lambda progress: import_returns(db, path, ..., progress=progress),
             on_done=self.show_report, on_progress=self.bar.update)

Cancelling makes the next progress callback raise :class:`Cancelled` inside the worker, so the
service rolls its transaction back: a cancelled import changes nothing.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from shiboken6 import isValid

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, int, int], None]
T = TypeVar("T")  # what a task's function returns, handed to its on_done


class Cancelled(Exception):
    """The user pressed Cancel."""

    def __str__(self) -> str:
        return "cancelled: nothing was changed"


class TaskSignals(QObject):
    """Lives in the GUI thread. The worker emits the private signals; they arrive here queued
    (the receiver lives in the GUI thread) and are re-emitted as the public ones."""

    progress = Signal(str, int, int)
    finished = Signal(object)  # the function's result
    failed = Signal(object)  # the exception
    done = Signal()  # after finished or failed

    _progress = Signal(str, int, int)
    _finished = Signal(object)
    _failed = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._progress.connect(self._on_progress)
        self._finished.connect(self._on_finished)
        self._failed.connect(self._on_failed)

    @Slot(str, int, int)
    def _on_progress(self, stage: str, done: int, total: int) -> None:
        self.progress.emit(stage, done, total)

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self.finished.emit(result)
        self.done.emit()

    @Slot(object)
    def _on_failed(self, exc: object) -> None:
        self.failed.emit(exc)
        self.done.emit()


class Task(QRunnable):
    """One function run on the thread pool. Keep the ``signals`` object to listen."""

    _running: set[Task] = set()  # keeps Python objects alive until their signals are delivered

    def __init__(
        self,
        fn: Callable[[ProgressFn], object],
        *,
        min_interval: float = 0.05,
        commit_stages: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self._point_of_no_return = threading.Event()
        self._min_interval = min_interval
        self._last_emit = 0.0
        self._last_stage = ""
        self._commit_stages = commit_stages

    # called from the worker ------------------------------------------------------------------
    def progress(self, stage: str, done: int, total: int) -> None:
        if stage in self._commit_stages:
            self._point_of_no_return.set()  # the service is writing: too late to cancel
        if self._cancel.is_set() and not self._point_of_no_return.is_set():
            raise Cancelled()
        now = time.monotonic()
        due = now - self._last_emit >= self._min_interval
        if stage != self._last_stage or done >= total or due:
            self._last_emit = now
            self._last_stage = stage
            self.signals._progress.emit(stage, done, total)

    def no_more_cancelling(self) -> None:
        """From here on the work is being committed: Cancel no longer stops it."""
        self._point_of_no_return.set()

    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except BaseException as exc:  # handed to the GUI thread, shown as a message there
            if not isinstance(exc, Cancelled):
                log.debug("background task failed", exc_info=exc)
            self.signals._failed.emit(exc)
        else:
            self.signals._finished.emit(result)

    # called from the GUI thread -------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def cancellable(self) -> bool:
        return not self._point_of_no_return.is_set()


def run_task(
    fn: Callable[[ProgressFn], T],
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
    *,
    receiver: QObject | None = None,
    commit_stages: frozenset[str] = frozenset(),
) -> Task:
    """Start ``fn(progress)`` on the thread pool; call back on the GUI thread.

    With ``receiver`` (usually the widget asking), the callbacks are skipped once that widget
    has been deleted — a window closed while its data was loading. From a stage named in
    ``commit_stages`` on, the service is committing and Cancel no longer stops it.
    """
    task = Task(fn, commit_stages=commit_stages)  # the result comes back as ``fn`` made it
    sig = task.signals

    def alive() -> bool:
        return receiver is None or isValid(receiver)

    if on_done is not None:
        done_cb = on_done
        sig.finished.connect(lambda result: done_cb(result) if alive() else None)
    if on_error is not None:
        error_cb = on_error
        sig.failed.connect(lambda exc: error_cb(exc) if alive() else None)
    else:
        sig.failed.connect(lambda exc: log.error("background task failed: %s", exc))
    if on_progress is not None:
        progress_cb = on_progress
        sig.progress.connect(lambda *a: progress_cb(*a) if alive() else None)
    Task._running.add(task)
    sig.done.connect(lambda: Task._running.discard(task))
    QThreadPool.globalInstance().start(task)
    return task


def wait_for_tasks(timeout_ms: int = 30000) -> bool:
    """Wait until the pool is idle (used when closing the app and by tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
