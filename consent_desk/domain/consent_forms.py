"""Pre-filled consent forms: the question wording, and the learner code printed on each form.

A form code names the academy, the academic year and the learner (by the database's id, never
the UPN) and ends with check letters computed from the rest, so a mistyped or misread code is
caught instead of finding another child::

    CD2-OAK-2025-1234-K7QPX2MA
    ^   ^   ^    ^    ^ check (8 base32 letters: A–Z, 2–7)
    |   |   |    + learner id
    |   |   + first calendar year of the academic year (2025 = 2025/26)
    |   + academy code (letters, digits, "-" or "_")
    + format version

The check needs no secret, on purpose. A code only says which learner a form is *for*; it
grants nothing: the office still reads the answers off the paper, sees the learner's name on
screen, and saves under their own login — exactly what happens when a parent writes a child's
name on a form without a code. A secret would add no protection worth having, while it had to
live in the database and every backup (where anyone with a copy could make codes) or be
carried to every desk. ``CD1`` codes (keyed with the secret that earlier versions kept in
the database) are recognised and refused with a sentence: type the learner's name instead.

No database here: ``consent_desk.services.form_codes`` supplies the learners.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass

#: The policy's question (section 10.1), completed with the purpose's description.
POLICY_QUESTION = (
    "Do you object to the academy and the trust using photographs and video images of your "
    "child for"
)

CODE_PREFIX = "CD2"
OLD_PREFIXES = ("CD1",)  # codes of earlier versions: recognised, never accepted
CHECK_LENGTH = 8
_CODE_RE = re.compile(
    rf"^(?P<prefix>CD\d)-(?P<academy>[A-Z0-9_-]{{1,20}})-(?P<year>\d{{4}})-(?P<learner>\d{{1,12}})"
    rf"-(?P<check>[A-Z2-7]{{{CHECK_LENGTH}}})$"
)


@dataclass(frozen=True)
class FormQuestion:
    """One purpose as a tick-box question on the form."""

    key: str
    label: str  # the trust's short name for the purpose, printed in bold above the question
    question: str
    custom: bool = False  # the trust's own wording (else the policy's)


def default_question(description: str) -> str:
    """The policy's question for a purpose: ``Do you object to … for academy and trust websites?``

    The description reads on in lower case; a word that is all capitals or has a capital
    inside (``BBC``, ``YouTube``) keeps its case.
    """
    text = " ".join((description or "").split()).rstrip(".?!")
    if not text:
        return f"{POLICY_QUESTION} any purpose?"
    words = []
    for word in text.split(" "):
        keep = (word.isupper() and len(word) > 1) or any(c.isupper() for c in word[1:])
        words.append(word if keep else word.lower())
    return f"{POLICY_QUESTION} {' '.join(words)}?"


def normalise_code(text: str) -> str:
    """What a scanner or a person typed, as a code: no spaces anywhere, capitals."""
    return "".join((text or "").split()).upper()


def looks_like_code(text: str) -> bool:
    """Whether a search box's text is a form code (scanned or typed) rather than a name."""
    return normalise_code(text).startswith(tuple(f"{p}-" for p in (CODE_PREFIX, *OLD_PREFIXES)))


@dataclass(frozen=True)
class ParsedCode:
    academy: str
    year_start: int
    learner_id: int
    check: str
    prefix: str = CODE_PREFIX

    @property
    def is_old(self) -> bool:
        """A code printed by an earlier version (its check used a secret that is gone)."""
        return self.prefix != CODE_PREFIX

    @property
    def year_label(self) -> str:
        return f"{self.year_start}/{(self.year_start + 1) % 100:02d}"


def parse_code(text: str) -> ParsedCode | None:
    """The parts of a form code, or None when the text is not shaped like one."""
    m = _CODE_RE.match(normalise_code(text))
    if not m or m["prefix"] not in (CODE_PREFIX, *OLD_PREFIXES):
        return None
    return ParsedCode(
        academy=m["academy"],
        year_start=int(m["year"]),
        learner_id=int(m["learner"]),
        check=m["check"],
        prefix=m["prefix"],
    )


def code_check(academy: str, year_start: int, learner_id: int) -> str:
    """The check letters: SHA-256 of the code's parts, truncated, in base32 (a slip of a
    finger or a misread barcode digit changes them: about one chance in a million million of
    passing unnoticed)."""
    message = f"{CODE_PREFIX}|{academy.upper()}|{year_start}|{learner_id}".encode()
    digest = hashlib.sha256(message).digest()
    return base64.b32encode(digest).decode("ascii")[:CHECK_LENGTH]


def format_code(academy: str, year_start: int, learner_id: int) -> str:
    """The code printed on a learner's form for one academic year."""
    academy = academy.upper()
    check = code_check(academy, year_start, learner_id)
    return f"{CODE_PREFIX}-{academy}-{year_start}-{learner_id}-{check}"


def check_is_valid(parsed: ParsedCode) -> bool:
    if parsed.is_old:
        return False
    expected = code_check(parsed.academy, parsed.year_start, parsed.learner_id)
    return hmac.compare_digest(expected, parsed.check)
