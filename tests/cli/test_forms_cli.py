"""``forms``, ``form-code`` and ``stale-sheets`` from the command line: print a class's forms,
scan a barcode off the printed page, look it up, and see a sheet go stale after a withdrawal."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from consent_desk.cli.main import main
from consent_desk.db.engine import Database
from consent_desk.domain.years import AcademicYear
from consent_desk.services.learners import NewLearner, add_learner
from consent_desk.services.returns import NewReturn, add_return
from tests.conftest import TRUST
from tests.outputs.code128 import page_codes
from tests.outputs.readback import pdf_pages
from tests.rule_cases import C, R, but, every

YEAR = AcademicYear.current().label


def cli(*argv: str) -> int:
    return main(list(argv))


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert cli("--database", url, "init", "--trust", TRUST) == 0
    assert cli("--database", url, "academy", "add", "OAK", "--name", "Oakfield Primary") == 0
    assert cli("--database", url, "academy", "add", "HGH", "--name", "Hillgate High") == 0
    db = Database(url)
    for surname, forename, group, upn in (
        ("Adams", "Amy", "7A", "A123456789012"),
        ("Baker", "Bea", "7A", None),
        ("Cole", "Cal", "7B", None),
    ):
        lid = add_learner(
            db,
            "OAK",
            NewLearner(surname, forename, upn=upn, reg_group=group, year_group="7"),
            "setup",
        )
        add_return(
            db, NewReturn(lid, YEAR, every(C), datetime.now().replace(microsecond=0)), "setup"
        )
    db.dispose()
    return url


def test_forms_for_a_group_and_scanning_one_back(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "7a.pdf"
    assert (
        cli(
            "--database",
            url,
            "forms",
            "--academy",
            "OAK",
            "--year",
            YEAR,
            "--group",
            "7A",
            "--out",
            str(out),
        )
        == 0
    )
    assert "2 form(s), 2 page(s)" in capsys.readouterr().out
    pages = pdf_pages(out)
    assert "Amy Adams" in pages[0] and "Bea Baker" in pages[1]

    (scanned,) = page_codes(out, 1)
    capsys.readouterr()
    assert (
        cli(
            "--database",
            url,
            "form-code",
            f" {scanned.lower()} ",
            "--academy",
            "OAK",
            "--year",
            YEAR,
            "--json",
        )
        == 0
    )
    found = json.loads(capsys.readouterr().out)
    assert (found["forename"], found["surname"], found["reg_group"]) == ("Bea", "Baker", "7A")

    assert cli("--database", url, "form-code", scanned, "--academy", "HGH", "--year", YEAR) == 2
    err = capsys.readouterr().err
    assert "this form is for a learner at OAK, not HGH" in err and len(err.splitlines()) == 1


def test_stale_sheets_after_a_withdrawal(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for group in ("7A", "7B"):
        assert (
            cli(
                "--database",
                url,
                "roster",
                "--academy",
                "OAK",
                "--year",
                YEAR,
                "--group",
                group,
                "--out",
                str(tmp_path / f"{group}.pdf"),
            )
            == 0
        )
    capsys.readouterr()
    assert cli("--database", url, "stale-sheets", "--academy", "OAK", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []

    db = Database(url)
    with db.session() as s:
        from consent_desk.db.models import Learner

        amy = s.query(Learner.id).filter(Learner.legal_forename == "Amy").scalar()
    add_return(
        db,
        NewReturn(
            amy,
            YEAR,
            but(C, website=R),
            datetime.now().replace(microsecond=0),
            respondent_name="Mum",
        ),
        "office",
    )
    db.dispose()

    assert cli("--database", url, "stale-sheets", "--academy", "oak", "--year", YEAR, "--json") == 0
    (sheet,) = json.loads(capsys.readouterr().out)
    assert (sheet["scope"], sheet["group"], sheet["printed_by"]) == (
        "reg_group",
        "7A",
        "test.office",
    )
    assert sheet["reason"] == "Amy Adams is now on the sheet (Restricted)"
    assert datetime.fromisoformat(sheet["printed_at"]).date() == datetime.now().date()

    assert cli("--database", url, "stale-sheets", "--academy", "OAK") == 0
    assert "Reprint group 7A" in capsys.readouterr().out
    assert (
        cli(
            "--database",
            url,
            "roster",
            "--academy",
            "OAK",
            "--year",
            YEAR,
            "--group",
            "7A",
            "--out",
            str(tmp_path / "again.pdf"),
        )
        == 0
    )
    capsys.readouterr()
    assert cli("--database", url, "stale-sheets", "--academy", "OAK", "--json") == 0
    assert json.loads(capsys.readouterr().out) == []


def test_forms_for_chosen_learners_and_bad_input(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.txt"
    assert (
        cli("--database", url, "forms", "--academy", "OAK", "--year", YEAR, "--out", str(out)) == 2
    )
    assert "must end in .pdf" in capsys.readouterr().err
    assert (
        cli(
            "--database",
            url,
            "forms",
            "--academy",
            "OAK",
            "--year",
            YEAR,
            "--group",
            "9Z",
            "--out",
            str(tmp_path / "x.pdf"),
        )
        == 2
    )
    assert "9Z" in capsys.readouterr().err
    out = tmp_path / "all.pdf"
    assert (
        cli("--database", url, "forms", "--academy", "OAK", "--year", YEAR, "--out", str(out)) == 0
    )
    assert len(pdf_pages(out)) == 3
    out = tmp_path / "chosen.pdf"
    assert (
        cli(
            "--database",
            url,
            "forms",
            "--academy",
            "OAK",
            "--year",
            YEAR,
            "--learners",
            "a123456789012",
            "--out",
            str(out),
        )
        == 0
    )
    (page,) = pdf_pages(out)
    assert "Amy Adams" in page and "A123456789012" not in page
    # The roster's hand-picked group goes through the same UPN look-up.
    assert (
        cli(
            "--database",
            url,
            "roster",
            "--academy",
            "OAK",
            "--year",
            YEAR,
            "--learners",
            "A123456789012",
            "--title",
            "Zoo trip",
            "--everyone",
            "--out",
            str(tmp_path / "trip.pdf"),
        )
        == 0
    )
    assert "Adams, Amy" in pdf_pages(tmp_path / "trip.pdf")[0]
