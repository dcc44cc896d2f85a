"""The import commands as an office uses them, through the CLI, on SQLite and PostgreSQL:
bad files refused in one line with nothing changed, dry runs, undoing an import, the review
queue, and importing a learner list again."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from consent_desk.cli.main import main
from consent_desk.db.engine import Database
from consent_desk.db.models import Base, ConsentReturn, ImportBatch, Learner, ReviewItem
from tests.conftest import SAMPLES, TRUST
from tests.importing.conftest import HILLGATE, write_cfb, write_csv, write_xlsx

YEAR = "2025/26"
HILLGATE_LEARNERS = SAMPLES / "hillgate-learners-bromcom.xlsx"
HILLGATE_RETURNS = SAMPLES / "hillgate-returns-msforms.xlsx"
OAKFIELD_LEARNERS = SAMPLES / "oakfield-learners-sims.csv"
OAKFIELD_RETURNS = SAMPLES / "oakfield-returns-typed.xlsx"

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(database_url: str, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    """``cli(*argv)`` -> (exit code, stdout, stderr), on a trust with academies OAK and HGH."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--database", database_url, *argv])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("init", "--trust", TRUST)[0] == 0
    assert run("academy", "add", "OAK", "--name", "Oakfield Primary Academy")[0] == 0
    assert run("academy", "add", "HGH", "--name", "Hillgate High Academy")[0] == 0
    yield run


def ok(cli: Cli, *argv: str) -> str:
    code, out, err = cli(*argv)
    assert code == 0, err
    return out


