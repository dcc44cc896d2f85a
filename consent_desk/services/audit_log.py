"""Reading the audit trail: each entry as a sentence in people's words (``domain.audit_words``)
with the names it needs looked up here; search by a learner's or a user's name, filters by
academy, kind and dates; an .xlsx export that says the same. Principals see their academies
only."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select

from consent_desk.db.engine import Database
from consent_desk.db.models import (
    Academy,
    AuditEntry,
    ConsentReturn,
    ImportBatch,
    Learner,
    Publication,
    Purpose,
    ReviewItem,
    User,
)
from consent_desk.domain.audit_words import (
    Entry,
    LearnerName,
    Names,
    UserName,
    describe,
    found,
    kind_names,
    kind_of,
    kind_pairs,
    learners_in,
    search_text,
)
from consent_desk.domain.names import learner_name
from consent_desk.private_files import private_output
from consent_desk.services import access
from consent_desk.services.access import Action
from consent_desk.services.errors import NotFound


@dataclass(frozen=True)
class AuditView:
    id: int
    at: datetime
    user: str
    action: str
    entity: str
    entity_id: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    sentence: str = ""  # what happened, in people's words
    who: str = ""  # the user's display name
    kind: str = ""  # "Return voided"
    learner: str | None = None  # "Amy Smith (7B, Oakfield)"
    academy: str | None = None  # the academy's name
    academy_code: str | None = None
    haystack: str = field(default="", repr=False, compare=False)  # folded, for the search

    @property
    def change(self) -> str:
        """What happened (the sentence)."""
        return self.sentence

    def matches(
        self, search: str = "", academy: str | None = None, kind: str | None = None
    ) -> bool:
        """Found by ``search`` (a learner's or user's name, any words of the sentence; case and
        accents ignored), in ``academy`` (a code), of ``kind``."""
        if academy and (self.academy_code or "").upper() != academy.strip().upper():
            return False
        if kind and self.kind.casefold() != kind.strip().casefold():
            return False
        return found(search, self.haystack)

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "haystack"}


@dataclass(frozen=True)
class AuditPage:
    entries: list[AuditView]  # newest first, at most the limit
    matched: int  # how many entries match in all


def _chunks(ids: Iterable[int], size: int = 900) -> Iterable[list[int]]:
    items = sorted(set(ids))
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _int(v: str | None) -> int | None:
    return int(v) if v and v.isdigit() else None


def _in_academies(
    s: Session, academy_ids: frozenset[int], entries: list[AuditEntry]
) -> list[AuditEntry]:
    """Only the entries about learners, returns, imports and review rows of these academies."""

    def ids(entity: str) -> list[int]:
        return [
            int(e.entity_id)
            for e in entries
            if e.entity == entity and e.entity_id and e.entity_id.isdigit()
        ]

    allowed: set[tuple[str, str]] = set()
    checks = [
        ("learner", Learner.id, Learner.academy_id),
        ("import_batch", ImportBatch.id, ImportBatch.academy_id),
        ("review_item", ReviewItem.id, ReviewItem.academy_id),
    ]
    for entity, id_col, academy_col in checks:
        wanted = ids(entity)
        if wanted:
            for (i,) in s.execute(
                select(id_col).where(id_col.in_(wanted), academy_col.in_(academy_ids))
            ):
                allowed.add((entity, str(i)))
    wanted = ids("return")
    if wanted:
        q = (
            select(ConsentReturn.id)
            .join(Learner, Learner.id == ConsentReturn.learner_id)
            .where(ConsentReturn.id.in_(wanted), Learner.academy_id.in_(academy_ids))
        )
        allowed.update(("return", str(i)) for (i,) in s.execute(q))
    return [e for e in entries if (e.entity, e.entity_id or "") in allowed]


_WALLED = ("learner", "import_batch", "review_item", "return")


def _visible(
    s: Session, academy_ids: frozenset[int], entries: list[AuditEntry]
) -> list[AuditEntry]:
    """What someone working in ``academy_ids`` may read: also the entries about a learner who
    is no longer in the desk, by the academy they were written with."""
    allowed = {id(e) for e in _in_academies(s, academy_ids, entries)}
    return [
        e
        for e in entries
        if id(e) in allowed or (e.entity in _WALLED and e.academy_id in academy_ids)
    ]


class _Lookup:
    """The names a list of entries needs, read in a few queries."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.academies: dict[int, tuple[str, str]] = {
            a.id: (a.code, a.name) for a in s.scalars(select(Academy))
        }
        users = [(u.id, UserName(u.username, u.display_name)) for u in s.scalars(select(User))]
        self.users = {n.username: n for _, n in users}
        self.user_ids = dict(users)
        self.purposes = {p.key: p.label for p in s.scalars(select(Purpose))}

    def names(self, entries: Sequence[AuditEntry]) -> tuple[Names, dict[int, int], dict[int, int]]:
        """The names, the learner of each return, and the academy of each entry not written
        with one (entry id → academy id)."""
        s = self.s
        by_entity: dict[str, set[int]] = {}
        for e in entries:
            i = _int(e.entity_id)
            if i is not None:
                by_entity.setdefault(e.entity, set()).add(i)
        return_learner: dict[int, int] = {}
        for chunk in _chunks(by_entity.get("return", ())):
            rq = select(ConsentReturn.id, ConsentReturn.learner_id).where(
                ConsentReturn.id.in_(chunk)
            )
            return_learner.update({r: lid for r, lid in s.execute(rq)})
        wanted: set[int] = set(return_learner.values())
        for e in entries:
            wanted.update(learners_in(_entry(e)))
        learners: dict[int, LearnerName] = {}
        learner_academy: dict[int, int] = {}
        for chunk in _chunks(wanted):
            for lr in s.execute(
                select(
                    Learner.id,
                    Learner.academy_id,
                    Learner.legal_forename,
                    Learner.legal_surname,
                    Learner.preferred_forename,
                    Learner.preferred_surname,
                    Learner.reg_group,
                    Learner.year_group,
                ).where(Learner.id.in_(chunk))
            ):
                learner_academy[lr.id] = lr.academy_id
                learners[lr.id] = LearnerName(
                    learner_name(
                        lr.legal_forename,
                        lr.legal_surname,
                        lr.preferred_forename,
                        lr.preferred_surname,
                    ),
                    lr.reg_group or lr.year_group,
                    self.academies.get(lr.academy_id, ("", None))[1],
                    f"{lr.legal_forename} {lr.legal_surname}",
                )
        files: dict[int, str] = {}
        batch_academy: dict[int, int] = {}
        for chunk in _chunks(by_entity.get("import_batch", ())):
            q = select(ImportBatch.id, ImportBatch.file_name, ImportBatch.academy_id).where(
                ImportBatch.id.in_(chunk)
            )
            for bid, name, aid in s.execute(q):
                files[bid], batch_academy[bid] = name, aid
        review_rows: dict[int, str] = {}
        review_academy: dict[int, int] = {}
        for chunk in _chunks(by_entity.get("review_item", ())):
            vq = (
                select(
                    ReviewItem.id,
                    ReviewItem.source_row,
                    ReviewItem.academy_id,
                    ImportBatch.file_name,
                )
                .join(ImportBatch, ImportBatch.id == ReviewItem.batch_id)
                .where(ReviewItem.id.in_(chunk))
            )
            for rid, row, aid, name in s.execute(vq):
                review_rows[rid] = f"row {row} of {name}"
                review_academy[rid] = aid
        publications: dict[int, str] = {}
        publication_academy: dict[int, int] = {}
        for chunk in _chunks(by_entity.get("publication", ())):
            q = select(Publication.id, Publication.title, Publication.academy_id).where(
                Publication.id.in_(chunk)
            )
            for pid, title, aid in s.execute(q):
                publications[pid], publication_academy[pid] = title, aid
        academy_of: dict[int, int] = {}
        for e in entries:
            if e.academy_id is not None:
                continue
            i = _int(e.entity_id)
            lid = e.learner_id
            if lid is None:
                lids = learners_in(_entry(e))
                lid = lids[0] if lids else None
            if lid is None and e.entity == "return" and i is not None:
                lid = return_learner.get(i)
            aid = None
            if lid is not None:
                aid = learner_academy.get(lid)
            elif i is not None:
                aid = {
                    "import_batch": batch_academy,
                    "review_item": review_academy,
                    "publication": publication_academy,
                    "academy": {i: i},
                }.get(e.entity, {}).get(i)
            if aid is not None:
                academy_of[e.id] = aid
        names = Names(
            learners=learners,
            users=self.users,
            user_ids=self.user_ids,
            academies={i: name for i, (_, name) in self.academies.items()},
            academy_codes={code: name for code, name in self.academies.values()},
            purposes=self.purposes,
            files=files,
            review_rows=review_rows,
            publications=publications,
        )
        return names, return_learner, academy_of

    def views(self, entries: Sequence[AuditEntry]) -> list[AuditView]:
        names, return_learner, academy_of = self.names(entries)
        out = []
        for e in entries:
            snapshot = None
            aid = e.academy_id if e.academy_id is not None else academy_of.get(e.id)
            code, academy = (
                self.academies.get(aid, (None, None)) if aid is not None else (None, None)
            )
            if e.learner_name:
                snapshot = LearnerName(e.learner_name, e.learner_group, academy)
            elif e.entity == "return" and (i := _int(e.entity_id)) in return_learner:
                snapshot = names.learners.get(return_learner[i])
            entry = _entry(e, snapshot)
            sentence = describe(entry, names)
            user = self.users.get(e.user)
            who = user.said() if user else e.user
            learner = snapshot.said() if snapshot else None
            if learner is None:
                lids = learners_in(entry)
                if len(lids) == 1 and lids[0] in names.learners:
                    learner = names.learners[lids[0]].said()
            out.append(
                AuditView(
                    e.id,
                    e.at,
                    e.user,
                    e.action,
                    e.entity,
                    e.entity_id,
                    e.before,
                    e.after,
                    sentence=sentence,
                    who=who,
                    kind=kind_of(e.action, e.entity),
                    learner=learner,
                    academy=academy,
                    academy_code=code,
                    haystack=search_text(entry, names, sentence, (who, e.user)),
                )
            )
        return out


