"""What a thirteenth blind tester (round 9) found, building files from PRODUCT.md alone.
PRODUCT.md: "in a consent-phrased tick list, a purpose not ticked is refuse"; a blank answer is
not answered; "when in doubt, restrict"; "a mark whose meaning cannot be decided is never read
as consent"; free text "is read as the limitation"; `check_limitation` is "consent, but the
parent's limitation applies: shown"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.importing.conftest import write_xlsx
from tests.importing.test_blind_findings import (
    YEAR,
    cli,
    import_returns,
    reads_of,
    statuses,
    write_rows,
)

HEAD = ["Forename", "Surname", "DOB", "Date received"]
LIST = "I give consent for my child's photograph to be used in (tick all that apply)"
OPTIONS = ["Displays around school", "School website", "Facebook", "Twitter/X", "Instagram",
           "Newsletters", "Prospectus", "Local newspapers", "Videos of school events"]  # fmt: skip
FILLERS = [("Noah", "Evans", "14/02/2016"), ("Jack", "O'Brien", "03/09/2015")]


def _learners(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, dict[str, Any]]:
    code, out, _ = cli(capsys, url, "restrictions", "--academy", "OAK", "--year", YEAR,
                       "--all", "--json")  # fmt: skip
    assert code == 0
    return {r["forename"]: r for r in json.loads(out)}


def _waiting(report: dict[str, Any]) -> list[int]:
    return [r["row"] for r in report["needs_review"]]


CONDITIONS = "Any limitations or conditions?"


def _conditions(path: Path, words: str, heading: str = CONDITIONS) -> Path:
    """Amelia's return: Yes to the website and social media, ``words`` under ``heading``."""
    return write_xlsx(
        path,
        [
            [*HEAD, "Website", "Social media", heading],
            ["Amelia", "Smith", "28/04/2017", "05/09/2025", "Yes", "Yes", words],
        ],
    )


OBJECT_HEADING = "Please tick any uses you do NOT want us to use photographs for"


def _objections(path: Path, amelia: str) -> Path:
    """A list of uses to object to: Amelia ticked ``amelia``; Noah objects to two uses, Jack
    to none."""
    return write_xlsx(
        path,
        [
            [*HEAD, OBJECT_HEADING],
            ["Amelia", "Smith", "28/04/2017", "05/09/2025", amelia],
            ["Noah", "Evans", "14/02/2016", "05/09/2025", "Facebook, Local newspapers"],
            ["Jack", "O'Brien", "03/09/2015", "05/09/2025", "None of the above"],
        ],
    )


def _tick_list(path: Path, amelia: str, others: int = 0) -> Path:
    """A Google Forms export: Amelia ticked ``amelia``; ``others`` more rows (Noah's and Jack's,
    in turn) ticked every option (the form's options are those the parents ticked: on a small
    sheet each one ticked, on a bigger one each ticked on two rows or more)."""
    rows: list[list[object]] = [[*HEAD, LIST], ["Amelia", "Smith", "28/04/2017", "05/09/2025",
                                                amelia]]  # fmt: skip
    for i in range(others):
        forename, surname, dob = FILLERS[i % 2]
        rows.append([forename, surname, dob, f"{6 + i % 20:02d}/09/2025", ", ".join(OPTIONS)])
    return write_xlsx(path, rows, sheet="Form responses 1")


@pytest.mark.parametrize("others", [1, 30])
def test_ticking_one_of_a_uses_options_agrees_to_that_use_only_in_part(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], others: int
) -> None:
    """Facebook, Twitter/X and Instagram are all social media. A parent who ticks Twitter/X
    alone has not agreed to Facebook or Instagram: it was read as consent to social media, and
    the check before publishing said "OK to publish" on Instagram. The use stays agreed to on
    the parent's terms, as the limitation the lists and the check show: restricted."""
    amelia = "Displays around school, School website, Twitter/X, Newsletters, Prospectus, " \
             "Local newspapers, Videos of school events"  # fmt: skip
    path = _tick_list(tmp_path / "r.xlsx", amelia, others)
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    said = reads_of(report, LIST)[amelia]
    assert "Twitter/X" in said and "Facebook" in said and "Instagram" in said, said
    amelia_now = _learners(capsys, oak)["Amelia"]
    assert amelia_now["status"] == "restricted" and amelia_now["refused"] == []
    limitation = amelia_now["limitation"]
    assert "Social media" in limitation and "Twitter/X" in limitation, limitation
    assert "Facebook" in limitation and "Instagram" in limitation, limitation
    code, out, _ = cli(capsys, oak, "check", "--academy", "OAK", "--year", YEAR, "--purpose",
                       "social_media", "--group", "3A", "--json")  # fmt: skip
    assert code in (0, 1, 3), out
    assert "check_limitation" in out and '"ok"' not in out, out
    # every option ticked: every use agreed to, with nothing to add
    got = _learners(capsys, oak)
    assert got["Noah"]["status"] == "no_restriction" and not got["Noah"]["limitation"]


