"""``consent-desk self-check``: prove this copy of Consent Desk works, on throwaway data.

For the person who installs it (and for CI, on the frozen build): every step goes through the
same code as real use — migrations, the import services, the restriction list, the sheet PDF,
the main window — on a new SQLite database in a temporary folder that is deleted afterwards.
The user's own database, settings and data folder are never opened.

One line per step; exit 0 when every step passed, else 1 with one line saying which step failed
and why (``--traceback`` adds the details).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from consent_desk import APP_NAME, __version__
from consent_desk.cli.common import Subcommands

if TYPE_CHECKING:
    from consent_desk.db.engine import Database

TRUST = "Self-check Trust"
USER = "self-check"
SAMPLES = "resources/samples"
WINDOW_TIMEOUT_S = 60.0


class CheckFailed(Exception):
    """A step found something wrong (the message says what)."""


def register(sub: Subcommands) -> None:
    p = sub.add_parser(
        "self-check",
        help="check this copy works: a throwaway database, a sample import, a sheet, the window",
        description="Checks this copy of Consent Desk end to end on a throwaway database in a "
        "temporary folder (your own data is never opened): migrations, importing a sample "
        "learner list and returns, the restriction list, a restricted-learner sheet, the "
        "PostgreSQL driver, and the main window (drawn off-screen). Exits 0 when all pass.",
    )
    p.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary folder (database, sheet) and say where it is",
    )
    p.add_argument(
        "--traceback", action="store_true", help="print the full error when a step fails"
    )
    p.add_argument(
        "--window-only",
        action="store_true",
        help="only start Qt and show the main window, then exit (times start-up)",
    )
    p.set_defaults(handler=cmd_self_check)


# --- the steps' shared state -----------------------------------------------------------------


@dataclass
class Context:
    folder: Path
    samples: Path | None = None
    plan: dict[str, Any] = field(default_factory=dict)
    academy: str = ""
    year: str = ""
    db: Database | None = None

    @property
    def database(self) -> Database:
        assert self.db is not None, "the database step did not run"
        return self.db


Step = Callable[[Context], str]


def cmd_self_check(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    print(f"{APP_NAME} {__version__} self-check ({_where()})", flush=True)
    if getattr(args, "database", None):
        print("  (--database is ignored: the self-check uses a throwaway database)")
    steps: list[tuple[str, Step]]
    if args.window_only:
        steps = [("main window", step_window_only)]
    else:
        steps = [
            ("bundled files", step_files),
            ("database", step_database),
            ("trust and academy", step_academy),
            ("learner list", step_learners),
            ("returns", step_returns),
            ("restriction list", step_restrictions),
            ("restricted-learner sheet", step_sheet),
            ("PostgreSQL driver", step_postgres_driver),
            ("main window", step_window),
        ]
    with _throwaway_folder(keep=args.keep) as folder:
        ctx = Context(folder=folder)
        try:
            for name, step in steps:
                t0 = time.perf_counter()
                try:
                    detail = step(ctx)
                except Exception as exc:
                    if args.traceback:
                        traceback.print_exc()
                    print(f"FAILED {name}: {_one_line(exc)}", flush=True)
                    print(f"self-check failed at step '{name}'", file=sys.stderr, flush=True)
                    return 1
                print(f"ok     {name}: {detail} ({time.perf_counter() - t0:.2f} s)", flush=True)
        finally:
            if ctx.db is not None:
                ctx.db.dispose()
    print(f"self-check passed in {time.perf_counter() - started:.1f} s", flush=True)
    return 0


def _where() -> str:
    from consent_desk.paths import is_frozen

    kind = "installed app" if is_frozen() else "from source"
    return f"{kind}, Python {sys.version.split()[0]}, {sys.platform}"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if isinstance(exc, CheckFailed):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@contextmanager
def _throwaway_folder(*, keep: bool) -> Iterator[Path]:
    """A temporary folder that is also the data folder while the check runs, so nothing the
    app writes (backups, settings, sample databases) can land in the user's own."""
    folder = Path(tempfile.mkdtemp(prefix="consent-desk-self-check-"))
    saved = {k: os.environ.get(k) for k in ("CONSENT_DESK_DATA_DIR", "CONSENT_DESK_DATABASE")}
    os.environ["CONSENT_DESK_DATA_DIR"] = str(folder / "data")
    os.environ.pop("CONSENT_DESK_DATABASE", None)
    try:
        yield folder
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if keep:
            print(f"  kept {folder}", flush=True)
        else:
            import gc

            gc.collect()  # the window's settings are written when it is collected: before this
            shutil.rmtree(folder, ignore_errors=True)


