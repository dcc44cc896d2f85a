"""The table of cases for PRODUCT.md's domain rules, used on its own and through the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from consent_desk.domain.purposes import PURPOSE_KEYS
from consent_desk.domain.rules import Answer, Status

C, R, U = Answer.CONSENT, Answer.REFUSE, Answer.UNANSWERED
ALL = PURPOSE_KEYS
DAY0 = datetime(2025, 9, 3, 9, 0)


def every(answer: Answer) -> dict[str, Answer]:
    return {p: answer for p in ALL}


def but(base: Answer, **others: Answer) -> dict[str, Answer]:
    d = every(base)
    d.update(others)
    return d


@dataclass(frozen=True)
class R_:
    """One return in a case: who, how many days after 3 Sept, answers, limitation."""

    who: str
    day: int
    answers: dict[str, Answer]
    limitation: str | None = None

    @property
    def received_at(self) -> datetime:
        return DAY0 + timedelta(days=self.day)


@dataclass(frozen=True)
class Case:
    name: str
    returns: list[R_]
    status: Status
    refused: tuple[str, ...] = ()
    limitation: str | None = None
    safeguarding: bool = False
    on_roll: bool = True
    treat_non_returns: bool = True
    on_list: bool = field(default=True)


CASES: list[Case] = [
    Case(
        "all consent, no limitation", [R_("mum", 0, every(C))], Status.NO_RESTRICTION, on_list=False
    ),
    Case("all refused", [R_("mum", 0, every(R))], Status.NO_IMAGES, refused=ALL),
    Case(
        "one purpose refused",
        [R_("mum", 0, but(C, press=R))],
        Status.RESTRICTED,
        refused=("press",),
    ),
    Case(
        "withdrawal after consent: latest return of the same respondent wins",
        [R_("mum", 0, every(C)), R_("mum", 5, but(C, website=R, social_media=R))],
        Status.RESTRICTED,
        refused=("website", "social_media"),
    ),
    Case(
        "consent after refusal by the same respondent",
        [R_("mum", 0, every(R)), R_("mum", 7, every(C))],
        Status.NO_RESTRICTION,
        on_list=False,
    ),
    Case(
        "returns entered out of order: received time decides, not entry order",
        [R_("mum", 7, every(C)), R_("mum", 0, every(R))],
        Status.NO_RESTRICTION,
        on_list=False,
    ),
    Case(
        "two carers disagree: the more restrictive answer wins",
        [R_("mum", 0, every(C)), R_("dad", 1, but(C, social_media=R))],
        Status.RESTRICTED,
        refused=("social_media",),
    ),
    Case(
        "two carers disagree, consenting carer answers later: still refused",
        [R_("dad", 0, but(C, video=R)), R_("mum", 9, every(C))],
        Status.RESTRICTED,
        refused=("video",),
    ),
    Case(
        "one carer refuses all, other consents all",
        [R_("mum", 0, every(C)), R_("dad", 0, every(R))],
        Status.NO_IMAGES,
        refused=ALL,
    ),
    Case(
        "limitation with every purpose consented",
        [R_("mum", 0, every(C), "First name only")],
        Status.RESTRICTED,
        limitation="First name only",
    ),
    Case(
        "limitation 'none' is no limitation",
        [R_("mum", 0, every(C), "none")],
        Status.NO_RESTRICTION,
        on_list=False,
    ),
    Case(
        "limitation 'N/A' is no limitation",
        [R_("mum", 0, every(C), "N/A")],
        Status.NO_RESTRICTION,
        on_list=False,
    ),
    Case(
        "limitation 'nil' is no limitation",
        [R_("mum", 0, every(C), " nil ")],
        Status.NO_RESTRICTION,
        on_list=False,
    ),
    Case(
        "limitation '-' is no limitation",
        [R_("mum", 0, every(C), "-")],
        Status.NO_RESTRICTION,
        on_list=False,
    ),
    Case(
        "limitation 'No' is no limitation",
        [R_("mum", 0, every(C), "No")],
        Status.NO_RESTRICTION,
        on_list=False,
    ),
    Case(
        "blank limitation is no limitation",
        [R_("mum", 0, every(C), "   ")],
        Status.NO_RESTRICTION,
        on_list=False,
    ),
    Case(
        "a later return without the limitation lifts it",
        [R_("mum", 0, every(C), "Group photos only"), R_("mum", 3, every(C), "")],
        Status.NO_RESTRICTION,
        on_list=False,
    ),
    Case(
        "another carer's limitation still stands",
        [R_("dad", 0, every(C), "No close-ups"), R_("mum", 3, every(C), "n/a")],
        Status.RESTRICTED,
        limitation="No close-ups",
    ),
    Case("an unanswered purpose is restricted", [R_("mum", 0, but(C, press=U))], Status.RESTRICTED),
    Case("nothing answered at all is restricted", [R_("mum", 0, every(U))], Status.RESTRICTED),
    Case(
        "one carer's unanswered is filled by the other's consent",
        [R_("mum", 0, but(C, press=U)), R_("dad", 1, every(C))],
        Status.NO_RESTRICTION,
        on_list=False,
    ),
    Case(
        "safeguarding flag with all consent",
        [R_("mum", 0, every(C))],
        Status.NO_IMAGES,
        safeguarding=True,
    ),
    Case("safeguarding flag with no return", [], Status.NO_IMAGES, safeguarding=True),
    Case("no return, non-returns treated as restricted", [], Status.NOT_RETURNED),
    Case(
        "no return, non-returns not treated as restricted",
        [],
        Status.NOT_RETURNED,
        treat_non_returns=False,
        on_list=False,
    ),
    Case(
        "restricted learner who has left is not on the list",
        [R_("mum", 0, every(R))],
        Status.NO_IMAGES,
        refused=ALL,
        on_roll=False,
        on_list=False,
    ),
    Case(
        "left learner with no return is not on the list",
        [],
        Status.NOT_RETURNED,
        on_roll=False,
        on_list=False,
    ),
    Case(
        "unknown respondents: the latest unknown return wins",
        [R_("", 0, every(R)), R_("", 4, every(C))],
        Status.NO_RESTRICTION,
        on_list=False,
    ),
]
