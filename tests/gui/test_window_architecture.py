"""Tests that hold the main window's architecture: it is built from parts that know the
context, not the window; opening it loads no database, spreadsheet or PDF library (the window
shows at once on a slow office PC); the GUI's modules meet through typed names, never ``Any``."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

GUI = Path(__file__).resolve().parents[2] / "consent_desk" / "gui"
HEAVY = ("sqlalchemy", "alembic", "openpyxl", "reportlab")

OPEN_THE_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from consent_desk.gui.main_window import MainWindow
window = MainWindow(database_url="sqlite:///" + sys.argv[1])
window.show()
for _ in range(20):
    app.processEvents()
window.menuBar().actions()[0].menu().aboutToShow.emit()  # the File menu, as a user opens it
print(",".join(sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2:]))))
"""


def test_opening_the_main_window_loads_no_database_spreadsheet_or_pdf_library(
    tmp_path: Path,
) -> None:
    """The window, its menus and its panels are built before the database is opened (on a
    worker): none of them may pull in SQLAlchemy, Alembic, openpyxl or reportlab."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", OPEN_THE_WINDOW, str(tmp_path / "unused.sqlite3"), *HEAVY],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    loaded = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert loaded == "", f"opening the main window loaded {loaded}"
    assert not (tmp_path / "unused.sqlite3").exists()  # and the database was not touched


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_no_gui_module_reaches_back_into_the_main_window() -> None:
    """Panels, screens, dialogs and commands are given the WindowContext; only the app's
    entry point builds the window (even an import for type checking counts)."""
    entry_points = {GUI / "main_window.py", GUI / "app.py"}
    back = sorted(
        str(path.relative_to(GUI))
        for path in GUI.rglob("*.py")
        if path not in entry_points and "consent_desk.gui.main_window" in _imports(path)
    )
    assert back == []


ANY = re.compile(r"\bAny\b")


def _any_at_boundaries(path: Path) -> list[str]:
    """Public functions, public methods of public classes (their parameters and results) and
    the annotated fields of public classes that mention ``Any``."""
    found: list[str] = []

    def check(fn: ast.FunctionDef | ast.AsyncFunctionDef, where: str) -> None:
        a = fn.args
        notes = [x.annotation for x in (*a.posonlyargs, *a.args, *a.kwonlyargs)]
        notes += [x.annotation for x in (a.vararg, a.kwarg) if x is not None]
        notes.append(fn.returns)
        if any(n is not None and ANY.search(ast.unparse(n)) for n in notes):
            found.append(f"{where}{fn.name}()")

    def public(name: str) -> bool:
        return not name.startswith("_") or name == "__init__"

    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and public(node.name):
            check(node, "")
        elif isinstance(node, ast.ClassDef) and not node.name.startswith("_"):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    if public(item.name):
                        check(item, f"{node.name}.")
                elif isinstance(item, ast.AnnAssign) and ANY.search(ast.unparse(item.annotation)):
                    found.append(f"{node.name}.{ast.unparse(item.target)}")
    return found


def test_the_gui_modules_meet_through_typed_names_not_any() -> None:
    found = [
        f"{path.relative_to(GUI)}: {name}"
        for path in sorted(GUI.rglob("*.py"))
        for name in _any_at_boundaries(path)
    ]
    assert found == []
