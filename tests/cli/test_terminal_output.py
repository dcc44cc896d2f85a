"""The command line's text output cannot drive the terminal: a name holding an escape sequence
(ESC[2K erases the line it is on), a carriage return or a bidi override is written escaped, and
the JSON output still reads back as exactly what is stored."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from consent_desk.cli.main import main
from consent_desk.cli.terminal import safe_text
from consent_desk.db.engine import Database
from consent_desk.db.models import Learner
from tests.conftest import SAMPLES

ERASE = "\x1b[2K\r"
SURNAME = f"Smith{ERASE}"
FORENAME = "Jo\u202eoJ\x9b31m"


def test_safe_text_escapes_controls_and_keeps_the_rest() -> None:
    assert safe_text("a\x1b[2K\rb\tc\nd") == "a\\u001b[2K\\u000db\tc\nd"
    assert safe_text("\x07\x7f\x9b\u202e\u2066") == "\\u0007\\u007f\\u009b\\u202e\\u2066"
    assert safe_text("Łukasz محمد 😀 O'Neill") == "Łukasz محمد 😀 O'Neill"


@pytest.fixture
def url(tmp_path: object, trust_db: Database) -> str:
    from consent_desk.services.learner_import import import_learners

    import_learners(trust_db, SAMPLES / "oakfield-learners-sims.csv", "OAK")
    with trust_db.session() as s:
        first = s.scalars(select(Learner).order_by(Learner.id)).first()
        assert first is not None
        first.legal_surname = first.preferred_surname = SURNAME
        first.legal_forename = first.preferred_forename = FORENAME
    return str(trust_db.url)


def test_restrictions_text_is_escaped(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--database", url, "restrictions", "--academy", "OAK", "--year", "2025/26",
                 "--all"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out and "\x9b" not in out
    assert "Smith\\u001b[2K\\u000d, Jo\\u202eoJ\\u009b31m" in out
    assert all(line.count("\t") == 4 for line in out.splitlines())  # one learner a line


def test_restrictions_json_reads_back_exactly(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--database", url, "restrictions", "--academy", "OAK", "--year", "2025/26",
                 "--all", "--json"]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\u202e" not in out and "\x9b" not in out
    rows = json.loads(out)
    assert any(r["surname"] == SURNAME and r["forename"] == FORENAME for r in rows)
