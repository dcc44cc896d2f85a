"""Helpers for bulk work on tens of thousands of rows: pausing the garbage collector, and running
a step (reading the file) on a thread while another (loading the learners) goes on.

* While a big file is read and interpreted, hundreds of thousands of lists, tuples and records
  are alive at once. None of them forms a reference cycle, but the cyclic garbage collector
  still walks all of them again and again as they are created: on a 60,000-row import that
  costs as much as the work itself. :func:`paused_gc` pauses it (nested and from several
  threads at once: the first to enter pauses it, the last to leave restores it).
* python-calamine parses a workbook without holding the GIL, so reading the file on a thread
  while the main thread loads and indexes the learners makes the two overlap (:class:`Background`).
* Freeing what an import held (a tenth of a second on 60,000 rows) can overlap the commit, when
  the database writes without the GIL: :func:`drop_in_slices` on a thread.
* Work that holds the GIL (reading and matching tens of thousands of rows) cannot overlap on
  threads: :class:`Forked` does a part of it in a copy of the process, on another core.
"""

from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any, BinaryIO, Generic, TypeVar

__all__ = ["Background", "Forked", "drop_in_slices", "paused_gc"]

T = TypeVar("T")

_lock = threading.Lock()
_depth = 0
_restore = False


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (reference counting still frees memory).

    Only for work that makes no reference cycles. Safe to nest and to use from several threads:
    the collector is re-enabled when the last block ends, and only if it was enabled before the
    first began.
    """
    global _depth, _restore
    with _lock:
        if _depth == 0:
            _restore = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _restore:
                gc.enable()


class Background(Generic[T]):
    """``fn(*args)`` started on a daemon thread; :meth:`result` waits for it and returns its value
    or raises what it raised (any ``BaseException``, e.g. a GUI's "cancelled" raised from a
    progress callback)."""

    def __init__(self, fn: Callable[..., T], *args: object, name: str = "consent-desk-reader"):
        self._value: T | None = None
        self._error: BaseException | None = None

        def run() -> None:
            try:
                self._value = fn(*args)
            except BaseException as err:  # handed to the caller of result()
                self._error = err

        self._thread = threading.Thread(target=run, name=name, daemon=True)
        self._thread.start()

    def result(self) -> T:
        """The value (once only: the reference is dropped so that big results can be freed)."""
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        value, self._value = self._value, None
        return value  # type: ignore[return-value]

    def running(self) -> bool:
        """Whether the thread is still at work."""
        return self._thread.is_alive()

    def wait(self) -> None:
        """Wait for the thread to end, ignoring its outcome (when the caller has failed anyway)."""
        self._thread.join()


_SLICE = 2000  # entries freed at a time: about a millisecond


def drop_in_slices(objects: list[Any]) -> None:
    """Empty ``objects`` and free what only they hold (lists, dicts, sets, and the attributes of
    other objects), a slice of entries at a time.

    Emptying a container is one call into C that holds the GIL until every entry is freed: on a
    thread it would keep the main thread waiting the whole time (even for a database commit,
    which needs the GIL for a moment before it writes without it). Between two slices the
    interpreter hands the GIL to a thread that asks for it, so the main thread goes on at once
    and the freeing runs while it waits for the database."""
    while objects:
        obj = objects.pop()
        if isinstance(obj, list):
            while obj:
                del obj[-_SLICE:]
        elif isinstance(obj, dict):
            while obj:
                for _ in range(min(_SLICE, len(obj))):
                    obj.popitem()
        elif isinstance(obj, set):
            while obj:
                for _ in range(min(_SLICE, len(obj))):
                    obj.pop()
        elif hasattr(obj, "__dict__"):
            fields = vars(obj)
            objects += fields.values()
            fields.clear()
        del obj


class Forked:
    """``fn()``, which returns bytes, computed in a copy of this process (``os.fork``), which has
    everything the process has at that moment and runs on another core while this one goes on.

    For a command-line process on Linux only, with no other thread: a copy of a process keeps
    only the thread that made it (a lock another thread held stays locked in the copy), a GUI
    has threads of its own, and on macOS the system's libraries are not safe to use in a copy.
    :meth:`possible` says whether this is such a process; the caller decides whether it is one
    that may. The copy writes nothing but its result (to a file in memory: children's names and
    parents' e-mails never reach a disk), touches no database connection and ends with
    ``os._exit``: no clean-up of what it shares with this process runs in it. If it cannot be
    made or fails in any way, :meth:`result` gives None and the caller does the work itself."""

    @staticmethod
    def possible() -> bool:
        return (
            sys.platform.startswith("linux")
            and threading.active_count() == 1
            # a process started with SIGCHLD ignored cannot wait for its copy (its exit is lost)
            and signal.getsignal(signal.SIGCHLD) is not signal.SIG_IGN
        )

    def __init__(self, fn: Callable[[], bytes]) -> None:
        self._pid: int | None = None
        self._out: BinaryIO | None = None
        try:
            # a file rather than a pipe, which would stop the copy when full
            self._out = os.fdopen(os.memfd_create("consent-desk", os.MFD_CLOEXEC), "w+b")
            pid = os.fork()
        except OSError:  # (no memory, files or processes to spare): the caller does the work
            self._close_out()
            return
        if pid == 0:  # the copy
            code = 1
            try:
                data = memoryview(fn())
                fd = self._out.fileno()
                while data:
                    data = data[os.write(fd, data) :]
                code = 0
            except BaseException:  # whatever failed, the caller does the work
                pass
            finally:
                os._exit(code)
        self._pid = pid

    def result(self) -> bytes | None:
        """Wait for the copy: what ``fn`` returned, or None if it failed."""
        if self._pid is None or self._out is None:
            return None
        try:
            _, status = os.waitpid(self._pid, 0)
        except ChildProcessError:  # reaped by someone else: its outcome is unknown
            self._pid = None
            self._close_out()
            return None
        self._pid = None  # (only once waited for: interrupted, close() still stops it)
        try:
            if os.waitstatus_to_exitcode(status) != 0:
                return None
            self._out.seek(0)
            return self._out.read()
        finally:
            self._close_out()

    def close(self) -> None:
        """Stop the copy if it is still at work (the caller failed or was stopped)."""
        pid, self._pid = self._pid, None
        if pid is not None:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            with suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self._close_out()

    def _close_out(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
