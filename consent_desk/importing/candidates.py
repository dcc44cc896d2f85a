"""Ranked candidate learners for a row that waits for review (see ``matching.py``).

Only learners who share something exact with the row are looked at, through the tables of the
:class:`~.matching.LearnerIndex`; each is scored 0..1 on its surname, forename, date of birth and
reg group, and explained (``same surname and date of birth; similar forename (Harry)``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from consent_desk.importing.learner_keys import (
    MAX_CANDIDATES,
    adno_key,
    day_text,
    forenames_of,
    surnames_of,
    upn_key,
)
from consent_desk.importing.names import (
    compact_key,
    forename_similarity,
    name_readings,
    surname_similarity,
)
from consent_desk.importing.records import Candidate, LearnerDetails, LearnerRecord

if TYPE_CHECKING:
    from consent_desk.importing.matching import IndexKind, LearnerIndex

__all__ = ["find_candidates"]


_WIDE_BUCKET = 150  # learners under one key above which candidates are pre-filtered


def _swapped(value: date) -> date | None:
    if value.day > 12 or value.day == value.month:
        return None
    return date(value.year, value.day, value.month)


def _join_and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def find_candidates(
    index: LearnerIndex,
    details: LearnerDetails,
    forced: Iterable[LearnerRecord] = (),
    limit: int = MAX_CANDIDATES,
) -> list[Candidate]:
    """Likely learners for a row that needs review, best first (at most *limit*).

    Only learners sharing something exact with the row are scored (UPN, UPN but for its
    check letter, admission number, date of birth or its day/month swap, surname, forename
    or reg group), so this stays cheap on 60,000 learners. *forced* learners (those the row
    matched ambiguously or contradicted) are always included.
    """
    probe = _Probe.of(details)
    pool: dict[int, LearnerRecord] = {rec.id: rec for rec in forced}
    forced_ids = set(pool)
    lookups: list[tuple[IndexKind, object]] = []
    if probe.upn:
        lookups += [("upn", probe.upn), ("upn_body", probe.upn[1:])]
    if probe.adno:
        lookups.append(("adno", probe.adno))
    if probe.dob is not None:
        lookups += [("dob", probe.dob), ("dob", _swapped(probe.dob))]
    for _, _, sk, fk in probe.names:
        lookups += [("surname", sk), ("forename", fk)]
    if probe.group:
        lookups.append(("group", probe.group))
    initials = {(sk[:1], fk[:1]) for _, _, sk, fk in probe.names}
    for table, k in lookups:
        found = index.learners_with(table, k)
        if len(found) > _WIDE_BUCKET:
            # A common surname, forename or a big reg group: keep only learners who share
            # both initials (or the date of birth) so scoring stays cheap on 60,000 learners.
            found = [
                rec
                for rec in found
                if rec.dob == probe.dob
                or (compact_key(rec.legal_surname)[:1], compact_key(rec.legal_forename)[:1])
                in initials
            ]
        for rec in found:
            pool.setdefault(rec.id, rec)
    ranked = [
        candidate
        for rec in pool.values()
        if (candidate := _assess(probe, rec, rec.id in forced_ids)) is not None
    ]
    ranked.sort(key=lambda c: (-c.score, c.learner_id))
    return ranked[:limit]


@dataclass(frozen=True)
class _Probe:
    """A row's details, prepared for comparing with many learners."""

    upn: str
    adno: str
    dob: date | None
    group: str
    names: tuple[tuple[str, str, str, str], ...]  # (surname, forename, their compact keys)

    @classmethod
    def of(cls, details: LearnerDetails) -> _Probe:
        readings = name_readings(details.surname, details.forename, details.full_name)
        one = (details.full_name or "").strip()
        if not readings and one and len(one.split()) == 1:
            # one word in a name column ("Patel", "Olivia"): a surname or a forename alone
            readings = [(one, ""), ("", one)]
        return cls(
            upn=upn_key(details.upn) if details.upn else "",
            adno=adno_key(details.adno) if details.adno else "",
            dob=details.dob,
            group=compact_key(details.reg_group) if details.reg_group else "",
            names=tuple((s, f, compact_key(s), compact_key(f)) for s, f in readings),
        )


