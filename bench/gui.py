"""Screen responsiveness, offscreen.

* With 60,000 learners in the learners table (synthetic rows, no database): a filter keystroke
  (typing a name letter by letter, and deleting it again) and a sort by each column, each the
  median of several, including the table view's repaint. Targets: keystroke <= 50 ms,
  sort <= 100 ms.
* Cold start: a new process until the main window is first painted, on an initialised SQLite
  database with one academy and no learners, against a process that shows a bare QMainWindow,
  measured alternately in the same run (median of several), both loading cached bytecode as an
  installed app does (a warm-up run of each writes it). Target: ratio <= 2. The time until the
  window also shows its academy (database opened and migrated, learners read) is printed too.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

N = int(os.environ.get("BENCH_LEARNERS", "60000"))
STARTS = int(os.environ.get("BENCH_STARTS", "5"))

FIRST = [
    "Oliver",
    "Amelia",
    "Noah",
    "Isla",
    "Muhammad",
    "Ava",
    "Leo",
    "Ivy",
    "Arthur",
    "Freya",
    "Harry",
    "Lily",
    "Oscar",
    "Mia",
    "Theo",
    "Sophia",
    "Zoë",
    "Saanvi",
]
LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Kowalski",
    "Nowak",
    "Évora",
    "O'Neill",
    "Murphy",
    "Khan",
    "Ahmed",
    "Begum",
    "Adeyemi",
    "Byrne",
    "Patel",
]

# The child processes: each prints PAINTED when its main window is first painted.
_WATCH = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
class Watch(QObject):
    painted = False
    def eventFilter(self, obj, event):
        if (not self.painted and event.type() == QEvent.Type.Paint
                and isinstance(obj, QMainWindow)):
            self.painted = True
            print("PAINTED", flush=True)
            if QUIT_ON_PAINT:
                QTimer.singleShot(0, app.quit)
        return False
watch = Watch()
app.installEventFilter(watch)
"""
MINIMAL = (
    "QUIT_ON_PAINT = True\n"
    + _WATCH
    + """
w = QMainWindow()
w.setWindowTitle("minimal")
w.resize(1200, 760)
w.show()
app.exec()
"""
)
APP = (
    "QUIT_ON_PAINT = False\n"
    + _WATCH
    + """
from consent_desk.gui import main_window
start = main_window.MainWindow.start
def timed_start(self):
    def loaded():
        print("LOADED", flush=True)
        QTimer.singleShot(0, app.quit)
    self.learners_loaded.connect(loaded)
    start(self)
main_window.MainWindow.start = timed_start
from consent_desk.gui.app import run_app
sys.exit(run_app(sys.argv[1]))
"""
)


