"""Inputs a reviewer tried against the eighth round's fixes (test_blind_findings_8.py): wordings
close to the ones fixed that were still read as sure, and ordinary layouts the fixes
had started to ask about needlessly. Expected results from PRODUCT.md: an unsure reading of an
answer column is confirmed by a person before anything is saved (exit 3, nothing recorded); the
latest return counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.importing.test_blind_findings import (
    asks,
    cli,
    import_returns,
    saved_as_shown,
    statuses,
    write_rows,
)
from tests.importing.test_blind_findings_8 import HEAD

AMELIA = "Amelia,Smith,28/04/2017,05/09/2025"
NOAH = "Noah,Evans,14/02/2016,05/09/2025"


@pytest.mark.parametrize(
    "heading",
    [
        "I do not wish my child to be excluded from press photos",
        "I do not wish to decline website photos",
        "I won't be opting out of video",
        "I do not want my child to be left out of press photos",
    ],
)
def test_more_double_negatives_are_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str
) -> None:
    path = write_rows(tmp_path / "d.csv", f'{HEAD},"{heading}"', f"{AMELIA},No", f"{NOAH},Yes")
    asks(capsys, oak, path)


@pytest.mark.parametrize(
    "heading",
    [
        "Press photos (clear the box to withdraw consent)",
        "Website (remove the X to withdraw)",
        "Video (leave blank to refuse)",
        "Press (take the tick off to withdraw)",
        "Website (pre-ticked: remove if you object)",
    ],
)
def test_more_ways_of_unticking_are_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str
) -> None:
    path = write_rows(tmp_path / "u.csv", f'{HEAD},"{heading}"', f"{AMELIA},", f"{NOAH},x")
    asks(capsys, oak, path)


@pytest.mark.parametrize(
    "title",
    ["Tick to decline:", "Ticked = refused", "Put a tick where we may NOT use photos",
     "Tick to opt your child out of:", "Tick to revoke consent", "Key: 0 = Yes, 1 = No"],
)  # fmt: skip
def test_more_questions_above_the_headings_are_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    path = write_rows(tmp_path / "t.csv", f"{title},,,,,", f"{HEAD},Website,Press",
                      f"{AMELIA},✓,", f"{NOAH},,✓")  # fmt: skip
    asks(capsys, oak, path)


@pytest.mark.parametrize(
    "title",
    ["Photo consent 2025/26 - please do not edit", "Image consent - not for circulation",
     "Photo consent – Oak Academy (excluding nursery)", "Class 3: consent returns"],
)  # fmt: skip
def test_an_office_s_own_note_above_the_headings_asks_nothing(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], title: str
) -> None:
    path = write_rows(tmp_path / "n.csv", f'"{title}",,,,,', f"{HEAD},Website,Press",
                      f"{AMELIA},Yes,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["press"])


@pytest.mark.parametrize(
    ("then", "now"),
    [
        ("Key: 1 - Yes / 0 - No", "Key: 0 - Yes / 1 - No"),
        ("Yes: 1, No: 0", "Yes: 0, No: 1"),
        ("1 yes 0 no", "0 yes 1 no"),
        ("Consent: 1 Refuse: 0", "Consent: 0 Refuse: 1"),
        ("Enter 1 if you consent, 2 if not", "Enter 2 if you consent, 1 if not"),
    ],
)
def test_more_number_keys_turned_round_are_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], then: str, now: str
) -> None:
    week_1 = write_rows(tmp_path / "w1.csv", f'"{then}",,,,,', f"{HEAD},Website,Press",
                        f"{NOAH},1,1")  # fmt: skip
    saved = saved_as_shown(capsys, oak, week_1, tmp_path / "key.json")
    assert import_returns(capsys, oak, week_1, "--mapping", str(saved))[0] == 0
    week_2 = write_rows(tmp_path / "w2.csv", f'"{now}",,,,,', f"{HEAD},Website,Press",
                        f"{AMELIA},1,1")  # fmt: skip
    asks(capsys, oak, week_2, "--mapping", str(saved))


def test_a_count_in_a_title_is_not_a_key(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    week_1 = write_rows(tmp_path / "w1.csv", "Photo consent returns (12),,,,,",
                        f"{HEAD},Website,Press", f"{NOAH},Yes,Yes")  # fmt: skip
    saved = tmp_path / "r.json"
    import_returns(capsys, oak, week_1, "--dry-run", "--save-mapping", str(saved))
    week_2 = write_rows(tmp_path / "w2.csv", "Photo consent returns (15),,,,,",
                        f"{HEAD},Website,Press", f"{AMELIA},Yes,No")  # fmt: skip
    code, report = import_returns(capsys, oak, week_2, "--mapping", str(saved))
    assert code == 0, report


def test_the_date_a_letter_was_sent_is_not_the_date_received(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Letter sent" holds dates, but not of the form coming back: a withdrawal dated by it
    would be older than the consent it withdraws."""
    first = write_rows(tmp_path / "f0.csv", "Date returned,Forename,Surname,DOB,Website,Press",
                       "15/09/2025,Noah,Evans,14/02/2016,Yes,Yes")  # fmt: skip
    assert import_returns(capsys, oak, first)[0] == 0
    later = write_rows(tmp_path / "f1.csv",
                       "Letter sent,Date returned,Forename,Surname,DOB,Website,Press",
                       "01/09/2025,20/09/2025,Noah,Evans,14/02/2016,No,No",
                       "01/09/2025,,Amelia,Smith,28/04/2017,,")  # fmt: skip
    code, report = import_returns(capsys, oak, later)
    assert code == 0, report
    got = statuses(capsys, oak)
    assert got["Noah"] == ("restricted", ["press", "website"])  # the withdrawal is the later
    assert got["Amelia"] == ("not_returned", [])  # her form never came back


@pytest.mark.parametrize("heading", ["Photo consent:", "Photo consent (Y/N):",
                                     "Image consent – opt in"])  # fmt: skip
def test_a_heading_ending_in_a_colon_is_not_left_hanging(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str
) -> None:
    path = write_rows(tmp_path / "c.csv", f'{HEAD},"{heading}"', f"{AMELIA},No", f"{NOAH},Yes")
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert statuses(capsys, oak)["Amelia"][0] == "no_images"


def test_their_name_beside_the_parent_is_the_parent_s(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "p.csv", "Completion time,Parent or carer (their name),"
                      "Child's full name,Child's date of birth,May we use photos on the website?",
                      "05/09/2025 10:00,Sarah Smith,Amelia Smith,28/04/2017,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["needs_review"] == [], report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", [])


def test_a_qualifying_heading_is_kept_with_the_limitation_even_when_it_asks_for_detail(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "l.csv", f"{HEAD},Website,Except for (please specify),"
                      "Any other uses you do NOT consent to?",
                      f"{AMELIA},Yes,Facebook,Twitter")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    _, out, _ = cli(capsys, oak, "restrictions", "--academy", "OAK", "--year", "2025/26",
                    "--all", "--json")  # fmt: skip
    (amelia,) = [r for r in json.loads(out) if r["forename"] == "Amelia"]
    assert amelia["limitation"] == (
        "Except for (please specify): Facebook; Any other uses you do NOT consent to?: Twitter"
    )


def test_a_second_child_numbered_in_words_is_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "c.csv", f"{HEAD},Website,Child two first name,"
                      "Child two surname,Child two - Website",
                      f"{AMELIA},Yes,Jack,O'Brien,No")  # fmt: skip
    asks(capsys, oak, path)
