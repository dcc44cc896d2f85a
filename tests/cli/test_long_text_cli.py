"""Through the command line, on SQLite and PostgreSQL: a learner with a 200-character name whose
parent wrote a 10,000-character limitation is imported, listed, and printed on the restricted-
learner sheet and the Principal's list, every word read back."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from consent_desk.cli.main import main
from tests.outputs.readback import pdf_text
from tests.outputs.test_long_text import in_order, prose

YEAR = "2025/26"
SURNAME = prose(200, "s") + " Zz"  # 200 characters
LIMITATION = prose(10_000)


def run(url: str, *argv: str) -> int:
    return main(["--database", url, *argv])


def test_a_long_name_and_limitation_print_in_full(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = database_url
    assert len(SURNAME) == 200 and len(LIMITATION) <= 10_000
    assert run(url, "init", "--trust", "Trust") == 0
    assert run(url, "academy", "add", "OAK", "--name", "Oakfield") == 0
    learners = tmp_path / "learners.csv"
    with learners.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Adno", "Legal Surname", "Legal Forename", "DOB", "Year", "Reg Group"])
        w.writerow(["1001", SURNAME, "Ann", "03/09/2015", "5", "5A"])
        w.writerow(["1002", "Brown", "Bo", "04/09/2015", "5", "5A"])
    assert run(url, "import-learners", str(learners), "--academy", "OAK") == 0
    returns = tmp_path / "returns.csv"
    with returns.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Adno", "Surname", "Forename", "Website", "Press", "Other restrictions",
                    "Date received"])  # fmt: skip
        w.writerow(["1001", SURNAME, "Ann", "Yes", "No", LIMITATION, "05/09/2025"])
    assert run(url, "import-returns", str(returns), "--academy", "OAK", "--year", YEAR) == 0
    capsys.readouterr()
    assert run(url, "restrictions", "--academy", "OAK", "--year", YEAR, "--json") == 0
    listed = {r["surname"]: r for r in json.loads(capsys.readouterr().out)}
    assert listed[SURNAME]["limitation"] == LIMITATION
    sheet, principal = tmp_path / "sheet.pdf", tmp_path / "list.pdf"
    assert run(url, "roster", "--academy", "OAK", "--year", YEAR, "--group", "5A",
               "--out", str(sheet)) == 0  # fmt: skip
    assert run(url, "export-list", "--academy", "OAK", "--year", YEAR,
               "--out", str(principal)) == 0  # fmt: skip
    for pdf in (sheet, principal):
        text = pdf_text(pdf)
        assert in_order(text, LIMITATION.split()), pdf.name
        assert in_order(text, SURNAME.split()), pdf.name
        assert "Brown" in text  # the learner after the long one is there too
