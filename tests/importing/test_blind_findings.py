"""Layouts a second tester built blind from PRODUCT.md (issue 11), each of which once showed a
child as consenting to what the parent refused. Expected results from PRODUCT.md's rules: an
objection-worded question means Yes = refuse; a purpose no column answers is not answered; a
form of another year does not count for this one; a second sheet of returns is never skipped
unseen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from consent_desk.cli.main import main

TRUST = "Blind Test Trust"
YEAR = "2025/26"
LEARNERS = ("UPN,Adno,Legal Surname,Legal Forename,DOB,Year,Reg Group\n"
            ",1001,Evans,Noah,14/02/2016,4,4B\n"
            ",1002,Smith,Amelia,28/04/2017,3,3A\n"
            ",1003,O'Brien,Jack,03/09/2015,5,5C\n")  # fmt: skip
EVERY = ["internal", "press", "print", "social_media", "video", "website"]


def cli(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> tuple[int, str, str]:
    code = main(["--database", url, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def write_rows(path: Path, header: str, *rows: str) -> Path:
    """A CSV file of ``header`` and ``rows``, each a line as the office typed it."""
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def column_of(report: dict[str, Any], header: str) -> dict[str, Any]:
    """The read-back of the column headed ``header`` in an import's ``--json`` report."""
    (column,) = [c for c in report["columns"] if c["header"] == header]
    return column


def reads_of(report: dict[str, Any], header: str) -> dict[str, str]:
    """Each value of the column headed ``header`` -> what the read-back says it is read as."""
    return {v["value"]: v["reads_as"] for v in column_of(report, header)["values"]}


def statuses(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, tuple[str, list[str]]]:
    code, out, _ = cli(capsys, url, "restrictions", "--academy", "OAK", "--year", YEAR,
                       "--all", "--json")  # fmt: skip
    assert code == 0
    return {r["forename"]: (r["status"], sorted(r["refused"])) for r in json.loads(out)}


def import_returns(capsys: pytest.CaptureFixture[str], url: str, path: Path,
                   *extra: str) -> tuple[int, dict[str, object]]:  # fmt: skip
    code, out, _ = cli(capsys, url, "import-returns", str(path), "--academy", "OAK", "--year",
                       YEAR, "--json", *extra)  # fmt: skip
    return code, json.loads(out) if out.strip() else {}


def saved_as_shown(capsys: pytest.CaptureFixture[str], url: str, path: Path,
                   saved: Path) -> Path:  # fmt: skip
    """The file's reading saved to ``saved`` with every "unsure" line deleted, as an office
    worker who accepts the reading as the read-back shows it: the mapping file."""
    import_returns(capsys, url, path, "--dry-run", "--save-mapping", str(saved))
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    for column in mapping["columns"]:
        column.pop("unsure", None)
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    return saved


def asks(capsys: pytest.CaptureFixture[str], url: str, path: Path, *extra: str,
         about: str | None = None) -> None:  # fmt: skip
    """The import stops for a person to confirm a reading (exit 3, naming ``about`` when given
    among the columns to confirm) and records nothing: Amelia has no return."""
    code, report = import_returns(capsys, url, path, *extra)
    assert code == 3 and report["confirm"], report
    if about is not None:
        assert about in report["confirm"], report  # type: ignore[operator]
    assert statuses(capsys, url)["Amelia"] == ("not_returned", [])


NEGATIVE_HEADINGS = [
    "No photos on {}", "I do not give permission for photos on the {}", "Withhold consent: {}",
    "{} - don't use", "Exclude from {}", "{}: no photos please", "Keep off {}",
    "No consent - {}",
]  # fmt: skip
PLACES = ["website", "social media", "newsletter", "press", "video", "displays"]


@pytest.mark.parametrize("heading", NEGATIVE_HEADINGS)
def test_a_yes_under_a_negative_heading_is_a_refusal(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str
) -> None:
    path = tmp_path / "negative.csv"
    head = ",".join(heading.format(p) for p in PLACES)
    path.write_text(f"Forename,Surname,DOB,{head}\nNoah,Evans,14/02/2016,Y,Y,Y,Y,Y,Y\n",
                    encoding="utf-8")  # fmt: skip
    code, _ = import_returns(capsys, oak, path)
    # sure and read as objections, or unsure and not saved: never a consent
    got = statuses(capsys, oak)["Noah"]
    if code == 0:
        assert got == ("no_images", EVERY)
    else:
        assert code == 3 and got == ("not_returned", [])


