"""What every output says and lists: words for statuses and purposes, who is listed, in what order.

The PDF page template lives in :mod:`consent_desk.outputs.pdfdoc` and the spreadsheet helpers in
:mod:`consent_desk.outputs.xlsxdoc`; both take their words from here so that a roster, the
Principal's list, the COO summary and the chase list never disagree about what a status is called.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import BinaryIO

from consent_desk.domain.listing import AcademyInfo, LearnerStatusRow, ReportContext
from consent_desk.domain.rules import STATUS_LABELS, Status, on_restriction_list
from consent_desk.domain.summary import STATUS_ORDER

#: Where a builder writes: a file path, or an open binary file (the GUI prints from memory).
Target = str | Path | BinaryIO

CONFIDENTIAL = "Confidential — contains personal data"

# The marks printed on paper: capitals and (in PDFs) bold in a box, so that they cannot be missed.
NO_IMAGES = "NO IMAGES"
NO_RETURN_YET = "NO RETURN YET"
RESTRICTED = "Restricted"
NO_RESTRICTION = "No restriction"

_MARKS: dict[Status, str] = {
    Status.NO_IMAGES: NO_IMAGES,
    Status.NOT_RETURNED: NO_RETURN_YET,
    Status.RESTRICTED: RESTRICTED,
    Status.NO_RESTRICTION: NO_RESTRICTION,
}


def status_words(status: Status) -> str:
    """The status as a word for a spreadsheet column: ``No images``, ``Restricted``, ..."""
    return STATUS_LABELS[status]


def status_mark(status: Status) -> str:
    """The status as it is marked on paper: ``NO IMAGES``, ``NO RETURN YET``, ..."""
    return _MARKS[status]


def purpose_label(key: str, labels: Mapping[str, str]) -> str:
    """The trust's label for a purpose key (a key the trust has not labelled reads as words)."""
    label = labels.get(key)
    return label if label else key.replace("_", " ").capitalize()


def purpose_words(keys: Iterable[str], labels: Mapping[str, str]) -> str:
    """Purpose keys as the trust's labels, joined: ``Websites, Social media``."""
    return ", ".join(purpose_label(k, labels) for k in keys)


ALL_PURPOSES = "All purposes"


def refused_cell(row: LearnerStatusRow, labels: Mapping[str, str]) -> str:
    """The Refused column of a list: the purposes refused, or ``All purposes`` for NO IMAGES
    (the same words whatever the cause, so a safeguarding flag cannot be told apart)."""
    if row.status is Status.NO_IMAGES:
        return ALL_PURPOSES
    if row.status is Status.RESTRICTED:
        return purpose_words(row.refused, labels)
    return ""


def unanswered_words(row: LearnerStatusRow, labels: Mapping[str, str]) -> str:
    """The purposes nobody has answered for, in words; blank when no return has come in at all
    (``NO RETURN YET`` says that) or when the learner has no images anyway."""
    if row.status is not Status.RESTRICTED:
        return ""
    return purpose_words(row.unanswered, labels)


def restriction_details(row: LearnerStatusRow, labels: Mapping[str, str]) -> list[str]:
    """What may not be done, beyond the mark: refused and unanswered purposes, the limitation.

    A ``NO IMAGES`` learner shows only the parent's limitation text (never why: a safeguarding
    reason is not in the row, and ``NO IMAGES`` alone must not tell a reader that a flag is set).
    """
    lines: list[str] = []
    if row.status is Status.RESTRICTED:
        if row.refused:
            lines.append(f"Refused: {purpose_words(row.refused, labels)}")
        if row.unanswered:
            lines.append(f"Not answered: {purpose_words(row.unanswered, labels)}")
    if row.status in (Status.RESTRICTED, Status.NO_IMAGES) and row.limitation:
        lines.append(f"Limitation: {row.limitation}")
    return lines


def describe_restrictions(row: LearnerStatusRow, labels: Mapping[str, str]) -> list[str]:
    """Everything a member of staff must know about one learner, one line each.

    The first line is the mark (``NO IMAGES``, ``NO RETURN YET``, ``Restricted`` or
    ``No restriction``); then ``Refused: ...``, ``Not answered: ...``, ``Limitation: ...`` as apply.
    """
    return [status_mark(row.status), *restriction_details(row, labels)]


def is_listed(row: LearnerStatusRow, ctx: ReportContext) -> bool:
    """Whether the learner is on the restriction list, by the rules and the trust's setting."""
    return on_restriction_list(row.status, row.on_roll, ctx.treat_non_returns_as_restricted)


def has_no_return(row: LearnerStatusRow) -> bool:
    """On roll and no return received this year (a safeguarding flag does not count as one)."""
    return row.on_roll and row.returns == 0


_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"})
_NOT_LETTER = re.compile(r"[^\w ]+")


def name_key(text: str) -> str:
    """A name as a register sorts it: ``Évora`` with the Es, ``O'Neill`` as ``oneill``."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    bare = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return " ".join(_NOT_LETTER.sub("", bare).split())


def by_surname(rows: Iterable[LearnerStatusRow]) -> list[LearnerStatusRow]:
    """Learners by surname, then forename (as shown, accents and apostrophes ignored)."""
    return sorted(
        rows,
        key=lambda r: (
            name_key(r.surname),
            name_key(r.forename),
            *r.sort_key,
            r.upn or "",
            r.learner_id,
        ),
    )


def academy_title(academy: AcademyInfo) -> str:
    """``Oakfield Primary Academy (OAK)``."""
    return f"{academy.name} ({academy.code})" if academy.code else academy.name


def printed_line(ctx: ReportContext) -> str:
    """``Printed 25 Nov 2025 14:03 by J Smith``."""
    when = ctx.printed_at.strftime("%d %b %Y %H:%M").lstrip("0")
    return f"Printed {when} by {ctx.printed_by}"


def purpose_keys(ctx: ReportContext, rows: Iterable[LearnerStatusRow] = ()) -> list[str]:
    """The trust's purposes in its order, then any other key that a row mentions."""
    keys = list(ctx.purpose_labels)
    for row in rows:
        for key in (*row.refused, *row.unanswered):
            if key not in keys:
                keys.append(key)
    return keys


def count_statuses(rows: Sequence[LearnerStatusRow]) -> dict[Status, int]:
    """How many rows have each status (every status present, in :data:`STATUS_ORDER`)."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for row in rows:
        counts[row.status] += 1
    return counts
