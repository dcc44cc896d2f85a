"""Layouts a sixth tester built blind from PRODUCT.md. Expected results from PRODUCT.md's rules:
in a consent-phrased tick list a purpose not ticked is refused; free text from parents is read
as the limitation, and when in doubt the app restricts; a mark whose meaning cannot be decided is
never read as consent; the latest return counts, and a parent who withdraws wins at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.importing.test_blind_findings import (
    EVERY,
    cli,
    column_of,
    import_returns,
    statuses,
    write_rows,
)

# A Google Forms checkbox question (options joined with ", ") in the policy's words.
CONSENT_LIST = "Which of these may we use photos/videos of your child for? (tick all you agree to)"
OPTIONS = (
    "Displays around the academy, The academy and trust websites, Academy social media "
    "(Facebook, X, Instagram, YouTube), Newsletters and the prospectus, Local newspapers and "
    "media, Video recordings and livestreams of events"
)


@pytest.mark.parametrize(
    ("other", "excluded"),
    [
        ("not Facebook", "social_media"),
        ("no livestreams please", "video"),
        ("Not the newspaper", "press"),
        ("please check with me before the press", "press"),
        ("Videos and livestreams (not livestreams)", "video"),
    ],
)
def test_an_other_entry_that_excludes_a_use_is_never_read_as_consent_to_it(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], other: str, excluded: str
) -> None:
    """Every option ticked and then, in "Other", words that exclude or put a condition on one
    use: the row waits for a person; the use is not recorded as consented."""
    path = write_rows(tmp_path / "g.csv", f"Timestamp,Child's name,Child's date of birth,"
                      f'"{CONSENT_LIST}"',
                      f'05/09/2025 10:00:00,Amelia Smith,28/04/2017,"{OPTIONS}, {other}"',
                      f'05/09/2025 10:05:00,Noah Evans,14/02/2016,"{OPTIONS}"')  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert [r["row"] for r in report["needs_review"]] == [2]  # type: ignore[attr-defined]
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("not_returned", [])  # waits for a person, no consent recorded
    assert got["Noah"] == ("no_restriction", [])
    code, out, _ = cli(capsys, oak, "check", "--academy", "OAK", "--year", "2025/26",
                       "--purpose", excluded, "--group", "3A", "--json")  # fmt: skip
    (amelia,) = json.loads(out)
    assert code == 1  # not every learner of the photo may appear
    assert amelia["verdict"] == "not_ok", amelia


@pytest.mark.parametrize(
    "cell",
    [
        "All of the above except Facebook;",
        "All except the social media;",
        "Everything apart from social media;",
        "All of the above;Not Facebook;",
        "All of the above;except social media;",
    ],
)
def test_all_except_a_use_is_never_consent_to_that_use(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], cell: str
) -> None:
    """ "All … except X" in a consent tick list: X was not ticked, so it is never consented; the
    app does not guess what else the parent meant."""
    path = write_rows(tmp_path / "ms.csv", "Completion time,Child's name,Child's date of birth,"
                      "I give permission for my child's photograph/video to be used in: "
                      "(tick all that apply)",
                      f"05/09/2025 10:00,Amelia Smith,28/04/2017,{cell}")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    got = statuses(capsys, oak)
    assert got["Amelia"][0] != "no_restriction"
    assert got["Amelia"] == ("not_returned", [])
    assert [r["row"] for r in report["needs_review"]] == [2]  # type: ignore[attr-defined]


def test_sentences_in_a_dont_want_column_are_not_read_as_ticked_options(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Any photos you DON'T want us to use?" answered in sentences that name uses positively:
    the parent's words, read by a person; never the inverse of what they say."""
    path = write_rows(tmp_path / "b.csv", "Forename,Surname,DOB,Date received,Website,Press,"
                      "Any photos you DON'T want us to use?",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes,Yes,"
                      "Happy with school displays but not online",
                      "Noah,Evans,14/02/2016,05/09/2025,Yes,Yes,"
                      "Only the school website please",
                      "Jack,O'Brien,03/09/2015,05/09/2025,Yes,Yes,Newsletter is fine")  # fmt: skip
    _, report = import_returns(capsys, oak, path, "--dry-run")
    column = column_of(report, "Any photos you DON'T want us to use?")
    assert column["role"] != "tick_list" or all(
        "waits for a person" in v["reads_as"] for v in column["values"]
    ), column
    _, report = import_returns(capsys, oak, path)
    got = statuses(capsys, oak)
    for name in ("Amelia", "Noah", "Jack"):
        assert got[name][0] != "no_restriction", (name, got, report)
        # never a refusal of the one use the parent said was fine
    assert "website" not in got["Noah"][1] and "print" not in got["Jack"][1]