def test_a_parents_own_words_beside_the_options_do_not_split_a_use(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a sheet of many returns, one parent's "Other:" words that name a use ("Facebook",
    beside the form's "Social media" option) are not one of the form's options: the other
    parents who ticked "Social media" agreed to all of it."""
    options = ["School website", "Social media", "Newsletters"]
    rows: list[list[object]] = [[*HEAD, LIST], ["Amelia", "Smith", "28/04/2017", "05/09/2025",
                                                "School website, Facebook"]]  # fmt: skip
    for i in range(30):
        forename, surname, dob = FILLERS[i % 2]
        rows.append([forename, surname, dob, f"{6 + i % 20:02d}/09/2025", ", ".join(options)])
    path = write_xlsx(tmp_path / "r.xlsx", rows, sheet="Form responses 1")
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    got = _learners(capsys, oak)
    assert got["Noah"]["limitation"] in (None, ""), got["Noah"]
    assert "social_media" not in got["Noah"]["refused"]


@pytest.mark.parametrize(
    "other",
    ["online", "all online use", "anything online", "publicity of any kind",
     "Press, publicity and online", "websites and apps", "internet"],
)  # fmt: skip
def test_words_for_a_whole_area_of_uses_in_a_list_of_objections_wait(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], other: str
) -> None:
    """Under "Tick any uses you DO NOT give permission for", "online" was read as the website
    alone, so social media — never objected to — counted as agreed to; "publicity of any kind"
    as print alone. Such words wait for a person, and nothing is agreed to meanwhile."""
    heading = "Please tick any uses you DO NOT give permission for"
    path = write_xlsx(tmp_path / "r.xlsx", [[*HEAD, heading],
                      ["Amelia", "Smith", "28/04/2017", "05/09/2025", other]])  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert report["imported"] == 0 and _waiting(report) == [2], report
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


def test_the_forms_own_option_for_an_area_that_names_its_uses_is_a_tick_of_them(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Online (website and social media)" says which uses it means: a tick of both."""
    heading = "Please tick any uses you DO NOT give permission for"
    path = write_xlsx(tmp_path / "r.xlsx", [[*HEAD, heading],
                      ["Amelia", "Smith", "28/04/2017", "05/09/2025",
                       "Online (website and social media)"]])  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["social_media", "website"])


def test_an_option_not_among_the_uses_under_a_list_of_objections_says_it_is_objected_to(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "School app (Class Dojo)" names none of the trust's uses: it is kept as the parent's
    limitation, and under a list of uses to object to it says it was objected to (the bare
    words read as if the app were the one use allowed)."""
    path = _objections(tmp_path / "r.xlsx", "Facebook, School app (Class Dojo)")
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 3, report
    amelia = _learners(capsys, oak)["Amelia"]
    assert amelia["refused"] == ["social_media"]
    assert amelia["limitation"] == "Objects to: School app (Class Dojo)"


def test_a_use_answered_in_several_columns_and_left_blank_in_some_is_agreed_to_in_part(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Facebook = Yes, Twitter/X and Instagram blank: the parent never answered those two, and
    a blank is not answered. The Yes in one column was taken for all social media. A No in any
    of them refuses it; Yes in all of them agrees to it, with nothing added."""
    path = write_rows(
        tmp_path / "r.csv", "Forename,Surname,DOB,Date received,Facebook,Twitter/X,Instagram,Video",
        "Amelia,Smith,28/04/2017,05/09/2025,Yes,,,Yes",
        "Noah,Evans,14/02/2016,05/09/2025,Yes,No,,Yes",
        "Jack,O'Brien,03/09/2015,05/09/2025,Yes,Yes,Yes,Yes",
    )  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 3, report
    assert "only in part" in reads_of(report, "Instagram")[""]
    got = _learners(capsys, oak)
    amelia = got["Amelia"]
    assert amelia["status"] == "restricted" and "social_media" not in amelia["refused"]
    assert "Social media" in amelia["limitation"] and "Instagram" in amelia["limitation"]
    assert "social_media" in got["Noah"]["refused"]
    assert "Social media" not in (got["Jack"]["limitation"] or "")
    assert "social_media" not in got["Jack"]["refused"]


@pytest.mark.parametrize(
    "words",
    ["withdrawn", "Never", "Mum says NO", "we'd rather you didn't", "Prefer not", "No way",
     "Consent withdrawn"],
)  # fmt: skip
def test_a_few_words_that_say_no_to_nothing_named_wait_beside_consents(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], words: str
) -> None:
    """ "Withdrawn" in the conditions column beside Yes to every use was kept as a limitation
    of a consent to everything. The row waits for a person, and resolved as it stands it
    refuses the uses."""
    path = _conditions(tmp_path / "r.xlsx", words)
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert _waiting(report) == [2], report