def test_a_do_not_give_permission_tick_list_refuses_what_is_ticked(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d1.csv"
    path.write_text(
        "Child's full name,Child's date of birth,Date received,I do NOT give permission for my "
        "child's image to be used for the following (tick all that apply)\n"
        "Noah Evans,14/02/2016,05/09/2025,School website;Social media;Newsletters and "
        "prospectus;Local newspapers;Video recordings and livestreams;Displays in school;\n"
        "Jack O'Brien,03/09/2015,05/09/2025,Local newspapers;\n",
        encoding="utf-8",
    )
    code, _ = import_returns(capsys, oak, path)
    assert code == 0
    got = statuses(capsys, oak)
    assert got["Noah"] == ("no_images", EVERY)
    assert got["Jack"] == ("restricted", ["press"])  # objection list: not ticked = no objection


def test_underscored_flag_headings_name_their_purpose(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d3.csv"
    path.write_text("Surname,Forename,DOB,photo_consent_web\nO'Brien,Jack,03/09/2015,1\n",
                    encoding="utf-8")  # fmt: skip
    assert import_returns(capsys, oak, path)[0] == 0
    # only the website was asked: every other use is not answered, so restricted
    assert statuses(capsys, oak)["Jack"] == ("restricted", [])


def test_a_second_sheet_of_returns_is_not_skipped(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wb = Workbook()
    first = wb.active
    assert first is not None
    first.title = "Form responses 1"
    head = [
        "Date received",
        "Child's first name",
        "Child's surname",
        "Child's date of birth",
        "Do you consent to photographs and video images of your child being used?",
    ]
    first.append(head)
    first.append(["05/09/2025", "Amelia", "Smith", "28/04/2017", "Yes"])
    second = wb.create_sheet("Changes of mind")
    second.append(head)
    second.append(["20/10/2025", "Amelia", "Smith", "28/04/2017", "No"])
    path = tmp_path / "d4.xlsx"
    wb.save(path)
    code, report = import_returns(capsys, oak, path)
    assert code == 3 and "sheet Changes of mind" in report["confirm"]  # type: ignore[operator]
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])  # nothing saved
    for sheet in ("Form responses 1", "Changes of mind"):
        assert import_returns(capsys, oak, path, "--sheet", sheet)[0] == 0
    assert statuses(capsys, oak)["Amelia"] == ("no_images", EVERY)  # the withdrawal stands


def test_a_form_of_another_year_waits_for_review(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d6.csv"
    path.write_text(
        "Timestamp,Email address,Child's name,Child's date of birth,Do you consent to "
        "photographs and video images of your child being used by the academy and trust?\n"
        "15/09/2024 10:00:00,smith@example.com,Amelia Smith,28/04/2017,Yes\n",
        encoding="utf-8",
    )
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and [r["row"] for r in report["needs_review"]] == [2]  # type: ignore[attr-defined]
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


def test_us_timestamps_are_not_read_day_first_without_asking(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "d5.csv"
    path.write_text(
        "Timestamp,Email address,Child's name,Child's date of birth,Do you consent to "
        "photographs and video images of your child being used by the academy and trust?\n"
        "9/11/2025 19:02:11,smith@example.com,Amelia Smith,28/04/2017,Yes\n"
        "10/2/2025 08:15:40,smith@example.com,Amelia Smith,28/04/2017,No\n"
        "9/20/2025 12:00:00,jones@example.com,Noah Evans,14/02/2016,Yes\n",
        encoding="utf-8",
    )
    code, report = import_returns(capsys, oak, path)
    assert code == 3 and "Timestamp" in report["confirm"]  # type: ignore[operator]
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


def test_the_dry_run_names_who_changes(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "overall.csv"
    path.write_text("Forename,Surname,DOB,Date received,Do you object to the academy and the "
                    "trust using photographs and video images of your child?\n"
                    "Noah,Evans,14/02/2016,05/09/2025,Yes\n", encoding="utf-8")  # fmt: skip
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0 and report["projected_changes"] == 1
    assert report["projected_changed_learners"] == [
        {"name": "Noah Evans", "group": "4B", "before": "Not returned", "after": "No images"}
    ]
    code, out, _ = cli(capsys, oak, "import-returns", str(path), "--academy", "OAK", "--year",
                       YEAR, "--dry-run")  # fmt: skip
    assert "Noah Evans (4B): Not returned → No images" in out