def test_the_list_s_own_options_still_read_as_ticks(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The guard: options that name a use and nothing more ("Social media only") are ticks."""
    path = write_rows(tmp_path / "w.csv", "Forename,Surname,DOB,Consent withdrawn for,"
                      "Date withdrawn",
                      "Amelia,Smith,28/04/2017,Social media only,21/10/2025",
                      "Noah,Evans,14/02/2016,\"Website, Local newspapers\",21/10/2025")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", ["social_media"])
    assert got["Noah"] == ("restricted", ["press", "website"])
    assert set(EVERY) >= set(got["Noah"][1])


US_FORMS = (
    "ID,Completion time,Email,Child's name,Child's date of birth,"
    "Do you consent to photographs and video images of your child being used?"
)
US_ROWS = (
    "1,10/9/2025 8:15:02 PM,smith@example.com,Amelia Smith,28/04/2017,No",  # 9 October
    "2,9/12/2025 7:01:44 AM,smith@example.com,Amelia Smith,28/04/2017,Yes",  # 12 September
    "3,9/20/2025 12:00:00 PM,evans@example.com,Noah Evans,14/02/2016,Yes",
)


def test_a_us_export_is_asked_about_with_its_own_dates_until_the_mapping_says_which_way(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The question quotes dates of this file; a saved mapping that does not say which way round
    its dates are is asked about again (deleting the "unsure" line is not an answer), and one
    that says month first takes the parent's withdrawal of 9 October as the latest return."""
    path = write_rows(tmp_path / "us.csv", US_FORMS, *US_ROWS)
    saved = tmp_path / "us.json"
    code, report = import_returns(capsys, oak, path, "--dry-run", "--save-mapping", str(saved))
    why = column_of(report, "Completion time")["why"]
    assert "'9/20/2025 12:00:00 PM'" in why and "04/28/2017" not in why
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    (when,) = [c for c in mapping["columns"] if c["header"] == "Completion time"]
    assert '"month_first": true' in when["unsure"]  # how to answer, where it is answered
    del when["unsure"]  # as an office worker would, without saying which way round
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    code, report = import_returns(capsys, oak, path, "--mapping", str(saved))
    assert code == 3 and "Completion time" in report["confirm"]  # type: ignore[operator]
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])
    when["month_first"] = True
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    code, report = import_returns(capsys, oak, path, "--mapping", str(saved))
    assert code == 0, report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("no_images", EVERY) and got["Noah"] == ("no_restriction", [])


def test_month_first_must_say_true_or_false(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "us.csv", US_FORMS, *US_ROWS)
    saved = tmp_path / "us.json"
    import_returns(capsys, oak, path, "--dry-run", "--save-mapping", str(saved))
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    (when,) = [c for c in mapping["columns"] if c["header"] == "Completion time"]
    del when["unsure"]
    when["month_first"] = "yes"
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    code, _, err = cli(capsys, oak, "import-returns", str(path), "--academy", "OAK", "--year",
                         "2025/26", "--mapping", str(saved))  # fmt: skip
    assert code != 0 and '"month_first" must be true' in err
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


@pytest.mark.parametrize("old", ["Website (2024/25)", "Website 2024-25", "Website - last year"])
def test_a_column_of_last_year_s_answers_is_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str
) -> None:
    """A return counts for its own year: last year's Yes, beside a blank this year, is not a
    consent for 2025/26. The column is asked about; ignored, the website is not answered."""
    path = write_rows(tmp_path / "y.csv", f"Forename,Surname,DOB,Date received,{old},Website,"
                      "Press",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes,,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 3 and old in report["confirm"], report  # type: ignore[operator]
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])
    saved = tmp_path / "y.json"
    import_returns(capsys, oak, path, "--dry-run", "--save-mapping", str(saved))
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    (column,) = [c for c in mapping["columns"] if c["header"] == old]
    column.clear()
    column.update(header=old, role="ignore")
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    code, report = import_returns(capsys, oak, path, "--mapping", str(saved))
    assert code == 0, report
    status, refused = statuses(capsys, oak)["Amelia"]
    assert status == "restricted" and refused == []  # the website is not answered this year