def _entry(e: AuditEntry, learner: LearnerName | None = None) -> Entry:
    return Entry(e.action, e.entity, e.entity_id, e.before, e.after, learner)


def _query(
    *,
    user: str | None,
    action: str | None,
    entity: str | None,
    entity_id: str | None,
    since: datetime | None,
    until: datetime | None,
    kind: str | None,
) -> Select[tuple[AuditEntry]]:
    q = select(AuditEntry)
    if user:
        q = q.where(AuditEntry.user == user)
    if action:
        q = q.where(AuditEntry.action == action)
    if entity:
        q = q.where(AuditEntry.entity == entity)
    if entity_id:
        q = q.where(AuditEntry.entity_id == str(entity_id))
    if since:
        q = q.where(AuditEntry.at >= since)
    if until:
        q = q.where(AuditEntry.at <= until)
    if kind:
        pairs = kind_pairs(kind)
        if pairs:
            q = q.where(
                or_(*(and_(AuditEntry.action == a, AuditEntry.entity == n) for a, n in pairs))
            )
        # else a kind said the general way ("Learner: merge"): matched on the entries' kinds
    return q


NEWEST_FIRST = (AuditEntry.at.desc(), AuditEntry.id.desc())
CHUNK = 2000


def read_audit(
    db: Database,
    *,
    user: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    entity_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    search: str = "",
    academy: str | None = None,
    kind: str | None = None,
    limit: int = 2000,
) -> AuditPage:
    """The entries that match, newest first (at most ``limit``), and how many match in all.
    ``search`` finds a learner's or user's name (also a learner since renamed or removed),
    ``academy`` is a code, ``kind`` one of the kinds the entries are shown with."""
    with db.session() as s:
        who = access.require(s, Action.VIEW_AUDIT)
        academy_id = None
        if academy:
            code = academy.strip().upper()
            academy_id = s.scalar(select(Academy.id).where(Academy.code == code))
            if academy_id is None:
                known = ", ".join(s.scalars(select(Academy.code).order_by(Academy.code)))
                raise NotFound(f"there is no academy with code '{academy}' (known: {known})")
        if kind and not kind_pairs(kind) and ":" not in kind:
            raise NotFound(
                f"there is no kind of entry called '{kind}': use one of " + ", ".join(kind_names())
            )
        q = _query(
            user=user,
            action=action,
            entity=entity,
            entity_id=entity_id,
            since=since,
            until=until,
            kind=kind,
        )
        lookup = _Lookup(s)
        walled = who.academy_ids
        if not (search.strip() or academy or walled is not None or (kind and not kind_pairs(kind))):
            matched = s.scalar(select(func.count()).select_from(q.subquery())) or 0
            rows = list(s.scalars(q.order_by(*NEWEST_FIRST).limit(limit)))
            return AuditPage(lookup.views(rows), matched)
        # the rest is matched on the names: read the trail a chunk at a time, newest first
        if academy_id is not None:  # entries written with another academy cannot match
            q = q.where(or_(AuditEntry.academy_id == academy_id, AuditEntry.academy_id.is_(None)))
        shown: list[AuditView] = []
        matched = 0
        last: tuple[datetime, int] | None = None
        while True:
            page = q
            if last is not None:
                page = page.where(
                    or_(
                        AuditEntry.at < last[0],
                        and_(AuditEntry.at == last[0], AuditEntry.id < last[1]),
                    )
                )
            rows = list(s.scalars(page.order_by(*NEWEST_FIRST).limit(CHUNK)))
            if not rows:
                break
            last = (rows[-1].at, rows[-1].id)
            if walled is not None:
                rows = _visible(s, walled, rows)
            for v in lookup.views(rows):
                if v.matches(search, academy, kind):
                    matched += 1
                    if len(shown) < limit:
                        shown.append(v)
        return AuditPage(shown, matched)


