"""The domain rules of PRODUCT.md, exactly, as pure functions.

Effective answer per learner, year and purpose: take each respondent's latest return; if any of
them refuses -> refuse; else if any consents -> consent; else unanswered.

Status per learner and year: ``no_images`` (safeguarding flag, or every purpose refused),
``no_restriction`` (every purpose consented and no limitation), ``not_returned`` (no return and
no flag), ``restricted`` (anything else).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from enum import StrEnum
from functools import lru_cache


class Answer(StrEnum):
    CONSENT = "consent"
    REFUSE = "refuse"
    UNANSWERED = "unanswered"


class Status(StrEnum):
    NO_IMAGES = "no_images"
    RESTRICTED = "restricted"
    NOT_RETURNED = "not_returned"
    NO_RESTRICTION = "no_restriction"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS: dict[Status, str] = {
    Status.NO_IMAGES: "No images",
    Status.RESTRICTED: "Restricted",
    Status.NOT_RETURNED: "Not returned",
    Status.NO_RESTRICTION: "No restriction",
}

UNKNOWN_RESPONDENT = "unknown respondent"

# Limitation texts that only say "nothing": not a limitation.
_NOTHING = {
    "",
    "none",
    "non",
    "no",
    "nil",
    "nill",
    "n/a",
    "na",
    "n.a",
    "n a",
    "not applicable",
    "no limitations",
    "no limitation",
    "no restrictions",
    "no restriction",
    "none thanks",
    "none thank you",
    "no thanks",
    "no thank you",
    "nothing",
    "nope",
    "nah",
    "no limits",
    "nothing else",
    "none at this time",
    "none at present",
    "none really",
    "fine",
    "all fine",
    "happy for all",
    "no objections",
    "no objection",
    "none of the above",
    "n/a none",
    # said at length: nothing to add
    "none please",
    "no none",
    "none at all",
    "none whatsoever",
    "nothing at all",
    "nothing whatsoever",
    "no comment",
    "no comments",
    "no conditions",
    "no condition",
    "0",
    "x",
    "ok",
    "none.",
    "-",
    "--",
    "---",
    "_",
    ".",
    "/",
    # Welsh: "none", "nothing", "no restrictions"
    "dim",
    "dim byd",
    "dim cyfyngiadau",
    "dim un",
}
_EMPHATIC = re.compile(r"^\s*(?:no|nope|never)\s*!+\s*$")
# A cross or a "no" sign: a limitation of one says something (importing reads it as a no)
NO_SIGNS = "❌👎🚫⛔🙅✗✘❎"
_NO_SIGN = re.compile(f"[{NO_SIGNS}]")
_STRIP_RE = re.compile(r"[\s.,;:!'\"()\[\]]+")


def is_emphatic_no(text: str) -> bool:
    """ "NO!!!", "No!" as a limitation: beside answers that consent, no limitation, or a no to
    them? Not nothing (a plain "No" is): a person reads it."""
    return bool(_EMPHATIC.match(text.lower()))


def has_no_sign(text: str) -> bool:
    """Whether ``text`` holds a cross or a "no" sign (``NO_SIGNS``)."""
    return bool(_NO_SIGN.search(text))


def is_blank_limitation(text: str | None) -> bool:
    """True when a limitation text says nothing (``none``, ``n/a``, ``-``, blank, ...)."""
    if text is None:
        return True
    t = " ".join(text.split()).lower()
    if t in _NOTHING:
        return True
    if is_emphatic_no(t) or has_no_sign(t):
        return False  # no limitation, or no to everything? (importing asks: refused_in)
    bare = _STRIP_RE.sub(" ", t).strip()
    if bare in _NOTHING:
        return True
    # Only punctuation / dashes.
    return not any(ch.isalnum() for ch in t)


def clean_limitation(text: str | None) -> str | None:
    """The limitation as it should be shown, or ``None`` when it says nothing."""
    if is_blank_limitation(text):
        return None
    assert text is not None
    return " ".join(text.split())


# A learner answering for themself ("Student (Sixth Form)", "Pupil", "Myself"), not a parent or
# carer of theirs ("Parent of student", "Mother").
_THEMSELF_RE = re.compile(r"\b(?:student|pupil|learner|myself|self)\b|^(?:me|the child|child)$")
_CARER_RE = re.compile(
    r"\b(?:parents?|carers?|guardians?|mother|father|mum|mom|dad|grand\w*|step\w*|aunt|uncle|"
    r"foster|brother|sister|sibling|relative|social worker|family)\b"
)
THEMSELF = "learner:"  # before the key of a learner answering for themself


@lru_cache(maxsize=1024)  # a file holds a few ways of saying it ("Mother", "Father", …)
def answers_for_themself(relationship: str | None) -> bool:
    """Whether a return's stated relationship says the learner answered for themself."""
    if not relationship:
        return False
    text = " ".join(relationship.lower().split())
    return bool(_THEMSELF_RE.search(text)) and not _CARER_RE.search(text)


def respondent_key(email: str | None, name: str | None, relationship: str | None = None) -> str:
    """A respondent is identified by e-mail if given, else by name, else by their relationship
    to the learner ("Mother"), else 'unknown respondent'.

    A learner who answers for themself (PRODUCT.md: the respondent may be "the learner
    themself") is a respondent of their own, even from the family's e-mail address: a parent's
    later return from that address must not replace the learner's own objection."""
    key = UNKNOWN_RESPONDENT
    if email and "@" in (e := email.strip().lower()) and "." in e.split("@", 1)[1]:
        key = f"email:{e}"
    elif name and (n := " ".join(name.split()).lower()):
        key = f"name:{n}"
    elif relationship and (r := " ".join(relationship.split()).lower()):
        # no address and no name, but "Mother" and "Father" are two people: the mother's
        # later return replaces hers, not his
        key = f"relationship:{r}"
    return THEMSELF + key if answers_for_themself(relationship) else key


