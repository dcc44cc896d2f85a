"""The audit trail in people's words: one sentence per entry, made here and nowhere else (the
audit viewer, its spreadsheet export and ``consent-desk audit`` all print it), and the search
rule that finds an entry by a learner's or a user's name.

Pure: the names an entry needs (learners, users, academies, purposes, files) are looked up by
the caller and handed in as :class:`Names`."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from consent_desk.domain.roles import ROLES as ROLE_TABLE

Raw = Mapping[str, Any]


@dataclass(frozen=True)
class LearnerName:
    """How an entry names a learner: "Amy Smith (7B, Oakfield)"."""

    name: str
    group: str | None = None
    academy: str | None = None
    also: str = ""  # other names to find the learner by (the legal ones), never shown

    def said(self) -> str:
        where = ", ".join(x for x in (self.group, self.academy) if x)
        return f"{self.name} ({where})" if where else self.name


@dataclass(frozen=True)
class UserName:
    username: str
    display: str

    def said(self) -> str:
        return self.display or self.username


@dataclass(frozen=True)
class Names:
    """Everything the sentences need, looked up by the reader of the trail."""

    learners: Mapping[int, LearnerName] = field(default_factory=dict)
    users: Mapping[str, UserName] = field(default_factory=dict)  # by user name
    user_ids: Mapping[int, UserName] = field(default_factory=dict)
    academies: Mapping[int, str] = field(default_factory=dict)  # id → name
    academy_codes: Mapping[str, str] = field(default_factory=dict)  # code → name
    purposes: Mapping[str, str] = field(default_factory=dict)  # key → the trust's label
    files: Mapping[int, str] = field(default_factory=dict)  # import batch id → file name
    review_rows: Mapping[int, str] = field(default_factory=dict)  # "row 12 of returns.xlsx"
    publications: Mapping[int, str] = field(default_factory=dict)  # id → title


@dataclass(frozen=True)
class Entry:
    """What an audit entry holds (``consent_desk.db.models.AuditEntry``)."""

    action: str
    entity: str
    entity_id: str | None
    before: Raw | None
    after: Raw | None
    learner: LearnerName | None = None  # the name it was recorded with, if any


# --- which learner, academy and kind an entry is about -----------------------------------


def _int(v: Any) -> int | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    if isinstance(v, str) and v.isdigit():
        return int(v)
    return None


def learner_of(
    entity: str, entity_id: str | None, before: Raw | None, after: Raw | None
) -> int | None:
    """The learner an entry is about, if one is."""
    if entity == "learner":
        return _int(entity_id)
    for side in (after, before):
        if side and (lid := _int(side.get("learner_id"))) is not None:
            return lid
    return None


def learners_in(e: Entry) -> list[int]:
    """Every learner an entry mentions (a publication mentions many)."""
    one = learner_of(e.entity, e.entity_id, e.before, e.after)
    listed = (e.after or {}).get("learners") if e.entity == "publication" else None
    many = [x for x in listed if isinstance(x, int)] if isinstance(listed, list) else []
    return ([one] if one is not None else []) + [x for x in many if x != one]


#: Kinds of entry as people name them, by (action, entity); the filter lists these.
KINDS: dict[tuple[str, str], str] = {
    ("create", "return"): "Return recorded",
    ("void", "return"): "Return voided",
    ("restore", "return"): "Return counted again",
    ("resolve", "review_item"): "Review row resolved",
    ("dismiss", "review_item"): "Review row dismissed",
    ("reopen", "review_item"): "Review row reopened",
    ("import", "import_batch"): "Returns imported",
    ("import_learners", "import_batch"): "Learner list imported",
    ("undo_import", "import_batch"): "Import undone",
    ("undo_import", "learner"): "Learner put back by an undone import",
    ("create", "learner"): "Learner added",
    ("update", "learner"): "Learner changed",
    ("left", "learner"): "Learner left",
    ("safeguarding", "learner"): "Safeguarding flag",
    ("view_safeguarding_reason", "learner"): "Safeguarding reason viewed",
    ("purge", "learners"): "Leavers purged",
    ("publish", "publication"): "Publication recorded",
    ("takedown_done", "publication"): "Taken down",
    ("acknowledge_list", "academy"): "Restriction list acknowledged",
    ("create", "trust"): "Trust set up",
    ("rename", "trust"): "Settings changed",
    ("update", "trust"): "Settings changed",
    ("update", "purpose_labels"): "Settings changed",
    ("update", "form_questions"): "Settings changed",
    ("create", "academy"): "Academy added",
    ("update", "academy"): "Academy changed",
    ("remove", "academy"): "Academy removed",
    ("delete", "academy"): "Academy removed",
    ("create", "user"): "User added",
    ("role", "user"): "User's role changed",
    ("academies", "user"): "User's academies changed",
    ("enable", "user"): "User enabled or disabled",
    ("disable", "user"): "User enabled or disabled",
    ("password", "user"): "Password changed",
    ("login", "user"): "Login",
    ("login_failed", "user"): "Failed login",
    ("locked", "user"): "Account locked",
    ("unlock", "user"): "Account unlocked",
    ("backup", "database"): "Backup",
    ("restore", "database"): "Restore",
    ("restore_failed", "database"): "Restore",
}


def kind_of(action: str, entity: str) -> str:
    """The kind of an entry in people's words ("Return voided")."""
    known = KINDS.get((action, entity))
    if known:
        return known
    return f"{_words(entity).capitalize()}: {_words(action)}"