def list_audit(
    db: Database,
    *,
    user: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    entity_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    search: str = "",
    academy: str | None = None,
    kind: str | None = None,
    limit: int = 2000,
) -> list[AuditView]:
    """Newest first (see :func:`read_audit`)."""
    return read_audit(
        db,
        user=user,
        action=action,
        entity=entity,
        entity_id=entity_id,
        since=since,
        until=until,
        search=search,
        academy=academy,
        kind=kind,
        limit=limit,
    ).entries


AUDIT_SHEET = "Audit trail"


def export_audit_xlsx(entries: list[AuditView], target: Path) -> int:
    """The entries as an ``.xlsx`` (owner-only file): the same sentences as the app, then the
    raw entry for whoever needs it. User names are whatever someone typed at the login box:
    written through the safe cell writer, they are text, never formulas."""
    from consent_desk.outputs.xlsxdoc import Column, new_workbook, save_workbook, write_table

    columns = (
        Column("When", number_format="dd/mm/yyyy hh:mm", min_width=17, max_width=19),
        Column("Who", max_width=24),
        Column("Kind", max_width=24),
        Column("Academy", max_width=24),
        Column("Learner", max_width=30),
        Column("What happened", max_width=80),
        Column("User name", max_width=16),
        Column("Action", max_width=18),
        Column("Entity", max_width=14),
        Column("Id", max_width=8),
        Column("Before", max_width=40),
        Column("After", max_width=40),
    )
    rows = [
        [
            e.at,
            e.who or e.user,
            e.kind,
            e.academy,
            e.learner,
            e.sentence,
            e.user,
            e.action,
            e.entity,
            e.entity_id,
            json.dumps(e.before, ensure_ascii=False, default=str) if e.before else None,
            json.dumps(e.after, ensure_ascii=False, default=str) if e.after else None,
        ]
        for e in entries
    ]
    wb = new_workbook()
    write_table(wb, AUDIT_SHEET, columns, rows)
    with private_output(target):
        save_workbook(wb, target)
    return len(entries)
