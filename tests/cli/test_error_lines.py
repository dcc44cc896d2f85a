"""Every database fault reaches the user as one line that says what to do: the server's words
are kept (cut short) but never stand alone, and a fault nobody foresaw is not a traceback."""

from __future__ import annotations

import pytest

from consent_desk.cli import main as cli_main
from consent_desk.services.errors import explain_database_error

SERVER = 'connection to server at "10.0.0.5", port 5432 failed: '


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        (
            SERVER + 'FATAL: password authentication failed for user "consent"',
            "refused the user name or password",
        ),
        (SERVER + 'FATAL: role "consnet" does not exist', "no such user"),
        (SERVER + 'FATAL: database "consnet" does not exist', "no such database"),
        (SERVER + 'FATAL: no pg_hba.conf entry for host "10.0.0.9"', "pg_hba.conf"),
        ('could not translate host name "db.trust.lcoal" to address', "name is not known"),
        (SERVER + "Connection refused", "cannot be reached"),
        ("database is locked", "busy with another desk's change"),
        (
            'duplicate key value violates unique constraint "uq_academic_year_label"',
            "saved by someone else at the same moment",
        ),
        ("value too long for type character varying(100)", "too long"),
        ("some new fault", "nothing was saved; try again"),
    ],
)
def test_each_database_fault_says_what_to_do(raw: str, says: str) -> None:
    line = explain_database_error(Exception(raw))
    assert says in line and "\n" not in line
    if "password" in raw:
        assert "cannot be reached" not in line  # a wrong password is not a network fault


def test_an_unforeseen_fault_is_one_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: object
) -> None:
    def broken(args: object) -> int:
        raise KeyError("learner")

    monkeypatch.delenv("CONSENT_DESK_TRACEBACK", raising=False)
    code = cli_main.run_handler(broken, cli_main.build_parser().parse_args(["backup"]))
    err = capsys.readouterr().err
    assert code == cli_main.EXIT_FAILED
    assert len(err.strip().splitlines()) == 1 and "KeyError" in err and "Traceback" not in err
    monkeypatch.setenv("CONSENT_DESK_TRACEBACK", "1")
    with pytest.raises(KeyError):
        cli_main.run_handler(broken, cli_main.build_parser().parse_args(["backup"]))