# --- the steps ------------------------------------------------------------------------------


def step_files(ctx: Context) -> str:
    """The sample files, fonts, icons and migrations are where the app will look for them."""
    from consent_desk.migrations import HERE as MIGRATIONS
    from consent_desk.paths import resource_path

    ctx.samples = resource_path(SAMPLES)
    ctx.plan = json.loads((ctx.samples / "expected.json").read_text(encoding="utf-8"))
    ctx.year = str(ctx.plan["year"])
    # The academy with the fewest learners: the quickest complete check.
    ctx.academy = min(
        ctx.plan["academies"], key=lambda code: len(ctx.plan["academies"][code]["learners"])
    )
    for f in ctx.plan["files"]:
        if f["academy"] == ctx.academy:
            resource_path(f"{SAMPLES}/{f['file']}")
    fonts = sorted(resource_path("consent_desk/resources/fonts").glob("*.ttf"))
    if not fonts:
        raise CheckFailed("no fonts in consent_desk/resources/fonts")
    resource_path("consent_desk/resources/icons/consent-desk.svg")
    resource_path("consent_desk/resources/guide/guide.html")
    versions = sorted((MIGRATIONS / "versions").glob("*.py"))
    if not (MIGRATIONS / "env.py").is_file() or not versions:
        raise CheckFailed(f"the database migrations are missing from {MIGRATIONS}")
    return (
        f"samples, {len(fonts)} fonts, icons, the guide and {len(versions)} migrations "
        f"in {ctx.samples.parent.parent}"
    )


def step_database(ctx: Context) -> str:
    """A new SQLite database, created by the migrations as a real first start would."""
    from consent_desk.db.engine import Database
    from consent_desk.migrations import current_revision, head_revision
    from consent_desk.services.trust import init_trust

    ctx.db = Database(f"sqlite:///{ctx.folder / 'self-check.sqlite3'}")
    init_trust(ctx.db, TRUST, user=USER)
    current, head = current_revision(ctx.db.engine), head_revision()
    if current != head:
        raise CheckFailed(f"the schema is at revision {current}, not the latest ({head})")
    import sqlite3

    return f"new SQLite {sqlite3.sqlite_version} database migrated to revision {head}"


def step_academy(ctx: Context) -> str:
    from consent_desk.services.trust import add_academy

    info = ctx.plan["academies"][ctx.academy]
    added = add_academy(ctx.database, ctx.academy, info["name"], phase=info.get("phase"), user=USER)
    return f"{TRUST}, {added.code} {added.name}"


def _sample_file(ctx: Context, kind: str) -> tuple[Path, dict[str, Any]]:
    assert ctx.samples is not None
    for f in ctx.plan["files"]:
        if f["academy"] == ctx.academy and f["kind"] == kind:
            return ctx.samples / f["file"], f
    raise CheckFailed(f"expected.json names no {kind} file for {ctx.academy}")


def step_learners(ctx: Context) -> str:
    from consent_desk.services.learner_import import import_learners

    path, _ = _sample_file(ctx, "learners")
    report = import_learners(ctx.database, path, ctx.academy, user=USER)
    if report.errors:
        first = report.errors[0]
        raise CheckFailed(f"{path.name} row {first.get('row')}: {first.get('message')}")
    if not report.added:
        raise CheckFailed(f"{path.name}: no learner was added")
    return f"{path.name}: {report.added} learners added"