def synthetic_rows(n: int) -> list:
    from consent_desk.domain.listing import LearnerStatusRow
    from consent_desk.domain.purposes import PURPOSE_KEYS
    from consent_desk.domain.rules import Status

    rnd = random.Random(60000)
    statuses = list(Status)
    rows = []
    for i in range(n):
        year = rnd.choice(["R", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"])
        status = rnd.choice(statuses)
        refused = (
            tuple(p for p in PURPOSE_KEYS if rnd.random() < 0.3)
            if status is Status.RESTRICTED
            else ()
        )
        rows.append(
            LearnerStatusRow(
                learner_id=i + 1,
                academy_code="BIG",
                upn=f"A{100000000000 + i}",
                adno=str(i),
                surname=rnd.choice(LAST) + rnd.choice(["", "son", "-Lee", "ford"]),
                forename=rnd.choice(FIRST),
                legal_surname="L",
                legal_forename="F",
                dob=date(2010 + rnd.randrange(12), 1 + rnd.randrange(12), 1 + rnd.randrange(28)),
                year_group=year,
                reg_group=f"{year}{'ABCDEFGH'[i % 8]}",
                on_roll=True,
                status=status,
                refused=refused,
                unanswered=(),
                limitation="first name only" if rnd.random() < 0.05 else None,
                safeguarding=False,
                returns=0 if status is Status.NOT_RETURNED else 1,
                on_restriction_list=status is not Status.NO_RESTRICTION,
            )
        )
    return rows


def _ms(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def table_figures() -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from consent_desk.gui.learner_model import COLUMNS, prepare
    from consent_desk.gui.learners_tab import LearnersTab

    app = QApplication.instance() or QApplication(sys.argv[:1])
    rows = synthetic_rows(N)
    tab = LearnersTab()  # the window's learners tab: filter bar and table, as the office sees it
    model = tab.model
    tab.resize(1100, 700)
    tab.show()
    t0 = time.perf_counter()
    prepared = prepare(rows)
    t1 = time.perf_counter()
    tab.set_prepared(prepared)
    app.processEvents()
    t2 = time.perf_counter()
    print(
        f"load 60k rows: prepare (worker thread) {1000 * (t1 - t0):.0f} ms, "
        f"show in the table {1000 * (t2 - t1):.0f} ms"
    )

    def type_search(text: str) -> None:
        tab.search.setText(text)
        app.processEvents()

    def sort_by(column: int, order: Qt.SortOrder) -> None:
        tab.table.sortByColumn(column, order)
        app.processEvents()

    keystrokes: list[float] = []
    for word in ("kowalski", "adeyemi saanvi", "7c", "a1000001"):
        text = ""
        for ch in word:  # typing on: each keystroke narrows
            text += ch
            keystrokes += _ms(partial(type_search, text), 1)
        while text:  # deleting again: each keystroke widens
            text = text[:-1]
            keystrokes += _ms(partial(type_search, text), 1)

    def filter_status() -> None:
        model.set_filter(status=rows[0].status)
        app.processEvents()

    status = _ms(filter_status, 5)
    model.set_filter(status=None)
    sorts: list[float] = []
    for column in range(len(COLUMNS)):
        for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
            sorts += _ms(partial(sort_by, column, order), 1)
    print(
        f"filter keystroke: median {statistics.median(keystrokes):5.1f} ms, "
        f"worst {max(keystrokes):5.1f} ms over {len(keystrokes)} keystrokes "
        f"(target <= 50 ms)"
    )
    print(f"status filter:    median {statistics.median(status):5.1f} ms")
    print(
        f"sort:             median {statistics.median(sorts):5.1f} ms, "
        f"worst {max(sorts):5.1f} ms over {len(sorts)} sorts (target <= 100 ms)"
    )
    tab.close()


def _run(code: str, args: list[str], env: dict[str, str], marks: tuple[str, ...]) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    seen: dict[str, float] = {}
    assert proc.stdout is not None
    for line in proc.stdout:
        mark = line.strip()
        if mark in marks and mark not in seen:
            seen[mark] = (time.perf_counter() - t0) * 1000
    proc.wait(60)
    missing = set(marks) - set(seen)
    if missing:
        raise RuntimeError(f"the child process never printed {', '.join(sorted(missing))}")
    return seen


def startup_figures() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        from consent_desk.db.engine import Database
        from consent_desk.services.trust import add_academy, init_trust

        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        db = Database(url)
        init_trust(db, "Bench Trust")
        add_academy(db, "OAK", "Oakfield Primary Academy")
        db.dispose()
        env = dict(
            os.environ,
            QT_QPA_PLATFORM="offscreen",
            CONSENT_DESK_DATA_DIR=tmp,
            XDG_CONFIG_HOME=str(Path(tmp) / "config"),
        )
        env.pop("CONSENT_DESK_DATABASE", None)
        # As installed by pip: modules are loaded from cached bytecode, not compiled each time.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        _run(MINIMAL, [], env, ("PAINTED",))  # warm the disk cache for both
        _run(APP, [url], env, ("PAINTED", "LOADED"))
        minimal: list[float] = []
        painted: list[float] = []
        loaded: list[float] = []
        for _ in range(STARTS):
            minimal.append(_run(MINIMAL, [], env, ("PAINTED",))["PAINTED"])
            app = _run(APP, [url], env, ("PAINTED", "LOADED"))
            painted.append(app["PAINTED"])
            loaded.append(app["LOADED"])
    m, p, loaded_ms = (statistics.median(x) for x in (minimal, painted, loaded))
    fm, fp = min(minimal), min(painted)
    print(
        f"cold start, minimal PySide6 window painted: {m:6.0f} ms (median of {STARTS}; "
        f"fastest {fm:.0f} ms)"
    )
    print(
        f"cold start, Consent Desk window painted:    {p:6.0f} ms   ratio {p / m:.2f} "
        f"(target <= 2; fastest {fp:.0f} ms, ratio {fp / fm:.2f})"
    )
    print(
        f"cold start, academy and learners shown:     {loaded_ms:6.0f} ms   "
        f"ratio {loaded_ms / m:.2f}"
    )


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(f"== gui: learners table with {N:,} learners; start-up ==")
    table_figures()
    startup_figures()


if __name__ == "__main__":
    main()
