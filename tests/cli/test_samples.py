"""Acceptance: every sample file imports through the CLI and gives exactly expected.json."""

from __future__ import annotations

import json

import pytest

from consent_desk.cli.main import main
from tests.conftest import SAMPLES, TRUST

EXPECTED = json.loads((SAMPLES / "expected.json").read_text())


def cli(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> str:
    code = main(["--database", url, *argv])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_samples_give_expected_results(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    year = EXPECTED["year"]
    cli(capsys, database_url, "init", "--trust", TRUST)
    for code, academy in EXPECTED["academies"].items():
        cli(
            capsys,
            database_url,
            "academy",
            "add",
            code,
            "--name",
            academy["name"],
            "--phase",
            academy["phase"],
        )
    for f in EXPECTED["files"]:
        path = str(SAMPLES / f["file"])
        if f["kind"] == "learners":
            report = json.loads(
                cli(
                    capsys,
                    database_url,
                    "import-learners",
                    path,
                    "--academy",
                    f["academy"],
                    "--json",
                )
            )
            assert report["errors"] == [], f["file"]
            continue
        report = json.loads(
            cli(
                capsys,
                database_url,
                "import-returns",
                path,
                "--academy",
                f["academy"],
                "--year",
                year,
                "--json",
            )
        )
        assert sorted(r["row"] for r in report["needs_review"]) == f["needs_review_rows"]
        assert all(r["reason"] for r in report["needs_review"])
        assert report["errors"] == []
        assert report["imported"] + len(report["needs_review"]) == report["rows"]
        # the same file again duplicates nothing
        again = json.loads(
            cli(
                capsys,
                database_url,
                "import-returns",
                path,
                "--academy",
                f["academy"],
                "--year",
                year,
                "--json",
            )
        )
        assert again["imported"] == 0
        assert again["duplicates"] == report["imported"]

    for code, academy in EXPECTED["academies"].items():
        listed = json.loads(
            cli(
                capsys,
                database_url,
                "restrictions",
                "--academy",
                code,
                "--year",
                year,
                "--all",
                "--json",
            )
        )
        got = {r["upn"]: r for r in listed}
        assert set(got) == set(academy["learners"])
        for upn, want in academy["learners"].items():
            row = got[upn]
            assert row["status"] == want["status"], upn
            assert sorted(row["refused"]) == sorted(want["refused"]), upn
            if "limitation" in want:
                assert bool(row["limitation"]) is want["limitation"], upn
        restricted = json.loads(
            cli(capsys, database_url, "restrictions", "--academy", code, "--year", year, "--json")
        )
        assert {r["upn"] for r in restricted} == {
            u for u, w in academy["learners"].items() if w["status"] != "no_restriction"
        }