def step_returns(ctx: Context) -> str:
    from consent_desk.services.imports import import_returns

    path, spec = _sample_file(ctx, "returns")
    report = import_returns(ctx.database, path, ctx.academy, ctx.year, user=USER)
    if report.errors:
        first = report.errors[0]
        raise CheckFailed(f"{path.name} row {first.get('row')}: {first.get('message')}")
    review = sorted(int(r["row"]) for r in report.needs_review)
    want = sorted(spec.get("needs_review_rows", []))
    if review != want:
        raise CheckFailed(f"{path.name}: rows {review} wait for review, expected {want}")
    return (
        f"{path.name}: {report.imported} returns imported, "
        f"{len(review)} waiting for review as expected"
    )


def step_restrictions(ctx: Context) -> str:
    """Every learner's status and refused purposes, and the list itself, as expected.json says."""
    from consent_desk.services.consent import learner_statuses, restriction_list

    expected: dict[str, dict[str, Any]] = ctx.plan["academies"][ctx.academy]["learners"]
    rows = {r.upn or "": r for r in learner_statuses(ctx.database, ctx.academy, ctx.year)}
    if set(rows) != set(expected):
        missing, extra = set(expected) - set(rows), set(rows) - set(expected)
        raise CheckFailed(
            f"{len(missing)} learners missing and {len(extra)} unexpected "
            f"(e.g. {sorted(missing or extra)[0]})"
        )
    for upn, want in expected.items():
        got = rows[upn]
        if got.status.value != want["status"]:
            raise CheckFailed(f"{upn}: status {got.status}, expected {want['status']}")
        if sorted(got.refused) != sorted(want["refused"]):
            raise CheckFailed(
                f"{upn}: refused {sorted(got.refused)}, expected {sorted(want['refused'])}"
            )
        if "limitation" in want and bool(got.limitation) is not want["limitation"]:
            raise CheckFailed(
                f"{upn}: limitation {got.limitation!r}, expected "
                f"{'one' if want['limitation'] else 'none'}"
            )
    listed = {r.upn for r in restriction_list(ctx.database, ctx.academy, ctx.year)}
    should = {u for u, w in expected.items() if w["status"] != "no_restriction"}
    if listed != should:
        raise CheckFailed(f"the list has {len(listed)} learners, expected {len(should)}")
    return f"{len(listed)} of {len(rows)} learners restricted, each as expected"


def step_sheet(ctx: Context) -> str:
    """The restricted-learner sheet for the whole academy, read back with PDFium (which also
    prints it from the app)."""
    import pypdfium2

    from consent_desk.domain.sheets import SheetScope
    from consent_desk.services.documents import build_sheet

    target = ctx.folder / "restricted-learners.pdf"
    stats = build_sheet(ctx.database, ctx.academy, ctx.year, SheetScope("academy"), target)
    if not target.is_file() or target.read_bytes()[:5] != b"%PDF-":
        raise CheckFailed(f"{target.name} was not written as a PDF")
    pdf = pypdfium2.PdfDocument(str(target))
    try:
        pages = len(pdf)
        text = pdf[0].get_textpage().get_text_range() if pages else ""
    finally:
        pdf.close()
    if pages < 1 or pages != stats.pages:
        raise CheckFailed(f"{target.name} has {pages} pages, the builder said {stats.pages}")
    if "Confidential" not in text:
        raise CheckFailed(f"{target.name}: page 1 does not read as a restricted-learner sheet")
    return f"{pages} page(s), {stats.listed} learners listed, {target.stat().st_size:,} bytes"


def step_postgres_driver(ctx: Context) -> str:
    """psycopg 3 and its bundled libpq load (no server is contacted)."""
    import psycopg

    libpq = psycopg.pq.version()
    major, minor = libpq // 10000, libpq % 10000
    return f"psycopg {psycopg.__version__} ({psycopg.pq.__impl__}), libpq {major}.{minor}"


# --- the window -----------------------------------------------------------------------------


