"""What a ninth pair of blind testers found, building files from PRODUCT.md alone: answers and
headings whose words turn a Yes round, read as consent with no question asked. PRODUCT.md: "a
mark whose meaning cannot be decided is never read as consent"; "an unsure reading of an answer
column is confirmed by a person before anything is saved"; "a parent who withdraws wins at
once"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.importing.test_blind_findings import (
    asks,
    cli,
    column_of,
    import_returns,
    reads_of,
    saved_as_shown,
    statuses,
    write_rows,
)

HEAD = "Forename,Surname,DOB,Date received"


@pytest.mark.parametrize(
    "cell",
    [
        "Y - withdrawn 3/10",
        "Yes - consent withdrawn Oct",
        "Y -> N after phone call",
        "Y (N from 1/11)",
        "Yes, now opted out",
        "N -> Y after phone call",
        "Yes - now objects",
        "Y - do not use any more",
        "Yes - pulled consent 2/10",
    ],
)
def test_an_answer_taken_back_in_words_waits_for_a_person(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str
) -> None:
    """ "Y - withdrawn 3/10" was a consent to the website with the limitation "withdrawn 3/10",
    and "Y -> N after phone call" one with the limitation "> N after phone call": the cell holds
    two answers, and which counts is for a person to read."""
    path = write_rows(tmp_path / "w.csv", f"{HEAD},Website",
                      f'Amelia,Smith,28/04/2017,05/09/2025,"{cell}"',
                      "Noah,Evans,14/02/2016,05/09/2025,Yes",
                      "Jack,O'Brien,03/09/2015,05/09/2025,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert [r["row"] for r in report["needs_review"]] == [2], report  # type: ignore[attr-defined]
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("not_returned", [])  # waits: nothing recorded as consent
    assert got["Noah"][0] == "restricted" and "website" not in got["Noah"][1]


@pytest.mark.parametrize(
    ("cell", "limitation"),
    [("Yes - group photos only", "group photos only"), ("Yes, no names please", "no names please")],
)
def test_a_yes_with_a_condition_keeps_the_condition(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str, limitation: str
) -> None:
    """Guard: a condition after a Yes is still the limitation, not a second answer."""
    path = write_rows(tmp_path / "c.csv", f"{HEAD},Website",
                      f'Amelia,Smith,28/04/2017,05/09/2025,"{cell}"')  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and not report["needs_review"], report
    assert reads_of(report, "Website")[cell].endswith(f'with the limitation "{limitation}"')


def _confirmed_as_shown(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], path: Path
) -> dict[str, object]:
    """The reading saved, every "unsure" line deleted (accepted as the read-back shows it), and
    the file imported with it: the report."""
    saved = saved_as_shown(capsys, oak, path, tmp_path / "m.json")
    code, report = import_returns(capsys, oak, path, "--mapping", str(saved))
    assert code == 0, report
    return report


@pytest.mark.parametrize(
    "heading",
    [
        "Do you mind us using photos on the website?",
        "Would you rather we didn't post photos on the website?",
        "Would you prefer we did not use photos on the website?",
        "Do you mind having photos on the website?",
        "Website - do you mind?",
        "Prefer not on website",
    ],
)
def test_do_you_mind_is_asked_about_and_a_yes_objects(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str
) -> None:
    """ "Do you mind…?" – "Yes" is a parent who minds. It was read as a consent question with
    no question asked: the parent who minded was recorded as consenting."""
    path = write_rows(tmp_path / "m.csv", f'{HEAD},"{heading}"',
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes",
                      "Noah,Evans,14/02/2016,05/09/2025,No")  # fmt: skip
    asks(capsys, oak, path, about=heading)
    _confirmed_as_shown(oak, tmp_path, capsys, path)
    got = statuses(capsys, oak)
    assert got["Amelia"][1] == ["website"]
    assert "website" not in got["Noah"][1]


def _keyed_sheet(path: Path, headings: list[str], *rows: list[object]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Forename", "Surname", "DOB", "Date received", *headings])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_key_in_the_heading_reads_the_marks_as_it_says_and_is_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Social media (1 = consent, 0 = refuse)" was read, sure, as an objection ("refuse" in
    the key), so the parents who wrote 0 were recorded as consenting; under "Website (0 = Yes,
    1 = No)" the proposed reading took 1 as a consent. The marks (numbers in the workbook's
    cells) are now read as the heading's key says, and a person confirms it."""
    social, website = "Social media (1 = consent, 0 = refuse)", "Website (0 = Yes, 1 = No)"
    news = "Newsletter (1=No, 2=Yes)"
    received = date(2025, 9, 5)
    path = _keyed_sheet(
        tmp_path / "k.xlsx",
        [social, website, news],
        ["Amelia", "Smith", date(2017, 4, 28), received, 0, 1, 1],
        ["Noah", "Evans", date(2016, 2, 14), received, 1, 0, 2],
    )
    asks(capsys, oak, path, about=social)
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0, report
    for heading in (social, website, news):
        assert "key to the marks" in column_of(report, heading)["why"]
    assert reads_of(report, social) == {"0": "objects to Social media",
                                        "1": "consents to Social media"}  # fmt: skip
    assert reads_of(report, website) == {"0": "consents to Websites", "1": "objects to Websites"}
    assert reads_of(report, news) == {"1": "objects to Print", "2": "consents to Print"}
    _confirmed_as_shown(oak, tmp_path, capsys, path)
    got = statuses(capsys, oak)
    assert got["Amelia"][1] == ["print", "social_media", "website"]
    assert not {"print", "social_media", "website"} & set(got["Noah"][1])


