"""Layouts a third tester built blind from PRODUCT.md, each of which once recorded a child as
consenting to a use the parent refused or did not clearly answer. Expected results from
PRODUCT.md's rules: a mark whose meaning cannot be decided is never read as consent and a person
confirms an unsure reading before anything is saved; a cell that cannot be read waits for
review; free text from parents restricts unless a person says it is the office's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.importing.test_blind_findings import (
    EVERY,
    column_of,
    import_returns,
    reads_of,
    statuses,
    write_rows,
)

HEAD = "Forename,Surname,DOB,Date received"


def test_a_cross_in_a_do_not_want_box_is_never_a_consent(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Some parents tick the "do NOT" box, others put an X in it: the X is asked about, and
    until then it reads as a refusal, never as "No, I don't object"."""
    at_all = "Please tick if you do NOT give permission for your child to be photographed at all"
    web = "Tick if you do NOT want photos on the website"
    path = write_rows(tmp_path / "crossbox.csv", f"{HEAD},{at_all},{web}",
                      "Noah,Evans,14/02/2016,05/09/2025,✓,",
                      "Amelia,Smith,28/04/2017,05/09/2025,X,",
                      "Jack,O'Brien,03/09/2015,05/09/2025,,✓")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 3 and report["confirm"] == [at_all]  # the website column holds ticks only
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])  # nothing saved
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0 and reads_of(report, at_all)["X"] == "objects to every use"


@pytest.mark.parametrize(
    "heading",
    ["School photographer (class & individual photos)", "Class photographs", "Team photos"],
)
def test_a_question_about_something_else_is_not_taken_for_every_purpose(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], heading: str
) -> None:
    """A Yes to the school photographer must not fill the purposes the parent left blank."""
    path = write_rows(tmp_path / "primary.csv",
                      f"{HEAD},{heading},Displays,Website,Facebook page,Local newspaper,Video",
                      "Amelia,Smith,28/04/2017,05/09/2025,Y,Y,,Y,Y,Y",
                      "Noah,Evans,14/02/2016,05/09/2025,Y,,,,,")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 3 and heading in report["confirm"]  # type: ignore[operator]
    assert statuses(capsys, oak)["Noah"] == ("not_returned", [])


