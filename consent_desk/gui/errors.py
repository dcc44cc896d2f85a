"""Errors shown as messages a person can act on — never a traceback."""

from __future__ import annotations

import logging
from collections.abc import Callable
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
    if isinstance(
        exc, ServiceError | ImportFileError | DatabaseUrlError | AcademicYearError | Cancelled
    ):
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
        return _sentence(_database_fault(exc))
    if isinstance(exc, DBAPIError | SQLAlchemyError):
        from consent_desk.services.errors import explain_database_error

        assert isinstance(exc, Exception)
        return _sentence(f"the database refused the change: {explain_database_error(exc)}")
    log.error("unexpected error", exc_info=exc)
    return _sentence(
        f"something went wrong ({type(exc).__name__}: {exc}). Nothing was saved "
        "by the step that failed; please tell the person who looks after "
        f"{APP_NAME}"
    )


def _database_fault(exc: BaseException) -> str:
    """The services' explanation of a database fault (server gone, disk full, read-only file);
    a fault they do not recognise is described with what to check."""
    from consent_desk.services.errors import explain_database_error

    assert isinstance(exc, Exception)
    explained = explain_database_error(exc)
    orig = getattr(exc, "orig", None)
    raw = " ".join(str(orig if orig is not None else exc).split())[:300]
    if explained != raw:
        return explained
    return (
        f"cannot use the database: {_db_reason(exc)}. Check the network and the database "
        "setting (File → Settings → Database), then try again"
    )


def is_database_fault(exc: BaseException) -> bool:
    """A fault of the database or its connection (worth a Retry), not a refusal."""
    import sqlite3

    try:
        from sqlalchemy.exc import DBAPIError, OperationalError
    except ImportError:  # pragma: no cover - sqlalchemy is a dependency
        return False
    if isinstance(exc, OperationalError | sqlite3.OperationalError):
        return True
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


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
def show_error(
    parent: QWidget | None,
    exc: BaseException,
    title: str | None = None,
    *,
    retry: Callable[[], object] | None = None,
) -> None:
    """The error as a message. With ``retry``, a database fault (the server gone, a full disk)
    offers Retry, which calls it again — nothing was saved by the step that failed."""
    from PySide6.QtWidgets import QMessageBox

    if retry is not None and is_database_fault(exc):
        if ask_retry(parent, describe_error(exc), title):
            retry()
        return
    from consent_desk.gui.plain_text import message_box

    message_box(
        QMessageBox.Icon.Warning,
        title or APP_NAME,
        describe_error(exc),
        QMessageBox.StandardButton.Ok,
        parent,
    ).exec()


def ask_retry(parent: QWidget | None, text: str, title: str | None = None) -> bool:
    """A database fault: Retry (True) or Cancel."""
    from PySide6.QtWidgets import QMessageBox

    from consent_desk.gui.plain_text import message_box

    box = message_box(
        QMessageBox.Icon.Warning, title or APP_NAME, text, QMessageBox.StandardButton.Cancel, parent
    )
    again = box.addButton("&Retry", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(again)
    box.setInformativeText("Nothing was saved by the step that failed.")
    box.exec()
    return box.clickedButton() is again


def show_conflict(parent: QWidget | None, exc: BaseException, title: str | None = None) -> bool:
    """Someone else changed the same learner first: say who and when; True for "Reload"."""
    from PySide6.QtWidgets import QMessageBox

    from consent_desk.gui.plain_text import message_box

    box = message_box(
        QMessageBox.Icon.Warning,
        title or APP_NAME,
        describe_error(exc),
        QMessageBox.StandardButton.Close,
        parent,
    )
    reload_button = box.addButton("&Reload", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(reload_button)
    box.setInformativeText("Nothing of yours was saved.")
    box.exec()
    return box.clickedButton() is reload_button


def install_excepthook() -> None:
    """An error nobody caught becomes a message, never a crash (and is logged)."""
    import sys

    showing: list[bool] = []  # one message at a time (an error in a paint event repeats)

    def hook(kind: type[BaseException], exc: BaseException, tb: object) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)  # type: ignore[arg-type]
            return
        log.error("uncaught error", exc_info=(kind, exc, tb))  # type: ignore[arg-type]
        if showing:
            return
        showing.append(True)
        try:
            show_error(None, exc)
        except Exception:  # pragma: no cover - the message itself failed: keep running
            log.exception("cannot show the error")
        finally:
            showing.clear()

    sys.excepthook = hook


def show_info(parent: QWidget | None, text: str, title: str | None = None) -> None:
    from PySide6.QtWidgets import QMessageBox

    from consent_desk.gui.plain_text import message_box

    message_box(
        QMessageBox.Icon.Information, title or APP_NAME, text, QMessageBox.StandardButton.Ok, parent
    ).exec()


def confirm(
    parent: QWidget | None,
    text: str,
    title: str | None = None,
    *,
    yes: str = "OK",
    details: str = "",
) -> bool:
    """Ask ``text`` (a short question; ``details`` below it); True when ``yes`` is pressed."""
    from PySide6.QtWidgets import QMessageBox

    from consent_desk.gui.plain_text import message_box

    box = message_box(
        QMessageBox.Icon.Question,
        title or APP_NAME,
        text,
        QMessageBox.StandardButton.Cancel,
        parent,
    )
    if details:
        box.setInformativeText(details)
    ok = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is ok