@pytest.mark.parametrize(
    ("conditions", "says_no_to"),
    [
        ("No social media", "Social media"),
        ("not on facebook please", "Social media"),
        ("Not in the newspaper", "Press"),
        ("Mum phoned – no photos at all", "Displays in the academy, Websites, Social media"),
        ("Facebook: no", "Social media"),
        ("don't put on insta", "Social media"),
        ("keep off FB", "Social media"),
        ("Website ok, social media - NO", "Social media"),
        ("no pictures in the paper", "Press"),
    ],
)
def test_words_that_say_no_to_a_use_the_answers_consent_to_wait_for_a_person(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], conditions: str, says_no_to: str
) -> None:
    """ "No social media" in the conditions beside Social media = Yes was a social media
    consent with a limitation: the refusal was in no count, and the publishing check said "OK
    only as the limitations say". The row waits for a person, read until then as refusing."""
    path = write_rows(tmp_path / "n.csv", f"{HEAD},Photo consent,Conditions",
                      f'Amelia,Smith,28/04/2017,05/09/2025,Yes,"{conditions}"',
                      "Noah,Evans,14/02/2016,05/09/2025,Yes,")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    reasons = [r["reason"] for r in report["needs_review"]]  # type: ignore[attr-defined]
    assert len(reasons) == 1 and f"says no to {says_no_to}" in reasons[0], reasons
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("not_returned", []) and got["Noah"] == ("no_restriction", [])


@pytest.mark.parametrize(
    "conditions",
    ["No names please", "no names on the website", "No problem with social media",
     "Group photos only, not on own", "no name on website", "no tagging on facebook",
     "No names in newsletter", "No photos of him in swimwear on social media",
     "no photos of her face on the website", "No names online"],
)  # fmt: skip
def test_a_condition_that_refuses_no_use_is_the_limitation(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], conditions: str
) -> None:
    """Guard: a "no" that limits how a use is made ("no names on the website") is the
    limitation, and the row is imported."""
    path = write_rows(tmp_path / "g.csv", f"{HEAD},Photo consent,Conditions",
                      f'Amelia,Smith,28/04/2017,05/09/2025,Yes,"{conditions}"')  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and not report["needs_review"], report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", [])