@pytest.mark.parametrize(
    ("words", "refused"),
    [("None on social media", ["social_media"]), ("Nil online", ["social_media", "website"])],
)
def test_none_before_a_use_says_no_to_it(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], words: str, refused: list[str]
) -> None:
    path = _conditions(tmp_path / "r.xlsx", words)
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    waiting: list[dict[str, Any]] = report["needs_review"]  # type: ignore[assignment]
    assert len(waiting) == 1, report
    for key, label in (("social_media", "Social media"), ("website", "Website")):
        assert (label in waiting[0]["reason"]) == (key in refused), waiting


@pytest.mark.parametrize(
    "words",
    ["None", "No", "N/A", "None whatsoever", "Never use her surname", "Fine", "Nah",
     "No objections"],
)  # fmt: skip
def test_words_that_say_no_limitation_or_limit_names_do_not_wait(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], words: str
) -> None:
    """Not every "no" in the conditions column says no to a use."""
    path = _conditions(tmp_path / "r.xlsx", words)
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    refused = statuses(capsys, oak)["Amelia"][1]
    assert "website" not in refused and "social_media" not in refused


# Round 10: a tester tried the readings above on Forms exports of 40-200 rows.


@pytest.mark.parametrize(
    "ticked",
    ["All (not social media)", "All (except Facebook)", "All of the above (no press)",
     "Everything (not Facebook)", "All - Facebook", "All bar Facebook", "All minus Facebook",
     "School website, All (not Facebook)"],
)  # fmt: skip
def test_all_with_an_exception_in_a_consent_list_waits(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], ticked: str
) -> None:
    """ "All (not social media)" was read as "All": consent to every use, the exception lost,
    and the check before publishing said OK on social media."""
    path = _tick_list(tmp_path / "r.xlsx", ticked, 3)
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and _waiting(report) == [2], report
    assert _learners(capsys, oak)["Amelia"]["status"] == "not_returned"


@pytest.mark.parametrize(
    "ticked", ["None (except Facebook)", "None of the above (but not Facebook)", "Nothing (not X)"]
)
def test_none_with_an_exception_in_a_list_of_objections_waits(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], ticked: str
) -> None:
    """Under "tick any uses you do NOT want", "None (except Facebook)" was read as "None": no
    objection to anything, Facebook included."""
    path = _objections(tmp_path / "r.xlsx", ticked)
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and _waiting(report) == [2], report


