"""One error policy for both front-ends: the command line and the window say the same words
for the same failure, and the command line's exit code follows from the kind of failure
(PRODUCT.md: non-zero with a one-line reason)."""

from __future__ import annotations

import argparse
import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError, OperationalError

from consent_desk.cli import main as cli_main
from consent_desk.domain.years import AcademicYearError
from consent_desk.gui.errors import describe_error, is_database_fault
from consent_desk.importing.records import ImportFileError
from consent_desk.services.errors import Conflict, PermissionDenied

FAILURES: list[tuple[BaseException, int, str, bool]] = [
    # exception, exit code, words the user must see, Retry offered in the app
    (PermissionDenied("Tom Hill (Teacher) may not undo an import: ask a principal"), 2,
     "ask a principal", False),
    (Conflict("someone else changed this learner first: reload and try again"), 2,
     "reload and try again", False),
    (ImportFileError("returns.xlsx: no header row found: put the headings in one row"), 2,
     "put the headings in one row", False),
    (AcademicYearError("'2025-26' is not an academic year: write it as 2025/26"), 2,
     "write it as 2025/26", False),
    (FileNotFoundError(2, "No such file or directory", "returns.xlsx"), 2,
     "returns.xlsx: No such file or directory", False),
    (OperationalError("SELECT 1", {}, Exception("database or disk is full")), 1,
     "the disk is full, so nothing was saved", True),
    (sqlite3.OperationalError("attempt to write a readonly database"), 1, "read-only", True),
    (OperationalError("SELECT 1", {}, Exception("a fault nobody has seen")), 1,
     "check the network and the database setting", True),
    (IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed: learner.upn")), 1,
     "saved by someone else at the same moment", False),
    (OSError(5, "Input/output error"), 1, "check the disk or the network", False),
    (KeyboardInterrupt(), 130, "interrupted: nothing was changed", False),
    (KeyError("learner"), 1, "something went wrong (KeyError", False),
]  # fmt: skip


@pytest.mark.parametrize(("exc", "code", "words", "retry"), FAILURES)
def test_both_front_ends_say_the_same_line(
    exc: BaseException,
    code: int,
    words: str,
    retry: bool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CONSENT_DESK_TRACEBACK", raising=False)

    def failing(_: argparse.Namespace) -> int:
        raise exc

    assert cli_main.run_handler(failing, argparse.Namespace(user=None)) == code
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("consent-desk: error: ") and words in line
    said = line.removeprefix("consent-desk: error: ")
    shown = describe_error(exc)
    assert words.lower() in shown.lower() and "\n" not in shown
    # the same words, but for the window's capital letter and full stop
    assert shown.rstrip(".").lower().startswith(said.split(" (set CONSENT_DESK")[0].lower()[:60])
    assert is_database_fault(exc) is retry