def key_email(key: str) -> str | None:
    """The e-mail address a respondent key was made from (see ``respondent_key``), or None."""
    key = key.removeprefix(THEMSELF)
    return key[6:] if key[:6] == "email:" else None


@dataclass(frozen=True)
class ReturnFacts:
    """What the rules need of one return."""

    respondent: str
    received_at: datetime
    answers: Mapping[str, Answer]
    limitation: str | None = None
    sequence: int = 0  # tie-break for returns received at the same moment: later entry wins
    # False when the return gave no date received (a sheet with no such column): its
    # ``received_at`` is when it was entered, and it may have come in at any time before that
    dated: bool = True


def undated(received_at: datetime, entered_at: datetime, imported: bool) -> bool:
    """Whether a stored return gave no date received: an imported row (``imported``: it has an
    import batch, also once a person resolves it from review) without one is stored as
    received at the very moment it was entered. A return typed in always gives its date."""
    return imported and received_at == entered_at


@dataclass(frozen=True)
class LearnerConsent:
    """The outcome of the rules for one learner and year."""

    status: Status
    answers: Mapping[str, Answer]
    limitation: str | None
    safeguarding: bool = False
    returns: int = 0

    @property
    def refused(self) -> list[str]:
        return [k for k, a in self.answers.items() if a is Answer.REFUSE]

    @property
    def unanswered(self) -> list[str]:
        return [k for k, a in self.answers.items() if a is Answer.UNANSWERED]


def day_only(when: datetime) -> bool:
    """Whether a time received is a day with no time of day (a paper form's "12/09/2025")."""
    return when.time() == time()


def latest_per_respondent(returns: Iterable[ReturnFacts]) -> list[ReturnFacts]:
    """Each respondent's latest return (by received time, then entry order).

    When that latest return gave no date received, it may have come in before any of the same
    respondent's other returns: which is the latest cannot be told, so all of them count (the
    most restrictive answer wins, as between two carers). A dated withdrawal typed in after an
    undated form of September is not lost, nor is it undone by one typed in later. So too when
    the latest and another of the same day are one with a time and one without ("12/09/2025"
    typed from paper, "12/09/2025 08:30" from a form): both count."""
    latest: dict[str, ReturnFacts] = {}
    mine: dict[str, list[ReturnFacts]] = {}
    for r in returns:
        mine.setdefault(r.respondent, []).append(r)
        cur = latest.get(r.respondent)
        if cur is None or (r.received_at, r.sequence) >= (cur.received_at, cur.sequence):
            latest[r.respondent] = r
    out: list[ReturnFacts] = []
    for respondent, last in latest.items():
        if not last.dated:
            out += mine[respondent]
            continue
        out.append(last)
        when = last.received_at
        out += [r for r in mine[respondent] if r is not last and r.dated
                and r.received_at.date() == when.date() and r.received_at != when
                and (day_only(r.received_at) or day_only(when))]  # fmt: skip
    return out


def combine(answers: Iterable[Answer]) -> Answer:
    """Most restrictive of several respondents' answers: refuse > consent > unanswered."""
    seen = set(answers)
    if Answer.REFUSE in seen:
        return Answer.REFUSE
    if Answer.CONSENT in seen:
        return Answer.CONSENT
    return Answer.UNANSWERED


def effective_answers(returns: Iterable[ReturnFacts], purposes: Sequence[str]) -> dict[str, Answer]:
    current = latest_per_respondent(returns)
    return {p: combine(r.answers.get(p, Answer.UNANSWERED) for r in current) for p in purposes}


def effective_limitation(returns: Iterable[ReturnFacts]) -> str | None:
    """The limitations in force: every respondent's latest non-blank limitation, joined, each
    part said once (two carers' "Print: only ‘Newsletter’ ticked" is one)."""
    current = sorted(latest_per_respondent(returns), key=lambda r: (r.received_at, r.sequence))
    texts: list[str] = []
    for r in current:
        text = clean_limitation(r.limitation)
        for part in text.split("; ") if text else ():
            if part not in texts:
                texts.append(part)
    return "; ".join(texts) if texts else None


def assess(
    returns: Sequence[ReturnFacts], purposes: Sequence[str], safeguarding: bool = False
) -> LearnerConsent:
    """Effective answers, limitation and status of one learner for one year."""
    if not returns:
        unanswered = {p: Answer.UNANSWERED for p in purposes}
        status = Status.NO_IMAGES if safeguarding else Status.NOT_RETURNED
        return LearnerConsent(status, unanswered, None, safeguarding, 0)
    answers = effective_answers(returns, purposes)
    limitation = effective_limitation(returns)
    values = list(answers.values())
    if safeguarding or (values and all(a is Answer.REFUSE for a in values)):
        status = Status.NO_IMAGES
    elif all(a is Answer.CONSENT for a in values) and limitation is None:
        status = Status.NO_RESTRICTION
    else:
        status = Status.RESTRICTED
    return LearnerConsent(status, answers, limitation, safeguarding, len(returns))


def on_restriction_list(
    status: Status, on_roll: bool, treat_non_returns_as_restricted: bool
) -> bool:
    """Whether a learner belongs on the academy's restriction list."""
    if not on_roll:
        return False
    if status in (Status.NO_IMAGES, Status.RESTRICTED):
        return True
    return status is Status.NOT_RETURNED and treat_non_returns_as_restricted
