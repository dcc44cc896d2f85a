"""Correcting mistakes (issue 16): set-up saved whole or not at all, academies edited and
removed within their limits, a person's role changed — each audited, refused in plain words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from consent_desk.db.engine import Database
from consent_desk.db.models import AuditEntry
from consent_desk.migrations import is_initialised
from consent_desk.services import access
from consent_desk.services.academies import academy_uses, edit_academy, remove_academy
from consent_desk.services.access import Role
from consent_desk.services.errors import FieldError, PermissionDenied, ServiceError
from consent_desk.services.learners import NewLearner, add_learner
from consent_desk.services.trust import (
    get_settings,
    init_trust,
    list_academies,
    set_up_trust,
)
from consent_desk.services.users import (
    authenticate,
    create_user,
    list_users,
    set_active,
    set_role,
)

PASSWORD = "correct horse 42"


def _audit(db: Database, entity: str) -> list[AuditEntry]:
    with db.session() as s:
        rows = list(
            s.scalars(select(AuditEntry).where(AuditEntry.entity == entity).order_by(AuditEntry.id))
        )
        s.expunge_all()
        return rows


@pytest.fixture(autouse=True)
def _nobody_logged_in() -> Iterator[None]:
    access.set_actor(None)
    yield
    access.set_actor(None)


# --- set-up -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trust", "code", "name", "field"),
    [
        ("  ", "OAK", "Oakfield Primary", "trust"),
        ("Riverside Trust", "", "Oakfield Primary", "code"),
        ("Riverside Trust", "ÖAK", "Oakfield Primary", "code"),
        ("Riverside Trust", "OAK", "   ", "name"),
    ],
)
def test_set_up_refuses_a_missing_or_wrong_field_and_saves_nothing(
    db: Database, trust: str, code: str, name: str, field: str
) -> None:
    with pytest.raises(FieldError) as refused:
        set_up_trust(db, trust, code, name)
    assert refused.value.field == field
    assert "--" not in str(refused.value)  # words for people, not command-line options
    # nothing saved: the welcome comes back on the next start
    assert not is_initialised(db.engine)


def test_set_up_saves_the_trust_and_its_first_academy_together(db: Database) -> None:
    settings = set_up_trust(
        db, " Riverside  Learning Trust ", "riv", "Riverside Primary", "Ms Khan", "primary"
    )
    assert settings.name == "Riverside Learning Trust"
    [a] = list_academies(db)
    assert (a.code, a.name, a.principal, a.phase) == (
        "RIV",
        "Riverside Primary",
        "Ms Khan",
        "primary",
    )
    assert [e.action for e in _audit(db, "trust")] == ["create"]
    assert [e.action for e in _audit(db, "academy")] == ["create"]
    with pytest.raises(ServiceError, match="already set up"):
        set_up_trust(db, "Another Trust", "ELM", "Elm Academy")


def test_set_up_completes_a_trust_saved_without_its_academy(db: Database) -> None:
    init_trust(db, "Typo Trust")  # as an earlier version left it after a refused academy
    set_up_trust(db, "Riverside Learning Trust", "RIV", "Riverside Primary")
    assert get_settings(db).name == "Riverside Learning Trust"
    assert [a.code for a in list_academies(db)] == ["RIV"]


# --- academies --------------------------------------------------------------------------------


def _learner(db: Database, code: str) -> None:
    add_learner(
        db,
        code,
        NewLearner("Adeyemi", "Saanvi", upn=None, adno="1516", reg_group="6Oak", year_group="6"),
        "office",
    )


def test_an_academy_name_phase_and_principal_are_corrected_and_audited(trust_db: Database) -> None:
    _learner(trust_db, "OAK")
    info = edit_academy(
        trust_db, "oak", name="Oakfield Primary School", phase="all-through", principal="Mr Reed"
    )
    assert (info.name, info.phase, info.principal) == (
        "Oakfield Primary School",
        "all-through",
        "Mr Reed",
    )
    entry = _audit(trust_db, "academy")[-1]
    assert entry.action == "update"
    assert entry.before == {
        "name": "Oakfield Primary Academy",
        "phase": "primary",
        "principal": None,
    }
    assert entry.after == {
        "name": "Oakfield Primary School",
        "phase": "all-through",
        "principal": "Mr Reed",
    }
    # clearing the phase and principal
    info = edit_academy(trust_db, "OAK", phase=None, principal="  ")
    assert (info.phase, info.principal) == (None, None)


def test_the_code_changes_only_while_nothing_uses_it(trust_db: Database) -> None:
    info = edit_academy(trust_db, "HGH", new_code="hgs")
    assert info.code == "HGS"
    assert {a.code for a in list_academies(trust_db)} == {"OAK", "HGS"}
    with pytest.raises(FieldError, match="academy OAK already exists"):
        edit_academy(trust_db, "HGS", new_code="OAK")
    _learner(trust_db, "OAK")
    with pytest.raises(FieldError, match="1 learner") as refused:
        edit_academy(trust_db, "OAK", new_code="OAF")
    assert refused.value.field == "code"
    assert {a.code for a in list_academies(trust_db)} == {"OAK", "HGS"}


def test_an_academy_with_learners_is_not_removed_and_the_refusal_says_how_many(
    trust_db: Database,
) -> None:
    _learner(trust_db, "OAK")
    with pytest.raises(ServiceError) as refused:
        remove_academy(trust_db, "OAK")
    assert "has 1 learner," in str(refused.value) and "edit it instead" in str(refused.value)
    assert academy_uses(trust_db, "OAK").learners == 1
    assert "OAK" in {a.code for a in list_academies(trust_db)}


def test_an_empty_academy_is_removed_with_its_staff_links_and_audited(
    trust_db: Database,
) -> None:
    create_user(trust_db, "ann.coo", "Ann Coleman", "coo", PASSWORD)
    access.set_actor(authenticate(trust_db, "ann.coo", PASSWORD))
    create_user(trust_db, "hgh.office", "Harry Office", "office", PASSWORD, ["HGH", "OAK"])
    removed = remove_academy(trust_db, "HGH")
    assert removed.code == "HGH"
    assert [a.code for a in list_academies(trust_db)] == ["OAK"]
    [office] = [u for u in list_users(trust_db) if u.username == "hgh.office"]
    assert office.academies == ("OAK",)
    entry = _audit(trust_db, "academy")[-1]
    assert (entry.user, entry.action) == ("ann.coo", "delete")
    assert entry.before is not None and entry.before["staff"] == ["hgh.office"]


def test_only_the_coo_corrects_academies(trust_db: Database) -> None:
    create_user(trust_db, "ann.coo", "Ann Coleman", "coo", PASSWORD)
    access.set_actor(authenticate(trust_db, "ann.coo", PASSWORD))
    create_user(trust_db, "oak.principal", "Priya Principal", "principal", PASSWORD, ["OAK"])
    access.set_actor(authenticate(trust_db, "oak.principal", PASSWORD))
    with pytest.raises(PermissionDenied):
        edit_academy(trust_db, "OAK", name="Mine Now")
    with pytest.raises(PermissionDenied):
        remove_academy(trust_db, "HGH")


# --- roles ------------------------------------------------------------------------------------


@pytest.fixture
def staffed(trust_db: Database) -> Database:
    create_user(trust_db, "ann.coo", "Ann Coleman", "coo", PASSWORD)
    access.set_actor(authenticate(trust_db, "ann.coo", PASSWORD))
    create_user(trust_db, "oak.office", "Olu Office", "office", PASSWORD, ["OAK"])
    return trust_db


def _user(db: Database, name: str) -> object:
    [u] = [u for u in list_users(db) if u.username == name]
    return u


def test_a_role_is_changed_keeping_the_academies_and_audited(staffed: Database) -> None:
    view = set_role(staffed, "oak.office", "principal")
    assert (view.role, view.academies) == (Role.PRINCIPAL, ("OAK",))
    entry = _audit(staffed, "user")[-1]
    assert (entry.user, entry.action) == ("ann.coo", "role")
    assert entry.before == {"role": "office", "academies": ["OAK"]}
    assert entry.after == {"role": "principal", "academies": ["OAK"]}
    # the new role is what they log in with
    access.set_actor(None)
    assert authenticate(staffed, "oak.office", PASSWORD).role is Role.PRINCIPAL


def test_a_coo_made_academy_staff_needs_academies(staffed: Database) -> None:
    create_user(staffed, "bob.coo", "Bob Coo", "coo", PASSWORD)
    with pytest.raises(ServiceError, match=r"say which academies bob\.coo works in"):
        set_role(staffed, "bob.coo", "teacher")
    view = set_role(staffed, "bob.coo", "teacher", ["hgh"])
    assert (view.role, view.academies) == (Role.TEACHER, ("HGH",))
    assert set_role(staffed, "oak.office", "coo").academies == ()  # the COO: every academy


def test_the_last_coo_is_neither_demoted_nor_disabled(staffed: Database) -> None:
    with pytest.raises(ServiceError, match="your own role"):
        set_role(staffed, "ann.coo", "office", ["OAK"])
    ann = access.current_actor_or_none()
    create_user(staffed, "bob.coo", "Bob Coo", "coo", PASSWORD)
    access.set_actor(authenticate(staffed, "bob.coo", PASSWORD))
    set_role(staffed, "ann.coo", "office", ["OAK"])  # two COOs: one may step down
    assert _user(staffed, "ann.coo").role is Role.OFFICE  # type: ignore[attr-defined]
    # Ann's desk, still open as COO, cannot take the trust's last COO away
    access.set_actor(ann)
    with pytest.raises(ServiceError, match="Bob Coo is the only COO"):
        set_role(staffed, "bob.coo", "office", ["OAK"])
    with pytest.raises(ServiceError, match="Bob Coo is the only COO"):
        set_active(staffed, "bob.coo", False)
    assert _user(staffed, "bob.coo").role is Role.COO  # type: ignore[attr-defined]
    assert _user(staffed, "bob.coo").active  # type: ignore[attr-defined]


def test_only_the_coo_changes_roles(staffed: Database) -> None:
    access.set_actor(authenticate(staffed, "oak.office", PASSWORD))
    with pytest.raises(PermissionDenied):
        set_role(staffed, "oak.office", "coo")


def test_an_unknown_role_is_refused_in_words(staffed: Database) -> None:
    with pytest.raises(ServiceError, match="'boss' is not a role"):
        set_role(staffed, "oak.office", "boss")
