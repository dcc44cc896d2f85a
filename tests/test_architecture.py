"""The package's architecture, held by reading its source (``ast``; nothing is imported):

* Qt only in ``gui/`` — except ``cli/selfcheck.py``, whose last check opens the window;
* the layers of STYLE.md: ``domain`` ← ``db`` (with ``migrations``), ``importing``, ``outputs``
  ← ``services`` ← ``cli``, ``gui``; a module imports only from its own layer's package or
  from lower layers (the entry point ``cli.main`` starts the app, and the self-check opens the
  window: those two reach into ``gui``);
* no import cycle between modules of the package.

Every import counts, at module level or inside a function: a function-level import is still a
dependency (it runs the first time the function does, and an import cycle through it only
moves the failure to that moment). Imports under ``if TYPE_CHECKING:`` do not count: they never
run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "consent_desk"
QT = ("PySide6", "shiboken6", "pytestqt")
QT_ALLOWED = {"consent_desk.cli.selfcheck"}  # opens the window as its last check
LAYERS = {
    "domain": 0,
    "db": 1,
    "migrations": 1,
    "importing": 1,
    "outputs": 1,
    "services": 2,
    "cli": 3,
    "gui": 3,
}
LAYER_EXCEPTIONS = {
    ("consent_desk.cli.main", "consent_desk.gui.app"),  # no command: start the desktop app
    ("consent_desk.cli.selfcheck", "consent_desk.gui.app"),
    ("consent_desk.cli.selfcheck", "consent_desk.gui.main_window"),
    ("consent_desk.cli.selfcheck", "consent_desk.gui.tasks"),  # the self-check's window
}


def module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {module_name(p, root): p for p in sorted(root.rglob("*.py"))}


def _is_type_checking(node: ast.stmt) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_names(name: str, path: Path) -> Iterator[str]:
    """Every module name ``name`` imports (and, for ``from x import y``, ``x.y`` too, which is
    a module when ``y`` is one), at any depth but not under ``if TYPE_CHECKING:``."""
    is_package = path.name == "__init__.py"

    def walk(nodes: list[ast.stmt]) -> Iterator[ast.AST]:
        for node in nodes:
            if _is_type_checking(node):
                continue
            yield node
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.stmt):
                    yield from walk([child])
                else:
                    yield from ast.walk(child)

    for node in walk(ast.parse(path.read_text(encoding="utf-8")).body):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the modules of the package it imports."""
    found = modules(root)
    return {
        name: {t for t in imported_names(name, path) if t in found and t != name}
        for name, path in found.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import each other, round and round (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def layer(module: str) -> str | None:
    """The layer's package of a module (the migrations are the database layer's)."""
    parts = module.split(".")
    if len(parts) < 3 or parts[1] not in LAYERS:
        return None
    return "db" if parts[1] == "migrations" else parts[1]


def test_qt_is_imported_only_in_the_gui() -> None:
    outside = {
        name: sorted({t for t in imported_names(name, path) if t.split(".")[0] in QT})
        for name, path in modules().items()
        if layer(name) != "gui" and name not in QT_ALLOWED
    }
    assert {name: qt for name, qt in outside.items() if qt} == {}


def test_no_import_cycle_between_modules_of_the_package() -> None:
    assert cycles(import_graph()) == []


def test_each_layer_imports_only_from_lower_layers() -> None:
    wrong = sorted(
        (a, b)
        for a, targets in import_graph().items()
        for b in targets
        if (la := layer(a)) is not None
        and (lb := layer(b)) is not None
        and la != lb
        and LAYERS[lb] >= LAYERS[la]
        and (a, b) not in LAYER_EXCEPTIONS
    )
    assert wrong == []


# The checks themselves, on a small made-up package: they must see what they are for.


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "consent_desk"
    for rel, text in {"__init__.py": "", **files}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    root = _package(
        tmp_path,
        {
            "services/__init__.py": "",
            "services/a.py": "from consent_desk.services import b\n",
            "services/b.py": "def f() -> None:\n    from consent_desk.services.a import x\n",
            "services/c.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from consent_desk.services.a import x\n"
            ),
        },
    )
    graph = import_graph(root)
    assert cycles(graph) == [["consent_desk.services.a", "consent_desk.services.b"]]
    assert graph["consent_desk.services.c"] == set()  # type checking only: not a dependency


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("from .b import x\n", "consent_desk.services.b"),
        ("from . import b\n", "consent_desk.services.b"),
        ("from ..domain import rules\n", "consent_desk.domain.rules"),
        ("def f() -> None:\n    import PySide6.QtCore\n", "PySide6.QtCore"),
    ],
)
def test_relative_and_nested_imports_are_read(tmp_path: Path, source: str, found: str) -> None:
    root = _package(tmp_path, {"services/__init__.py": "", "services/a.py": source})
    assert found in set(imported_names("consent_desk.services.a", root / "services" / "a.py"))
