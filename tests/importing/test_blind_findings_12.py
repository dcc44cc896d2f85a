"""What a twelfth blind tester found, building files from PRODUCT.md alone. PRODUCT.md: "a
question phrased as an objection … means Yes/ticked = refuse"; "a mark whose meaning cannot be
decided is never read as consent"; "take each respondent's latest return"; "two carers who
disagree → the more restrictive"; "a learner whose other given details contradict it … is never
guessed"; "errors name the file, sheet, row and column"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.importing.conftest import write_xlsx
from tests.importing.test_blind_findings import (
    EVERY,
    YEAR,
    cli,
    column_of,
    import_returns,
    statuses,
    write_rows,
)

HEAD = "Forename,Surname,DOB"
USES = ["Displays", "Website", "Social media", "Newsletter", "Press", "Video"]


def _reasons(report: dict[str, object]) -> dict[int, str]:
    return {r["row"]: r["reason"] for r in report["needs_review"]}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "heading",
    ["Website - parent declined", "Declined: website", "Website - denied", "Website (exclusion)",
     "Website - prohibited", "Website opt-outs", "Website: parent said no"],
)  # fmt: skip
def test_an_office_word_for_a_refusal_in_a_heading_turns_yes_into_a_refusal(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str
) -> None:
    """Under "Website - parent declined", Y is the parent declining: it was read as consent,
    with no word said, so the child showed as allowed on the website."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Date received,{heading}",
                      "Amelia,Smith,28/04/2017,10/09/2025,Y",
                      "Noah,Evans,14/02/2016,10/09/2025,N")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert column_of(report, heading)["role"] == "purpose"
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", ["website"])
    assert got["Noah"][1] == []  # N: not declined