def test_an_option_only_one_parent_ticked_still_counts_on_a_big_sheet(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "TikTok" ticked on one row of 40: whether it is the form's option or that parent's own
    words, the others did not agree to it — they had agreed to all of social media."""
    options = ["School website", "Facebook", "Instagram", "Newsletters"]
    rows: list[list[object]] = [[*HEAD, LIST], ["Amelia", "Smith", "28/04/2017", "05/09/2025",
                                                ", ".join(options)]]  # fmt: skip
    rows.append(["Noah", "Evans", "14/02/2016", "05/09/2025", "Facebook, TikTok"])
    for i in range(40):
        rows.append(["Jack", "O'Brien", "03/09/2015", f"{6 + i % 20:02d}/09/2025",
                     ", ".join(options)])  # fmt: skip
    path = write_xlsx(tmp_path / "r.xlsx", rows, sheet="Form responses 1")
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    amelia = _learners(capsys, oak)["Amelia"]
    assert amelia["status"] == "restricted"
    assert "not ‘TikTok’" in amelia["limitation"], amelia


@pytest.mark.parametrize(
    ("ticked", "limitation"),
    [("School website, Social media (all platforms)", None),
     ("School website, Facebook only", "Facebook only")],
)  # fmt: skip
def test_an_option_for_all_of_a_use_or_one_that_limits_itself(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], ticked: str,
    limitation: str | None,
) -> None:  # fmt: skip
    """ "Social media (all platforms)" beside "Facebook" and "Instagram" agrees to all of it;
    "Facebook only" is kept in the parent's words (it read "only ‘Facebook only’ ticked, not
    ‘Facebook’", the opposite of what was written)."""
    options = ["School website", "Social media (all platforms)", "Facebook", "Instagram",
               "Facebook only"]  # fmt: skip
    rows: list[list[object]] = [[*HEAD, LIST], ["Amelia", "Smith", "28/04/2017", "05/09/2025",
                                                ticked]]  # fmt: skip
    rows.append(["Noah", "Evans", "14/02/2016", "05/09/2025", ", ".join(options)])
    path = write_xlsx(tmp_path / "r.xlsx", rows, sheet="Form responses 1")
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    amelia = _learners(capsys, oak)["Amelia"]
    assert "social_media" not in amelia["refused"]
    assert amelia["limitation"] == limitation, amelia


@pytest.mark.parametrize(
    "words",
    ["NO!!!", "No!", "Refused", "No consent", "Do not use", "Not at all", "Please don't",
     "Changed my mind", "Not this year", "Objects"],
)  # fmt: skip
def test_more_words_that_say_no_beside_consents_wait(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], words: str
) -> None:
    """ "NO!!!" was read as "no limitation" (no restriction, and the check said OK); "Refused",
    "No consent" were kept as the limitation of a consent to every use."""
    path = _conditions(tmp_path / "r.xlsx", words)
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and _waiting(report) == [2], report


def test_media_alone_in_a_list_of_objections_waits(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Media" objected to was the press alone: social media counted as agreed to."""
    path = _objections(tmp_path / "r.xlsx", "Media")
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and _waiting(report) == [2], report


# Round 11: a tester built whole files the way schools make them.


@pytest.mark.parametrize(
    "words",
    ["Withdrawn", "Changed my mind", "I withdraw my consent", "Please remove consent",
     "Dont use any photos", "I object", "STOP", "Not anymore", "Actually no", "Not happy"],
)  # fmt: skip
def test_a_withdrawal_under_a_heading_with_an_example_waits(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], words: str
) -> None:
    """Under "Are there any conditions…? (e.g. first name only)" the heading was kept with the
    parent's words (its "only" seemed to change their meaning), and "Withdrawn" inside that
    long text was not read: consent to every use, and the check said OK."""
    heading = "Are there any conditions on the use of your child's photo? (e.g. first name only)"
    path = _conditions(tmp_path / "r.xlsx", words, heading)
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and _waiting(report) == [2], report
    reason = report["needs_review"][0]["reason"]  # type: ignore[index]
    assert f"'{words}'" in reason, reason  # the parent's words, not the heading


