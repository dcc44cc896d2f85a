"""User accounts: argon2-hashed passwords, roles, the academies each person works in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import Academy, User, UserAcademy
from consent_desk.services import access, audit
from consent_desk.services.access import Action, Actor, Role
from consent_desk.services.errors import AlreadyExists, NotFound, PermissionDenied, ServiceError
from consent_desk.services.trust import require_trust

MIN_PASSWORD = 8


def _hasher():  # type: ignore[no-untyped-def]
    from argon2 import PasswordHasher

    return PasswordHasher()


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    display_name: str
    role: Role
    academies: tuple[str, ...]
    active: bool
    locked: bool = False


def _check_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD:
        raise ServiceError(f"a password needs at least {MIN_PASSWORD} characters")


def _academy_ids(session: Session, codes: list[str]) -> list[int]:
    ids = []
    for code in codes:
        a = session.scalars(select(Academy).where(Academy.code == code.strip().upper())).first()
        if a is None:
            raise NotFound(f"there is no academy with code '{code}'")
        ids.append(a.id)
    return ids


def create_user(
    db: Database,
    username: str,
    display_name: str,
    role: Role | str,
    password: str,
    academies: list[str] | None = None,
    user: str | None = None,
) -> int:
    """A new account. The first account of a trust must be the COO's."""
    role = Role(role)
    username = (username or "").strip().lower()
    if not username or " " in username:
        raise ServiceError("a user name is one word, e.g. j.smith")
    _check_password(password)
    with db.session() as s:
        require_trust(s)
        first = not access.users_exist(s)
        if first:
            if role is not Role.COO:  # the first account can make the others
                raise ServiceError("the first account must be the COO's (role coo)")
            acting = user or audit.current_user_name()
        else:
            acting = access.acting_name(access.require(s, Action.MANAGE_USERS), user)
        if s.scalars(select(User).where(User.username == username)).first():
            raise AlreadyExists(f"there is already a user called {username}")
        codes = academies or []
        if not role.trust_wide and not codes:
            raise ServiceError(f"say which academies {username} works in (--academy CODE)")
        ids = [] if role.trust_wide else _academy_ids(s, codes)
        u = User(
            username=username,
            display_name=" ".join(display_name.split()) or username,
            role=role.value,
            password_hash=_hasher().hash(password),
            active=True,
            created_at=audit.now(),
        )
        s.add(u)
        s.flush()
        s.add_all(UserAcademy(user_id=u.id, academy_id=i) for i in ids)
        audit.record(
            s,
            acting,
            "create",
            "user",
            u.id,
            after={
                "username": username,
                "role": role.value,
                "academies": sorted(c.upper() for c in codes),
            },
        )
        return u.id


def any_users(db: Database) -> bool:
    """Whether this database has active accounts (then everyone must log in)."""
    with db.session() as s:
        return access.users_exist(s)


def list_users(db: Database) -> list[UserView]:
    with db.session() as s:
        if access.users_exist(s):
            access.require(s, Action.MANAGE_USERS)
        rows = s.execute(
            select(User, Academy.code)
            .outerjoin(UserAcademy, UserAcademy.user_id == User.id)
            .outerjoin(Academy, Academy.id == UserAcademy.academy_id)
            .order_by(User.username)
        ).all()
        out: dict[int, UserView] = {}
        for u, code in rows:
            prev = out.get(u.id)
            codes = (prev.academies if prev else ()) + ((code,) if code else ())
            out[u.id] = UserView(
                u.id,
                u.username,
                u.display_name,
                Role(u.role),
                codes,
                u.active,
                u.locked_at is not None,
            )
        return list(out.values())


def _actor_for(session: Session, u: User) -> Actor:
    role = Role(u.role)
    ids = None
    if not role.trust_wide:
        ids = frozenset(
            session.scalars(select(UserAcademy.academy_id).where(UserAcademy.user_id == u.id))
        )
    return Actor(u.username, u.display_name, role, ids)


# Logins. Every attempt costs one argon2 verification, whatever the user name (an unknown,
# disabled, locked or waiting account is checked against a dummy hash), so the time taken does
# not tell anyone which names are accounts; every refusal says the same sentence.
LOCK_AFTER = 10  # failed logins in a row that lock an account until the COO unlocks it
DELAY_AFTER = 3  # failed logins in a row before each next attempt has to wait
MAX_DELAY = 60  # seconds
REFUSED = (
    "wrong user name or password (or the account is disabled, or locked after too many "
    "failed logins: ask the COO)"
)
UNKNOWN_NAME = "(not an account)"  # what the audit says instead of a name that is not a user's


