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
    EVERY,
    YEAR,
    cli,
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
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", [])  # every use not answered
    assert got["Noah"] == ("not_returned", [])
    reasons = {r["row"]: r["reason"] for r in report["needs_review"]}  # type: ignore[attr-defined]
    if not_back:  # answers on a form marked as not come back: a person says which is true
        assert report["imported"] == 1 and list(reasons) == [4], report
        assert "marked as not come back" in reasons[4] and "but the row has answers" in reasons[4]
        assert got["Jack"] == ("not_returned", [])
    else:  # answers make a return
        assert report["imported"] == 2 and reasons == {}, report
        assert got["Jack"] == ("restricted", ["press"])
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
    assert "mark it as come back in 'Form returned?' or fill in the date received" in said
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
    """Only marks say whether a form came back: a column mostly of the office's own words
    ("chased twice", "letter sent"), or holding dates beside its marks, is not read as one."""
    for cells in (["Y", "chased twice", "letter sent"], ["Y", "12/09/2025", "N"]):
        rows = [f"{name},{cell}" for name, cell in zip(
            ["Amelia,Smith,28/04/2017", "Noah,Evans,14/02/2016", "Jack,O'Brien,03/09/2015"],
            cells, strict=True)]  # fmt: skip
        path = write_rows(tmp_path / "r.csv", f"{HEAD},Form returned?", *rows)
        table = read_table(path)
        mapping = guess_mapping(table.headers, "returns", column_values(table))
        assert mapping.columns[3].role is ColumnRole.IGNORE, cells


