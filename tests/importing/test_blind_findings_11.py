"""What an eleventh pair of blind testers found, building files from PRODUCT.md alone: returns
that arrive over time, and the words of real forms' questions and options. PRODUCT.md: "Academic
year runs 1 September – 31 August"; "a mark whose meaning cannot be decided is never read as
consent"; "where the app cannot be sure, it asks; where it still cannot tell, it restricts"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.importing.test_blind_findings import (
    EVERY,
    cli,
    column_of,
    import_returns,
    reads_of,
    statuses,
    write_rows,
)
from tests.importing.test_blind_findings_6 import US_FORMS

HEAD = "Forename,Surname,DOB,Date received"


def _reasons(report: dict[str, object]) -> dict[int, str]:
    return {r["row"]: r["reason"] for r in report["needs_review"]}  # type: ignore[attr-defined]


def test_a_return_received_in_the_summer_before_the_year_waits_for_a_person(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A form completed in June 2025, in a 2025/26 sheet, was counted as this year's consent
    with no word said: it may be last year's form come back late. The year begins on 1
    September; a return from the summer before waits for a person, who may count it."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Website,Press",
                      "Noah,Evans,14/02/2016,16/06/2025,Yes,Yes",
                      "Amelia,Smith,28/04/2017,31/08/2025,Yes,Yes",
                      "Jack,O'Brien,03/09/2015,01/09/2025,Yes,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    reasons = _reasons(report)
    assert sorted(reasons) == [2, 3], report
    assert reasons[2].startswith(
        "received 16/06/2025, before the 2025/26 year began (1 September 2025): is it last "
        "year's form come back late, or this year's handed in early?"
    )
    now = statuses(capsys, oak)
    assert now["Noah"] == ("not_returned", []) and now["Amelia"] == ("not_returned", [])
    assert now["Jack"] == ("restricted", [])  # four purposes not answered


def test_a_summer_return_on_a_form_that_says_it_is_this_years_counts(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A form handed in at July's induction day that names the year it is for is this year's
    (a guard: it counted before too; the one for 2024/25 waits)."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Academic year,Website,Press",
                      "Noah,Evans,14/02/2016,10/07/2025,2025/26,Yes,No",
                      "Amelia,Smith,28/04/2017,10/07/2025,2024/25,Yes,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    assert list(_reasons(report)) == [3], report
    assert statuses(capsys, oak)["Noah"][0] == "restricted"


def test_no_thanks_in_a_tick_if_you_do_not_want_box_is_never_a_consent(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Please tick if you do NOT want … the local press: no thanks" was read as a No to the
    objection, so a consent to the press. The parent declines: a person reads it."""
    heading = "Please tick if you do NOT want your child's photo used in the local press"
    path = write_rows(tmp_path / "r.csv", f'{HEAD},"{heading}"',
                      "Noah,Evans,14/02/2016,05/09/2025,✓",
                      "Amelia,Smith,28/04/2017,05/09/2025,no thanks",
                      "Jack,O'Brien,03/09/2015,05/09/2025,")  # fmt: skip
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0, report
    assert list(_reasons(report)) == [3], report
    assert "consents" not in reads_of(report, heading)["no thanks"]


