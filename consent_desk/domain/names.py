"""How the desk names a learner: the preferred forename and surname where the MIS gives them,
else the legal ones — one rule for lists, review candidates, forms, publications and the audit."""

from __future__ import annotations

from typing import Protocol


class NamedLearner(Protocol):
    """Anything with a learner's legal and preferred names (a database row, a view)."""

    @property
    def legal_forename(self) -> str: ...
    @property
    def legal_surname(self) -> str: ...
    @property
    def preferred_forename(self) -> str | None: ...
    @property
    def preferred_surname(self) -> str | None: ...


def learner_name(
    legal_forename: str | None,
    legal_surname: str | None,
    preferred_forename: str | None = None,
    preferred_surname: str | None = None,
) -> str:
    """A learner as the desk names them: preferred names where there are some."""
    forename, surname = preferred_forename or legal_forename, preferred_surname or legal_surname
    return " ".join(x for x in (forename, surname) if x)


def known_as(learner: NamedLearner) -> str:
    """:func:`learner_name` of a learner's row."""
    return learner_name(
        learner.legal_forename,
        learner.legal_surname,
        learner.preferred_forename,
        learner.preferred_surname,
    )
