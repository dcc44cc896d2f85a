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
    """One or two sentences for the user, worded by the one error policy
    (:func:`consent_desk.services.errors.explain`, which the command line prints too)."""
    from consent_desk.gui.tasks import Cancelled
    from consent_desk.services.errors import Fault, explain

    if isinstance(exc, Cancelled):
        return _sentence(str(exc))
    said = explain(exc)
    if said.fault is Fault.UNEXPECTED:
        log.error("unexpected error", exc_info=exc)
    return _sentence(said.message)


def is_database_fault(exc: BaseException) -> bool:
    """A fault of the database or its connection (worth a Retry), not a refusal."""
    from consent_desk.services.errors import explain

    return explain(exc).retry


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