def kind_names() -> list[str]:
    """Every kind in :data:`KINDS`, once, in alphabetical order."""
    return sorted(set(KINDS.values()), key=str.casefold)


def kind_pairs(kind: str) -> list[tuple[str, str]]:
    """The (action, entity) pairs of a kind (empty for a kind not in :data:`KINDS`)."""
    return [pair for pair, k in KINDS.items() if k.casefold() == kind.strip().casefold()]


# --- searching --------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, accents dropped: "Zoë O'Brien" and "zoe o'brien" are found alike."""
    folded = text.casefold()
    if unicodedata.is_normalized("NFKD", folded):  # nothing to take off (most text)
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def found(query: str, folded_text: str) -> bool:
    """Every word of ``query`` is in the (already folded) text."""
    return all(w in folded_text for w in fold(query).split())


# --- the sentence -----------------------------------------------------------------------

ANSWER_WORDS = {"consent": "consent", "refuse": "refused", "unanswered": "no answer"}
LEARNER_FIELDS = {
    "upn": "UPN",
    "adno": "admission number",
    "legal_surname": "legal surname",
    "legal_forename": "legal forename",
    "preferred_forename": "preferred forename",
    "preferred_surname": "preferred surname",
    "dob": "date of birth",
    "year_group": "year group",
    "reg_group": "registration group",
    "on_roll": "on roll",
    "left_on": "left on",
}
TRUST_SETTINGS = {
    "name": "trust name",
    "treat_non_returns_as_restricted": "learners with no return count as restricted",
    "retention_years": "years to keep leavers' data",
    "inactivity_lock_minutes": "minutes before the desk locks",
    "logo_path": "logo",
    "backups_to_keep": "backups to keep",
    "single_user_desk": "single-user desk",
}
ACADEMY_FIELDS = {"code": "code", "name": "name", "principal": "principal", "phase": "phase"}
# A role as a sentence says it, from the label declared once in domain/roles.py: "Office staff"
# reads "office staff" mid-sentence; an initialism ("COO") stays as it is.
ROLES = {
    info.role.value: info.label if info.label.isupper() else info.label.lower()
    for info in ROLE_TABLE
}
METHODS = {"paper": "paper form", "import": "import", "online": "online form"}
COUNTS = {
    "rows": "rows",
    "imported": "imported",
    "duplicates": "already in",
    "needs_review": "to review",
    "errors": "not readable",
    "added": "added",
    "updated": "changed",
    "unchanged": "unchanged",
    "rejoined": "back on roll",
    "missing": "not in the file",
    "marked_left": "marked as left",
}


def _words(key: str) -> str:
    return key.replace("_", " ")


def value_words(v: object) -> str:
    """A stored value as people say it: yes/no, dates as 03/12/2026, nothing as "—"."""
    if v is None or v == "":
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, datetime):
        return f"{v:%d/%m/%Y %H:%M}"
    if isinstance(v, date):
        return f"{v:%d/%m/%Y}"
    if isinstance(v, str) and len(v) == 10 and v[4] == "-" and v[7] == "-":
        try:
            return f"{date.fromisoformat(v):%d/%m/%Y}"
        except ValueError:
            return v
    if isinstance(v, list | tuple):
        return ", ".join(value_words(x) for x in v) if v else "none"
    if isinstance(v, dict):
        return "; ".join(f"{_words(str(k))}: {value_words(x)}" for k, x in v.items())
    return str(v)