def _dob_level(given: date, own: date) -> float:
    if given == own:
        return 1.0
    same_parts = (given.day == own.day) + (given.month == own.month) + (given.year == own.year)
    return 0.5 if same_parts == 2 or _swapped(given) == own else 0.0


def _assess(probe: _Probe, rec: LearnerRecord, forced: bool) -> Candidate | None:
    """Score *rec* as a candidate for the row (0..1), or None when it is not a likely one."""
    sur = fore = 0.0
    given: tuple[str, ...] = ()  # the parts of the name the best reading gives
    if probe.names:
        surnames, forenames = surnames_of(rec), forenames_of(rec)
        best = -1.0
        for surname, forename, sk, fk in probe.names:
            s = surname_similarity(surname, surnames) if sk else 0.0
            f = forename_similarity(forename, forenames) if fk else 0.0
            if s + f > best:
                best, sur, fore = s + f, s, f
                given = tuple(part for part, key in (("surname", sk), ("forename", fk)) if key)
    same: list[str] = []
    own_upn = upn_key(rec.upn) if probe.upn and rec.upn else ""
    if own_upn and own_upn == probe.upn:
        same.append("UPN")
    if probe.adno and rec.adno and adno_key(rec.adno) == probe.adno:
        same.append("admission number")
    near = bool(own_upn) and own_upn != probe.upn and own_upn[1:] == probe.upn[1:]
    identified = bool(same) or near
    if not (identified or forced or sur >= 0.6 or fore >= 0.6):
        return None  # every rule below needs a similar name: most of the pool stops here
    levels = {part: {"surname": sur, "forename": fore}[part] for part in given}
    if probe.dob is not None and rec.dob is not None:
        levels["date of birth"] = _dob_level(probe.dob, rec.dob)
    if probe.group and rec.reg_group:
        levels["reg group"] = 1.0 if compact_key(rec.reg_group) == probe.group else 0.0
    dob, group = levels.get("date of birth"), levels.get("reg group")
    likely = (
        identified
        or forced
        or (dob == 1.0 and max(sur, fore) >= 0.6)
        or (sur == 1.0 and fore >= 0.3)
        or (group == 1.0 and sur >= 0.6 and fore >= 0.3)
        or (dob == 0.5 and sur >= 0.6 and fore >= 0.6)
    )
    if not likely:
        return None
    score = sum(_WEIGHTS[w] * level for w, level in levels.items())
    score /= sum(_WEIGHTS[w] for w in levels) or 1.0
    if len(given) == 1:  # half a name ("Patel") agrees with less than a whole one would
        score *= 0.8
    if identified:
        score = 0.5 + 0.5 * score
    if not rec.on_roll:
        score *= 0.95
    similar = ["UPN (all but the check letter)"] if near else []
    return Candidate(rec.id, round(score, 3), _why(probe, rec, levels, same, similar))


_WEIGHTS = {"surname": 0.3, "forename": 0.25, "date of birth": 0.3, "reg group": 0.15}


def _why(
    probe: _Probe, rec: LearnerRecord, levels: dict[str, float], same: list[str], similar: list[str]
) -> str:
    """``same surname and date of birth; similar forename (Harry); different reg group (6Oak)``"""
    different: list[str] = []
    shown = {"surname": rec.legal_surname, "forename": rec.legal_forename}
    shown["reg group"] = rec.reg_group or ""
    if rec.dob is not None:
        swapped = probe.dob is not None and _swapped(probe.dob) == rec.dob
        shown["date of birth"] = day_text(rec.dob) + (", day and month swapped" if swapped else "")
    for what, level in levels.items():
        if level == 1.0:
            same.append(what)
        else:
            (similar if level >= 0.3 else different).append(f"{what} ({shown[what]})")
    parts = [
        f"{label} {_join_and(items)}"
        for label, items in (("same", same), ("similar", similar), ("different", different))
        if items
    ]
    if not rec.on_roll:
        parts.append("has left")
    return "; ".join(parts) or "nothing to compare"
