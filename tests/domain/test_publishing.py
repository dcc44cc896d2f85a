"""PRODUCT.md's publishing verdicts, case by case, without a database."""

from __future__ import annotations

import pytest

from consent_desk.domain.publishing import (
    LearnerVerdict,
    Verdict,
    may_publish,
    overall,
    verdict_for,
    what_changed,
)
from consent_desk.domain.purposes import PURPOSE_KEYS, PURPOSE_LABELS
from consent_desk.domain.rules import ReturnFacts, Status, assess
from tests.domain.test_rules import facts
from tests.publishing_cases import PUB_CASES, PubCase
from tests.rule_cases import Case


def _facts(case: PubCase) -> list[ReturnFacts]:
    return facts(Case(case.name, case.returns, Status.RESTRICTED))


@pytest.mark.parametrize("case", PUB_CASES, ids=[c.name for c in PUB_CASES])
def test_publishing_case(case: PubCase) -> None:
    consent = assess(_facts(case), PURPOSE_KEYS, safeguarding=case.safeguarding)
    got = verdict_for(consent, case.purpose, case.treat_non_returns, PURPOSE_LABELS[case.purpose])
    assert got == LearnerVerdict(case.verdict, case.reason)


def test_the_whole_check_in_one_line() -> None:
    ok, lim, no = Verdict.OK, Verdict.CHECK_LIMITATION, Verdict.NOT_OK
    assert overall([("Amy Adams", ok), ("Ben Brown", ok)]) == "OK to publish"
    assert overall([("Amy Adams", no), ("Bea Baker", lim), ("Leo Chen", no)]) == (
        "remove or obscure: Amy Adams, Leo Chen"
    )
    assert overall([("Amy Adams", ok), ("Bea Baker", lim)]) == (
        "OK to publish only as the limitations say: Bea Baker"
    )
    assert overall([]) == "no learners chosen"


def test_may_publish_only_without_not_ok() -> None:
    assert may_publish([Verdict.OK, Verdict.CHECK_LIMITATION])
    assert not may_publish([Verdict.OK, Verdict.NOT_OK])
    assert not may_publish([])


def test_what_changed_says_before_and_now() -> None:
    now = LearnerVerdict(Verdict.NOT_OK, "Websites: refused")
    assert what_changed(Verdict.OK, "consent given", now) == (
        "was: consent given; now: Websites: refused"
    )
    assert what_changed(Verdict.CHECK_LIMITATION, "limitation: No names", now) == (
        "was: only as the parent's limitation says (limitation: No names); now: Websites: refused"
    )
