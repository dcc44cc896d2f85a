"""How the matcher and the candidate finder key and show a learner's identifiers (one place, so
both read a UPN, an admission number and a learner's names the same way)."""

from __future__ import annotations

from datetime import date

from consent_desk.importing.records import LearnerRecord

MAX_CANDIDATES = 5  # candidate learners offered for a row that waits for review


def upn_key(value: str) -> str:
    """A UPN as the index keys it: no spaces, capitals."""
    return "".join(value.split()).upper()


def adno_key(value: str) -> str:
    """An admission number as the index keys it: no leading zeros, no spreadsheet ``.0``."""
    text = value.strip()
    if text.endswith(".0"):
        text = text[:-2]
    return text.lstrip("0") or text[:1]


def day_text(value: date) -> str:
    """A date as the review queue shows it: ``03/09/2015``."""
    return value.strftime("%d/%m/%Y")


def surnames_of(rec: LearnerRecord) -> tuple[str, ...]:
    """The legal surname, and the preferred one when it differs."""
    legal, preferred = rec.legal_surname, rec.preferred_surname
    return (legal, preferred) if preferred and preferred != legal else (legal,)


def forenames_of(rec: LearnerRecord) -> tuple[str, ...]:
    """The legal forename, and the preferred one when it differs."""
    legal, preferred = rec.legal_forename, rec.preferred_forename
    return (legal, preferred) if preferred and preferred != legal else (legal,)
