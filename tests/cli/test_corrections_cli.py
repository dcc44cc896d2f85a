"""The command line corrects what the desk corrects: ``academy edit|remove`` and ``user role``,
with ``--json`` like their neighbours and one-line refusals."""

from __future__ import annotations

import json

import pytest

from consent_desk.cli.main import main
from consent_desk.services import access
from tests.conftest import TRUST

PASSWORD = "correct horse 42"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def url(database_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert run(capsys, "--database", database_url, "init", "--trust", TRUST)[0] == 0
    for code, name in (("OAK", "Oakfield Primary Academy"), ("HGH", "Hillgate Hihg")):
        assert (
            run(capsys, "--database", database_url, "academy", "add", code, "--name", name)[0] == 0
        )
    return database_url


def test_init_without_a_name_says_which_option_to_give(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--database", database_url, "init")
    assert code != 0 and "give --trust NAME" in err and len(err.strip().splitlines()) == 1


def test_academy_edit_corrects_a_name_and_phase(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        "--database",
        url,
        "academy",
        "edit",
        "hgh",
        "--name",
        "Hillgate High Academy",
        "--phase",
        "secondary",
        "--code",
        "HGA",
        "--json",
    )
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["code"], doc["name"], doc["phase"]) == ("HGA", "Hillgate High Academy", "secondary")
    code, out, _ = run(capsys, "--database", url, "academy", "list", "--json")
    assert {a["code"] for a in json.loads(out)} == {"OAK", "HGA"}
    code, _, err = run(capsys, "--database", url, "academy", "edit", "HGA")
    assert code != 0 and "say what to correct" in err


def test_academy_remove(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--database", url, "academy", "remove", "HGH", "--json")
    assert code == 0, err
    assert json.loads(out)["code"] == "HGH"
    code, out, _ = run(capsys, "--database", url, "academy", "list", "--json")
    assert [a["code"] for a in json.loads(out)] == ["OAK"]
    code, _, err = run(capsys, "--database", url, "academy", "remove", "HGH")
    assert code != 0 and "no academy with code 'HGH'" in err


def test_user_role(
    url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONSENT_DESK_NEW_PASSWORD", PASSWORD)
    monkeypatch.setenv("CONSENT_DESK_PASSWORD", PASSWORD)
    base = ("--database", url, "--user", "ann.coo")
    assert (
        run(capsys, "--database", url, "user", "add", "ann.coo", "--name", "Ann", "--role", "coo")[
            0
        ]
        == 0
    )
    access.set_actor(None)
    code, _, err = run(
        capsys,
        *base,
        "user",
        "add",
        "jo",
        "--name",
        "Jo Smith",
        "--role",
        "office",
        "--academy",
        "OAK",
    )
    assert code == 0, err
    access.set_actor(None)
    code, out, err = run(capsys, *base, "user", "role", "jo", "principal", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["username"], doc["role"], doc["academies"]) == ("jo", "principal", ["OAK"])
    access.set_actor(None)
    code, _, err = run(capsys, *base, "user", "role", "ann.coo", "office", "--academy", "OAK")
    assert code != 0 and "your own role" in err and len(err.strip().splitlines()) == 1
    access.set_actor(None)