def test_no_thanks_under_a_consent_question_is_a_refusal(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(A guard: it was a refusal before too.)"""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},May we use photos on the website?",
                      "Amelia,Smith,28/04/2017,05/09/2025,No thanks")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["website"])


def test_a_crossed_box_beside_a_cross_is_asked_about_and_never_a_consent(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a Video column of "Yes", "✘" and "☒", the ☒ was read, sure, as a ticked box: a
    consent. Beside a cross it may be a crossed box as well."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Video",
                      "Noah,Evans,14/02/2016,05/09/2025,☒",
                      "Amelia,Smith,28/04/2017,05/09/2025,✘",
                      "Jack,O'Brien,03/09/2015,05/09/2025,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0, report
    video = column_of(report, "Video")
    assert video["sure"] is False and "'☒' stands beside '✘'" in str(video["why"]), video
    assert reads_of(report, "Video")["☒"].startswith("objects to")


def test_a_no_beside_ticks_under_a_tick_if_you_do_not_want_heading_is_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a "Please tick if you do NOT want…" column of ticks, a parent wrote "no": read, sure,
    as a No to the question, so a consent. It may be the parent's no to the use: asked about,
    and a refusal until a person says."""
    heading = "Please tick if you do NOT want your child's photo used on social media"
    path = write_rows(tmp_path / "r.csv", f'{HEAD},"{heading}"',
                      "Noah,Evans,14/02/2016,05/09/2025,✓",
                      "Amelia,Smith,28/04/2017,05/09/2025,no",
                      "Jack,O'Brien,03/09/2015,05/09/2025,")  # fmt: skip
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0, report
    column = column_of(report, heading)
    assert column["sure"] is False and "'no' stands beside ticks" in str(column["why"]), column
    assert reads_of(report, heading)["no"].startswith("objects to")
    code, report = import_returns(capsys, oak, path)
    assert code != 0 and not report.get("imported"), report


def test_a_students_own_objection_survives_a_parents_later_return_from_the_same_address(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Google form filled in by the student at 10:00 (No to social media) and by a parent at
    18:00 (Yes to all), both from the family's address: they counted as one person, so the
    parent's later return replaced the student's objection."""
    path = write_rows(
        tmp_path / "r.csv",
        "Timestamp,Email address,Who is completing this form?,Your name,Student's first name,"
        "Student's surname,Student's date of birth,Website,Social media",
        "04/09/2025 10:00:00,smith.home@gmail.com,Student (Sixth Form),Amelia Smith,Amelia,Smith,"
        "28/04/2017,Yes,No",
        "04/09/2025 18:00:00,smith.home@gmail.com,Parent/Carer,Jo Smith,Amelia,Smith,"
        "28/04/2017,Yes,Yes",
    )
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 2, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["social_media"])


def test_a_us_export_whose_days_are_all_twelve_or_less_is_asked_about_by_its_am_pm_times(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A US-format form export ("10/9/2025 8:15:02 PM") where no day is above 12: read day
    first with no question, the withdrawal of 9 October became 10 September, older than the
    consent of 12 September (read as 9 December), and was lost. The AM/PM times are how a US
    export writes them: asked about, and read as the office says."""
    path = write_rows(
        tmp_path / "us.csv",
        US_FORMS,
        "1,10/9/2025 8:15:02 PM,smith@example.com,Amelia Smith,28/04/2017,No",
        "2,9/12/2025 7:01:44 AM,smith@example.com,Amelia Smith,28/04/2017,Yes",
        "3,9/11/2025 12:00:00 PM,evans@example.com,Noah Evans,14/02/2016,Yes",
    )
    saved = tmp_path / "us.json"
    code, report = import_returns(capsys, oak, path, "--dry-run", "--save-mapping", str(saved))
    when = column_of(report, "Completion time")
    assert when["sure"] is False and "AM/PM" in str(when["why"]), when
    code, report = import_returns(capsys, oak, path)
    assert code == 3 and "Completion time" in report["confirm"], report  # type: ignore[operator]
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    (column,) = [c for c in mapping["columns"] if c["header"] == "Completion time"]
    del column["unsure"]
    column["month_first"] = True
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    code, report = import_returns(capsys, oak, path, "--mapping", str(saved))
    assert code == 0, report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("no_images", EVERY) and got["Noah"] == ("no_restriction", [])


def test_a_limitation_given_with_the_overall_answer_is_the_parents_words_alone(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Yes, but first name only" to the overall question was kept, and printed on the sheets,
    as "Do you give consent for the school to use photographs and video of your child?: but
    first name only". A purpose's column still names what its limitation is for."""
    question = "Do you give consent for the school to use photographs and video of your child?"
    path = write_rows(tmp_path / "r.csv", f'{HEAD},"{question}"',
                      'Amelia,Smith,28/04/2017,05/09/2025,"Yes, but first name only"')  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    path = write_rows(tmp_path / "p.csv", f"{HEAD},Website,Press",
                      "Noah,Evans,14/02/2016,05/09/2025,Yes - no names,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    code, out, _ = cli(capsys, oak, "restrictions", "--academy", "OAK", "--year", "2025/26",
                       "--json")  # fmt: skip
    limits = {r["forename"]: r["limitation"] for r in json.loads(out)}
    assert limits["Amelia"] == "but first name only"
    assert limits["Noah"] == "Website: no names"


def test_the_day_undated_forms_came_back_can_be_given_with_the_import(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """September's refusal is dated; October's change of mind is a sheet with no date column.
    Undated, it cannot overrule the refusal, and the import now says so (it said nothing, and the
    parent's new consent never counted); given the day the forms came back, it counts."""
    september = write_rows(tmp_path / "sep.csv", f"{HEAD},Website,Press",
                           "Amelia,Smith,28/04/2017,05/09/2025,No,No")  # fmt: skip
    assert import_returns(capsys, oak, september)[0] == 0
    october = write_rows(tmp_path / "oct.csv", "Forename,Surname,DOB,Website,Press",
                         "Amelia,Smith,28/04/2017,Yes,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, october, "--dry-run")
    assert code == 0 and report["undated"] == 1 and report["projected_changes"] == 0, report
    notes = [w["message"] for w in report["warnings"]]  # type: ignore[attr-defined]
    assert any(n.startswith("1 return gives no date received") for n in notes), notes
    code, report = import_returns(capsys, oak, october, "--received", "06/10/2025")
    assert code == 0 and report["imported"] == 1 and report["undated"] == 0, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", [])  # four purposes unanswered


def test_a_day_still_to_come_is_not_when_forms_came_back(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    october = write_rows(tmp_path / "oct.csv", "Forename,Surname,DOB,Website",
                         "Amelia,Smith,28/04/2017,Yes")  # fmt: skip
    code, _, err = cli(capsys, oak, "import-returns", str(october), "--academy", "OAK",
                         "--year", "2025/26", "--received", "06/10/2099")  # fmt: skip
    assert code != 0 and "a day still to come" in err
    code, _, err = cli(capsys, oak, "import-returns", str(october), "--academy", "OAK",
                         "--year", "2025/26", "--received", "31/09/2025")  # fmt: skip
    assert code != 0 and "--received" in err and "no day 31" in err
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


def test_a_class_written_after_the_name_in_its_one_cell_is_the_rows_class(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "John Smith (7A)" in a one-cell name matched nobody ("No learner matches John Smith
    (7A)", though review offered him), and with no date of birth the class could not be used.
    A name such as "(Rob)" after it is not a class."""
    path = write_rows(tmp_path / "r.csv", "Child's full name,Date of birth,Date received,Website",
                      "Amelia Smith (3A),28/04/2017,05/09/2025,Yes",
                      "Noah Evans - 4B,,05/09/2025,Yes",
                      "\"O'BRIEN, Jack (5C)\",,05/09/2025,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 3 and not report["needs_review"], report
    got = statuses(capsys, oak)
    assert got["Amelia"] == got["Noah"] == ("restricted", []) and got["Jack"][1] == ["website"]


def test_a_sheet_with_a_row_for_each_use_of_each_child_is_refused_with_what_to_do(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An MIS consent export with a row per use ("Consent Type" one use a row, "Consent Given"
    Yes/No) was read as a sure tick list: every child refused the uses of the other rows, and
    with "Consent Given" set aside, as the office was offered, every No became a consent."""
    rows = [f"{f},{s},{d},Photographs - {use},{given},05/09/2025"
            for f, s, d, answers in (("Amelia", "Smith", "28/04/2017", ("Yes", "No", "Yes")),
                                     ("Noah", "Evans", "14/02/2016", ("No", "No", "No")))
            for use, given in zip(("School website", "Social media", "Press"), answers,
                                  strict=True)]  # fmt: skip
    path = write_rows(tmp_path / "long.csv",
                      "First Name,Last Name,Date of Birth,Consent Type,Consent Given,"
                      "Date Recorded", *rows)  # fmt: skip
    code, out, err = cli(capsys, oak, "import-returns", str(path), "--academy", "OAK",
                         "--year", "2025/26", "--dry-run")  # fmt: skip
    assert code != 0 and "a row for each use of each child" in err, (out, err)
    assert "'Consent Type'" in err and "one row per child" in err
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


def test_a_tick_list_where_each_parent_ticked_one_use_is_still_read(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(A guard: one row per child, each ticking one use, is a tick list.)"""
    heading = "Please tick the ways we may use photos of your child"
    path = write_rows(tmp_path / "t.csv", f'{HEAD},"{heading}"',
                      "Amelia,Smith,28/04/2017,05/09/2025,Website",
                      "Noah,Evans,14/02/2016,05/09/2025,Newsletter",
                      "Jack,O'Brien,03/09/2015,05/09/2025,Website",
                      "Amelia,Smith,28/04/2017,06/09/2025,Newsletter")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 4, report


def test_returns_of_one_moment_waiting_for_a_person_say_where_they_differ(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(E, E8.) Two returns of one person for one learner at the same moment that say different
    things wait for a person, who was not told what differs: now each purpose that differs, and
    the limitation, with what each return says."""
    head = f"{HEAD},Email,Website,Press,Limitations"
    # recorded: every use answered; the row again below answers two, and allows the website
    first = write_rows(tmp_path / "first.csv", f"{HEAD},Email,Displays,Website,Social media,"
                       "Newsletter,Press,Video",
                       "Amelia,Smith,28/04/2017,05/09/2025,smith@example.org,Yes,No,Yes,Yes,No,"
                       "Yes")  # fmt: skip
    assert import_returns(capsys, oak, first)[0] == 0
    again = write_rows(tmp_path / "again.csv", head,
                       "Amelia,Smith,28/04/2017,05/09/2025,smith@example.org,Yes,No,",
                       "Noah,Evans,14/02/2016,06/09/2025,evans@example.org,Yes,Yes,first name only",
                       "Noah,Evans,14/02/2016,06/09/2025,evans@example.org,Yes,No,")  # fmt: skip
    code, report = import_returns(capsys, oak, again)
    assert code == 0, report
    reasons = _reasons(report)
    assert sorted(reasons) == [2, 3, 4], report
    # only what this row allows more (the uses it leaves unanswered allow less)
    assert ("already recorded and says more is allowed (Websites: refuse as recorded, consent "
            "in this row):") in reasons[2]  # fmt: skip
    for row in (3, 4):
        assert ("say different things (Press: consent in row 3, refuse in row 4; limitation: "
                "“first name only” in row 3, none in row 4)") in reasons[row]  # fmt: skip
