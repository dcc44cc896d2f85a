"""A tick list whose form offers an option the usual reading cannot be sure of ("School website
(no names)": a use and a condition): every row that ticks it waits for a person, until a person
says once, in the saved mapping or the wizard, which uses a tick of it is for. Expected results
from PRODUCT.md: in a consent-phrased tick list a purpose not ticked is refused; a parent's own
words that may limit a use wait for a person; a mapping a person saved counts as confirmed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.importing.test_blind_findings import cli, import_returns, statuses, write_rows

HEAD = "Timestamp,Child's name,Child's date of birth,Please tick the uses you agree to"
ROWS = (
    '05/09/2025 10:00,Amelia Smith,28/04/2017,"School website (no names), Class displays"',
    '05/09/2025 11:00,Noah Evans,14/02/2016,"Class displays, Local newspapers"',
)


def _saved(capsys: pytest.CaptureFixture[str], oak: str, sheet: Path, options: object) -> Path:
    saved = sheet.with_suffix(".json")
    import_returns(capsys, oak, sheet, "--dry-run", "--save-mapping", str(saved))
    mapping = json.loads(saved.read_text(encoding="utf-8"))
    (ticks,) = [c for c in mapping["columns"] if c["role"] == "tick_list"]
    ticks["options"] = options
    saved.write_text(json.dumps(mapping), encoding="utf-8")
    return saved


def test_without_a_word_from_a_person_the_option_s_rows_wait(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_rows(tmp_path / "f.csv", HEAD, *ROWS)
    code, report = import_returns(capsys, oak, sheet)
    assert code == 0
    waiting: dict[str, object]
    (waiting,) = report["needs_review"]  # type: ignore[misc]
    assert waiting["row"] == 2 and '"options"' in str(waiting["reason"])  # says how to tell it
    got = statuses(capsys, oak)
    assert got["Amelia"] == ("not_returned", [])
    assert got["Noah"] == ("restricted", ["print", "social_media", "video", "website"])


def test_an_option_a_person_confirmed_is_a_tick_of_the_uses_they_said(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jack = '05/09/2025 12:00,Jack O\'Brien,03/09/2015,"school website (NO names)"'
    sheet = write_rows(tmp_path / "f.csv", HEAD, *ROWS, jack)
    saved = _saved(capsys, oak, sheet, {"School website (no names)": ["website"]})
    code, report = import_returns(capsys, oak, sheet, "--mapping", str(saved))
    assert code == 0 and report["needs_review"] == [], report
    got = statuses(capsys, oak)
    # ticked: the website (as confirmed) and displays; the rest not ticked, so refused
    assert got["Amelia"] == ("restricted", ["press", "print", "social_media", "video"])
    assert got["Noah"] == ("restricted", ["print", "social_media", "video", "website"])
    # the option written in other case and spacing is the same option; nothing else ticked
    assert got["Jack"] == ("restricted", ["internal", "press", "print", "social_media", "video"])


def test_a_confirmed_option_keeps_its_words_as_the_limitation(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every use ticked, one of them "School website (no names)": the parent agreed to the
    website on that condition, which is kept (not "no restriction")."""
    every = ("Class displays, School website (no names), Social media, Newsletters, Local "
             "newspapers, Video")  # fmt: skip
    sheet = write_rows(tmp_path / "f.csv", HEAD,
                       f'05/09/2025 10:00,Amelia Smith,28/04/2017,"{every}"')  # fmt: skip
    saved = _saved(capsys, oak, sheet, {"School website (no names)": ["website"]})
    code, report = import_returns(capsys, oak, sheet, "--mapping", str(saved))
    assert code == 0 and report["needs_review"] == [], report
    _, out, _ = cli(capsys, oak, "restrictions", "--academy", "OAK", "--year", "2025/26",
                    "--all", "--json")  # fmt: skip
    (amelia,) = [r for r in json.loads(out) if r["forename"] == "Amelia"]
    assert (amelia["status"], amelia["refused"]) == ("restricted", [])
    assert amelia["limitation"] == "School website (no names)"


@pytest.mark.parametrize("words", ["School website (no names) NOT wanted",
                                   "School website (no names) - no thank you"])  # fmt: skip
def test_a_parent_s_words_that_begin_with_a_confirmed_option_still_wait(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], words: str
) -> None:
    jack = f'05/09/2025 12:00,Jack O\'Brien,03/09/2015,"Class displays, {words}"'
    sheet = write_rows(tmp_path / "f.csv", HEAD, *ROWS, jack)
    saved = _saved(capsys, oak, sheet, {"School website (no names)": ["website"]})
    code, report = import_returns(capsys, oak, sheet, "--mapping", str(saved))
    assert code == 0
    assert [r["row"] for r in report["needs_review"]] == [4], report  # type: ignore[attr-defined]
    assert statuses(capsys, oak)["Jack"] == ("not_returned", [])


def test_a_confirmed_option_does_not_make_a_parent_s_own_words_a_tick(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_rows(tmp_path / "f.csv", HEAD, *ROWS,
                       "05/09/2025 12:00,Jack O'Brien,03/09/2015,\"Class displays, Website - not "
                       'my child\'s face"')  # fmt: skip
    saved = _saved(capsys, oak, sheet, {"School website (no names)": ["website"]})
    code, report = import_returns(capsys, oak, sheet, "--mapping", str(saved))
    assert code == 0
    assert [r["row"] for r in report["needs_review"]] == [4], report  # type: ignore[attr-defined]
    assert statuses(capsys, oak)["Jack"] == ("not_returned", [])


def test_an_objection_list_s_confirmed_option_is_a_refusal(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_rows(tmp_path / "o.csv", "Timestamp,Child's name,Child's date of birth,"
                       "Please tick any uses you object to",
                       '05/09/2025 10:00,Amelia Smith,28/04/2017,"Social media (even without '
                       'names)"')  # fmt: skip
    saved = _saved(capsys, oak, sheet, {"Social media (even without names)": ["social_media"]})
    code, report = import_returns(capsys, oak, sheet, "--mapping", str(saved))
    assert code == 0 and report["needs_review"] == [], report
    assert statuses(capsys, oak)["Amelia"] == ("restricted", ["social_media"])


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"School website (no names)": []}, '"options" must give each option'),
        ({"School website (no names)": "website"}, '"options" must give each option'),
        ({"School website (no names)": ["the_moon"]}, "the trust does not have"),
    ],
)
def test_a_saved_option_must_name_the_trust_s_uses(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], options: object, said: str
) -> None:
    sheet = write_rows(tmp_path / "f.csv", HEAD, *ROWS)
    saved = _saved(capsys, oak, sheet, options)
    code, _, err = cli(capsys, oak, "import-returns", str(sheet), "--academy", "OAK",
                         "--year", "2025/26", "--mapping", str(saved))  # fmt: skip
    assert code != 0 and said in err, err
    assert statuses(capsys, oak)["Amelia"] == ("not_returned", [])


def test_options_are_kept_when_the_mapping_is_saved_again(
    oak: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = write_rows(tmp_path / "f.csv", HEAD, *ROWS)
    saved = _saved(capsys, oak, sheet, {"School website (no names)": ["website"]})
    again = tmp_path / "again.json"
    code, _ = import_returns(capsys, oak, sheet, "--mapping", str(saved), "--dry-run",
                             "--save-mapping", str(again))  # fmt: skip
    assert code == 0
    (ticks,) = [c for c in json.loads(again.read_text())["columns"] if c["role"] == "tick_list"]
    assert ticks["options"] == {"School website (no names)": ["website"]}
