"""What ``build.spec`` needs to know, in plain Python (no PyInstaller) so the tests can check it.

- the name and version, read from ``pyproject.toml`` (the one place they are written);
- the files bundled as data: migrations, the package's resources, the sample office files;
- the modules the Alembic migrations import (Alembic loads them from files, so PyInstaller's
  analysis never sees their imports);
- the Windows version resource, filled in from ``packaging/version_info.txt.in``.
"""

from __future__ import annotations

import ast
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
PACKAGE = ROOT / "consent_desk"
ICONS = PACKAGE / "resources" / "icons"

# Qt modules the app never uses. PySide6-Essentials ships some of them (QML, Quick, OpenGL, …);
# the PySide6-Addons ones (WebEngine, 3D, Multimedia, …) are listed too in case a developer has
# them installed. Excluded so that neither their Python bindings nor, through them, their Qt
# libraries and plugins are bundled. A module the app's code imports is never excluded
# (``qt_excludes``), so a new ``from PySide6.QtNetwork import …`` cannot break the build.
UNUSED_QT = [
    "Qt3DAnimation",
    "Qt3DCore",
    "Qt3DExtras",
    "Qt3DInput",
    "Qt3DLogic",
    "Qt3DRender",
    "QtBluetooth",
    "QtCanvasPainter",
    "QtCharts",
    "QtConcurrent",
    "QtDataVisualization",
    "QtDBus",
    "QtDesigner",
    "QtGraphs",
    "QtGraphsWidgets",
    "QtHelp",
    "QtHttpServer",
    "QtLocation",
    "QtMultimedia",
    "QtMultimediaWidgets",
    "QtNetwork",
    "QtNetworkAuth",
    "QtNfc",
    "QtOpenGL",
    "QtOpenGLWidgets",
    "QtPdf",
    "QtPdfWidgets",
    "QtPositioning",
    "QtQml",
    "QtQuick",
    "QtQuick3D",
    "QtQuickControls2",
    "QtQuickTest",
    "QtQuickWidgets",
    "QtRemoteObjects",
    "QtScxml",
    "QtSensors",
    "QtSerialBus",
    "QtSerialPort",
    "QtSpatialAudio",
    "QtSql",
    "QtStateMachine",
    "QtSvgWidgets",
    "QtTest",
    "QtTextToSpeech",
    "QtUiTools",
    "QtWebChannel",
    "QtWebEngineCore",
    "QtWebEngineQuick",
    "QtWebEngineWidgets",
    "QtWebSockets",
    "QtWebView",
    "QtXml",
]
# Python modules no part of the app uses (tkinter: the standard library's other GUI toolkit;
# Pillow's AVIF support, 5 MB: the only images the app opens with Pillow are logos, PNG or JPEG).
UNUSED_PYTHON = [
    "tkinter",
    "_tkinter",
    "PIL.ImageTk",
    "PIL.ImageQt",
    "PIL._avif",
    "PIL.AvifImagePlugin",
    "lib2to3",
    "pydoc_data",
    "test",
    "idlelib",
    "ensurepip",
    "venv",
    "turtledemo",
    "pytest",
    "_pytest",
    "hypothesis",
    "mypy",
    "IPython",
    "matplotlib",
    "numpy",
    "PyQt5",
    "PyQt6",
    "PySide2",
]
# Files of the source tree that are not needed at run time.
NOT_DATA = {"__pycache__", ".DS_Store"}
NOT_DATA_SUFFIXES = {".pyc", ".ico", ".icns"}  # the icons are built into the executable


@dataclass(frozen=True)
class Project:
    name: str  # consent-desk: the command and the executable
    version: str  # 0.1.0
    description: str

    @property
    def folder(self) -> str:
        """The one-folder build's folder and the macOS bundle: ConsentDesk."""
        return "".join(part.capitalize() for part in re.split(r"[-_ ]+", self.name))

    @property
    def title(self) -> str:
        """The name people see: Consent Desk."""
        return " ".join(part.capitalize() for part in re.split(r"[-_ ]+", self.name))

    @property
    def version_tuple(self) -> tuple[int, int, int, int]:
        """Four numbers for Windows: 0.1.0 → (0, 1, 0, 0); 1.2rc1 → (1, 2, 0, 0)."""
        release = re.match(r"\d+(?:\.\d+)*", self.version)  # 1.2rc1 → 1.2
        numbers = [int(n) for n in release.group().split(".")[:3]] if release else []
        numbers += [0] * (4 - len(numbers))
        return (numbers[0], numbers[1], numbers[2], numbers[3])