def login_delay(failures: int) -> int:
    """Seconds to wait before the next attempt after ``failures`` failed logins in a row:
    none for the first two, then 1, 2, 4, 8 … up to a minute."""
    if failures < DELAY_AFTER:
        return 0
    return int(min(2 ** (failures - DELAY_AFTER), MAX_DELAY))


_dummy: str | None = None


def _dummy_hash() -> str:
    """A hash of a random password with the same parameters as the real ones (made once)."""
    global _dummy
    if _dummy is None:
        import secrets

        _dummy = _hasher().hash(secrets.token_urlsafe(24))
    return _dummy


def _verify(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def _why_not(u: User | None, at: datetime) -> str | None:
    """Why this account may not log in now, whatever the password (None: it may try)."""
    if u is None:
        return "unknown"
    if not u.active or not u.password_hash:
        return "disabled"
    if u.locked_at is not None:
        return "locked"
    last = u.last_failed_login_at
    if last is not None and at < last + timedelta(seconds=login_delay(u.failed_logins or 0)):
        return "waiting"
    return None


def authenticate(db: Database, username: str, password: str) -> Actor:
    """Check a user name and password; the Actor to ``access.set_actor`` on success.

    A failure is audited with the account's name — or, when the name is not an account, with
    no name at all (people type their password into the name box). Each failure in a row makes
    the account wait longer before the next try (:func:`login_delay`); ``LOCK_AFTER`` of them
    lock it until the COO unlocks it (:func:`unlock_user`)."""
    name = (username or "").strip().lower()
    at = audit.now()
    with db.session() as s:
        u = s.scalars(select(User).where(User.username == name)).first()
        why_not = _why_not(u, at)
        stored = u.password_hash if u is not None and why_not is None else None
        ok = _verify(stored or _dummy_hash(), password or "") and stored is not None
        if u is None:
            # Recorded (and committed) before refusing: failed logins are part of the trail.
            audit.record(s, UNKNOWN_NAME, "login_failed", "user", None)
            who = None
        elif not ok:
            after: dict[str, object] = {}
            if why_not is None:  # a wrong password: counted (a refused attempt is not)
                s.execute(
                    update(User)
                    .where(User.id == u.id)
                    .values(failed_logins=User.failed_logins + 1, last_failed_login_at=at)
                )
                s.refresh(u)
                after = {"failed_logins": u.failed_logins}
            else:
                after = {"refused": why_not}
            audit.record(s, u.username, "login_failed", "user", u.id, after=after)
            if why_not is None and u.failed_logins >= LOCK_AFTER:
                u.locked_at = at
                audit.record(
                    s, u.username, "locked", "user", u.id, after={"failed_logins": u.failed_logins}
                )
            who = None
        else:
            assert u.password_hash is not None
            if _hasher().check_needs_rehash(u.password_hash):
                u.password_hash = _hasher().hash(password)
            if u.failed_logins:
                u.failed_logins, u.last_failed_login_at = 0, None
            audit.record(s, u.username, "login", "user", u.id)
            who = _actor_for(s, u)
    if who is None:
        raise PermissionDenied(REFUSED)
    return who


def unlock_user(db: Database, username: str, user: str | None = None) -> None:
    """Let an account that failed too many logins try again (the COO)."""
    with db.session() as s:
        who = access.require(s, Action.MANAGE_USERS)
        target = _user_named(s, username)
        before = {"locked": target.locked_at is not None, "failed_logins": target.failed_logins}
        target.locked_at, target.failed_logins, target.last_failed_login_at = None, 0, None
        audit.record(
            s,
            access.acting_name(who, user),
            "unlock",
            "user",
            target.id,
            before=before,
            after={"locked": False, "failed_logins": 0},
        )


def set_password(db: Database, username: str, new_password: str, user: str | None = None) -> None:
    """Change a password: your own, or anyone's for the COO."""
    _check_password(new_password)
    with db.session() as s:
        who = access.actor(s)
        target = _user_named(s, username)
        if who.system or who.username != target.username:
            access.require(s, Action.MANAGE_USERS)
        target.password_hash = _hasher().hash(new_password)
        audit.record(s, access.acting_name(who, user), "password", "user", target.id)


def set_active(db: Database, username: str, active: bool, user: str | None = None) -> None:
    with db.session() as s:
        who = access.require(s, Action.MANAGE_USERS)
        target = _user_named(s, username)
        if not active and target.username == who.username:
            raise ServiceError("you cannot disable your own account")
        if not active:
            _refuse_last_coo(s, target, "disabled")
        before = target.active
        target.active = active
        audit.record(
            s,
            access.acting_name(who, user),
            "enable" if active else "disable",
            "user",
            target.id,
            before={"active": before},
            after={"active": active},
        )


def set_academies(db: Database, username: str, codes: list[str], user: str | None = None) -> None:
    with db.session() as s:
        who = access.require(s, Action.MANAGE_USERS)
        target = _user_named(s, username)
        ids = _academy_ids(s, codes)
        before = _codes_of(s, target)
        _works_in(s, target, ids)
        audit.record(
            s,
            access.acting_name(who, user),
            "academies",
            "user",
            target.id,
            before={"academies": before},
            after={"academies": sorted(c.upper() for c in codes)},
        )


def _refuse_last_coo(s: Session, target: User, what: str) -> None:
    """The trust always keeps an active COO: nobody else can manage users or settings."""
    if target.role != Role.COO.value or not target.active:
        return
    others = s.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == Role.COO.value, User.active, User.id != target.id)
    )
    if not others:
        raise ServiceError(
            f"{target.display_name} is the only COO, so the account cannot be {what}: "
            "make another account COO first"
        )


