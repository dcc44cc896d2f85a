"""Layouts two more testers built blind from PRODUCT.md, where a heading or the text above the
headings could turn the marks round and the reading was nonetheless taken as sure. PRODUCT.md:
"an unsure reading of an answer or respondent column is confirmed by a person before anything
is saved"; a question phrased as an objection means Yes = refuse. Expected: the import asks
(exit 3) and records nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.importing.test_blind_findings import (
    EVERY,
    asks,
    import_returns,
    saved_as_shown,
    statuses,
    write_rows,
)

HEAD = "Forename,Surname,DOB,Date received"


@pytest.mark.parametrize(
    "heading",
    [
        "I do not wish to opt out of videos and livestreams",
        "I don't want to withdraw my child from the school website",
        "Please do not opt my child out of press photographs",
    ],
)
def test_a_double_negative_heading_is_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str
) -> None:
    """ "No" under "I do not wish to opt out of videos" is a parent who does wish to opt out: it
    was read as consent to video, with no question."""
    path = write_rows(tmp_path / "d.csv", f'{HEAD},"{heading}"',
                      "Amelia,Smith,28/04/2017,05/09/2025,No",
                      "Noah,Evans,14/02/2016,05/09/2025,Yes")  # fmt: skip
    asks(capsys, oak, path, about=heading)


def test_untick_to_withdraw_is_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A box printed ticked, "untick to withdraw consent": a blank is the withdrawal. It was read
    as a list of objections, so the parent who unticked it was shown as consenting."""
    heading = "Press photos (untick to withdraw consent)"
    path = write_rows(tmp_path / "u.csv", f"{HEAD},Website,{heading}",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes,",
                      "Noah,Evans,14/02/2016,05/09/2025,Yes,Press photos")  # fmt: skip
    asks(capsys, oak, path, about=heading)


def test_an_objection_above_plain_headings_is_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Tick to WITHDRAW consent for:" on the line above headings that only name the uses: a
    tick is a withdrawal. The ticks were read as consents, with no question."""
    path = write_rows(tmp_path / "t.csv", "Tick to WITHDRAW consent for:,,,,,",
                      f"{HEAD},Website,Press",
                      "Amelia,Smith,28/04/2017,05/09/2025,✓,✓",
                      "Noah,Evans,14/02/2016,05/09/2025,,✓")  # fmt: skip
    asks(capsys, oak, path, about="Website")


def test_an_office_note_above_the_headings_asks_nothing(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A guard: "Please do not edit this sheet" says nothing about consent."""
    path = write_rows(tmp_path / "n.csv", "Please do not edit this sheet,,,,,",
                      f"{HEAD},Website,Press",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["press"])


def test_a_group_heading_over_a_row_of_sub_headings_is_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Consent given for:" over the uses, whose names are in the row below: the first column
    under it was read, sure, as one answer for every use, so a tick under Displays was consent
    to all of them."""
    path = write_rows(tmp_path / "g.csv", f"{HEAD},Consent given for:,,",
                      ",,,,Displays,Website,Press",
                      "Amelia,Smith,28/04/2017,05/09/2025,✓,✗,✗",
                      "Noah,Evans,14/02/2016,05/09/2025,✓,✓,✓")  # fmt: skip
    asks(capsys, oak, path, about="Consent given for:")


def test_a_yes_that_says_it_again_in_words_is_no_limitation(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Google Forms grid's choices "Yes, I give permission" / "No, I do not give permission":
    the words after the Yes or No say the same again; they were kept as the parent's
    limitation ("I give permission"), so every child was restricted."""
    stem = "Do you give permission for us to use photos of your child"
    uses = ("Website", "Press", "Displays", "Social media", "Print", "Video")
    yes, no = '"Yes, I give permission"', '"No, I do not give permission"'
    path = write_rows(tmp_path / "p.csv", HEAD + "".join(f',"{stem} [{u}]"' for u in uses),
                      "Amelia,Smith,28/04/2017,05/09/2025," + ",".join([yes] * 6),
                      "Noah,Evans,14/02/2016,05/09/2025," + ",".join([yes] * 5 + [no]))  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["needs_review"] == [], report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("no_restriction", [])
    assert got["Noah"] == ("restricted", ["video"])