def read_project(root: Path = ROOT) -> Project:
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return Project(
        name=data["name"], version=data["version"], description=data.get("description", "")
    )


def _files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not (NOT_DATA & set(p.parts)) and p.suffix not in NOT_DATA_SUFFIXES
    )


def data_files(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source file, folder in the bundle) for every data file, as PyInstaller's ``datas``.

    The migrations go in as files (env.py and versions/*.py): Alembic reads its script folder
    from disk, found from ``consent_desk/migrations/__init__.py``'s own location, which in the
    frozen app is ``sys._MEIPASS/consent_desk/migrations``. Their ``__init__.py`` stays in the
    archive like any other module.
    """
    out: list[tuple[str, str]] = []
    migrations = root / "consent_desk" / "migrations"
    for path in _files(migrations):
        if path.parent == migrations and path.name == "__init__.py":
            continue
        out.append((str(path), str(path.parent.relative_to(root).as_posix())))
    for folder in (root / "consent_desk" / "resources", root / "resources" / "samples"):
        for path in _files(folder):
            out.append((str(path), str(path.parent.relative_to(root).as_posix())))
    return out


def migration_imports(root: Path = ROOT) -> list[str]:
    """Every module imported by the migration scripts, to bundle as hidden imports."""
    migrations = root / "consent_desk" / "migrations"
    found: set[str] = set()
    for path in [migrations / "env.py", *sorted((migrations / "versions").glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return sorted(m for m in found if m != "__future__" and _is_module(m))


def _is_module(name: str) -> bool:
    """``alembic.op`` is a module; ``sqlalchemy.engine_from_config`` (from an import of a
    name) is not."""
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def qt_modules_imported(root: Path = ROOT) -> set[str]:
    """The PySide6 modules the app's code imports (QtCore, QtWidgets, …)."""
    used: set[str] = set()
    for path in (root / "consent_desk").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "PySide6" not in text:
            continue
        for node in ast.walk(ast.parse(text, str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            used.update(n.split(".")[1] for n in names if n.startswith("PySide6."))
    return used


def excludes(root: Path = ROOT) -> list[str]:
    """Modules PyInstaller must leave out: unused Qt modules and unused Python ones."""
    used = qt_modules_imported(root)
    return [f"PySide6.{m}" for m in UNUSED_QT if m not in used] + UNUSED_PYTHON


def render_version_info(project: Project, target: Path) -> Path:
    """Write the Windows version resource for ``project`` to ``target``; return ``target``."""
    template = Template((PACKAGING / "version_info.txt.in").read_text(encoding="utf-8"))

    def quoted(value: str) -> str:  # the values sit inside '…' in the template
        return value.replace("\\", "\\\\").replace("'", "\\'")

    text = template.substitute(
        version=quoted(project.version),
        version_tuple=repr(project.version_tuple),
        name=quoted(project.name),
        title=quoted(project.title),
        description=quoted(project.description or project.title),
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


# Qt plugins no office PC needs, by folder or file name under Qt's plugins folder: embedded and
# kiosk displays (EGLFS, framebuffer, VNC, Vulkan display), evdev/TUIO input devices, and the GTK 3
# theme (it needs GTK from the system, and bundling half of its libraries beside the system's
# other half is a known cause of crashes; Qt's own style is used instead).
UNWANTED_QT_PLUGINS = (
    "egldeviceintegrations/",
    "generic/",
    "platforms/libqeglfs",
    "platforms/libqlinuxfb",
    "platforms/libqminimalegl",
    "platforms/libqvkkhrdisplay",
    "platforms/libqvnc",
    "platformthemes/libqgtk3",
)
# Qt libraries only those plugins use.
UNWANTED_QT_LIBRARIES = ("libQt6EglFSDeviceIntegration", "libQt6EglFsKmsSupport")


def is_unwanted_qt_file(dest: str) -> bool:
    """A Qt file in PyInstaller's lists that the app never loads (``dest``: its bundle path).

    Qt's own translations go too: the app is in English and installs no translator.
    """
    path = dest.replace("\\", "/")
    if "/Qt/translations/" in path:
        return True
    name = path.rsplit("/", 1)[-1]
    if name.startswith(UNWANTED_QT_LIBRARIES):
        return True
    if "/Qt/plugins/" not in path:
        return False
    plugin = path.split("/Qt/plugins/", 1)[1]
    return plugin.startswith(UNWANTED_QT_PLUGINS)
