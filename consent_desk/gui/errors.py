"""Errors shown as messages a person can act on — never a traceback."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from consent_desk import APP_NAME

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


def describe_error(exc: BaseException) -> str:
    """One or two sentences for the user. Services already word their refusals for people."""
    from consent_desk.db.engine import DatabaseUrlError
    from consent_desk.domain.years import AcademicYearError
    from consent_desk.gui.tasks import Cancelled
    from consent_desk.importing.records import ImportFileError
    from consent_desk.services.errors import Conflict, ServiceError

    if isinstance(exc, Conflict):
        return _sentence(str(exc))
    if isinstance(exc, ServiceError | ImportFileError | DatabaseUrlError | AcademicYearError
                  | Cancelled):
        return _sentence(str(exc))
    if isinstance(exc, FileNotFoundError | IsADirectoryError | PermissionError):
        return _sentence(f"{exc.filename}: {exc.strerror}")
    if isinstance(exc, OSError):
        return _sentence(f"{exc.strerror or exc}")
    try:
        from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
    except ImportError:  # pragma: no cover - sqlalchemy is a dependency
        SQLAlchemyError = DBAPIError = OperationalError = ()  # type: ignore[misc,assignment]
    if isinstance(exc, OperationalError):
        return _sentence(f"cannot use the database: {_db_reason(exc)}. Check the network and "
                         "the database setting (File → Settings → Database), then try again")
    if isinstance(exc, DBAPIError):
        return _sentence(f"the database refused the change: {_db_reason(exc)}")
    if isinstance(exc, SQLAlchemyError):
        return _sentence(f"database problem: {exc}")
    log.error("unexpected error", exc_info=exc)
    return _sentence(f"something went wrong ({type(exc).__name__}: {exc}). Nothing was saved "
                     "by the step that failed; please tell the person who looks after "
                     f"{APP_NAME}")


def _db_reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc)).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        return "Something went wrong."
    first = text.split(" ", 1)[0].rstrip(":,")
    if first.isalpha():  # never "Returns.xlsx" for a file called returns.xlsx
        text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


# QMessageBox is imported when needed: importing a Qt class builds its enums, and the window's
# first paint should not wait for that.
def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title or APP_NAME, describe_error(exc))


def show_info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title or APP_NAME, text)


def confirm(parent: QWidget | None, text: str, title: str | None = None, *,
            yes: str = "OK") -> bool:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title or APP_NAME, text,
                      QMessageBox.StandardButton.Cancel, parent)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is ok
