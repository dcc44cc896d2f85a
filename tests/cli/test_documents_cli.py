"""The document commands on the sample trust: read every output back and check it by the rules."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from consent_desk.cli.main import main
from tests.conftest import SAMPLES, TRUST

YEAR = "2025/26"


def cli(*argv: str) -> int:
    return main(list(argv))


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    expected = json.loads((SAMPLES / "expected.json").read_text())
    url = f"sqlite:///{tmp_path_factory.mktemp('docs') / 'samples.sqlite3'}"
    mp = pytest.MonkeyPatch()
    mp.setenv("CONSENT_DESK_DATA_DIR", str(tmp_path_factory.mktemp("d")))
    assert cli("--database", url, "init", "--trust", TRUST) == 0
    for code, a in expected["academies"].items():
        assert cli("--database", url, "academy", "add", code, "--name", a["name"]) == 0
    for f in expected["files"]:
        cmd = "import-learners" if f["kind"] == "learners" else "import-returns"
        extra = [] if f["kind"] == "learners" else ["--year", YEAR]
        assert (
            cli("--database", url, cmd, str(SAMPLES / f["file"]), "--academy", f["academy"], *extra)
            == 0
        )
    yield url
    mp.undo()


def statuses(url: str, code: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert (
        cli("--database", url, "restrictions", "--academy", code, "--year", YEAR, "--all", "--json")
        == 0
    )
    return list(json.loads(capsys.readouterr().out))


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(path).pages)


def test_roster_for_a_group(
    sample_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [r for r in statuses(sample_db, "HGH", capsys) if r["reg_group"] == "7A"]
    out = tmp_path / "7a.pdf"
    assert (
        cli(
            "--database",
            sample_db,
            "roster",
            "--academy",
            "HGH",
            "--year",
            YEAR,
            "--group",
            "7A",
            "--out",
            str(out),
        )
        == 0
    )
    text = pdf_text(out)
    assert "Confidential — contains personal data" in text and "Page 1 of" in text
    assert "Hillgate High Academy" in text and YEAR in text
    for r in rows:
        shown = f"{r['surname']}, {r['forename']}"
        if r["status"] == "no_restriction":
            assert shown not in text
        else:
            assert shown in text
    assert ("NO IMAGES" in text) is any(r["status"] == "no_images" for r in rows)
    for page in PdfReader(out).pages:
        resources = page["/Resources"].get_object()
        assert isinstance(resources, DictionaryObject)
        xobjects = resources.get("/XObject", {})
        assert not any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())


def test_unknown_group_is_one_line(
    sample_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    code = cli(
        "--database",
        sample_db,
        "roster",
        "--academy",
        "OAK",
        "--year",
        YEAR,
        "--group",
        "9Z",
        "--out",
        str(tmp_path / "x.pdf"),
    )
    err = capsys.readouterr().err
    assert code != 0 and "9Z" in err and "groups:" in err and len(err.splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


def test_summary_xlsx_counts_follow_the_rules(
    sample_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "summary.xlsx"
    assert cli("--database", sample_db, "summary", "--year", YEAR, "--out", str(out)) == 0
    ws = load_workbook(out)["Summary"]
    header_row = next(r for r in ws.iter_rows(values_only=True) if r and "On roll" in r)
    cols = {name: i for i, name in enumerate(header_row)}
    by_academy = {}
    for row in ws.iter_rows(values_only=True):
        if row and row[0] and str(row[0]).startswith(("OAK", "HGH")):
            by_academy[str(row[0])[:3]] = row
    for code in ("OAK", "HGH"):
        rows = statuses(sample_db, code, capsys)
        got = by_academy[code]
        assert got[cols["On roll"]] == len(rows)
        outstanding = sum(1 for r in rows if r["returns"] == 0)
        assert got[cols["Outstanding"]] == outstanding
        assert got[cols["No images"]] == sum(r["status"] == "no_images" for r in rows)


def test_principal_list_and_chase_list(
    sample_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = statuses(sample_db, "OAK", capsys)
    out = tmp_path / "list.xlsx"
    assert (
        cli(
            "--database",
            sample_db,
            "export-list",
            "--academy",
            "OAK",
            "--year",
            YEAR,
            "--out",
            str(out),
        )
        == 0
    )
    ws = load_workbook(out).active
    assert ws is not None
    upns = {c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)}
    restricted = {r["upn"] for r in rows if r["status"] != "no_restriction"}
    assert restricted <= upns
    assert not ({r["upn"] for r in rows} - restricted) & upns

    chase = tmp_path / "chase.csv"
    assert (
        cli(
            "--database",
            sample_db,
            "chase-list",
            "--academy",
            "OAK",
            "--year",
            YEAR,
            "--out",
            str(chase),
        )
        == 0
    )
    with chase.open(encoding="utf-8-sig", newline="") as f:
        chased = list(csv.DictReader(f))
    assert {r["UPN"] for r in chased} == {r["upn"] for r in rows if r["returns"] == 0}
