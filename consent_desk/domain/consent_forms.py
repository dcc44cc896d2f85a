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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from consent_desk.domain.rules import Answer

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


class Wording(StrEnum):
    """What a question asks, and so what a tick in its YES box means."""

    OBJECTION = "objection"  # "Do you object to …?": YES = refuse (the policy's wording)
    CONSENT = "consent"  # "Do you consent to …?": YES = consent


@dataclass(frozen=True)
class AnswerColumn:
    """One box of a question: its heading on the printed form, and what a tick in it records.

    The entry screen shows ``head`` and ``entry`` on its button and records ``answer``, so the
    office keys the form box by box, in the order the form prints them."""

    head: str  # over the box on the form: "YES"
    means: str  # under the heading on the form: "I object"
    entry: str  # on the entry screen's button, said of the parent: "Objects"
    answer: Answer  # what a tick in this box records
    key: str  # the key that ticks this box on the entry screen ("Y"; Shift = every line)


#: The two boxes of each wording, left to right as printed.
COLUMNS: dict[Wording, tuple[AnswerColumn, AnswerColumn]] = {
    Wording.OBJECTION: (
        AnswerColumn("YES", "I object", "Objects", Answer.REFUSE, "Y"),
        AnswerColumn("NO", "I do not object", "Does not object", Answer.CONSENT, "N"),
    ),
    Wording.CONSENT: (
        AnswerColumn("YES", "I consent", "Consents", Answer.CONSENT, "Y"),
        AnswerColumn("NO", "I do not consent", "Does not consent", Answer.REFUSE, "N"),
    ),
}
NO_ANSWER = "No answer"  # the entry screen's third choice: nothing ticked on that line


@dataclass(frozen=True)
class FormQuestion:
    """One purpose as a tick-box question on the form — and on the paper-return entry screen,
    which must mean by each box exactly what the printed form means by it."""

    key: str
    label: str  # the trust's short name for the purpose, printed in bold above the question
    question: str
    custom: bool = False  # the trust's own wording (else the policy's)
    wording: Wording = Wording.OBJECTION

    @property
    def columns(self) -> tuple[AnswerColumn, AnswerColumn]:
        """The question's two boxes, left to right as the form prints them."""
        return COLUMNS[self.wording]

    def column(self, index: int) -> AnswerColumn:
        return self.columns[index]


# Words that say what a question asks. A question worded one way cannot be saved as the other.
_OBJECT_WORDS = re.compile(r"\bobject(s|ion|ing)?\b", re.IGNORECASE)
_CONSENT_WORDS = re.compile(
    r"\b(consent|agree|permission|permit|allow|happy|give us|may we|can we)\b"
    r"|^\W*(may|can|could|would|is it)\b",
    re.IGNORECASE,
)


def wording_conflict(question: str, wording: Wording) -> str | None:
    """Why ``question`` cannot be printed as ``wording`` (a YES box that would mean the
    opposite of what its words ask), or None."""
    objects = bool(_OBJECT_WORDS.search(question))
    consents = bool(_CONSENT_WORDS.search(question))
    if wording is Wording.CONSENT and objects:
        return (
            "it asks whether the parent objects, so YES would mean “I object”: "
            "choose “YES means the parent objects”"
        )
    if wording is Wording.OBJECTION and consents and not objects:
        return (
            "it asks for consent, so YES would mean “I consent”: choose "
            "“YES means the parent consents”"
        )
    return None


def question_lines(questions: Sequence[FormQuestion]) -> tuple[str | None, list[str]]:
    """The policy's words said once, and what each line adds: ``(stem, [rest, ...])``.

    When at least two questions begin with the policy's question, it is printed once above the
    boxes and those lines read on from it ("… academy and trust websites?"); a question the
    trust worded its own way is printed whole. With no shared stem, every question is whole.
    The printed form and the entry screen both show the questions this way.
    """
    lead = POLICY_QUESTION + " "
    shared = sum(1 for q in questions if q.question.startswith(lead))
    if shared < 2:
        return None, [q.question for q in questions]
    return POLICY_QUESTION + " …", [
        "… " + q.question[len(lead) :] if q.question.startswith(lead) else q.question
        for q in questions
    ]


def describe_answers(answers: Mapping[str, Answer], labels: Mapping[str, str]) -> str:
    """What a return records, in words: ``objects to Websites only``, ``consents to every
    use``, ``objects to Websites, Press; no answer for Video``."""
    keys = [k for k in labels if k in answers] or list(answers)
    refused = [labels.get(k, k) for k in keys if answers[k] is Answer.REFUSE]
    blank = [labels.get(k, k) for k in keys if answers[k] is Answer.UNANSWERED]
    if not keys or len(blank) == len(keys):
        return "no answer to any use"
    if len(refused) == len(keys):
        return "objects to every use"
    if not refused and not blank:
        return "consents to every use"
    consented = [labels.get(k, k) for k in keys if answers[k] is Answer.CONSENT]
    bits = []
    if refused:
        bits.append("objects to " + _join(refused) + ("" if blank else " only"))
    elif consented:
        bits.append("consents to " + _join(consented))
    if blank:
        bits.append("no answer for " + _join(blank))
    if refused and blank and consented:
        bits.append("consents to the rest")
    return "; ".join(bits)


def _join(names: Sequence[str]) -> str:
    return ", ".join(names)


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
