"""Layouts a fifth tester built blind from PRODUCT.md. Expected results from PRODUCT.md's rules:
free text from parents is a limitation unless a person says otherwise; a reading shown must be
what the parent wrote; a column whose meaning is not certain is asked about."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importing.test_blind_findings import (
    cli,
    column_of,
    import_returns,
    reads_of,
    statuses,
    write_rows,
)


def test_a_french_forms_export_keeps_the_parents_comment(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The child's details and the comments asked in French are read; "Pas de photos de face"
    is the parent's condition, so the child is restricted, not free of restrictions."""
    path = write_rows(tmp_path / "fr.csv",
                      "Nom et prénom de l'enfant,Date de naissance de l'enfant,Classe,"
                      "Do you consent to photographs and video images of your child being used?,"
                      "Commentaires",
                      "Amelia Smith,28/04/2017,3A,Yes,Pas de photos de face merci",
                      "Noah Evans,14/02/2016,4B,Yes,")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", []) and got["Noah"] == ("no_restriction", [])


def test_a_column_we_cannot_read_that_holds_parents_wishes_is_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "odd.csv", "Forename,Surname,DOB,Website,Lo que nos dice",
                      "Amelia,Smith,28/04/2017,Yes,sin fotos en la prensa por favor")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 3 and "Lo que nos dice" in report["confirm"]  # type: ignore[operator]
    code, report = import_returns(capsys, oak, path, "--dry-run")
    column = column_of(report, "Lo que nos dice")
    assert column["role"] == "limitation" and column["sure"] is False


def test_n_a_is_not_answered_not_an_n_for_no(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "na.csv", "Forename,Surname,DOB,Date received,Website,Press",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes,N/A - not going",
                      "Noah,Evans,14/02/2016,05/09/2025,Yes,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0
    assert (
        reads_of(report, "Press")["N/A - not going"]
        == 'not answered, with the limitation "not going"'
    )


def test_news_alone_is_not_taken_for_the_press(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "NEWS" may be the newsletter (print) or the press: a person says which."""
    path = write_rows(tmp_path / "caps.csv", "SURNAME,FORENAME,DOB,WEBSITE,NEWS",
                      "Smith,Amelia,28/04/2017,Y,N")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 3 and "NEWS" in report["confirm"]  # type: ignore[operator]
    code, out, _ = cli(capsys, oak, "restrictions", "--academy", "OAK", "--year", "2025/26",
                       "--all", "--json")  # fmt: skip
    assert code == 0 and '"not_returned"' in out


@pytest.mark.parametrize("platform", ["Class Dojo", "EYFS learning journal (Tapestry)", "Seesaw"])
def test_an_online_learning_journal_is_asked_about_not_taken_for_displays(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], platform: str
) -> None:
    """Photos on Class Dojo reach families' phones: a No there must not be filed under
    displays inside the academy without a person saying so."""
    path = write_rows(tmp_path / "eyfs.csv",
                      f"Child's full name,Child's date of birth,{platform},Classroom displays",
                      "Noah Evans,14/02/2016,No,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 3 and platform in report["confirm"]  # type: ignore[operator]
