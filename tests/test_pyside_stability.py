"""PySide6 6.12.0 on Python 3.11 aborts the interpreter ("deallocating None") after a few
thousand Qt calls. This fails if a PySide6 with that fault is installed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    from PySide6.QtCore import QObject, QSize, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QWidget
    app = QApplication([])
    w = QWidget()
    label = QLabel("x", w)
    obj = QObject()
    for i in range(60000):
        label.setText(str(i))      # void calls returning None
        w.setMinimumSize(QSize(1, 1))
        obj.setObjectName("n")
        label.setToolTip("")
        QTimer.singleShot(0, lambda: None) if i % 5000 == 0 else None
    app.processEvents()
    print("ok")
    """
)


def test_many_void_qt_calls_do_not_abort_the_interpreter() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


def test_installed_pyside6_is_in_the_pinned_range() -> None:
    import PySide6

    major, minor = (int(x) for x in PySide6.__version__.split(".")[:2])
    assert (6, 9) <= (major, minor) < (6, 12), PySide6.__version__