@pytest.mark.parametrize(
    "heading", ["Form not returned?", "Slip not back", "Consent form outstanding?"]
)
def test_a_heading_asking_whether_the_form_is_still_out_is_not_read_as_come_back(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str
) -> None:
    """Under "Form not returned?" a Y says the form did not come back: read as "came back", the
    child would count as returned and drop off the chase list. Such a column is set aside,
    saying why: the child with Y and nothing answered stays not returned."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},{heading},Website,Press",
                      "Amelia,Smith,28/04/2017,Y,,",  # still out
                      "Noah,Evans,14/02/2016,N,Yes,No")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    column = column_of(report, heading)
    assert column["role"] == "ignore" and column["why"], column  # set aside, saying why
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("not_returned", [])
    assert got["Noah"] == ("restricted", ["press"])


def test_an_office_word_among_the_marks_says_nothing_of_the_form(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(A blind tester's sheet.) Marks and words of the office's own in one "Form back" column:
    each mark is read — the words "Returned" and "Not back yet" as marks too — and "chased 2x"
    says nothing of whether the form came back, so a blank row with it is not a return; the
    read-back says so."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Form back,Website,Press",
                      "Amelia,Smith,28/04/2017,Returned,,",  # handed in, nothing answered
                      "Noah,Evans,14/02/2016,chased 2x,,",  # not said: not a return
                      "Jack,O'Brien,03/09/2015,Not back yet,Yes,No")  # fmt: skip
    code, dry = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0, dry
    reads = reads_of(dry, "Form back")
    assert reads["Returned"].startswith("came back") and reads["Not back yet"].startswith(
        "did not come back"), reads  # fmt: skip
    assert reads["chased 2x"].startswith("not said"), reads
    assert "'chased 2x' says nothing of it" in column_of(dry, "Form back")["why"]
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 1, report
    reviews = report["needs_review"]
    assert isinstance(reviews, list) and len(reviews) == 1, report
    assert reviews[0]["row"] == 4 and "marked as not come back" in reviews[0]["reason"]
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", [])
    assert got["Noah"] == ("not_returned", []) and got["Jack"] == ("not_returned", [])


def test_a_sheet_that_only_says_which_forms_came_back_says_so(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(A blind tester's sheet.) An office's tracking sheet with no answers at all is refused
    in words an office understands: what the column says, and where the answers must come
    from; nothing is recorded."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Form back", "Amelia,Smith,28/04/2017,Yes",
                      "Noah,Evans,14/02/2016,No")  # fmt: skip
    code, out, err = cli(capsys, oak, "import-returns", str(path), "--academy", "OAK", "--year",
                         YEAR)  # fmt: skip
    assert code != 0 and not out
    assert "no column holds the parents' answers" in err and "'Form back' only says" in err, err
    assert "Enter a paper return" in err
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


EARLIER = (
    "Adno,Forename,Surname,Date received,Displays,Website,Social media,Newsletter,Press,Video,"
    "Limitations\n"
    "1002,Amelia,Smith,10/09/2025,Yes,Yes,Yes,Yes,No,Yes,\n"
    "1001,Noah,Evans,10/09/2025,No,No,No,No,No,No,\n"
    "1003,Jack,O'Brien,10/09/2025,Yes,Yes,Yes,Yes,Yes,Yes,first name only\n"
)


@pytest.mark.parametrize("received", [[], ["--received", "01/10/2025"]])
def test_an_office_tracking_sheet_does_not_overrule_the_returns_recorded(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], received: list[str]
) -> None:
    """(Found in review.) The office's sheet of which forms came back, imported after the forms
    themselves: a blank row marked Y beside a recorded return may be about that very form. Read
    as a new return (dated by --received), it overruled the refusals and the limitation; it
    waits for a person instead."""
    (tmp_path / "earlier.csv").write_text(EARLIER, encoding="utf-8")
    assert import_returns(capsys, oak, tmp_path / "earlier.csv")[0] == 0
    before = statuses(capsys, oak)
    assert before["Noah"] == ("no_images", EVERY)
    path = write_rows(tmp_path / "tracking.csv", "Adno,Forename,Surname,Form returned?,Website",
                      "1002,Amelia,Smith,Y,", "1001,Noah,Evans,Y,",
                      "1003,Jack,O'Brien,Y,")  # fmt: skip
    code, report = import_returns(capsys, oak, path, *received)
    assert code == 0 and report["imported"] == 0, report
    reasons = {r["row"]: r["reason"] for r in report["needs_review"]}  # type: ignore[attr-defined]
    assert sorted(reasons) == [2, 3, 4]
    assert all("marked as come back but nothing on it is answered" in r and
               "(already recorded)" in r for r in reasons.values())  # fmt: skip
    assert statuses(capsys, oak) == before


def test_a_blank_form_marked_returned_beside_the_childs_return_in_the_same_file_waits(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Form returned?,Date received,Website,Press",
                      "Amelia,Smith,28/04/2017,Y,05/09/2025,Yes,No",
                      "Amelia,Smith,28/04/2017,Y,,,",
                      "Noah,Evans,14/02/2016,Y,,,")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 2, report
    reasons = {r["row"]: r["reason"] for r in report["needs_review"]}  # type: ignore[attr-defined]
    assert list(reasons) == [3] and "(in this file)" in reasons[3]
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", ["press"]) and got["Noah"] == ("restricted", [])


def test_an_x_beside_ticks_in_a_returned_column_is_not_read(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(Found in review.) Beside ✓, an x may be a cross: "not back". Read as a tick, it took a
    child whose form never came back off the list of forms to chase."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Returned?,Website",
                      "Amelia,Smith,28/04/2017,✓,", "Noah,Evans,14/02/2016,x,")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 0, report
    column = column_of(report, "Returned?")
    assert column["role"] == "ignore" and "x beside ✓ could be a tick or a cross" in column["why"]
    assert statuses(capsys, oak)["Noah"] == ("not_returned", [])


def test_nothing_ticked_on_a_form_marked_returned_is_refused(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(Found in review.) On a sheet of tick columns, a form that came back with nothing ticked
    refuses every use (PRODUCT.md: not ticked is refused), as with a date received; the mark
    alone read it as not answered."""
    head = f"{HEAD},Form returned?,Date received,Displays,Website,Social media,Print,Press,Video"
    path = write_rows(tmp_path / "r.csv", head,
                      "Amelia,Smith,28/04/2017,Y,,,,,,,",
                      "Noah,Evans,14/02/2016,Y,12/09/2025,,,,,,",
                      "Jack,O'Brien,03/09/2015,Y,,✓,✓,✓,✓,,✓")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 3, report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("no_images", EVERY) and got["Noah"] == ("no_images", EVERY)
    assert got["Jack"] == ("restricted", ["press"])


def test_a_form_marked_not_returned_with_a_date_and_no_answers_waits(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Form returned?,Date received,Website",
                      "Amelia,Smith,28/04/2017,N,12/09/2025,")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and report["imported"] == 0, report
    reasons = [r["reason"] for r in report["needs_review"]]  # type: ignore[attr-defined]
    assert len(reasons) == 1
    assert "marked as not come back in 'Form returned?', but it has a date received" in reasons[0]


