"""Packaging (issue 7): build.spec and what it bundles, and ``consent-desk self-check``.

The cheap checks always run: the spec, executed with PyInstaller's classes replaced by
recorders, reads the name and version from pyproject.toml and bundles the right files; the
self-check passes from source. The frozen app is checked only when CONSENT_DESK_TEST_FROZEN=1
(.ci/run sets it after `make package`): dist/ConsentDesk/consent-desk, or the executable named
by CONSENT_DESK_FROZEN_EXE (a one-file build).
"""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
import sys
import tomllib
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import consent_desk
from consent_desk.cli import selfcheck
from consent_desk.cli.main import main

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "build.spec"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
FROZEN = os.environ.get("CONSENT_DESK_TEST_FROZEN", "") not in ("", "0")
STEPS = [
    "bundled files",
    "database",
    "trust and academy",
    "learner list",
    "returns",
    "restriction list",
    "restricted-learner sheet",
    "PostgreSQL driver",
    "main window",
]
SIZE_BUDGET_MB = 250  # the one-folder build is about 175 MB on Linux; QtWebEngine alone is 200


def _load_build_info() -> types.ModuleType:
    """packaging/build_info.py (not a package: build.spec puts its folder on sys.path)."""
    name = "_consent_desk_build_info"
    spec = importlib.util.spec_from_file_location(name, ROOT / "packaging" / "build_info.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it runs
    spec.loader.exec_module(module)
    return module


build_info = _load_build_info()


# --- the spec, run with PyInstaller's build classes replaced by recorders ------------------------


class Recorder:
    """Stands in for Analysis, PYZ, EXE, COLLECT and BUNDLE: keeps what it was given."""

    made: list[Recorder] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.kind = type(self).__name__
        self.args, self.kwargs = args, kwargs
        self.datas = [
            (dest + "/" + Path(src).name, src, "DATA") for src, dest in kwargs.get("datas", [])
        ]
        self.binaries: list[tuple[str, str, str]] = [
            ("PySide6/Qt/translations/qtbase_de.qm", "/x/qtbase_de.qm", "DATA"),
            ("PySide6/Qt/plugins/platforms/libqxcb.so", "/x/libqxcb.so", "BINARY"),
        ]
        self.pure: list[Any] = []
        self.scripts: list[Any] = []
        Recorder.made.append(self)


def _kinds() -> dict[str, type[Recorder]]:
    return {
        name: type(name, (Recorder,), {})
        for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")
    }


@pytest.fixture
def run_spec(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    """Execute build.spec as PyInstaller would, for a chosen platform; return the recorders."""

    def fake_module(name: str, **attrs: Any) -> None:
        module = types.ModuleType(name)
        module.__dict__.update(attrs)
        monkeypatch.setitem(sys.modules, name, module)

    def run(*, win: bool = False, mac: bool = False, onefile: bool = False) -> list[Recorder]:
        fake_module("PyInstaller")
        fake_module("PyInstaller.compat", is_win=win, is_darwin=mac)
        fake_module("PyInstaller.utils")
        fake_module(
            "PyInstaller.utils.hooks",
            collect_data_files=lambda package, **_: [(f"/site/{package}/x.afm", package)],
            collect_submodules=lambda package, filter=None: [
                n
                for n in (f"{package}.cli.selfcheck", f"{package}.migrations.env")
                if filter is None or filter(n)
            ],
        )
        monkeypatch.setitem(sys.modules, "build_info", build_info)
        monkeypatch.setattr(sys, "path", list(sys.path))
        if onefile:
            monkeypatch.setenv("CONSENT_DESK_ONEFILE", "1")
        else:
            monkeypatch.delenv("CONSENT_DESK_ONEFILE", raising=False)
        Recorder.made = []
        namespace: dict[str, Any] = {
            "SPECPATH": str(ROOT),
            "workpath": str(tmp_path),
            "__file__": str(SPEC),
            **_kinds(),
        }
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
        return list(Recorder.made)

    yield run


def _one(made: list[Recorder], kind: str) -> Recorder:
    found = [r for r in made if r.kind == kind]
    assert len(found) == 1, f"{kind}: {len(found)} made"
    return found[0]


def test_spec_names_the_build_from_pyproject(run_spec: Any) -> None:
    made = run_spec()
    exe, collect = _one(made, "EXE"), _one(made, "COLLECT")
    assert exe.kwargs["name"] == PYPROJECT["name"] == "consent-desk"
    assert collect.kwargs["name"] == "ConsentDesk"
    assert exe.kwargs["exclude_binaries"] is True
    assert exe.kwargs["console"] is True  # `consent-desk --version` must print
    assert not [r for r in made if r.kind == "BUNDLE"]
    assert consent_desk.__version__ == PYPROJECT["version"]  # one version everywhere


def test_spec_bundles_migrations_resources_and_samples(run_spec: Any) -> None:
    analysis = _one(run_spec(), "Analysis")
    bundled = {f"{dest}/{Path(src).name}" for src, dest in analysis.kwargs["datas"]}
    for version in (ROOT / "consent_desk" / "migrations" / "versions").glob("*.py"):
        assert f"consent_desk/migrations/versions/{version.name}" in bundled
    assert "consent_desk/migrations/env.py" in bundled
    for sample in (ROOT / "resources" / "samples").iterdir():
        assert f"resources/samples/{sample.name}" in bundled
    for font in (ROOT / "consent_desk" / "resources" / "fonts").glob("*.ttf"):
        assert f"consent_desk/resources/fonts/{font.name}" in bundled
    assert "consent_desk/resources/icons/consent-desk.svg" in bundled
    assert "consent_desk/resources/guide/guide.html" in bundled  # Help → Guide, offline
    assert "reportlab/x.afm" in bundled
    assert not [b for b in bundled if "__pycache__" in b or b.endswith((".pyc", ".ico"))]

    hidden = analysis.kwargs["hiddenimports"]
    assert "consent_desk.cli.selfcheck" in hidden
    assert "consent_desk.migrations.env" not in hidden  # loaded by Alembic from its file
    assert {"alembic.op", "alembic.context", "psycopg_binary"} <= set(hidden)

    excludes = set(analysis.kwargs["excludes"])
    assert {
        "tkinter",
        "PySide6.QtQml",
        "PySide6.QtQuick",
        "PySide6.QtWebEngineCore",
        "PySide6.Qt3DCore",
        "PySide6.QtNetwork",
    } <= excludes
    used = build_info.qt_modules_imported(ROOT)
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert not {f"PySide6.{m}" for m in used} & excludes
    # Qt's translations are dropped after the analysis, the platform plugins kept.
    assert [b[0] for b in analysis.binaries] == ["PySide6/Qt/plugins/platforms/libqxcb.so"]


def test_spec_one_file_build(run_spec: Any) -> None:
    made = run_spec(onefile=True)
    assert not [r for r in made if r.kind == "COLLECT"]
    exe = _one(made, "EXE")
    assert exe.kwargs["name"] == "consent-desk"
    assert len(exe.args) == 5  # pyz, scripts, binaries, datas and options all in the one file


def test_spec_windows_icon_and_version_info(run_spec: Any, tmp_path: Path) -> None:
    exe = _one(run_spec(win=True), "EXE")
    assert exe.kwargs["icon"].endswith("consent-desk.ico")
    assert exe.kwargs["hide_console"] == "hide-early"
    version_file = Path(exe.kwargs["version"])
    assert version_file.parent == tmp_path
    text = version_file.read_text(encoding="utf-8")
    tree = ast.parse(text, mode="eval")  # PyInstaller eval()s it on Windows
    assert isinstance(tree.body, ast.Call) and getattr(tree.body.func, "id", "") == "VSVersionInfo"
    numbers = (*(int(n) for n in PYPROJECT["version"].split(".")), 0)
    assert f"filevers={numbers!r}" in text
    assert f"StringStruct('ProductVersion', '{PYPROJECT['version']}')" in text
    assert "StringStruct('OriginalFilename', 'consent-desk.exe')" in text


def test_spec_macos_bundle(run_spec: Any) -> None:
    made = run_spec(mac=True)
    bundle = _one(made, "BUNDLE")
    assert bundle.kwargs["name"] == "Consent Desk.app"
    assert bundle.kwargs["icon"].endswith("consent-desk.icns")
    assert bundle.kwargs["version"] == PYPROJECT["version"]
    exe = _one(made, "EXE")
    assert exe.kwargs["strip"] is False  # stripping would break code signatures
    assert exe.kwargs["console"] is False  # a windowed executable, as an app bundle needs


def test_version_numbers_for_windows() -> None:
    project = build_info.Project(name="consent-desk", version="1.2rc1", description="")
    assert project.version_tuple == (1, 2, 0, 0)
    assert (project.folder, project.title) == ("ConsentDesk", "Consent Desk")


def test_unwanted_qt_files() -> None:
    unwanted = build_info.is_unwanted_qt_file
    assert unwanted("PySide6/Qt/translations/qtbase_fr.qm")
    assert unwanted("PySide6/Qt/plugins/platforms/libqvnc.so")
    assert unwanted("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert unwanted("PySide6\\Qt\\plugins\\generic\\qtuiotouchplugin.dll")
    for kept in (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/qwindows.dll",
        "PySide6/Qt/plugins/printsupport/libcupsprintersupport.so",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
    ):
        assert not unwanted(kept), kept


def test_icons_for_windows_and_macos() -> None:
    from PIL import Image

    icons = ROOT / "consent_desk" / "resources" / "icons"
    with Image.open(icons / "consent-desk.ico") as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(icons / "consent-desk.icns") as icns:
        assert icns.size == (1024, 1024)
    svg = (icons / "consent-desk.svg").stat().st_mtime
    assert (icons / "consent-desk.ico").stat().st_mtime >= svg - 1, (
        "the SVG changed: run packaging/make_icons.py"
    )


def test_resource_path_finds_bundled_files() -> None:
    from consent_desk.paths import find_resource, resource_path

    assert resource_path("resources/samples/expected.json").is_file()
    assert resource_path("consent_desk/resources/fonts").is_dir()
    assert find_resource("resources/nothing-here") is None
    with pytest.raises(FileNotFoundError, match="nothing-here is missing"):
        resource_path("resources/nothing-here")


# --- the self-check ------------------------------------------------------------------------------


def _check_output(out: str, *, frozen: bool) -> None:
    lines = out.strip().splitlines()
    assert lines[0].startswith(f"Consent Desk {consent_desk.__version__} self-check (")
    assert ("installed app" if frozen else "from source") in lines[0]
    done = [
        line.split(":", 1)[0].removeprefix("ok").strip() for line in lines if line.startswith("ok ")
    ]
    assert done == STEPS, out
    assert "FAILED" not in out
    assert lines[-1].startswith("self-check passed in")


def _run(
    argv: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def test_self_check_passes_from_source(tmp_path: Path) -> None:
    data_dir = Path(os.environ["CONSENT_DESK_DATA_DIR"])  # the "user's" folder, for this test
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "TMPDIR": str(temp),
        "TEMP": str(temp),
        "TMP": str(temp),
        "CONSENT_DESK_DATABASE": f"sqlite:///{data_dir / 'real.sqlite3'}",
    }
    result = _run([sys.executable, "-m", "consent_desk", "self-check"], tmp_path, env)
    assert result.returncode == 0, result.stdout + result.stderr
    _check_output(result.stdout, frozen=False)
    # the user's data folder and database were never touched, and nothing is left behind
    assert not data_dir.exists() or not any(data_dir.iterdir())
    assert not any(temp.iterdir())


def test_self_check_window_only_from_source(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = _run(
        [sys.executable, "-m", "consent_desk", "self-check", "--window-only"], tmp_path, env
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok     main window: shown and drawn off-screen" in result.stdout


def test_self_check_names_the_failing_step(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(ctx: selfcheck.Context) -> str:
        raise selfcheck.CheckFailed("oakfield-learners-sims.csv row 7: no such column")

    monkeypatch.setattr(selfcheck, "step_learners", broken)
    assert main(["self-check"]) == 1
    out, err = capsys.readouterr()
    assert "ok     database:" in out
    assert "FAILED learner list: oakfield-learners-sims.csv row 7: no such column" in out
    assert "main window" not in out  # it stops at the first failure
    assert err.strip() == "self-check failed at step 'learner list'"


def test_version_option(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"consent-desk {PYPROJECT['version']}"


# --- the frozen app (after `make package`) ------------------------------------------------------

frozen_only = pytest.mark.skipif(
    not FROZEN, reason="the frozen app is checked after `make package` (CONSENT_DESK_TEST_FROZEN=1)"
)


def _frozen_exe() -> Path:
    given = os.environ.get("CONSENT_DESK_FROZEN_EXE")
    if given:
        return Path(given)
    name = "consent-desk.exe" if sys.platform == "win32" else "consent-desk"
    return ROOT / "dist" / "ConsentDesk" / name


def _clean_env(tmp_path: Path) -> dict[str, str]:
    """What an office PC has: no virtualenv, no PYTHONPATH, a data folder of its own."""
    keep = ("PATH", "HOME", "USERPROFILE", "SYSTEMROOT", "TEMP", "TMP", "TMPDIR", "LANG")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(QT_QPA_PLATFORM="offscreen", CONSENT_DESK_DATA_DIR=str(tmp_path / "user-data"))
    return env


@frozen_only
def test_frozen_version(tmp_path: Path) -> None:
    exe = _frozen_exe()
    assert exe.is_file(), f"{exe}: build it first with `make package`"
    result = _run([str(exe), "--version"], tmp_path, _clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"consent-desk {PYPROJECT['version']}"


@frozen_only
def test_frozen_self_check(tmp_path: Path) -> None:
    result = _run([str(_frozen_exe()), "self-check"], tmp_path, _clean_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    _check_output(result.stdout, frozen=True)
    assert not (tmp_path / "user-data").exists()


@frozen_only
def test_frozen_build_leaves_out_what_the_app_does_not_use() -> None:
    exe = _frozen_exe()
    if os.environ.get("CONSENT_DESK_FROZEN_EXE"):
        pytest.skip("a one-file build: nothing to list")
    files = [p for p in exe.parent.rglob("*") if p.is_file() and not p.is_symlink()]
    names = [p.relative_to(exe.parent).as_posix() for p in files]
    for unwanted in (
        "Qt6Qml",
        "Qt6Quick",
        "Qt6WebEngine",
        "Qt63D",
        "Qt6Multimedia",
        "/translations/",
        "tkinter",
        "libqvnc",
        "libqgtk3",
    ):
        assert not [n for n in names if unwanted in n], unwanted
    size_mb = sum(p.stat().st_size for p in files) / 2**20
    assert size_mb < SIZE_BUDGET_MB, f"the build is {size_mb:.0f} MB"
