"""Layouts a fourth tester built blind from PRODUCT.md, each of which once recorded a child as
consenting against a parent's refusal. Expected results from PRODUCT.md's rules: each
respondent's latest return counts and the most restrictive answer wins; a form of another year
does not count for this one; a cell that cannot be read waits for review and is never read as
consent; an unsure reading is asked about."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from consent_desk.db.engine import Database
from consent_desk.services.review import resolve
from tests.importing.test_blind_findings import EVERY, cli, import_returns, statuses, write_rows

HEAD = "Forename,Surname,DOB"
ALL_YES = "Yes,Yes,Yes,Yes,Yes,Yes"
SIX = "Displays,Website,Social media,Newsletter,Press,Video"


def test_two_carers_who_signed_their_forms_are_two_respondents(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Dad refused the press on 5 September, Mum consented to everything on 9 September: the
    "Signed" column says they are two people, so Dad's refusal stands."""
    path = write_rows(tmp_path / "signed.csv", f"{HEAD},{SIX},Signed,Date",
                      "Noah,Evans,14/02/2016,Yes,Yes,Yes,Yes,No,Yes,Mr D Evans,05/09/2025",
                      f"Noah,Evans,14/02/2016,{ALL_YES},Ms K Price,09/09/2025")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert statuses(capsys, oak)["Noah"] == ("restricted", ["press"])


def test_last_years_forms_in_an_academic_year_column_do_not_count(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_rows(tmp_path / "years.csv", f"Academic Year,{HEAD},{SIX}",
                      f"2024/25,Noah,Evans,14/02/2016,{ALL_YES}",
                      f"2025-26,Amelia,Smith,28/04/2017,{ALL_YES}",
                      f"2024 - 2025,Jack,O'Brien,03/09/2015,{ALL_YES}")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert sorted(r["row"] for r in report["needs_review"]) == [2, 4]  # type: ignore[attr-defined]
    got = statuses(capsys, oak)
    assert got["Noah"] == ("not_returned", []) and got["Jack"] == ("not_returned", [])
    assert got["Amelia"] == ("no_restriction", [])


def test_a_withdrawal_of_all_photos_and_video_refuses_everything(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = write_rows(tmp_path / "base.csv", f"{HEAD},Date received,Returned by,{SIX}",
                      f"Noah,Evans,14/02/2016,05/09/2025,Mrs Evans,{ALL_YES}",
                      f"Amelia,Smith,28/04/2017,05/09/2025,Mr Smith,{ALL_YES}")  # fmt: skip
    assert import_returns(capsys, oak, base)[0] == 0
    withdrawals = write_rows(
        tmp_path / "withdrawn.csv",
        f"{HEAD},Consent withdrawn for,Date withdrawn,Withdrawn by",
        "Noah,Evans,14/02/2016,All photos and video,20/10/2025,Mrs Evans",
        "Amelia,Smith,28/04/2017,Social media only,21/10/2025,Mr Smith",
    )
    code, report = import_returns(capsys, oak, withdrawals)
    assert code == 0, report
    got = statuses(capsys, oak)
    assert got["Noah"] == ("no_images", EVERY)
    assert got["Amelia"] == ("restricted", ["social_media"])


def test_a_row_resolved_from_review_restricts_what_could_not_be_read(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The carer's earlier consent stands; the withdrawal "the lot, please" cannot be read and
    waits. When a person gives the row its learner, the unread answer is a refusal, not
    "not answered" (which would give way to the earlier consent)."""
    base = write_rows(tmp_path / "base.csv", f"{HEAD},Date received,Returned by,{SIX}",
                      f"Noah,Evans,14/02/2016,05/09/2025,Mrs Evans,{ALL_YES}")  # fmt: skip
    assert import_returns(capsys, oak, base)[0] == 0
    odd = write_rows(tmp_path / "odd.csv",
                 f"{HEAD},Consent withdrawn for,Date withdrawn,Withdrawn by",
                 "Noah,Evans,14/02/2016,the lot please,20/10/2025,Mr Evans",
                 "Amelia,Smith,28/04/2017,Press,21/10/2025,Mr Smith")  # fmt: skip
    code, report = import_returns(capsys, oak, odd)
    assert code == 0 and [r["row"] for r in report["needs_review"]] == [2]  # type: ignore[attr-defined]
    code, out, _ = cli(capsys, oak, "review", "list", "--academy", "OAK", "--json")
    (item,) = json.loads(out)
    resolve(Database(oak), item["id"], "office", learner_id=item["candidates"][0]["learner_id"])
    assert statuses(capsys, oak)["Noah"] == ("no_images", EVERY)


@pytest.mark.parametrize(
    "answer",
    ["Yes (not social media)", "Yes, no press", "Yes - website only", "ok but not in the paper"],
)
def test_an_answer_with_an_exception_for_a_use_waits_for_a_person(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], answer: str
) -> None:
    path = write_rows(tmp_path / "exception.csv", f"{HEAD},Date received,Photos OK?",
                      f'Noah,Evans,14/02/2016,05/09/2025,"{answer}"',
                      "Amelia,Smith,28/04/2017,05/09/2025,Not OK",
                      "Jack,O'Brien,03/09/2015,05/09/2025,OK - no names")  # fmt: skip
    code, report = import_returns(capsys, oak, path)
    assert code == 0, report
    assert [r["row"] for r in report["needs_review"]] == [2]  # type: ignore[attr-defined]
    got = statuses(capsys, oak)
    assert got["Noah"] == ("not_returned", [])
    assert got["Amelia"] == ("no_images", EVERY)  # "Not OK" is a No
    assert got["Jack"] == ("restricted", [])  # every use, with the limitation "no names"