@pytest.mark.parametrize("heading", ["Consent returned?", "Photo consent form signed?"])
def test_a_consent_form_status_heading_is_whether_the_form_came_back(
    tmp_path: Path, heading: str
) -> None:
    """(Found in review.) "Consent returned? Y" was guessed as the overall answer (unsure, "Y =
    consents to every use"): a person who confirmed it recorded consents no parent gave."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},{heading},Website",
                      "Amelia,Smith,28/04/2017,Y,", "Noah,Evans,14/02/2016,N,Yes")  # fmt: skip
    table = read_table(path)
    mapping = guess_mapping(table.headers, "returns", column_values(table))
    assert mapping.columns[3].role is ColumnRole.RETURNED


def test_a_workbooks_true_and_false_say_whether_the_form_came_back(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Forename", "Surname", "DOB", "Form returned?", "Website"])
    ws.append(["Amelia", "Smith", "28/04/2017", True, None])
    ws.append(["Noah", "Evans", "14/02/2016", False, None])
    wb.save(tmp_path / "r.xlsx")
    code, report = import_returns(capsys, oak, tmp_path / "r.xlsx")
    assert code == 0 and report["imported"] == 1, report
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("restricted", []) and got["Noah"] == ("not_returned", [])


def test_a_sheet_filled_in_before_the_forms_came_back_does_not_count_as_answers(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(Found by a blind tester.) An office sheet pre-filled "Yes" with the forms marked as not
    come back: its rows were recorded as consents, and with --received one overruled a
    parent's refusal of every use. A row marked as not come back that has answers waits."""
    (tmp_path / "earlier.csv").write_text(EARLIER, encoding="utf-8")
    assert import_returns(capsys, oak, tmp_path / "earlier.csv")[0] == 0
    path = write_rows(tmp_path / "prefilled.csv",
                      "Adno,Forename,Surname,Form returned?,Website,Press",
                      "1001,Noah,Evans,N,Yes,Yes", "1002,Amelia,Smith,Y,Yes,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path, "--received", "20/09/2025")
    assert code == 0, report
    reasons = {r["row"]: r["reason"] for r in report["needs_review"]}  # type: ignore[attr-defined]
    assert list(reasons) == [2] and "but the row has answers" in reasons[2]
    assert statuses(capsys, oak)["Noah"] == ("no_images", EVERY)


def test_the_undated_returns_counted_are_those_imported(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(Found by a blind tester.) "N returns give no date received: they count as received when
    imported" counted the rows that went to the review queue instead; and one return imported
    was "1 returns were imported"."""
    path = write_rows(tmp_path / "r.csv", f"{HEAD},Form returned?,Website,Press",
                      "Amelia,Smith,28/04/2017,Y,Yes,No",  # imported, undated
                      "Noah,Evans,14/02/2016,N,Yes,Yes")  # fmt: skip  # waits: answers, not back
    code, report = import_returns(capsys, oak, path, "--dry-run")
    waiting = report["needs_review"]
    assert code == 0 and report["imported"] == 1 and len(waiting) == 1, report  # type: ignore[arg-type]
    assert report["undated"] == 1, report
    notes = [w["message"] for w in report["warnings"]]  # type: ignore[attr-defined]
    assert any(n.startswith("1 return gives no date received") for n in notes), notes
    code, out, _ = cli(capsys, oak, "import-returns", str(path), "--academy", "OAK", "--year",
                       YEAR)  # fmt: skip
    assert code == 0
    assert "r.csv: 2 rows — 1 return was imported, 0 already there, 1 needs review" in out, out


def test_resolving_a_waiting_blank_form_says_what_it_changes(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(Found by a blind tester.) A blank form marked as come back beside a recorded refusal
    waits; resolving it records a return with nothing answered, which — received later —
    counts instead of the refusal: the person who resolves it is told, learner by name, what
    it changed. The learners here have no UPN: the admission number names one."""
    (tmp_path / "earlier.csv").write_text(EARLIER, encoding="utf-8")
    assert import_returns(capsys, oak, tmp_path / "earlier.csv")[0] == 0
    path = write_rows(tmp_path / "tracking.csv", "Adno,Forename,Surname,Form returned?,Website",
                      "1001,Noah,Evans,Y,")  # fmt: skip
    code, report = import_returns(capsys, oak, path, "--received", "20/09/2025")
    assert code == 0 and report["imported"] == 0, report
    code, out, _ = cli(capsys, oak, "review", "list", "--academy", "OAK", "--json")
    (item,) = json.loads(out)
    code, out, err = cli(capsys, oak, "review", "resolve", str(item["id"]), "--learner", "1001")
    assert code == 0, err
    assert "recorded for Noah Evans (1001)" in out, out
    # a return received later, with nothing answered, counts: every use not answered
    assert "Noah Evans: No images → Restricted" in out, out
    assert statuses(capsys, oak)["Noah"] == ("restricted", [])