def test_a_form_back_column_of_dates_is_the_date_received(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Form back" holding dates is when each form came back. It was ignored, so a returned
    opt-out form with nothing ticked was "not taken as a return"."""
    path = write_rows(tmp_path / "f.csv", "Forename,Surname,DOB,Form back,Opt out of website,"
                      "Opt out of press",
                      "Amelia,Smith,28/04/2017,05/09/2025,,",
                      "Noah,Evans,14/02/2016,06/09/2025,x,",
                      "Jack,O'Brien,03/09/2015,,,")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["needs_review"] == [], report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", [])  # a return: no opt-out; the rest not asked
    assert got["Noah"] == ("restricted", ["website"])
    assert got["Jack"] == ("not_returned", [])  # no date: the form is not back


def test_a_returned_yes_no_column_is_not_a_date(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Returned?" with Y and N says whether the form came back, not when: every row waited
    for review as "'Y' is not a date"."""
    path = write_rows(tmp_path / "r.csv", "Forename,Surname,DOB,Returned?,Website,Press",
                      "Amelia,Smith,28/04/2017,Y,Yes,No",
                      "Noah,Evans,14/02/2016,N,,")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["needs_review"] == [], report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", ["press"])
    assert got["Noah"] == ("not_returned", [])


def test_a_second_child_on_the_same_form_is_asked_about_not_lost(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A form with Child 1 and Child 2 columns: the second child's answers were read as the
    first child's limitation, and the second child's return was lost with no question. Now
    those columns are asked about; imported once per child, each gets their own answers."""
    path = write_rows(tmp_path / "c.csv", "Timestamp,Parent email,Child 1 First Name,"
                      "Child 1 Last Name,Child 1 Date of Birth,Child 1 Photo Consent,"
                      "Child 2 First Name,Child 2 Last Name,Child 2 Date of Birth,"
                      "Child 2 Photo Consent",
                      "05/09/2025 10:00,smith@example.org,Amelia,Smith,28/04/2017,No,"
                      "Jack,O'Brien,03/09/2015,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 3 and "Child 2 Photo Consent" in report["confirm"], report  # type: ignore[operator]
    # confirmed: the second child's columns are left out
    saved = saved_as_shown(capsys, oak, path, tmp_path / "child1.json")
    code, report = import_returns(capsys, oak, path, "--mapping", str(saved))
    assert code == 0 and report["needs_review"] == [], report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("no_images", EVERY)  # her own No, and nothing of Jack's Yes
    assert got["Jack"] == ("not_returned", [])


@pytest.mark.parametrize(
    "names",
    [
        "What's your child's first name?,And their last name?,What's their date of birth?",
        "Child Name (First),Child Name (Last),Date of Birth",
    ],
)
def test_form_tools_ways_of_asking_the_child_s_name_are_read(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], names: str
) -> None:
    """Typeform's follow-up questions ("And their last name?") and Wufoo's name parts were not
    recognised: every row waited for review, as no column said which learner it was for."""
    path = write_rows(tmp_path / "n.csv", f"Submitted,{names},Website",
                      "05/09/2025 10:00,Amelia,Smith,28/04/2017,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["needs_review"] == [], report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["website"])


def test_a_skipped_objection_list_stays_unanswered_under_a_saved_mapping(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The list offers "None of the above – I am happy for all uses", so a parent with nothing to
    object to ticks that, and a blank cell is a question skipped. Once a person confirmed, in a
    saved mapping, that ticking objects, the blank was read as "no objection": consent to
    every use."""
    question = "Which of the following uses do you NOT give consent for? Select all that apply."
    path = write_rows(tmp_path / "m.csv", f'{HEAD},"{question}"',
                      "Amelia,Smith,28/04/2017,05/09/2025,None of the above – I am happy for "
                      "all uses;",
                      "Noah,Evans,14/02/2016,05/09/2025,",
                      "Jack,O'Brien,03/09/2015,05/09/2025,Social media;")  # fmt: skip
    saved = tmp_path / "m.json"
    import_returns(capsys, oak, path, "--dry-run", "--save-mapping", str(saved))
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    for column in mapping["columns"]:
        if column["role"] == "tick_list":
            column.pop("unsure", None)
            column["objection"] = True  # the office says: ticking objects
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    code, report = import_returns(capsys, oak, path, "--mapping", str(saved))
    assert code == 0 and report["needs_review"] == [], report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("no_restriction", [])
    assert got["Noah"] == ("restricted", [])  # skipped: not answered, never consent
    assert got["Jack"] == ("restricted", ["social_media"])


def test_a_limitation_keeps_a_heading_that_carries_its_meaning(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Except for:" over "Facebook": the limitation read "Facebook", which a teacher could take
    as allowed on Facebook. It keeps the heading; a heading that only says conditions follow
    ("Any other comments") adds nothing and is left out. As the words say no to a use the
    overall Yes consents to, the row waits for a person, read until then as refusing social
    media (test_blind_findings_10)."""
    path = write_rows(tmp_path / "e.csv", f"{HEAD},Photo consent,Except for:,Any other comments",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes,Facebook,"
                      "First name only")  # fmt: skip
    saved = tmp_path / "e.json"
    import_returns(capsys, oak, path, "--dry-run", "--save-mapping", str(saved))
    # as the message says: delete each "unsure" line (which leaves a comma before a brace)
    lines = saved.read_text(encoding="utf-8").splitlines()
    saved.write_text("\n".join(x for x in lines if '"unsure"' not in x), encoding="utf-8")
    code, report = import_returns(capsys, oak, path, "--mapping", str(saved))
    assert code == 0, report
    reasons = [r["reason"] for r in report["needs_review"]]  # type: ignore[attr-defined]
    assert len(reasons) == 1 and reasons[0].startswith(
        "column 'Except for:': 'Except for: Facebook' says no to Social media"
    )


def test_not_set_is_not_answered(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An MIS export's "Not Set" beside Granted and Denied: not answered (it waited for review)."""
    path = write_rows(tmp_path / "x.csv", f"{HEAD},Website,Press",
                      "Amelia,Smith,28/04/2017,05/09/2025,Granted,Not Set",
                      "Noah,Evans,14/02/2016,05/09/2025,Denied,Granted")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["needs_review"] == [], report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", [])