def test_a_heading_that_asks_nothing_is_not_a_sure_overall_answer(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "alone.csv", f"{HEAD},Class photographs",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 3 and "Class photographs" in report["confirm"]  # type: ignore[operator]


def test_the_policy_question_alone_is_still_read_without_asking(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    question = ("Do you object to the academy and the trust using photographs and video images "
                "of your child?")  # fmt: skip
    path = write_rows(tmp_path / "policy.csv", f'{HEAD},"{question}"',
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes",
                      "Noah,Evans,14/02/2016,05/09/2025,No")  # fmt: skip
    assert import_returns(capsys, oak, path)[0] == 0
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("no_images", EVERY) and got["Noah"] == ("no_restriction", [])


def test_an_mis_consent_column_for_school_use_is_an_answer_not_office_notes(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SIMS-style "Photograph Consent - School Use" once became office notes, so a refusal in
    it was ignored. "Not Granted" is a refusal."""
    school = "Photograph Consent - School Use"
    path = write_rows(tmp_path / "sims.csv",
                      f"Surname,Forename,DOB,{school},Photograph Consent - Website",
                      "Evans,Noah,14/02/2016,Denied,Granted",
                      "Smith,Amelia,28/04/2017,Granted,Not Granted")  # fmt: skip
    report = import_returns(capsys, oak, path, "--dry-run")[1]
    column = column_of(report, school)
    assert column["role"] == "purpose" and column["purposes"] == ["internal"]
    assert reads_of(report, "Photograph Consent - Website")["Not Granted"] == "objects to Websites"
    assert import_returns(capsys, oak, path)[0] == 0
    got = statuses(capsys, oak)
    assert got["Noah"] == ("restricted", ["internal"])
    assert got["Amelia"] == ("restricted", ["website"])


def test_a_changed_answer_waits_for_a_person(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Y (crossed out) N" is two answers, not a Yes with the limitation "crossed out) N"; a
    "no" that begins a restriction ("Yes but no names") is still a limitation."""
    path = write_rows(tmp_path / "keyed.csv", f"{HEAD},Website,Social media",
                      "Noah,Evans,14/02/2016,05/09/2025,Yes,Y (crossed out) N",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes,Yes but no names",
                      "Jack,O'Brien,03/09/2015,05/09/2025,Yes (Mum) / No (Dad),Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0
    assert sorted(r["row"] for r in report["needs_review"]) == [2, 4]  # type: ignore[attr-defined]
    got = statuses(capsys, oak)
    assert got["Noah"] == ("not_returned", []) and got["Jack"] == ("not_returned", [])
    assert got["Amelia"] == ("restricted", [])  # consents, with a limitation; the rest unasked


def test_a_skipped_objection_list_that_offers_no_objections_is_not_answered(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The list offers "I have no objections": a parent who left it blank said nothing, so the
    child is restricted (every purpose not answered), not free of restrictions."""
    question = "Please tick any uses of photographs of your child that you OBJECT to"
    path = write_rows(
        tmp_path / "objections.csv",
        f"Timestamp,Email,Child's name,Child's date of birth,{question}",
        "05/09/2025 10:00:00,a@example.com,Noah Evans,14/02/2016,I have no objections;",
        "05/09/2025 10:05:00,b@example.com,Amelia Smith,28/04/2017,Social media;",
        "05/09/2025 10:09:00,c@example.com,Jack O'Brien,03/09/2015,",
    )
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    got = statuses(capsys, oak)
    assert got["Noah"] == ("no_restriction", [])
    assert got["Amelia"] == ("restricted", ["social_media"])
    assert got["Jack"] == ("restricted", [])
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert reads_of(report, question)[""] == "left blank: not answered"


def test_office_notes_that_speak_of_uses_are_asked_about(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    quiet = write_rows(tmp_path / "quiet.csv", f"{HEAD},Website,Press,Office notes",
                       "Noah,Evans,14/02/2016,05/09/2025,Yes,Yes,entered by JS")  # fmt: skip
    assert import_returns(capsys, oak, quiet)[0] == 0
    said = write_rows(tmp_path / "said.csv", f"{HEAD},Website,Press,Office notes",
                      "Amelia,Smith,28/04/2017,05/09/2025,Yes,Yes,"
                      "Dad rang 12/9 - no press please")  # fmt: skip
    code, report = import_returns(capsys, oak, said)
    assert code == 3 and "Office notes" in report["confirm"]  # type: ignore[operator]
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


def test_two_different_returns_of_one_parent_on_one_day_wait_for_a_person(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Received the same day with no time: which is the latest cannot be told, so neither is
    taken (the file's order is not the parent's). The same return twice is one return."""
    path = write_rows(tmp_path / "sameday.csv", f"{HEAD},Returned by,Press",
                      "Noah,Evans,14/02/2016,05/09/2025,Mrs Evans,No",
                      "Noah,Evans,14/02/2016,05/09/2025,Mrs Evans,Yes",
                      "Amelia,Smith,28/04/2017,05/09/2025,Mr Smith,No",
                      "Amelia,Smith,28/04/2017,05/09/2025,Mr Smith,No",
                      "Jack,O'Brien,03/09/2015,05/09/2025,Ms O'Brien,No",
                      "Jack,O'Brien,03/09/2015,06/09/2025,Ms O'Brien,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0
    assert sorted(r["row"] for r in report["needs_review"]) == [2, 3]  # type: ignore[attr-defined]
    got = statuses(capsys, oak)
    assert got["Noah"] == ("not_returned", [])
    assert got["Amelia"] == ("restricted", ["press"])
    assert got["Jack"] == ("restricted", [])  # the later return (6 September) consents to press


def test_a_welsh_only_form_is_read_and_na_is_welsh_for_no(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Na" beside "Ydw" is Welsh for No (not "n/a"); "Dim" in the restrictions says none."""
    path = write_rows(tmp_path / "cymraeg.csv",
                      "Cyfenw,Enw cyntaf,Dyddiad geni,Dosbarth,Arddangosfeydd yn yr ysgol,"
                      "Gwefan yr ysgol,Cyfryngau cymdeithasol,Cylchlythyrau a phrosbectws,Y wasg,"
                      "Fideo a ffrydio byw,Cyfyngiadau eraill",
                      "Evans,Noah,14/02/2016,4B,Na,Na,Na,Na,Na,Na,",
                      "Smith,Amelia,28/04/2017,3A,Ydw,Na,Ydw,Ie,Cytuno,Ydw,Dim",
                      "O'Brien,Jack,03/09/2015,5C,Ydw,Ydw,Ydw,Ydw,Ydw,Ydw,Dim")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    got = statuses(capsys, oak)
    assert got["Noah"] == ("no_images", EVERY)
    assert got["Amelia"] == ("restricted", ["website"])
    assert got["Jack"] == ("no_restriction", [])


def test_a_pupil_column_of_surname_and_forename_is_the_whole_name(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "pupil.csv", 'Adm,"Pupil (Surname, Forename)",DOB,Website',
                      ',"Smith, Amelia",28/04/2017,No')  # fmt: skip
    assert import_returns(capsys, oak, path)[0] == 0
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["website"])


def test_a_reading_with_no_learner_column_can_be_saved_corrected_and_used(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from tests.importing.test_blind_findings import cli

    path = write_rows(tmp_path / "odd.csv", "Disgybl,Geni,Gwefan", "Amelia Smith,28/04/2017,Ydw")
    saved = tmp_path / "reading.json"
    code, _, err = cli(capsys, oak, "import-returns", str(path), "--academy", "OAK", "--year",
                       "2025/26", "--dry-run", "--save-mapping", str(saved))  # fmt: skip
    assert code == 2 and "no column identifies the learner" in err
    assert f"saved to {saved}" in err and "--mapping FILE" in err
    reading = json.loads(saved.read_text(encoding="utf-8"))
    reading["columns"][:2] = [{"header": "Disgybl", "role": "full_name"},
                              {"header": "Geni", "role": "dob"}]  # fmt: skip
    saved.write_text(json.dumps(reading), encoding="utf-8")
    assert import_returns(capsys, oak, path, "--mapping", str(saved))[0] == 0
    assert statuses(capsys, oak)["Amelia"] == ("restricted", [])  # only the website answered


def test_a_row_that_matches_nobody_is_not_said_to_be_matched_by_other_details(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "nobody.csv", "Adno,Surname,Forename,DOB,Website",
                      "999,Nobody,Noname,01/01/2013,Yes")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0 and [r["row"] for r in report["needs_review"]] == [2]  # type: ignore[attr-defined]
    notes = [w["message"] for w in report["warnings"]]  # type: ignore[attr-defined]
    assert not any("matched by other details" in n for n in notes), notes


def test_the_forms_own_hint_is_not_kept_as_the_parents_limitation(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "Do you give consent for the academy and trust to use photographs of your child?"
    option = "Yes, with restrictions (please give details below)"
    path = write_rows(tmp_path / "hint.csv", f'{HEAD},"{question}"',
                      f'Amelia,Smith,28/04/2017,05/09/2025,"{option}"')  # fmt: skip
    code, report = import_returns(capsys, oak, path, "--dry-run")
    assert code == 0
    assert reads_of(report, question)[option] == (
        'consents to every use, with the limitation "with restrictions"'
    )
