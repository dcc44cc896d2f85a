"""The command line of PRODUCT.md: init, academy add, restrictions --json; one-line refusals."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from consent_desk.cli.main import main
from tests.conftest import TRUST


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_init_add_and_empty_restrictions(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--database", database_url, "init", "--trust", TRUST)[0] == 0
    code, out, _ = run(
        capsys,
        "--database",
        database_url,
        "academy",
        "add",
        "OAK",
        "--name",
        "Oakfield Primary Academy",
        "--phase",
        "primary",
    )
    assert code == 0 and "OAK" in out
    code, out, err = run(
        capsys,
        "--database",
        database_url,
        "restrictions",
        "--academy",
        "OAK",
        "--year",
        "2025/26",
        "--json",
    )
    assert code == 0, err
    assert json.loads(out) == []
    # init again is harmless: migrates, keeps the data
    assert run(capsys, "--database", database_url, "init")[0] == 0
    code, out, _ = run(capsys, "--database", database_url, "academy", "list", "--json")
    assert [a["code"] for a in json.loads(out)] == ["OAK"]


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["restrictions", "--academy", "NOPE", "--year", "2025/26", "--json"], "no academy"),
        (["restrictions", "--academy", "OAK", "--year", "2025-2027", "--json"], "academic year"),
        (["academy", "add", "OAK", "--name", "Again"], "already exists"),
        (["academy", "add", "O K!", "--name", "Bad code"], "not an academy code"),
    ],
)
def test_bad_input_is_one_line(
    database_url: str, capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    run(capsys, "--database", database_url, "init", "--trust", TRUST)
    run(capsys, "--database", database_url, "academy", "add", "OAK", "--name", "Oakfield")
    code, out, err = run(capsys, "--database", database_url, *argv)
    assert code != 0
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], err
    assert "Traceback" not in err


def test_uninitialised_and_unreachable_databases(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    missing = f"sqlite:///{tmp_path / 'none.db'}"
    code, _, err = run(
        capsys,
        "--database",
        missing,
        "restrictions",
        "--academy",
        "OAK",
        "--year",
        "2025/26",
        "--json",
    )
    assert code != 0 and "init" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "none.db").exists()
    code, _, err = run(
        capsys,
        "--database",
        "postgresql://nobody@127.0.0.1:1/x",
        "restrictions",
        "--academy",
        "OAK",
        "--year",
        "2025/26",
        "--json",
    )
    assert code != 0 and "database server cannot be reached" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "--database", "mysql://x/y", "init", "--trust", "T")
    assert code != 0 and "not supported" in err


def test_console_script_runs_as_a_process(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'p.db'}"
    base = [sys.executable, "-m", "consent_desk", "--database", url]
    subprocess.run([*base, "init", "--trust", TRUST], check=True, capture_output=True)
    bad = subprocess.run(
        [*base, "restrictions", "--academy", "X", "--year", "2025/26", "--json"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode != 0
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


def test_database_from_environment(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'env.db'}"
    monkeypatch.setenv("CONSENT_DESK_DATABASE", url)
    assert run(capsys, "init", "--trust", TRUST)[0] == 0
    assert (tmp_path / "env.db").exists()


def test_default_database_lives_in_the_data_dir(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("CONSENT_DESK_DATA_DIR", str(tmp_path / "userdata"))
    assert run(capsys, "init", "--trust", TRUST)[0] == 0
    assert (tmp_path / "userdata" / "consent-desk.sqlite3").exists()


def test_settings_are_shown_and_changed_within_their_bounds(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--database", database_url)
    assert run(capsys, *db, "init", "--trust", TRUST)[0] == 0
    code, out, _ = run(capsys, *db, "settings", "--json")
    shown = json.loads(out)
    assert code == 0 and shown["name"] == TRUST
    assert shown["treat_non_returns_as_restricted"] is True  # PRODUCT.md: on by default
    code, out, _ = run(
        capsys, *db, "settings", "retention_years=5", "treat_non_returns_as_restricted=no"
    )
    assert code == 0 and "retention_years\t5\t" in out
    assert "treat_non_returns_as_restricted\tno\t" in out
    code, _, err = run(capsys, *db, "settings", "retention_years=0")
    assert code != 0 and "from 1 to 50 years" in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, *db, "settings", "colour=blue")
    assert code != 0 and "retention_years" in err  # the known settings are listed
    assert json.loads(run(capsys, *db, "settings", "--json")[1])["retention_years"] == 5


@pytest.mark.parametrize("command", ["import-returns", "import-learners"])
def test_a_pdf_named_xlsx_is_not_a_spreadsheet_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    run(capsys, "--database", url, "init", "--trust", TRUST)
    run(capsys, "--database", url, "academy", "add", "OAK", "--name", "Oakfield")
    pdf = tmp_path / "returns.xlsx"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n")
    year = ["--year", "2025/26"] if command == "import-returns" else []
    code, _, err = run(capsys, "--database", url, command, str(pdf), "--academy", "OAK", *year)
    assert code != 0
    assert "returns.xlsx: this file is not a spreadsheet (it looks like a PDF document)" in err
    assert "header" not in err and "Traceback" not in err
