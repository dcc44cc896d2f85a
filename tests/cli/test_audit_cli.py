"""``consent-desk audit``: the same sentences as the app, search by a learner's or user's name,
filters by academy, kind and dates, how many match; ``--json`` keeps its fields and adds the
sentence."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from consent_desk.cli.main import main
from consent_desk.db.engine import Database
from consent_desk.services.audit_log import list_audit
from consent_desk.services.learners import NewLearner, add_learner
from consent_desk.services.trust import add_academy, init_trust


@pytest.fixture
def url(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    db = Database(url)
    init_trust(db, "Learning without Limits Academy Trust")
    add_academy(db, "OAK", "Oakfield Primary Academy", phase="primary")
    add_academy(db, "HGH", "Hillgate High Academy", phase="secondary")
    add_learner(db, "OAK", NewLearner("Núñez", "José", reg_group="5A"), "office.a")
    add_learner(db, "HGH", NewLearner("Nunes", "Joana", reg_group="9C"), "office.h")
    db.dispose()
    return url


def _audit(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[list[str], str]:
    assert main(["--database", url, "audit", *args]) == 0
    out, err = capsys.readouterr()
    return out.splitlines(), err


def test_the_command_prints_the_apps_sentences_and_finds_names(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lines, err = _audit(capsys, url, "--search", "jose nunez")
    assert [line.split("\t")[1:] for line in lines] == [
        ["office.a", "Learner added", "Learner added: José Núñez (5A, Oakfield Primary Academy)"]
    ]
    assert err.strip() == "1 matching entry"
    db = Database(url)
    app = [e.sentence for e in list_audit(db)]
    db.dispose()
    every, err = _audit(capsys, url)
    assert [line.split("\t")[3] for line in every] == app
    assert err.strip() == f"{len(app)} matching entries"
    # by academy, by kind, and the count when the limit cuts
    hgh, _ = _audit(capsys, url, "--academy", "hgh", "--kind", "learner added")
    assert [line.split("\t")[3] for line in hgh] == [
        "Learner added: Joana Nunes (9C, Hillgate High Academy)"
    ]
    one, err = _audit(capsys, url, "--search", "nu", "--limit", "1")
    assert len(one) == 1 and err.strip().startswith("1 of 2 matching entries shown")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    none, err = _audit(capsys, url, "--since", tomorrow)
    assert none == [] and err.strip() == "0 matching entries"
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    none, _ = _audit(capsys, url, "--until", yesterday)
    assert none == []


def test_json_keeps_the_raw_fields_and_adds_the_words(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", url, "audit", "--search", "joana", "--json"]) == 0
    out, err = capsys.readouterr()
    [entry] = json.loads(out)
    assert err == ""  # the JSON alone on stdout, nothing said besides
    assert (entry["action"], entry["entity"], entry["user"]) == ("create", "learner", "office.h")
    assert entry["after"]["legal_surname"] == "Nunes"
    assert entry["sentence"] == "Learner added: Joana Nunes (9C, Hillgate High Academy)"
    assert (entry["kind"], entry["academy_code"]) == ("Learner added", "HGH")
    assert entry["learner"] == "Joana Nunes (9C, Hillgate High Academy)"


def test_an_unknown_academy_or_a_bad_date_says_what_to_write(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", url, "audit", "--academy", "XYZ"]) != 0
    assert "HGH, OAK" in capsys.readouterr().err
    assert main(["--database", url, "audit", "--kind", "changes"]) != 0
    assert "Learner added, Learner changed" in capsys.readouterr().err
    assert main(["--database", url, "audit", "--until", "31/12/2025"]) != 0
    assert "write it like 2025-09-01" in capsys.readouterr().err