@pytest.mark.parametrize("withdrawal_first", [False, True], ids=["typed in first", "typed in last"])
def test_a_sheet_with_no_dates_does_not_overrule_a_dated_withdrawal(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], withdrawal_first: bool
) -> None:
    """September's paper forms typed in with no date column are stored as received when they
    are imported; a withdrawal letter dated 1 December, imported before or after them, was then
    the earlier return and lost: the parent's consent stood. Which came last cannot be told:
    the withdrawal counts (PRODUCT.md: "a parent who withdraws wins at once")."""
    head = "Forename,Surname,DOB,Parent/carer,Website,Social media,Print,Press,Video,Internal"
    forms = write_rows(tmp_path / "forms.csv", head,
                       "Amelia,Smith,28/04/2017,Jo Smith,Yes,Yes,Yes,Yes,Yes,Yes",
                       "Noah,Evans,14/02/2016,Sam Evans,Yes,Yes,Yes,Yes,Yes,Yes")  # fmt: skip
    withdrawn = "01/12/2025,Amelia,Smith,28/04/2017,Jo Smith,No,No,No,No,No,No"
    letters = write_rows(tmp_path / "letters.csv", f"Date received,{head}", withdrawn)
    for path in (letters, forms) if withdrawal_first else (forms, letters):
        code, report = import_returns(capsys, oak, path)
        assert code == 0 and report["imported"], report
    got = statuses(capsys, oak)
    assert got["Amelia"][0] == "no_images"
    assert got["Noah"] == ("no_restriction", [])


