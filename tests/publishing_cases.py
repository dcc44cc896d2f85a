"""The table of cases for PRODUCT.md's publishing verdicts, used on its own and through the
database. The reasons are the plain words a teacher reads (default purpose labels)."""

from __future__ import annotations

from dataclasses import dataclass

from consent_desk.domain.publishing import Verdict
from tests.rule_cases import R_, C, R, U, but, every

OK, LIMIT, NOT_OK = Verdict.OK, Verdict.CHECK_LIMITATION, Verdict.NOT_OK


@dataclass(frozen=True)
class PubCase:
    name: str
    returns: list[R_]
    purpose: str
    verdict: Verdict
    reason: str
    safeguarding: bool = False
    treat_non_returns: bool = True


PUB_CASES: list[PubCase] = [
    PubCase("all consent", [R_("mum", 0, every(C))], "website", OK, "consent given"),
    PubCase(
        "purpose refused", [R_("mum", 0, but(C, website=R))], "website", NOT_OK, "Websites: refused"
    ),
    PubCase(
        "another purpose refused does not matter",
        [R_("mum", 0, but(C, press=R))],
        "website",
        OK,
        "consent given",
    ),
    PubCase(
        "withdrawal: the same parent's later return refuses",
        [R_("mum", 0, every(C)), R_("mum", 5, but(C, social_media=R))],
        "social_media",
        NOT_OK,
        "Social media: refused",
    ),
    PubCase(
        "consent after an earlier refusal",
        [R_("mum", 0, every(R)), R_("mum", 6, every(C))],
        "print",
        OK,
        "consent given",
    ),
    PubCase(
        "carers disagree: the refusal wins",
        [R_("mum", 0, every(C)), R_("dad", 1, but(C, social_media=R))],
        "social_media",
        NOT_OK,
        "Social media: refused",
    ),
    PubCase(
        "carers disagree, consenting carer answers later: still refused",
        [R_("dad", 0, but(C, video=R)), R_("mum", 9, every(C))],
        "video",
        NOT_OK,
        "Video: refused",
    ),
    PubCase(
        "carers disagree on another purpose only",
        [R_("mum", 0, every(C)), R_("dad", 1, but(C, social_media=R))],
        "website",
        OK,
        "consent given",
    ),
    PubCase(
        "limitation with consent",
        [R_("mum", 0, every(C), "First name only")],
        "website",
        LIMIT,
        "limitation: First name only",
    ),
    PubCase(
        "another carer's limitation applies",
        [R_("dad", 0, every(C), "Group photos only"), R_("mum", 2, every(C), "n/a")],
        "print",
        LIMIT,
        "limitation: Group photos only",
    ),
    PubCase(
        "a limitation that says nothing is none",
        [R_("mum", 0, every(C), "none")],
        "website",
        OK,
        "consent given",
    ),
    PubCase(
        "refused purpose with a limitation: refused wins",
        [R_("mum", 0, but(C, press=R), "No names")],
        "press",
        NOT_OK,
        "Press: refused",
    ),
    PubCase(
        "limitation on a consented purpose beside a refused one",
        [R_("mum", 0, but(C, press=R), "No names")],
        "website",
        LIMIT,
        "limitation: No names",
    ),
    PubCase(
        "safeguarding flag with all consent",
        [R_("mum", 0, every(C))],
        "internal",
        NOT_OK,
        "NO IMAGES",
        safeguarding=True,
    ),
    PubCase(
        "safeguarding flag and no return, non-returns allowed",
        [],
        "website",
        NOT_OK,
        "NO IMAGES",
        safeguarding=True,
        treat_non_returns=False,
    ),
    PubCase(
        "every purpose refused",
        [R_("mum", 0, every(R))],
        "internal",
        NOT_OK,
        "NO IMAGES (every use refused)",
    ),
    PubCase(
        "no return, non-returns treated as restricted",
        [],
        "website",
        NOT_OK,
        "no return yet (non-returns are treated as restricted)",
    ),
    PubCase(
        "no return, non-returns not treated as restricted",
        [],
        "website",
        OK,
        "no return yet (the trust lets non-returns be used)",
        treat_non_returns=False,
    ),
    PubCase(
        "purpose not answered",
        [R_("mum", 0, but(C, video=U))],
        "video",
        NOT_OK,
        "Video: not answered",
    ),
    PubCase(
        "nothing answered, even with non-returns allowed",
        [R_("mum", 0, every(U))],
        "website",
        NOT_OK,
        "Websites: not answered",
        treat_non_returns=False,
    ),
    PubCase(
        "one carer's unanswered is filled by the other's consent",
        [R_("mum", 0, but(C, press=U)), R_("dad", 1, every(C))],
        "press",
        OK,
        "consent given",
    ),
]