def test_a_heading_naming_this_year_is_read_as_usual(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "y.csv", "Forename,Surname,DOB,Date received,"
                      "Website consent 2025/26,Press 2025-2026",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["press"])


def test_answers_with_invisible_characters_curly_quotes_or_emoji_marks_are_read(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Text pasted from a phone or a web page: a zero-width space after "Yes", "No" in curly
    quotes, ✔️ and ✖️ with their emoji selector. What the parent wrote is plain."""
    path = write_rows(tmp_path / "dirty.csv", "Forename,Surname,DOB,Date received,Website,Press,"
                      "Video",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes\u200b,\u201cNo\u201d,\u2714\ufe0f",
                      "Noah,Evans,14/02/2016,05/09/2025,No\u200b,\u201cYes\u201d,"
                      "\u2716\ufe0f")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert report["needs_review"] == [], report
    got = statuses(capsys, oak)
    assert got["Amelia"][1] == ["press"] and got["Noah"][1] == ["video", "website"]


def test_do_not_film_my_child_is_an_objection(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Do NOT film my child" answered Yes: the parent does not want filming."""
    path = write_rows(tmp_path / "film.csv", "Forename,Surname,DOB,Date received,Website,"
                      "Do NOT film my child",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes,Yes",
                      "Noah,Evans,14/02/2016,05/09/2025,Yes,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", ["video"]) and got["Noah"] == ("restricted", [])


def test_a_row_with_an_e_mail_and_nothing_answered_is_explained_truthfully(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a date received, a row with nothing answered is not a return (an office sheet
    lists parents before forms come back); the note must not say there is no parent when an
    e-mail is given, and must say how to count the form."""
    path = write_rows(tmp_path / "e.csv", "Email address,Child's name,Child's date of birth,"
                      "Please tick each use that you CONSENT to",
                      "smith@example.com,Amelia Smith,28/04/2017,School website",
                      "evans@example.com,Noah Evans,14/02/2016,")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    (note,) = [w["message"] for w in report["warnings"] if w["row"] == 3]  # type: ignore[attr-defined]
    assert "no parent" not in note and "fill in the date received" in note
    assert statuses(capsys, oak)["Noah"] == ("not_returned", [])


def test_options_one_to_a_line_are_each_read(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """JotForm writes each ticked option on its own line: every one of them was ticked."""
    path = tmp_path / "jot.csv"
    path.write_text(
        "Submission Date,Child's name,Child's date of birth,Please tick each use you CONSENT to\n"
        '05/09/2025 10:00,Amelia Smith,28/04/2017,"Displays around the academy\n'
        'The academy and trust websites"\n',
        encoding="utf-8",
    )
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    _, refused = statuses(capsys, oak)["Amelia"]
    assert "internal" not in refused and "website" not in refused
    assert refused == ["press", "print", "social_media", "video"]


@pytest.mark.parametrize(
    ("said", "refused"),
    [
        ("Opted in", False),
        ("Opt out", True),
        ("Accepted", False),
        ("Withheld", True),
        ("Not given", True),
        ("I do not give consent", True),
        ("Disagreed", True),
    ],
)
def test_more_office_and_form_wordings_are_read(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], said: str, refused: bool
) -> None:
    path = write_rows(tmp_path / "w.csv", "Forename,Surname,DOB,Response date,Website,Press",
                      f"Amelia,Smith,28/04/2017,05/09/2025,{said},Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["needs_review"] == [], report
    assert statuses(capsys, oak)["Amelia"][1] == (["website"] if refused else [])


def test_pending_is_not_an_answer(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "p.csv", "Forename,Surname,DOB,Response date,Website,Press",
                      "Amelia,Smith,28/04/2017,05/09/2025,Pending,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["needs_review"] == [], report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", [])


SAME_DAY = "Forename,Surname,DOB,Date received,Returned by,Website,Press"


@pytest.mark.parametrize("order", ["refusal first", "consent first"])
def test_one_parent_s_two_different_returns_of_one_day_in_two_files_never_loosen_silently(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], order: str
) -> None:
    """Press No in one file, Press Yes in another, same parent, same day: which came later
    cannot be told. A return that would allow more waits for a person; one that only restricts
    more is taken. Either way the press is refused until someone decides."""
    no = write_rows(tmp_path / "no.csv", SAME_DAY,
                    "Amelia,Smith,28/04/2017,22/09/2025,Mr Smith,Yes,No")  # fmt: skip
    yes = write_rows(tmp_path / "yes.csv", SAME_DAY,
                     "Amelia,Smith,28/04/2017,22/09/2025,Mr Smith,Yes,Yes")  # fmt: skip
    first, second = (no, yes) if order == "refusal first" else (yes, no)
    assert import_returns(capsys, oak, first)[0] == 0
    code, report = import_returns(capsys, oak, second)
    assert code == 0, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["press"])
    waiting = [r["row"] for r in report["needs_review"]]  # type: ignore[attr-defined]
    assert waiting == ([2] if order == "refusal first" else [])


TICK_SHEET = "Forename,Surname,DOB,Date received,Website,Social media,Press"


def _titled(path: Path, title: str, *rows: str) -> Path:
    return write_rows(path, f"{title},,,,,,", "", TICK_SHEET, *rows)


def test_a_saved_mapping_is_asked_about_again_when_the_sheet_s_question_turns_round(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Week 1's sheet asks which uses parents agree to; the office confirms x = ticked. Week
    2's sheet has the same headings under "Tick each use you do NOT want": the saved reading
    would turn every objection into a consent, so it is asked about again."""
    week_1 = _titled(tmp_path / "w1.csv", "Tick each use you agree to",
                     "Noah,Evans,14/02/2016,05/09/2025,x,x,x")  # fmt: skip
    saved = tmp_path / "ticks.json"
    import_returns(capsys, oak, week_1, "--dry-run", "--save-mapping", str(saved))
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    for column in mapping["columns"]:
        if column.pop("unsure", None) and column["role"] == "purpose":
            column.update(values={"x": "yes"}, ticks=True)
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    code, report = import_returns(capsys, oak, week_1, "--mapping", str(saved))
    assert code == 0, report
    week_2 = _titled(tmp_path / "w2.csv", "Tick each use you do NOT want us to make of the photo",
                     "Amelia,Smith,28/04/2017,06/09/2025,,x,x")  # fmt: skip
    code, report = import_returns(capsys, oak, week_2, "--mapping", str(saved))
    assert code == 3 and "Press" in report["confirm"], report  # type: ignore[operator]
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])
    # the same title as the mapping's: no question
    week_1b = _titled(tmp_path / "w1b.csv", "Tick each use you agree to",
                      "Amelia,Smith,28/04/2017,06/09/2025,x,,x")  # fmt: skip
    code, report = import_returns(capsys, oak, week_1b, "--mapping", str(saved))
    assert code == 0, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["social_media"])


