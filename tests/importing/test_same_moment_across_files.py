"""One parent's two returns of one day, in two files, on SQLite and PostgreSQL: which came later
cannot be told, so a return that would allow more than the one recorded waits for a person."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consent_desk.cli.main import main
from tests.importing.test_blind_findings import LEARNERS, TRUST, YEAR

HEAD = "Forename,Surname,DOB,Date received,Returned by,Website,Press"


def test_a_same_day_consent_after_a_recorded_refusal_waits(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def cli(*argv: str) -> str:
        code = main(["--database", database_url, *argv])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    (tmp_path / "learners.csv").write_text(LEARNERS, encoding="utf-8")
    cli("init", "--trust", TRUST)
    cli("academy", "add", "OAK", "--name", "Oak", "--phase", "primary")
    cli("import-learners", str(tmp_path / "learners.csv"), "--academy", "OAK")
    for name, press in (("no.csv", "No"), ("yes.csv", "Yes")):
        (tmp_path / name).write_text(
            f"{HEAD}\nAmelia,Smith,28/04/2017,22/09/2025 18:30,Mr Smith,Yes,{press}\n",
            encoding="utf-8",
        )
    cli("import-returns", str(tmp_path / "no.csv"), "--academy", "OAK", "--year", YEAR)
    report = json.loads(cli("import-returns", str(tmp_path / "yes.csv"), "--academy", "OAK",
                            "--year", YEAR, "--json"))  # fmt: skip
    assert [r["row"] for r in report["needs_review"]] == [2]
    rows = json.loads(cli("restrictions", "--academy", "OAK", "--year", YEAR, "--all", "--json"))
    (amelia,) = [r for r in rows if r["forename"] == "Amelia"]
    assert amelia["status"] == "restricted" and amelia["refused"] == ["press"]
    # the same file again is the same return: nothing waits twice, nothing is added
    again = json.loads(cli("import-returns", str(tmp_path / "no.csv"), "--academy", "OAK",
                           "--year", YEAR, "--json"))  # fmt: skip
    assert again["imported"] == 0 and again["duplicates"] == 1 and again["needs_review"] == []


def test_what_loosens_a_recorded_return() -> None:
    """The rule the import applies to a same-moment return: anything the recorded one did not
    allow (a purpose the trust added since counts as not answered before); a limitation that
    says nothing ("n/a") is no limitation."""
    from consent_desk.services.imports import _loosens

    old = {"website": "refuse", "press": "consent"}
    assert _loosens({"website": "consent", "press": "consent"}, None, old, None)
    assert not _loosens({"website": "refuse", "press": "refuse"}, None, old, None)
    assert _loosens({"website": "refuse", "press": "consent", "video": "consent"}, None, old, None)
    assert not _loosens({"website": "refuse", "press": "consent"}, None, old, "n/a")
    assert _loosens({"website": "refuse", "press": "consent"}, None, old, "first name only")
    assert not _loosens({"website": "refuse", "press": "consent"}, "first  name only", old,
                        "first name only")  # fmt: skip