def test_a_saved_mapping_left_without_a_purpose_says_what_to_choose(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Newpaper" (a typo) names no purpose, so its saved reading has none. With its "unsure"
    line deleted, the app's own file was refused as "not a saved column mapping"."""
    path = write_rows(tmp_path / "t.csv", f"{HEAD},Website,Newpaper",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes,No")  # fmt: skip
    mapping = tmp_path / "t.json"
    import_returns(capsys, oak, path, "--dry-run", "--save-mapping", str(mapping))
    lines = mapping.read_text(encoding="utf-8").splitlines()
    mapping.write_text("\n".join(x for x in lines if '"unsure"' not in x), encoding="utf-8")
    code, _, err = cli(capsys, oak, "import-returns", str(path), "--academy", "OAK", "--year",
                       "2025/26", "--mapping", str(mapping))  # fmt: skip
    assert code != 0 and "not a saved column mapping" not in err
    assert "column 'Newpaper' has no purpose chosen: give its \"purposes\"" in err
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


@pytest.mark.parametrize(
    ("heading", "cell", "refuses_website"),
    [
        ("Website", "Definitely not", True),
        ("Website", "Rather not", True),
        ("Website", "Not keen", True),
        ("Website", "Nah", True),
        ("Website", "Not at all", True),
        ("Website", "Sure", False),
        ("Website", "Of course", False),
        ("Website", "No problem", False),
        ("Website", "Don't mind", False),
        ("Do you object to photos on the website?", "Absolutely", True),
        ("Do you object to photos on the website?", "Don't object", False),
    ],
)
def test_everyday_answers_are_read_as_the_parent_meant(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str, cell: str,
    refuses_website: bool,
) -> None:  # fmt: skip
    """ "Definitely not", "Rather not", "Sure", "No problem"… waited for review as "not an
    answer: write Yes or No". Their meaning is plain (a Yes turns round under an objection:
    "Do you object…? Absolutely" objects)."""
    path = write_rows(tmp_path / "e.csv", f'{HEAD},"{heading}"',
                      f'Amelia,Smith,28/04/2017,05/09/2025,"{cell}"',
                      "Noah,Evans,14/02/2016,05/09/2025,Yes",
                      "Jack,O'Brien,03/09/2015,05/09/2025,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and not report["needs_review"], report
    refused = statuses(capsys, oak)["Amelia"][1]
    assert ("website" in refused) is refuses_website


def test_the_read_back_of_a_blank_tick_list_says_when_it_is_not_a_return(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A blank cell under a consent tick list, on a sheet with no date received: the read-back
    promised "objects to every use" for a row the import then did not take as a return."""
    heading = "Please tick all the ways we may use photos of your child"
    path = write_rows(tmp_path / "b.csv", f'Forename,Surname,DOB,"{heading}"',
                      'Amelia,Smith,28/04/2017,"Website;Newsletter"',
                      "Noah,Evans,14/02/2016,")  # fmt: skip
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0, report
    blank = reads_of(report, heading)[""]
    assert blank.startswith("nothing ticked: ") and "is not taken as a return" in blank
    assert statuses(capsys, oak)["Noah"] == ("not_returned", [])


def test_a_totals_row_below_the_returns_is_not_a_return(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Total,3,,,2,1" under a typed sheet waited in the review queue as a parent's return
    that could not be read; it is the office's count, left out with a note."""
    path = write_rows(tmp_path / "t.csv", "Surname,Forename,DOB,Website,Press",
                      "Smith,Amelia,28/04/2017,Yes,No",
                      "Evans,Noah,14/02/2016,Yes,Yes",
                      ",,,,",
                      "Total,2,,2,1")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and not report["needs_review"] and report["imported"] == 2, report
    notes = [w["message"] for w in report["warnings"]]  # type: ignore[attr-defined]
    assert "row 5 looks like a row of totals, not a return: not taken as one" in notes


@pytest.mark.parametrize("cell", ["Definitely not", "Never", "No way", "Not at all"])
def test_a_strong_no_to_an_objection_question_waits_for_a_person(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str
) -> None:
    """ "Do you object…? Never": no objection, or a parent answering the question the wrong way
    round ("never on the website")? Under a consent question a strong No is a refusal; here a
    person reads it, and it is never taken as a consent."""
    heading = "Do you object to photos on the website?"
    path = write_rows(tmp_path / "s.csv", f'{HEAD},"{heading}"',
                      f'Amelia,Smith,28/04/2017,05/09/2025,"{cell}"',
                      "Noah,Evans,14/02/2016,05/09/2025,Yes",
                      "Jack,O'Brien,03/09/2015,05/09/2025,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and [r["row"] for r in report["needs_review"]] == [2], report  # type: ignore[attr-defined]
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


@pytest.mark.parametrize(
    ("heading", "reads"),
    [
        ("Photo consent: 0 = No / 1 = Yes", {"0": "objects to every use",
                                              "1": "consents to every use"}),
        ("Website (1) Yes (2) No", {"1": "consents to Websites", "2": "objects to Websites"}),
        ("Website (1 = No)", {"1": "objects to Websites"}),
    ],
)  # fmt: skip
def test_keys_written_other_ways_read_the_marks_as_they_say(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str,
    reads: dict[str, str],
) -> None:  # fmt: skip
    """ "Photo consent: 0 = No / 1 = Yes" was read with "consent: 0" as "0 means consent", and
    "(1) Yes (2) No" with 2 as a Yes: confirmed as shown, a parent's No was a consent."""
    marks = list(reads)
    path = _keyed_sheet(tmp_path / "k.xlsx", [heading],
                        ["Amelia", "Smith", date(2017, 4, 28), date(2025, 9, 5), int(marks[0])],
                        ["Noah", "Evans", date(2016, 2, 14), date(2025, 9, 5),
                         int(marks[-1])])  # fmt: skip
    asks(capsys, oak, path, about=heading)
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0, report
    assert reads_of(report, heading) == reads


def test_a_numbered_section_is_no_key(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Guard: "Section 2 - Objection" numbers a part of the form; its Yes still objects."""
    heading = "Section 2 - Objection"
    path = write_rows(tmp_path / "o.csv", f"{HEAD},{heading}",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes",
                      "Noah,Evans,14/02/2016,05/09/2025,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0 and "key" not in column_of(report, heading)["why"], report
    assert reads_of(report, heading)["Yes"] == "objects to every use"


def test_the_read_back_leaves_out_a_totals_row(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The totals row is not taken as a return, so its "2" and "1" are no parent's answers:
    the read-back had listed them as cells that "cannot be read: the row waits for review"."""
    path = write_rows(tmp_path / "t.csv", "Surname,Forename,DOB,Website,Press",
                      "Smith,Amelia,28/04/2017,Yes,No",
                      "Evans,Noah,14/02/2016,Yes,Yes",
                      "Total,2,,2,1")  # fmt: skip
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0 and not report["needs_review"], report
    website = {v["value"]: v["rows"] for v in column_of(report, "Website")["values"]}
    press = {v["value"]: v["rows"] for v in column_of(report, "Press")["values"]}
    assert website == {"Yes": 2} and press == {"Yes": 1, "No": 1}, report
