# Replaces PyInstaller's own hook for PySide6.QtGui (the module whose hook collects Qt's platform,
# theme, input and image plugins): the same files, less the plugins the app never loads
# (packaging/build_info.py says which and why). Filtering here, before PyInstaller follows the
# plugins' own library dependencies, keeps those libraries out of the bundle too.
import os

from build_info import is_unwanted_qt_file
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)


def _wanted(src: str, dest: str) -> bool:
    return not is_unwanted_qt_file(f"{dest}/{os.path.basename(src)}")


binaries = [(src, dest) for src, dest in binaries if _wanted(src, dest)]
datas = [(src, dest) for src, dest in datas if _wanted(src, dest)]
