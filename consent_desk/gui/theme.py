"""Colours and icons that work in the system's light and dark modes.

Status is always written as text; colour only helps the eye. Each status has a background and a
text colour chosen for the current palette so the text stays readable in both modes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette

from consent_desk.domain.rules import Status

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
APP_ICON = ICON_DIR / "consent-desk.svg"

# (background, text) for light and for dark palettes. Contrast of each pair is >= 7:1.
_LIGHT: dict[Status, tuple[str, str]] = {
    Status.NO_IMAGES: ("#f5c2c7", "#58151c"),
    Status.RESTRICTED: ("#ffe69c", "#523e02"),
    Status.NOT_RETURNED: ("#dee2e6", "#212529"),
    Status.NO_RESTRICTION: ("#badbcc", "#0a3622"),
}
_DARK: dict[Status, tuple[str, str]] = {
    Status.NO_IMAGES: ("#6e1f27", "#fde2e4"),
    Status.RESTRICTED: ("#5c4606", "#fff3cd"),
    Status.NOT_RETURNED: ("#41464b", "#f1f3f5"),
    Status.NO_RESTRICTION: ("#14452f", "#d1e7dd"),
}

# An inline refusal or problem under a field: fixed colours, readable in light and dark modes.
PROBLEM_STYLE = (
    "QLabel { background: #f8d7da; color: #58151c; border: 1px solid #e4a1a8; "
    "border-radius: 4px; padding: 5px 8px; }"
)

STATUS_TIPS: dict[Status, str] = {
    Status.NO_IMAGES: "No photographs or video of this learner for any purpose",
    Status.RESTRICTED: "Some uses refused or unanswered, or a limitation: check before using",
    Status.NOT_RETURNED: "No form received for this year",
    Status.NO_RESTRICTION: "Every use consented, no limitation",
}


def is_dark(palette: QPalette | None = None) -> bool:
    if palette is None:
        palette = QGuiApplication.palette()
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightness() < text.lightness()


def status_colours(palette: QPalette | None = None) -> dict[Status, tuple[QColor, QColor]]:
    table = _DARK if is_dark(palette) else _LIGHT
    return {s: (QColor(bg), QColor(fg)) for s, (bg, fg) in table.items()}


def status_text(status: Status) -> str:
    """The status as the table writes it: capitals for the one that must never be missed."""
    return status.label.upper() if status is Status.NO_IMAGES else status.label


ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    """The app icon: PNGs rendered from ``consent-desk.svg`` (loading them is quicker than
    starting the SVG renderer before the first paint); the SVG itself if they are missing."""
    icon = QIcon()
    for size in ICON_SIZES:
        png = ICON_DIR / f"consent-desk-{size}.png"
        if png.exists():
            icon.addFile(str(png), QSize(size, size))
    if icon.isNull() and APP_ICON.exists():
        icon = QIcon(str(APP_ICON))
    return icon


def badge_style(status: Status, palette: QPalette | None = None) -> str:
    """A style sheet for a QLabel showing the status as a badge."""
    bg, fg = status_colours(palette)[status]
    return (
        f"QLabel {{ background: {bg.name()}; color: {fg.name()}; border-radius: 4px; "
        "padding: 3px 8px; font-weight: 600; }"
    )
