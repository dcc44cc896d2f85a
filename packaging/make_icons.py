"""Make the Windows ``.ico`` and macOS ``.icns`` app icons from ``consent-desk.svg``.

    .venv/bin/python packaging/make_icons.py

Qt's SVG renderer draws the icon at every size the two formats hold (small sizes drawn, not
shrunk, so they stay sharp); Pillow writes the files. The results are kept in the repository
(``consent_desk/resources/icons/``), so a build needs neither step: run this again only when the
SVG changes. Works without a display (Qt's offscreen platform).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "consent_desk" / "resources" / "icons"
SVG = ICONS / "consent-desk.svg"
ICO = ICONS / "consent-desk.ico"
ICNS = ICONS / "consent-desk.icns"

ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)  # Windows: Explorer, taskbar, Start
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)  # macOS: each size and its @2x


def render(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """PNG bytes of ``svg`` drawn at each size (transparent background)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        out[size] = bytes(data.data())
    return out


def main() -> int:
    from PIL import Image

    pngs = render(SVG, tuple(sorted(set(ICO_SIZES) | set(ICNS_SIZES))))
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in pngs.items()}

    largest = images[max(ICO_SIZES)]
    largest.save(
        ICO,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)],
    )
    biggest = images[max(ICNS_SIZES)]
    biggest.save(
        ICNS, format="ICNS", append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)]
    )
    for path in (ICO, ICNS):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
