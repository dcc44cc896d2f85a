"""Learners whose consent takes room to say: long names, six refused uses, a limitation of more
than 200 characters. The screens must show such rows in full somewhere (issue 16)."""

from __future__ import annotations

from datetime import date, datetime

from consent_desk.db.engine import Database
from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.domain.rules import Answer
from consent_desk.services.learners import NewLearner, add_learner
from consent_desk.services.returns import NewReturn, add_return

LONG_LIMITATION = (
    "No close-ups of her face at all. Group photographs only, taken from behind or from a "
    "distance, and never with her name, class or anything that shows where she lives or which "
    "bus she takes: there is a court order in place, so please ask the office before any photo."
)
SHORT_LIMITATION = "First name only"
FIVE_REFUSED = ("internal", "website", "social_media", "print", "press")
LONG_SURNAME = "Featherstonehaugh-Worthington"
LONG_FORENAME = "Maximiliana-Josephine"


def add_long_learners(db: Database, academy: str, year: str) -> dict[str, int]:
    """Three learners, by UPN: one refusing five uses with a long limitation and a long name,
    one refusing every use, one consenting with a short limitation."""
    people = {
        "Z100000000001": (LONG_SURNAME, LONG_FORENAME, "6", "6 Kingfisher"),
        "Z100000000002": ("Ainsworth-Oyelaran", "Christopher", "6", "6 Kingfisher"),
        "Z100000000003": ("Brown", "Amy", "6", "6 Kingfisher"),
    }
    ids = {}
    for upn, (surname, forename, year_group, group) in people.items():
        ids[upn] = add_learner(
            db,
            academy,
            NewLearner(surname, forename, upn=upn, dob=date(2015, 3, 4), year_group=year_group,
                       reg_group=group),
            "test.office",
        )  # fmt: skip
    answers = {
        "Z100000000001": (
            {k: Answer.REFUSE if k in FIVE_REFUSED else Answer.CONSENT for k in PURPOSE_KEYS},
            LONG_LIMITATION,
        ),
        "Z100000000002": (dict.fromkeys(PURPOSE_KEYS, Answer.REFUSE), None),
        "Z100000000003": (dict.fromkeys(PURPOSE_KEYS, Answer.CONSENT), SHORT_LIMITATION),
    }
    for upn, (said, limitation) in answers.items():
        add_return(
            db,
            NewReturn(ids[upn], year, said, datetime(2025, 9, 10, 9), "Jo Carer",
                      limitation=limitation),
            "test.office",
        )  # fmt: skip
    return ids