@pytest.mark.parametrize(
    "heading", ["Website - restricted", "Website - against", "Website - private"]
)
def test_a_heading_word_that_may_turn_the_answers_round_is_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str
) -> None:
    """Words that may, or may not, mean the parent said no: the column is asked about, and
    nothing is imported until a person says which way round it is."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Date received,{heading}",
                      "Amelia,Smith,28/04/2017,10/09/2025,Y")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 3 and column_of(report, heading)["sure"] is False, report
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


@pytest.mark.parametrize(
    "group",
    ["Parent said NO to:", "Refused uses (Y):", "Opt-outs", "Declined uses", "Prohibited uses",
     "Keep my child out of:", "Exclusions"],
)  # fmt: skip
def test_a_group_heading_of_refusals_above_the_uses_is_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], group: str
) -> None:
    """A heading over the use columns, in a merged cell above them ("Refused uses (Y):"): the
    Y below it is a refusal. It was not seen at all: every Y was read as consent and the import
    ran. The answer columns are asked about instead (exit 3), and nothing is recorded."""
    rows: list[list[object]] = [
        [None, None, None, group, *[None] * (len(USES) - 1)],
        ["Surname", "Forename", "DOB", *USES],
        ["Smith", "Amelia", "28/04/2017", *["Y"] * len(USES)],
        ["Evans", "Noah", "14/02/2016", *["N"] * len(USES)],
    ]
    path = write_xlsx(tmp_path / "r.xlsx", rows, merges=["D1:I1"])
    code, report = import_returns(capsys, oak, path)
    assert code == 3, report
    assert all(column_of(report, use)["sure"] is False for use in USES), report
    assert group.split()[0] in column_of(report, "Website")["why"]  # it quotes the heading
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


def test_a_row_whose_date_of_birth_and_group_name_two_children_waits(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two Jack Taylors, born a day apart, in 7A and 7B. A row giving the 7A child's date of
    birth and the 7B child's group was matched to the 7A child "anyway": it may be the 7B
    child's form. It waits, with both offered."""
    (tmp_path / "more.csv").write_text(
        "UPN,Adno,Legal Surname,Legal Forename,DOB,Year,Reg Group\n"
        ",2007,Taylor,Jack,15/05/2014,7,7A\n"
        ",2008,Taylor,Jack,16/05/2014,7,7B\n",
        encoding="utf-8",
    )
    code, _, err = cli(capsys, oak, "import-learners", str(tmp_path / "more.csv"), "--academy",
                       "OAK", "--confirm-big-change")  # fmt: skip
    assert code == 0, err
    path = write_rows(tmp_path / "r.csv", "Forename,Surname,DOB,Reg group,Website",
                      "Jack,Taylor,15/05/2014,7B,Yes",
                      "Jack,Taylor,15/05/2014,7A,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    reasons = _reasons(report)
    assert list(reasons) == [2] and "which child's form is it?" in reasons[2], reasons
    code, out, _ = cli(capsys, oak, "review", "list", "--academy", "OAK", "--json")
    (waiting,) = json.loads(out)
    assert sorted(c["dob"] for c in waiting["candidates"]) == ["2014-05-15", "2014-05-16"]


def test_a_limitation_that_refuses_everything_waits_beside_consents(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every use Y, and "none - we refuse all" as the parent's conditions: it was kept as a
    limitation beside consents (restricted, nothing refused). The words say no to every use the
    answers consent to: a person reads which the parent meant."""
    path = write_rows(tmp_path / "r.csv",
                      f"{HEAD},Date received,{','.join(USES)},Any restrictions or conditions?",
                      "Amelia,Smith,28/04/2017,10/09/2025,Y,Y,Y,Y,Y,Y,"
                      "none - we refuse all")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 0, report
    assert "says no to" in _reasons(report)[2]


def test_a_typed_return_with_no_time_and_a_timed_one_of_the_same_day_both_count(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same parent refuses video on a paper form dated 12/09/2025 (no time) and consents to
    everything in a form stamped 12/09/2025 08:30. The day-only one was taken as midnight, so
    the consent counted as later and the refusal was lost. Which came later cannot be told, so
    both count, and the more restrictive answer wins — in one file, and in two."""
    rows: list[list[object]] = [
        ["Email", "Forename", "Surname", "DOB", "Date received", *USES],
        ["mum@example.org", "Amelia", "Smith", "28/04/2017", "12/09/2025",
         "Yes", "Yes", "Yes", "Yes", "Yes", "No"],
        ["mum@example.org", "Amelia", "Smith", "28/04/2017", "12/09/2025 08:30",
         *["Yes"] * len(USES)],
    ]  # fmt: skip
    code, report = import_returns(capsys, oak, write_xlsx(tmp_path / "r.xlsx", rows), "--dry-run")
    assert code == 0 and report["imported"] == 2, report
    assert report["projected"]["restricted"] == 1, report  # type: ignore[index]
    # the form first, then the paper withdrawal of the same day: the parent who withdraws wins
    form = write_xlsx(tmp_path / "form.xlsx", [rows[0], rows[2]])
    assert import_returns(capsys, oak, form)[0] == 0
    assert statuses(capsys, oak)["Amelia"] == ("no_restriction", [])
    withdrawn = write_rows(tmp_path / "paper.csv", f"Email,{HEAD},Date received,Photo consent",
                           "mum@example.org,Amelia,Smith,28/04/2017,12/09/2025,"
                           "I withdraw my consent")  # fmt: skip
    code, report = import_returns(capsys, oak, withdrawn)
    assert code == 0 and report["imported"] == 1, report
    assert statuses(capsys, oak)["Amelia"] == ("no_images", EVERY)


def test_carers_who_share_an_address_and_disagree_wait(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Mother and father send from the family's one address: she refuses everything, he
    consents a week later. Known by the address as one respondent, his return replaced hers
    and the child was shown with no restriction. Two people named, saying different things:
    a person says whether one changed their mind or two carers disagree."""
    path = write_rows(tmp_path / "r.csv",
                      f"Timestamp,Email address,Your name,Relationship,{HEAD},{','.join(USES)}",
                      "03/09/2025 09:00:12,the.smiths@example.com,Ann Smith,Mother,Amelia,Smith,"
                      "28/04/2017,No,No,No,No,No,No",
                      "10/09/2025 20:15:40,the.smiths@example.com,Tom Smith,Father,Amelia,Smith,"
                      "28/04/2017,Yes,Yes,Yes,Yes,Yes,Yes",
                      "10/09/2025 20:15:40,the.evans@example.com,Sue Evans,Mother,Noah,Evans,"
                      "14/02/2016,Yes,Yes,Yes,Yes,Yes,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    reasons = _reasons(report)
    assert sorted(reasons) == [2, 3], reasons
    assert "Ann Smith, Tom Smith" in reasons[2] and "the.smiths@example.com" in reasons[2]
    # the same person, named alike, who changed their mind: the later counts, as before
    again = write_rows(tmp_path / "s.csv",
                       f"Timestamp,Email address,Your name,{HEAD},{','.join(USES)}",
                       "03/09/2025 09:00:12,sue@example.com,Sue Evans,Noah,Evans,14/02/2016,"
                       "No,No,No,No,No,No",
                       "10/09/2025 20:15:40,sue@example.com,sue  evans,Noah,Evans,14/02/2016,"
                       "Yes,Yes,Yes,Yes,Yes,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, again)
    assert code == 0 and report["imported"] == 2 and not report["needs_review"], report


def test_a_bare_no_under_a_list_of_uses_to_object_to_waits(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Please tick any uses you object to: No" was read as no objection to any use. It may as
    well be "no, to all of them": the row waits. (Under a list of uses agreed to, "No" is
    nothing agreed: refused, as before.)"""
    path = write_rows(tmp_path / "r.csv",
                      f"{HEAD},Date received,Please tick any uses you object to",
                      "Amelia,Smith,28/04/2017,10/09/2025,No",
                      "Noah,Evans,14/02/2016,10/09/2025,None of the above")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    assert "could mean no objection or no to every use" in _reasons(report)[2]
    assert statuses(capsys, oak)["Noah"] == ("no_restriction", [])
    # and under a question that names the uses and asks which may NOT be used
    named = write_rows(tmp_path / "n.csv", f"{HEAD},Date received,Which of these may we NOT use "
                       "your child's photo for? (website, social media, newsletter, press)",
                       "Amelia,Smith,28/04/2017,11/09/2025,No",
                       "Jack,O'Brien,03/09/2015,11/09/2025,\"website; press\"")  # fmt: skip
    code, report = import_returns(capsys, oak, named, "--dry-run")
    assert code == 0 and report["imported"] == 1, report
    assert "could mean no objection or no to every use" in _reasons(report)[2]
    agreed = write_rows(tmp_path / "a.csv",
                        f"{HEAD},Date received,Please tick the uses you agree to",
                        "Jack,O'Brien,03/09/2015,10/09/2025,No",
                        "Noah,Evans,14/02/2016,11/09/2025,School website;Newsletter")  # fmt: skip
    code, report = import_returns(capsys, oak, agreed)
    assert code == 0 and report["imported"] == 2, report
    assert statuses(capsys, oak)["Jack"] == ("no_images", EVERY)


def test_time_stamps_written_as_a_us_export_writes_them_are_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Google Forms export of a US-set account writes "9/10/2025 10:00:00" (a UK one
    "09/10/2025 10:00:00"). With no day above 12 it was read day first: a press refusal on
    "10/9/2025" (9 October) counted as 10 September, before the consent of "9/10/2025"."""
    path = write_rows(tmp_path / "r.csv", f"Timestamp,Email Address,{HEAD},Website,Press",
                      "9/10/2025 10:00:00,mum@example.org,Amelia,Smith,28/04/2017,Yes,Yes",
                      "10/9/2025 8:00:00,mum@example.org,Amelia,Smith,28/04/2017,"
                      "Yes,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 3, report
    column = column_of(report, "Timestamp")
    assert column["sure"] is False and "US export" in column["why"], column


def test_the_review_queue_names_the_sheet_of_a_workbook(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A waiting row of a workbook of several sheets said only "returns.xlsx row 3"."""
    rows: list[list[object]] = [["Surname", "Forename", "DOB", "Date received", "Website"],
                                ["Smyth", "Amelie", "01/01/2017", "10/09/2025", "Yes"]]  # fmt: skip
    path = write_xlsx(tmp_path / "r.xlsx", rows, sheet="Year 3")
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and len(report["needs_review"]) == 1, report  # type: ignore[arg-type]
    code, out, _ = cli(capsys, oak, "review", "list", "--academy", "OAK", "--json")
    assert json.loads(out)[0]["sheet"] == "Year 3"
    code, out, _ = cli(capsys, oak, "review", "list", "--academy", "OAK", "--year", YEAR)
    assert "r.xlsx, sheet 'Year 3', row 2" in out, out


def test_an_instruction_above_the_headings_about_the_offices_work_asks_nothing(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Leave blank if the parent did not answer" above the headings says nothing of what a Y
    means: the import runs (a "not" about the office's own work is not an objection)."""
    rows: list[list[object]] = [
        ["Instructions: type Y or N under each use. Leave blank if the parent did not answer."],
        ["Surname", "Forename", "DOB", "Date received", *USES],
        ["Smith", "Amelia", "28/04/2017", "10/09/2025", "Y", "Y", "N", "Y", "Y", "Y"],
    ]
    code, report = import_returns(capsys, oak, write_xlsx(tmp_path / "r.xlsx", rows))
    assert code == 0 and report["imported"] == 1, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["social_media"])


def test_a_column_of_dates_whose_heading_speaks_of_consent_is_the_date_received(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An MIS export's "Photo Consent" and "Photo Consent Date": the dates were taken for
    answers (asked about, every row waiting). A column of dates under a heading with "date"
    in it says when the parent answered."""
    path = write_rows(tmp_path / "r.csv", "Adno,Surname,Forename,Photo Consent,Photo Consent Date",
                      "1002,Smith,Amelia,Y,05/09/2025", "1001,Evans,Noah,N,06/09/2025")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 2, report
    assert column_of(report, "Photo Consent Date")["role"] == "received_at"
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("no_restriction", []) and got["Noah"] == ("no_images", EVERY)


def test_yes_i_object_and_no_i_do_not_object_answer_the_use_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(Round 8.) A form asks "Do you object to photos … on the academy website?" and "… in the
    local press?", answered "Yes, I object" / "No, I do not object". The column was taken for a
    list to tick, and "No, I do not object" consented to every use, uses never asked about
    among them: the child showed as allowed everywhere. Each answers its own use."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Date received,"
                      "Do you object to photos of your child on the academy website?,"
                      "Do you object to photos of your child in the local press?",
                      "Amelia,Smith,28/04/2017,05/09/2025,\"No, I do not object\","
                      "\"No - I have no objection\"",
                      "Noah,Evans,14/02/2016,05/09/2025,\"Yes, I object\","
                      "\"No, I do not object\"")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 2, report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", [])  # website and press consented; the rest not asked
    assert got["Noah"] == ("restricted", ["website"])


def test_a_list_of_uses_to_object_to_answers_only_the_uses_it_names(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(Round 8.) "Which of these may we NOT use: website, newsletter, press?" answered "None":
    no objection to those three — not consent to uses the question never named."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Date received,"
                      "Which of these may we NOT use your child's photo for? (website, newsletter,"
                      " press)", "Amelia,Smith,28/04/2017,05/09/2025,None",
                      "Noah,Evans,14/02/2016,05/09/2025,Press")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 2, report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", [])
    assert got["Noah"] == ("restricted", ["press"])


@pytest.mark.parametrize(
    ("heading", "answer", "refused"),
    [("Parental objection recorded", "Yes", EVERY), ("Opted out of website", "Opted in", [])],
)
def test_office_words_that_are_not_uses_or_answers_turned_round(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str, answer: str,
    refused: list[str],
) -> None:  # fmt: skip
    """(Round 8.) "recorded" in "Parental objection recorded" was read as the video purpose, so
    an objection to every use refused video alone; "Opted in" under "Opted out of website" was
    read as a Yes to opting out."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Date received,{heading}",
                      f"Amelia,Smith,28/04/2017,05/09/2025,{answer}")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    assert statuses(capsys, oak)["Amelia"][1] == refused


def test_one_parents_returns_with_no_date_that_differ_both_count(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(Round 8.) The same parent twice in one sheet with no date received, once consenting to
    everything and once refusing the website: the rows waited for a person, and meanwhile the
    child was not restricted at all. Which is the later cannot be told, so both count and the
    more restrictive wins — at once, with nothing to wait for."""
    path = write_rows(tmp_path / "r.csv", f"Email,{HEAD},Website,Press",
                      "mum@example.org,Amelia,Smith,28/04/2017,Yes,Yes",
                      "mum@example.org,Amelia,Smith,28/04/2017,No,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 2 and not report["needs_review"], report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["website"])