def changes(before: Raw | None, after: Raw | None, labels: Mapping[str, str]) -> str:
    """``label: before → after`` for each field that changed, in people's words."""
    b, a = before or {}, after or {}
    parts = []
    for k in dict.fromkeys([*b, *a]):
        label = labels.get(k, _words(k))
        if k in b and k in a:
            if b[k] != a[k]:
                parts.append(f"{label}: {value_words(b[k])} → {value_words(a[k])}")
        elif k in a:
            parts.append(f"{label}: {value_words(a[k])}")
        else:
            parts.append(f"{label} was {value_words(b[k])}")
    return "; ".join(parts)


def recorded_changes(before: Raw | None, after: Raw | None) -> str:
    """An entry's fields as recorded, in words: what changed, or what was set."""
    return changes(before, after, {**LEARNER_FIELDS, **TRUST_SETTINGS, **COUNTS})


def _counts(raw: Raw | None) -> str:
    shown = [
        f"{v:,} {COUNTS[k]}"
        for k, v in (raw or {}).items()
        if k in COUNTS and isinstance(v, int) and (v or k == "rows")
    ]
    return ", ".join(shown)


def _quote(text: Any) -> str:
    return f"“{text}”"


class _Say:
    """The sentence of one entry, with the names it needs."""

    def __init__(self, e: Entry, names: Names) -> None:
        self.e, self.n = e, names
        self.b: Raw = e.before or {}
        self.a: Raw = e.after or {}

    def learner(self, lid: int | None = None) -> str:
        if lid is None:
            lid = learner_of(self.e.entity, self.e.entity_id, self.e.before, self.e.after)
            if self.e.learner is not None:
                return self.e.learner.said()
        if lid is None:
            return "a learner"
        if lid in self.n.learners:
            return self.n.learners[lid].said()
        return "a learner whose details are no longer kept"

    def user(self) -> str:
        uid = _int(self.e.entity_id)
        if uid is not None and uid in self.n.user_ids:
            return self.n.user_ids[uid].said()
        name = self.a.get("username")
        if isinstance(name, str):
            known = self.n.users.get(name)
            return known.said() if known else name
        return "an unknown account"

    def academy_code(self, code: object) -> str:
        return self.n.academy_codes.get(str(code), str(code)) if code else "an academy"

    def academies(self, codes: Iterable[object] | None) -> str:
        if not codes:
            return "none"
        return ", ".join(self.academy_code(c) for c in codes)

    def purpose(self, key: object) -> str:
        return self.n.purposes.get(str(key), _words(str(key)))

    def answers(self) -> str:
        """What a return says: against the same parent's earlier return, only what changed
        ("Websites: consent → refused"); else refusals first, then consents, then the purposes
        left unanswered."""
        now: Raw = self.a.get("answers") or {}
        was: Raw | None = self.b.get("answers")

        def said(answer: object) -> str:
            return ANSWER_WORDS.get(str(answer), str(answer))

        if was is not None:
            moved = [
                f"{self.purpose(k)}: {said(was.get(k, 'unanswered'))} → {said(v)}"
                for k, v in now.items()
                if was.get(k, "unanswered") != v
            ]
            return "; ".join(moved) + "; the rest as before" if moved else "the same answers"
        by: dict[str, list[str]] = {}
        for key, answer in now.items():
            by.setdefault(str(answer), []).append(self.purpose(key))
        if set(by) == {"consent"}:
            return "consent to every use"
        parts = [f"{p}: refused" for p in by.get("refuse", [])]
        parts += [f"{p}: consent" for p in by.get("consent", [])]
        if by.get("unanswered"):
            parts.append("no answer for " + ", ".join(by["unanswered"]))
        return "; ".join(parts)

    def file(self) -> str:
        bid = _int(self.e.entity_id)
        name = self.a.get("file") or (self.n.files.get(bid) if bid is not None else None)
        return f"from {name}" if name else ""

    def review_row(self) -> str:
        rid = _int(self.e.entity_id)
        return (self.n.review_rows.get(rid) if rid is not None else None) or "a review row"

    def publication(self) -> str:
        pid = _int(self.e.entity_id)
        title = self.a.get("title") or (self.n.publications.get(pid) if pid is not None else None)
        return _quote(title) if title else "a publication"


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _return_created(s: _Say) -> str:
    how = METHODS.get(str(s.a.get("method")), "")
    head = _join(
        f"Return recorded for {s.learner()}",
        f"for {s.a['year']}" if s.a.get("year") else "",
        f"({how})" if how else "",
    )
    said = f"{head}: {s.answers()}" if s.a.get("answers") else head
    if s.a.get("limitation"):
        said += f"; limitation: {_quote(s.a['limitation'])}"
    return said


