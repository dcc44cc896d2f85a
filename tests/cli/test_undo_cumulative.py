"""Undoing an import never removes an answer that another active import also holds.

Offices export the whole form every week: week 2's file holds week 1's rows again, which the
week-2 import counts as "already there". Undoing week 1 afterwards must leave exactly what
week 2 alone gives — the returns, the review rows and the decision a person made on one of
them — on SQLite and PostgreSQL, through the CLI as an office script would run it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from consent_desk.cli.main import main
from consent_desk.db.engine import Database
from consent_desk.services.batches import plan_undo
from consent_desk.services.trust import update_settings
from tests.conftest import SAMPLES, TRUST

YEAR = "2025/26"
LEARNERS = SAMPLES / "hillgate-learners-bromcom.xlsx"
RETURNS = SAMPLES / "hillgate-returns-msforms.xlsx"  # 833 rows; rows 633, 771, 802 need review
WEEK_1_LAST_ROW = 780  # week 1 ends before row 802 came in

Cli = Callable[..., tuple[int, str, str]]


def _cli(url: str, capsys: pytest.CaptureFixture[str]) -> Cli:
    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--database", url, *argv])
        out, err = capsys.readouterr()
        assert code == 0, err
        return code, out, err

    run("init", "--trust", TRUST)
    run("academy", "add", "HGH", "--name", "Hillgate High Academy")
    run("import-learners", str(LEARNERS), "--academy", "HGH")
    return run


def _json(cli: Cli, *argv: str) -> object:
    return json.loads(cli(*argv, "--json")[1])


def _week_1(folder: Path) -> Path:
    """The first export of the form: the sample's rows up to row 780."""
    book = openpyxl.load_workbook(RETURNS)
    sheet = book.active
    assert sheet is not None
    sheet.delete_rows(WEEK_1_LAST_ROW + 1, sheet.max_row - WEEK_1_LAST_ROW)
    out = folder / "returns-week-1.xlsx"
    book.save(out)
    return out


def _resolve_row_633(cli: Cli) -> str:
    """A person resolves the row at spreadsheet row 633 to its first candidate."""
    waiting = _json(cli, "review", "list", "--academy", "HGH")
    assert isinstance(waiting, list)
    item = next(i for i in waiting if i["row"] == 633)
    upn = item["candidates"][0]["upn"]
    cli("review", "resolve", str(item["id"]), "--learner", upn)
    return str(upn)


def _state(cli: Cli, url: str) -> dict[str, object]:
    out: dict[str, object] = {}
    db = Database(url)
    try:
        for treat in (True, False):
            update_settings(db, "test", treat_non_returns_as_restricted=treat)
            out[f"list, non-returns restricted={treat}"] = _json(
                cli, "restrictions", "--academy", "HGH", "--year", YEAR
            )
        out["everyone"] = _json(cli, "restrictions", "--academy", "HGH", "--year", YEAR, "--all")
    finally:
        db.dispose()
    reviews = _json(cli, "review", "list", "--academy", "HGH", "--all")
    assert isinstance(reviews, list)
    out["review rows"] = sorted((i["row"], i["state"]) for i in reviews)
    return out


def test_undoing_week_1_after_a_cumulative_week_2_leaves_week_2_alone(
    database_url: str,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    week_1 = _week_1(tmp_path)
    # the office's database: week 1, a row resolved by hand, then week 2 (cumulative)
    cli = _cli(database_url, capsys)
    first = _json(cli, "import-returns", str(week_1), "--academy", "HGH", "--year", YEAR)
    assert isinstance(first, dict)
    assert [r["row"] for r in first["needs_review"]] == [633, 771]
    resolved_for = _resolve_row_633(cli)
    second = _json(cli, "import-returns", str(RETURNS), "--academy", "HGH", "--year", YEAR)
    assert isinstance(second, dict)
    # already there: week 1's returns, and row 633, which a person has decided
    assert second["duplicates"] == first["imported"] + 1 > 700
    assert [r["row"] for r in second["needs_review"]] == [771, 802]
    assert second["imported"] == 833 - 3 - first["imported"]

    db = Database(database_url)
    try:
        plan = plan_undo(db, first["batch_id"])
    finally:
        db.dispose()
    # week 2 holds every answer of week 1 and both its review rows (one resolved by a person,
    # whose return goes with it)
    assert (plan.removes_returns, plan.keeps_returns) == (0, first["imported"] + 1)
    assert (plan.removes_reviews, plan.keeps_reviews) == (0, 2)
    assert "stay because another import holds them too" in plan.describe()
    out = cli("undo-import", str(first["batch_id"]))[1]
    assert "0 returns removed" in out
    after_undo = _state(cli, database_url)

    # the same trust with week 2 alone, and the same decision on row 633
    if database_url.startswith("sqlite"):
        alone_url = f"sqlite:///{tmp_path / 'alone.sqlite3'}"
    else:
        alone_url = request.getfixturevalue("postgres_server").new_database()
    alone = _cli(alone_url, capsys)
    _json(alone, "import-returns", str(RETURNS), "--academy", "HGH", "--year", YEAR)
    assert _resolve_row_633(alone) == resolved_for
    expected = _state(alone, alone_url)

    assert after_undo == expected
    assert after_undo["review rows"] == [(633, "resolved"), (771, "open"), (802, "open")]
    listed = after_undo["list, non-returns restricted=False"]
    assert isinstance(listed, list) and len(listed) > 0

    # and undoing week 2 now removes what only it holds: everything
    db = Database(database_url)
    try:
        last = plan_undo(db, second["batch_id"])
    finally:
        db.dispose()
    # row 633 was resolved by a person: that answer and its row stay (issue 12)
    assert last.keeps_returns == 0 and last.removes_returns == 830
    assert last.removes_reviews == 2 and last.removes_decided == 0 and last.kept_by_person == 1
    assert "a person recorded by resolving a review row stay" in last.describe()
