"""Finding the files that ship with the app, in a source checkout and in the installed app.

In a checkout the sample files are in ``resources/samples`` beside the package; in the frozen
app (PyInstaller) everything is under ``sys._MEIPASS`` with the same layout. Paths are written
relative to the project's root, e.g. ``resource_path("resources/samples/expected.json")`` or
``resource_path("consent_desk/resources/fonts")``.
"""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def is_frozen() -> bool:
    """True in the installed app built by PyInstaller."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def resource_roots() -> list[Path]:
    """Where bundled files are looked for, in order."""
    roots: list[Path] = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle))
    roots.append(PACKAGE_DIR.parent)  # a checkout (or editable install): the project's root
    roots.append(PACKAGE_DIR)  # files shipped inside the package itself
    return list(dict.fromkeys(roots))


def find_resource(relative: str | Path) -> Path | None:
    """The bundled file or folder at ``relative`` (see the module's doc), or None."""
    for root in resource_roots():
        candidate = root / relative
        if candidate.exists():
            return candidate
    return None


def resource_path(relative: str | Path) -> Path:
    """Like :func:`find_resource`, but a missing file is an error that says where it looked."""
    found = find_resource(relative)
    if found is None:
        places = ", ".join(str(r) for r in resource_roots())
        raise FileNotFoundError(
            f"{Path(relative).as_posix()} is missing from this copy of Consent Desk "
            f"(looked in {places}): reinstall it"
        )
    return found
