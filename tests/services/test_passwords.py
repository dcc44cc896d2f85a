"""A PostgreSQL password is never kept in clear by the app nor shown in a process list: the
keyring when the machine has one, else libpq's owner-only password file."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from consent_desk.cli.main import main
from consent_desk.db import passwords
from consent_desk.db.engine import postgres_connect_args
from consent_desk.db.passwords import (
    account,
    has_password,
    split_password,
    store_password,
    write_pgpass,
)

URL = "postgresql://consent:S3cret:pa%40ss@db.trust.local:5433/consent"
BARE = "postgresql://consent@db.trust.local:5433/consent"


class MemoryKeyring(KeyringBackend):
    priority = 10.0

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.kept[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.kept.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.kept.pop((service, username), None)


@pytest.fixture
def pgpass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "pgpass.conf"
    monkeypatch.setenv("PGPASSFILE", str(path))
    return path


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", lambda: fail.Keyring())


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryKeyring]:
    ring = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: ring)
    monkeypatch.setattr(keyring, "set_password", ring.set_password)
    monkeypatch.setattr(keyring, "get_password", ring.get_password)
    yield ring


def test_the_password_is_split_from_the_url() -> None:
    assert split_password(URL) == (BARE, "S3cret:pa@ss")
    assert split_password(BARE) == (BARE, None)
    assert has_password(URL) and not has_password(BARE) and not has_password(None)
    assert account(BARE) == "consent@db.trust.local:5433/consent"


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_libpqs_owner_only_password_file_keeps_it(pgpass: Path) -> None:
    pgpass.write_text("other:5432:db:someone:theirs\n", "utf-8")
    kept = store_password(URL)
    assert kept.url == BARE and kept.where == str(pgpass)
    kept = store_password(URL.replace("S3cret", "N3w"))  # a changed password replaces the line
    lines = pgpass.read_text("utf-8").splitlines()
    assert lines == [
        "other:5432:db:someone:theirs",
        "db.trust.local:5433:consent:consent:N3w\\:pa@ss",
    ]
    if os.name == "posix":
        assert stat.S_IMODE(pgpass.stat().st_mode) == 0o600
    assert "password" not in postgres_connect_args(BARE)  # libpq reads the file itself


def test_with_a_keyring_the_password_goes_there_and_straight_to_the_driver(
    memory_keyring: MemoryKeyring, pgpass: Path
) -> None:
    kept = store_password(URL)
    assert kept == passwords.StoredPassword(BARE, "keyring")
    assert memory_keyring.kept == {(passwords.SERVICE, account(BARE)): "S3cret:pa@ss"}
    assert not pgpass.exists()
    assert postgres_connect_args(BARE)["password"] == "S3cret:pa@ss"


def test_a_new_password_file_is_created_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = write_pgpass(BARE, "x", tmp_path / "sub" / ".pgpass")
    finally:
        os.umask(old)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_command_line_warns_about_a_password_in_the_url(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["--database", "postgresql://u:hunter22@127.0.0.1:1/x", "academy", "list"])
    err = capsys.readouterr().err
    assert "can be read by every account on this computer" in err and "PGPASSFILE" in err
    main(["--database", "postgresql://u@127.0.0.1:1/x", "academy", "list"])
    assert "every account" not in capsys.readouterr().err
