"""The permission matrix: every role × every action, enforced by the services themselves."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, ImportBatch, ReviewItem
from consent_desk.domain.sheets import SheetScope
from consent_desk.domain.years import AcademicYear
from consent_desk.services import access
from consent_desk.services.access import PERMISSIONS, Action, Role
from consent_desk.services.errors import PermissionDenied, ServiceError
from consent_desk.services.users import authenticate, create_user
from tests.conftest import TRUST
from tests.rule_cases import C, every

NOW = AcademicYear.current()
PAST = AcademicYear(NOW.start_year - 1)
PASSWORD = "correct horse"
_counter = itertools.count(1)


@dataclass
class World:
    db: Database
    tmp: Path
    learner: int  # a learner of OAK
    oak_id: int


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    from consent_desk.services.learners import NewLearner, add_learner
    from consent_desk.services.trust import add_academy, init_trust

    tmp = tmp_path_factory.mktemp("perm")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp / 'p.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").new_database()
    db = Database(url)
    access.set_actor(None)
    init_trust(db, TRUST)
    add_academy(db, "OAK", "Oakfield Primary Academy")
    add_academy(db, "HGH", "Hillgate High Academy")
    learner = add_learner(
        db,
        "OAK",
        NewLearner("Adeyemi", "Saanvi", upn=None, adno="1516", reg_group="6Oak", year_group="6"),
        "setup",
    )
    create_user(db, "coo", "Ann Coo", Role.COO, PASSWORD)
    access.set_actor(authenticate(db, "coo", PASSWORD))
    for role in (Role.OFFICE, Role.TEACHER, Role.PRINCIPAL):
        create_user(db, role.value, f"{role.label} of Oakfield", role, PASSWORD, ["OAK"])
    with db.session() as s:
        oak_id = s.query(Academy.id).filter(Academy.code == "OAK").scalar()
    access.set_actor(None)
    yield World(db, tmp, learner, oak_id)
    access.set_actor(None)
    db.dispose()


def _batch_and_item(w: World) -> tuple[int, int]:
    with w.db.session() as s:
        b = ImportBatch(
            kind="returns",
            academy_id=w.oak_id,
            year_label=NOW.label,
            file_name="x.xlsx",
            checksum="0",
            imported_by="t",
            imported_at=datetime.now(),
            counts={},
        )
        s.add(b)
        s.flush()
        item = ReviewItem(
            batch_id=b.id,
            academy_id=w.oak_id,
            year_label=NOW.label,
            source_row=2,
            reason="test",
            data={"answers": {}},
            candidates=[],
            state="open",
        )
        s.add(item)
        s.flush()
        return b.id, item.id


def _return(w: World, year: AcademicYear) -> None:
    from consent_desk.services.returns import NewReturn, add_return

    add_return(
        w.db,
        NewReturn(
            w.learner,
            year.label,
            every(C),
            datetime(year.start_year, 9, 10, 9, next(_counter) % 60),
        ),
        "x",
    )


def _do(action: Action) -> Callable[[World], object]:
    from consent_desk.services import (
        acknowledgements,
        audit_log,
        backup,
        batches,
        consent,
        documents,
        learners,
        publications,
        retention,
        review,
        takedowns,
        trust,
        users,
    )

    def view(w: World) -> object:
        return consent.learner_statuses(w.db, "OAK", NOW.label)

    def print_sheet(w: World) -> object:
        scope = SheetScope("academy")
        return documents.build_sheet(w.db, "OAK", NOW.label, scope, w.tmp / "s.pdf")

    def resolve(w: World) -> object:
        _, item = _batch_and_item(w)
        review.dismiss(w.db, item, "not ours", "x")
        return None

    def undo(w: World) -> object:
        batch, _ = _batch_and_item(w)
        return batches.undo_import(w.db, batch, "x")

    def new_learner(w: World) -> object:
        n = next(_counter)
        return learners.add_learner(w.db, "OAK", learners.NewLearner(f"New{n}", "Pupil"), "x")

    def flag(w: World) -> object:
        learners.set_safeguarding(w.db, w.learner, True, "court order", "x")
        return None

    def new_user(w: World) -> object:
        return users.create_user(w.db, f"u{next(_counter)}", "U", Role.TEACHER, PASSWORD, ["OAK"])

    def back_up(w: World) -> object:
        try:
            return backup.backup_to(w.db, w.tmp / f"b{next(_counter)}.sqlite3")
        except PermissionDenied:
            raise
        except ServiceError:  # PostgreSQL: allowed, but done with pg_dump
            return None

    table: dict[Action, Callable[[World], object]] = {
        Action.VIEW: view,
        Action.PRINT: print_sheet,
        Action.ENTER_RETURNS: lambda w: _return(w, NOW),
        Action.RESOLVE_REVIEW: resolve,
        Action.EDIT_LEARNERS: new_learner,
        Action.UNDO_IMPORT: undo,
        Action.SET_SAFEGUARDING: flag,
        Action.SEE_SAFEGUARDING_REASON: lambda w: learners.safeguarding_reason(
            w.db, w.learner, "x"
        ),
        Action.VIEW_AUDIT: lambda w: audit_log.list_audit(w.db, limit=5),
        Action.EDIT_PAST_YEARS: lambda w: _return(w, PAST),
        Action.CHANGE_SETTINGS: lambda w: trust.update_settings(w.db, "x", retention_years=2),
        Action.MANAGE_USERS: new_user,
        Action.PURGE: lambda w: retention.purge_preview(w.db),
        Action.BACKUP: back_up,
        Action.CHECK_PUBLICATION: lambda w: publications.check(
            w.db, "OAK", NOW.label, "website", [w.learner]
        ),
        Action.TAKE_DOWN: lambda w: takedowns.open_takedowns(w.db, "OAK"),
        Action.SEE_ACKNOWLEDGEMENTS: lambda w: acknowledgements.acknowledgements(w.db, "OAK"),
    }
    return table[action]


@pytest.mark.parametrize(
    ("role", "action"), list(itertools.product(Role, Action)), ids=lambda v: v.name.lower()
)
def test_permission_matrix(world: World, role: Role, action: Action) -> None:
    access.set_actor(authenticate(world.db, role.value, PASSWORD))
    try:
        if action in PERMISSIONS[role]:
            _do(action)(world)
        else:
            with pytest.raises(PermissionDenied):
                _do(action)(world)
    finally:
        access.set_actor(None)


@pytest.mark.parametrize("role", [Role.OFFICE, Role.TEACHER, Role.PRINCIPAL])
def test_academy_staff_see_only_their_academies(world: World, role: Role) -> None:
    from consent_desk.services.consent import learner_statuses
    from consent_desk.services.trust import list_academies

    access.set_actor(authenticate(world.db, role.value, PASSWORD))
    try:
        assert [a.code for a in list_academies(world.db)] == ["OAK"]
        with pytest.raises(PermissionDenied):
            learner_statuses(world.db, "HGH", NOW.label)
    finally:
        access.set_actor(None)


def test_nobody_logged_in_is_refused_once_users_exist(world: World) -> None:
    from consent_desk.services.consent import learner_statuses

    with pytest.raises(PermissionDenied, match="log in"):
        learner_statuses(world.db, "OAK", NOW.label)


def test_wrong_password_is_refused_and_audited(world: World) -> None:
    from consent_desk.services.audit_log import list_audit

    with pytest.raises(PermissionDenied, match="wrong user name or password"):
        authenticate(world.db, "teacher", "guess")
    access.set_actor(authenticate(world.db, "coo", PASSWORD))
    try:
        assert list_audit(world.db, action="login_failed", user="teacher")
    finally:
        access.set_actor(None)


@pytest.mark.parametrize(
    ("role", "year", "allowed"),
    [
        (Role.TEACHER, NOW, False),
        (Role.OFFICE, NOW, True),
        (Role.OFFICE, PAST, False),
        (Role.COO, PAST, True),
    ],
)
def test_imports_are_permission_checked(
    world: World, role: Role, year: AcademicYear, allowed: bool
) -> None:
    from consent_desk.services.imports import import_returns
    from consent_desk.services.learner_import import import_learners

    sheet = world.tmp / f"returns-{next(_counter)}.csv"
    sheet.write_text("Adno,Surname,Forename,Website,Press\n1516,Adeyemi,Saanvi,Yes,No\n")
    access.set_actor(authenticate(world.db, role.value, PASSWORD))
    try:
        if allowed:
            assert import_returns(world.db, sheet, "OAK", year.label).imported == 1
        else:
            with pytest.raises(PermissionDenied):
                import_returns(world.db, sheet, "OAK", year.label)
        roster = world.tmp / f"roster-{next(_counter)}.csv"
        roster.write_text("Adno,Legal Surname,Legal Forename\n1516,Adeyemi,Saanvi\n")
        if role is Role.TEACHER:
            with pytest.raises(PermissionDenied):
                import_learners(world.db, roster, "OAK")
        else:
            import_learners(world.db, roster, "OAK")
    finally:
        access.set_actor(None)