def set_role(
    db: Database,
    username: str,
    role: Role | str,
    academies: list[str] | None = None,
    user: str | None = None,
) -> UserView:
    """Change a person's role (the COO). A COO works in every academy; anyone else in the
    academies given, or, if none are given, those already ticked for them. The last COO
    cannot be demoted, and nobody changes their own role."""
    try:
        new = Role(role)
    except ValueError:
        roles = ", ".join(r.value for r in Role)
        raise ServiceError(f"'{role}' is not a role: use one of {roles}") from None
    with db.session() as s:
        who = access.require(s, Action.MANAGE_USERS)
        target = _user_named(s, username)
        if target.username == who.username and not who.system:
            raise ServiceError("you cannot change your own role: ask another COO")
        old = Role(target.role)
        if new is not Role.COO:
            _refuse_last_coo(s, target, f"made {new.label}")
        before_codes = _codes_of(s, target)
        if new.trust_wide:
            ids: list[int] = []
            codes: list[str] = []
        elif academies:
            ids = _academy_ids(s, academies)
            codes = sorted({c.strip().upper() for c in academies})
        elif before_codes:
            ids, codes = _academy_ids(s, before_codes), before_codes
        else:
            raise ServiceError(f"say which academies {target.username} works in as {new.label}")
        if new is old and codes == before_codes:
            return _view(s, target)
        target.role = new.value
        _works_in(s, target, ids)
        audit.record(
            s,
            access.acting_name(who, user),
            "role",
            "user",
            target.id,
            before={"role": old.value, "academies": before_codes},
            after={"role": new.value, "academies": codes},
        )
        s.flush()
        return _view(s, target)


def _user_named(s: Session, username: str) -> User:
    """The user of that login name (any case, spaces around ignored), or ``NotFound``."""
    found = s.scalars(select(User).where(User.username == username.strip().lower())).first()
    if found is None:
        raise NotFound(f"there is no user called {username}")
    return found


def _codes_of(s: Session, u: User) -> list[str]:
    """The codes of the academies a user works in, sorted."""
    return sorted(
        s.scalars(
            select(Academy.code)
            .join(UserAcademy, UserAcademy.academy_id == Academy.id)
            .where(UserAcademy.user_id == u.id)
        )
    )


def _works_in(s: Session, u: User, academy_ids: list[int]) -> None:
    """The user now works in these academies (and no others)."""
    s.execute(delete(UserAcademy).where(UserAcademy.user_id == u.id))
    s.add_all(UserAcademy(user_id=u.id, academy_id=i) for i in academy_ids)


def _view(s: Session, u: User) -> UserView:
    codes = tuple(
        s.scalars(
            select(Academy.code)
            .join(UserAcademy, UserAcademy.academy_id == Academy.id)
            .where(UserAcademy.user_id == u.id)
            .order_by(Academy.code)
        )
    )
    return UserView(
        u.id, u.username, u.display_name, Role(u.role), codes, u.active, u.locked_at is not None
    )