def test_a_title_that_differs_only_in_its_export_date_is_the_same_question(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scheduled imports keep working: an MIS report's title carries the time it was made."""
    week_1 = _titled(tmp_path / "w1.csv", "Photo consent report - exported 05/09/2025 09:15",
                     "Noah,Evans,14/02/2016,05/09/2025,Yes,Yes,Yes")  # fmt: skip
    saved = tmp_path / "report.json"
    import_returns(capsys, oak, week_1, "--dry-run", "--save-mapping", str(saved))
    assert import_returns(capsys, oak, week_1, "--mapping", str(saved))[0] == 0
    week_2 = _titled(tmp_path / "w2.csv", "Photo consent report - exported 12/09/2025 10:01",
                     "Amelia,Smith,28/04/2017,10/09/2025,Yes,No,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, week_2, "--mapping", str(saved))
    assert code == 0, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["social_media"])


def test_a_row_a_person_has_decided_is_not_said_to_need_review_again(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Importing the same file again after the review queue was worked through: the decided row
    is already dealt with, so the report does not say it needs review (nor queue it again)."""
    path = write_rows(tmp_path / "r.csv", "Forename,Surname,DOB,Date received,Website",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes",
                      "Zara,Nobody,01/01/2016,05/09/2025,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and [r["row"] for r in report["needs_review"]] == [3]  # type: ignore[attr-defined]
    code, out, _ = cli(capsys, oak, "review", "list", "--academy", "OAK", "--json")
    (item,) = json.loads(out)
    assert cli(capsys, oak, "review", "dismiss", str(item["id"]), "--reason", "not ours")[0] == 0
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["needs_review"] == [] and report["duplicates"] == 1, report
    # a dismissed row has no return: not "already there", but said once, with what to do
    (said,) = [w["message"] for w in report["warnings"] if w["row"] == 3]  # type: ignore[attr-defined]
    assert "dismissed" in said and "reopen" in said
    code, out, _ = cli(capsys, oak, "review", "list", "--academy", "OAK", "--json")
    assert json.loads(out) == []


def test_a_heading_that_only_reassures_the_parent_is_not_an_objection(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "(we do not show names)" is the school's promise, not the parent's objection: a No under
    it is never read as consent; the heading is asked about."""
    path = write_rows(tmp_path / "p.csv", "Forename,Surname,DOB,Date received,"
                      "Photos on our website (we do not show names)",
                      "Amelia,Smith,28/04/2017,05/09/2025,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 3, report
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


def test_accept_under_an_objection_is_agreeing_with_the_objection(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "a.csv", "Forename,Surname,DOB,Date received,"
                      "I do not want my child's photo used on social media",
                      "Amelia,Smith,28/04/2017,05/09/2025,Accept",
                      "Noah,Evans,14/02/2016,05/09/2025,Decline")  # fmt: skip
    import_returns(capsys, oak, path)
    got = statuses(capsys, oak)
    assert "social_media" in got["Amelia"][1]  # never a consent
    assert got["Noah"][0] != "no_restriction" or got["Noah"][1] == []


@pytest.mark.parametrize("other", ["Website - first name only", "Press - only sports results"])
def test_an_option_with_the_parent_s_only_condition_waits(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], other: str
) -> None:
    path = write_rows(tmp_path / "o.csv", "Timestamp,Child's name,Child's date of birth,"
                      f'"{CONSENT_LIST}"',
                      f'05/09/2025 10:00,Amelia Smith,28/04/2017,"{OPTIONS}, {other}"')  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    waiting = [r["row"] for r in report["needs_review"]]  # type: ignore[attr-defined]
    assert code == 0 and waiting == [2], report
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


def test_a_report_title_with_its_run_date_and_day_is_the_same_question(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    week_1 = _titled(tmp_path / "w1.csv", "Consent report run Monday 1st September 2025 09:14",
                     "Noah,Evans,14/02/2016,05/09/2025,Yes,Yes,Yes")  # fmt: skip
    saved = tmp_path / "report.json"
    import_returns(capsys, oak, week_1, "--dry-run", "--save-mapping", str(saved))
    week_2 = _titled(tmp_path / "w2.csv", "Consent report run Tuesday 2nd September 2025 9:15 pm",
                     "Amelia,Smith,28/04/2017,02/09/2025,Yes,No,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, week_2, "--mapping", str(saved))
    assert code == 0, report


@pytest.mark.parametrize(
    ("then", "now"),
    [
        ("Key: 1 = Yes, 0 = No", "Key: 0 = Yes, 1 = No"),
        ("Enter 1 for yes and 2 for no", "Enter 2 for yes and 1 for no"),
        ("Yes (1) / No (0)", "Yes (0) / No (1)"),
    ],
)
def test_a_title_whose_number_key_turns_round_is_asked_about_again(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], then: str, now: str
) -> None:
    """A sheet's key says what its numbers mean. The saved mapping was confirmed with 1 = yes;
    next week's sheet says 0 = yes, 1 = no: the same words and numbers in another order, so the
    saved reading would turn every refusal into a consent. Asked about again."""
    week_1 = _titled(tmp_path / "w1.csv", then, "Noah,Evans,14/02/2016,05/09/2025,1,1,1")
    saved = tmp_path / "key.json"
    import_returns(capsys, oak, week_1, "--dry-run", "--save-mapping", str(saved))
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    for column in mapping["columns"]:
        if column["role"] == "purpose":
            column.pop("unsure", None)
            column.update(values={"1": "yes", "0": "no", "2": "no"})
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    assert import_returns(capsys, oak, week_1, "--mapping", str(saved))[0] == 0
    week_2 = _titled(tmp_path / "w2.csv", now, "Amelia,Smith,28/04/2017,06/09/2025,1,1,1")
    code, report = import_returns(capsys, oak, week_2, "--mapping", str(saved))
    assert code == 3 and "Press" in report["confirm"], report  # type: ignore[operator]
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])
    # the same key again: no question
    again = _titled(tmp_path / "w1b.csv", then, "Amelia,Smith,28/04/2017,06/09/2025,1,0,1")
    code, report = import_returns(capsys, oak, again, "--mapping", str(saved))
    assert code == 0, report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["social_media"])
