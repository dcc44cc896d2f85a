"""PRODUCT.md's "Publishing" rules, exactly, as pure functions: may this learner appear in an
image used for this purpose?

- ``ok``: that purpose's effective answer is ``consent``, there is no limitation and no
  safeguarding flag;
- ``check_limitation``: consent, but the parent's limitation applies (its text is the reason);
- ``not_ok``: refused, ``no_images`` (a safeguarding flag, or every purpose refused), not
  answered, or no return while the trust treats non-returns as restricted.

A learner with no return while the trust does *not* treat non-returns as restricted is ``ok``:
that setting is the trust's decision that an unanswered form does not stop the use of images
(the same learners are then off the restriction list).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from consent_desk.domain.rules import Answer, LearnerConsent, Status


class Verdict(StrEnum):
    OK = "ok"
    CHECK_LIMITATION = "check_limitation"
    NOT_OK = "not_ok"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]


VERDICT_LABELS: dict[Verdict, str] = {
    Verdict.OK: "May appear",
    Verdict.CHECK_LIMITATION: "Only as the parent's limitation says",
    Verdict.NOT_OK: "May not appear",
}

# Why a learner may not appear: short, plain words a teacher reads at a glance.
NO_IMAGES = "NO IMAGES"
NO_IMAGES_ALL_REFUSED = "NO IMAGES (every use refused)"
NO_RETURN = "no return yet (non-returns are treated as restricted)"
NO_RETURN_ALLOWED = "no return yet (the trust lets non-returns be used)"
MAY_APPEAR = "consent given"


@dataclass(frozen=True)
class LearnerVerdict:
    verdict: Verdict
    reason: str


def refused_reason(purpose_label: str) -> str:
    return f"{purpose_label}: refused"


def unanswered_reason(purpose_label: str) -> str:
    return f"{purpose_label}: not answered"


def limitation_reason(limitation: str) -> str:
    return f"limitation: {limitation}"


def verdict_for(
    consent: LearnerConsent,
    purpose: str,
    treat_non_returns_as_restricted: bool,
    purpose_label: str | None = None,
) -> LearnerVerdict:
    """The verdict of one learner (their consent for the year, from ``rules.assess``) for an
    image used for ``purpose``. The reason never says why a safeguarding flag is set."""
    label = purpose_label or purpose
    if consent.status is Status.NO_IMAGES:
        return LearnerVerdict(
            Verdict.NOT_OK, NO_IMAGES if consent.safeguarding else NO_IMAGES_ALL_REFUSED
        )
    if consent.status is Status.NOT_RETURNED:
        if treat_non_returns_as_restricted:
            return LearnerVerdict(Verdict.NOT_OK, NO_RETURN)
        return LearnerVerdict(Verdict.OK, NO_RETURN_ALLOWED)
    answer = consent.answers.get(purpose, Answer.UNANSWERED)
    if answer is Answer.REFUSE:
        return LearnerVerdict(Verdict.NOT_OK, refused_reason(label))
    if answer is not Answer.CONSENT:
        return LearnerVerdict(Verdict.NOT_OK, unanswered_reason(label))
    if consent.limitation:
        return LearnerVerdict(Verdict.CHECK_LIMITATION, limitation_reason(consent.limitation))
    return LearnerVerdict(Verdict.OK, MAY_APPEAR)


def overall(named: Iterable[tuple[str, Verdict]]) -> str:
    """The whole check in one line: ``OK to publish``, ``remove or obscure: Amy Adams, Leo
    Chen``, or ``OK to publish only as the limitations say: Bea Baker``."""
    items = list(named)
    blocked = [name for name, v in items if v is Verdict.NOT_OK]
    if blocked:
        return "remove or obscure: " + ", ".join(blocked)
    limited = [name for name, v in items if v is Verdict.CHECK_LIMITATION]
    if limited:
        return "OK to publish only as the limitations say: " + ", ".join(limited)
    if not items:
        return "no learners chosen"
    return "OK to publish"


def may_publish(verdicts: Sequence[Verdict]) -> bool:
    """A publication is recorded only when no learner in it is ``not_ok``."""
    return bool(verdicts) and Verdict.NOT_OK not in verdicts


def may_no_longer_show(old_verdict: Verdict, old_reason: str, new: LearnerVerdict) -> bool:
    """Whether a recorded publication may no longer show a learner (PRODUCT.md: the take-down
    list): they may not appear now, or a parent's limitation the publication was not checked
    against now applies ("first name only" added after a named photo went up)."""
    if new.verdict is Verdict.NOT_OK:
        return True
    return new.verdict is Verdict.CHECK_LIMITATION and (
        old_verdict is not Verdict.CHECK_LIMITATION or old_reason != new.reason
    )


def what_changed(old_verdict: Verdict, old_reason: str, new: LearnerVerdict) -> str:
    """For the take-down list: ``was: consent given; now: Websites: refused``."""
    was = old_reason if old_verdict is Verdict.OK else f"{old_verdict.label.lower()} ({old_reason})"
    return f"was: {was}; now: {new.reason}"
