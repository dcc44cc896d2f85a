"""Printing a PDF through the system's print path: each page rendered by PDFium (pypdfium2) at the
printer's resolution and painted on a QPrinter. QPrinter may be painted on a worker thread, so
a long sheet never freezes the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from consent_desk.services.errors import ServiceError

MAX_DPI = 300  # enough for text on paper; a 600 dpi A4 page would be a 140 MB image


def print_pdf(
    data: bytes, printer: QPrinter, progress: Callable[[str, int, int], None] | None = None
) -> int:
    """Print every page of the PDF ``data`` on ``printer``; return the number of pages."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    painter = QPainter()
    try:
        pages = len(doc)
        printer.setFullPage(True)  # the PDF has its own margins: print it 1:1 on the paper
        if not painter.begin(printer):
            raise ServiceError(
                "the printer could not be started: check it is switched on and "
                "chosen in the print dialog, then try again"
            )
        dpi = min(printer.resolution(), MAX_DPI)
        target = printer.pageLayout().fullRectPixels(printer.resolution())
        for n in range(pages):
            if progress:
                progress("Printing", n, pages)
            if n:
                printer.newPage()
            page = doc[n]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)
            image = QImage(
                bytes(bitmap.buffer),
                bitmap.width,
                bitmap.height,
                bitmap.stride,
                QImage.Format.Format_RGBX8888,
            )
            area = QRectF(0, 0, target.width(), target.height())
            scale = min(area.width() / image.width(), area.height() / image.height())
            w, h = image.width() * scale, image.height() * scale
            painter.drawImage(QRectF((area.width() - w) / 2, (area.height() - h) / 2, w, h), image)
            page.close()
        if progress:
            progress("Printing", pages, pages)
        return pages
    finally:
        if painter.isActive():
            painter.end()
        doc.close()