def _return_voided(s: _Say) -> str:
    year = f" for {s.a['year']}" if s.a.get("year") else ""
    why = f": {s.a['reason']}" if s.a.get("reason") else ""
    return f"Return of {s.learner()}{year} voided (no longer counts){why}"


def _learner_created(s: _Say) -> str:
    return f"Learner added: {s.learner()}"


def _learner_changed(s: _Say) -> str:
    what = changes(s.b, {k: v for k, v in s.a.items() if k in s.b}, LEARNER_FIELDS)
    return f"{s.learner()}: {what or 'saved with no change'}"


def _learner_left(s: _Say) -> str:
    when = s.a.get("left_on")
    why = s.a.get("reason")
    return _join(
        f"{s.learner()} left the roll",
        f"on {value_words(when)}" if when else "",
        f"({why})" if why else "",
    )


def _safeguarding(s: _Say) -> str:
    on = bool(s.a.get("flag"))
    return (
        f"{s.learner()}: “no images — safeguarding” "
        + ("set" if on else "cleared")
        + " (the reason is not kept in the trail)"
    )


def _undo_learner(s: _Say) -> str:
    if s.e.after is None:
        return f"{s.learner()} removed: added by an import that was undone"
    if s.a.get("on_roll") is True and s.b.get("on_roll") is False:
        return f"{s.learner()} back on roll: the import that marked them as left was undone"
    if s.a.get("on_roll") is False and set(s.a) <= {"on_roll", "left_on", "reason"}:
        why = s.a.get("reason") or "the import that brought them back was undone"
        return f"{s.learner()} off roll again: {why}"
    return f"{s.learner()} put back as before an undone import: {changes(s.b, s.a, LEARNER_FIELDS)}"


def _import(s: _Say, what: str) -> str:
    counts = _counts(s.a)
    return _join(what, s.file()) + (f": {counts}" if counts else "")


def _undo_batch(s: _Say) -> str:
    if "learners_put_back" in s.a:
        n = s.a["learners_put_back"]
        return _join("Learner list import undone", s.file()) + f": {n:,} learners put back"
    parts = [
        f"{s.a[k]:,} {w}"
        for k, w in (
            ("removed_returns", "returns removed"),
            ("kept_returns", "returns kept (changed since)"),
            ("removed_review_rows", "review rows removed"),
            ("kept_review_rows", "review rows kept"),
        )
        if isinstance(s.a.get(k), int)
    ]
    return _join("Returns import undone", s.file()) + (f": {', '.join(parts)}" if parts else "")


def _resolved(s: _Say) -> str:
    return f"{s.review_row().capitalize()} matched to {s.learner()} and counted as their return"


def _dismissed(s: _Say) -> str:
    why = s.a.get("reason")
    return f"{s.review_row().capitalize()} dismissed" + (f": {why}" if why else "")


def _reopened(s: _Say) -> str:
    why = s.a.get("reason")
    said = f"{s.review_row().capitalize()} put back in the review queue"
    if why:
        said += f": {why}"
    if s.a.get("voided_return"):
        said += " (the return it had made no longer counts)"
    return said


def _restored_return(s: _Say) -> str:
    return f"Return of {s.learner()} counts again: its review row was matched to them again"


def _published(s: _Say) -> str:
    n = len(s.a.get("learners") or [])
    checks = len(s.a.get("limitations") or [])
    head = _join(
        f"Publication recorded: {s.publication()}",
        f"on {s.a['where']}" if s.a.get("where") else "",
        f"on {value_words(s.a['published_on'])}" if s.a.get("published_on") else "",
    )
    tail = [
        f"for {s.purpose(s.a['purpose'])}" if s.a.get("purpose") else "",
        s.academy_code(s.a.get("academy")) if s.a.get("academy") else "",
        f"{n} learner" + ("" if n == 1 else "s"),
    ]
    said = head + " — " + ", ".join(t for t in tail if t)
    if checks:
        said += f" ({checks} with a limitation to check)"
    return said


def _taken_down(s: _Say) -> str:
    lid = _int(s.b.get("learner_id"))
    why = s.b.get("what_changed")
    note = s.a.get("note")
    said = f"{s.learner(lid)} taken down from {s.publication()}"
    if why:
        said += f" ({why})"
    if note:
        said += f"; note: {note}"
    return said


