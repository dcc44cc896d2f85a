"""Correcting an academy: its name, phase and principal at any time, its code while nothing
refers to it yet, and removing it while it has no learners (the COO, audited)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from consent_desk.db.engine import Database
from consent_desk.db.models import (
    Academy,
    ImportBatch,
    Learner,
    ListAcknowledgement,
    Publication,
    PublicationCheck,
    ReviewItem,
    SheetPrint,
    User,
    UserAcademy,
)
from consent_desk.domain.listing import AcademyInfo
from consent_desk.services import access, audit
from consent_desk.services.access import Action
from consent_desk.services.errors import FieldError, ServiceError
from consent_desk.services.trust import (
    academy_by_code,
    academy_name,
    academy_phase,
    normalise_code,
)

# What can refer to an academy by its code, outside the database or in what was made with it:
# printed sheets and forms, import files and mappings, published photos, signed lists.
# (A user's academies refer to it by its row, so they follow a new code.)
_USES = (
    (Learner, "learner", "learners"),
    (ImportBatch, "import", "imports"),
    (ReviewItem, "review row", "review rows"),
    (SheetPrint, "printed sheet", "printed sheets"),
    (PublicationCheck, "photo check", "photo checks"),
    (Publication, "publication", "publications"),
    (ListAcknowledgement, "list confirmation", "list confirmations"),
)


@dataclass(frozen=True)
class AcademyUses:
    """What refers to an academy: ``counts`` per kind (plural word: how many), and the
    people who work in it. Says whether its code may change and whether it may be removed."""

    code: str
    name: str
    counts: dict[str, int]
    learners: int
    staff: tuple[str, ...]

    @property
    def anything(self) -> bool:
        return any(self.counts.values())

    def described(self) -> str:
        return _and([f"{n} {word}" for word, n in self.counts.items() if n])

    def code_refused(self) -> str | None:
        """Why the code cannot change (None: it can)."""
        if not self.anything:
            return None
        return (
            f"the code of {self.name} cannot change: {self.code} is already used by "
            f"{self.described()}. Its name, phase and principal can still be corrected"
        )

    def removal_refused(self) -> str | None:
        """Why the academy cannot be removed (None: it can)."""
        if self.learners:
            n = self.learners
            return (
                f"{self.name} ({self.code}) has {n} learner{'s' if n != 1 else ''}, so it "
                "cannot be removed: their consent records must be kept. If its name, code or "
                "phase is wrong, edit it instead; learners who have left are purged after the "
                "retention period"
            )
        if self.anything:
            return (
                f"{self.name} ({self.code}) cannot be removed: it is used by "
                f"{self.described()}. Edit its name, phase or principal instead"
            )
        return None


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _uses(s: Session, a: Academy) -> AcademyUses:
    counts: dict[str, int] = {}
    for model, one, many in _USES:
        n = int(
            s.scalar(select(func.count()).select_from(model).where(model.academy_id == a.id)) or 0
        )
        counts[one if n == 1 else many] = n
    staff = tuple(
        s.scalars(
            select(User.username)
            .join(UserAcademy, UserAcademy.user_id == User.id)
            .where(UserAcademy.academy_id == a.id)
            .order_by(User.username)
        )
    )
    learners = counts.get("learners", counts.get("learner", 0))
    return AcademyUses(a.code, a.name, counts, learners, staff)


def academy_uses(db: Database, code: str) -> AcademyUses:
    """What refers to the academy (so whether its code may change and it may be removed)."""
    with db.session() as s:
        a = academy_by_code(s, code)
        access.require(s, Action.VIEW, a.id)
        return _uses(s, a)


def _info(a: Academy) -> AcademyInfo:
    return AcademyInfo(id=a.id, code=a.code, name=a.name, principal=a.principal, phase=a.phase)


_KEEP = object()  # "leave this detail as it is"


def edit_academy(
    db: Database,
    code: str,
    *,
    name: str | None = None,
    phase: str | object | None = _KEEP,
    principal: str | object | None = _KEEP,
    new_code: str | None = None,
    user: str | None = None,
) -> AcademyInfo:
    """Correct an academy's details (only those given change; ``phase`` or ``principal``
    None clears it). The code changes only while nothing refers to the academy: sheets,
    forms, import files and published photos carry it."""
    changes: dict[str, object] = {}
    if name is not None:
        changes["name"] = academy_name(name)
    if phase is not _KEEP:
        changes["phase"] = academy_phase(phase if isinstance(phase, str) else None)
    if principal is not _KEEP:
        changes["principal"] = (
            " ".join(principal.split()) or None if isinstance(principal, str) else None
        )
    if new_code is not None:
        changes["code"] = normalise_code(new_code)
    with db.session() as s:
        a = academy_by_code(s, code)
        who = access.require(s, Action.CHANGE_SETTINGS)
        if changes.get("code", a.code) != a.code:
            clash = s.scalars(select(Academy).where(Academy.code == changes["code"])).first()
            if clash is not None:
                raise FieldError(
                    "code",
                    f"academy {changes['code']} already exists ({clash.name}): choose another code",
                )
            refused = _uses(s, a).code_refused()
            if refused:
                raise FieldError("code", refused)
        before = {k: getattr(a, k) for k in changes if getattr(a, k) != changes[k]}
        after = {k: changes[k] for k in before}
        if not after:
            return _info(a)
        for k, v in after.items():
            setattr(a, k, v)
        audit.record(
            s,
            access.acting_name(who, user),
            "update",
            "academy",
            a.id,
            before=before,
            after=after,
        )
        return _info(a)


def remove_academy(db: Database, code: str, user: str | None = None) -> AcademyInfo:
    """Remove an academy added by mistake: only while it has no learners and nothing else
    refers to it. The people who worked in it no longer do (the audit entry names them)."""
    with db.session() as s:
        a = academy_by_code(s, code)
        who = access.require(s, Action.CHANGE_SETTINGS)
        uses = _uses(s, a)
        refused = uses.removal_refused()
        if refused:
            raise ServiceError(refused)
        info = _info(a)
        s.execute(delete(UserAcademy).where(UserAcademy.academy_id == a.id))
        audit.record(
            s,
            access.acting_name(who, user),
            "delete",
            "academy",
            a.id,
            before={
                "code": a.code,
                "name": a.name,
                "principal": a.principal,
                "phase": a.phase,
                "staff": list(uses.staff),
            },
        )
        s.delete(a)
        return info