@contextmanager
def _qt_app() -> Iterator[Any]:
    """The QApplication, started on the off-screen platform, its settings kept in the
    throwaway folder (the window saves its geometry when it closes)."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    previous = _quiet_offscreen_warnings()
    settings_dir = Path(os.environ["CONSENT_DESK_DATA_DIR"]) / "settings"
    settings_dir.mkdir(parents=True, exist_ok=True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(settings_dir))
    from consent_desk.gui.app import configure_application

    configure_application(app)
    try:
        yield app
    finally:
        from PySide6.QtCore import qInstallMessageHandler

        qInstallMessageHandler(previous)


def _quiet_offscreen_warnings() -> Any:
    """The off-screen platform warns that it cannot do what only a real screen can; those
    lines would only alarm whoever reads the check's output. Every other message is shown."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(mode: QtMsgType, _context: Any, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        if mode != QtMsgType.QtDebugMsg:
            print(message, file=sys.stderr, flush=True)

    return qInstallMessageHandler(handler)


def step_window(ctx: Context) -> str:
    """The main window opens on the database, as the app starts it, loads the learners, closes."""
    with _qt_app():
        return _open_window(ctx)


def _open_window(ctx: Context) -> str:
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QMessageBox

    from consent_desk.gui.main_window import MainWindow

    window = MainWindow(ctx.database)
    loop = QEventLoop()
    problems: list[str] = []
    loaded: list[bool] = []

    def on_loaded() -> None:
        loaded.append(True)
        loop.quit()

    def on_failed(message: str) -> None:
        problems.append(f"the window could not open the database: {message}")
        loop.quit()

    def close_dialogs() -> None:  # a modal dialog would wait for a click for ever
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            return
        what = dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle()
        problems.append(f"a dialog appeared: {' '.join(str(what).split())}")
        dialog.close()
        loop.quit()

    window.learners_loaded.connect(on_loaded)
    window.start_failed.connect(on_failed)
    watchdog, deadline = QTimer(), QTimer()
    watchdog.timeout.connect(close_dialogs)
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    try:
        watchdog.start(100)
        deadline.start(int(WINDOW_TIMEOUT_S * 1000))
        window.start_after_first_paint()  # as the app does: open the database once painted
        window.show()
        if not (problems or loaded):
            loop.exec()
        rows = max(
            (
                v.model().rowCount()
                for v in window.findChildren(QAbstractItemView)
                if v.model() is not None
            ),
            default=0,
        )
        title = window.trust_label.text()  # (the title names the academy and year)
    finally:
        watchdog.stop()
        deadline.stop()
        window.close()
        _finish_qt_tasks()
        _delete(window)
    if problems:
        raise CheckFailed(problems[0])
    if not loaded:
        raise CheckFailed(f"the window did not load the learners within {WINDOW_TIMEOUT_S:.0f} s")
    if TRUST not in title:
        raise CheckFailed(f"the window shows '{title}', not the trust")
    if rows < 1:
        raise CheckFailed("the window's learner table is empty")
    return f"shown off-screen, {rows} learners in the table, closed"


def _delete(window: Any) -> None:
    from PySide6.QtCore import QCoreApplication, QEvent

    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def _finish_qt_tasks() -> None:
    try:
        from consent_desk.gui.tasks import wait_for_tasks
    except ImportError:  # pragma: no cover - the GUI's task module moved
        return
    wait_for_tasks(10000)


def step_window_only(ctx: Context) -> str:
    """Start Qt and show the main window until its first paint (no database is opened)."""
    with _qt_app():
        return _first_paint(ctx)


def _first_paint(ctx: Context) -> str:
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    from consent_desk.gui.main_window import MainWindow

    window = MainWindow(database_url=f"sqlite:///{ctx.folder / 'unused.sqlite3'}")
    loop = QEventLoop()
    painted: list[bool] = []

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(True)
                loop.quit()
            return False

    spy, deadline = FirstPaint(), QTimer()
    deadline.setSingleShot(True)
    deadline.timeout.connect(loop.quit)
    window.installEventFilter(spy)
    try:
        deadline.start(int(WINDOW_TIMEOUT_S * 1000))
        window.show()
        if not painted:
            loop.exec()
    finally:
        deadline.stop()
        window.removeEventFilter(spy)
        window.close()
        _delete(window)
    if not painted:
        raise CheckFailed(f"the window was not drawn within {WINDOW_TIMEOUT_S:.0f} s")
    return "shown and drawn off-screen"