def _acknowledged(s: _Say) -> str:
    aid = _int(s.e.entity_id)
    academy = s.n.academies.get(aid, "an academy") if aid is not None else "an academy"
    n = s.a.get("learners_on_list")
    return _join(
        f"{academy}'s restriction list",
        f"for {s.a['year']}" if s.a.get("year") else "",
        "acknowledged",
        f"({n} learner{'' if n == 1 else 's'} on it)" if isinstance(n, int) else "",
    )


def _purged(s: _Say) -> str:
    def count(k: str, one: str, many: str) -> str:
        n = s.a.get(k, 0)
        return f"{n:,} {one if n == 1 else many}"

    said = "Leavers' data purged: " + ", ".join(
        (
            count("learners", "learner", "learners"),
            count("returns", "return", "returns"),
            count("review_items", "review row", "review rows"),
        )
    )
    if s.a.get("left_before"):
        said += f" (left before {value_words(s.a['left_before'])})"
    by = s.a.get("by_academy") or {}
    if by:
        said += "; " + ", ".join(f"{s.academy_code(c)}: {n}" for c, n in by.items())
    return said


def _trust_created(s: _Say) -> str:
    return f"Trust set up: {s.a.get('name', '')}".rstrip(": ")


def _trust_changed(s: _Say) -> str:
    return f"Settings: {changes(s.b, s.a, TRUST_SETTINGS)}"


def _purpose_labels(s: _Say) -> str:
    return "Purpose names: " + "; ".join(f"{s.b.get(k, k)} → {v}" for k, v in s.a.items())


def _form_questions(s: _Say) -> str:
    parts = []
    for key, now in s.a.items():
        question = now.get("question") if isinstance(now, dict) else None
        parts.append(
            f"{s.purpose(key)}: "
            + (_quote(question) if question else "back to the policy's wording")
        )
    return "Consent form questions: " + "; ".join(parts)


def _academy_created(s: _Say) -> str:
    extra = [
        str(s.a["phase"]) if s.a.get("phase") else "",
        f"principal {s.a['principal']}" if s.a.get("principal") else "",
    ]
    shown = ", ".join(x for x in extra if x)
    return f"Academy added: {s.a.get('name', '')} ({s.a.get('code', '')})" + (
        f", {shown}" if shown else ""
    )


def _academy_named(s: _Say) -> str:
    aid = _int(s.e.entity_id)
    known = s.n.academies.get(aid) if aid is not None else None
    return known or str(s.b.get("name") or s.a.get("name") or "an academy")


def _academy_changed(s: _Say) -> str:
    return f"Academy {_academy_named(s)}: {changes(s.b, s.a, ACADEMY_FIELDS)}"


def _academy_removed(s: _Say) -> str:
    code = s.b.get("code")
    return f"Academy removed: {_academy_named(s)}" + (f" ({code})" if code else "")


def _user_created(s: _Say) -> str:
    role = ROLES.get(str(s.a.get("role")), str(s.a.get("role", "")))
    said = f"User added: {s.user()}"
    if s.a.get("username") and s.user() != s.a["username"]:
        said += f" ({s.a['username']})"
    said += f", {role}" if role else ""
    if s.a.get("academies"):
        said += f", academies {s.academies(s.a['academies'])}"
    return said


def _role(s: _Say) -> str:
    was = ROLES.get(str(s.b.get("role")), str(s.b.get("role", "—")))
    now = ROLES.get(str(s.a.get("role")), str(s.a.get("role", "—")))
    return f"Role of {s.user()}: {was} → {now}"


def _user_academies(s: _Say) -> str:
    return (
        f"Academies of {s.user()}: {s.academies(s.b.get('academies'))} → "
        f"{s.academies(s.a.get('academies'))}"
    )


def _login_failed(s: _Say) -> str:
    if s.e.entity_id is None:
        return "Failed login with a user name the desk does not know"
    n = s.a.get("failed_logins")
    said = f"Failed login as {s.user()}"
    if isinstance(n, int):
        said += f" (wrong password, {n} in a row)"
    else:
        said += " (the account may not log in now)"
    return said


def _locked(s: _Say) -> str:
    n = s.a.get("failed_logins")
    return f"Account of {s.user()} locked" + (
        f" after {n} wrong passwords" if isinstance(n, int) else ""
    )


def _backup(s: _Say) -> str:
    f = s.a.get("file")
    return "Database backed up" + (f" to {f}" if f else "")