def test_an_example_in_a_heading_is_not_written_into_the_limitation(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A teacher read "…(e.g. first name only): Group photos" as the parent's condition."""
    heading = "Are there any conditions on the use of your child's photo? (e.g. first name only)"
    path = _conditions(tmp_path / "r.xlsx", "Group photos", heading)
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    assert _learners(capsys, oak)["Amelia"]["limitation"] == "Group photos"


@pytest.mark.parametrize(
    "heading",
    ["Your name (parent/carer)", "Parent/Carer Full Name", "Name of person completing this form",
     "Full name of parent or carer", "Your name and relationship to the child"],
)  # fmt: skip
def test_two_carers_on_an_anonymous_form_are_told_apart_by_the_name_they_give(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str
) -> None:
    """A Microsoft Forms "anyone can respond" export (Email = anonymous): the column in which
    each carer gives their name was not recognised, so Mrs and Mr Smith were one respondent and
    his later Yes replaced her No. Two carers: the more restrictive counts."""
    path = write_rows(tmp_path / "r.csv", f"Email,Forename,Surname,DOB,Date received,{heading},"
                      "Website",
                      "anonymous,Amelia,Smith,28/04/2017,10/09/2025,Sara Smith,No",
                      "anonymous,Amelia,Smith,28/04/2017,20/09/2025,Tom Smith,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 2, report
    assert "website" in statuses(capsys, oak)["Amelia"][1]


# Round 12: a tester followed rows through the review queue, re-imports and undoing imports.


def test_a_withdrawal_a_person_resolved_survives_undoing_the_imports_that_held_it(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two returns of one parent at the same moment wait; a person resolves the refusal and
    dismisses the other. The file is imported again ("already there"), then both imports are
    undone: the refusal the person recorded was removed with the second undo, and the child was
    back to no restriction. A person's answer is never undone with an import."""
    head = "Email,Forename,Surname,DOB,Date received,Website,Social media"
    sept = write_rows(
        tmp_path / "sept.csv",
        head,
        "mum@example.org,Amelia,Smith,28/04/2017,05/09/2025 09:00,Yes,Yes",
    )
    oct_ = write_rows(
        tmp_path / "oct.csv",
        head,
        "mum@example.org,Amelia,Smith,28/04/2017,10/10/2025 10:00,Yes,Yes",
        "mum@example.org,Amelia,Smith,28/04/2017,10/10/2025 10:00,No,No",
    )
    assert import_returns(capsys, oak, sept)[0] == 0
    code, first = import_returns(capsys, oak, oct_)
    assert code == 0 and _waiting(first) == [2, 3], first
    _, out, _ = cli(capsys, oak, "review", "list", "--academy", "OAK", "--json")
    ids = {item["row"]: item["id"] for item in json.loads(out)}
    assert cli(capsys, oak, "review", "dismiss", str(ids[2]), "--reason", "the older")[0] == 0
    assert cli(capsys, oak, "review", "resolve", str(ids[3]), "--learner", "1002")[0] == 0
    assert statuses(capsys, oak)["Amelia"][1] == ["social_media", "website"]
    code, again = import_returns(capsys, oak, oct_)
    assert code == 0 and again["imported"] == 0, again
    for batch in (first["batch_id"], again["batch_id"]):
        assert cli(capsys, oak, "undo-import", str(batch))[0] == 0
        assert statuses(capsys, oak)["Amelia"][1] == ["social_media", "website"]


@pytest.mark.parametrize(
    ("words", "refused"),
    [("please remove her from the class photo online", ["social_media", "website"]),
     ("Please take the photo down", ["social_media", "website"])],
)  # fmt: skip
def test_a_take_down_asked_for_in_the_conditions_waits(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], words: str,
    refused: list[str],
) -> None:  # fmt: skip
    """ "please remove her from the class photo online" beside Yes to the website imported as a
    limitation of a consent; the photo stayed up."""
    path = _conditions(tmp_path / "r.xlsx", words)
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and _waiting(report) == [2], report
    for key, label in (("social_media", "Social media"), ("website", "Website")):
        assert (label in report["needs_review"][0]["reason"]) == (key in refused)  # type: ignore[index]


def test_a_row_resolved_to_the_wrong_child_can_be_reopened_and_resolved_again(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line had no way back from a row resolved to the wrong child: resolving again
    was refused and undoing the import kept the person's answer."""
    path = write_rows(tmp_path / "r.csv", "Forename,Surname,Date received,Website",
                      "Amelia,Smyth,05/09/2025,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and _waiting(report) == [2], report
    _, out, _ = cli(capsys, oak, "review", "list", "--academy", "OAK", "--json")
    (item,) = json.loads(out)
    assert cli(capsys, oak, "review", "resolve", str(item["id"]), "--learner", "1001")[0] == 0
    assert statuses(capsys, oak)["Noah"][1] == ["website"]
    code, out, _ = cli(capsys, oak, "review", "reopen", str(item["id"]), "--reason",
                       "resolved to the wrong child")  # fmt: skip
    assert code == 0 and "voided" in out, out
    assert statuses(capsys, oak)["Noah"][0] == "not_returned"
    assert cli(capsys, oak, "review", "resolve", str(item["id"]), "--learner", "1002")[0] == 0
    assert statuses(capsys, oak)["Amelia"][1] == ["website"]


def test_one_use_given_two_answers_when_resolving_is_refused(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--answer social_media=refuse --answer social_media=consent` recorded the last."""
    path = write_rows(tmp_path / "r.csv", "Forename,Surname,Date received,Website",
                      "Amelia,Smyth,05/09/2025,No")  # fmt: skip
    assert _waiting(import_returns(capsys, oak, path)[1]) == [2]
    _, out, _ = cli(capsys, oak, "review", "list", "--academy", "OAK", "--json")
    (item,) = json.loads(out)
    code, _, err = cli(capsys, oak, "review", "resolve", str(item["id"]), "--learner", "1002",
                       "--answer", "website=refuse", "--answer", "website=consent")  # fmt: skip
    assert code != 0 and "twice" in err, err
    assert statuses(capsys, oak)["Amelia"][0] == "not_returned"


def test_any_before_a_part_of_a_use_is_not_all_of_it(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Photos in any newsletter" is every newsletter, not all of print: beside "Prospectus",
    a parent who ticked only the newsletter did not agree to the prospectus."""
    amelia = "Photos in any newsletter"
    rows: list[list[object]] = [[*HEAD, LIST], ["Amelia", "Smith", "28/04/2017", "05/09/2025",
                                                amelia]]  # fmt: skip
    rows.append(["Noah", "Evans", "14/02/2016", "05/09/2025", f"{amelia}, Prospectus"])
    path = write_xlsx(tmp_path / "r.xlsx", rows, sheet="Form responses 1")
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert "not ‘Prospectus’" in (_learners(capsys, oak)["Amelia"]["limitation"] or "")


# Round 13: a tester tried variations on the readings above.


@pytest.mark.parametrize(
    "other",
    ["Press ✗", "❌ press", "Press: Na", "Ddim y wasg", "Nope to press", "Press (N)",
     "Social media 👎"],
)  # fmt: skip
def test_a_cross_or_a_no_beside_a_use_in_a_consent_list_waits(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], other: str
) -> None:
    """ "All of the above;Press ✗" (an "Other:" answer) was read as ticking the press: consent
    to everything, and the check said OK."""
    path = _tick_list(tmp_path / "r.xlsx", f"All of the above, {other}", 3)
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and _waiting(report) == [2], report


@pytest.mark.parametrize(
    "words",
    ["❌", "🚫", "I do not consent", "no photos pls", "changed mind", "Please don't post", "W/D",
     "Dim lluniau"],
)  # fmt: skip
def test_a_no_sign_or_a_short_refusal_in_the_conditions_waits(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], words: str
) -> None:
    """ "❌" in "Any other limitations?" beside Yes to every use was "no limitation" (the check
    said OK); "I do not consent" a limitation of a consent."""
    path = _conditions(tmp_path / "r.xlsx", words, "Any other limitations?")
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and _waiting(report) == [2], report


@pytest.mark.parametrize(
    ("heading", "mum", "dad"),
    [("Full name", "Sarah Smith", "Mark Smith"),
     ("Form filled in by", "Sarah Smith", "Mark Smith"),
     ("Rhiant/Gofalwr", "Sarah Smith", "Mark Smith"),
     ("Relationship to child", "Mother", "Father")],
)  # fmt: skip
def test_two_carers_with_no_address_are_told_apart(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str, mum: str,
    dad: str,
) -> None:  # fmt: skip
    """No e-mail column: the column naming each carer was ignored ("Form filled in by"), read as
    the child's name ("Full name" beside the child's name columns), or gave only "Mother" and
    "Father" — so the father's later Yes replaced the mother's No. Two carers: the more
    restrictive counts."""
    path = write_rows(tmp_path / "r.csv", f"Forename,Surname,DOB,Date received,{heading},Website",
                      f"Amelia,Smith,28/04/2017,10/09/2025 09:00,{mum},No",
                      f"Amelia,Smith,28/04/2017,10/09/2025 10:00,{dad},Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    if code == 3:  # asked which the column is: say it names the carer, as a person would
        saved = tmp_path / "m.json"
        import_returns(capsys, oak, path, "--dry-run", "--save-mapping", str(saved))
        mapping = json.loads(saved.read_text(encoding="utf-8"))
        for column in mapping["columns"]:
            column.pop("unsure", None)
        saved.write_text(json.dumps(mapping), encoding="utf-8")
        code, report = import_returns(capsys, oak, path, "--mapping", str(saved))
    assert code == 0 and report["imported"] == 2, report
    assert "website" in statuses(capsys, oak)["Amelia"][1]
