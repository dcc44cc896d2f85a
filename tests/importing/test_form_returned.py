"""An office sheet's "Form returned?" column. PRODUCT.md: "A form handed in with nothing answered
is a return with every purpose unanswered"; a learner with no return is `not_returned`, and is on
the restriction list only while the trust treats non-returns as restricted. A blank form marked
"Y" was left out as "no answers and no date received", so the child showed as not returned (off
the list when that setting is off) though the parent had handed the form in unanswered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consent_desk.importing.headers import ColumnRole
from consent_desk.importing.mapping import guess_mapping
from consent_desk.importing.readers import column_values, read_table
from tests.importing.test_blind_findings import (
    column_of,
    import_returns,
    reads_of,
    statuses,
    write_rows,
)

HEAD = "Forename,Surname,DOB"


@pytest.mark.parametrize(
    ("heading", "back", "not_back"),
    [
        ("Form returned?", "Y", "N"),
        ("Returned", "✓", ""),
        ("Consent form received?", "Yes", "No"),
        ("Form back", "x", ""),
    ],
)
def test_a_blank_form_marked_returned_is_a_return_with_nothing_answered(
    oak: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    heading: str,
    back: str,
    not_back: str,
) -> None:
    path = write_rows(tmp_path / "r.csv", f"{HEAD},{heading},Website,Press",
                      f"Amelia,Smith,28/04/2017,{back},,",  # handed in, nothing answered
                      f"Noah,Evans,14/02/2016,{not_back},,",  # not back
                      f"Jack,O'Brien,03/09/2015,{not_back},Yes,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert report["imported"] == 2 and report["needs_review"] == [], report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", [])  # every use not answered
    assert got["Noah"] == ("not_returned", [])
    assert got["Jack"] == ("restricted", ["press"])  # answers make a return, whatever the mark
    # the read-back says how each mark was read
    reads = reads_of(report, heading)
    assert reads[back].startswith("came back: a return, even with nothing answered")
    column = column_of(report, heading)
    assert column["role"] == "returned" and column["sure"]


def test_a_blank_form_not_marked_says_how_to_count_it(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Form returned?,Website",
                      "Amelia,Smith,28/04/2017,N,", "Noah,Evans,14/02/2016,,")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 0, report
    said = json.dumps(report["warnings"], ensure_ascii=False)
    assert "mark it Y in 'Form returned?' or fill in the date received" in said
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


def test_a_letter_sent_column_does_not_make_a_return(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Letter sent? Y" says the form went home, not that it came back."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Letter sent?,Website",
                      "Amelia,Smith,28/04/2017,Y,")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 0, report
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


def test_a_saved_mapping_keeps_the_returned_column(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Form returned?,Website",
                      "Amelia,Smith,28/04/2017,Y,", "Noah,Evans,14/02/2016,N,")  # fmt: skip
    saved = tmp_path / "mapping.json"
    import_returns(capsys, oak, path, "--dry-run", "--save-mapping", str(saved))
    roles = {c["header"]: c["role"] for c in json.loads(saved.read_text())["columns"]}
    assert roles["Form returned?"] == "returned"
    code, report = import_returns(capsys, oak, path, "--mapping", str(saved))
    assert code == 0 and report["imported"] == 1, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", [])


def test_a_person_can_say_a_column_holds_whether_the_form_came_back(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Signed and returned" is asked about (its heading names no purpose); the office says it
    holds whether the form came back, in a saved mapping."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Signed and returned,Website",
                      "Amelia,Smith,28/04/2017,Y,", "Noah,Evans,14/02/2016,N,")  # fmt: skip
    saved = tmp_path / "mapping.json"
    import_returns(capsys, oak, path, "--dry-run", "--save-mapping", str(saved))
    mapping = json.loads(saved.read_text())
    for column in mapping["columns"]:
        if column["header"] == "Signed and returned":
            column.clear()
            column.update(header="Signed and returned", role="returned")
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    code, report = import_returns(capsys, oak, path, "--mapping", str(saved))
    assert code == 0 and report["imported"] == 1, report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", []) and got["Noah"] == ("not_returned", [])


def test_a_returned_column_of_other_words_is_not_taken_as_one(tmp_path: Path) -> None:
    """Only Y/N-style marks say whether a form came back: "chased twice" does not."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Form returned?", "Amelia,Smith,28/04/2017,Y",
                      "Noah,Evans,14/02/2016,chased twice")  # fmt: skip
    table = read_table(path)
    mapping = guess_mapping(table.headers, "returns", column_values(table))
    assert mapping.columns[3].role is ColumnRole.IGNORE