def _restore(s: _Say) -> str:
    src = s.a.get("from")
    if s.e.action == "restore_failed":
        said = "Restore failed" + (f" from {src}" if src else "")
        if s.a.get("error"):
            said += f": {s.a['error']}"
    else:
        said = "Database restored" + (f" from {src}" if src else "")
    if s.a.get("previous_state_saved_as"):
        said += f"; the state before is saved as {s.a['previous_state_saved_as']}"
    return said


SENTENCES: dict[tuple[str, str], Callable[[_Say], str]] = {
    ("create", "return"): _return_created,
    ("void", "return"): _return_voided,
    ("restore", "return"): _restored_return,
    ("resolve", "review_item"): _resolved,
    ("dismiss", "review_item"): _dismissed,
    ("reopen", "review_item"): _reopened,
    ("import", "import_batch"): lambda s: _import(s, "Returns imported"),
    ("import_learners", "import_batch"): lambda s: _import(s, "Learner list imported"),
    ("undo_import", "import_batch"): _undo_batch,
    ("undo_import", "learner"): _undo_learner,
    ("create", "learner"): _learner_created,
    ("update", "learner"): _learner_changed,
    ("left", "learner"): _learner_left,
    ("safeguarding", "learner"): _safeguarding,
    ("view_safeguarding_reason", "learner"): (
        lambda s: f"Safeguarding reason of {s.learner()} viewed"
    ),
    ("purge", "learners"): _purged,
    ("publish", "publication"): _published,
    ("takedown_done", "publication"): _taken_down,
    ("acknowledge_list", "academy"): _acknowledged,
    ("create", "trust"): _trust_created,
    ("rename", "trust"): lambda s: f"Trust renamed: {s.b.get('name')} → {s.a.get('name')}",
    ("update", "trust"): _trust_changed,
    ("update", "purpose_labels"): _purpose_labels,
    ("update", "form_questions"): _form_questions,
    ("create", "academy"): _academy_created,
    ("update", "academy"): _academy_changed,
    ("remove", "academy"): _academy_removed,
    ("delete", "academy"): _academy_removed,
    ("create", "user"): _user_created,
    ("role", "user"): _role,
    ("academies", "user"): _user_academies,
    ("enable", "user"): lambda s: f"Account of {s.user()} enabled",
    ("disable", "user"): lambda s: f"Account of {s.user()} disabled",
    ("password", "user"): lambda s: f"Password of {s.user()} changed",
    ("login", "user"): lambda s: f"{s.user()} logged in",
    ("login_failed", "user"): _login_failed,
    ("locked", "user"): _locked,
    ("unlock", "user"): lambda s: f"Account of {s.user()} unlocked: may log in again",
    ("backup", "database"): _backup,
    ("restore", "database"): _restore,
    ("restore_failed", "database"): _restore,
}


def describe(e: Entry, names: Names) -> str:
    """The entry as one sentence in people's words."""
    said = _describe(e, names)
    return said[:1].upper() + said[1:]


def _describe(e: Entry, names: Names) -> str:
    s = _Say(e, names)
    if e.before is None and e.after == {"purged": True}:
        return f"{kind_of(e.action, e.entity)} — details purged with the learner's data"
    make = SENTENCES.get((e.action, e.entity))
    if make is not None:
        try:
            return make(s)
        except (AttributeError, KeyError, TypeError, ValueError):
            pass  # an entry written in an older shape: said the general way below
    about = ""
    if learner_of(e.entity, e.entity_id, e.before, e.after) is not None:
        about = s.learner()
    elif e.entity == "user":
        about = s.user()
    head = _join(kind_of(e.action, e.entity), f"— {about}" if about else "")
    what = changes(e.before, e.after, {**LEARNER_FIELDS, **TRUST_SETTINGS})
    return f"{head}: {what}" if what else head


def search_text(e: Entry, names: Names, sentence: str, who: Iterable[str]) -> str:
    """What the search box looks in, folded: the sentence, the user's names, and the names of
    every learner the entry mentions (legal names too)."""
    parts = [sentence, *who]
    if e.learner is not None:
        parts += [e.learner.name, e.learner.also]
    for lid in learners_in(e):
        known = names.learners.get(lid)
        if known is not None:
            parts += [known.name, known.also]
    if e.entity == "user":
        uid = _int(e.entity_id)
        if uid is not None and uid in names.user_ids:
            parts += [names.user_ids[uid].username, names.user_ids[uid].display]
    return fold(" ".join(p for p in parts if p))