def report(cli: Cli, *argv: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(ok(cli, *argv, "--json"))
    return doc


def counts(url: str) -> dict[str, int]:
    """Rows in every table of the schema."""
    db = Database(url)
    try:
        with db.session() as s:
            return {
                t.name: s.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables
            }
    finally:
        db.dispose()


def import_hillgate(cli: Cli) -> dict[str, Any]:
    ok(cli, "import-learners", str(HILLGATE_LEARNERS), "--academy", "HGH")
    return report(cli, "import-returns", str(HILLGATE_RETURNS), "--academy", "HGH",
                  "--year", YEAR)  # fmt: skip


# --- bad files ---------------------------------------------------------------------------------


def bad_files(folder: Path) -> dict[str, Path]:
    """One of every kind of file an office might pick by mistake."""
    empty = folder / "empty.xlsx"
    empty.write_bytes(b"")
    noise = folder / "random.xlsx"
    noise.write_bytes(os.urandom(4000))
    whole = write_xlsx(folder / "whole.xlsx", [HILLGATE, ["1"] * len(HILLGATE)]).read_bytes()
    cut = folder / "truncated.xlsx"
    cut.write_bytes(whole[: len(whole) // 2])
    page = folder / "download.xlsx"
    page.write_text("<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>"
                    "<table><tr><td>Surname</td></tr></table></body></html>")  # fmt: skip
    locked = write_cfb(folder / "locked.xlsx", {
        "EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
        "EncryptedPackage": os.urandom(6000),
    })  # fmt: skip
    unknown = write_xlsx(folder / "shopping.xlsx", [["Item", "Price", "Shop"],
                                                     ["Milk", 1.2, "Corner"],
                                                     ["Bread", 0.9, "Corner"]])  # fmt: skip
    huge = "I do not want photos of my child used in any of the following ways: " * 15_000
    returns_row = ["1", "03/09/2025 08:00", "03/09/2025 08:04", "mum@example.org", "Ann Kelly",
                   "", "Harry", "Kelly", "09/02/2010", "11D", "Displays around the academy;",
                   huge, "Mother"]  # fmt: skip
    long_returns = write_csv(folder / "long-returns.csv", [HILLGATE, returns_row])
    long_learners = write_csv(folder / "long-learners.csv", [
        ["UPN", "Legal Surname", "Legal Forename", "DOB", "Reg Group"],
        ["A873401214103", "Kelly" + "y" * 1_000_000, "Harry", "09/02/2010", "11D"],
    ])  # fmt: skip
    return {
        "empty": empty, "random bytes": noise, "truncated": cut, "web page": page,
        "password": locked, "no recognisable columns": unknown, "1 MB cell (returns)": long_returns,
        "1 MB cell (learners)": long_learners,
    }  # fmt: skip


def test_bad_files_are_refused_in_one_line_and_change_nothing(
    cli: Cli, database_url: str, tmp_path: Path
) -> None:
    import_hillgate(cli)
    before = counts(database_url)
    for what, path in bad_files(tmp_path).items():
        commands = [
            ["import-returns", str(path), "--academy", "HGH", "--year", YEAR],
            ["import-learners", str(path), "--academy", "HGH", "--mark-missing-left"],
        ]
        for argv in commands:
            code, out, err = cli(*argv)
            assert code != 0, (what, argv[0], out)
            lines = err.splitlines()
            assert len(lines) == 1, (what, argv[0], err)
            assert path.name in lines[0], (what, argv[0], err)
            assert "Traceback" not in err
            assert counts(database_url) == before, (what, argv[0])


def test_a_long_cell_is_named_by_row_and_column(cli: Cli, tmp_path: Path) -> None:
    import_hillgate(cli)
    path = bad_files(tmp_path)["1 MB cell (returns)"]
    code, _, err = cli("import-returns", str(path), "--academy", "HGH", "--year", YEAR)
    assert code != 0
    assert "row 2, column L" in err and "characters" in err


# --- dry runs ----------------------------------------------------------------------------------


def test_dry_runs_change_nothing(cli: Cli, database_url: str) -> None:
    before = counts(database_url)
    learners = report(cli, "import-learners", str(HILLGATE_LEARNERS), "--academy", "HGH",
                      "--dry-run")  # fmt: skip
    assert learners["dry_run"] is True and learners["added"] == 953
    assert learners["batch_id"] is None
    assert counts(database_url) == before

    ok(cli, "import-learners", str(HILLGATE_LEARNERS), "--academy", "HGH")
    before = counts(database_url)
    returns = report(cli, "import-returns", str(HILLGATE_RETURNS), "--academy", "HGH",
                     "--year", YEAR, "--dry-run")  # fmt: skip
    assert returns["dry_run"] is True and returns["imported"] == 830
    assert len(returns["needs_review"]) == 3 and returns["batch_id"] is None
    assert counts(database_url) == before
    # the text report says "would be" and the real import then does what the dry run said
    out = ok(cli, "import-returns", str(HILLGATE_RETURNS), "--academy", "HGH", "--year", YEAR,
             "--dry-run")  # fmt: skip
    assert "830 returns would be imported" in out
    real = report(cli, "import-returns", str(HILLGATE_RETURNS), "--academy", "HGH",
                  "--year", YEAR)  # fmt: skip
    assert real["imported"] == 830 and real["batch_id"] is not None


# --- undo --------------------------------------------------------------------------------------


def test_undo_removes_exactly_the_batch_and_only_once(cli: Cli, database_url: str) -> None:
    ok(cli, "import-learners", str(OAKFIELD_LEARNERS), "--academy", "OAK")
    oak = report(cli, "import-returns", str(OAKFIELD_RETURNS), "--academy", "OAK", "--year", YEAR)
    hgh = import_hillgate(cli)
    assert hgh["imported"] == 830
    db = Database(database_url)
    try:
        with db.session() as s:
            oak_returns = set(
                s.scalars(select(ConsentReturn.id).where(ConsentReturn.batch_id == oak["batch_id"]))
            )
            assert len(oak_returns) == oak["imported"] > 0
            before = counts(database_url)

            out = ok(cli, "undo-import", str(hgh["batch_id"]))
            assert "830 returns removed" in out
            after = counts(database_url)
            assert after["consent_return"] == before["consent_return"] - 830
            assert after["review_item"] == before["review_item"] - 3
            assert after["learner"] == before["learner"]
            s.expire_all()
            left = set(s.scalars(select(ConsentReturn.id)))
            assert left == oak_returns  # the other batch untouched
            batch = s.get(ImportBatch, hgh["batch_id"])
            assert batch is not None and batch.undone_at is not None
    finally:
        db.dispose()

    code, _, err = cli("undo-import", str(hgh["batch_id"]))
    assert code != 0 and len(err.splitlines()) == 1 and "already undone" in err
    assert counts(database_url) == after
    # undone returns are gone for good: the same file imports them again
    again = report(cli, "import-returns", str(HILLGATE_RETURNS), "--academy", "HGH",
                   "--year", YEAR)  # fmt: skip
    assert again["imported"] == 830 and again["duplicates"] == 0


def test_reimporting_the_same_file_creates_nothing(cli: Cli, database_url: str) -> None:
    import_hillgate(cli)
    before = counts(database_url)
    again = report(cli, "import-returns", str(HILLGATE_RETURNS), "--academy", "HGH",
                   "--year", YEAR)  # fmt: skip
    assert again["imported"] == 0 and again["duplicates"] == 830
    after = counts(database_url)
    # only the new batch, its audit entry and what it holds of the first import's returns and
    # review rows (so undoing either import leaves them to the other): nothing duplicated
    assert {k: after[k] - before[k] for k in after if after[k] != before[k]} == {
        "import_batch": 1,
        "audit_entry": 1,
        "batch_return": 830,
        "batch_review": 3,
    }


# --- the review queue --------------------------------------------------------------------------


def _status(cli: Cli, upn: str) -> dict[str, Any]:
    listed = json.loads(ok(cli, "restrictions", "--academy", "HGH", "--year", YEAR, "--all",
                           "--json"))  # fmt: skip
    found: dict[str, Any] = next(r for r in listed if r["upn"] == upn)
    return found


def test_review_list_resolve_and_dismiss(cli: Cli) -> None:
    import_hillgate(cli)
    waiting = json.loads(ok(cli, "review", "list", "--json"))
    assert sorted(i["row"] for i in waiting) == [633, 771, 802]
    by_row = {i["row"]: i for i in waiting}
    kelly = by_row[633]
    assert kelly["candidates"][0]["upn"] == "H873401214103"  # Harry Kelly, the likeliest
    text = ok(cli, "review", "list")
    assert "Hrary Kelly" in text and "candidate H873401214103 Harry Kelly" in text

    # Harry's other carer consented to everything; the waiting row (another carer) refuses all
    assert _status(cli, "H873401214103")["status"] == "no_restriction"
    refused = sorted(k for k, v in kelly["data"]["answers"].items() if v == "refuse")
    assert len(refused) == 6
    out = ok(cli, "review", "resolve", str(kelly["id"]), "--learner", "H873401214103")
    # what was recorded, in the parent's terms (it said only "return N recorded")
    first, change = out.strip().splitlines()
    assert "resolved" in first and first.endswith("objects to every use")
    # and what it changed: of two carers who disagree, the more restrictive counts
    assert change.strip() == "Harry Kelly: No restriction → No images", out
    status = _status(cli, "H873401214103")
    assert status["status"] == "no_images"  # the stricter carer's answer counts
    assert sorted(status["refused"]) == refused

    collins = by_row[802]
    ok(cli, "review", "dismiss", str(collins["id"]), "--reason", "child not at this academy")
    still = json.loads(ok(cli, "review", "list", "--json"))
    assert [i["row"] for i in still] == [771]
    everything = {i["row"]: i["state"] for i in json.loads(ok(cli, "review", "list", "--all",
                                                                "--json"))}  # fmt: skip
    assert everything == {633: "resolved", 771: "open", 802: "dismissed"}

    # decided rows cannot be decided again
    for argv in (["review", "resolve", str(kelly["id"]), "--learner", "H873401214103"],
                 ["review", "dismiss", str(collins["id"]), "--reason", "again"]):  # fmt: skip
        code, _, err = cli(*argv)
        assert code != 0 and len(err.splitlines()) == 1
    # a resolved row and a re-import of its file do not make two returns
    again = report(cli, "import-returns", str(HILLGATE_RETURNS), "--academy", "HGH",
                   "--year", YEAR)  # fmt: skip
    assert again["imported"] == 0
    assert _status(cli, "H873401214103")["status"] == status["status"]


def test_review_resolve_records_what_the_parent_meant(cli: Cli) -> None:
    """A person who reads a waiting row can record what the parent meant on the command line
    too: a cell that could not be read counted as a refusal, and only the app could say
    otherwise (a blind tester's finding). Purposes not given keep the row's reading."""
    import_hillgate(cli)
    kelly = next(i for i in json.loads(ok(cli, "review", "list", "--json")) if i["row"] == 633)
    for bad, said in ((["--answer", "website"], "PURPOSE=ANSWER"),
                      (["--answer", "webpage=consent"], "not one of the trust's purposes"),
                      (["--answer", "website=maybe"], "not an answer")):  # fmt: skip
        code, _, err = cli("review", "resolve", str(kelly["id"]), "--learner", "H873401214103",
                           *bad)  # fmt: skip
        assert code != 0 and said in err, err
    out = ok(cli, "review", "resolve", str(kelly["id"]), "--learner", "H873401214103",
             "--answer", "press=refuse", "--answer", "all=consent",
             "--limitation", "first name only")  # fmt: skip
    assert "objects to Press" in out and "first name only" in out, out
    status = _status(cli, "H873401214103")
    assert (status["status"], status["refused"]) == ("restricted", ["press"])
    assert status["limitation"] == "first name only"


# --- importing a learner list again ------------------------------------------------------------

LIST_HEADERS = ["UPN", "Adno", "Legal Surname", "Legal Forename", "DOB", "Year", "Reg Group"]


def _learners(url: str) -> dict[str, tuple[str, str, str | None, bool]]:
    db = Database(url)
    try:
        with db.session() as s:
            return {
                lr.upn: (lr.legal_surname, lr.legal_forename, lr.reg_group, lr.on_roll)
                for lr in s.scalars(select(Learner).where(Learner.upn.is_not(None)))
                if lr.upn
            }
    finally:
        db.dispose()


def test_learner_list_reimport(cli: Cli, database_url: str, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "autumn.csv", [
        LIST_HEADERS,
        ["H873401214103", "001001", "Kelly", "Harry", "09/02/2010", "11", "11D"],
        ["W873401217666", "001002", "Chowdhury", "Hugo", "07/11/2012", "8", "8E"],
        ["A873210425393", "001003", "Nowak", "Maja", "06/06/2014", "7", "7A"],
    ])  # fmt: skip
    spring = write_csv(tmp_path / "spring.csv", [
        LIST_HEADERS,
        ["H873401214103", "001001", "Kelly-Byrne", "Harry", "09/02/2010", "11", "11E"],
        ["W873401217666", "001002", "Chowdhury", "Hugo", "07/11/2012", "8", "8E"],
        ["E873210425386", "001004", "Okafor", "Chidi", "01/01/2013", "8", "8A"],
    ])  # fmt: skip
    added = report(cli, "import-learners", str(first), "--academy", "HGH")
    assert added["added"] == 3

    plain = report(cli, "import-learners", str(spring), "--academy", "HGH")
    assert (plain["added"], plain["updated"], plain["unchanged"]) == (1, 1, 1)
    assert plain["missing"] == 1 and plain["marked_left"] == 0
    now = _learners(database_url)
    assert now["H873401214103"] == ("Kelly-Byrne", "Harry", "11E", True)  # name and group updated
    assert now["E873210425386"] == ("Okafor", "Chidi", "8A", True)  # the joiner
    assert now["A873210425393"][3] is True  # not in the file, but still on roll without the flag
    out = ok(cli, "import-learners", str(spring), "--academy", "HGH")
    assert "--mark-missing-left" in out

    full = report(cli, "import-learners", str(spring), "--academy", "HGH", "--mark-missing-left")
    assert full["marked_left"] == 1 and full["added"] == 0 and full["updated"] == 0
    now = _learners(database_url)
    assert now["A873210425393"][3] is False
    assert all(on_roll for upn, (*_, on_roll) in now.items() if upn != "A873210425393")


def test_review_rows_keep_their_data_after_an_undo_of_another_batch(
    cli: Cli, database_url: str
) -> None:
    """Undoing one academy's import leaves another's review queue alone."""
    ok(cli, "import-learners", str(OAKFIELD_LEARNERS), "--academy", "OAK")
    oak = report(cli, "import-returns", str(OAKFIELD_RETURNS), "--academy", "OAK", "--year", YEAR)
    hgh = import_hillgate(cli)
    ok(cli, "undo-import", str(oak["batch_id"]))
    db = Database(database_url)
    try:
        with db.session() as s:
            rows = sorted(s.scalars(select(ReviewItem.source_row)
                                    .where(ReviewItem.batch_id == hgh["batch_id"])))  # fmt: skip
    finally:
        db.dispose()
    assert rows == [633, 771, 802]


def test_the_command_reads_the_returns_file_once_and_from_the_start(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``import-returns`` starts reading its file before the parser of every command is built
    (the reading overlaps the loading of the rest), and uses that reading: the file is read
    once. A command that logs in reads it once the user has."""
    import consent_desk.cli.main as cli_main
    import consent_desk.importing.readers as readers

    ok(cli, "import-learners", str(HILLGATE_LEARNERS), "--academy", "HGH")
    events: list[str] = []
    real_read, real_build = readers.read_table, cli_main.build_parser

    def read(path: str | Path, *args: Any) -> Any:
        events.append(f"read {Path(path).name}")
        return real_read(path, *args)

    def build() -> Any:
        events.append("parser")
        return real_build()

    monkeypatch.setattr(readers, "read_table", read)
    monkeypatch.setattr(readers.Reading, "__init__", _noting(readers.Reading.__init__, events))
    monkeypatch.setattr(cli_main, "build_parser", build)
    done = report(cli, "import-returns", str(HILLGATE_RETURNS), "--academy", "HGH", "--year",
                  YEAR, "--dry-run")  # fmt: skip
    assert done["rows"] == 833 and done["dry_run"]
    assert events[0] == "reading started" and events.count(f"read {HILLGATE_RETURNS.name}") == 1
    assert events.index("parser") > 0

    events.clear()
    code, _, err = cli("--user", "nobody", "import-returns", str(HILLGATE_RETURNS), "--academy",
                       "HGH", "--year", YEAR, "--dry-run")  # fmt: skip
    # the password is needed first: the file is not read at all
    assert code != 0 and "password" in err and events == ["parser"]


def _noting(init: Callable[..., None], events: list[str]) -> Callable[..., None]:
    def noted(self: Any, *args: Any, **kwargs: Any) -> None:
        events.append("reading started")
        init(self, *args, **kwargs)

    return noted


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here: the reading checks")
@pytest.mark.parametrize("build", ["far_cell_xlsx", "zip_bomb_xlsx"])
def test_a_workbook_too_big_is_refused_by_the_check_made_apart(
    cli: Cli, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, build: str
) -> None:
    """The command checks a workbook's size in a copy of the process while it loads; what the
    copy finds is what the office is told, before calamine sees the file."""
    import consent_desk.importing.readers as readers
    from consent_desk.importing.bulk import Forked
    from tests.importing import hostile

    monkeypatch.setattr(Forked, "possible", staticmethod(lambda: True))  # (other tests' threads)
    said: list[bytes | None] = []
    take = readers.take_verdict

    def noted(path: Path, verdict: bytes | None) -> None:
        said.append(verdict)
        take(path, verdict)

    monkeypatch.setattr(readers, "take_verdict", noted)
    import consent_desk.importing.oversize as oversize

    here: list[Path] = []  # the checks made in this process (the copy's are its own)
    check = oversize._check_zip

    def checked_here(path: Path) -> None:
        here.append(path)
        check(path)

    monkeypatch.setattr(oversize, "_check_zip", checked_here)
    path = getattr(hostile, build)(tmp_path / "returns.xlsx")
    before = counts(database_url)
    code, out, err = cli("import-returns", str(path), "--academy", "OAK", "--year", YEAR)
    assert code != 0 and out == ""
    assert said and said[0] is not None and said[0].startswith(b"no:")
    assert err.startswith("consent-desk: error: returns.xlsx") and said[0][3:].decode() in err
    assert here == []  # the copy's refusal stopped the reading: it did not check again
    assert counts(database_url) == before
