"""Logins: what a failure records, the same work for unknown and known names, a growing wait
and a lockout the COO lifts — all in the audit trail. (Times are measured by the report, not
asserted here: the test checks that every path does the same argon2 verification.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from consent_desk.db.engine import Database
from consent_desk.db.models import User
from consent_desk.services import access, audit, users
from consent_desk.services.audit_log import AuditView, list_audit
from consent_desk.services.errors import PermissionDenied
from consent_desk.services.users import (
    LOCK_AFTER,
    REFUSED,
    UNKNOWN_NAME,
    authenticate,
    create_user,
    list_users,
    login_delay,
    set_active,
    unlock_user,
)

PASSWORD = "correct horse battery"
TYPED_PASSWORD = "Summer2025!secret"


@pytest.fixture
def accounts(trust_db: Database) -> Iterator[Database]:
    create_user(trust_db, "coo", "Chief Officer", "coo", PASSWORD)
    access.set_actor(authenticate(trust_db, "coo", PASSWORD))
    create_user(trust_db, "jo", "Jo Office", "office", PASSWORD, ["OAK"])
    create_user(trust_db, "gone", "Gone Away", "office", PASSWORD, ["OAK"])
    set_active(trust_db, "gone", False)
    access.set_actor(None)
    yield trust_db
    access.set_actor(None)


def _refused(db: Database, name: str, password: str) -> None:
    with pytest.raises(PermissionDenied) as err:
        authenticate(db, name, password)
    assert str(err.value) == REFUSED  # one sentence for every reason: names cannot be listed


class Clock:
    """audit.now, frozen, moved on by hand."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.at = datetime(2026, 1, 5, 9, 0, 0)
        monkeypatch.setattr(audit, "now", lambda: self.at)

    def wait(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


def _audit(db: Database) -> list[AuditView]:
    access.set_actor(authenticate(db, "coo", PASSWORD))
    try:
        return list_audit(db, entity="user")
    finally:
        access.set_actor(None)


def _last_failure(db: Database) -> AuditView:
    return max((e for e in _audit(db) if e.action == "login_failed"), key=lambda e: e.id)


def test_a_password_typed_as_the_user_name_is_never_recorded(accounts: Database) -> None:
    _refused(accounts, TYPED_PASSWORD, "whatever")
    _refused(accounts, "jo", TYPED_PASSWORD)
    entries = _audit(accounts)
    assert TYPED_PASSWORD.lower() not in repr(entries).lower()
    failed = [e for e in entries if e.action == "login_failed"]
    assert [(e.user, e.entity_id) for e in failed][-2:] == [
        ("jo", failed[-2].entity_id),
        (UNKNOWN_NAME, None),
    ]
    assert failed[-2].after == {"failed_logins": 1}


def test_unknown_disabled_and_known_names_all_do_one_real_verification(
    accounts: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real = users._verify

    def spy(stored: str, password: str) -> bool:
        checked.append(stored)
        return real(stored, password)

    monkeypatch.setattr(users, "_verify", spy)
    dummy = users._dummy_hash()
    with accounts.session() as s:
        jo_hash = s.query(User.password_hash).filter(User.username == "jo").scalar()
    _refused(accounts, "nobody", PASSWORD)
    _refused(accounts, "gone", PASSWORD)  # disabled, with the right password
    _refused(accounts, "jo", "wrong password")
    assert checked == [dummy, dummy, jo_hash]
    assert dummy.startswith("$argon2id$") and dummy.split("$")[3] == jo_hash.split("$")[3]


def test_failures_in_a_row_make_the_account_wait_longer(
    accounts: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert [login_delay(n) for n in range(0, 12)] == [0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]
    clock = Clock(monkeypatch)
    for _ in range(3):
        _refused(accounts, "jo", "wrong password")
    clock.wait(login_delay(3) - 1)
    _refused(accounts, "jo", PASSWORD)  # the right password, but within the wait: refused
    assert _last_failure(accounts).after == {"refused": "waiting"}
    clock.wait(1)
    who = authenticate(accounts, "jo", PASSWORD)
    assert who.username == "jo"
    with accounts.session() as s:
        jo = s.query(User).filter(User.username == "jo").one()
        assert (jo.failed_logins, jo.last_failed_login_at) == (0, None)  # a good login resets


def test_enough_failures_lock_the_account_until_the_coo_unlocks_it(
    accounts: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = Clock(monkeypatch)
    for _ in range(LOCK_AFTER):
        clock.wait(3600)
        _refused(accounts, "jo", "wrong password")
    clock.wait(3600)
    _refused(accounts, "jo", PASSWORD)
    entries = _audit(accounts)
    assert any(e.action == "locked" and e.user == "jo" for e in entries)
    assert _last_failure(accounts).after == {"refused": "locked"}
    access.set_actor(authenticate(accounts, "coo", PASSWORD))
    assert [u.locked for u in list_users(accounts) if u.username == "jo"] == [True]
    unlock_user(accounts, "jo")
    unlocked = list_audit(accounts, action="unlock")
    assert unlocked[0].user == "coo" and unlocked[0].before == {
        "locked": True,
        "failed_logins": LOCK_AFTER,
    }
    access.set_actor(None)
    assert authenticate(accounts, "jo", PASSWORD).username == "jo"


def test_only_the_coo_unlocks(accounts: Database) -> None:
    access.set_actor(authenticate(accounts, "jo", PASSWORD))
    with pytest.raises(PermissionDenied):
        unlock_user(accounts, "jo")


def test_the_coo_unlocks_from_the_command_line(
    accounts: Database, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from consent_desk.cli.main import main
    from consent_desk.db.models import User

    with accounts.session() as s:
        s.query(User).filter(User.username == "jo").update(
            {"locked_at": datetime(2026, 1, 5, 9, 0), "failed_logins": LOCK_AFTER}
        )
    monkeypatch.setenv("CONSENT_DESK_PASSWORD", PASSWORD)
    base = ["--database", accounts.url, "--user", "coo", "user"]
    assert main([*base, "list"]) == 0
    assert "jo" in capsys.readouterr().out.split("(locked)")[0]
    assert main([*base, "unlock", "jo"]) == 0
    assert "jo unlocked" in capsys.readouterr().out
    assert authenticate(accounts, "jo", PASSWORD).username == "jo"
